/**
 * Terse constructors for the built-in sets. They build the same plain data a host would write
 * as JSON; the sets are deep-frozen so that nothing can change a set the caches are keyed by.
 * @internal
 */
import type { Weekday } from '../../core/calendar-date.js'
import type { CalendarSet, DayOff, ObservanceDefinition } from '../calendar-set.js'
import type { NthOccurrence, ObservanceRule } from '../rules.js'

/** A fixed month-day rule. */
export const fixed = (month: number, day: number): ObservanceRule => ({ kind: 'fixed', month, day })

/** An nth-weekday rule (n = −1 for the last). */
export const nth = (month: number, weekday: Weekday, n: NthOccurrence): ObservanceRule => ({
  kind: 'nth-weekday',
  month,
  weekday,
  n,
})

/** A rule at an offset from Western Easter. */
export const easter = (offsetDays: number): ObservanceRule => ({ kind: 'western-easter', offsetDays })

/** A rule at an offset from Orthodox Easter. */
export const orthodoxEasterRule = (offsetDays: number): ObservanceRule => ({ kind: 'orthodox-easter', offsetDays })

/** A Hijri month-day rule, with an optional offset. */
export const hijri = (month: number, day: number, offsetDays = 0): ObservanceRule =>
  offsetDays === 0 ? { kind: 'hijri', month, day } : { kind: 'hijri', month, day, offsetDays }

/** Sunday. */
export const SUN = 0
/** Monday. */
export const MON = 1
/** Thursday. */
export const THU = 4

/** One observance; `extra` carries `dayOff`, `fromYear`, `toYear`. */
export const obs = (
  id: string,
  en: string,
  ar: string,
  rule: ObservanceRule,
  extra: { readonly dayOff?: DayOff; readonly fromYear?: number; readonly toYear?: number } = {},
): ObservanceDefinition => ({ id, names: { en, ar }, rule, ...extra })

/** A day off of one day, not shifted. */
export const OFF: DayOff = {}

const deepFreeze = <T>(value: T): T => {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const v of Object.values(value)) deepFreeze(v)
  }
  return value
}

/** A built-in set, deep-frozen. */
export const defineSet = (set: CalendarSet): CalendarSet => deepFreeze(set)
