import * as fc from 'fast-check'
import * as O from 'fp-ts/lib/Option.js'
import { describe, expect, it } from 'vitest'
import type { RelationshipEvent } from '../../src/events/index.js'
import {
  evolve,
  foldEvents,
  getContact,
  getReferral,
  initialNetwork,
  listAnomalies,
  listContacts,
  networkSnapshot,
  type NetworkState,
} from '../../src/state/index.js'
import { arbitraryEventStream } from '../../src/testing/index.js'
import { eventMaker } from '../support/events.js'
import { runs } from '../support/runs.js'

const RUNS = { numRuns: runs(300) }
const streams = arbitraryEventStream({ maxEvents: 80, maxContacts: 6, merges: true })

const snap = (s: NetworkState) => networkSnapshot(s)

/** Freezes every plain object and array reachable from a state's contacts, referrals and rewards. */
const deepFreeze = (v: unknown, seen = new Set<unknown>()): void => {
  if (typeof v !== 'object' || v === null || seen.has(v)) return
  seen.add(v)
  if (v instanceof Map) {
    for (const x of v.values()) deepFreeze(x, seen)
    return
  }
  Object.freeze(v)
  for (const x of Object.values(v)) deepFreeze(x, seen)
}
const freezeState = (s: NetworkState): void => {
  for (const c of s.contacts.values()) deepFreeze(c)
  for (const r of s.referrals.values()) deepFreeze(r)
  for (const r of s.rewards.values()) deepFreeze(r)
}

const ev = eventMaker('t')
const added = (id: string, extra: Record<string, unknown> = {}) => ev('ContactAdded', id, { name: `Name of ${id}`, met: true, ...extra })

describe('foldEvents: the rules', () => {
  it('sets nothing aside in a valid stream', () => {
    fc.assert(
      fc.property(streams, (events) => {
        expect(listAnomalies(foldEvents(events))).toEqual([])
      }),
      RUNS,
    )
  })

  it('the same events give the same state', () => {
    fc.assert(
      fc.property(streams, (events) => {
        expect(snap(foldEvents(events))).toEqual(snap(foldEvents(events.map((e) => structuredClone(e)))))
      }),
      RUNS,
    )
  })

  it('folding in two chunks equals folding once (and evolve one by one)', () => {
    fc.assert(
      fc.property(streams, fc.nat(), (events, k) => {
        const cut = events.length === 0 ? 0 : k % (events.length + 1)
        const once = snap(foldEvents(events))
        expect(snap(foldEvents(events.slice(cut), foldEvents(events.slice(0, cut))))).toEqual(once)
        expect(snap(events.reduce(evolve, initialNetwork))).toEqual(once)
      }),
      RUNS,
    )
  })

  it('an event whose id was already applied changes nothing', () => {
    fc.assert(
      fc.property(streams, fc.nat(), fc.nat(), (events, i, j) => {
        fc.pre(events.length > 0)
        const state = foldEvents(events)
        const again = events[i % events.length] as RelationshipEvent
        expect(evolve(state, again)).toBe(state)
        // Redelivered anywhere later in the stream, still nothing changes.
        const at = j % (events.length + 1)
        const withDup = [...events.slice(0, at), again, ...events.slice(at)]
        if (events.indexOf(again) < at) expect(snap(foldEvents(withDup))).toEqual(snap(state))
      }),
      RUNS,
    )
  })

  it('never changes a state a caller holds', () => {
    fc.assert(
      fc.property(streams, fc.nat(), (events, k) => {
        const cut = events.length === 0 ? 0 : k % (events.length + 1)
        const held = foldEvents(events.slice(0, cut))
        const before = JSON.stringify(snap(held))
        // Frozen objects make any write to them throw in strict mode: the fold must copy first.
        freezeState(held)
        const later = foldEvents(events.slice(cut), held)
        events.slice(cut).reduce(evolve, held)
        expect(JSON.stringify(snap(held))).toBe(before)
        // A write the fold wrongly thought its own would throw on the frozen state and set the
        // event aside: the state after must be the unfrozen fold's, anomalies and all.
        expect(snap(later)).toEqual(snap(foldEvents(events)))
      }),
      RUNS,
    )
  })

  it('writes many enrollments of one contact in one batch without touching the state it started from', () => {
    // Twenty enrollments of one contact, each written twice in one batch: each must be
    // copied before its first write (the state it started from is frozen), then written in place.
    const enrolled = Array.from({ length: 20 }, (_, i) => ev('PlanEnrolled', 'a', { enrollmentId: `x${i}`, planId: '8x8', startDate: '2026-11-26' }))
    const touched = [0, 1, 2].map((round) =>
      Array.from({ length: 20 }, (_, i) =>
        ev('TouchCompleted', 'a', { enrollmentId: `x${i}`, touchKey: `k${round}`, kind: 'call', channel: 'phone', on: '2026-11-26' }),
      ),
    ) as [RelationshipEvent[], RelationshipEvent[], RelationshipEvent[]]
    const first = [added('a'), ...enrolled, ...touched[0]]
    const held = foldEvents(first)
    const before = JSON.stringify(snap(held))
    freezeState(held)
    const later = foldEvents([...touched[1], ...touched[2]], held)
    expect(JSON.stringify(snap(held))).toBe(before)
    expect(listAnomalies(later)).toEqual([])
    const a = O.toUndefined(getContact(later, 'a'))
    expect(a?.plans.enrollments.map((x) => x.outcomes.size)).toEqual(Array.from({ length: 20 }, () => 3))
    expect(a?.plans.touches).toHaveLength(60)
    expect(snap(later)).toEqual(snap([...first, ...touched[1], ...touched[2]].reduce(evolve, initialNetwork)))
  })

  it('after ContactErased no personal data of the contact remains, and its counts survive', () => {
    const strings = (v: unknown, out: Set<string>): Set<string> => {
      if (typeof v === 'string') out.add(v)
      else if (Array.isArray(v)) v.forEach((x) => strings(x, out))
      else if (typeof v === 'object' && v !== null) Object.values(v).forEach((x) => strings(x, out))
      return out
    }
    /** Personal values each contact's own events gave, and referral notes about it or by it. */
    const personal = (events: readonly RelationshipEvent[]) => {
      const by = new Map<string, Set<string>>()
      const parties = new Map<string, string[]>()
      const rewardParties = new Map<string, string[]>()
      const add = (id: string, v: unknown) => {
        const set = by.get(id) ?? new Set<string>()
        strings(v, set)
        by.set(id, set)
      }
      for (const e of events) {
        if (e.type === 'ContactAdded' || e.type === 'ContactUpdated') {
          const { id: _i, type: _t, at: _a, schema: _s, contactId, actor: _ac, ...profile } = e as Record<string, unknown>
          delete profile['met']
          delete profile['circle']
          delete profile['timeZone']
          delete profile['locale']
          delete profile['calendarSet']
          add(contactId as string, profile)
        }
        if (e.type === 'PersonalDateRecorded') add(e.contactId, [e.date, e.label])
        if (e.type === 'InterestRecorded') add(e.contactId, e.name)
        if (e.type === 'ReferralReceived') {
          parties.set(e.referralId, [e.contactId, e.refereeId])
          if (e.note !== undefined) {
            add(e.contactId, e.note)
            add(e.refereeId, e.note)
          }
        }
        if (e.type === 'TouchSkipped') add(e.contactId, e.reason)
        if (e.type === 'ReferralStageChanged' && e.stage === 'lost') for (const id of parties.get(e.referralId) ?? []) add(id, e.reason)
        if (e.type === 'RewardIssued') {
          const who = [e.recipientId, ...(parties.get(e.referralId) ?? [])]
          rewardParties.set(e.rewardId, who)
          if (e.value.kind === 'gift' && e.value.description !== undefined) for (const id of who) add(id, e.value.description)
        }
        if (e.type === 'RewardRejected' || e.type === 'RewardRevoked') for (const id of rewardParties.get(e.rewardId) ?? []) add(id, e.reason)
      }
      return by
    }
    fc.assert(
      fc.property(arbitraryEventStream({ maxEvents: 100, maxContacts: 5, erasures: false }), fc.nat(), (events, k) => {
        const before = foldEvents(events)
        const contacts = listContacts(before)
        fc.pre(contacts.length > 0)
        const victim = contacts[k % contacts.length]!.id
        const after = evolve(before, ev('ContactErased', victim))
        const c = O.toUndefined(getContact(after, victim))!
        expect(c.erased).toBe(true)
        expect(c.profile).toBeNull()
        expect(c.feedback.latest).toBeUndefined()
        for (const r of [...c.referrals.given, ...c.referrals.received]) {
          expect(O.toUndefined(getReferral(after, r))?.note).toBeUndefined()
        }
        // No string of the victim's personal data is anywhere in the state, unless another
        // (not erased) contact has the very same value (a shared hobby, a common date).
        const mine = personal(events).get(victim) ?? new Set<string>()
        const others = new Set<string>()
        for (const [id, set] of personal(events)) if (id !== victim) set.forEach((s) => others.add(s))
        const left = strings(snap(after), new Set<string>())
        for (const s of mine) if (!others.has(s)) expect(left.has(s)).toBe(false)
        // Anonymous counts survive.
        const was = O.toUndefined(getContact(before, victim))!
        expect(c.plans.touches.length).toBe(was.plans.touches.length)
        expect(c.referrals.given).toEqual(was.referrals.given)
        expect(c.sales.transactions.length).toBe(was.sales.transactions.length)
        expect(c.network.role).toBe(was.network.role)
        expect(c.network.met).toBe(was.network.met)
        expect(after.referrals.size).toBe(before.referrals.size)
        // And nothing more is recorded about the contact afterwards.
        const later = evolve(after, ev('ContactUpdated', victim, { name: 'Back again' }))
        expect(O.toUndefined(getContact(later, victim))?.profile).toBeNull()
        expect(listAnomalies(later).at(-1)).toMatchObject({ reason: 'contact-erased', applied: false })
      }),
      RUNS,
    )
  })
})

describe('foldEvents: what it sets aside, and why', () => {
  const reasons = (events: RelationshipEvent[]) => listAnomalies(foldEvents(events)).map((a) => a.reason)

  it('names the reason and keeps only id, type and reason — never the payload', () => {
    const e = ev('ContactRated', 'ghost', { score: 3 })
    const [a] = listAnomalies(foldEvents([e]))
    expect(a).toEqual({ eventId: e.id, type: 'ContactRated', reason: 'unknown-contact', applied: false, position: 0 })
  })

  it('refuses what the domain forbids, without throwing', () => {
    expect(reasons([added('a'), added('a')])).toEqual(['contact-exists'])
    expect(reasons([added('a'), ev('ReferralReceived', 'a', { referralId: 'r', refereeId: 'a' })])).toEqual(['self-referral'])
    expect(reasons([added('a'), ev('ReferralReceived', 'a', { referralId: 'r', refereeId: 'b' })])).toEqual(['unknown-referee'])
    const refer = (id: string, from: string, to: string) => ev('ReferralReceived', from, { referralId: id, refereeId: to })
    expect(reasons([added('a'), added('b'), added('c'), refer('r1', 'a', 'b'), refer('r2', 'c', 'b')])).toEqual([
      'referee-has-open-referral',
    ])
    const stage = (id: string, from: string, s: string, extra = {}) => ev('ReferralStageChanged', from, { referralId: id, stage: s, ...extra })
    expect(
      reasons([
        added('a'),
        added('b'),
        refer('r1', 'a', 'b'),
        stage('r1', 'a', 'appointment'),
        stage('r1', 'a', 'contacted'),
        stage('r1', 'a', 'lost', { reason: 'moved away' }),
        stage('r1', 'a', 'closed', { revenue: { amount: 1, currency: 'USD' } }),
        refer('r2', 'a', 'b'),
      ]),
    ).toEqual(['invalid-stage-transition', 'invalid-stage-transition'])
    expect(reasons([added('a'), ev('TouchCompleted', 'a', { enrollmentId: 'x', touchKey: 'k', kind: 'call', channel: 'phone', on: '2026-11-26' })])).toEqual([
      'unknown-enrollment',
    ])
    const enrolled = ev('PlanEnrolled', 'a', { enrollmentId: 'x', planId: '8x8', startDate: '2026-11-26' })
    const done = () => ev('TouchCompleted', 'a', { enrollmentId: 'x', touchKey: 'k', kind: 'call', channel: 'phone', on: '2026-11-26' })
    expect(reasons([added('a'), enrolled, done(), done()])).toEqual(['touch-already-done'])
    expect(reasons([added('a'), ev('ContactErased', 'a'), added('a')])).toEqual(['contact-erased'])
    const reused = ev('ContactRated', 'a', { score: 2 })
    expect(reasons([added('a'), reused, { ...ev('ContactMet', 'a'), id: reused.id } as RelationshipEvent])).toEqual(['id-conflict'])
  })

  it('applies a backdated stage in stream order and notes it', () => {
    const events = [
      added('a'),
      added('b'),
      ev('ReferralReceived', 'a', { referralId: 'r', refereeId: 'b' }),
      { ...ev('ReferralStageChanged', 'a', { referralId: 'r', stage: 'contacted' }), at: '2026-11-25T09:00:00Z' } as RelationshipEvent,
    ]
    const state = foldEvents(events)
    expect(O.toUndefined(getReferral(state, 'r'))?.stage).toBe('contacted')
    expect(listAnomalies(state)).toMatchObject([{ reason: 'backdated', applied: true }])
  })

  it('keeps programme costs without a contact, and team rewards', () => {
    const state = foldEvents([ev('CostRecorded', undefined, { category: 'mailing', amount: { amount: 5000, currency: 'USD' } })])
    expect(state.costs.size).toBe(1)
    expect(listAnomalies(state)).toEqual([])
  })
})
