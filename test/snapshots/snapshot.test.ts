/**
 * Snapshots: restoring the snapshot of a fold and folding the rest equals folding everything,
 * for generated streams and every split; a snapshot of another format or version is refused
 * with an error that says to refold; nothing a decoder could be handed makes it throw; and the
 * snapshot's version is pinned against the state's shape.
 */
import { createHash } from 'node:crypto'
import * as fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { canonicalJson } from '../../src/core/plain.js'
import type { RelationshipEvent } from '../../src/events/index.js'
import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION, restoreSnapshot, snapshot, type RestoredSnapshot } from '../../src/snapshots/index.js'
import { foldEvents, initialNetwork, networkSnapshot, type NetworkState } from '../../src/state/index.js'
import { arbitraryEventStream, generateEventStream } from '../../src/testing/index.js'
import { eventMaker } from '../support/events.js'
import { observedPaths, type StatePaths } from './shape.js'

const RUNS = { numRuns: 200 }

/** Everything a state holds, comparable: the plain view plus the seen ids' and commands' numbers. */
const view = (s: NetworkState): string =>
  canonicalJson({
    ...networkSnapshot(s),
    seenEntries: [...s.seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    commands: [...s.commands.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  })

/** Through JSON text, as a host stores it. */
const roundTrip = (state: NetworkState, position: number): RestoredSnapshot => {
  const r = restoreSnapshot(JSON.stringify(snapshot(state, position)))
  if (E.isLeft(r)) throw new Error(r.left.message)
  return r.right
}

const ev = eventMaker('snap')

/** Events that leave anomalies (an unknown contact, an id reused with other content), so the snapshot holds some. */
const withAnomalies = (events: readonly RelationshipEvent[]): RelationshipEvent[] => {
  const first = events[0]
  const extra: RelationshipEvent[] = [ev('ContactRated', 'nobody', { score: 3 })]
  if (first !== undefined) extra.push({ ...first, at: '2030-01-01T00:00:00Z' } as RelationshipEvent)
  return [...events, ...extra]
}

describe('snapshot and restoreSnapshot', () => {
  it('restoring the snapshot of fold(a) and folding b equals fold(a ++ b), for every split', () => {
    fc.assert(
      fc.property(arbitraryEventStream({ maxEvents: 120, maxContacts: 8 }), fc.nat(), (stream, k) => {
        const events = withAnomalies(stream)
        const split = k % (events.length + 1)
        const [a, b] = [events.slice(0, split), events.slice(split)]
        const restored = roundTrip(foldEvents(a), split)
        expect(restored.position).toBe(split)
        expect(view(foldEvents(b, restored.state))).toBe(view(foldEvents(events)))
        // A redelivery of what the snapshot already holds changes nothing (the fold is idempotent).
        expect(view(foldEvents(a, restored.state))).toBe(view(foldEvents(a)))
      }),
      RUNS,
    )
  })

  it('is plain JSON: the text of a snapshot reads back to the same snapshot', () => {
    fc.assert(
      fc.property(arbitraryEventStream({ maxEvents: 80 }), (events) => {
        const s = snapshot(foldEvents(events), events.length)
        const text = JSON.stringify(s)
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(JSON.parse(text))))
        expect([s.format, s.version, s.position]).toEqual([SNAPSHOT_FORMAT, SNAPSHOT_VERSION, events.length])
        // Restoring from the value (not the text) gives the same state.
        const fromValue = restoreSnapshot(JSON.parse(text))
        expect(E.isRight(fromValue) && view(fromValue.right.state)).toBe(view(foldEvents(events)))
      }),
      { numRuns: 50 },
    )
  })

  it('snapshots the empty network at position 0, and refuses a position that is not an integer ≥ 0', () => {
    expect(view(roundTrip(initialNetwork, 0).state)).toBe(view(initialNetwork))
    for (const p of [-1, 1.5, Number.NaN]) expect(() => snapshot(initialNetwork, p)).toThrow(RangeError)
  })

  it('never changes the state it snapshots, and a restored state is left as it was by the folds after it', () => {
    const events = generateEventStream({ seed: 3, contacts: 20, events: 600 })
    const state = foldEvents(events.slice(0, 400))
    const before = view(state)
    const s = snapshot(state, 400)
    JSON.stringify(s)
    expect(view(state)).toBe(before)
    const restored = roundTrip(state, 400)
    const restoredView = view(restored.state)
    foldEvents(events.slice(400), restored.state)
    expect(view(restored.state)).toBe(restoredView)
  })

  it('refuses another format, another version, and a broken body — each telling the host to refold', () => {
    const good = snapshot(foldEvents(generateEventStream({ seed: 1, contacts: 5, events: 120 })), 120)
    const cases: Array<[unknown, string, string | undefined]> = [
      ['not json', 'snapshot-format', undefined],
      [{ ...good, format: 'other.snapshot' }, 'snapshot-format', undefined],
      [[good], 'snapshot-format', undefined],
      [null, 'snapshot-format', undefined],
      [{ ...good, version: SNAPSHOT_VERSION + 1 }, 'snapshot-version', undefined],
      [{ ...good, version: '1' }, 'snapshot-version', undefined],
      [{ ...good, position: -1 }, 'snapshot-invalid', 'position'],
      [{ ...good, state: null }, 'snapshot-invalid', 'state'],
      [{ ...good, state: { ...good.state, contacts: {} } }, 'snapshot-invalid', 'state.contacts'],
      [{ ...good, state: { ...good.state, contacts: [['c0', { ...good.state.contacts[0]?.[1], id: 'c9' }]] } }, 'snapshot-invalid', 'state.contacts[0][1].id'],
      [{ ...good, state: { ...good.state, seen: { keys: ['a'], values: [] } } }, 'snapshot-invalid', 'state.seen.values'],
      [{ ...good, state: { ...good.state, seen: { keys: ['a', 'a'], values: [1, 2] } } }, 'snapshot-invalid', 'state.seen.keys'],
      [{ ...good, state: { ...good.state, eventCount: -3 } }, 'snapshot-invalid', 'state.eventCount'],
    ]
    for (const [input, code, path] of cases) {
      const r = restoreSnapshot(input)
      expect(E.isLeft(r) ? [r.left.code, r.left.path] : 'restored').toEqual([code, path])
      if (E.isLeft(r)) {
        expect(r.left.message).toMatch(/Refold the events/)
        expect(Object.isFrozen(r.left)).toBe(true)
      }
    }
    const version = restoreSnapshot({ ...good, version: 99 })
    expect(E.isLeft(version) && version.left.message).toBe(
      `This snapshot has version 99; this touchbase reads version ${SNAPSHOT_VERSION} (the state's shape changed between them). Refold the events from position 1 (or from a snapshot of this version) and take a new snapshot.`,
    )
  })

  it('never throws, whatever it is given', () => {
    const good = snapshot(foldEvents(generateEventStream({ seed: 2, contacts: 4, events: 60 })), 60)
    fc.assert(
      fc.property(fc.anything(), fc.anything(), (junk, body) => {
        restoreSnapshot(junk)
        restoreSnapshot({ format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION, position: 1, state: body })
        restoreSnapshot({ ...good, state: { ...good.state, contacts: [['x', body]] } })
      }),
      { numRuns: 300 },
    )
  })
})

// ---------------------------------------------------------------------------------------
// The version, pinned against the state's shape

/**
 * Every key path of `NetworkState` (see `./shape.ts`). The type check below fails to compile
 * (`npm run typecheck`) when the state's type gains, loses or renames a field; the test below
 * fails when this list changes without a new `SNAPSHOT_VERSION`.
 */
const PINNED_PATHS = [
  'anomalies[].applied',
  'anomalies[].conflictsWith',
  'anomalies[].eventId',
  'anomalies[].position',
  'anomalies[].reason',
  'anomalies[].type',
  'commands{}',
  'conflicts{}',
  'contacts{}.addedAt',
  'contacts{}.consent.refused[]',
  'contacts{}.erased',
  'contacts{}.erasedAt',
  'contacts{}.eventCount',
  'contacts{}.feedback.about[].aboutContactId',
  'contacts{}.feedback.about[].at',
  'contacts{}.feedback.about[].csi.attributes[].attribute',
  'contacts{}.feedback.about[].csi.attributes[].importance',
  'contacts{}.feedback.about[].csi.attributes[].satisfaction',
  'contacts{}.feedback.about[].csi.method',
  'contacts{}.feedback.about[].csi.score',
  'contacts{}.feedback.about[].expectedPerformance',
  'contacts{}.feedback.about[].nps',
  'contacts{}.feedback.about[].perceivedBenefits',
  'contacts{}.feedback.about[].perceivedCosts',
  'contacts{}.feedback.about[].perceivedPerformance',
  'contacts{}.feedback.about[].referralEffort',
  'contacts{}.feedback.allyReviews[].at',
  'contacts{}.feedback.allyReviews[].verdict',
  'contacts{}.feedback.count',
  'contacts{}.feedback.latest.aboutContactId',
  'contacts{}.feedback.latest.at',
  'contacts{}.feedback.latest.csi.attributes[].attribute',
  'contacts{}.feedback.latest.csi.attributes[].importance',
  'contacts{}.feedback.latest.csi.attributes[].satisfaction',
  'contacts{}.feedback.latest.csi.method',
  'contacts{}.feedback.latest.csi.score',
  'contacts{}.feedback.latest.expectedPerformance',
  'contacts{}.feedback.latest.nps',
  'contacts{}.feedback.latest.perceivedBenefits',
  'contacts{}.feedback.latest.perceivedCosts',
  'contacts{}.feedback.latest.perceivedPerformance',
  'contacts{}.feedback.latest.referralEffort',
  'contacts{}.id',
  'contacts{}.lastEventAt',
  'contacts{}.network.allyCategory',
  'contacts{}.network.circle',
  'contacts{}.network.met',
  'contacts{}.network.metAt',
  'contacts{}.network.role',
  'contacts{}.network.roleHistory[].allyCategory',
  'contacts{}.network.roleHistory[].at',
  'contacts{}.network.roleHistory[].role',
  'contacts{}.network.settlementService',
  'contacts{}.plans.enrollments[].endedAt',
  'contacts{}.plans.enrollments[].enrolledAt',
  'contacts{}.plans.enrollments[].enrollmentId',
  'contacts{}.plans.enrollments[].outcomes{}.at',
  'contacts{}.plans.enrollments[].outcomes{}.channel',
  'contacts{}.plans.enrollments[].outcomes{}.kind',
  'contacts{}.plans.enrollments[].outcomes{}.on',
  'contacts{}.plans.enrollments[].outcomes{}.reason',
  'contacts{}.plans.enrollments[].outcomes{}.status',
  'contacts{}.plans.enrollments[].pauses[].from',
  'contacts{}.plans.enrollments[].pauses[].to',
  'contacts{}.plans.enrollments[].planId',
  'contacts{}.plans.enrollments[].rescheduleCounts{}',
  'contacts{}.plans.enrollments[].reschedules{}',
  'contacts{}.plans.enrollments[].startDate',
  'contacts{}.plans.enrollments[].status',
  'contacts{}.plans.touches[].at',
  'contacts{}.plans.touches[].channel',
  'contacts{}.plans.touches[].enrollmentId',
  'contacts{}.plans.touches[].kind',
  'contacts{}.plans.touches[].on',
  'contacts{}.plans.touches[].referralId',
  'contacts{}.plans.touches[].stage',
  'contacts{}.plans.touches[].touchKey',
  'contacts{}.profile',
  'contacts{}.profile.address.country',
  'contacts{}.profile.address.lines[]',
  'contacts{}.profile.address.locality',
  'contacts{}.profile.address.postalCode',
  'contacts{}.profile.address.region',
  'contacts{}.profile.calendarSet',
  'contacts{}.profile.company',
  'contacts{}.profile.emails[]',
  'contacts{}.profile.familyName',
  'contacts{}.profile.givenName',
  'contacts{}.profile.interests[].category',
  'contacts{}.profile.interests[].name',
  'contacts{}.profile.interests[].seasonStart',
  'contacts{}.profile.locale',
  'contacts{}.profile.name',
  'contacts{}.profile.notes',
  'contacts{}.profile.personalDates[].date',
  'contacts{}.profile.personalDates[].kind',
  'contacts{}.profile.personalDates[].label',
  'contacts{}.profile.phones[]',
  'contacts{}.profile.rating',
  'contacts{}.profile.timeZone',
  'contacts{}.referrals.given[]',
  'contacts{}.referrals.promisedAt',
  'contacts{}.referrals.received[]',
  'contacts{}.rewards[]',
  'contacts{}.sales.lead.assignee',
  'contacts{}.sales.lead.capturedAt',
  'contacts{}.sales.lead.lostReason',
  'contacts{}.sales.lead.referralId',
  'contacts{}.sales.lead.revenue.amount',
  'contacts{}.sales.lead.revenue.currency',
  'contacts{}.sales.lead.source',
  'contacts{}.sales.lead.stage',
  'contacts{}.sales.lead.stages.appointment',
  'contacts{}.sales.lead.stages.closed',
  'contacts{}.sales.lead.stages.contacted',
  'contacts{}.sales.lead.stages.lost',
  'contacts{}.sales.lead.stages.received',
  'contacts{}.sales.lead.stages.under-contract',
  'contacts{}.sales.transactions[].at',
  'contacts{}.sales.transactions[].closedOn',
  'contacts{}.sales.transactions[].referralId',
  'contacts{}.sales.transactions[].servedBy[]',
  'contacts{}.sales.transactions[].transactionId',
  'contacts{}.sales.transactions[].value.amount',
  'contacts{}.sales.transactions[].value.currency',
  'costs[].amount.amount',
  'costs[].amount.currency',
  'costs[].at',
  'costs[].category',
  'costs[].contactId',
  'costs[].eventId',
  'eventCount',
  'lastEventAt',
  'mergedInto{}',
  'referrals{}.lostReason',
  'referrals{}.note',
  'referrals{}.refereeId',
  'referrals{}.referralId',
  'referrals{}.referrerId',
  'referrals{}.revenue.amount',
  'referrals{}.revenue.currency',
  'referrals{}.rewards[]',
  'referrals{}.source',
  'referrals{}.stage',
  'referrals{}.stages.appointment',
  'referrals{}.stages.closed',
  'referrals{}.stages.contacted',
  'referrals{}.stages.lost',
  'referrals{}.stages.received',
  'referrals{}.stages.under-contract',
  'rewards{}.dueOn',
  'rewards{}.hold',
  'rewards{}.issuedAt',
  'rewards{}.reason',
  'rewards{}.recipientId',
  'rewards{}.referralId',
  'rewards{}.rewardId',
  'rewards{}.ruleId',
  'rewards{}.side',
  'rewards{}.stage',
  'rewards{}.status',
  'rewards{}.statusAt',
  'rewards{}.value.amount',
  'rewards{}.value.amount.amount',
  'rewards{}.value.amount.currency',
  'rewards{}.value.basisPoints',
  'rewards{}.value.description',
  'rewards{}.value.kind',
  'rewards{}.value.of',
  'rewards{}.value.points',
  'rewards{}.value.recurring',
  'rewards{}.value.tier',
  'rewards{}.value.unit',
  'rewards{}.value.value.amount',
  'rewards{}.value.value.currency',
  'seen{}',
] as const

/** The shape each version describes: a hash of its paths. A new version adds its line. */
const SHAPES: Readonly<Record<number, string>> = {
  1: 'fbb05c8e82a776fc',
  // 2: NetworkState.mergedInto (ContactsMerged).
  2: '01a0c649c1fe4287',
}

type Pinned = (typeof PINNED_PATHS)[number]
/** Compiles only while the pinned paths are exactly the state's (`never` both ways). */
const samePaths: [Exclude<StatePaths, Pinned>, Exclude<Pinned, StatePaths>] extends [never, never] ? true : 'the state changed shape: update PINNED_PATHS and bump SNAPSHOT_VERSION' = true

const shapeHash = (paths: readonly string[]): string => createHash('sha256').update(paths.join('\n')).digest('hex').slice(0, 16)

describe('SNAPSHOT_VERSION is pinned against the state\'s shape', () => {
  it('the pinned paths are sorted and distinct, and the type check holds', () => {
    expect(samePaths).toBe(true)
    expect([...new Set(PINNED_PATHS)].sort()).toEqual([...PINNED_PATHS])
  })

  it('names the shape this version describes (a change of shape must bump SNAPSHOT_VERSION)', () => {
    const hash = shapeHash(PINNED_PATHS)
    if (SHAPES[SNAPSHOT_VERSION] !== hash) {
      throw new Error(
        `The state's shape (hash ${hash}) is not the one snapshot version ${SNAPSHOT_VERSION} describes (${SHAPES[SNAPSHOT_VERSION] ?? 'none'}): bump SNAPSHOT_VERSION in src/snapshots/snapshot.ts and add "${SNAPSHOT_VERSION + 1}: '${hash}'" to SHAPES. Old snapshots are then refused and hosts refold.`,
      )
    }
  })

  it('a rich state takes no path outside the pinned ones, and its snapshot restores to the same state', () => {
    const events = withAnomalies(generateEventStream({ seed: 7, contacts: 80, events: 6000 }))
    const state = foldEvents(events)
    const outside = [...observedPaths(state)].filter((p) => !(PINNED_PATHS as readonly string[]).includes(p))
    if (outside.length > 0) throw new Error(`The state holds fields the snapshot version does not describe (${outside.join(', ')}): bump SNAPSHOT_VERSION and pin them.`)
    expect(observedPaths(roundTrip(state, events.length).state)).toEqual(observedPaths(state))
    expect(view(roundTrip(state, events.length).state)).toBe(view(state))
  })
})
