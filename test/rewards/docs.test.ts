import { mkdirSync, writeFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ROOT, codeBlocks, expectedOutput, runExample } from '../support/run-example.js'

// test/docs/runnable.test.ts runs these blocks against `touchbase` once src/index.ts re-exports
// the rewards module; until then (and after, harmlessly) this runs them against a shim that
// adds it.
const OUT = 'test/.runnable'
const SHIM = `${OUT}/rewards-touchbase.ts`

describe('docs/rewards.md', () => {
  const blocks = codeBlocks('docs/rewards.md').filter((b) => /^ts\b.*\brunnable\b/.test(b.info))

  it('has a runnable example', () => {
    expect(blocks.length).toBeGreaterThan(0)
  })

  blocks.forEach((block, i) => {
    it(`block ${i + 1} runs and prints what it says`, () => {
      mkdirSync(`${ROOT}${OUT}`, { recursive: true })
      writeFileSync(`${ROOT}${SHIM}`, "export * from '../../src/index.js'\nexport * from '../../src/rewards/index.js'\n")
      const file = `${OUT}/rewards_md_shim_${i + 1}.ts`
      writeFileSync(`${ROOT}${file}`, block.code.replace(/from 'touchbase'/g, "from './rewards-touchbase.js'"))
      const printed = runExample(file).split('\n').map((l) => l.trimEnd()).filter((l) => l.length > 0)
      expect(printed).toEqual(expectedOutput(block.code))
    })
  })
})
