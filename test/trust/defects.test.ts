/**
 * The defects a review of 0.1.0 found, tried as a careful user and an attacker would — one
 * case each, written to fail on 0.1.0: erasure that leaked, input that could exhaust
 * memory, ids and amounts that could lose data.
 */
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import {
  SCHEMA_VERSIONS,
  agenda,
  decide,
  decodeEvent,
  decodeEvents,
  foldEvents,
  isTimeZone,
  networkSnapshot,
  type Command,
  type NetworkState,
  type RelationshipEvent,
} from '../../src/index.js'

const AT = '2026-11-26T09:00:00Z'
const now = new Date('2026-11-26T10:00:00Z')
let n = 0
const ev = (type: RelationshipEvent['type'], contactId: string | undefined, payload: Record<string, unknown> = {}): RelationshipEvent =>
  ({ id: `x${n++}`, type, at: AT, schema: SCHEMA_VERSIONS[type], ...(contactId === undefined ? {} : { contactId }), ...payload }) as unknown as RelationshipEvent
const add = (id: string, extra: Record<string, unknown> = {}) => ev('ContactAdded', id, { name: `Name of ${id}`, met: true, ...extra })

/** Decides a command against a state and folds its events in. */
const run = (state: NetworkState, command: Command): NetworkState => {
  const r = decide(command, state, now)
  if (E.isLeft(r)) throw new Error(r.left.message)
  return foldEvents(r.right, state)
}

describe('erasure: what came back or stayed', () => {
  const base = foldEvents([add('ann'), add('victor'), ev('ReferralReceived', 'ann', { referralId: 'r1', refereeId: 'victor' }), ev('ContactErased', 'victor')])

  it('a command after the referee was erased brings no free text back (a lost reason)', () => {
    const r = decide({ type: 'AdvanceReferral', commandId: 'k1', contactId: 'ann', referralId: 'r1', stage: 'lost', reason: 'Victor is in rehab' }, base, now)
    expect(E.isRight(r)).toBe(true)
    const events = E.isRight(r) ? r.right : []
    expect(JSON.stringify(events)).not.toContain('rehab')
    expect(events[0]).toMatchObject({ type: 'ReferralStageChanged', stage: 'lost', redacted: true })
    const after = foldEvents(events, base)
    expect(after.referrals.get('r1')?.stage).toBe('lost')
    expect(JSON.stringify(networkSnapshot(after))).not.toContain('rehab')
  })

  it('an event written by hand after the erasure brings none either (the fold scrubs it)', () => {
    const after = foldEvents([ev('ReferralStageChanged', 'ann', { referralId: 'r1', stage: 'lost', reason: 'Victor is in rehab' })], base)
    expect(JSON.stringify(networkSnapshot(after))).not.toContain('rehab')
  })

  it('the state keeps no gift description, review or revocation reason, feedback or verdict of or about the erased', () => {
    const s = foldEvents([
      add('p'),
      add('x'),
      add('al'),
      ev('ContactRoleChanged', 'al', { role: 'ally', allyCategory: 'lender' }),
      ev('ContactRoleChanged', 'x', { role: 'ally', allyCategory: 'inspector' }),
      ev('ReferralReceived', 'p', { referralId: 'r', refereeId: 'x', source: 'SOURCE-about-x' }),
      ev('RewardIssued', 'p', { rewardId: 'w1', referralId: 'r', stage: 'received', ruleId: 'g', recipientId: 'x', side: 'referee', value: { kind: 'gift', tier: 'token', description: 'GIFT-for-x' } }),
      ev('RewardIssued', 'p', { rewardId: 'w2', referralId: 'r', stage: 'received', ruleId: 'm', recipientId: 'p', side: 'referrer', value: { kind: 'money', amount: { amount: 100, currency: 'USD' } } }),
      ev('RewardRejected', 'p', { rewardId: 'w1', reason: 'REJECTED-x' }),
      ev('RewardRevoked', 'p', { rewardId: 'w2', reason: 'REVOKED-x' }),
      ev('FeedbackRecorded', 'x', { aboutContactId: 'al', nps: 2, csi: { method: 'attributes', attributes: [{ attribute: 'ATTRIBUTE-by-x', satisfaction: 2, importance: 9 }] }, comment: 'COMMENT-by-x' }),
      ev('FeedbackRecorded', 'p', { aboutContactId: 'x', nps: 1, perceivedPerformance: 1 }),
      ev('AllyReviewed', 'x', { verdict: 'end', note: 'VERDICT-x' }),
      ev('ContactErased', 'x'),
    ])
    const json = JSON.stringify(networkSnapshot(s))
    for (const m of ['SOURCE-about-x', 'GIFT-for-x', 'REJECTED-x', 'REVOKED-x', 'ATTRIBUTE-by-x', 'COMMENT-by-x', 'VERDICT-x', '"end"']) expect(json).not.toContain(m)
    // Counts that identify no one stay: the review and the responses about the erased ally.
    const x = s.contacts.get('x')
    expect([x?.feedback.about.length, x?.feedback.allyReviews.length]).toEqual([1, 1])
    expect(s.contacts.get('al')?.feedback.about).toEqual([{ at: AT, nps: 2, csi: { method: 'attributes', attributes: [{ satisfaction: 2, importance: 9 }] }, aboutContactId: 'al' }])
  })
})

describe('hostile input is bounded', () => {
  const rated = { id: 'e1', type: 'ContactRated', at: AT, schema: 1, contactId: 'c1', score: 3 }

  it('refuses a 20 MB event at once, by its size, without walking it', () => {
    const big = { ...add('c1'), notes: 'x'.repeat(20_000_000) }
    const t0 = performance.now()
    const r = decodeEvent(big)
    expect(performance.now() - t0).toBeLessThan(500)
    expect(E.isLeft(r) && r.left.issues[0]).toMatchObject({ code: 'limit-exceeded', path: 'event.notes' })
  })

  it('refuses a million e-mails, deep nesting, too many keys, too many bytes — each with a limit-exceeded issue', () => {
    const cases: unknown[] = [
      { ...add('c1'), emails: Array.from({ length: 1_000_000 }, (_, i) => `a${i}@b.c`) },
      { ...rated, deep: JSON.parse('{"a":'.repeat(50) + '1' + '}'.repeat(50)) },
      { ...rated, ...Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`k${i}`, i])) },
      { ...add('c1'), notes: 'y'.repeat(16_000), givenName: 'g'.repeat(4000), familyName: 'f'.repeat(4000), company: 'c'.repeat(4000), address: { lines: Array.from({ length: 10 }, () => 'z'.repeat(4000)) }, emails: Array.from({ length: 20 }, (_, i) => `${'q'.repeat(300)}${i}@b.c`) },
    ]
    for (const c of cases) {
      const r = decodeEvent(c)
      expect(E.isLeft(r) && r.left.issues[0]?.code).toBe('limit-exceeded')
    }
  })

  it('collects at most 20 issues, and decodeEvents stops there', () => {
    const bad = Array.from({ length: 1000 }, () => ({ ...rated, score: 9 }))
    const r = decodeEvents(bad)
    expect(E.isLeft(r) && r.left.issues.length).toBe(20)
    // Configurable.
    const r5 = decodeEvents(bad, { limits: { maxIssues: 5 } })
    expect(E.isLeft(r5) && r5.left.issues.length).toBe(5)
  })

  it('keeps no cache of absurd time zones, and refuses them before asking Intl', () => {
    expect(isTimeZone('Asia/Riyadh')).toBe(true)
    expect(isTimeZone('x'.repeat(1_000_000))).toBe(false)
    expect(isTimeZone('Europe/../../etc/passwd')).toBe(false)
    for (let i = 0; i < 3000; i++) isTimeZone(`Nowhere/Zone${i}`)
    expect(isTimeZone('America/New_York')).toBe(true)
  })

  it('refuses objects that are not plain data (a Date, a Map, a Set, a boxed number) and shares no object with the caller', () => {
    for (const address of [new Date(), new Map(), new Set(), new Number(3), new (class Address {})()]) {
      const r = decodeEvent({ ...add('c1'), address })
      expect(E.isLeft(r) && r.left.issues[0]?.code).toBe('not-plain-data')
    }
    const input = { ...add('c1'), emails: ['a@b.c'], address: { lines: ['1 Main St'] } } as Record<string, unknown> & { emails: string[]; address: { lines: string[] } }
    const r = decodeEvent(input)
    if (E.isLeft(r)) throw new Error(r.left.message)
    const e = r.right as unknown as typeof input
    expect(e.emails).not.toBe(input.emails)
    expect(e.address).not.toBe(input.address)
    expect(e.address.lines).not.toBe(input.address.lines)
  })

  it('never echoes personal data into a decode message: it says what it expected and what kind of value it got', () => {
    const r = decodeEvent({ ...add('c1'), name: 'Victor\u202Etxt.exe', emails: ['victor.secret@example.com', 'not an email'] })
    const message = E.isLeft(r) ? r.left.message : ''
    expect(message).toContain('event.name: expected a non-empty text')
    expect(message).toContain('got a string of')
    expect(message).not.toContain('Victor')
    expect(message).not.toContain('not an email')
  })

  it('refuses bidi overrides and terminal escapes in names and notes, keeps the marks Arabic text uses', () => {
    for (const name of ['Ann\u202E', 'Ann\u2066x\u2069', 'Ann\u001b[31m', 'Ann\u009b31m']) expect(E.isLeft(decodeEvent({ ...add('c1'), name }))).toBe(true)
    for (const notes of ['x\u202Dy', '\u001b]0;title\u0007']) expect(E.isLeft(decodeEvent({ ...add('c1'), notes }))).toBe(true)
    expect(E.isRight(decodeEvent({ ...add('c1'), name: 'سلمى\u200F حداد', notes: 'line one\nline two\ttabbed' }))).toBe(true)
  })
})

describe('ids and amounts that cannot lose data', () => {
  it('another event reusing an id is an id-conflict anomaly (once), the first stays; an exact redelivery leaves the state as it is (===)', () => {
    const first = add('c1')
    const s1 = foldEvents([first])
    expect(foldEvents([first], s1)).toBe(s1)
    const other = { ...ev('ContactRated', 'c1', { score: 4 }), id: first.id } as RelationshipEvent
    const s2 = foldEvents([other], s1)
    expect(s2.anomalies.toArray()).toEqual([{ eventId: first.id, type: 'ContactRated', reason: 'id-conflict', applied: false, position: 1, conflictsWith: 'ContactAdded' }])
    expect(s2.eventCount).toBe(1)
    // Redelivered again: no second anomaly, no count, the same state.
    expect(foldEvents([other, other], s2)).toBe(s2)
    // The same id, the same type, other content: a conflict too.
    const sameType = { ...first, name: 'Someone else' } as RelationshipEvent
    expect(foldEvents([sameType], s1).anomalies.toArray().map((a) => a.reason)).toEqual(['id-conflict'])
  })

  it('decide refuses a command id used by another command, and decides nothing for an exact retry', () => {
    const s = run(foldEvents([]), { type: 'AddContact', commandId: 'k1', contactId: 'c1', name: 'Ann', met: true })
    expect(decide({ type: 'AddContact', commandId: 'k1', contactId: 'c1', name: 'Ann', met: true }, s, now)).toEqual(E.right([]))
    const reused = decide({ type: 'RateContact', commandId: 'k1', contactId: 'c1', score: 4 }, s, now)
    expect(E.isLeft(reused) && reused.left.code).toBe('command-id-reused')
  })

  it('money is never negative: revenue, sale values, costs and money rewards', () => {
    const s = foldEvents([add('c1')])
    for (const command of [
      { type: 'CloseTransaction', commandId: 'k', contactId: 'c1', transactionId: 't', value: { amount: -100, currency: 'USD' }, servedBy: [] },
      { type: 'RecordCost', commandId: 'k', category: 'gift', amount: { amount: -5, currency: 'USD' } },
      { type: 'AdvanceLead', commandId: 'k', contactId: 'c1', stage: 'closed', revenue: { amount: -1, currency: 'USD' } },
    ] as Command[]) {
      const r = decide(command, s, now)
      expect(E.isLeft(r) && r.left.code).toBe('invalid-command')
    }
    expect(E.isLeft(decodeEvent({ id: 'c', type: 'CostRecorded', at: AT, schema: 1, category: 'gift', amount: { amount: -5, currency: 'USD' } }))).toBe(true)
  })

  it('a stage typo is unknown-stage, not "cannot move back"', () => {
    const s = foldEvents([add('ann'), add('bo'), ev('ReferralReceived', 'ann', { referralId: 'r', refereeId: 'bo' })])
    const r = decide({ type: 'AdvanceReferral', commandId: 'k', contactId: 'ann', referralId: 'r', stage: 'won' as 'closed' }, s, now)
    expect(E.isLeft(r) && r.left.code).toBe('unknown-stage')
  })

  it('foldEvents given values that are not events records an anomaly instead of throwing', () => {
    const junk = [null, 42, 'text', { id: 'j1' }, { id: 'j2', type: 'ContactAdded', at: AT }, { id: 'j3', type: 'TransactionClosed', at: AT, contactId: 'c1' }] as unknown as RelationshipEvent[]
    const s = foldEvents([add('c1'), ...junk])
    expect(s.anomalies.toArray().map((a) => a.reason)).toEqual(['malformed-event', 'malformed-event', 'malformed-event', 'malformed-event', 'malformed-event', 'malformed-event'])
    expect(s.contacts.size).toBe(1)
  })

  it('agenda given an invalid now returns a typed error', () => {
    const r = agenda(foldEvents([add('c1')]), { now: new Date('not a date') })
    expect(E.isLeft(r) && r.left.code).toBe('invalid-now')
  })
})
