/**
 * The compiler keeps the house honest: each `@ts-expect-error` below is a mistake that must
 * not compile — a handler missing for an event type, a misspelt event field, an event type
 * no reward rule has placed, a KPI fact without its codec. `npm run typecheck` fails if any
 * of them compiles (an unused `@ts-expect-error` is an error), so these are tests; the
 * runtime part only checks that the real tables are complete.
 */
import * as t from 'io-ts'
import { describe, expect, it } from 'vitest'
import { EVENT_TYPES, type AnyEventDraft, type EventDraft, type EventType } from '../../src/events/index.js'
import { FACTS, FACT_NAMES } from '../../src/kpi/facts.js'
import type { Handlers } from '../../src/state/fold/handler.js'
import { contactHandlers } from '../../src/state/fold/contacts.js'
import type { EarnsNothingTable } from '../../src/rewards/rewards-for.js'

describe('the compiler catches what a new part forgets', () => {
  it('a fold without a handler for every event type does not compile', () => {
    // @ts-expect-error — only the contact handlers: 23 event types have none.
    const partial: Handlers<EventType> = { ...contactHandlers }
    expect(Object.keys(partial).length).toBeLessThan(EVENT_TYPES.length)
  })

  it('an event type that rewardsFor neither pays for nor lists as earning nothing does not compile', () => {
    // @ts-expect-error — only ContactAdded listed: every other event type is unplaced.
    const unplaced: EarnsNothingTable = { ContactAdded: true }
    expect(unplaced.ContactAdded).toBe(true)
  })

  it('an event draft with a misspelt field does not compile (t.exact would have dropped it silently)', () => {
    // @ts-expect-error — `sorce` is not a field of ReferralReceived.
    const misspelt: EventDraft<'ReferralReceived'> = { type: 'ReferralReceived', referralId: 'r', refereeId: 'c', sorce: 'web' }
    // @ts-expect-error — a lost referral needs its reason in a live event.
    const noReason: AnyEventDraft = { type: 'ReferralStageChanged', referralId: 'r', stage: 'lost' }
    const ok: EventDraft<'ReferralReceived'> = { type: 'ReferralReceived', referralId: 'r', refereeId: 'c', source: 'web' }
    expect([misspelt.type, noReason.type, ok.type]).toEqual(['ReferralReceived', 'ReferralStageChanged', 'ReferralReceived'])
  })

  it('a KPI fact declared without its codec does not compile', () => {
    type Fact = (typeof FACTS)['touches']
    // @ts-expect-error — a fact needs `codec` (and `empty`, `copy`, `on`).
    const incomplete: Fact = { empty: () => [], copy: (v: number[]) => v.slice(), on: {} }
    const complete: Fact = { empty: () => [], copy: (v: number[]) => v.slice(), codec: t.array(t.number), on: {} }
    expect([typeof incomplete.empty, typeof complete.codec]).toEqual(['function', 'object'])
    // Every fact of the table has all four parts.
    for (const name of FACT_NAMES) expect(Object.keys(FACTS[name]).sort()).toEqual(['codec', 'copy', 'empty', 'on'])
  })
})
