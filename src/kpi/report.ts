/**
 * `kpis`: the KPI report of a period, finalized from an aggregate (DESIGN §1 "KPIs", §4.5).
 *
 * Every ratio carries its numerator and denominator (and, on request, the ids behind them);
 * a ratio with a zero denominator is `null`, never `NaN` or `Infinity`. Money stays in integer
 * minor units, per currency, never summed across currencies.
 *
 * Periods (DESIGN §4.5): referrals, the 24-hour rule and conversion are counted by the
 * referral's *received* time — a cohort: of the referrals received in the period, how many
 * closed as of `now`; revenue, costs and closed transactions by their own time.
 */
import { addDays, daysBetween, isCalendarDate, type CalendarDate } from '../core/calendar-date.js'
import { isKnownZone, localDateOf, localInstant } from '../core/zones.js'
import type { CalendarRegistry } from '../calendars/index.js'
import type { Role } from '../events/index.js'
import { builtInPlans, findPlan, schedule, type PlanCatalogue } from '../plans/index.js'
import { YEAR_MS, gradeFromFacts } from '../referrals/grade.js'
import type { Grade, GradeOptions } from '../referrals/index.js'
import { foldEvents } from '../state/index.js'
import { kpiAggregate, type KpiAggregate } from './aggregate.js'
import type { FeedbackFacts, ReferralFacts, StreamFacts } from './facts.js'
import type { RelationshipEvent } from '../events/index.js'

/** What a KPI report is about. */
export interface KpiQuery {
  /** The clock value: nothing after it counts; cohorts are followed up to it. */
  readonly now: Date
  /** First day of the period (inclusive), in `timeZone`; default: the beginning. */
  readonly from?: string
  /** Last day of the period (inclusive), in `timeZone`; default: up to `now`. */
  readonly to?: string
  /** The zone the period's days are in (default UTC). */
  readonly timeZone?: string
  /** Include the ids behind every ratio (referrals, contacts, responses). */
  readonly ids?: boolean
  /** Customer lifespan in years, for CLTV and LTV (default 3): the seeds give the formula, you give your lifespan. */
  readonly customerLifespanYears?: number
  /** CLTV's margin variant: multiply by this gross margin (0–1). */
  readonly grossMargin?: number
  /** NPS from each contact's latest response in the period instead of every response. */
  readonly npsLatestPerContact?: boolean
  /** Hours to contact a referee (default 24). */
  readonly referralSlaHours?: number
  /** The ally review's rule (see `docs/kpis.md`). */
  readonly allyReview?: {
    readonly windowDays?: number
    readonly minReferrals?: number
    readonly minServiceScore?: number
    readonly minResponses?: number
  }
  /** Compare referral counts before and after a date for a group of referrers. */
  readonly beforeAfter?: {
    readonly date: string
    readonly days: number
    readonly role?: Role
    readonly contactIds?: readonly string[]
  }
  /** Plans and calendars for plan adherence (defaults: built-in), and days of grace for "on time" (default 0). */
  readonly plans?: PlanCatalogue
  readonly calendars?: CalendarRegistry
  readonly adherenceGraceDays?: number
  readonly gradeOptions?: GradeOptions
}

/** A ratio: `numerator / denominator` (× 100 for rates given in percent), or `null` with a zero denominator. */
export interface Ratio {
  readonly value: number | null
  readonly numerator: number
  readonly denominator: number
  /** With `ids: true`: what was counted above and below the line. */
  readonly ids?: { readonly numerator: readonly string[]; readonly denominator: readonly string[] }
}

/** An amount per currency, integer minor units. */
export interface CurrencyAmount {
  readonly currency: string
  readonly amount: number
}

/** A money ratio in one currency: `numerator` minor units over a count, rounded down. */
export interface MoneyRatio {
  readonly currency: string
  readonly value: number | null
  readonly numerator: number
  readonly denominator: number
}

/** Counts by a key, sorted by key. */
export type KeyCounts = ReadonlyArray<{ readonly key: string; readonly count: number }>

/** CLTV in one currency, with its parts. */
export interface Cltv {
  readonly currency: string
  readonly value: number | null
  readonly averagePurchaseValue: MoneyRatio
  /** Purchases per customer per year over the period. */
  readonly averagePurchaseFrequency: number | null
  readonly customerLifespanYears: number
  readonly grossMargin?: number
}

/** LTV = (ARPU × customer lifetime) − CAC, in one currency. */
export interface Ltv {
  readonly currency: string
  readonly value: number | null
  /** Revenue per customer per year over the period. */
  readonly arpu: number | null
  readonly customerLifetimeYears: number
  readonly cac: number | null
}

/** RV = LTV × CR × R, in one currency (CR as a fraction). */
export interface ReferralValue {
  readonly currency: string
  readonly value: number | null
  readonly ltv: number | null
  readonly conversionRate: number | null
  readonly averageReferralsPerCustomer: number | null
}

/** One contact's latest value-exchange reading: a referral is likely when VR > ER. */
export interface ReferralLikelihood {
  readonly contactId: string
  readonly vr: number
  readonly er: number
  readonly likely: boolean
}

/** One ally's review over the window. */
export interface AllyReviewRow {
  readonly allyId: string
  readonly referralsSent: number
  readonly feedbackResponses: number
  readonly averagePerformance: number | null
  readonly averageGap: number | null
  readonly reconsider: boolean
  readonly reasons: ReadonlyArray<'few-referrals' | 'poor-service'>
}

/** An RFM row: recency (days since the last purchase), frequency, monetary, and quintile scores. */
export interface RfmRow {
  readonly contactId: string
  readonly currency: string
  readonly recencyDays: number
  readonly frequency: number
  readonly monetary: number
  readonly r: number
  readonly f: number
  readonly m: number
  /** Like `515`. */
  readonly code: string
}

/** The KPI report of a period. */
export interface KpiReport {
  readonly now: string
  /** The period as used (the zone actually applied). */
  readonly period: { readonly from: string | null; readonly to: string | null; readonly timeZone: string }
  /** Parts of the query that could not be used, and what was done instead (empty when all is well). */
  readonly queryIssues: readonly string[]
  readonly referralsReceived: {
    readonly total: number
    readonly byRole: { readonly allies: number; readonly advocates: number; readonly core: number; readonly clients: number; readonly other: number }
    readonly byReferrer: KeyCounts
    readonly bySource: KeyCounts
    readonly byTeamMember: KeyCounts
    readonly ids?: readonly string[]
  }
  /** Customers acquired (closed) / referrals received × 100, for the cohort. */
  readonly conversionRate: Ratio
  /** The same, by source of the referral. */
  readonly conversionRateBySource: ReadonlyArray<{ readonly source: string; readonly rate: Ratio }>
  /** Customers who referred / all customers (a fraction). */
  readonly referralRate: Ratio
  /** Revenue from the cohort's closed referrals / the cohort's referrals, per currency. */
  readonly averageReferralValue: readonly MoneyRatio[]
  /** The referral programme's costs in the period (gifts, rewards, events, mailings), per currency. */
  readonly referralCost: readonly CurrencyAmount[]
  /** Every cost in the period (the marketing expenses of CPA), per currency. */
  readonly marketingExpenses: readonly CurrencyAmount[]
  /** Leads (referred or not) closed in the period. */
  readonly customersAcquired: { readonly count: number; readonly ids?: readonly string[] }
  /** Marketing expenses / customers acquired, per currency. */
  readonly cpa: readonly MoneyRatio[]
  /** Customer acquisition cost: computed as CPA. */
  readonly cac: readonly MoneyRatio[]
  readonly cltv: readonly Cltv[]
  readonly ltv: readonly Ltv[]
  readonly referralValue: readonly ReferralValue[]
  /** %promoters (9–10) − %detractors (0–6), −100…+100. */
  readonly nps: { readonly value: number | null; readonly promoters: number; readonly passives: number; readonly detractors: number; readonly responses: number; readonly ids?: readonly string[] }
  /** Customer satisfaction index, 0–100 (weighted attributes ×10, or the recorded score), averaged. */
  readonly csi: { readonly value: number | null; readonly responses: number }
  /** Perceived benefits − perceived costs, averaged. */
  readonly perceivedValue: { readonly value: number | null; readonly responses: number }
  /** Perceived − expected performance, averaged (negative: below expectations). */
  readonly serviceQualityGap: { readonly value: number | null; readonly responses: number }
  /** VR > ER, per contact (latest feedback with both measures). */
  readonly referralLikelihood: { readonly likely: number; readonly contacts: readonly ReferralLikelihood[] }
  /** Planned touches done on time / due in the period (blocked, skipped and held ones aside). */
  readonly planAdherence: Ratio
  /** Referrals contacted within the deadline / referrals whose deadline has come (met or not). */
  readonly referralSla: Ratio
  /** Touches made in the period / contacts in the database during it. */
  readonly touchesPerContact: Ratio
  /** Contact-to-sale: contacts with a sale in the period / contacts, for Met and Haven't Met. */
  readonly contactToSale: { readonly met: Ratio; readonly haventMet: Ratio; readonly metOverHaventMet: number | null }
  readonly allyReview: readonly AllyReviewRow[]
  readonly beforeAfter?: { readonly date: string; readonly days: number; readonly before: number; readonly after: number; readonly change: Ratio }
  readonly rfm: readonly RfmRow[]
  readonly grades: Readonly<Record<Grade, number>>
}

const DAY = 86_400_000
const REFERRAL_PROGRAMME = new Set(['gift', 'reward', 'event', 'mailing'])

const ratio = (numerator: number, denominator: number, scale = 1, ids?: { numerator: string[]; denominator: string[] }): Ratio => ({
  value: denominator === 0 ? null : (numerator / denominator) * scale,
  numerator,
  denominator,
  ...(ids === undefined ? {} : { ids: { numerator: [...ids.numerator].sort(), denominator: [...ids.denominator].sort() } }),
})

const counts = (m: Map<string, number>): KeyCounts =>
  [...m.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([key, count]) => ({ key, count }))

const bump = (m: Map<string, number>, k: string, by = 1): void => {
  m.set(k, (m.get(k) ?? 0) + by)
}

const byCurrency = (m: Map<string, number>): CurrencyAmount[] =>
  [...m.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([currency, amount]) => ({ currency, amount }))

const moneyRatio = (currency: string, numerator: number, denominator: number): MoneyRatio => ({
  currency,
  value: denominator === 0 ? null : Math.floor(numerator / denominator),
  numerator,
  denominator,
})

const average = (xs: readonly number[]): number | null => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length)

/** The role a stream's contact had at `ms` (its last role change on or before). */
const roleAsOf = (s: StreamFacts, ms: number): Role | null => {
  let role: Role | null = null
  for (const [at, r] of s.roles) if (at <= ms) role = r
  return role
}

const contactedMs = (r: ReferralFacts): number | undefined =>
  r.stages.contacted ?? r.stages.appointment ?? r.stages['under-contract'] ?? r.stages.closed

/** The CSI of one response: weighted attributes × 10 (10–100), or the recorded score. */
export const csiOf = (f: FeedbackFacts): number | undefined => {
  if (f.csi === undefined) return undefined
  if (f.csi.method === 'score') return f.csi.score
  let num = 0
  let den = 0
  for (const a of f.csi.attributes) {
    num += a.satisfaction * a.importance
    den += a.importance
  }
  return den === 0 ? undefined : (num / den) * 10
}

/**
 * Quintile scores 1–5 of values, ties sharing a score: a value's score is 1 + ⌊5 × (values
 * below it) / n⌋ (`higherIsBetter`), or counted from above when lower is better (recency).
 */
export const quintiles = (values: readonly number[], higherIsBetter: boolean): number[] => {
  const n = values.length
  const sorted = [...values].sort((a, b) => a - b)
  const below = (v: number): number => {
    let lo = 0
    let hi = n
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if ((sorted[mid] as number) < v) lo = mid + 1
      else hi = mid
    }
    return lo
  }
  const above = (v: number): number => {
    let lo = 0
    let hi = n
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if ((sorted[mid] as number) <= v) lo = mid + 1
      else hi = mid
    }
    return n - lo
  }
  return values.map((v) => 1 + Math.floor((5 * (higherIsBetter ? below(v) : above(v))) / n))
}

/**
 * The KPI report of a period, from events or from an aggregate (`kpiAggregate`, or partial
 * aggregates combined with `kpiMonoid`). Pure; never throws on a valid stream.
 *
 * @example
 * const report = kpis(events, { now: new Date('2026-12-31T23:59:59Z'), from: '2026-01-01', to: '2026-12-31' })
 * report.conversionRate // { value: 25, numerator: 1, denominator: 4 }
 */
export const kpis = (input: KpiAggregate | Iterable<RelationshipEvent>, query: KpiQuery): KpiReport => {
  const aggregate: KpiAggregate = isAggregate(input) ? input : kpiAggregate(input)
  return finalize(aggregate, query)
}

const isAggregate = (u: unknown): u is KpiAggregate =>
  typeof u === 'object' && u !== null && (u as { streams?: unknown }).streams instanceof Map

/** The query as used: what cannot be used is named in `issues` and left at its default. */
const checkQuery = (q: KpiQuery) => {
  const issues: string[] = []
  const nowMs = q.now instanceof Date ? q.now.getTime() : NaN
  if (!Number.isFinite(nowMs)) issues.push('now is not a valid Date: nothing is counted')
  let zone = 'UTC'
  if (q.timeZone !== undefined) {
    if (isKnownZone(q.timeZone)) zone = q.timeZone
    else issues.push(`timeZone ${JSON.stringify(q.timeZone)} is not an IANA time zone: UTC is used`)
  }
  const day = (name: 'from' | 'to', v: string | undefined): CalendarDate | undefined => {
    if (v === undefined) return undefined
    if (isCalendarDate(v)) return v
    issues.push(`${name} ${JSON.stringify(v)} is not a calendar date YYYY-MM-DD: the period is open at that end`)
    return undefined
  }
  const fromDate = day('from', q.from)
  const toDate = day('to', q.to)
  if (fromDate !== undefined && toDate !== undefined && toDate < fromDate) issues.push(`to (${toDate}) is before from (${fromDate}): the period is empty`)
  const positive = (name: string, v: number | undefined, fallback: number): number => {
    if (v === undefined) return fallback
    if (Number.isFinite(v) && v > 0) return v
    issues.push(`${name} must be a positive number, not ${String(v)}: ${fallback} is used`)
    return fallback
  }
  const lifespan = positive('customerLifespanYears', q.customerLifespanYears, 3)
  const slaHours = positive('referralSlaHours', q.referralSlaHours, 24)
  let margin = q.grossMargin
  if (margin !== undefined && !(Number.isFinite(margin) && margin >= 0 && margin <= 1)) {
    issues.push(`grossMargin must be 0–1, not ${String(margin)}: CLTV is given without a margin`)
    margin = undefined
  }
  if (q.beforeAfter !== undefined && (!isCalendarDate(q.beforeAfter.date) || !(q.beforeAfter.days > 0))) {
    issues.push('beforeAfter needs a calendar date and a positive number of days: the comparison is left out')
  }
  return { issues, nowMs, zone, fromDate, toDate, lifespan, slaHours, margin }
}

const finalize = (aggregate: KpiAggregate, q: KpiQuery): KpiReport => {
  const { issues, nowMs, zone, fromDate, toDate, lifespan, slaHours, margin } = checkQuery(q)
  const fromMs = fromDate === undefined ? -Infinity : localInstant(fromDate, 0, zone).getTime()
  const endMs = Number.isFinite(nowMs)
    ? Math.min(nowMs, toDate === undefined ? Infinity : localInstant(addDays(toDate, 1), 0, zone).getTime() - 1)
    : -Infinity
  const inPeriod = (ms: number): boolean => ms >= fromMs && ms <= endMs
  const withIds = q.ids === true
  const streams = [...aggregate.streams.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  const contacts = streams.filter((s) => s.key !== '' && s.addedMs !== undefined)
  const byId = new Map(contacts.map((s) => [s.key, s]))

  // Referrals: the cohort received in the period.
  const cohort: Array<{ r: ReferralFacts; referrerId: string }> = []
  for (const s of contacts) for (const r of s.referrals.values()) if (inPeriod(r.receivedMs)) cohort.push({ r, referrerId: s.key })
  const byRole = { allies: 0, advocates: 0, core: 0, clients: 0, other: 0 }
  const byReferrer = new Map<string, number>()
  const bySource = new Map<string, number>()
  const byTeamMember = new Map<string, number>()
  const closedIds: string[] = []
  const sourceConversion = new Map<string, { n: number; d: number }>()
  const revenue = new Map<string, number>()
  const slaMet: string[] = []
  const slaDue: string[] = []
  for (const { r, referrerId } of cohort) {
    const role = r.referrerRole
    if (role === 'ally') byRole.allies++
    else if (role === 'advocate') byRole.advocates++
    else if (role === 'core') byRole.core++
    else if (role === 'client') byRole.clients++
    else byRole.other++
    bump(byReferrer, referrerId)
    // A referee erased since takes the referral's source with it (the referrer's stream cannot know).
    const source = byId.get(r.refereeId)?.erasedMs === undefined ? (r.source ?? 'unknown') : 'unknown'
    bump(bySource, source)
    bump(byTeamMember, byId.get(r.refereeId)?.assignee ?? 'unassigned')
    const closed = r.stages.closed !== undefined && r.stages.closed <= nowMs
    if (closed) closedIds.push(r.referralId)
    const sc = sourceConversion.get(source) ?? { n: 0, d: 0 }
    sourceConversion.set(source, { n: sc.n + (closed ? 1 : 0), d: sc.d + 1 })
    if (closed && r.revenue !== undefined) bump(revenue, r.revenue.currency, r.revenue.amount)
    const deadline = r.receivedMs + slaHours * 3_600_000
    const contacted = contactedMs(r)
    if (contacted !== undefined && contacted <= nowMs) {
      slaDue.push(r.referralId)
      if (contacted <= deadline) slaMet.push(r.referralId)
    } else if (nowMs > deadline) {
      slaDue.push(r.referralId)
    }
  }
  const cohortIds = cohort.map((c) => c.r.referralId)
  const conversionRate = ratio(closedIds.length, cohort.length, 100, withIds ? { numerator: closedIds, denominator: cohortIds } : undefined)

  // Customers as of the end of the period, and who among them referred.
  const customers: StreamFacts[] = []
  for (const s of contacts) {
    if ((s.addedMs as number) > endMs) continue
    const role = roleAsOf(s, endMs)
    const bought = s.transactions.some((t) => t.ms <= endMs)
    const closedLead = s.lead?.stages.closed !== undefined && s.lead.stages.closed <= endMs
    if (role === 'client' || role === 'advocate' || role === 'core' || bought || closedLead) customers.push(s)
  }
  const referrers = new Set(cohort.map((c) => c.referrerId))
  const customersWhoReferred = customers.filter((s) => referrers.has(s.key)).map((s) => s.key)
  const referralRate = ratio(customersWhoReferred.length, customers.length, 1, withIds ? { numerator: customersWhoReferred, denominator: customers.map((s) => s.key) } : undefined)

  // Customers acquired in the period: referrals and leads closed in it.
  const acquired = new Set<string>()
  for (const s of contacts) {
    for (const r of s.referrals.values()) if (r.stages.closed !== undefined && inPeriod(r.stages.closed)) acquired.add(r.refereeId)
    if (s.lead?.stages.closed !== undefined && inPeriod(s.lead.stages.closed)) acquired.add(s.key)
  }

  // Costs in the period.
  const referralCost = new Map<string, number>()
  const marketing = new Map<string, number>()
  for (const s of streams) {
    for (const c of s.costs) {
      if (!inPeriod(c.ms)) continue
      bump(marketing, c.amount.currency, c.amount.amount)
      if (REFERRAL_PROGRAMME.has(c.category)) bump(referralCost, c.amount.currency, c.amount.amount)
    }
  }
  const cpa = [...marketing.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([cur, amount]) => moneyRatio(cur, amount, acquired.size))
  const cacBy = new Map(cpa.map((c) => [c.currency, c.value]))

  // Transactions in the period, per currency: CLTV, ARPU.
  const tx = new Map<string, { sum: number; count: number; buyers: Set<string> }>()
  let firstTx = Infinity
  for (const s of contacts) {
    for (const t of s.transactions) {
      if (!inPeriod(t.ms)) continue
      firstTx = Math.min(firstTx, t.ms)
      const x = tx.get(t.value.currency) ?? { sum: 0, count: 0, buyers: new Set<string>() }
      x.sum += t.value.amount
      x.count++
      x.buyers.add(s.key)
      tx.set(t.value.currency, x)
    }
  }
  const spanStart = Number.isFinite(fromMs) ? fromMs : firstTx
  // Years of 365 days: a calendar year is exactly 1.
  const years = Number.isFinite(spanStart) && endMs > spanStart ? (endMs - spanStart + 1) / (365 * DAY) : null
  const currencies = [...tx.keys()].sort()
  const cltv: Cltv[] = currencies.map((cur) => {
    const x = tx.get(cur) as { sum: number; count: number; buyers: Set<string> }
    const apv = moneyRatio(cur, x.sum, x.count)
    const apf = years === null || x.buyers.size === 0 ? null : x.count / x.buyers.size / years
    const value = apv.value === null || apf === null ? null : Math.floor(apv.value * apf * lifespan * (margin ?? 1))
    return { currency: cur, value, averagePurchaseValue: apv, averagePurchaseFrequency: apf, customerLifespanYears: lifespan, ...(margin === undefined ? {} : { grossMargin: margin }) }
  })
  const conversionFraction = cohort.length === 0 ? null : closedIds.length / cohort.length
  const perCustomer = customers.length === 0 ? null : cohort.length / customers.length
  const ltv: Ltv[] = currencies.map((cur) => {
    const x = tx.get(cur) as { sum: number }
    const arpu = years === null || customers.length === 0 ? null : x.sum / customers.length / years
    const cac = cacBy.get(cur) ?? null
    const value = arpu === null || cac === null ? null : Math.floor(arpu * lifespan) - cac
    return { currency: cur, value, arpu, customerLifetimeYears: lifespan, cac }
  })
  const referralValue: ReferralValue[] = ltv.map((l) => ({
    currency: l.currency,
    value: l.value === null || conversionFraction === null || perCustomer === null ? null : Math.floor(l.value * conversionFraction * perCustomer),
    ltv: l.value,
    conversionRate: conversionFraction,
    averageReferralsPerCustomer: perCustomer,
  }))

  // Feedback in the period.
  const responses: Array<{ contactId: string; f: FeedbackFacts }> = []
  for (const s of contacts) for (const f of s.feedback) if (inPeriod(f.ms)) responses.push({ contactId: s.key, f })
  let npsResponses = responses.filter((x) => x.f.nps !== undefined)
  if (q.npsLatestPerContact === true) {
    const latest = new Map<string, { contactId: string; f: FeedbackFacts }>()
    for (const x of npsResponses) if ((latest.get(x.contactId)?.f.ms ?? -Infinity) <= x.f.ms) latest.set(x.contactId, x)
    npsResponses = [...latest.values()]
  }
  const promoters = npsResponses.filter((x) => (x.f.nps as number) >= 9).length
  const detractors = npsResponses.filter((x) => (x.f.nps as number) <= 6).length
  const csiValues = responses.flatMap((x) => {
    const v = csiOf(x.f)
    return v === undefined ? [] : [v]
  })
  const perceived = responses.flatMap((x) => (x.f.perceivedBenefits !== undefined && x.f.perceivedCosts !== undefined ? [x.f.perceivedBenefits - x.f.perceivedCosts] : []))
  const gaps = responses.flatMap((x) => (x.f.perceivedPerformance !== undefined && x.f.expectedPerformance !== undefined ? [x.f.perceivedPerformance - x.f.expectedPerformance] : []))

  // VR > ER per contact, from the latest reading with both.
  const likelihood: ReferralLikelihood[] = []
  for (const s of contacts) {
    if (s.erasedMs !== undefined) continue
    let latest: FeedbackFacts | undefined
    for (const f of s.feedback) if (f.ms <= endMs && f.perceivedBenefits !== undefined && f.referralEffort !== undefined) latest = f
    if (latest !== undefined) {
      const vr = latest.perceivedBenefits as number
      const er = latest.referralEffort as number
      likelihood.push({ contactId: s.key, vr, er, likely: vr > er })
    }
  }

  // Plan adherence.
  const adherence = planAdherence(contacts, q, fromDate, toDate, nowMs, withIds)

  // Touches per contact, and contact-to-sale by database.
  const present = contacts.filter((s) => (s.addedMs as number) <= endMs && (s.erasedMs === undefined || s.erasedMs >= fromMs))
  let touches = 0
  for (const s of present) for (const t of s.touches) if (inPeriod(t)) touches++
  const sold = (s: StreamFacts) => s.transactions.some((t) => inPeriod(t.ms))
  const met = present.filter((s) => s.met)
  const notMet = present.filter((s) => !s.met)
  const metSales = met.filter(sold).map((s) => s.key)
  const notMetSales = notMet.filter(sold).map((s) => s.key)
  const metRate = ratio(metSales.length, met.length, 1, withIds ? { numerator: metSales, denominator: met.map((s) => s.key) } : undefined)
  const notMetRate = ratio(notMetSales.length, notMet.length, 1, withIds ? { numerator: notMetSales, denominator: notMet.map((s) => s.key) } : undefined)

  const report: KpiReport = {
    now: Number.isFinite(nowMs) ? new Date(nowMs).toISOString() : 'Invalid Date',
    period: { from: fromDate ?? null, to: toDate ?? null, timeZone: zone },
    queryIssues: issues,
    referralsReceived: {
      total: cohort.length,
      byRole,
      byReferrer: counts(byReferrer),
      bySource: counts(bySource),
      byTeamMember: counts(byTeamMember),
      ...(withIds ? { ids: [...cohortIds].sort() } : {}),
    },
    conversionRate,
    conversionRateBySource: [...sourceConversion.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([source, x]) => ({ source, rate: ratio(x.n, x.d, 100) })),
    referralRate,
    averageReferralValue: [...revenue.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([cur, sum]) => moneyRatio(cur, sum, cohort.length)),
    referralCost: byCurrency(referralCost),
    marketingExpenses: byCurrency(marketing),
    customersAcquired: { count: acquired.size, ...(withIds ? { ids: [...acquired].sort() } : {}) },
    cpa,
    cac: cpa,
    cltv,
    ltv,
    referralValue,
    nps: {
      value: npsResponses.length === 0 ? null : ((promoters - detractors) / npsResponses.length) * 100,
      promoters,
      passives: npsResponses.length - promoters - detractors,
      detractors,
      responses: npsResponses.length,
      ...(withIds ? { ids: npsResponses.map((x) => x.f.eventId).sort() } : {}),
    },
    csi: { value: average(csiValues), responses: csiValues.length },
    perceivedValue: { value: average(perceived), responses: perceived.length },
    serviceQualityGap: { value: average(gaps), responses: gaps.length },
    referralLikelihood: { likely: likelihood.filter((l) => l.likely).length, contacts: likelihood },
    planAdherence: adherence,
    referralSla: ratio(slaMet.length, slaDue.length, 1, withIds ? { numerator: slaMet, denominator: slaDue } : undefined),
    touchesPerContact: ratio(touches, present.length),
    contactToSale: {
      met: metRate,
      haventMet: notMetRate,
      metOverHaventMet: metRate.value === null || notMetRate.value === null || notMetRate.value === 0 ? null : metRate.value / notMetRate.value,
    },
    allyReview: allyReview(contacts, q, nowMs),
    rfm: rfm(customers, endMs),
    grades: grades(contacts, nowMs, q.gradeOptions),
  }
  const ba = beforeAfter(contacts, q, zone)
  return ba === undefined ? report : { ...report, beforeAfter: ba }
}

/** Planned touches done on time / due in the period, from each contact's own stream. */
const planAdherence = (
  contacts: readonly StreamFacts[],
  q: KpiQuery,
  fromDate: CalendarDate | undefined,
  toDate: CalendarDate | undefined,
  nowMs: number,
  withIds: boolean,
): Ratio => {
  if (!Number.isFinite(nowMs)) return ratio(0, 0)
  const plans = q.plans ?? builtInPlans
  const grace = q.adherenceGraceDays ?? 0
  const onTime: string[] = []
  const due: string[] = []
  for (const s of contacts) {
    if (s.erasedMs !== undefined || !s.scheduleEvents.some((e) => e.type === 'PlanEnrolled')) continue
    // The contact's schedules need only its own stream: fold it alone.
    const contact = foldEvents(s.scheduleEvents).contacts.get(s.key)
    if (contact === undefined || contact.erased) continue
    const today = localDateOf(nowMs, contact.profile?.timeZone)
    const last = toDate === undefined || toDate > today ? today : toDate
    for (const enrollment of contact.plans.enrollments) {
      const plan = findPlan(plans, enrollment.planId)
      if (plan === undefined || plan.steps.length === 0) continue
      const sch = schedule(plan, enrollment, contact, {
        through: last,
        ...(q.calendars === undefined ? {} : { calendars: q.calendars }),
      })
      for (const t of sch.touches) {
        if (t.blocked || t.onHold || t.outcome?.status === 'skipped') continue
        if (t.due > last || (fromDate !== undefined && t.due < fromDate)) continue
        const id = `${s.key}/${enrollment.enrollmentId}/${t.touchKey}`
        due.push(id)
        if (t.outcome?.status === 'done' && isCalendarDate(t.outcome.on) && daysBetween(t.due, t.outcome.on) <= grace) onTime.push(id)
      }
    }
  }
  return ratio(onTime.length, due.length, 1, withIds ? { numerator: onTime, denominator: due } : undefined)
}

/** Allies' referrals and service feedback over the window, and whether to reconsider each. */
const allyReview = (contacts: readonly StreamFacts[], q: KpiQuery, nowMs: number): AllyReviewRow[] => {
  if (!Number.isFinite(nowMs)) return []
  const windowMs = (q.allyReview?.windowDays ?? 365) * DAY
  const minReferrals = q.allyReview?.minReferrals ?? 1
  const minScore = q.allyReview?.minServiceScore ?? 6
  const minResponses = q.allyReview?.minResponses ?? 2
  const inWindow = (ms: number) => ms > nowMs - windowMs && ms <= nowMs
  const about = new Map<string, FeedbackFacts[]>()
  for (const s of contacts) {
    for (const f of s.feedback) {
      if (f.aboutContactId === undefined || !inWindow(f.ms)) continue
      const list = about.get(f.aboutContactId) ?? []
      list.push(f)
      about.set(f.aboutContactId, list)
    }
  }
  const rows: AllyReviewRow[] = []
  for (const s of contacts) {
    if (s.erasedMs !== undefined || roleAsOf(s, nowMs) !== 'ally') continue
    let sent = 0
    for (const r of s.referrals.values()) if (inWindow(r.receivedMs)) sent++
    const feedback = about.get(s.key) ?? []
    const performance = average(feedback.flatMap((f) => (f.perceivedPerformance === undefined ? [] : [f.perceivedPerformance])))
    const gap = average(feedback.flatMap((f) => (f.perceivedPerformance !== undefined && f.expectedPerformance !== undefined ? [f.perceivedPerformance - f.expectedPerformance] : [])))
    const reasons: Array<'few-referrals' | 'poor-service'> = []
    if (sent < minReferrals) reasons.push('few-referrals')
    if (feedback.length >= minResponses && performance !== null && performance < minScore) reasons.push('poor-service')
    rows.push({ allyId: s.key, referralsSent: sent, feedbackResponses: feedback.length, averagePerformance: performance, averageGap: gap, reconsider: reasons.length > 0, reasons })
  }
  return rows
}

/** Referral counts of a group in the `days` before a date and the `days` from it. */
const beforeAfter = (contacts: readonly StreamFacts[], q: KpiQuery, zone: string): KpiReport['beforeAfter'] => {
  const ba = q.beforeAfter
  if (ba === undefined || !isCalendarDate(ba.date) || !(ba.days > 0)) return undefined
  const pivot = localInstant(ba.date, 0, zone).getTime()
  const span = ba.days * DAY
  const ids = ba.contactIds === undefined ? undefined : new Set(ba.contactIds)
  let before = 0
  let after = 0
  for (const s of contacts) {
    if (ids !== undefined && !ids.has(s.key)) continue
    if (ba.role !== undefined && roleAsOf(s, pivot) !== ba.role) continue
    for (const r of s.referrals.values()) {
      if (r.receivedMs >= pivot - span && r.receivedMs < pivot) before++
      else if (r.receivedMs >= pivot && r.receivedMs < pivot + span) after++
    }
  }
  return { date: ba.date, days: ba.days, before, after, change: ratio(after - before, before, 100) }
}

/** RFM quintile scores of customers, per currency of their purchases up to the end. */
const rfm = (customers: readonly StreamFacts[], endMs: number): RfmRow[] => {
  const groups = new Map<string, Array<{ contactId: string; recencyDays: number; frequency: number; monetary: number }>>()
  for (const s of customers) {
    const per = new Map<string, { last: number; frequency: number; monetary: number }>()
    for (const t of s.transactions) {
      if (t.ms > endMs) continue
      const x = per.get(t.value.currency) ?? { last: -Infinity, frequency: 0, monetary: 0 }
      x.last = Math.max(x.last, t.ms)
      x.frequency++
      x.monetary += t.value.amount
      per.set(t.value.currency, x)
    }
    for (const [cur, x] of per) {
      const list = groups.get(cur) ?? []
      list.push({ contactId: s.key, recencyDays: Math.floor((endMs - x.last) / DAY), frequency: x.frequency, monetary: x.monetary })
      groups.set(cur, list)
    }
  }
  const rows: RfmRow[] = []
  for (const cur of [...groups.keys()].sort()) {
    const list = groups.get(cur) as Array<{ contactId: string; recencyDays: number; frequency: number; monetary: number }>
    const r = quintiles(list.map((x) => x.recencyDays), false)
    const f = quintiles(list.map((x) => x.frequency), true)
    const m = quintiles(list.map((x) => x.monetary), true)
    list.forEach((x, i) => {
      const ri = r[i] as number
      const fi = f[i] as number
      const mi = m[i] as number
      rows.push({ ...x, currency: cur, r: ri, f: fi, m: mi, code: `${ri}${fi}${mi}` })
    })
  }
  return rows.sort((a, b) => (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : a.contactId < b.contactId ? -1 : 1))
}

/** Contacts by grade at `now` (erased ones aside). */
const grades = (contacts: readonly StreamFacts[], nowMs: number, options?: GradeOptions): Record<Grade, number> => {
  const out: Record<Grade, number> = { 'A+': 0, A: 0, B: 0, C: 0, D: 0 }
  if (!Number.isFinite(nowMs)) return out
  for (const s of contacts) {
    if (s.erasedMs !== undefined || (s.addedMs as number) > nowMs) continue
    let recent = 0
    for (const r of s.referrals.values()) if (r.receivedMs > nowMs - YEAR_MS && r.receivedMs <= nowMs) recent++
    out[
      gradeFromFacts(
        { recentReferrals: recent, promised: s.promisedMs !== undefined, met: s.met, role: roleAsOf(s, nowMs), rating: s.rating, circle: s.circle },
        options,
      )
    ]++
  }
  return out
}
