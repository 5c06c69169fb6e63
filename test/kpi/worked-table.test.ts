/**
 * A worked table: a small stream whose every KPI was computed by hand, in the comments,
 * from the formulas of docs/kpis.md — the code's output is checked against these numbers,
 * not the other way round.
 */
import { describe, expect, it } from 'vitest'
import { SCHEMA_VERSIONS, kpis, type RelationshipEvent } from '../../src/index.js'
import { countsAreIdLengths, withoutIds } from './ids-support.js'

let n = 0
const ev = (type: RelationshipEvent['type'], contactId: string | undefined, at: string, payload: Record<string, unknown> = {}): RelationshipEvent =>
  ({ id: `w${n++}`, type, at, schema: SCHEMA_VERSIONS[type], ...(contactId === undefined ? {} : { contactId }), ...payload }) as unknown as RelationshipEvent
const usd = (amount: number) => ({ amount, currency: 'USD' })
const add = (id: string, at: string, met: boolean, extra: Record<string, unknown> = {}) => ev('ContactAdded', id, at, { name: id, met, calendarSet: 'us', timeZone: 'UTC', ...extra })
const role = (id: string, at: string, r: string, extra: Record<string, unknown> = {}) => ev('ContactRoleChanged', id, at, { role: r, ...extra })
const refer = (id: string, from: string, to: string, at: string, source?: string) => ev('ReferralReceived', from, at, { referralId: id, refereeId: to, ...(source === undefined ? {} : { source }) })
const stage = (id: string, from: string, s: string, at: string, extra: Record<string, unknown> = {}) => ev('ReferralStageChanged', from, at, { referralId: id, stage: s, ...extra })
const tx = (id: string, contactId: string, at: string, amount: number) => ev('TransactionClosed', contactId, at, { transactionId: id, value: usd(amount), servedBy: ['agent-a'] })
const cost = (category: string, at: string, amount: number, currency = 'USD') => ev('CostRecorded', undefined, at, { category, amount: { amount, currency } })
const touch = (key: string, kind: string, channel: string, on: string, at: string) => ev('TouchCompleted', 'cl2', at, { enrollmentId: 'e-cl2', touchKey: key, kind, channel, on })

const stream: RelationshipEvent[] = [
  // 2025: the database.
  add('adv1', '2025-01-10T09:00:00Z', true),
  role('adv1', '2025-02-01T09:00:00Z', 'advocate'),
  add('ally1', '2025-01-10T09:00:00Z', true),
  role('ally1', '2025-01-10T10:00:00Z', 'ally', { allyCategory: 'lender' }),
  add('cl1', '2025-01-10T09:00:00Z', true),
  role('cl1', '2025-01-10T10:00:00Z', 'client'),
  add('cl2', '2025-01-10T09:00:00Z', true),
  role('cl2', '2025-01-10T10:00:00Z', 'client'),
  ev('ContactRated', 'cl2', '2025-01-11T09:00:00Z', { score: 5 }),
  add('hm1', '2025-01-10T09:00:00Z', false),
  add('gone', '2025-01-01T09:00:00Z', true),
  ev('ContactErased', 'gone', '2025-06-01T09:00:00Z'),
  tx('t0', 'cl1', '2025-06-01T12:00:00Z', 100_000),
  cost('mailing', '2025-12-15T09:00:00Z', 10_000),
  ev('FeedbackRecorded', 'hm1', '2025-11-01T09:00:00Z', { nps: 0 }),
  add('ref5', '2025-12-20T09:00:00Z', false),
  role('ref5', '2025-12-20T09:00:00Z', 'lead'),
  refer('R5', 'adv1', 'ref5', '2025-12-20T10:00:00Z', 'dinner'),
  stage('R5', 'adv1', 'contacted', '2025-12-20T12:00:00Z'),
  // 2026: the period.
  ev('PlanEnrolled', 'cl2', '2026-01-01T08:00:00Z', { enrollmentId: 'e-cl2', planId: 'client-for-life-33', startDate: '2026-01-01' }),
  touch('0/newsletter/1', 'newsletter', 'mail', '2026-01-01', '2026-01-01T09:00:00Z'),
  stage('R5', 'adv1', 'closed', '2026-01-20T12:00:00Z', { revenue: usd(100_000) }),
  tx('t5', 'ref5', '2026-01-20T12:00:00Z', 100_000),
  touch('0/call/1', 'call', 'phone', '2026-01-23', '2026-01-23T15:00:00Z'),
  add('ref1', '2026-02-01T09:00:00Z', false),
  role('ref1', '2026-02-01T09:00:00Z', 'lead'),
  ev('LeadAssigned', 'ref1', '2026-02-01T09:05:00Z', { assignee: 'agent-a' }),
  refer('R1', 'adv1', 'ref1', '2026-02-01T10:00:00Z', 'dinner'),
  touch('0/newsletter/2', 'newsletter', 'mail', '2026-02-01', '2026-02-01T09:00:00Z'),
  stage('R1', 'adv1', 'contacted', '2026-02-01T20:00:00Z'),
  ev('TouchLogged', 'adv1', '2026-02-02T09:00:00Z', { kind: 'referral-thank-you', channel: 'mail', on: '2026-02-02', referralId: 'R1' }),
  stage('R1', 'adv1', 'appointment', '2026-02-05T10:00:00Z'),
  tx('t1', 'cl1', '2026-02-10T12:00:00Z', 200_000),
  ev('TouchSkipped', 'cl2', '2026-02-25T09:00:00Z', { enrollmentId: 'e-cl2', touchKey: '0/newsletter/3', reason: 'travelling' }),
  stage('R1', 'adv1', 'closed', '2026-03-01T12:00:00Z', { revenue: usd(300_000) }),
  tx('t2', 'ref1', '2026-03-01T12:00:00Z', 300_000),
  cost('gift', '2026-03-05T09:00:00Z', 30_000),
  ev('FeedbackRecorded', 'cl1', '2026-03-10T09:00:00Z', {
    nps: 10,
    csi: { method: 'attributes', attributes: [{ attribute: 'speed', satisfaction: 8, importance: 2 }, { attribute: 'care', satisfaction: 6, importance: 3 }] },
    perceivedPerformance: 8,
    expectedPerformance: 7,
    perceivedBenefits: 8,
    perceivedCosts: 3,
    referralEffort: 4,
  }),
  add('ref2', '2026-04-01T09:00:00Z', false),
  role('ref2', '2026-04-01T09:00:00Z', 'lead'),
  ev('LeadAssigned', 'ref2', '2026-04-01T09:05:00Z', { assignee: 'agent-a' }),
  refer('R2', 'adv1', 'ref2', '2026-04-01T10:00:00Z', 'dinner'),
  ev('TouchLogged', 'adv1', '2026-04-01T15:00:00Z', { kind: 'meeting', channel: 'in-person', on: '2026-04-01' }),
  stage('R2', 'adv1', 'contacted', '2026-04-03T10:00:00Z'),
  stage('R2', 'adv1', 'lost', '2026-04-10T10:00:00Z', { reason: 'moved away' }),
  add('ld1', '2026-05-01T09:00:00Z', false),
  ev('LeadCaptured', 'ld1', '2026-05-01T09:00:00Z', { source: 'website' }),
  ev('FeedbackRecorded', 'cl2', '2026-05-10T09:00:00Z', {
    nps: 6,
    csi: { method: 'score', score: 70 },
    perceivedPerformance: 5,
    expectedPerformance: 7,
    perceivedBenefits: 4,
    perceivedCosts: 5,
    referralEffort: 6,
    aboutContactId: 'ally1',
  }),
  add('ref3', '2026-06-01T08:00:00Z', false),
  role('ref3', '2026-06-01T08:00:00Z', 'lead'),
  ev('LeadAssigned', 'ref3', '2026-06-01T08:05:00Z', { assignee: 'agent-b' }),
  refer('R3', 'ally1', 'ref3', '2026-06-01T09:00:00Z', 'lender-desk'),
  cost('event', '2026-06-10T09:00:00Z', 120_000),
  ev('LeadStageChanged', 'ld1', '2026-07-01T12:00:00Z', { stage: 'closed', revenue: usd(50_000) }),
  tx('t3', 'ld1', '2026-07-01T12:00:00Z', 50_000),
  ev('FeedbackRecorded', 'adv1', '2026-07-10T09:00:00Z', { nps: 8, perceivedBenefits: 9, perceivedCosts: 2, referralEffort: 3 }),
  cost('advertising', '2026-08-01T09:00:00Z', 150_000),
  cost('reward', '2026-09-01T09:00:00Z', 5_000, 'SAR'),
  tx('t4', 'cl1', '2026-10-10T12:00:00Z', 400_000),
  add('ref4', '2026-11-20T08:00:00Z', false),
  role('ref4', '2026-11-20T08:00:00Z', 'lead'),
  refer('R4', 'cl1', 'ref4', '2026-11-20T09:00:00Z'),
  stage('R4', 'cl1', 'contacted', '2026-11-20T12:00:00Z'),
  ev('FeedbackRecorded', 'cl2', '2026-12-01T09:00:00Z', { nps: 9, csi: { method: 'score', score: 90 }, perceivedPerformance: 4, expectedPerformance: 6, aboutContactId: 'ally1' }),
  // 2027: after the period, before now.
  stage('R4', 'cl1', 'closed', '2027-01-10T12:00:00Z', { revenue: usd(200_000) }),
  tx('t6', 'ref4', '2027-01-10T12:00:00Z', 200_000),
]

const query = {
  now: new Date('2027-01-15T00:00:00Z'),
  from: '2026-01-01',
  to: '2026-12-31',
  timeZone: 'UTC',
  customerLifespanYears: 3,
  beforeAfter: { date: '2026-06-01', days: 120, role: 'advocate' as const },
}

describe('the worked KPI table (2026, now = 2027-01-15)', () => {
  const r = kpis(stream, { ...query, ids: true })

  it('is the same table without ids (counted, not listed), each count the number of ids listed', () => {
    // The finalize counts without making ids when none are asked for: both paths, on a table
    // with touches on time and referrals within the SLA.
    expect(withoutIds(r)).toEqual(withoutIds(kpis(stream, query)))
    expect(countsAreIdLengths(r)).toBeGreaterThan(5)
    expect(r.planAdherence.numerator).toBeGreaterThan(0)
    expect(r.referralSla.numerator).toBeGreaterThan(0)
  })

  it('counts the cohort of referrals received in 2026, by role, referrer, source and team member', () => {
    // Received in 2026: R1, R2 (adv1, advocate), R3 (ally1, ally), R4 (cl1, client). R5 came in 2025.
    expect(r.referralsReceived).toEqual({
      total: 4,
      byRole: { allies: 1, advocates: 2, core: 0, clients: 1, other: 0 },
      byReferrer: [{ key: 'adv1', count: 2 }, { key: 'ally1', count: 1 }, { key: 'cl1', count: 1 }],
      bySource: [{ key: 'dinner', count: 2 }, { key: 'lender-desk', count: 1 }, { key: 'unknown', count: 1 }],
      // The referees' assignees: ref1 and ref2 agent-a, ref3 agent-b, ref4 nobody.
      byTeamMember: [{ key: 'agent-a', count: 2 }, { key: 'agent-b', count: 1 }, { key: 'unassigned', count: 1 }],
      ids: ['R1', 'R2', 'R3', 'R4'],
    })
  })

  it('conversion = closed (as of now) / received × 100, for the cohort', () => {
    // R1 closed in March, R4 closed 2027-01-10 (after the period, before now): 2 / 4 × 100 = 50.
    expect(r.conversionRate).toEqual({ value: 50, numerator: 2, denominator: 4, ids: { numerator: ['R1', 'R4'], denominator: ['R1', 'R2', 'R3', 'R4'] } })
    // dinner: R1 of R1, R2 → 50; lender-desk: 0 of 1 → 0; unknown: R4 of 1 → 100.
    expect(r.conversionRateBySource.map((x) => [x.source, x.rate.value])).toEqual([['dinner', 50], ['lender-desk', 0], ['unknown', 100]])
  })

  it('the 24-hour rule: contacted within the deadline / referrals whose deadline has come', () => {
    // R1 in 10 h (met), R2 in 48 h (missed), R3 never (deadline passed: missed), R4 in 3 h (met): 2 / 4.
    expect(r.referralSla).toEqual({ value: 0.5, numerator: 2, denominator: 4, ids: { numerator: ['R1', 'R4'], denominator: ['R1', 'R2', 'R3', 'R4'] } })
  })

  it('referral rate = customers who referred / all customers', () => {
    // A customer is a contact with a closed sale, or whose lead (or a referral about it) closed. At the end
    // of 2026: cl1 (sales since 2025), ref5 (R5 closed in January), ref1 (R1 closed in March), ld1 (its lead
    // closed in July) = 4. adv1 (an advocate) and cl2 (a client) bought nothing: a role does not make a
    // customer. ref4's R4 closed in 2027. Of the four, cl1 referred in the period (R4): 1 / 4.
    expect(r.referralRate).toEqual({ value: 1 / 4, numerator: 1, denominator: 4, ids: { numerator: ['cl1'], denominator: ['cl1', 'ld1', 'ref1', 'ref5'] } })
  })

  it('average referral value = the cohort’s revenue / the cohort’s referrals', () => {
    // R1 300,000 + R4 200,000 = 500,000 cents over 4 referrals = 125,000.
    expect(r.averageReferralValue).toEqual([{ currency: 'USD', value: 125_000, numerator: 500_000, denominator: 4 }])
  })

  it('referral cost, marketing expenses, customers acquired, CPA and CAC', () => {
    // 2026 costs: gift 30,000 + event 120,000 (referral programme) + advertising 150,000, and a SAR 5,000 reward.
    expect(r.referralCost).toEqual([{ currency: 'SAR', amount: 5_000 }, { currency: 'USD', amount: 150_000 }])
    expect(r.marketingExpenses).toEqual([{ currency: 'SAR', amount: 5_000 }, { currency: 'USD', amount: 300_000 }])
    // Closed in 2026: R5 (ref5, January), R1 (ref1, March), ld1 (July): 3. R4 closed in 2027.
    expect(r.customersAcquired).toEqual({ count: 3, ids: ['ld1', 'ref1', 'ref5'] })
    // 300,000 / 3 = 100,000; SAR 5,000 / 3 = 1,666 (rounded down).
    expect(r.cpa).toEqual([{ currency: 'SAR', value: 1_666, numerator: 5_000, denominator: 3 }, { currency: 'USD', value: 100_000, numerator: 300_000, denominator: 3 }])
    expect(r.cac).toEqual(r.cpa)
  })

  it('CLTV = average purchase value × average purchase frequency × customer lifespan', () => {
    // 2026 purchases: 100,000 (ref5) + 200,000 (cl1) + 300,000 (ref1) + 50,000 (ld1) + 400,000 (cl1) = 1,050,000 in 5.
    // APV = 210,000; frequency = 5 purchases / 4 buyers / 1 year = 1.25; × 3 years = 787,500.
    expect(r.cltv).toEqual([
      {
        currency: 'USD',
        value: 787_500,
        averagePurchaseValue: { currency: 'USD', value: 210_000, numerator: 1_050_000, denominator: 5 },
        averagePurchaseFrequency: 1.25,
        customerLifespanYears: 3,
      },
    ])
  })

  it('LTV = (ARPU × lifetime) − CAC, and RV = LTV × CR × R', () => {
    // ARPU = 1,050,000 / 4 customers / 1 year = 262,500; LTV = 262,500 × 3 − 100,000 = 687,500.
    expect(r.ltv).toEqual([{ currency: 'USD', value: 687_500, arpu: 262_500, customerLifetimeYears: 3, cac: 100_000 }])
    // CR = 2/4 = 0.5 (a fraction); R = the cohort's referrals made by customers / customers: only R4 (cl1) —
    // adv1's and ally1's referrals are not a customer's — so 1 / 4. RV = ⌊687,500 × 0.5 × 0.25⌋ = 85,937.
    expect(r.referralValue).toEqual([{ currency: 'USD', value: 85_937, ltv: 687_500, conversionRate: 0.5, averageReferralsPerCustomer: 0.25 }])
  })

  it('NPS, CSI, perceived value, service quality gap and VR > ER', () => {
    // They measure the team's own service: cl2's two answers are about ally1's service and count in the ally
    // review only. 2026 answers about the team: cl1 10 (promoter), adv1 8 (passive): (1 − 0) / 2 × 100 = 50.
    expect(r.nps).toMatchObject({ value: 50, promoters: 1, passives: 1, detractors: 0, responses: 2 })
    // CSI: cl1's (8×2 + 6×3) / (2 + 3) × 10 = 68.
    expect(r.csi).toEqual({ value: 68, responses: 1 })
    // Perceived value: cl1 8 − 3 = 5, adv1 9 − 2 = 7 → 6.
    expect(r.perceivedValue).toEqual({ value: 6, responses: 2 })
    // Quality gap: cl1 8 − 7 = 1.
    expect(r.serviceQualityGap).toEqual({ value: 1, responses: 1 })
    // Latest reading about the team with both: adv1 9 > 3, cl1 8 > 4.
    expect(r.referralLikelihood).toEqual({
      likely: 2,
      contacts: [
        { contactId: 'adv1', vr: 9, er: 3, likely: true },
        { contactId: 'cl1', vr: 8, er: 4, likely: true },
      ],
    })
    // Latest answer per contact: the same two.
    const latest = kpis(stream, { ...query, npsLatestPerContact: true }).nps
    expect(latest).toMatchObject({ value: 50, promoters: 1, detractors: 0, responses: 2 })
  })

  it('plan adherence, touches per contact and contact-to-sale by database', () => {
    // cl2's 33 touches of 2026, less the skipped third newsletter = 32 due; on time: newsletters 1 and 2
    // (the first call, due Jan 22, was made on the 23rd): 2 / 32.
    expect(r.planAdherence).toMatchObject({ value: 2 / 32, numerator: 2, denominator: 32 })
    // Touches made in 2026: cl2's three completions and adv1's two logged touches = 5, over the 11 contacts of
    // the database in 2026 (everyone but `gone`, erased in 2025).
    expect(r.touchesPerContact).toEqual({ value: 5 / 11, numerator: 5, denominator: 11 })
    // Met: adv1, ally1, cl1, cl2 — one sale (cl1): 1/4. Haven't Met: hm1, ref1–ref5, ld1 — three (ref1, ref5, ld1): 3/7.
    expect(r.contactToSale.met).toMatchObject({ value: 0.25, numerator: 1, denominator: 4 })
    expect(r.contactToSale.haventMet).toMatchObject({ value: 3 / 7, numerator: 3, denominator: 7 })
    expect(r.contactToSale.metOverHaventMet).toBeCloseTo(0.25 / (3 / 7), 12)
  })

  it('the ally review, the before/after comparison, RFM and grades', () => {
    // ally1 sent R3 in the year to now; two answers about its service: performance 5 and 4 → 4.5 < 6.
    expect(r.allyReview).toEqual([{ allyId: 'ally1', referralsSent: 1, feedbackResponses: 2, averagePerformance: 4.5, averageGap: -2, reconsider: true, reasons: ['poor-service'] }])
    // Advocates' referrals in the 120 days before June 1 (R1, R2) and after it (none): −100%.
    expect(r.beforeAfter).toEqual({ date: '2026-06-01', days: 120, before: 2, after: 0, change: { value: -100, numerator: -2, denominator: 2 } })
    // Buyers by the end of 2026: cl1 (last Oct 10: 82 days, 3 purchases, 700,000), ref1 (Mar 1: 305 days, 1, 300,000),
    // ref5 (Jan 20: 345 days, 1, 100,000), ld1 (Jul 1: 183 days, 1, 50,000). Score = 1 + ⌊5 × rank / 4⌋, ties shared:
    // R (recent is better): cl1 4, ld1 3, ref1 2, ref5 1; F: cl1 4, others 1; M: cl1 4, ref1 3, ref5 2, ld1 1.
    expect(r.rfm.map((x) => [x.contactId, x.recencyDays, x.frequency, x.monetary, x.code])).toEqual([
      ['cl1', 82, 3, 700_000, '444'],
      ['ld1', 183, 1, 50_000, '311'],
      ['ref1', 305, 1, 300_000, '213'],
      ['ref5', 345, 1, 100_000, '112'],
    ])
    // A+: adv1 (R1, R2 in the last 12 months); A: ally1 (R3), cl1 (R4); B: cl2 (rated 5); D: hm1, ref1–ref5, ld1.
    expect(r.grades).toEqual({ 'A+': 1, A: 2, B: 1, C: 0, D: 7 })
  })
})
