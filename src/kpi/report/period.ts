/** The query as used, the period in instants, and the helpers every KPI family shares. */
import { addDays, isCalendarDate, type CalendarDate } from '../../core/calendar-date.js'
import { isKnownZone, localInstant } from '../../core/zones.js'
import type { Role } from '../../events/index.js'
import type { ResolvedContact } from '../resolve.js'
import type { CurrencyAmount, KeyCounts, KpiQuery, MoneyRatio, Ratio } from './types.js'

/** The query, checked: what cannot be used is named in `issues` and left at its default. */
export interface Period {
  readonly issues: readonly string[]
  readonly nowMs: number
  readonly zone: string
  readonly fromDate: CalendarDate | undefined
  readonly toDate: CalendarDate | undefined
  /** The period's first instant (−∞ without `from`). */
  readonly fromMs: number
  /** The period's last instant: the end of `to`, or `now` if earlier. */
  readonly endMs: number
  readonly lifespan: number
  readonly slaHours: number
  readonly margin: number | undefined
  readonly withIds: boolean
  readonly inPeriod: (ms: number) => boolean
}

/** Checks a query into a period. */
export const periodOf = (q: KpiQuery): Period => {
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
  const fromMs = fromDate === undefined ? -Infinity : localInstant(fromDate, 0, zone).getTime()
  const endMs = Number.isFinite(nowMs)
    ? Math.min(nowMs, toDate === undefined ? Infinity : localInstant(addDays(toDate, 1), 0, zone).getTime() - 1)
    : -Infinity
  return {
    issues,
    nowMs,
    zone,
    fromDate,
    toDate,
    fromMs,
    endMs,
    lifespan,
    slaHours,
    margin,
    withIds: q.ids === true,
    inPeriod: (ms) => ms >= fromMs && ms <= endMs,
  }
}

/** Milliseconds in a day. */
export const DAY = 86_400_000

/** A ratio; `null` with a zero denominator (never `NaN` or `Infinity`). */
export const ratio = (numerator: number, denominator: number, scale = 1, ids?: { numerator: readonly string[]; denominator: readonly string[] }): Ratio => ({
  value: denominator === 0 ? null : (numerator / denominator) * scale,
  numerator,
  denominator,
  ...(ids === undefined ? {} : { ids: { numerator: [...ids.numerator].sort(), denominator: [...ids.denominator].sort() } }),
})

const byKey = <T>(entries: Iterable<[string, T]>): Array<[string, T]> => [...entries].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))

/** Counts by key, sorted by key. */
export const counts = (m: Map<string, number>): KeyCounts => byKey(m).map(([key, count]) => ({ key, count }))

/** Adds `by` to a key's count. */
export const bump = (m: Map<string, number>, k: string, by = 1): void => {
  m.set(k, (m.get(k) ?? 0) + by)
}

/** Amounts per currency, sorted by currency. */
export const byCurrency = (m: Map<string, number>): CurrencyAmount[] => byKey(m).map(([currency, amount]) => ({ currency, amount }))

/** Sums per currency, sorted by currency. */
export const sortedCurrencies = <T>(m: Map<string, T>): Array<[string, T]> => byKey(m)

/** A money ratio in one currency, rounded down. */
export const moneyRatio = (currency: string, numerator: number, denominator: number): MoneyRatio => ({
  currency,
  value: denominator === 0 ? null : Math.floor(numerator / denominator),
  numerator,
  denominator,
})

/** The average of numbers, or `null` with none. */
export const average = (xs: readonly number[]): number | null => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length)

/** The role a contact had at `ms` (its last role change on or before). */
export const roleAsOf = (c: ResolvedContact, ms: number): Role | null => {
  let role: Role | null = null
  for (const [at, r] of c.facts.roles) if (at <= ms) role = r
  return role
}
