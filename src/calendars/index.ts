/**
 * Observance calendars: holidays as data (fixed, nth weekday, Western and Orthodox Easter,
 * Islamic Umm al-Qura dates by `Intl`), the built-in sets (`us`, `uk`, `sa`, `ae`, `eg`), the
 * holiday cards of a plan year, business days, validation of host sets and a registry.
 * See `docs/calendars.md`.
 */
export type { CalendarDate, Weekday } from '../core/calendar-date.js'
export {
  CARD_HOLIDAYS_PER_YEAR,
  DEFAULT_CARD_LEAD_DAYS,
  MIN_CARD_CANDIDATES,
  type CalendarSet,
  type DayOff,
  type Observance,
  type ObservanceDefinition,
  type ObservanceNames,
  type ObservedShift,
} from './calendar-set.js'
export {
  OBSERVANCE_RULE_KINDS,
  nthWeekdayOfMonth,
  orthodoxEaster,
  westernEaster,
  type FixedRule,
  type HijriRule,
  type NthOccurrence,
  type NthWeekdayRule,
  type ObservanceRule,
  type OrthodoxEasterRule,
  type WesternEasterRule,
} from './rules.js'
export { fromHijri, hijriDatesInYear, toHijri, type HijriDate } from './hijri.js'
export { daysOffInYear, observances } from './observances.js'
export { cardHolidaysForPlanYear, type CardHoliday } from './card-holidays.js'
export {
  isBusinessDay,
  moveToBusinessDay,
  nextBusinessDay,
  previousBusinessDay,
  type BusinessDayWindow,
} from './business-days.js'
export {
  CALENDAR_ERROR_CODES,
  CALENDAR_ISSUE_CODES,
  isCalendarError,
  type CalendarError,
  type CalendarErrorCode,
  type CalendarIssue,
  type CalendarIssueCode,
} from './errors.js'
export { CalendarSetC, VALIDATED_YEARS, validateCalendarSet } from './validate.js'
export {
  calendarIds,
  calendarRegistry,
  findCalendar,
  withCalendar,
  withoutCalendar,
  type CalendarRegistry,
} from './registry.js'
export { builtInCalendars, type BuiltInCalendarId } from './built-in/index.js'
