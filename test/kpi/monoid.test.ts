import * as fc from 'fast-check'
import { concatAll } from 'fp-ts/lib/Monoid.js'
import { describe, expect, it } from 'vitest'
import { KpiAccumulator } from '../../src/kpi/index.js'
import { foldEvents, kpiAggregate, kpiMonoid, kpiStreamKey, kpis, listReferrals, streamIdOf, type KpiAggregate, type KpiQuery, type RelationshipEvent, type StoredEvent } from '../../src/index.js'
import { arbitraryEventStream } from '../../src/testing/index.js'
import { runs } from '../support/runs.js'

/** A canonical, comparable view of an aggregate: streams by key, sets as sorted lists. */
const canonical = (a: KpiAggregate): unknown =>
  [...a.streams.entries()]
    .sort((x, y) => (x[0] < y[0] ? -1 : 1))
    .map(([k, f]) => [
      k,
      JSON.parse(
        JSON.stringify(f, (key, v) => {
          if (v instanceof Set) return [...v].sort()
          if (v instanceof Map) return [...v.entries()].sort((p, q) => (String(p[0]) < String(q[0]) ? -1 : 1))
          if (key === 'enrollments') return undefined
          return v
        }),
      ),
    ])

const streams = arbitraryEventStream({ maxEvents: 150, maxContacts: 8, merges: true })
/**
 * A partition by contact id, read as a store hands events out — with their global
 * positions, which is what lets the parts resolve referrals across streams in the fold's order.
 */
const partitionOf = (events: readonly RelationshipEvent[], k: number, salt: number): StoredEvent[][] => {
  const parts: StoredEvent[][] = Array.from({ length: k }, () => [])
  const assign = new Map<string, number>()
  const versions = new Map<string, number>()
  for (const [i, e] of events.entries()) {
    const key = kpiStreamKey(e)
    let p = assign.get(key)
    if (p === undefined) {
      // A partition by contact id: every event of a stream in the same part (the assignment is arbitrary).
      let h = salt
      for (let i = 0; i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) | 0
      p = Math.abs(h) % k
      assign.set(key, p)
    }
    const streamId = streamIdOf(e)
    const streamVersion = (versions.get(streamId) ?? 0) + 1
    versions.set(streamId, streamVersion)
    parts[p]!.push({ streamId, streamVersion, position: i + 1, event: e })
  }
  return parts
}
const queries = fc.record({
  now: fc.date({ min: new Date('2025-06-01T00:00:00Z'), max: new Date('2028-01-01T00:00:00Z'), noInvalidDate: true }),
  from: fc.option(fc.constantFrom('2025-01-01', '2025-07-15', '2026-03-01'), { nil: undefined }),
  to: fc.option(fc.constantFrom('2025-12-31', '2026-06-30', '2027-12-31'), { nil: undefined }),
  timeZone: fc.constantFrom('UTC', 'Asia/Riyadh', 'America/New_York'),
  ids: fc.boolean(),
})
const q = (x: { now: Date; from: string | undefined; to: string | undefined; timeZone: string; ids: boolean }): KpiQuery => ({
  now: x.now,
  timeZone: x.timeZone,
  ids: x.ids,
  ...(x.from === undefined ? {} : { from: x.from }),
  ...(x.to === undefined ? {} : { to: x.to }),
})

describe('kpiMonoid: the partition law', () => {
  it('combining the aggregates of any partition by contact id into k ≤ 8 parts equals one pass — aggregate and report', () => {
    fc.assert(
      fc.property(streams, fc.integer({ min: 1, max: 8 }), fc.integer(), queries, (events, k, salt, query) => {
        const whole = kpiAggregate(events)
        const parts = partitionOf(events, k, salt).map((p) => kpiAggregate(p))
        const combined = concatAll(kpiMonoid)(parts)
        expect(canonical(combined)).toEqual(canonical(whole))
        expect(kpis(combined, q(query))).toEqual(kpis(whole, q(query)))
      }),
      { numRuns: runs(200) },
    )
  })

  it('has empty as identity and an associative concat', () => {
    fc.assert(
      fc.property(streams, fc.integer(), (events, salt) => {
        const [a, b, c] = partitionOf(events, 3, salt).map((p) => kpiAggregate(p)) as [KpiAggregate, KpiAggregate, KpiAggregate]
        expect(canonical(kpiMonoid.concat(kpiMonoid.empty, a))).toEqual(canonical(a))
        expect(canonical(kpiMonoid.concat(a, kpiMonoid.empty))).toEqual(canonical(a))
        expect(canonical(kpiMonoid.concat(kpiMonoid.concat(a, b), c))).toEqual(canonical(kpiMonoid.concat(a, kpiMonoid.concat(b, c))))
      }),
      { numRuns: runs(200) },
    )
  })

  it('aggregates in chunks as in one pass, and never changes an aggregate a caller holds', () => {
    fc.assert(
      fc.property(streams, fc.nat(), (events, cut) => {
        const i = events.length === 0 ? 0 : cut % (events.length + 1)
        const first = kpiAggregate(events.slice(0, i))
        const before = JSON.stringify(canonical(first))
        expect(canonical(kpiAggregate(events.slice(i), first))).toEqual(canonical(kpiAggregate(events)))
        expect(JSON.stringify(canonical(first))).toBe(before)
        // The accumulator's snapshots never move either.
        const acc = new KpiAccumulator()
        events.slice(0, i).forEach((e) => acc.add(e))
        const snap = acc.snapshot()
        const frozen = JSON.stringify(canonical(snap))
        events.slice(i).forEach((e) => acc.add(e))
        expect(JSON.stringify(canonical(snap))).toBe(frozen)
        expect(canonical(acc.snapshot())).toEqual(canonical(kpiAggregate(events)))
      }),
      { numRuns: runs(200) },
    )
  })
})

describe('kpis: never NaN, never Infinity, never a throw', () => {
  const numbers = (v: unknown, out: number[] = []): number[] => {
    if (typeof v === 'number') out.push(v)
    else if (Array.isArray(v)) v.forEach((x) => numbers(x, out))
    else if (typeof v === 'object' && v !== null) Object.values(v).forEach((x) => numbers(x, out))
    return out
  }
  it('reports only finite numbers (a zero denominator gives null), and money in integers', () => {
    fc.assert(
      fc.property(streams, queries, fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }), (events, query, margin) => {
        const r = kpis(events, { ...q(query), ...(margin === undefined ? {} : { grossMargin: margin }) })
        for (const x of numbers(r)) expect(Number.isFinite(x)).toBe(true)
        for (const m of [...r.averageReferralValue, ...r.cpa]) if (m.value !== null) expect(Number.isInteger(m.value)).toBe(true)
        for (const c of [...r.referralCost, ...r.marketingExpenses]) expect(Number.isInteger(c.amount)).toBe(true)
        for (const x of r.rfm) for (const s of [x.r, x.f, x.m]) expect(s >= 1 && s <= 5).toBe(true)
        if (r.nps.value !== null) expect(r.nps.value >= -100 && r.nps.value <= 100).toBe(true)
        if (r.csi.value !== null) expect(r.csi.value >= 0 && r.csi.value <= 100).toBe(true)
        expect(kpis([], q(query)).conversionRate).toEqual({ value: null, numerator: 0, denominator: 0, ...(query.ids ? { ids: { numerator: [], denominator: [] } } : {}) })
      }),
      { numRuns: runs(200) },
    )
  })

  it('agrees with the fold on a valid stream: every referral counted once', () => {
    fc.assert(
      fc.property(streams, (events) => {
        const now = new Date('2030-01-01T00:00:00Z')
        const r = kpis(events, { now, ids: true })
        expect(r.referralsReceived.ids).toEqual(listReferrals(foldEvents(events)).map((x) => x.referralId).sort())
      }),
      { numRuns: runs(200) },
    )
  })
})

describe('kpis: a query it cannot use in full', () => {
  it('never throws: it names each part it could not use and what it did instead', () => {
    const events = [
      { id: 'a', type: 'ContactAdded', at: '2026-01-01T00:00:00Z', schema: 1, contactId: 'a', name: 'A', met: true },
    ] as RelationshipEvent[]
    const bad = kpis(events, { now: new Date('nope'), from: 'Q1', to: '2026-13-01', timeZone: 'Mars/Base', customerLifespanYears: -1, grossMargin: 2, referralSlaHours: Number.NaN, beforeAfter: { date: 'x', days: 0 } })
    expect(bad.now).toBe('Invalid Date')
    expect(bad.period).toEqual({ from: null, to: null, timeZone: 'UTC' })
    expect(bad.queryIssues).toEqual([
      'now is not a valid Date: nothing is counted',
      'timeZone "Mars/Base" is not an IANA time zone: UTC is used',
      'from "Q1" is not a calendar date YYYY-MM-DD: the period is open at that end',
      'to "2026-13-01" is not a calendar date YYYY-MM-DD: the period is open at that end',
      'customerLifespanYears must be a positive number, not -1: 3 is used',
      'referralSlaHours must be a positive number, not NaN: 24 is used',
      'grossMargin must be 0–1, not 2: CLTV is given without a margin',
      'beforeAfter needs a calendar date and a positive number of days: the comparison is left out',
    ])
    expect(bad.referralsReceived.total).toBe(0)
    expect(bad.touchesPerContact.denominator).toBe(0)
    expect(kpis(events, { now: new Date('2026-06-01T00:00:00Z') }).queryIssues).toEqual([])
  })
})
