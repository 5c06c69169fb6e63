/**
 * The errors of the calendars module: values, never throws. Each has the shape of every
 * touchbase error — a `code` to branch on, the `path` of the offending part when there is one,
 * the `params` its message is built from, an English `message`.
 */
import type { DecodeIssue } from '../core/decoding.js'
import { issuesSummary, touchbaseError, type ErrorParam, type TouchbaseError, type TouchbaseIssue } from '../core/errors.js'

/**
 * The codes of the reasons a well-shaped calendar set is still not one: issues of an
 * `invalid-calendar-set` error, beside decode issues.
 */
export const CALENDAR_ISSUE_CODES = ['duplicate-weekend-day', 'weekend-without-business-day', 'day-not-in-month', 'years-reversed'] as const

/** The code of a reason a calendar set's data is not valid (beyond its shape). */
export type CalendarIssueCode = (typeof CALENDAR_ISSUE_CODES)[number]

/** Every code of the calendars' errors, and of the issues of `invalid-calendar-set`. */
export const CALENDAR_ERROR_CODES = [
  'invalid-calendar-set',
  ...CALENDAR_ISSUE_CODES,
  'duplicate-observance',
  'too-few-card-holidays',
  'unknown-card-holiday',
  'duplicate-card-holiday',
  'not-enough-card-holidays',
  'no-business-days',
  'invalid-plan-year',
  'invalid-lead-time',
] as const

/** The code of a calendar error or of one of its issues. */
export type CalendarErrorCode = (typeof CALENDAR_ERROR_CODES)[number]

/**
 * One reason a value is not a valid calendar set, with where it is
 * (`set.observances[3].rule.month`): a decode issue (its shape) or a reason its data cannot be.
 */
export type CalendarIssue = DecodeIssue | TouchbaseIssue<CalendarIssueCode>

/** The codes a `CalendarError` itself has (its issues have theirs). */
type CalendarRefusalCode = Exclude<CalendarErrorCode, CalendarIssueCode>

/**
 * Why a calendar set was refused, or why card holidays could not be chosen. Branch on `code`:
 *
 * - `invalid-calendar-set`: not shaped like a set, or with data no calendar has; every reason
 *   is in `issues`, each with its path;
 * - `duplicate-observance`, `unknown-card-holiday`, `duplicate-card-holiday`,
 *   `too-few-card-holidays`: the ids and the ranking of card holidays;
 * - `not-enough-card-holidays`: fewer than 7 distinct card holidays have a due date inside a
 *   plan year (`params.found` lists those that do);
 * - `no-business-days`: a run of more than `params.days` days without a business day;
 * - `invalid-plan-year`, `invalid-lead-time`: arguments of `cardHolidaysForPlanYear`.
 */
export type CalendarError =
  | (TouchbaseError<'invalid-calendar-set'> & {
      readonly params: { readonly issues: number }
      readonly issues: readonly CalendarIssue[]
    })
  | TouchbaseError<Exclude<CalendarRefusalCode, 'invalid-calendar-set'>>

const REFUSAL_CODES: ReadonlySet<string> = new Set(CALENDAR_ERROR_CODES.filter((c) => !(CALENDAR_ISSUE_CODES as readonly string[]).includes(c)))

/** Whether a value is a calendar error. */
export const isCalendarError = (u: unknown): u is CalendarError =>
  typeof u === 'object' &&
  u !== null &&
  REFUSAL_CODES.has((u as { code?: unknown }).code as string) &&
  typeof (u as { message?: unknown }).message === 'string'

/** The refusal of a set for its issues. @internal */
export const invalidCalendarSet = (issues: readonly CalendarIssue[]): CalendarError =>
  Object.freeze({
    code: 'invalid-calendar-set' as const,
    params: Object.freeze({ issues: issues.length }),
    message: issuesSummary(issues),
    issues: Object.freeze([...issues]),
  })

/** A calendar error other than `invalid-calendar-set`. @internal */
export const calendarError = (
  code: Exclude<CalendarRefusalCode, 'invalid-calendar-set'>,
  message: string,
  params: Readonly<Record<string, ErrorParam>>,
  path?: string,
): CalendarError => touchbaseError(code, message, Object.freeze({ ...params }), path)
