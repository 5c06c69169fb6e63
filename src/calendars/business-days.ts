/**
 * Business days of a calendar set: days that are neither weekend days of the set nor its days
 * off. Person-performed touches (calls, letters, meetings) land on them.
 */
import { fromDayNumber, toDayNumber, weekdayOfDayNumber, dayNumberToYmd, type CalendarDate } from '../core/calendar-date.js'
import type { CalendarSet } from './calendar-set.js'
import { daysOffDayNumbers, weekendMask } from './observances.js'

/** How far the business-day helpers look before deciding a set has no business days at all (a bug: validation refuses such sets). */
const SEARCH_LIMIT_DAYS = 3660

/** Whether a day number is a business day of the set. @internal */
export const isBusinessDayNumber = (set: CalendarSet, n: number): boolean =>
  (weekendMask(set) & (1 << weekdayOfDayNumber(n))) === 0 && !daysOffDayNumbers(set, dayNumberToYmd(n).year).has(n)

/**
 * Whether a date is a business day of the set: not one of its weekend days and not one of its
 * days off (after weekend shifts).
 * @example isBusinessDay(builtInCalendars.us, '2026-11-26' as CalendarDate) // false (Thanksgiving)
 * @example isBusinessDay(builtInCalendars.sa, '2026-03-01' as CalendarDate) // true (a Sunday)
 */
export const isBusinessDay = (set: CalendarSet, date: CalendarDate): boolean => isBusinessDayNumber(set, toDayNumber(date))

const search = (set: CalendarSet, from: number, step: 1 | -1): number => {
  let n = from
  for (let k = 0; k <= SEARCH_LIMIT_DAYS; k++, n += step) if (isBusinessDayNumber(set, n)) return n
  throw new Error(`touchbase: calendar set '${set.id}' has no business day within ten years of ${fromDayNumber(from)}`)
}

/**
 * The first business day on or after `date`.
 * @example nextBusinessDay(builtInCalendars.us, '2026-11-26' as CalendarDate) // '2026-11-27'
 */
export const nextBusinessDay = (set: CalendarSet, date: CalendarDate): CalendarDate =>
  fromDayNumber(search(set, toDayNumber(date), 1))

/**
 * The last business day on or before `date`.
 * @example previousBusinessDay(builtInCalendars.sa, '2026-09-26' as CalendarDate) // '2026-09-24' (Thursday; Fri–Sat weekend)
 */
export const previousBusinessDay = (set: CalendarSet, date: CalendarDate): CalendarDate =>
  fromDayNumber(search(set, toDayNumber(date), -1))

/** The window a business-day move must stay inside (a plan year, an 8x8 window), both ends inclusive. */
export interface BusinessDayWindow {
  readonly notBefore: CalendarDate
  readonly notAfter: CalendarDate
}

/**
 * Where a person-performed touch due on `date` lands: the date itself when it is a business
 * day; else the previous business day; or, when that would fall before `notBefore`, the next
 * business day. When that would also pass `notAfter`, the window has no business day at all
 * and the date is kept.
 * @example
 * // Sunday 2026-01-04 in a plan year that starts that day: Friday is outside it, so Monday.
 * moveToBusinessDay(builtInCalendars.us, '2026-01-04' as CalendarDate,
 *   { notBefore: '2026-01-04' as CalendarDate, notAfter: '2027-01-03' as CalendarDate }) // '2026-01-05'
 */
export const moveToBusinessDay = (set: CalendarSet, date: CalendarDate, window: BusinessDayWindow): CalendarDate => {
  const n = toDayNumber(date)
  if (isBusinessDayNumber(set, n)) return date
  return fromDayNumber(moveToBusinessDayNumber(set, n, toDayNumber(window.notBefore), toDayNumber(window.notAfter)))
}

/** `moveToBusinessDay` on day numbers, for schedules (no date strings made per touch). @internal */
export const moveToBusinessDayNumber = (set: CalendarSet, n: number, notBefore: number, notAfter: number): number => {
  if (isBusinessDayNumber(set, n)) return n
  // Search only inside the window: a set with a long run of days off must not cost more than the window.
  for (let d = n - 1; d >= notBefore; d--) if (isBusinessDayNumber(set, d)) return d
  for (let d = n + 1; d <= notAfter; d++) if (isBusinessDayNumber(set, d)) return d
  return n
}
