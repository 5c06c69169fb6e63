import { mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ROOT, codeBlocks, expectedOutput, runExample } from '../support/run-example.js'

// Blocks marked ```ts runnable are written to test/.runnable (git-ignored; inside the project, so
// `touchbase` resolves through tsconfig paths and fp-ts from node_modules) and run with tsx.
const OUT = 'test/.runnable'

const docs = ['README.md', ...readdirSync(`${ROOT}docs`).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)]

describe('runnable code blocks in the docs', () => {
  mkdirSync(`${ROOT}${OUT}`, { recursive: true })
  for (const doc of docs) {
    const blocks = codeBlocks(doc).filter((b) => /^ts\b.*\brunnable\b/.test(b.info))
    blocks.forEach((block, i) => {
      it(`${doc} block ${i + 1} runs and prints what it says`, () => {
        const file = `${OUT}/${doc.replace(/[/.]/g, '_')}_${i + 1}.ts`
        writeFileSync(`${ROOT}${file}`, block.code)
        const printed = runExample(file).split('\n').map((l) => l.trimEnd()).filter((l) => l.length > 0)
        expect(printed).toEqual(expectedOutput(block.code))
      })
    })
  }
})
