import * as fc from 'fast-check'
import * as O from 'fp-ts/lib/Option.js'
import { describe, expect, it } from 'vitest'
import {
  STAGES,
  
  foldEvents,
  funnel,
  grade,
  promotionProposals,
  referralSla,
  referralTouches,
  type RelationshipEvent,
} from '../../src/index.js'
import { arbitraryEventStream } from '../../src/testing/index.js'
import { agendaOn } from '../support/agenda.js'
import { runs } from '../support/runs.js'

let n = 0
const e = (contactId: string, type: RelationshipEvent['type'], payload: Record<string, unknown> = {}, at = '2026-11-01T09:00:00Z'): RelationshipEvent =>
  ({ id: `p${n++}`, type, at, schema: 1, contactId, ...payload }) as unknown as RelationshipEvent
const added = (id: string, extra: Record<string, unknown> = {}) => e(id, 'ContactAdded', { name: `Name ${id}`, met: true, timeZone: 'UTC', ...extra }, '2025-01-01T09:00:00Z')
const refer = (id: string, from: string, to: string, at: string) => e(from, 'ReferralReceived', { referralId: id, refereeId: to, source: 'dinner' }, at)
const move = (id: string, from: string, stage: string, at: string, extra: Record<string, unknown> = {}) => e(from, 'ReferralStageChanged', { referralId: id, stage, ...extra }, at)
const closed = { revenue: { amount: 100_000, currency: 'USD' } }

describe('the 24-hour rule', () => {
  const base = [added('a'), added('b'), refer('r', 'a', 'b', '2026-11-05T18:00:00Z')]
  const sla = (events: RelationshipEvent[], now: string, options = {}) => {
    const s = foldEvents(events)
    return referralSla(s, s.referrals.get('r')!, new Date(now), options)
  }
  it('is met, missed, pending, overdue or never contacted', () => {
    expect(sla(base, '2026-11-06T10:00:00Z')).toEqual({ referralId: 'r', receivedAt: '2026-11-05T18:00:00Z', deadline: '2026-11-06T18:00:00.000Z', status: 'pending' })
    expect(sla(base, '2026-11-06T18:00:01Z').status).toBe('overdue')
    expect(sla([...base, move('r', 'a', 'contacted', '2026-11-06T17:59:00Z')], '2026-11-20T00:00:00Z')).toMatchObject({ status: 'met', contactedAt: '2026-11-06T17:59:00Z' })
    expect(sla([...base, move('r', 'a', 'contacted', '2026-11-06T18:01:00Z')], '2026-11-20T00:00:00Z').status).toBe('missed')
    // An appointment without a recorded "contacted" implies the contact.
    expect(sla([...base, move('r', 'a', 'appointment', '2026-11-06T09:00:00Z')], '2026-11-20T00:00:00Z').status).toBe('met')
    expect(sla([...base, move('r', 'a', 'lost', '2026-11-07T09:00:00Z', { reason: 'gone' })], '2026-11-20T00:00:00Z').status).toBe('never-contacted')
  })
  it('skips whole non-business days only when asked', () => {
    // Friday Nov 6, 2026 evening in Riyadh: Friday and Saturday are the weekend.
    const riyadh = [added('a'), added('b', { timeZone: 'Asia/Riyadh', calendarSet: 'sa' }), refer('r', 'a', 'b', '2026-11-05T18:00:00Z')]
    expect(sla(riyadh, '2026-11-07T20:00:00Z').status).toBe('overdue')
    expect(sla(riyadh, '2026-11-07T20:00:00Z', { clock: 'business-days' })).toMatchObject({ deadline: '2026-11-08T18:00:00.000Z', status: 'pending' })
  })
})

describe('grades', () => {
  const now = new Date('2026-11-26T09:00:00Z')
  const g = (events: RelationshipEvent[], id: string) => O.toUndefined(grade(foldEvents(events), id, now))
  it('follows referral history in the last 12 months, then the ability to refer, then the circle', () => {
    const people = [added('a'), added('b'), added('c'), added('d', { met: false }), added('f', { circle: 'friend' }), added('x')]
    expect(g([...people, refer('r1', 'a', 'b', '2026-03-01T00:00:00Z'), move('r1', 'a', 'closed', '2026-04-01T00:00:00Z', closed), refer('r2', 'a', 'b', '2026-06-01T00:00:00Z')], 'a')).toBe('A+')
    expect(g([...people, refer('r1', 'a', 'b', '2026-03-01T00:00:00Z')], 'a')).toBe('A')
    // A referral 13 months ago no longer counts.
    expect(g([...people, refer('r1', 'a', 'b', '2025-10-01T00:00:00Z')], 'a')).toBe('D')
    expect(g([...people, e('c', 'ReferralPromised')], 'c')).toBe('A')
    expect(g([...people, e('c', 'ContactRated', { score: 4 })], 'c')).toBe('B')
    expect(g([...people, e('c', 'ContactRoleChanged', { role: 'ally', allyCategory: 'lender' })], 'c')).toBe('B')
    expect(g([...people, e('c', 'ContactRoleChanged', { role: 'client' })], 'c')).toBe('C')
    expect(g(people, 'f')).toBe('C')
    expect(g(people, 'd')).toBe('D')
    expect(g(people, 'x')).toBe('D')
    expect(grade(foldEvents(people), 'nobody', now)).toEqual(O.none)
  })
  it('never gets worse when a contact refers again', () => {
    const rank = { 'A+': 0, A: 1, B: 2, C: 3, D: 4 } as const
    fc.assert(
      fc.property(arbitraryEventStream({ maxEvents: 80, maxContacts: 4 }), (events) => {
        const s = foldEvents(events)
        const live = [...s.contacts.values()].filter((c) => !c.erased)
        const a = live[0]
        const b = live.find((c) => c !== a && (c.referrals.received.length === 0 || s.referrals.get(c.referrals.received.at(-1)!)?.stage === 'closed' || s.referrals.get(c.referrals.received.at(-1)!)?.stage === 'lost'))
        fc.pre(a !== undefined && b !== undefined)
        const when = new Date('2027-06-01T00:00:00Z')
        const before = O.toUndefined(grade(s, a!.id, when))!
        const after = O.toUndefined(grade(foldEvents([refer('extra', a!.id, b!.id, '2027-05-01T00:00:00Z')], s), a!.id, when))!
        expect(rank[after]).toBeLessThanOrEqual(rank[before])
      }),
      { numRuns: runs(200) },
    )
  })
})

describe('promotion proposals', () => {
  const now = new Date('2026-11-26T09:00:00Z')
  it('suggests advocate after a first referral, core after a steady flow — never for the erased', () => {
    const people = [added('a'), added('b'), added('c'), added('d'), added('z')]
    const s1 = foldEvents([...people, refer('r1', 'a', 'b', '2026-03-01T00:00:00Z')])
    expect(promotionProposals(s1, now)).toEqual([
      { contactId: 'a', from: null, to: 'advocate', reason: { type: 'first-referral', referralId: 'r1' }, planId: 'advocate-appreciation-33', enrolled: false },
    ])
    const flow = [
      ...people,
      e('a', 'ContactRoleChanged', { role: 'advocate' }),
      ...['b', 'c', 'd'].flatMap((who, i) => [refer(`r${i}`, 'a', who, `2026-0${i + 3}-01T00:00:00Z`), move(`r${i}`, 'a', 'closed', `2026-0${i + 4}-01T00:00:00Z`, closed)]),
    ]
    expect(promotionProposals(foldEvents(flow), now)).toMatchObject([{ contactId: 'a', from: 'advocate', to: 'core', reason: { type: 'steady-flow', closed: 3 } }])
    expect(promotionProposals(foldEvents(flow), now, { coreClosedReferrals: 4 })).toEqual([])
    expect(promotionProposals(foldEvents([...people, refer('r1', 'a', 'b', '2026-03-01T00:00:00Z'), e('a', 'ContactErased')]), now)).toEqual([])
  })
})

describe('the funnel', () => {
  it('counts every lead once per stage reached, by source and by team member', () => {
    const s = foldEvents([
      added('a'),
      added('b'),
      added('c'),
      added('d'),
      refer('r1', 'a', 'b', '2026-01-01T00:00:00Z'),
      move('r1', 'a', 'appointment', '2026-01-02T00:00:00Z'),
      e('b', 'LeadAssigned', { assignee: 'agent-1' }),
      e('c', 'LeadCaptured', { source: 'open-house' }),
      e('c', 'LeadStageChanged', { stage: 'lost', reason: 'no budget' }),
      e('d', 'LeadCaptured', { source: 'open-house' }),
      e('d', 'LeadAssigned', { assignee: 'agent-1' }),
      e('d', 'LeadStageChanged', { stage: 'closed', revenue: { amount: 9, currency: 'USD' } }),
    ])
    const f = funnel(s)
    expect(f.leads).toBe(3)
    expect(f.total).toEqual({ received: 3, contacted: 2, appointment: 2, 'under-contract': 1, closed: 1, lost: 1 })
    expect(f.bySource).toEqual([
      { source: 'dinner', counts: { received: 1, contacted: 1, appointment: 1, 'under-contract': 0, closed: 0, lost: 0 } },
      { source: 'open-house', counts: { received: 2, contacted: 1, appointment: 1, 'under-contract': 1, closed: 1, lost: 1 } },
    ])
    expect(f.byAssignee.map((x) => [x.assignee, x.counts.received, x.counts.closed])).toEqual([
      ['agent-1', 2, 1],
      ['unassigned', 1, 0],
    ])
    // A cohort by the day leads entered, in a time zone: the referral came on Jan 1 at 00:00 UTC,
    // which is still Dec 31 in New York; the captured leads entered on Nov 1.
    expect(funnel(s, { from: '2026-01-01', to: '2026-01-01' }).leads).toBe(1)
    expect(funnel(s, { from: '2026-01-01', to: '2026-01-01', timeZone: 'America/New_York' }).leads).toBe(0)
    expect(funnel(s, { from: '2026-11-01', to: '2026-11-01' }).leads).toBe(2)
  })
  it('adds up: each split sums to the total, and no stage is reached by more leads than the one before it', () => {
    fc.assert(
      fc.property(arbitraryEventStream({ maxEvents: 120, maxContacts: 6 }), (events) => {
        const f = funnel(foldEvents(events))
        for (const stage of STAGES) {
          expect(f.bySource.reduce((sum, x) => sum + x.counts[stage], 0)).toBe(f.total[stage])
          expect(f.byAssignee.reduce((sum, x) => sum + x.counts[stage], 0)).toBe(f.total[stage])
        }
        expect(f.total.received).toBe(f.leads)
        const forward = ['received', 'contacted', 'appointment', 'under-contract', 'closed'] as const
        for (let i = 1; i < forward.length; i++) expect(f.total[forward[i]!]).toBeLessThanOrEqual(f.total[forward[i - 1]!])
      }),
      { numRuns: runs(200) },
    )
  })
})

describe('referral touches', () => {
  it('owes a thank-you at once and an update per stage; the agenda lists what is not made', () => {
    const events = [
      added('a'),
      added('b'),
      refer('r', 'a', 'b', '2026-11-20T10:00:00Z'),
      move('r', 'a', 'contacted', '2026-11-21T10:00:00Z'),
      e('a', 'TouchLogged', { kind: 'referral-thank-you', channel: 'mail', on: '2026-11-20', referralId: 'r' }, '2026-11-20T12:00:00Z'),
    ]
    const s = foldEvents(events)
    expect(referralTouches(s, s.referrals.get('r')!).map((t) => [t.kind, t.stage ?? '-', t.due, t.done])).toEqual([
      ['referral-thank-you', '-', '2026-11-20', true],
      ['referral-status-update', 'contacted', '2026-11-21', false],
    ])
    const a = agendaOn(s, { now: new Date('2026-11-22T09:00:00Z') })
    expect(a.referralTouches.map((t) => [t.kind, t.status, t.daysOverdue])).toEqual([['referral-status-update', 'overdue', 1]])
    const refused = foldEvents([e('a', 'ConsentChanged', { channel: 'phone', doNotContact: true, schema: 2 })], s)
    expect(agendaOn(refused, { now: new Date('2026-11-22T09:00:00Z') }).referralTouches[0]?.status).toBe('blocked')
    expect(referralTouches(foldEvents([e('a', 'ContactErased')], s), s.referrals.get('r')!)).toEqual([])
  })
})
