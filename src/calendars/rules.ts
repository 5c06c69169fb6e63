/**
 * Observance rules as data, and the date arithmetic behind them: fixed month-days, the nth
 * weekday of a month, offsets from Western and Orthodox Easter, and Hijri month-days.
 * Everything is zone-free integer day arithmetic (see `core/calendar-date.ts`).
 */
import * as O from 'fp-ts/lib/Option.js'
import {
  daysInMonth,
  fromDayNumber,
  isLeapYear,
  ymdToDayNumber,
  weekdayOfDayNumber,
  type CalendarDate,
  type Weekday,
} from '../core/calendar-date.js'
import { hijriDayNumbersInYear } from './hijri.js'

/** Which occurrence of a weekday in a month: 1st … 5th, or −1 for the last. */
export type NthOccurrence = 1 | 2 | 3 | 4 | 5 | -1

/** An observance on the same month and day every year (Feb 29 falls on Feb 28 in common years). */
export interface FixedRule {
  readonly kind: 'fixed'
  /** Month 1–12. */
  readonly month: number
  /** Day of the month (must exist in a leap year). */
  readonly day: number
  /** Days to add to the date (e.g. +1 for "the day after"); default 0. */
  readonly offsetDays?: number
}

/** An observance on the nth (or last) given weekday of a month: US Thanksgiving is the 4th Thursday of November. */
export interface NthWeekdayRule {
  readonly kind: 'nth-weekday'
  /** Month 1–12. */
  readonly month: number
  /** 0 = Sunday … 6 = Saturday. */
  readonly weekday: Weekday
  /** 1–5, or −1 for the last; a 5th that a month lacks gives no observance that year. */
  readonly n: NthOccurrence
  /** Days to add (US Election Day: the Tuesday after the 1st Monday of November = +1); default 0. */
  readonly offsetDays?: number
}

/** An observance a number of days from Western (Gregorian) Easter Sunday: Good Friday is −2. */
export interface WesternEasterRule {
  readonly kind: 'western-easter'
  /** Days from Easter Sunday; default 0. */
  readonly offsetDays?: number
}

/** An observance a number of days from Orthodox (Julian computus) Easter Sunday: Sham el-Nessim is +1. */
export interface OrthodoxEasterRule {
  readonly kind: 'orthodox-easter'
  /** Days from Orthodox Easter Sunday; default 0. */
  readonly offsetDays?: number
}

/**
 * An observance on a day of a Hijri (Umm al-Qura) month, computed by `Intl`: Eid al-Fitr is
 * month 10 day 1. It may fall twice in a Gregorian year, and a day 30 only in 30-day months.
 */
export interface HijriRule {
  readonly kind: 'hijri'
  /** Hijri month 1–12 (1 Muharram, 3 Rabi' al-Awwal, 9 Ramadan, 10 Shawwal, 12 Dhu al-Hijjah). */
  readonly month: number
  /** Day 1–30. */
  readonly day: number
  /** Days to add (Saudi Eid al-Fitr holiday: the day after 29 Ramadan = +1); default 0. */
  readonly offsetDays?: number
}

/** How an observance's date is found each year: data a host can write as JSON. */
export type ObservanceRule = FixedRule | NthWeekdayRule | WesternEasterRule | OrthodoxEasterRule | HijriRule

/** The kinds of observance rule. */
export const OBSERVANCE_RULE_KINDS = ['fixed', 'nth-weekday', 'western-easter', 'orthodox-easter', 'hijri'] as const

/** The largest offset a rule may carry, in days either way (so a rule stays within a year of its anchor). */
export const MAX_OFFSET_DAYS = 365

const assertYear = (year: number, what: string): void => {
  if (!Number.isInteger(year) || year < 1 || year > 9999) {
    throw new RangeError(`touchbase: ${what} needs an integer year 1–9999, got ${String(year)}`)
  }
}

/** The day number of Western Easter Sunday (the anonymous Gregorian algorithm, Meeus/Jones/Butcher). @internal */
export const westernEasterDayNumber = (year: number): number => {
  const a = year % 19
  const b = Math.floor(year / 100)
  const c = year % 100
  const d = Math.floor(b / 4)
  const e = b % 4
  const f = Math.floor((b + 8) / 25)
  const g = Math.floor((b - f + 1) / 3)
  const h = (19 * a + b - d - g + 15) % 30
  const i = Math.floor(c / 4)
  const k = c % 4
  const l = (32 + 2 * e + 2 * i - h - k) % 7
  const m = Math.floor((a + 11 * h + 22 * l) / 451)
  const month = Math.floor((h + l - 7 * m + 114) / 31)
  const day = ((h + l - 7 * m + 114) % 31) + 1
  return ymdToDayNumber(year, month, day)
}

/**
 * Western Easter Sunday of a year (Gregorian computus), for years 1–9999.
 * @example westernEaster(2026) // '2026-04-05'
 */
export const westernEaster = (year: number): CalendarDate => {
  assertYear(year, 'westernEaster')
  return fromDayNumber(westernEasterDayNumber(year))
}

// Days since 1970-01-01 of a Julian-calendar date: the civil-from-days arithmetic with the
// Julian leap rule (every 4th year), aligned so that Julian 1582-10-05 = Gregorian 1582-10-15.
const julianRaw = (year: number, month: number, day: number): number => {
  const y = month <= 2 ? year - 1 : year
  const mp = (month + 9) % 12
  return 365 * y + Math.floor(y / 4) + Math.floor((153 * mp + 2) / 5) + day - 1
}
const JULIAN_SHIFT = ymdToDayNumber(1582, 10, 15) - julianRaw(1582, 10, 5)

/** The day number of Orthodox Easter Sunday (Julian computus, Meeus), on the Gregorian calendar. @internal */
export const orthodoxEasterDayNumber = (year: number): number => {
  const a = year % 4
  const b = year % 7
  const c = year % 19
  const d = (19 * c + 15) % 30
  const e = (2 * a + 4 * b - d + 34) % 7
  const month = Math.floor((d + e + 114) / 31)
  const day = ((d + e + 114) % 31) + 1
  return julianRaw(year, month, day) + JULIAN_SHIFT
}

/**
 * Orthodox (and Coptic) Easter Sunday of a year: the Julian computus, converted to the
 * Gregorian calendar. Years 1–9999.
 * @example orthodoxEaster(2026) // '2026-04-12'
 */
export const orthodoxEaster = (year: number): CalendarDate => {
  assertYear(year, 'orthodoxEaster')
  return fromDayNumber(orthodoxEasterDayNumber(year))
}

/** The day number of the nth weekday of a month, or undefined when there is no such day. @internal */
export const nthWeekdayDayNumber = (year: number, month: number, weekday: number, n: number): number | undefined => {
  if (n === -1) {
    const last = ymdToDayNumber(year, month, daysInMonth(year, month))
    return last - ((weekdayOfDayNumber(last) - weekday + 7) % 7)
  }
  const first = ymdToDayNumber(year, month, 1)
  const day = 1 + ((weekday - weekdayOfDayNumber(first) + 7) % 7) + 7 * (n - 1)
  return day <= daysInMonth(year, month) ? first + day - 1 : undefined
}

/**
 * The nth `weekday` (0 = Sunday) of a month, n = 1–5 or −1 for the last; none when the
 * month has no 5th such day (or the input names no month).
 * @example nthWeekdayOfMonth(2026, 11, 4, 4) // some('2026-11-26') (US Thanksgiving)
 * @example nthWeekdayOfMonth(2026, 5, 1, -1) // some('2026-05-25') (US Memorial Day)
 */
export const nthWeekdayOfMonth = (year: number, month: number, weekday: number, n: number): O.Option<CalendarDate> => {
  const ok =
    Number.isInteger(year) &&
    year >= 1 &&
    year <= 9999 &&
    Number.isInteger(month) &&
    month >= 1 &&
    month <= 12 &&
    Number.isInteger(weekday) &&
    weekday >= 0 &&
    weekday <= 6 &&
    (n === -1 || (Number.isInteger(n) && n >= 1 && n <= 5))
  if (!ok) return O.none
  const d = nthWeekdayDayNumber(year, month, weekday, n)
  return d === undefined ? O.none : O.some(fromDayNumber(d))
}

/** The day numbers of a rule's anchor dates in a year (before its offset). */
const anchorDayNumbers = (rule: ObservanceRule, year: number): readonly number[] => {
  switch (rule.kind) {
    case 'fixed': {
      const day = rule.month === 2 && rule.day === 29 && !isLeapYear(year) ? 28 : rule.day
      return [ymdToDayNumber(year, rule.month, day)]
    }
    case 'nth-weekday': {
      const d = nthWeekdayDayNumber(year, rule.month, rule.weekday, rule.n)
      return d === undefined ? [] : [d]
    }
    case 'western-easter':
      return [westernEasterDayNumber(year)]
    case 'orthodox-easter':
      return [orthodoxEasterDayNumber(year)]
    case 'hijri':
      return hijriDayNumbersInYear(rule.month, rule.day, year)
  }
}

/**
 * The day numbers on which a rule falls in Gregorian `year`, ascending, offsets applied.
 * `inForce` says whether the rule applies to an anchor year (an observance's first/last year).
 * @internal
 */
export const ruleDayNumbersInYear = (rule: ObservanceRule, year: number, inForce: (anchorYear: number) => boolean): number[] => {
  const offset = rule.offsetDays ?? 0
  const first = ymdToDayNumber(year, 1, 1)
  const last = ymdToDayNumber(year, 12, 31)
  // An offset of up to a year can carry an anchor of the year before or after into this one.
  const from = offset > 0 ? Math.max(1, year - 1) : year
  const to = offset < 0 ? Math.min(9999, year + 1) : year
  const out: number[] = []
  for (let y = from; y <= to; y++) {
    if (!inForce(y)) continue
    for (const a of anchorDayNumbers(rule, y)) {
      const d = a + offset
      if (d >= first && d <= last) out.push(d)
    }
  }
  return out.sort((a, b) => a - b)
}
