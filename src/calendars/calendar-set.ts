/**
 * Calendar sets: the observances of a culture or country, its weekend and its days off, and
 * the ranked holidays a holiday card may be sent for. A set is plain data (JSON-shaped), so a
 * host can store, send and validate its own (`validateCalendarSet`).
 */
import type { CalendarDate, Weekday } from '../core/calendar-date.js'
import type { ObservanceRule } from './rules.js'

/** A name in English and Arabic. */
export interface ObservanceNames {
  readonly en: string
  readonly ar: string
}

/**
 * How an observance's day is shifted when it falls on a weekend day of the set:
 * - `as-is` (default): not moved — the day off is lost to the weekend;
 * - `nearest`: to the nearest day that is not a weekend day, the later one on a tie
 *   (US federal: Saturday → Friday, Sunday → Monday; Saudi National Day: Friday → Thursday,
 *   Saturday → Sunday);
 * - `next`: to the next day that is neither a weekend day nor already a day off
 *   (UK substitute bank holidays: Christmas on Saturday → Monday, Boxing Day on Sunday → Tuesday).
 */
export type ObservedShift = 'as-is' | 'nearest' | 'next'

/** That an observance is a day off (no business is done), and for how long. */
export interface DayOff {
  /** Consecutive days off from the observance's date, 1–14; default 1. */
  readonly days?: number
  /** What happens to a day off that falls on a weekend day; default `as-is`. Applies to each day. */
  readonly observed?: ObservedShift
}

/** One observance of a calendar set: its id, names, rule and whether it is a day off. */
export interface ObservanceDefinition {
  /** Stable id, unique in the set (e.g. `us-thanksgiving`); card holidays refer to it. */
  readonly id: string
  readonly names: ObservanceNames
  readonly rule: ObservanceRule
  /** Present when the observance is a day off (a public holiday). */
  readonly dayOff?: DayOff
  /** First year the observance exists (Saudi Founding Day: 2022), by the year of its rule's anchor. */
  readonly fromYear?: number
  /** Last year the observance exists. */
  readonly toYear?: number
}

/** A calendar set: the observances, weekend and days off of a culture or country, and its ranked card holidays. */
export interface CalendarSet {
  /** Stable id (`us`, `sa`…); contacts name their set by it. */
  readonly id: string
  /** A readable name (`United States`). */
  readonly name: string
  /** ISO 3166-1 alpha-2 country code (`US`, `GB`, `SA`…). */
  readonly country: string
  /** Weekend days, 0 = Sunday … 6 = Saturday (`[0, 6]` Sat–Sun, `[5, 6]` Fri–Sat); at most 6. */
  readonly weekend: readonly Weekday[]
  /** Every observance of the set. */
  readonly observances: readonly ObservanceDefinition[]
  /**
   * Observance ids ranked for holiday cards, best first (at least 9). The first seven are the
   * seven default card holidays of the 33-touch year; the rest stand in for a plan year
   * in which one of them has no card due (see `cardHolidaysForPlanYear`).
   */
  readonly cardHolidays: readonly string[]
}

/** One observance of a calendar set in a given year. */
export interface Observance {
  /** The observance's id in its set. */
  readonly id: string
  readonly names: ObservanceNames
  /** The date it falls on. */
  readonly date: CalendarDate
  /** Whether it is a day off (a public holiday of the set). */
  readonly dayOff: boolean
  /**
   * The days taken off for it, after any weekend shift (empty when it is not a day off).
   * A shift can carry a day into the next or previous year (New Year's Day on a Saturday is
   * observed on Friday, December 31 in the US).
   */
  readonly daysOff: readonly CalendarDate[]
}

/** How many holiday cards a 33-touch plan year holds. */
export const CARD_HOLIDAYS_PER_YEAR = 7

/** The fewest ranked card-holiday candidates a calendar set must have. */
export const MIN_CARD_CANDIDATES = 9

/** The default lead time of a holiday card: due 10 days before the holiday, so it arrives in time. */
export const DEFAULT_CARD_LEAD_DAYS = 10
