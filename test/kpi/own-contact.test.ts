/**
 * Each stream's own contact, kept up by the aggregate as the events arrive, is the contact
 * `foldOwnContact` makes of the stream's schedule events — however the events were read (in
 * one pass, in chunks, continued from an aggregate, decoded) — and plan adherence from it is
 * the plan adherence of the events folded in the finalize.
 */
import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { KpiAccumulator, decodeKpiAggregate, encodeKpiAggregate, kpiAggregate, kpis, type KpiAggregate, type RelationshipEvent } from '../../src/index.js'
import type { StreamFacts } from '../../src/kpi/facts.js'
import { ownContactOf } from '../../src/kpi/own-contact.js'
import { foldOwnContact } from '../../src/state/index.js'
import { generateEventStream } from '../../src/testing/index.js'
import { perturbedEventStream } from '../support/perturb.js'
import { runs } from '../support/runs.js'

const streams = perturbedEventStream({ maxEvents: 150, maxContacts: 8 })

/** Every stream's kept contact against the fold of its events (none for a stream that read a merge). */
const expectOwnContacts = (a: KpiAggregate): void => {
  for (const s of a.streams.values()) {
    const folded = s.merges.length > 0 ? null : (foldOwnContact(s.scheduleEvents, s.key) ?? null)
    expect(s.ownContact, s.key).toEqual(folded)
  }
}

/** The aggregate as one that kept no contact: the finalize folds every stream's events. */
const keptNone = (a: KpiAggregate): KpiAggregate => ({
  read: a.read,
  streams: new Map([...a.streams].map(([k, s]) => [k, { ...s, ownContact: null } satisfies StreamFacts])),
})

describe("the aggregate's own contact of each stream", () => {
  it('is foldOwnContact of the stream’s schedule events: in one pass, in chunks with snapshots between, continued, decoded', () => {
    fc.assert(
      fc.property(streams, fc.nat(), fc.nat(), (events, cut, every) => {
        const whole = kpiAggregate(events)
        expectOwnContacts(whole)
        const i = events.length === 0 ? 0 : cut % (events.length + 1)
        expectOwnContacts(kpiAggregate(events.slice(i), kpiAggregate(events.slice(0, i))))
        const acc = new KpiAccumulator()
        const n = 1 + (every % 7)
        const snaps: Array<[KpiAggregate, string]> = []
        events.forEach((e: RelationshipEvent, j) => {
          acc.add(e)
          if (j % n === 0) {
            const snap = acc.snapshot()
            snaps.push([snap, JSON.stringify([...snap.streams.values()].map((s) => [s.key, s.ownContact]), (_k, v) => (v instanceof Map ? [...v] : v))])
          }
        })
        expectOwnContacts(acc.snapshot())
        // A snapshot's contacts never move once handed out.
        for (const [snap, frozen] of snaps) {
          expect(JSON.stringify([...snap.streams.values()].map((s) => [s.key, s.ownContact]), (_k, v) => (v instanceof Map ? [...v] : v))).toBe(frozen)
          expectOwnContacts(snap)
        }
        const decoded = decodeKpiAggregate(JSON.parse(JSON.stringify(encodeKpiAggregate(whole))))
        if (decoded._tag === 'Left') throw new Error(decoded.left.message)
        for (const s of decoded.right.streams.values()) expect(s.ownContact).toEqual(whole.streams.get(s.key)?.ownContact)
        for (const s of whole.streams.values()) expect(ownContactOf(s)).toEqual(s.ownContact)
      }),
      { numRuns: runs(200) },
    )
  })

  it('gives the plan adherence of the events folded in the finalize', () => {
    let due = 0
    fc.assert(
      fc.property(
        // Simulated networks: their touches are those the plans schedule, done, skipped and moved.
        fc.integer({ min: 1, max: 1_000_000 }).map((seed) => generateEventStream({ seed, contacts: 12, events: 1_500 })),
        fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2028-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.constantFrom('UTC', 'Asia/Riyadh', 'America/New_York'),
        fc.option(fc.constantFrom('2025-03-01', '2026-01-01'), { nil: undefined }),
        fc.integer({ min: 0, max: 3 }),
        (events, now, timeZone, from, grace) => {
          const a = kpiAggregate(events)
          const query = { now, timeZone, ids: true, adherenceGraceDays: grace, ...(from === undefined ? {} : { from }) }
          const report = kpis(a, query)
          expect(report).toEqual(kpis(keptNone(a), query))
          due += report.planAdherence.denominator
        },
      ),
      { numRuns: runs(30) },
    )
    // The property compared the touches due (each by id), not only empty ratios.
    expect(due).toBeGreaterThan(0)
  })
})
