/**
 * The definitions that were wrong in 0.1.0, each pinned by the example that showed it:
 * who is a customer, which feedback is the team's, and what R counts.
 */
import { describe, expect, it } from 'vitest'
import { SCHEMA_VERSIONS, kpis, type RelationshipEvent } from '../../src/index.js'

let n = 0
const ev = (type: RelationshipEvent['type'], contactId: string, at: string, payload: Record<string, unknown> = {}): RelationshipEvent =>
  ({ id: `d${n++}`, type, at, schema: SCHEMA_VERSIONS[type], contactId, ...payload }) as unknown as RelationshipEvent
const add = (id: string, at = '2026-01-01T09:00:00Z') => ev('ContactAdded', id, at, { name: id, met: true })
const usd = (amount: number) => ({ amount, currency: 'USD' })
const now = new Date('2026-12-31T23:00:00Z')

describe('KPI definitions', () => {
  it('a referee whose referral closed is a customer: ann refers bo, it closes — referral rate 1/2, not 1/1', () => {
    const events = [
      add('ann'),
      ev('TransactionClosed', 'ann', '2026-01-05T09:00:00Z', { transactionId: 't-ann', value: usd(1000), servedBy: [] }),
      add('bo'),
      ev('ReferralReceived', 'ann', '2026-02-01T09:00:00Z', { referralId: 'r1', refereeId: 'bo' }),
      ev('ReferralStageChanged', 'ann', '2026-03-01T09:00:00Z', { referralId: 'r1', stage: 'closed', revenue: usd(5000) }),
    ]
    const r = kpis(events, { now, ids: true })
    expect(r.referralRate).toMatchObject({ numerator: 1, denominator: 2, ids: { numerator: ['ann'], denominator: ['ann', 'bo'] } })
    expect(r.customersAcquired).toEqual({ count: 2, ids: ['ann', 'bo'] })
    // ARPU counts both customers: 1,000 of sales over 2 customers over the year to now.
    expect(r.ltv[0]?.arpu).toBeCloseTo(1000 / 2 / ((Date.parse('2026-12-31T23:00:00Z') - Date.parse('2026-01-05T09:00:00Z') + 1) / (365 * 86_400_000)), 6)
  })

  it('a role is not a purchase: a client with no closed sale and no closed lead is no customer', () => {
    const events = [add('cy'), ev('ContactRoleChanged', 'cy', '2026-01-02T09:00:00Z', { role: 'client' })]
    expect(kpis(events, { now }).referralRate).toMatchObject({ numerator: 0, denominator: 0, value: null })
  })

  it('feedback about an ally counts in its review only: bo’s own 10 and a 0 about an ally’s service give NPS 100 over 1', () => {
    const events = [
      add('bo'),
      add('al'),
      ev('ContactRoleChanged', 'al', '2026-01-02T09:00:00Z', { role: 'ally', allyCategory: 'lender' }),
      ev('FeedbackRecorded', 'bo', '2026-02-01T09:00:00Z', { nps: 10, csi: { method: 'score', score: 90 }, perceivedPerformance: 9, expectedPerformance: 8, perceivedBenefits: 7, perceivedCosts: 2 }),
      ev('FeedbackRecorded', 'bo', '2026-02-02T09:00:00Z', { nps: 0, csi: { method: 'score', score: 10 }, perceivedPerformance: 2, expectedPerformance: 8, perceivedBenefits: 1, perceivedCosts: 9, aboutContactId: 'al' }),
    ]
    const r = kpis(events, { now })
    expect(r.nps).toMatchObject({ value: 100, responses: 1 })
    expect(r.csi).toEqual({ value: 90, responses: 1 })
    expect(r.serviceQualityGap).toEqual({ value: 1, responses: 1 })
    expect(r.perceivedValue).toEqual({ value: 5, responses: 1 })
    expect(r.allyReview).toMatchObject([{ allyId: 'al', feedbackResponses: 1, averagePerformance: 2, averageGap: -6 }])
  })

  it('R counts the referrals customers made: an ally’s referrals are not a customer’s', () => {
    const events = [
      add('cu'),
      ev('TransactionClosed', 'cu', '2026-01-05T09:00:00Z', { transactionId: 't', value: usd(1000), servedBy: [] }),
      add('al'),
      ev('ContactRoleChanged', 'al', '2026-01-02T09:00:00Z', { role: 'ally', allyCategory: 'lender' }),
      add('x1'),
      add('x2'),
      add('x3'),
      ev('ReferralReceived', 'al', '2026-02-01T09:00:00Z', { referralId: 'ra', refereeId: 'x1' }),
      ev('ReferralReceived', 'al', '2026-02-02T09:00:00Z', { referralId: 'rb', refereeId: 'x2' }),
      ev('ReferralReceived', 'cu', '2026-02-03T09:00:00Z', { referralId: 'rc', refereeId: 'x3' }),
    ]
    // One customer (cu), one referral of a customer's (rc): R = 1, not 3.
    expect(kpis(events, { now }).referralValue[0]?.averageReferralsPerCustomer).toBe(1)
  })
})
