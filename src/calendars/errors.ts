/**
 * The errors of the calendars module: values, never throws. Each has a `kind` to branch on and
 * a `message` to show.
 */
import type { CalendarDate } from '../core/calendar-date.js'
import type { DecodeIssue } from '../core/decoding.js'

/** One reason a value is not a valid calendar set: where (`set.observances[3].rule.month`), what was expected, what was found. */
export type CalendarIssue = DecodeIssue

/** Why a calendar set was refused, or why card holidays could not be chosen. */
export type CalendarError =
  | {
      readonly _tag: 'CalendarError'
      /** The input is not shaped like a calendar set (an unknown rule kind, a bad month-day…). */
      readonly kind: 'malformed'
      readonly issues: readonly CalendarIssue[]
      readonly message: string
    }
  | {
      readonly _tag: 'CalendarError'
      /** Two observances share an id. */
      readonly kind: 'duplicate-observance'
      readonly id: string
      readonly message: string
    }
  | {
      readonly _tag: 'CalendarError'
      /** A ranked card holiday names no observance of the set, or is ranked twice. */
      readonly kind: 'unknown-card-holiday' | 'duplicate-card-holiday'
      readonly id: string
      readonly message: string
    }
  | {
      readonly _tag: 'CalendarError'
      /** The set ranks fewer than 9 card-holiday candidates. */
      readonly kind: 'too-few-card-holidays'
      readonly count: number
      readonly message: string
    }
  | {
      readonly _tag: 'CalendarError'
      /** Fewer than 7 distinct card holidays have a due date inside a plan year. */
      readonly kind: 'not-enough-card-holidays'
      readonly planYearStart: CalendarDate
      readonly planYearEnd: CalendarDate
      readonly leadDays: number
      /** The ids that did qualify, in rank order. */
      readonly found: readonly string[]
      readonly message: string
    }
  | {
      readonly _tag: 'CalendarError'
      /** The set leaves a run of more than `days` days without a business day. */
      readonly kind: 'no-business-days'
      readonly from: CalendarDate
      readonly days: number
      readonly message: string
    }
  | {
      readonly _tag: 'CalendarError'
      /** A plan year that ends before it starts, or a lead time that is not a whole number of days 0–366. */
      readonly kind: 'invalid-plan-year' | 'invalid-lead-time'
      readonly message: string
    }

/** Whether a value is a calendar error. */
export const isCalendarError = (u: unknown): u is CalendarError =>
  typeof u === 'object' && u !== null && (u as { _tag?: unknown })._tag === 'CalendarError'
