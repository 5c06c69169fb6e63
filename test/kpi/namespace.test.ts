/**
 * Several networks in one report: `namespaceKpiAggregate` re-keys a network's aggregate so
 * that merging networks with `kpiMonoid` never conflates their ids (two networks' `c1`).
 */
import { isDeepStrictEqual } from 'node:util'
import * as fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { concatAll } from 'fp-ts/lib/Monoid.js'
import { describe, expect, it } from 'vitest'
import {
  decodeKpiAggregate,
  encodeKpiAggregate,
  kpiAggregate,
  kpiMonoid,
  kpis,
  namespaceKpiAggregate,
  networkKey,
  streamIdOf,
  type KpiAggregate,
  type KpiQuery,
  type RelationshipEvent,
  type StoredEvent,
} from '../../src/index.js'
import { arbitraryEventStream, generateEventStream } from '../../src/testing/index.js'
import { runs } from '../support/runs.js'

/** The ids of a network in an event: contacts, referrals, rewards, the event's own. Plans, enrollments, touch keys, sales and team members are not the network's. */
const NETWORK_IDS = ['id', 'contactId', 'refereeId', 'aboutContactId', 'recipientId', 'referralId', 'rewardId'] as const

/** An event with every id of its network namespaced, as if the networks had shared one id space. */
const namespaced = (e: RelationshipEvent, network: string): RelationshipEvent => {
  const out: Record<string, unknown> = { ...e }
  for (const k of NETWORK_IDS) if (typeof out[k] === 'string') out[k] = networkKey(network, out[k] as string)
  return out as unknown as RelationshipEvent
}

/** Events as a store hands them out, positions from 1 (each network's log has its own). */
const stored = (events: readonly RelationshipEvent[]): StoredEvent[] => {
  const versions = new Map<string, number>()
  return events.map((event, i) => {
    const streamId = streamIdOf(event)
    const streamVersion = (versions.get(streamId) ?? 0) + 1
    versions.set(streamId, streamVersion)
    return { streamId, streamVersion, position: i + 1, event }
  })
}

/** The two logs interleaved (each in its order) as given by `picks`, every event namespaced by its network. */
const interleaved = (a: readonly RelationshipEvent[], b: readonly RelationshipEvent[], picks: readonly boolean[]): RelationshipEvent[] => {
  const out: RelationshipEvent[] = []
  let i = 0
  let j = 0
  for (let k = 0; i < a.length || j < b.length; k++) {
    const fromA = j >= b.length || (i < a.length && (picks[k % Math.max(1, picks.length)] ?? true))
    out.push(fromA ? namespaced(a[i++] as RelationshipEvent, 'north') : namespaced(b[j++] as RelationshipEvent, 'south'))
  }
  return out
}

const merge = (parts: readonly KpiAggregate[]): KpiAggregate => concatAll(kpiMonoid)(parts)
const streams = arbitraryEventStream({ maxEvents: 120, maxContacts: 6 })
const query: KpiQuery = { now: new Date('2027-06-01T00:00:00Z'), ids: true }

describe('namespaceKpiAggregate', () => {
  it('networkKey is injective: a network name holding the separator cannot collide with another pair', () => {
    expect(networkKey('team-a', 'c1')).toBe('team-a/c1')
    expect(networkKey('a/b', 'c')).not.toBe(networkKey('a', 'b/c'))
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), fc.string(), (n1, i1, n2, i2) => {
        if (n1 !== n2 || i1 !== i2) expect(networkKey(n1, i1)).not.toBe(networkKey(n2, i2))
      }),
      { numRuns: runs(300) },
    )
  })

  it('merging the namespaced aggregates of networks A and B gives the report of all their events with ids namespaced, in any interleaving', () => {
    fc.assert(
      fc.property(streams, streams, fc.array(fc.boolean(), { minLength: 1, maxLength: 40 }), (a, b, picks) => {
        const north = namespaceKpiAggregate(kpiAggregate(stored(a)), 'north')
        const south = namespaceKpiAggregate(kpiAggregate(stored(b)), 'south')
        const one = kpiAggregate(stored(interleaved(a, b, picks)))
        const expected = kpis(one, query)
        expect(kpis(merge([north, south]), query)).toStrictEqual(expected)
        expect(kpis(merge([south, north]), query)).toStrictEqual(expected)
        // Disjoint, as partials of one network are: no stream of one network is dropped for the other's.
        expect(merge([north, south]).streams.size).toBe(north.streams.size + south.streams.size)
      }),
      { numRuns: runs(150) },
    )
  })

  it('merges with the partials of each network: namespacing each partial, or the merged network, is the same', () => {
    fc.assert(
      fc.property(streams, fc.integer({ min: 1, max: 4 }), (events, k) => {
        const log = stored(events)
        // Partitions by stream, as a network's workers cut them.
        const parts = Array.from({ length: k }, (_, i) => log.filter((s) => (s.event.contactId ?? '').length % k === i))
        const partials = parts.map((p) => kpiAggregate(p))
        const perPartial = merge(partials.map((p) => namespaceKpiAggregate(p, 'north')))
        const whole = namespaceKpiAggregate(merge(partials), 'north')
        expect(isDeepStrictEqual(perPartial, whole)).toBe(true)
      }),
      { numRuns: runs(100) },
    )
  })

  it('a namespaced aggregate survives the JSON codec', () => {
    fc.assert(
      fc.property(streams, (events) => {
        const a = namespaceKpiAggregate(kpiAggregate(stored(events)), 'north east')
        const back = decodeKpiAggregate(JSON.parse(JSON.stringify(encodeKpiAggregate(a))))
        if (E.isLeft(back)) throw new Error(back.left.message)
        expect(kpis(back.right, query)).toStrictEqual(kpis(a, query))
      }),
      { numRuns: runs(50) },
    )
  })

  it('without it, two networks with the same ids conflate: streams are dropped and the report is wrong', () => {
    // Two networks generated alike: both have contacts c0, c1, … and events e0, e1, …
    const a = generateEventStream({ seed: 3, contacts: 30, events: 1_500 })
    const b = generateEventStream({ seed: 4, contacts: 30, events: 1_500 })
    const north = kpiAggregate(stored(a))
    const south = kpiAggregate(stored(b))
    const expected = kpis(kpiAggregate(stored(interleaved(a, b, [true, false]))), query)

    const plain = merge([north, south])
    expect(plain.streams.size).toBeLessThan(north.streams.size + south.streams.size)
    expect(kpis(plain, query)).not.toStrictEqual(expected)

    const separate = merge([namespaceKpiAggregate(north, 'north'), namespaceKpiAggregate(south, 'south')])
    expect(separate.streams.size).toBe(north.streams.size + south.streams.size)
    const report = kpis(separate, query)
    expect(report).toStrictEqual(expected)
    // Each network's contacts count once each: the brokerage has both networks' referrals.
    expect(report.referralsReceived.total).toBe(kpis(north, query).referralsReceived.total + kpis(south, query).referralsReceived.total)
    expect(report.referralsReceived.total).toBeGreaterThan(0)
    expect(report.customersAcquired.ids?.some((id) => id.startsWith('north/'))).toBe(true)
    expect(report.customersAcquired.ids?.some((id) => id.startsWith('south/'))).toBe(true)
  })

  it('never changes the aggregate it is given', () => {
    const a = kpiAggregate(stored(generateEventStream({ seed: 5, contacts: 10, events: 300 })))
    const before = JSON.stringify(encodeKpiAggregate(a))
    namespaceKpiAggregate(a, 'north')
    expect(JSON.stringify(encodeKpiAggregate(a))).toBe(before)
  })
})
