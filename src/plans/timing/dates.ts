/**
 * Date helpers the timing rules share, on day numbers (`toDayNumber`).
 */
import {
  daysInMonth,
  dayNumberToYmd,
  isCalendarDate,
  isMonthDay,
  monthDayInYear,
  toDayNumber,
  ymdToDayNumber,
  type MonthDay,
} from '../../core/calendar-date.js'

/** The day number of a year-month-day, the day clamped to the month's last. */
export const ymd = (y: number, m: number, d: number): number => ymdToDayNumber(y, m, Math.min(d, daysInMonth(y, m)))

/** The first month-day occurrence on or after day `from`, as a day number (`md` not Feb 29). */
export const monthDayOnOrAfter = (month: number, day: number, from: number): number => {
  const { year } = dayNumberToYmd(from)
  const c = ymd(year, month, day)
  return c >= from ? c : ymd(year + 1, month, day)
}

/**
 * The first occurrence of a personal (or season) month-day whose due date — `lead` days
 * before it — falls inside `lo … hi`; undefined when none does.
 */
export const firstOccurrenceDue = (
  md: MonthDay,
  lead: number,
  lo: number,
  hi: number,
  feb29: 'feb-28' | 'mar-1',
  onceEveryYear: boolean,
): { readonly date: number; readonly due: number } | undefined => {
  const firstYear = dayNumberToYmd(lo + lead).year
  for (let y = firstYear; y <= firstYear + 2; y++) {
    const date = toDayNumber(monthDayInYear(md, y, feb29))
    const due = date - lead
    if (due >= lo && due <= hi) return { date, due }
    // A Feb 29 date observed on Feb 28 in common years is 366 days from one occurrence to the
    // next across a leap day, so one plan year (365 days) can fall between them. A personal
    // date then has no card that year (a fallback stands in); a step that must
    // come once every year has its next occurrence due a day early, on the year's last day.
    if (onceEveryYear && due === hi + 1) return { date, due: hi }
    if (due > hi) return undefined
  }
  return undefined
}

/** The month-day of a personal date, or undefined when it has no day (`YYYY-MM`). */
export const monthDayOf = (recorded: string): MonthDay | undefined => {
  if (isMonthDay(recorded)) return recorded
  if (isCalendarDate(recorded)) return `--${recorded.slice(5)}` as MonthDay
  return undefined
}
