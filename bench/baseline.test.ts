/**
 * The baseline of `npm run bench` does the fold's work: on valid streams and on streams
 * broken in every way the fold has a rule for (redeliveries, reused ids, missing contacts
 * and enrollments, events out of order, backdated stages, erasures), it ends with the same
 * facts as `foldEvents`. Not a benchmark: nothing here is timed.
 */
import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { RelationshipEvent } from '../src/events/index.js'
import { foldEvents } from '../src/state/index.js'
import { arbitraryEventStream, generateEventStream } from '../src/testing/index.js'
import { runBaseline } from './baseline.js'
import { differences } from './check.js'
import { eventMaker } from '../test/support/events.js'

/** A valid stream, then broken: events dropped, redelivered, re-typed, swapped and backdated. */
const brokenStreams = fc
  .tuple(arbitraryEventStream({ maxEvents: 120, maxContacts: 6 }), fc.array(fc.nat(), { maxLength: 400 }))
  .map(([events, picks]) => {
    let k = 0
    const next = (n: number): number => (picks.length === 0 ? 0 : (picks[k++ % picks.length] as number) % n)
    const out: RelationshipEvent[] = []
    for (const e of events) {
      const op = next(12)
      if (op === 0) continue // dropped: later events find no contact, enrollment, referral…
      out.push(e)
      if (op === 1 && out.length > 0) out.push(out[next(out.length)] as RelationshipEvent) // redelivered
      if (op === 2 && out.length > 1) {
        // The same id on another event: a reused id.
        out.push({ ...(out[next(out.length)] as RelationshipEvent), id: e.id } as RelationshipEvent)
      }
      if (op === 3 && out.length > 1) {
        const i = out.length - 1
        ;[out[i - 1], out[i]] = [out[i] as RelationshipEvent, out[i - 1] as RelationshipEvent] // out of order
      }
      if (op === 4) out.push({ ...e, id: `${e.id}-again`, at: '2024-01-01T00:00:00Z' } as RelationshipEvent) // backdated copy
    }
    return out
  })

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
      fc.property(brokenStreams, (events) => {
        const folded = foldEvents(events)
        expect(differences(folded, runBaseline(events))).toEqual([])
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
      ev('PlanPaused', 'a', { enrollmentId: 'x', from: '2026-11-27' }),
      ev('PlanPaused', 'a', { enrollmentId: 'x', from: '2026-11-28' }),
      ev('PlanResumed', 'a', { enrollmentId: 'x', on: '2026-11-20' }),
      ev('PlanResumed', 'a', { enrollmentId: 'x', on: '2026-11-29' }),
      ev('TouchCompleted', 'a', { enrollmentId: 'x', touchKey: 'k', kind: 'call', channel: 'phone', on: '2026-11-26' }),
      ev('TouchCompleted', 'a', { enrollmentId: 'x', touchKey: 'k', kind: 'call', channel: 'phone', on: '2026-11-26' }),
      ev('TouchSkipped', 'a', { enrollmentId: 'x', touchKey: 'k', reason: 'away' }),
      ev('TouchRescheduled', 'a', { enrollmentId: 'y', touchKey: 'k', to: '2026-12-01' }),
      ev('PlanCompleted', 'a', { enrollmentId: 'x' }),
      ev('PlanCancelled', 'a', { enrollmentId: 'x' }),
      ev('TransactionClosed', 'b', { transactionId: 't', value: { amount: 1, currency: 'USD' }, servedBy: ['agent-1'] }),
      ev('TransactionClosed', 'b', { transactionId: 't', value: { amount: 1, currency: 'USD' }, servedBy: ['agent-1'] }),
      ev('ContactRoleChanged', 'b', { role: 'ally', allyCategory: 'lender' }),
      ev('FeedbackRecorded', 'a', { nps: 9, aboutContactId: 'b' }),
      ev('ConsentChanged', 'a', { channel: 'email', doNotContact: true }),
      ev('ConsentChanged', 'a', { channel: 'all', doNotContact: true }),
      reused,
      { ...ev('ContactMet', 'a'), id: reused.id } as RelationshipEvent,
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
    expect(differences(folded, runBaseline(events))).toEqual([])
  })

  it('on a generated stream like the benchmark’s', () => {
    const events = generateEventStream({ seed: 7, contacts: 300, events: 30_000 })
    expect(differences(foldEvents(events), runBaseline(events))).toEqual([])
  })
})
