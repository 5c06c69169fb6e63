import { describe, expect, it } from 'vitest'
import { runExample } from '../support/run-example.js'

describe('examples/live-agenda.ts', () => {
  it('prints the live agenda at each tick and after each event that changes it', { timeout: 120_000 }, () => {
    const lines = runExample('examples/live-agenda.ts').split('\n').filter((l) => l.length > 0)
    expect(lines).toEqual([
      'event: Ada (New York) joins the 33-touch year on Jan 1',
      'tick 2026-01-21T14:00:00Z',
      '  Ada: newsletter (overdue, 20 days late)',
      'event: the January newsletter goes out',
      '  nothing due',
      'tick 2026-01-22T14:00:00Z',
      '  Ada: call (due)',
      'event: Ada refers her neighbour Omar',
      '  Ada: call (due)',
      '  Omar: first contact by 2026-01-23T15:00Z',
      '  Ada: referral-thank-you by mail (due)',
      'event: the call with Ada is made',
      '  Omar: first contact by 2026-01-23T15:00Z',
      '  Ada: referral-thank-you by mail (due)',
      'tick 2026-01-23T16:00:00Z',
      '  Omar: first contact by 2026-01-23T15:00Z (overdue)',
      '  Ada: referral-thank-you by mail (overdue, 1 day late)',
      'event: Omar is reached: the referral moves to contacted',
      '  Ada: referral-thank-you by mail (overdue, 1 day late)',
      '  Ada: referral-status-update (contacted) by phone (due)',
      'event: Ada is thanked and told',
      '  nothing due',
      'tick 2026-01-26T14:00:00Z',
      '  Ada: great-talking-letter (due)',
    ])
  })
})
