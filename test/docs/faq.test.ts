import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../support/run-example.js'

const read = (p: string) => readFileSync(`${ROOT}${p}`, 'utf8')

describe('docs/faq.md names every report users meet (docs/errors.md names the errors)', () => {
  const faq = read('docs/faq.md')

  it('every anomaly reason of the fold and every store conflict', () => {
    const types = read('src/state/types.ts')
    const reasons = [...types.slice(types.indexOf('export type AnomalyReason')).split('\n\n')[0]!.matchAll(/'([a-z-]+)'/g)].map((m) => m[1] as string)
    expect(reasons.length).toBeGreaterThan(15)
    expect(reasons.filter((r) => !faq.includes(`\`${r}\``))).toEqual([])
    for (const tag of ['wrong-expected-version', 'duplicate-event-id', 'wrong-stream']) expect(faq).toContain(`\`${tag}\``)
  })

  it('every refusal reason of rewardsFor', () => {
    const rewards = read('src/rewards/rewards-for.ts')
    const reasons = [...rewards.slice(rewards.indexOf('export type RefusalReason')).split('\n\n')[0]!.matchAll(/'([a-z-]+)'/g)].map((m) => m[1] as string)
    expect(reasons.length).toBeGreaterThan(10)
    expect(reasons.filter((r) => !faq.includes(`\`${r}\``))).toEqual([])
  })
})

describe('docs/commands.md names every command decide understands', () => {
  it('each under a heading', async () => {
    const { COMMAND_TYPES } = await import('../../src/index.js')
    const doc = read('docs/commands.md')
    const headings = [...doc.matchAll(/^### (.+)$/gm)].flatMap((m) => (m[1] as string).split(', '))
    expect(COMMAND_TYPES.size).toBeGreaterThan(30)
    expect([...COMMAND_TYPES].filter((c) => !headings.includes(c))).toEqual([])
  })
})
