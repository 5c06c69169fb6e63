import { describe, expect, it } from 'vitest'
import { runExample } from '../support/run-example.js'

describe('examples/referral-program.ts', () => {
  it('runs a season through a two-sided, capped policy and prints the ledger', () => {
    const out = runExample('examples/referral-program.ts')
    // The cap stops Omar's cash at three; his referees still get their welcome.
    expect(out).toContain('no reward for omar (thanks): the yearly cap of three is reached')
    expect(out).toMatch(/omar +8 reward\(s\) \$150, 5 token gift\(s\)/)
    expect(out).toMatch(/lead-r5 +1 reward\(s\) \$50/)
    // A lost referral pays no closed-stage reward; a lender ally is refused under RESPA §8.
    expect(out).toContain('referral r3 was lost before `closed`')
    expect(out).toContain('no reward for lina (thanks): US RESPA §8 forbids')
    // A burst is held for review, then approved and payable.
    expect(out).toContain('held for review: reward/r9/received/coffee/dana (burst)')
    expect(out).toMatch(/dana +3 reward\(s\) 3 token gift\(s\)/)
    expect(out).toContain('total    16 payable, $400 in cash')
    expect(out).toContain('9 leads: received 9, contacted 6, appointment 5, under-contract 5, closed 5, lost 1')
  })
})
