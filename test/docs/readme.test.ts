import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ROOT, codeBlocks, expectedOutput, runExample } from '../support/run-example.js'

describe('README', () => {
  const tour = readFileSync(`${ROOT}examples/quick-tour.ts`, 'utf8')

  it('shows the two commands a newcomer runs', () => {
    const readme = readFileSync(`${ROOT}README.md`, 'utf8')
    expect(readme).toContain('npm install && npm run demo')
    expect(readme).toContain('npm test')
  })

  it('has the quick tour, which is examples/quick-tour.ts word for word', () => {
    const ts = codeBlocks('README.md').filter((b) => b.info === 'ts')
    expect(ts[0]?.code).toBe(tour)
  })

  it('runs the quick tour as written and prints what its comments say', () => {
    const printed = runExample('examples/quick-tour.ts').trimEnd().split('\n')
    expect(printed).toEqual(expectedOutput(tour))
    expect(printed.length).toBeGreaterThanOrEqual(3)
  })
})
