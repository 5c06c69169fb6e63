/**
 * Referral KPIs: referrals received (by role, referrer, source, team member), conversion,
 * average referral value, the 24-hour rule, and the before/after comparison. Counted by the
 * referral's received time: a cohort — of the referrals received in the period, how many
 * closed as of `now`.
 */
import { isCalendarDate } from '../../core/calendar-date.js'
import { localInstant } from '../../core/zones.js'
import type { ResolvedKpiFacts, ResolvedReferral } from '../resolve.js'
import { DAY, bump, counts, moneyRatio, ratio, roleAsOf, sortedCurrencies, type Period } from './period.js'
import type { KpiQuery, KpiReport } from './types.js'

/** The referrals received in the period. */
export const cohortOf = (facts: ResolvedKpiFacts, p: Period): ResolvedReferral[] => facts.referrals.filter((r) => p.inPeriod(r.receivedMs))

const contactedMs = (r: ResolvedReferral): number | undefined => r.stages.contacted ?? r.stages.appointment ?? r.stages['under-contract'] ?? r.stages.closed

/** Whether a referral closed as of `now`. */
export const closedBy = (r: ResolvedReferral, nowMs: number): boolean => r.stages.closed !== undefined && r.stages.closed <= nowMs

type ReferralKpis = Pick<KpiReport, 'referralsReceived' | 'conversionRate' | 'conversionRateBySource' | 'averageReferralValue' | 'referralSla'>

/** The referral family of the report. */
export const referralKpis = (facts: ResolvedKpiFacts, cohort: readonly ResolvedReferral[], p: Period): ReferralKpis => {
  const byRole = { allies: 0, advocates: 0, core: 0, clients: 0, other: 0 }
  const byReferrer = new Map<string, number>()
  const bySource = new Map<string, number>()
  const byTeamMember = new Map<string, number>()
  // Ids are kept only for a report that lists them; otherwise the referrals are counted.
  const withIds = p.withIds
  const closedIds: string[] = []
  let closedCount = 0
  const sourceConversion = new Map<string, { n: number; d: number }>()
  const revenue = new Map<string, number>()
  const slaMet: string[] = []
  const slaDue: string[] = []
  let slaMetCount = 0
  let slaDueCount = 0
  for (const r of cohort) {
    const role = r.referrerRole
    if (role === 'ally') byRole.allies++
    else if (role === 'advocate') byRole.advocates++
    else if (role === 'core') byRole.core++
    else if (role === 'client') byRole.clients++
    else byRole.other++
    bump(byReferrer, r.referrerId)
    const source = r.source ?? 'unknown'
    bump(bySource, source)
    bump(byTeamMember, facts.contacts.get(r.refereeId)?.facts.lead.assignee ?? 'unassigned')
    const closed = closedBy(r, p.nowMs)
    if (closed) {
      closedCount++
      if (withIds) closedIds.push(r.referralId)
    }
    // The report's own tallies, made here: counted in place.
    const sc = sourceConversion.get(source) ?? sourceConversion.set(source, { n: 0, d: 0 }).get(source) as { n: number; d: number }
    if (closed) sc.n++
    sc.d++
    if (closed && r.revenue !== undefined) bump(revenue, r.revenue.currency, r.revenue.amount)
    const deadline = r.receivedMs + p.slaHours * 3_600_000
    const contacted = contactedMs(r)
    const due = (contacted !== undefined && contacted <= p.nowMs) || p.nowMs > deadline
    const met = contacted !== undefined && contacted <= p.nowMs && contacted <= deadline
    if (due) {
      slaDueCount++
      if (withIds) slaDue.push(r.referralId)
    }
    if (met) {
      slaMetCount++
      if (withIds) slaMet.push(r.referralId)
    }
  }
  const cohortIds = withIds ? cohort.map((r) => r.referralId) : []
  return {
    referralsReceived: {
      total: cohort.length,
      byRole,
      byReferrer: counts(byReferrer),
      bySource: counts(bySource),
      byTeamMember: counts(byTeamMember),
      ...(withIds ? { ids: [...cohortIds].sort() } : {}),
    },
    conversionRate: ratio(closedCount, cohort.length, 100, withIds ? { numerator: closedIds, denominator: cohortIds } : undefined),
    conversionRateBySource: sortedCurrencies(sourceConversion).map(([source, x]) => ({ source, rate: ratio(x.n, x.d, 100) })),
    averageReferralValue: sortedCurrencies(revenue).map(([cur, sum]) => moneyRatio(cur, sum, cohort.length)),
    referralSla: ratio(slaMetCount, slaDueCount, 1, withIds ? { numerator: slaMet, denominator: slaDue } : undefined),
  }
}

/** Referral counts of a group in the `days` before a date and the `days` from it. */
export const beforeAfter = (facts: ResolvedKpiFacts, q: KpiQuery, p: Period): KpiReport['beforeAfter'] => {
  const ba = q.beforeAfter
  if (ba === undefined || !isCalendarDate(ba.date) || !(ba.days > 0)) return undefined
  const pivot = localInstant(ba.date, 0, p.zone).getTime()
  const span = ba.days * DAY
  const ids = ba.contactIds === undefined ? undefined : new Set(ba.contactIds)
  let before = 0
  let after = 0
  for (const c of facts.contacts.values()) {
    if (ids !== undefined && !ids.has(c.id)) continue
    if (ba.role !== undefined && roleAsOf(c, pivot) !== ba.role) continue
    for (const r of c.referralsGiven) {
      if (r.receivedMs >= pivot - span && r.receivedMs < pivot) before++
      else if (r.receivedMs >= pivot && r.receivedMs < pivot + span) after++
    }
  }
  return { date: ba.date, days: ba.days, before, after, change: ratio(after - before, before, 100) }
}
