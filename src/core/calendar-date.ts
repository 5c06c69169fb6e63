/**
 * Zone-free calendar dates (`YYYY-MM-DD`), month-days (`--MM-DD`) and year-months (`YYYY-MM`).
 *
 * Schedules are computed on plain calendar dates and only meet time zones at the edges
 *: arithmetic here is integer day numbers, never `Date` objects, so it is
 * exact, fast and independent of the machine's zone. Strings are parsed and checked back —
 * `2026-02-30` is not a date — because `Date.parse` silently rolls such strings over.
 */
import * as O from 'fp-ts/lib/Option.js'

/** A real calendar date written `YYYY-MM-DD` (years 0001–9999). */
export type CalendarDate = string & { readonly CalendarDate: unique symbol }

/** A month and day without a year, written `--MM-DD` (`--02-29` is allowed). */
export type MonthDay = string & { readonly MonthDay: unique symbol }

/** A month without a day, written `YYYY-MM`. */
export type YearMonth = string & { readonly YearMonth: unique symbol }

/** Day of the week, 0 = Sunday … 6 = Saturday (as `Date#getUTCDay`). */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/
const MONTH_DAY_RE = /^--(\d{2})-(\d{2})$/
const YEAR_MONTH_RE = /^(\d{4})-(\d{2})$/

/** Whether `year` is a Gregorian leap year. */
export const isLeapYear = (year: number): boolean =>
  (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const

/**
 * Number of days in `month` (1–12) of `year`.
 * @example daysInMonth(2028, 2) // 29
 */
export const daysInMonth = (year: number, month: number): number =>
  month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0)

/** Whether `year`-`month`-`day` names a real date of the proleptic Gregorian calendar. */
export const isValidYmd = (year: number, month: number, day: number): boolean =>
  Number.isInteger(year) &&
  Number.isInteger(month) &&
  Number.isInteger(day) &&
  year >= 1 &&
  year <= 9999 &&
  month >= 1 &&
  month <= 12 &&
  day >= 1 &&
  day <= daysInMonth(year, month)

const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`)
const pad4 = (n: number): string => `${n}`.padStart(4, '0')

/** Whether `u` is a string naming a real calendar date `YYYY-MM-DD`. */
export const isCalendarDate = (u: unknown): u is CalendarDate => {
  if (typeof u !== 'string') return false
  const m = DATE_RE.exec(u)
  return m !== null && isValidYmd(Number(m[1]), Number(m[2]), Number(m[3]))
}

/**
 * Parses a `YYYY-MM-DD` string, checking that the date exists.
 * @example parseCalendarDate('2026-02-30') // none
 */
export const parseCalendarDate = (s: string): O.Option<CalendarDate> =>
  isCalendarDate(s) ? O.some(s) : O.none

/** Whether `u` is a `--MM-DD` month-day that exists in some year (`--02-29` included). */
export const isMonthDay = (u: unknown): u is MonthDay => {
  if (typeof u !== 'string') return false
  const m = MONTH_DAY_RE.exec(u)
  return m !== null && isValidYmd(2000, Number(m[1]), Number(m[2]))
}

/** Whether `u` is a `YYYY-MM` year-month. */
export const isYearMonth = (u: unknown): u is YearMonth => {
  if (typeof u !== 'string') return false
  const m = YEAR_MONTH_RE.exec(u)
  return m !== null && isValidYmd(Number(m[1]), Number(m[2]), 1)
}

/**
 * Builds a calendar date from its parts, or none when they name no real date.
 * @example calendarDate(2026, 11, 26) // some('2026-11-26')
 */
export const calendarDate = (year: number, month: number, day: number): O.Option<CalendarDate> =>
  isValidYmd(year, month, day) ? O.some(formatYmd(year, month, day)) : O.none

/** Formats parts already known to be valid. @internal */
export const formatYmd = (year: number, month: number, day: number): CalendarDate =>
  `${pad4(year)}-${pad2(month)}-${pad2(day)}` as CalendarDate

/** Formats a month-day. @internal */
export const formatMonthDay = (month: number, day: number): MonthDay =>
  `--${pad2(month)}-${pad2(day)}` as MonthDay

/** The parts of a calendar date. */
export interface Ymd {
  readonly year: number
  readonly month: number
  readonly day: number
}

/** Splits a calendar date into its year, month (1–12) and day. */
export const toYmd = (d: CalendarDate): Ymd => ({
  year: Number(d.slice(0, 4)),
  month: Number(d.slice(5, 7)),
  day: Number(d.slice(8, 10)),
})

/** The month (1–12) and day of a `--MM-DD` month-day. */
export const monthDayParts = (md: MonthDay): { readonly month: number; readonly day: number } => ({
  month: Number(md.slice(2, 4)),
  day: Number(md.slice(5, 7)),
})

// Day numbers: days since 1970-01-01, by Howard Hinnant's civil-date algorithms —
// integer arithmetic only, valid for the whole proleptic Gregorian range.

/** Days since 1970-01-01 of a year, month (1–12) and day. */
export const ymdToDayNumber = (year: number, month: number, day: number): number => {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const mp = (month + 9) % 12
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

/** The year, month and day of a day number (days since 1970-01-01). */
export const dayNumberToYmd = (n: number): Ymd => {
  const z = n + 719468
  const era = Math.floor(z / 146097)
  const doe = z - era * 146097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day }
}

/** Days since 1970-01-01 of a calendar date. */
export const toDayNumber = (d: CalendarDate): number =>
  // Character codes, inline: the schedule's hot path parses dates without allocating.
  ymdToDayNumber(
    (d.charCodeAt(0) - 48) * 1000 + (d.charCodeAt(1) - 48) * 100 + (d.charCodeAt(2) - 48) * 10 + (d.charCodeAt(3) - 48),
    (d.charCodeAt(5) - 48) * 10 + (d.charCodeAt(6) - 48),
    (d.charCodeAt(8) - 48) * 10 + (d.charCodeAt(9) - 48),
  )

/** The calendar date of a day number (days since 1970-01-01). */
export const fromDayNumber = (n: number): CalendarDate => {
  const { year, month, day } = dayNumberToYmd(n)
  return formatYmd(year, month, day)
}

/**
 * The date `days` days after `d` (before, when negative).
 * @example addDays('2028-02-28' as CalendarDate, 1) // '2028-02-29'
 */
export const addDays = (d: CalendarDate, days: number): CalendarDate => fromDayNumber(toDayNumber(d) + days)

/**
 * The date `months` months after `d`, clamped to the last day of a shorter month
 * (as date-fns `addMonths`).
 * @example addMonths('2026-01-31' as CalendarDate, 1) // '2026-02-28'
 */
export const addMonths = (d: CalendarDate, months: number): CalendarDate => {
  const { year, month, day } = toYmd(d)
  const index = year * 12 + (month - 1) + months
  const y = Math.floor(index / 12)
  const m = index - y * 12 + 1
  return formatYmd(y, m, Math.min(day, daysInMonth(y, m)))
}

/**
 * The date `years` years after `d`; Feb 29 becomes Feb 28 in a common year (as date-fns `addYears`).
 * @example addYears('2028-02-29' as CalendarDate, 1) // '2029-02-28'
 */
export const addYears = (d: CalendarDate, years: number): CalendarDate => addMonths(d, years * 12)

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export const daysBetween = (from: CalendarDate, to: CalendarDate): number => toDayNumber(to) - toDayNumber(from)

/** Day of the week of a date, 0 = Sunday. */
export const weekday = (d: CalendarDate): Weekday => weekdayOfDayNumber(toDayNumber(d))

/** Day of the week of a day number, 0 = Sunday (1970-01-01 was a Thursday). */
export const weekdayOfDayNumber = (n: number): Weekday => ((((n + 4) % 7) + 7) % 7) as Weekday

/** Orders two calendar dates (`YYYY-MM-DD` strings order as their dates). */
export const compareDates = (a: CalendarDate, b: CalendarDate): -1 | 0 | 1 => (a < b ? -1 : a > b ? 1 : 0)

/**
 * The date a month-day falls on in `year`. Feb 29 in a common year is observed on Feb 28
 * unless `feb29` says `'mar-1'`.
 * @example monthDayInYear('--02-29' as MonthDay, 2027) // '2027-02-28'
 */
export const monthDayInYear = (md: MonthDay, year: number, feb29: 'feb-28' | 'mar-1' = 'feb-28'): CalendarDate => {
  const { month, day } = monthDayParts(md)
  if (month === 2 && day === 29 && !isLeapYear(year)) {
    return feb29 === 'mar-1' ? formatYmd(year, 3, 1) : formatYmd(year, 2, 28)
  }
  return formatYmd(year, month, day)
}

/** The month-day of a calendar date. */
export const toMonthDay = (d: CalendarDate): MonthDay => `--${d.slice(5, 10)}` as MonthDay

/** The calendar date of an instant in UTC. */
export const utcDateOf = (instant: Date): CalendarDate =>
  formatYmd(instant.getUTCFullYear(), instant.getUTCMonth() + 1, instant.getUTCDate())
