/**
 * The baseline of `npm run bench` does the fold's work: on valid streams and on streams
 * broken in every way the fold has a rule for (redeliveries, redacted redeliveries, ids
 * reused by other events, values that are not events, ids that are not strings, fields of
 * the wrong shape that make a handler throw, missing contacts and enrollments, events out of
 * order, backdated stages, erasures and events naming the erased, commands), it ends with the
 * same facts as `foldEvents` — every collection, `seen` and `commands` with their numbers,
 * the ids noted as conflicts. Not a benchmark: nothing here is timed.
 */
import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { scrubEvent, type RelationshipEvent } from '../src/events/index.js'
import { foldInChunks } from '../src/state/fold/index.js'
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

/** How many kinds of value `malformed` makes. */
const MALFORMED_KINDS = 21

/**
 * Values that are not (decoded) events, made from an event: not objects, envelopes of the
 * wrong shape, ids that are not strings (set aside up front), and envelopes whose payload
 * makes a handler throw (a field of the wrong shape: the fold redoes its batch without it).
 */
const malformed = (e: RelationshipEvent, k: number): unknown => {
  const id = `${e.id}-bad${k}`
  const base = { id, at: e.at, schema: 1, contactId: e.contactId }
  const values: unknown[] = [
    null,
    42,
    'ContactAdded',
    [e],
    { ...e, id: 7 }, // a known type: noted with it
    { ...e, id, type: 'ContactMerged' },
    { ...e, id, at: 1_700_000_000_000 },
    { ...e, id, contactId: 12 },
    unreadable(e),
    // Ids missing or not strings: malformed up front, whatever the handler would do.
    { ...base, type: 'ReferralStageChanged', referralId: 1, stage: 'contacted' },
    { ...base, type: 'RewardIssued', rewardId: id, referralId: 'r', stage: 'received', ruleId: 'x', side: 'referrer', value: { kind: 'points', points: 1 } }, // no recipientId
    { ...base, type: 'FeedbackRecorded', nps: 5, aboutContactId: 5 },
    { ...base, type: 'LeadAssigned' }, // no assignee
    { ...e, id, commandHash: 5 },
    { ...e, id, actor: { id: 'a' } },
    // A field of the wrong shape: a handler throws.
    { ...base, type: 'TransactionClosed', transactionId: id, value: { amount: 1, currency: 'USD' } }, // no servedBy
    { ...base, type: 'TransactionClosed', transactionId: id, value: { amount: 1, currency: 'USD' }, servedBy: 42 },
    { ...base, type: 'FeedbackRecorded', csi: { method: 'attributes' } }, // no attributes
    { ...base, type: 'ContactUpdated', emails: null },
    { ...base, type: 'ContactUpdated', name: 'x', address: { lines: 5 } },
    { ...base, type: 'ContactAdded', contactId: `${id}-c`, name: 'x', met: true, emails: 5 },
  ]
  if (values.length !== MALFORMED_KINDS) throw new Error(`MALFORMED_KINDS is ${MALFORMED_KINDS}, the list holds ${values.length}`)
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

/** Values of other shapes for a field: what a log that was never decoded may hold. */
const JUNK = [undefined, null, 42, -1, 'x', [], [1], {}, { amount: 'x' }, { method: 'attributes' }, true] as const

/** The stream with a field (not the envelope) of a few events replaced by a value of another shape. */
const withJunkFields = (events: readonly RelationshipEvent[], picks: readonly (readonly [number, number])[]): unknown[] => {
  const out: unknown[] = [...events]
  if (events.length === 0) return out
  for (const [pick, junk] of picks) {
    const i = pick % events.length
    const e = out[i] as Record<string, unknown>
    const fields = Object.keys(e).filter((k) => !['id', 'type', 'at', 'schema'].includes(k))
    if (fields.length === 0) continue
    out[i] = { ...e, [fields[Math.floor(pick / events.length) % fields.length] as string]: JUNK[junk % JUNK.length] }
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
      ...Array.from({ length: MALFORMED_KINDS }, (_, k) => malformed(e('TouchLogged', 'a', { kind: 'call', channel: 'phone', on: '2026-12-01' }), k)),
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
    expect(folded.anomalies.toArray().filter((x) => x.reason === 'malformed-event').length).toBeGreaterThanOrEqual(MALFORMED_KINDS)
    expect(folded.rewards.size).toBe(0)
    expect(folded.anomalies.toArray().slice(-3).map((x) => [x.type, x.reason])).toEqual([
      ['RewardIssued', 'malformed-event'],
      ['RewardApproved', 'unknown-reward'],
      ['RewardRejected', 'unknown-reward'],
    ])
    expect(differences(folded, baseline(values))).toEqual([])
  })

  it('on ids missing or not strings: set aside up front, noted with their type, not counted', () => {
    const e = eventMaker('i')
    const values: unknown[] = [
      e('ContactAdded', 'a', { name: 'Ann', met: false }),
      e('ContactAdded', 'b', { name: 'Bob', met: false }),
      { ...e('ReferralReceived', 'a', { referralId: 'r', refereeId: 'b' }), refereeId: undefined },
      e('ReferralReceived', 'a', { referralId: 7, refereeId: 'b' }),
      e('ReferralStageChanged', 'a', { referralId: null, stage: 'contacted' }),
      e('FeedbackRecorded', 'a', { nps: 9, aboutContactId: ['b'] }),
      e('ContactMet', 'a', { commandHash: 12 }),
      e('LeadAssigned', 'b', { assignee: { id: 'agent' } }),
      { ...e('ContactMet', 'a'), id: 3 },
      { ...e('ContactMet', 'a'), type: 'ContactMerged' },
      e('ReferralReceived', 'a', { referralId: 'r', refereeId: 'b' }),
    ]
    const folded = fold(values)
    expect(folded.eventCount).toBe(3)
    expect(folded.seen.size).toBe(3)
    expect(folded.anomalies.toArray().map((a) => [a.type, a.reason, a.position])).toEqual([
      ['ReferralReceived', 'malformed-event', 2],
      ['ReferralReceived', 'malformed-event', 2],
      ['ReferralStageChanged', 'malformed-event', 2],
      ['FeedbackRecorded', 'malformed-event', 2],
      ['ContactMet', 'malformed-event', 2],
      ['LeadAssigned', 'malformed-event', 2],
      ['ContactMet', 'malformed-event', 2],
      [null, 'malformed-event', 2],
    ])
    expect(folded.referrals.get('r')?.refereeId).toBe('b')
    expect(differences(folded, baseline(values))).toEqual([])
  })

  it('on id conflicts: noted once per id whatever the types, across the fold’s commits', () => {
    const e = eventMaker('k')
    const first = e('ContactAdded', 'a', { name: 'Ann', met: false })
    const other = e('ContactAdded', 'b', { name: 'Bob', met: false })
    const types = ['ContactMet', 'ContactRated', 'InterestRecorded', 'TouchLogged'] as const
    // More reuses than the fold folds between commits: the later ones meet the committed note.
    const reuses = Array.from({ length: 9_000 }, (_, i) => ({ ...e(types[i % types.length] as RelationshipEvent['type'], 'a', { score: 3 }), id: first.id }))
    const values = [first, other, ...reuses, { ...e('ContactMet', 'a'), id: other.id }, { ...e('ContactRated', 'b', { score: 1 }), id: other.id }]
    const folded = fold(values)
    expect(folded.anomalies.toArray().map((a) => [a.eventId, a.type, a.reason, a.conflictsWith])).toEqual([
      [first.id, 'ContactMet', 'id-conflict', 'ContactAdded'],
      [other.id, 'ContactMet', 'id-conflict', 'ContactAdded'],
    ])
    expect(folded.conflicts.size).toBe(2)
    expect(differences(folded, baseline(values))).toEqual([])
  })

  it('on rewards: one for someone who is not a contact is set aside, the team’s are not', () => {
    const e = eventMaker('w')
    const issued = (rewardId: string, payload: Record<string, unknown>) =>
      e('RewardIssued', undefined, { rewardId, referralId: 'r', stage: 'received', ruleId: 'x', side: 'referrer', value: { kind: 'points', points: 5 }, ...payload })
    const values: unknown[] = [
      e('ContactAdded', 'a', { name: 'Ann', met: false }),
      e('ContactAdded', 'b', { name: 'Bob', met: false }),
      e('ReferralReceived', 'a', { referralId: 'r', refereeId: 'b' }),
      issued('w1', { recipientId: 'nobody' }), // unknown-contact, nothing kept
      issued('w1', { recipientId: 'a' }), // so the id is free
      issued('w2', { recipientId: 'agent-1', side: 'team' }), // the programme's: no contact needed
      issued('w3', { recipientId: 'b', side: 'referee' }),
      issued('w4', {}), // no recipientId: malformed
      e('RewardApproved', undefined, { rewardId: 'w4' }), // unknown-reward
      e('ContactErased', 'b'),
      issued('w5', { recipientId: 'b', side: 'referee', value: { kind: 'gift', tier: 'basic', description: 'A mug' } }), // an erased contact is still a contact
    ]
    const folded = fold(values)
    expect(folded.anomalies.toArray().map((a) => [a.type, a.reason])).toEqual([
      ['RewardIssued', 'unknown-contact'],
      ['RewardIssued', 'malformed-event'],
      ['RewardApproved', 'unknown-reward'],
    ])
    expect([...folded.rewards.keys()].sort()).toEqual(['w1', 'w2', 'w3', 'w5'])
    expect(folded.contacts.get('a')?.rewards).toEqual(['w1'])
    expect(folded.contacts.get('b')?.rewards).toEqual(['w3', 'w5'])
    expect(differences(folded, baseline(values))).toEqual([])
  })

  it('on referred leads: nothing of the referral’s text is copied; the lead’s own source is kept', () => {
    const e = eventMaker('l')
    const events = [
      e('ContactAdded', 'a', { name: 'Ann', met: false }),
      e('ContactAdded', 'b', { name: 'Bob', met: false }),
      e('ContactAdded', 'c', { name: 'Cid', met: false }),
      e('LeadCaptured', 'b', { source: 'web' }),
      e('ReferralReceived', 'a', { referralId: 'r1', refereeId: 'b', source: 'party', note: 'Bob needs a house' }),
      e('ReferralReceived', 'a', { referralId: 'r2', refereeId: 'c', source: 'golf' }),
      e('LeadCaptured', 'c'),
      e('ReferralStageChanged', 'a', { referralId: 'r2', stage: 'lost', reason: 'Cid moved away' }),
      e('LeadCaptured', 'c', { source: 'fair' }),
      e('LeadCaptured', 'b', { source: 'ad' }), // a referred lead takes its own source, over one it has
      e('ReferralStageChanged', 'a', { referralId: 'r1', stage: 'contacted' }),
      e('ReferralStageChanged', 'a', { referralId: 'r1', stage: 'closed', revenue: { amount: 9, currency: 'USD' } }),
    ]
    const erasures = [e('ContactErased', 'a'), e('ContactErased', 'c')]
    const folded = foldEvents(events)
    expect(folded.contacts.get('b')?.sales.lead).toEqual({
      capturedAt: '2026-11-26T09:00:00Z',
      source: 'ad',
      referralId: 'r1',
      stage: 'closed',
      stages: { received: '2026-11-26T09:00:00Z', contacted: '2026-11-26T09:00:00Z', closed: '2026-11-26T09:00:00Z' },
      revenue: { amount: 9, currency: 'USD' },
    })
    expect(folded.contacts.get('c')?.sales.lead).toMatchObject({ source: 'fair', stage: 'lost' })
    expect(folded.contacts.get('c')?.sales.lead?.lostReason).toBeUndefined()
    // The referrer's erasure scrubs the referrals, not the referees' leads; the referee's, its own lead.
    const erased = foldEvents(erasures, folded)
    expect(erased.referrals.get('r1')?.note).toBeUndefined()
    expect(erased.contacts.get('b')?.sales.lead?.source).toBe('ad')
    expect(erased.contacts.get('c')?.sales.lead?.source).toBeUndefined()
    for (let n = 0; n <= events.length + erasures.length; n++) {
      const prefix = [...events, ...erasures].slice(0, n)
      expect(differences(foldEvents(prefix), runBaseline(prefix))).toEqual([])
    }
  })

  it('on redeliveries: the same content, or the same type when either copy was redacted', () => {
    const e = eventMaker('d')
    const added = e('ContactAdded', 'a', { name: 'Ann', met: false, notes: 'private' })
    const rated = e('ContactRated', 'a', { score: 4 })
    const values: unknown[] = [
      redacted(added), // the redacted copy first
      added, // a redelivery
      rated,
      redacted(rated), // a redelivery
      { ...redacted(rated), type: 'ContactMet' }, // another type: a conflict
      { ...rated, at: '2027-01-01T00:00:00Z' }, // other content, neither redacted: the id already noted
    ]
    const folded = fold(values)
    expect(folded.eventCount).toBe(2)
    expect(folded.anomalies.toArray().map((a) => [a.eventId, a.reason])).toEqual([[rated.id, 'id-conflict']])
    expect(differences(folded, baseline(values))).toEqual([])
  })

  it('on events with a field of the wrong shape (a handler throws): set aside whole, whatever the fold’s commits', () => {
    let threw = 0
    fc.assert(
      fc.property(
        arbitraryEventStream({ maxEvents: 100, maxContacts: 6 }),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 9 }),
        (events, picks, chunk) => {
          const values = withJunkFields(events, picks)
          const base = baseline(values)
          const folded = fold(values)
          // Registered in `seen` yet malformed: its handler threw.
          threw += folded.anomalies.toArray().filter((a) => a.reason === 'malformed-event' && folded.seen.has(a.eventId)).length
          expect(differences(folded, base)).toEqual([])
          expect(differences(foldInChunks(values as RelationshipEvent[], foldEvents([]), chunk), base)).toEqual([])
        },
      ),
      { numRuns: 400 },
    )
    expect(threw).toBeGreaterThan(10)
  })

  it('on a stream longer than the fold commits at, with handlers throwing after the commit', () => {
    const events: unknown[] = generateEventStream({ seed: 11, contacts: 400, events: 20_000 })
    const junk = (type: RelationshipEvent['type'], from: number, field: string, value: unknown): string => {
      const i = events.findIndex((x, j) => j >= from && (x as RelationshipEvent).type === type)
      const e = events[i] as RelationshipEvent
      events[i] = { ...e, [field]: value }
      return e.id
    }
    // Folded committing every 8,192 events (foldEvents commits every 65,536: the same code, a
    // smaller chunk): each of these throws in its handler after a commit (the first two in the
    // same batch), so the fold redoes the batch since without it.
    const thrown = [
      junk('TransactionClosed', 8_192, 'servedBy', 42),
      junk('ContactUpdated', 8_192, 'emails', null),
      junk('FeedbackRecorded', 16_500, 'csi', { method: 'attributes' }),
    ]
    const upFront = junk('ReferralReceived', 17_000, 'refereeId', 7)
    const folded = foldInChunks(events as RelationshipEvent[], foldEvents([]), 8_192)
    for (const id of thrown) {
      expect(folded.seen.has(id)).toBe(true)
      expect(folded.anomalies.toArray().filter((a) => a.eventId === id).map((a) => a.reason)).toEqual(['malformed-event'])
    }
    expect(folded.seen.has(upFront)).toBe(false)
    expect(folded.eventCount).toBe(events.length - 1)
    expect(differences(folded, baseline(events))).toEqual([])
  }, 60_000)

  it('on a large generated stream like the benchmark’s, valid and broken', () => {
    const events = generateEventStream({ seed: 7, contacts: 2_000, events: 200_000 })
    expect(differences(foldEvents(events), runBaseline(events))).toEqual([])
    const picks = Array.from({ length: 997 }, (_, i) => (i * 7919 + 13) % 1009)
    const broken = breakStream(events.slice(0, 60_000), picks)
    expect(diffs(broken)).toEqual([])
  }, 120_000)
})
