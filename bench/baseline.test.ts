/**
 * The baseline of `npm run bench` does the fold's work: on valid streams and on streams
 * broken in every way the fold has a rule for (redeliveries, redacted redeliveries, ids
 * reused by other events, values that are not events, missing contacts and enrollments,
 * events out of order, backdated stages, erasures and events naming the erased, commands),
 * it ends with the same facts as `foldEvents` — every collection, `seen` and `commands` with
 * their numbers. Not a benchmark: nothing here is timed.
 */
import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { scrubEvent, type RelationshipEvent } from '../src/events/index.js'
import { foldEvents } from '../src/state/index.js'
import { arbitraryEventStream, generateEventStream } from '../src/testing/index.js'
import { eventMaker } from '../test/support/events.js'
import { runBaseline } from './baseline.js'
import { differences } from './check.js'

/** Folds values that may not all be events (the fold takes them: it sets them aside). */
const fold = (values: readonly unknown[]) => foldEvents(values as readonly RelationshipEvent[])
const baseline = (values: readonly unknown[]) => runBaseline(values as readonly RelationshipEvent[])
const diffs = (values: readonly unknown[]): string[] => differences(fold(values), baseline(values))

/** An event with a field that throws when read: its fingerprint cannot be taken. */
const unreadable = (e: RelationshipEvent): unknown =>
  Object.defineProperty({ ...e, id: `${e.id}-unreadable` }, 'trap', {
    enumerable: true,
    get: () => {
      throw new Error('unreadable')
    },
  })

/**
 * Values that are not (decoded) events, made from an event: not objects, envelopes of the
 * wrong shape, and envelopes whose payload makes a handler throw (a field of the wrong shape).
 */
const malformed = (e: RelationshipEvent, k: number): unknown => {
  const id = `${e.id}-bad${k}`
  const base = { id, at: e.at, schema: 1, contactId: e.contactId }
  const values: unknown[] = [
    null,
    42,
    'ContactAdded',
    [e],
    { ...e, id: 7 },
    { ...e, id, type: 'ContactMerged' },
    { ...e, id, at: 1_700_000_000_000 },
    { ...e, id, contactId: 12 },
    unreadable(e),
    { ...base, type: 'TransactionClosed', transactionId: id, value: { amount: 1, currency: 'USD' } }, // no servedBy
    { ...base, type: 'FeedbackRecorded', csi: { method: 'attributes' } }, // no attributes
    { ...base, type: 'ContactUpdated', emails: null },
    { ...base, type: 'ContactAdded', contactId: `${id}-c`, name: 'x', met: true, emails: 5 },
  ]
  return values[k % values.length]
}

/** Everything `e` names erased: `scrubEvent` gives the event as a store's `erase` leaves it. */
const redacted = (e: RelationshipEvent): RelationshipEvent => {
  const ids = (['contactId', 'refereeId', 'aboutContactId', 'recipientId'] as const).flatMap((k) => {
    const v = (e as Partial<Record<string, unknown>>)[k]
    return typeof v === 'string' ? [v] : []
  })
  const refs = (k: string): Set<string> => {
    const v = (e as Partial<Record<string, unknown>>)[k]
    return new Set(typeof v === 'string' ? [v] : [])
  }
  return scrubEvent(e, { contacts: new Set(ids), referrals: refs('referralId'), rewards: refs('rewardId') })
}

/**
 * A stream broken by `picks`: events dropped, redelivered (as they were or redacted),
 * their ids reused by other events, swapped, backdated, given commands, their contacts
 * erased early, and values that are not events slipped in.
 */
const breakStream = (events: readonly RelationshipEvent[], picks: readonly number[]): unknown[] => {
  let k = 0
  const next = (n: number): number => (picks.length === 0 ? 0 : (picks[k++ % picks.length] as number) % n)
  const out: unknown[] = []
  const sent: RelationshipEvent[] = []
  const push = (e: RelationshipEvent): void => {
    out.push(e)
    sent.push(e)
  }
  const earlier = (): RelationshipEvent => sent[next(sent.length)] as RelationshipEvent
  for (const [i, e] of events.entries()) {
    const op = next(20)
    if (op === 0) continue // dropped: later events find no contact, enrollment, referral…
    if (op === 1 && sent.length > 0) {
      // Its id taken by another event first: this one is the id conflict.
      push({ ...earlier(), id: e.id } as RelationshipEvent)
    }
    push(e)
    switch (op) {
      case 2:
        out.push(earlier()) // redelivered
        break
      case 3:
        out.push(redacted(earlier())) // redelivered as a store's erase left it
        break
      case 4:
        push({ ...earlier(), id: e.id } as RelationshipEvent) // the same id on another event (noted once per id)
        break
      case 5: {
        const j = out.length - 1
        if (j > 0) [out[j - 1], out[j]] = [out[j], out[j - 1]] // out of order
        break
      }
      case 6:
        push({ ...e, id: `${e.id}-again`, at: '2024-01-01T00:00:00Z' } as RelationshipEvent) // backdated copy
        break
      case 7:
        out.push(malformed(e, next(1000)))
        break
      case 8: {
        // Commands: ids `${commandId}/${n}` with a fingerprint; a reused command id keeps the first.
        const commandHash = ['0a1b2c3d4e5f60', 'ffeeddccbbaa99', 'zz'][next(3)] as string
        const id = next(4) === 0 ? `${e.id}-no-index` : `cmd${next(6)}/${i}`
        push({ ...e, id, commandHash } as RelationshipEvent)
        break
      }
      case 9:
        // Its contact erased now: what follows names someone erased.
        if (e.contactId !== undefined) push({ id: `${e.id}-erase`, type: 'ContactErased', at: e.at, schema: 1, contactId: e.contactId } as RelationshipEvent)
        break
      default:
        break
    }
  }
  return out
}

const brokenStreams = fc
  .tuple(arbitraryEventStream({ maxEvents: 120, maxContacts: 6 }), fc.array(fc.nat(), { maxLength: 400 }))
  .map(([events, picks]) => breakStream(events, picks))

const ev = eventMaker('b')

describe('the bench baseline does the work the fold does', () => {
  it('on valid streams', () => {
    fc.assert(
      fc.property(arbitraryEventStream({ maxEvents: 150, maxContacts: 8 }), (events) => {
        expect(differences(foldEvents(events), runBaseline(events))).toEqual([])
      }),
      { numRuns: 300 },
    )
  })

  it('on broken streams (every anomaly path)', () => {
    fc.assert(
      fc.property(brokenStreams, (values) => {
        expect(diffs(values)).toEqual([])
      }),
      { numRuns: 500 },
    )
  })

  it('on the anomalies the fold names', () => {
    const added = (id: string) => ev('ContactAdded', id, { name: id, met: false })
    const refer = (id: string, from: string, to: string) => ev('ReferralReceived', from, { referralId: id, refereeId: to, note: 'n' })
    const stage = (id: string, from: string, s: string, extra = {}) => ev('ReferralStageChanged', from, { referralId: id, stage: s, ...extra })
    const reused = ev('ContactRated', 'a', { score: 2 })
    const events = [
      ev('ContactRated', 'ghost', { score: 1 }),
      added('a'),
      added('a'),
      added('b'),
      added('c'),
      refer('r0', 'a', 'a'),
      refer('r1', 'a', 'b'),
      refer('r1', 'c', 'b'),
      refer('r2', 'c', 'b'),
      refer('r3', 'a', 'nobody'),
      stage('r1', 'c', 'contacted'),
      stage('r1', 'a', 'appointment'),
      stage('r1', 'a', 'contacted'),
      { ...stage('r1', 'a', 'under-contract'), at: '2026-01-01T00:00:00Z' } as RelationshipEvent,
      stage('r9', 'a', 'contacted'),
      ev('LeadStageChanged', 'b', { stage: 'contacted' }),
      ev('LeadCaptured', 'b', { source: 'web' }),
      ev('LeadStageChanged', 'c', { stage: 'appointment' }),
      ev('LeadStageChanged', 'c', { stage: 'received' }),
      ev('LeadAssigned', 'c', { assignee: 'agent-1' }),
      ev('RewardIssued', 'a', { rewardId: 'w1', referralId: 'r1', stage: 'received', ruleId: 'x', recipientId: 'a', side: 'referrer', value: { kind: 'points', points: 1 } }),
      ev('RewardIssued', 'a', { rewardId: 'w1', referralId: 'r1', stage: 'received', ruleId: 'x', recipientId: 'a', side: 'referrer', value: { kind: 'points', points: 1 } }),
      ev('RewardIssued', 'a', { rewardId: 'w2', referralId: 'r9', stage: 'received', ruleId: 'x', recipientId: 'a', side: 'referrer', value: { kind: 'points', points: 1 } }),
      ev('RewardApproved', 'a', { rewardId: 'w1' }),
      ev('RewardRejected', 'a', { rewardId: 'w1', reason: 'late' }),
      ev('RewardRevoked', 'a', { rewardId: 'w1', reason: 'refund' }),
      ev('RewardApproved', 'a', { rewardId: 'w9' }),
      ev('PlanEnrolled', 'a', { enrollmentId: 'x', planId: '8x8', startDate: '2026-11-26' }),
      ev('PlanEnrolled', 'a', { enrollmentId: 'x', planId: '8x8', startDate: '2026-11-26' }),
      ev('PlanResumed', 'a', { enrollmentId: 'x', on: '2026-11-27' }),
      ev('PlanPaused', 'a', { enrollmentId: 'x', from: '2026-11-20' }),
      ev('PlanPaused', 'a', { enrollmentId: 'x', from: '2026-11-27' }),
      ev('PlanPaused', 'a', { enrollmentId: 'x', from: '2026-11-28' }),
      ev('PlanResumed', 'a', { enrollmentId: 'x', on: '2026-11-20' }),
      ev('PlanResumed', 'a', { enrollmentId: 'x', on: '2026-11-29' }),
      ev('PlanPaused', 'a', { enrollmentId: 'x', from: '2026-11-28' }),
      ev('TouchCompleted', 'a', { enrollmentId: 'x', touchKey: 'k', kind: 'call', channel: 'phone', on: '2026-11-26' }),
      ev('TouchCompleted', 'a', { enrollmentId: 'x', touchKey: 'k', kind: 'call', channel: 'phone', on: '2026-11-26' }),
      ev('TouchSkipped', 'a', { enrollmentId: 'x', touchKey: 'k', reason: 'away' }),
      ev('TouchRescheduled', 'a', { enrollmentId: 'x', touchKey: 'k2', to: '2026-12-01' }),
      ev('TouchRescheduled', 'a', { enrollmentId: 'x', touchKey: 'k2', to: '2026-12-02' }),
      ev('TouchRescheduled', 'a', { enrollmentId: 'y', touchKey: 'k', to: '2026-12-01' }),
      ev('PlanCompleted', 'a', { enrollmentId: 'x' }),
      ev('PlanCancelled', 'a', { enrollmentId: 'x' }),
      ev('TransactionClosed', 'b', { transactionId: 't', value: { amount: 1, currency: 'USD' }, servedBy: ['agent-1'] }),
      ev('TransactionClosed', 'b', { transactionId: 't', value: { amount: 1, currency: 'USD' }, servedBy: ['agent-1'] }),
      ev('ContactRoleChanged', 'b', { role: 'ally', allyCategory: 'lender', settlementService: true }),
      ev('ContactRoleChanged', 'b', { role: 'ally', allyCategory: 'lender' }),
      ev('FeedbackRecorded', 'a', { nps: 9, aboutContactId: 'b' }),
      ev('FeedbackRecorded', 'a', { nps: 7 }),
      ev('ConsentChanged', 'a', { channel: 'email', doNotContact: true }),
      ev('ConsentChanged', 'a', { channel: 'all', doNotContact: true }),
      ev('ConsentChanged', 'a', { channel: 'phone', doNotContact: false }),
      reused,
      { ...ev('ContactMet', 'a'), id: reused.id } as RelationshipEvent,
      { ...ev('ContactMet', 'a'), id: reused.id, at: '2027-01-01T00:00:00Z' } as RelationshipEvent,
      // Only its score (personal data, left out of the fingerprint) differs: a redelivery.
      { ...ev('ContactRated', 'a', { score: 5 }), id: reused.id } as RelationshipEvent,
      { ...ev('ContactRated', 'a', { score: 5 }), id: reused.id, at: '2027-01-01T00:00:00Z' } as RelationshipEvent,
      reused,
      ev('ContactErased', 'b'),
      ev('ContactUpdated', 'b', { name: 'back' }),
      added('b'),
      refer('r4', 'a', 'b'),
      stage('r1', 'a', 'closed', { revenue: { amount: 5, currency: 'USD' } }),
      ev('CostRecorded', undefined, { category: 'mailing', amount: { amount: 5, currency: 'USD' } }),
    ]
    const folded = foldEvents(events)
    expect(folded.anomalies.size).toBeGreaterThan(25)
    // Three events reuse `reused`'s id (two types): one conflict, for the id.
    expect(folded.anomalies.toArray().filter((a) => a.reason === 'id-conflict')).toHaveLength(1)
    expect(differences(folded, runBaseline(events))).toEqual([])
  })

  it('on events that name someone erased, and on erasure itself', () => {
    const e = eventMaker('x')
    const gift = { kind: 'gift', tier: 'premium', description: 'A signed ball' }
    const before = [
      e('ContactAdded', 'a', { name: 'Ann', met: true, emails: ['ann@example.com'], address: { lines: ['1 Main St'], postalCode: 'P1' } }),
      e('ContactAdded', 'b', { name: 'Bob', met: false, notes: 'likes golf' }),
      e('ContactAdded', 'c', { name: 'Cid', met: true }),
      e('ContactRoleChanged', 'b', { role: 'ally', allyCategory: 'lender' }),
      e('PersonalDateRecorded', 'b', { kind: 'birthday', date: '1980-05-01' }),
      e('InterestRecorded', 'b', { category: 'hobby', name: 'golf' }),
      e('ContactRated', 'b', { score: 4 }),
      e('PlanEnrolled', 'b', { enrollmentId: 'p', planId: '8x8', startDate: '2026-11-26' }),
      e('TouchSkipped', 'b', { enrollmentId: 'p', touchKey: 'k1', reason: 'was away' }),
      e('TouchCompleted', 'b', { enrollmentId: 'p', touchKey: 'k2', kind: 'call', channel: 'phone', on: '2026-11-27' }),
      e('ReferralReceived', 'a', { referralId: 'r1', refereeId: 'b', note: 'Bob needs a house', source: 'party' }),
      e('ReferralReceived', 'b', { referralId: 'r2', refereeId: 'c', note: 'Cid too' }),
      e('ReferralStageChanged', 'b', { referralId: 'r2', stage: 'lost', reason: 'Cid moved away' }),
      e('RewardIssued', 'a', { rewardId: 'w1', referralId: 'r1', stage: 'received', ruleId: 'x', recipientId: 'a', side: 'referrer', value: gift }),
      e('RewardIssued', 'a', { rewardId: 'w2', referralId: 'r2', stage: 'received', ruleId: 'x', recipientId: 'b', side: 'referrer', value: gift }),
      e('RewardIssued', undefined, { rewardId: 'w3', referralId: 'r1', stage: 'received', ruleId: 'x', recipientId: 'agent-1', side: 'team', value: gift }),
      e('RewardRejected', 'a', { rewardId: 'w2', reason: 'Bob was rude' }),
      e('FeedbackRecorded', 'c', { nps: 3, aboutContactId: 'b', comment: 'slow' }),
      e('FeedbackRecorded', 'b', { nps: 10, perceivedPerformance: 9 }),
      e('AllyReviewed', 'b', { verdict: 'reconsider', note: 'late twice' }),
      e('LeadAssigned', 'b', { assignee: 'agent-2' }),
    ]
    const erase = e('ContactErased', 'b')
    const after = [
      e('ReferralStageChanged', 'a', { referralId: 'r1', stage: 'lost', reason: 'Bob chose another agent' }), // reason scrubbed
      e('RewardRevoked', 'a', { rewardId: 'w1', reason: 'Bob cancelled' }), // reason scrubbed
      e('RewardIssued', 'a', { rewardId: 'w4', referralId: 'r2', stage: 'lost', ruleId: 'y', recipientId: 'b', side: 'referrer', value: gift }),
      e('RewardIssued', undefined, { rewardId: 'w5', referralId: 'r1', stage: 'lost', ruleId: 'y', recipientId: 'agent-1', side: 'team', value: gift }),
      e('FeedbackRecorded', 'c', { nps: 2, aboutContactId: 'b' }), // counted on c, measures scrubbed, nothing on b
      e('ReferralReceived', 'c', { referralId: 'r3', refereeId: 'b', note: 'Bob again' }), // contact-erased
      e('ContactAdded', 'b', { name: 'Bob', met: true }), // contact-erased
      e('TouchLogged', 'b', { kind: 'call', channel: 'phone', on: '2026-12-01' }), // contact-erased
      e('ContactErased', 'b'), // contact-erased
      redacted(before[1] as RelationshipEvent), // a redelivery once redacted: nothing
      redacted(before[10] as RelationshipEvent),
      { ...before[2], id: (before[1] as RelationshipEvent).id } as RelationshipEvent, // another event on b's id: a conflict
      e('ContactErased', 'a'),
      e('ReferralStageChanged', 'a', { referralId: 'r1', stage: 'closed', revenue: { amount: 1, currency: 'USD' } }), // final already
      e('CostRecorded', 'a', { category: 'gift', amount: { amount: 5, currency: 'USD' } }),
      e('ContactUpdated', 'c', { name: 'Cid', notes: null, circle: 'friend', address: { lines: ['2 High St'] } }),
    ]
    const events = [...before, erase, ...after]
    const folded = foldEvents(events)
    expect(folded.contacts.get('b')?.profile).toBeNull()
    expect(folded.anomalies.toArray().map((a) => a.reason)).toEqual(
      expect.arrayContaining(['contact-erased', 'id-conflict', 'invalid-stage-transition']),
    )
    expect(differences(folded, runBaseline(events))).toEqual([])
    // Every prefix too: erasure's effects appear and stay the same on both sides.
    for (let n = before.length; n <= events.length; n++) expect(differences(foldEvents(events.slice(0, n)), runBaseline(events.slice(0, n)))).toEqual([])
  })

  it('on commands, id conflicts and values that are not events', () => {
    const e = eventMaker('y')
    const cmd = (id: string, commandHash: string, ev0: RelationshipEvent): RelationshipEvent => ({ ...ev0, id, commandHash }) as RelationshipEvent
    const a = e('ContactAdded', 'a', { name: 'Ann', met: false })
    const values: unknown[] = [
      cmd('c1/0', '00000000abcdef', a),
      cmd('c1/1', '00000000abcdef', e('ContactMet', 'a')),
      cmd('c1/2', 'ffffffffffffff', e('ContactRated', 'a', { score: 3 })), // the command's first fingerprint stays
      cmd('c2/x', '0000000000000a', e('ContactMet', 'a')), // not `${commandId}/${n}`: no command
      cmd('c3/0', '0000000000000b', e('TouchLogged', 'ghost', { kind: 'call', channel: 'phone', on: '2026-12-01' })), // set aside, command kept
      cmd('c1/0', '1111111111111', e('ContactMet', 'a')), // a conflict: no command registered for it
      cmd('c1/0', '00000000abcdef', a), // a redelivery
      { ...a, commandHash: undefined }, // the same content without its command fingerprint: a redelivery
      { ...a, redacted: true }, // likewise
      ...Array.from({ length: 13 }, (_, k) => malformed(e('TouchLogged', 'a', { kind: 'call', channel: 'phone', on: '2026-12-01' }), k)),
      // A reward for a referrer with no recipient is malformed up front: no reward is kept, so
      // its later moves find none.
      e('ContactAdded', 'b', { name: 'Bob', met: false }),
      e('ReferralReceived', 'a', { referralId: 'r', refereeId: 'b' }),
      e('RewardIssued', 'a', { rewardId: 'w', referralId: 'r', stage: 'received', ruleId: 'x', side: 'referrer', value: { kind: 'points', points: 1 } }),
      e('RewardApproved', undefined, { rewardId: 'w' }),
      e('RewardRejected', undefined, { rewardId: 'w', reason: 'no' }),
      e('ContactRated', 'a', { score: 5 }),
    ]
    const folded = fold(values)
    expect(folded.commands.size).toBe(2)
    expect(folded.anomalies.toArray().filter((x) => x.reason === 'malformed-event').length).toBeGreaterThanOrEqual(10)
    expect(folded.rewards.size).toBe(0)
    expect(folded.anomalies.toArray().slice(-3).map((x) => [x.type, x.reason])).toEqual([
      ['RewardIssued', 'malformed-event'],
      ['RewardApproved', 'unknown-reward'],
      ['RewardRejected', 'unknown-reward'],
    ])
    expect(differences(folded, baseline(values))).toEqual([])
  })

  it('on a large generated stream like the benchmark’s, valid and broken', () => {
    const events = generateEventStream({ seed: 7, contacts: 2_000, events: 200_000 })
    expect(differences(foldEvents(events), runBaseline(events))).toEqual([])
    const picks = Array.from({ length: 997 }, (_, i) => (i * 7919 + 13) % 1009)
    const broken = breakStream(events.slice(0, 60_000), picks)
    expect(diffs(broken)).toEqual([])
  }, 120_000)
})
