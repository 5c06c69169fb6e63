/**
 * `kpis`: the KPI report of a period, finalized from an aggregate. Every ratio carries its
 * numerator and denominator (and, on request, the ids behind them); a ratio with a zero
 * denominator is `null`, never `NaN` or `Infinity`. Money stays in integer minor units, per
 * currency, never summed across currencies.
 *
 * Periods: referrals, the 24-hour rule and conversion are counted by the referral's
 * *received* time — a cohort: of the referrals received in the period, how many closed as of
 * `now`; revenue, costs, sales and customers acquired by their own time.
 *
 * The report is assembled from its families — referrals, customers and money, feedback,
 * plans and the database, the network's grades — each over the aggregate resolved once.
 */
import type { RelationshipEvent } from '../../events/index.js'
import type { StoredEvent } from '../../store/index.js'
import { kpiAggregate, type KpiAggregate } from '../aggregate.js'
import { resolveKpiFacts } from '../resolve.js'
import { customerKpis } from './customers.js'
import { allyReview, feedbackKpis } from './feedback.js'
import { grades } from './network.js'
import { periodOf } from './period.js'
import { databaseKpis, planAdherence } from './plans.js'
import { beforeAfter, cohortOf, referralKpis } from './referrals.js'
import type { KpiQuery, KpiReport } from './types.js'

const isAggregate = (u: unknown): u is KpiAggregate =>
  typeof u === 'object' && u !== null && (u as { streams?: unknown }).streams instanceof Map

/**
 * The KPI report of a period, from events or from an aggregate (`kpiAggregate`, or partial
 * aggregates combined with `kpiMonoid`). Pure; never throws.
 *
 * @example
 * const report = kpis(events, { now: new Date('2026-12-31T23:59:59Z'), from: '2026-01-01', to: '2026-12-31' })
 * report.conversionRate // { value: 25, numerator: 1, denominator: 4 }
 */
export const kpis = (input: KpiAggregate | Iterable<RelationshipEvent | StoredEvent>, query: KpiQuery): KpiReport => {
  const aggregate: KpiAggregate = isAggregate(input) ? input : kpiAggregate(input)
  const facts = resolveKpiFacts(aggregate)
  const p = periodOf(query)
  const cohort = cohortOf(facts, p)
  const referrals = referralKpis(facts, cohort, p)
  const report: KpiReport = {
    now: Number.isFinite(p.nowMs) ? new Date(p.nowMs).toISOString() : 'Invalid Date',
    period: { from: p.fromDate ?? null, to: p.toDate ?? null, timeZone: p.zone },
    queryIssues: p.issues,
    ...referrals,
    ...customerKpis(facts, cohort, referrals.conversionRate.value, p),
    ...feedbackKpis(facts, query, p),
    planAdherence: planAdherence(facts, query, p),
    ...databaseKpis(facts, p),
    allyReview: allyReview(facts, query, p),
    grades: grades(facts, p, query.gradeOptions),
  }
  const ba = beforeAfter(facts, query, p)
  return ba === undefined ? report : { ...report, beforeAfter: ba }
}
