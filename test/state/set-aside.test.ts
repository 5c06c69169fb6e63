/**
 * An event the fold sets aside leaves no trace but its anomaly: no contact, referral, reward
 * or cost changes. Tried on perturbed streams, and on events with one id removed or replaced
 * by something that is not a string — the shapes a hand-written or hostile log holds.
 */
import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { EVENT_REFERENCES, EVENT_TYPES } from '../../src/events/index.js'
import { foldInChunks, foldOwnContact } from '../../src/state/fold/index.js'
import { SCHEMA_VERSIONS, networkSnapshot, evolve, foldEvents, type NetworkState, type RelationshipEvent } from '../../src/index.js'
import { perturbedEventStream } from '../support/perturb.js'
import { runs } from '../support/runs.js'

const NOT_A_STRING = [undefined, null, 42, ['a'], { id: 'a' }, true] as const

/** The stream with one event's id field broken (chosen by `pick`). */
const withBrokenReference = (events: readonly RelationshipEvent[], pick: number, bad: number): RelationshipEvent[] => {
  if (events.length === 0) return []
  const i = pick % events.length
  const e = events[i] as RelationshipEvent & Record<string, unknown>
  const refs = EVENT_REFERENCES[e.type]
  const fields = [...refs.required.filter((k) => k !== 'id'), ...refs.optional.filter((k) => e[k] !== undefined)]
  if (fields.length === 0) return [...events]
  const field = fields[pick % fields.length] as string
  const broken = { ...e, [field]: NOT_A_STRING[bad % NOT_A_STRING.length] } as unknown as RelationshipEvent
  return [...events.slice(0, i), broken, ...events.slice(i + 1)]
}

/** Folds event by event; at each event set aside, the entities are the very ones before it. */
const expectSetAsideLeavesNoTrace = (events: readonly RelationshipEvent[]): number => {
  let s: NetworkState = foldEvents([])
  let setAside = 0
  for (const e of events) {
    const next = evolve(s, e)
    const added = next.anomalies.toArray().slice(s.anomalies.size)
    if (added.some((a) => !a.applied)) {
      setAside++
      expect(next.contacts).toBe(s.contacts)
      expect(next.referrals).toBe(s.referrals)
      expect(next.rewards).toBe(s.rewards)
      expect(next.costs).toBe(s.costs)
    }
    s = next
  }
  return setAside
}

describe('an event set aside', () => {
  it('changes no contact, referral, reward or cost — on perturbed streams', () => {
    let total = 0
    fc.assert(
      fc.property(perturbedEventStream({ maxEvents: 120 }), (events) => {
        total += expectSetAsideLeavesNoTrace(events)
      }),
      { numRuns: runs(200) },
    )
    expect(total).toBeGreaterThan(0)
  })

  it('changes nothing when one of its ids is missing or not a string: malformed, up front', () => {
    fc.assert(
      fc.property(perturbedEventStream({ maxEvents: 80 }), fc.nat(), fc.nat(), (events, pick, bad) => {
        const broken = withBrokenReference(events, pick, bad)
        expectSetAsideLeavesNoTrace(broken)
        // Folding in one pass and event by event agree, and never throw.
        expect(foldEvents(broken).eventCount).toBe(broken.reduce(evolve, foldEvents([])).eventCount)
      }),
      { numRuns: runs(300) },
    )
  })
})

/** The stream with one field (not the envelope) of one event replaced by a value of another shape. */
const JUNK = [undefined, null, 42, -1, 'x', [], [1], {}, { amount: 'x' }, true] as const
const withJunkField = (events: readonly RelationshipEvent[], pick: number, junk: number): RelationshipEvent[] => {
  if (events.length === 0) return []
  const i = pick % events.length
  const e = events[i] as RelationshipEvent & Record<string, unknown>
  const fields = Object.keys(e).filter((k) => !['id', 'type', 'at', 'schema'].includes(k))
  if (fields.length === 0) return [...events]
  const field = fields[pick % fields.length] as string
  const broken = { ...e, [field]: JUNK[junk % JUNK.length] } as unknown as RelationshipEvent
  return [...events.slice(0, i), broken, ...events.slice(i + 1)]
}

describe('an event that was never decoded', () => {
  it('with any field of another shape: if set aside, it changes nothing; the fold never throws', () => {
    fc.assert(
      fc.property(perturbedEventStream({ maxEvents: 80 }), fc.nat(), fc.nat(), fc.integer({ min: 1, max: 9 }), fc.nat(4), (events, pick, junk, chunk, perCopy) => {
        const broken = withJunkField(events, pick, junk)
        expectSetAsideLeavesNoTrace(broken)
        // In one pass, committing every `chunk` events (or later, while a batch holds fewer than
        // `perCopy` events for each contact it copied), the fold redoes a batch a handler threw
        // in without that event: the same state as event by event.
        const oneByOne = networkSnapshot(broken.reduce(evolve, foldEvents([])))
        expect(networkSnapshot(foldInChunks(broken, foldEvents([]), chunk, perCopy))).toEqual(oneByOne)
        expect(networkSnapshot(foldEvents(broken))).toEqual(oneByOne)
      }),
      { numRuns: runs(500) },
    )
  })
})

describe('the fold finds, by example', () => {
  const AT = '2026-11-26T09:00:00Z'
  let n = 0
  const ev = (type: RelationshipEvent['type'], contactId: string | undefined, payload: Record<string, unknown> = {}): RelationshipEvent =>
    ({ id: `s${n++}`, type, at: AT, schema: SCHEMA_VERSIONS[type], ...(contactId === undefined ? {} : { contactId }), ...payload }) as unknown as RelationshipEvent
  const add = (id: string) => ev('ContactAdded', id, { name: `Name of ${id}`, met: true })
  const base = foldEvents([add('a'), add('b'), ev('ReferralReceived', 'a', { referralId: 'r1', refereeId: 'b' })])
  const issued = (payload: Record<string, unknown>) =>
    ev('RewardIssued', undefined, { rewardId: 'w1', referralId: 'r1', stage: 'received', ruleId: 'thanks', side: 'referrer', value: { kind: 'points', points: 5 }, ...payload })

  it('a reward for a person with no recipientId is malformed, and no reward is left behind (0.1.0 kept it)', () => {
    const s = evolve(base, issued({}))
    expect(s.anomalies.toArray().at(-1)).toMatchObject({ type: 'RewardIssued', reason: 'malformed-event', applied: false })
    expect(s.rewards.get('w1')).toBeUndefined()
    expect(s.referrals.get('r1')?.rewards).toEqual([])
    // So a later approval finds no reward either.
    const approved = evolve(s, ev('RewardApproved', undefined, { rewardId: 'w1' }))
    expect(approved.anomalies.toArray().at(-1)).toMatchObject({ reason: 'unknown-reward', applied: false })
  })

  it('a reward for someone who is not a contact is set aside as unknown-contact', () => {
    const s = evolve(base, issued({ recipientId: 'nobody' }))
    expect(s.anomalies.toArray().at(-1)).toMatchObject({ type: 'RewardIssued', reason: 'unknown-contact', applied: false })
    expect(s.rewards.size).toBe(0)
  })

  it('an id given as a number is malformed, not folded as if it were a string', () => {
    const s = evolve(base, ev('ReferralStageChanged', 'a', { referralId: 1, stage: 'contacted' }))
    expect(s.anomalies.toArray().at(-1)).toMatchObject({ reason: 'malformed-event', applied: false })
    expect(s.referrals).toBe(base.referrals)
  })

  it('an event whose handler meets a value of the wrong shape is malformed, set aside whole — in one pass too', () => {
    const bad = ev('TransactionClosed', 'a', { transactionId: 't1', value: { amount: 100, currency: 'USD' }, servedBy: 42 })
    const good = ev('ContactMet', 'b')
    for (const s of [evolve(base, bad), foldEvents([good, bad, good], base)]) {
      expect(s.anomalies.toArray().filter((a) => a.eventId === bad.id)).toMatchObject([{ reason: 'malformed-event', applied: false }])
      expect(s.contacts.get('a')).toBe(base.contacts.get('a'))
    }
    expect(foldEvents([good, bad], base).contacts.get('b')?.network.met).toBe(true)
  })

  it('an erasure goes through over a reward folded from an undecoded event with no value (it was set aside)', () => {
    // Found by the bench baseline's property: the erasure read the reward's value and threw,
    // so the erasure itself was set aside and the person stayed in the state.
    const s = foldEvents([issued({ recipientId: 'a', value: undefined }), ev('ContactErased', 'b')], base)
    expect(s.contacts.get('b')?.erased).toBe(true)
    expect(s.anomalies.toArray().filter((a) => a.type === 'ContactErased')).toEqual([])
    expect(s.referrals.get('r1')?.rewards).toEqual(['w1'])
  })

  it('a flood of events reusing one id is noted once, whatever their types', () => {
    const first = add('c')
    const types = ['ContactMet', 'ContactRated', 'InterestRecorded', 'TouchLogged'] as const
    const reuses = Array.from({ length: 2000 }, (_, i) => ({ ...ev(types[i % types.length] as RelationshipEvent['type'], 'c', { score: 3 }), id: first.id }))
    const s = foldEvents(reuses, foldEvents([first], base))
    expect(s.anomalies.toArray().filter((a) => a.reason === 'id-conflict')).toHaveLength(1)
    // Event by event too: the note is kept in the state, not only in one pass.
    const t = reuses.slice(0, 50).reduce(evolve, foldEvents([first], base))
    expect(t.anomalies.toArray().filter((a) => a.reason === 'id-conflict')).toHaveLength(1)
  })
})

describe('foldOwnContact (the KPI report rebuilding one contact from its own stream)', () => {
  it('builds the contact foldEvents builds from the same events, when each id comes once', () => {
    fc.assert(
      fc.property(perturbedEventStream({ maxEvents: 120 }), (events) => {
        // The aggregate hands over each id once: drop redeliveries and reused ids first.
        const seen = new Set<string>()
        const unique = events.filter((e) => !seen.has(e.id) && seen.add(e.id) !== undefined)
        const byContact = new Map<string, RelationshipEvent[]>()
        for (const e of unique) if (e.contactId !== undefined) (byContact.get(e.contactId) ?? byContact.set(e.contactId, []).get(e.contactId))?.push(e)
        for (const [id, own] of byContact) expect(foldOwnContact(own, id)).toEqual(foldEvents(own).contacts.get(id))
      }),
      { numRuns: runs(200) },
    )
  })
})

describe('the index of event ids', () => {
  it('keeps each entry a small integer: 64 event types at most (6 bits of 30)', () => {
    // The fold packs type, redacted and a 23-bit fingerprint in 30 bits; a 65th type would
    // overflow into heap numbers (and past 2^30) silently.
    expect(EVENT_TYPES.length).toBeLessThanOrEqual(64)
    const s = foldEvents([{ id: 'x', type: 'ContactAdded', at: '2026-01-01T00:00:00Z', schema: 1, contactId: 'x', name: 'X', met: true } as RelationshipEvent])
    const entry = s.seen.get('x') as number
    expect(Number.isInteger(entry) && entry >= 0 && entry < 2 ** 30).toBe(true)
  })
})
