/** The built-in calendar sets, keyed by id. */
import type { CalendarSet } from '../calendar-set.js'
import { ae } from './ae.js'
import { eg } from './eg.js'
import { sa } from './sa.js'
import { uk } from './uk.js'
import { us } from './us.js'

/**
 * The built-in calendar sets, keyed by id: `us` (United States), `uk` (England and Wales),
 * `sa` (Saudi Arabia), `ae` (United Arab Emirates) and `eg` (Egypt). Frozen.
 * @example observances(builtInCalendars.sa, 2026).map((o) => o.id) // ['sa-new-year', 'sa-ramadan', 'sa-founding-day', …]
 */
export const builtInCalendars: {
  readonly us: CalendarSet
  readonly uk: CalendarSet
  readonly sa: CalendarSet
  readonly ae: CalendarSet
  readonly eg: CalendarSet
} = Object.freeze({ us, uk, sa, ae, eg })

/** The id of a built-in calendar set. */
export type BuiltInCalendarId = keyof typeof builtInCalendars
