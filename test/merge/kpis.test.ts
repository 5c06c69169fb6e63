/**
 * KPIs count one person: a person recorded as two contacts, then merged, gives the KPIs of a
 * stream where they were always one contact.
 */
import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { SCHEMA_VERSIONS, type RelationshipEvent } from '../../src/events/index.js'
import { kpiAggregate, kpiMonoid, kpis, kpiStreamKey, type KpiQuery } from '../../src/kpi/index.js'
import { foldEvents, listAnomalies } from '../../src/state/index.js'
import { streamIdOf, type StoredEvent } from '../../src/store/index.js'
import { arbitraryEventStream } from '../../src/testing/index.js'
import { runs } from '../support/runs.js'
import { network } from './support.js'

/** Events a duplicate may have recorded instead of the person's contact: they add up, nothing in them is one value both set. */
const MOVABLE = new Set(['TouchLogged', 'TransactionClosed', 'FeedbackRecorded', 'ContactMet', 'CostRecorded'])
/** An enrollment's events go with it, all or none. */
const ENROLLMENT = new Set(['PlanEnrolled', 'PlanPaused', 'PlanResumed', 'PlanCancelled', 'PlanCompleted', 'TouchCompleted', 'TouchSkipped', 'TouchRescheduled'])

/**
 * The same history with the person `p` recorded twice — as `p` and as a duplicate added with
 * it — some of its events (`moves`) under the duplicate, and feedback about it given about
 * the duplicate; then the two merged, the duplicate into `p`.
 */
const splitAndMerge = (events: readonly RelationshipEvent[], p: string, moves: readonly boolean[]): RelationshipEvent[] => {
  const dup = `${p}-dup`
  const enrollmentGoes = new Map<string, boolean>()
  let k = 0
  const goes = (): boolean => moves[k++ % Math.max(1, moves.length)] === true
  const out: RelationshipEvent[] = []
  for (const e of events) {
    const r = e as unknown as Record<string, unknown>
    if (e.type === 'ContactAdded' && e.contactId === p) {
      out.push(e, { ...e, id: `${e.id}/dup`, contactId: dup, name: 'Duplicate' } as RelationshipEvent)
      continue
    }
    let moved = false
    if (e.contactId === p && MOVABLE.has(e.type)) moved = goes()
    else if (e.contactId === p && ENROLLMENT.has(e.type)) {
      const id = r['enrollmentId'] as string
      if (!enrollmentGoes.has(id)) enrollmentGoes.set(id, goes())
      moved = enrollmentGoes.get(id) === true
    }
    const about = e.type === 'FeedbackRecorded' && e.aboutContactId === p && e.contactId !== p && goes()
    out.push(moved || about ? ({ ...e, ...(moved ? { contactId: dup } : {}), ...(about ? { aboutContactId: dup } : {}) } as RelationshipEvent) : e)
  }
  const at = events[events.length - 1]?.at ?? '2025-01-01T09:00:00Z'
  const merge = (n: number, contactId: string) =>
    ({ id: `merge/${n}`, type: 'ContactsMerged', at, schema: SCHEMA_VERSIONS.ContactsMerged, contactId, survivorId: p, mergedId: dup }) as RelationshipEvent
  return [...out, merge(0, p), merge(1, dup)]
}

/** A report with its fractions rounded: sums taken in another order differ in their last bits. */
const rounded = (x: unknown): unknown => JSON.parse(JSON.stringify(x, (_k, v: unknown) => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(12)) : v)))

const queries = fc.record({
  now: fc.date({ min: new Date('2025-06-01T00:00:00Z'), max: new Date('2028-01-01T00:00:00Z'), noInvalidDate: true }),
  from: fc.option(fc.constantFrom('2025-01-01', '2025-07-15', '2026-03-01'), { nil: undefined }),
  ids: fc.boolean(),
})
const q = (x: { now: Date; from: string | undefined; ids: boolean }): KpiQuery => ({ now: x.now, ids: x.ids, ...(x.from === undefined ? {} : { from: x.from }) })

describe('KPIs count one person', () => {
  it('after a merge they equal the KPIs of the stream where the person was always one contact', () => {
    let moved = 0
    fc.assert(
      fc.property(
        arbitraryEventStream({ maxEvents: 120, maxContacts: 5, erasures: false }),
        fc.nat(),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 12 }),
        queries,
        (events, pick, moves, query) => {
          const people = events.filter((e) => e.type === 'ContactAdded').map((e) => e.contactId)
          const p = people[pick % Math.max(1, people.length)]
          if (p === undefined) return
          const split = splitAndMerge(events, p, moves)
          moved += split.filter((e) => e.contactId === `${p}-dup` && e.type !== 'ContactAdded' && e.type !== 'ContactsMerged').length
          // The split history is one the fold accepts whole.
          expect(listAnomalies(foldEvents(split))).toEqual([])
          expect(rounded(kpis(split, q(query)))).toEqual(rounded(kpis(events, q(query))))
        },
      ),
      { numRuns: runs(200) },
    )
    // The property moved events to the duplicate, not nothing.
    expect(moved).toBeGreaterThan(200)
  })

  it('partitioned by contact id — the two contacts in different parts — the merge lands in both and the parts combine to one person', () => {
    fc.assert(
      fc.property(arbitraryEventStream({ maxEvents: 120, maxContacts: 5, erasures: false }), fc.nat(), fc.array(fc.boolean(), { minLength: 1, maxLength: 12 }), (events, pick, moves) => {
        const people = events.filter((e) => e.type === 'ContactAdded').map((e) => e.contactId)
        const p = people[pick % Math.max(1, people.length)]
        if (p === undefined) return
        const split = splitAndMerge(events, p, moves)
        // The person's contact alone in one part, everything else (the duplicate's stream too) in the other.
        const positions: StoredEvent[] = split.map((event, i) => ({ streamId: streamIdOf(event), streamVersion: 1, position: i + 1, event }))
        const mine = positions.filter((x) => kpiStreamKey(x.event) === p)
        const rest = positions.filter((x) => kpiStreamKey(x.event) !== p)
        const query = { now: new Date('2027-06-01T00:00:00Z'), ids: true }
        expect(rounded(kpis(kpiMonoid.concat(kpiAggregate(mine), kpiAggregate(rest)), query))).toEqual(rounded(kpis(events, query)))
      }),
      { numRuns: runs(100) },
    )
  })

  it('a worked example: two records of Ada, merged, count as one contact, one customer, one referrer', () => {
    const net = network()
    net.ok({ type: 'AddContact', contactId: 'c-ada', name: 'Ada', met: true, role: 'client' }, '2026-01-05T09:00:00Z')
    net.ok({ type: 'AddContact', contactId: 'c-dup', name: 'A. Lovelace', met: false }, '2026-01-06T09:00:00Z')
    net.ok({ type: 'AddContact', contactId: 'c-omar', name: 'Omar', met: true }, '2026-01-07T09:00:00Z')
    net.ok({ type: 'CloseTransaction', contactId: 'c-dup', transactionId: 't-1', value: { amount: 500_000, currency: 'USD' }, servedBy: ['agent-1'] }, '2026-02-01T09:00:00Z')
    net.ok({ type: 'LogTouch', contactId: 'c-ada', kind: 'call', channel: 'phone', on: '2026-02-02' }, '2026-02-02T09:00:00Z')
    net.ok({ type: 'LogTouch', contactId: 'c-dup', kind: 'email', channel: 'email', on: '2026-02-03' }, '2026-02-03T09:00:00Z')
    net.ok({ type: 'ReceiveReferral', contactId: 'c-dup', referralId: 'r-1', refereeId: 'c-omar' }, '2026-02-04T09:00:00Z')
    const query = { now: new Date('2026-03-01T00:00:00Z'), from: '2026-01-01', ids: true }
    const before = kpis(net.events, query)
    net.ok({ type: 'MergeContacts', survivorId: 'c-ada', mergedId: 'c-dup' }, '2026-02-10T09:00:00Z')
    const after = kpis(net.events, query)
    // Three contacts and two touches before; two people after, the touches of both records on one.
    expect([before.touchesPerContact.numerator, before.touchesPerContact.denominator]).toEqual([2, 3])
    expect([after.touchesPerContact.numerator, after.touchesPerContact.denominator]).toEqual([2, 2])
    expect(after.customersAcquired).toEqual({ count: 1, ids: ['c-ada'] })
    // The duplicate's referral is the person's: sent by a client (the survivor's role), counted once.
    expect(before.referralsReceived.byRole.other).toBe(1)
    expect(after.referralsReceived).toMatchObject({ total: 1, byRole: { clients: 1, other: 0 }, byReferrer: [{ key: 'c-ada', count: 1 }], ids: ['r-1'] })
    expect(after.referralRate).toEqual({ value: 1, numerator: 1, denominator: 1, ids: { numerator: ['c-ada'], denominator: ['c-ada'] } })
  })
})
