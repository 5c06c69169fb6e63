/**
 * The observances of a calendar set in a year, and the days off they give. Both are computed
 * once per set object and year and cached in `WeakMap`s keyed by the set, so a schedule over
 * 10,000 contacts computes a year's holidays once, not per contact; the cache lets go of a
 * set when the host does. Results are frozen: callers share them and nothing mutates them.
 */
import { fromDayNumber, toDayNumber, weekdayOfDayNumber, ymdToDayNumber, type CalendarDate } from '../core/calendar-date.js'
import type { CalendarSet, DayOff, Observance, ObservanceDefinition } from './calendar-set.js'
import { ruleDayNumbersInYear } from './rules.js'

const perSet = <V>(): WeakMap<CalendarSet, Map<number, V>> => new WeakMap<CalendarSet, Map<number, V>>()

const memo = <V>(cache: WeakMap<CalendarSet, Map<number, V>>, set: CalendarSet, year: number, compute: () => V): V => {
  let byYear = cache.get(set)
  if (byYear === undefined) {
    byYear = new Map<number, V>()
    cache.set(set, byYear)
  }
  const hit = byYear.get(year)
  if (hit !== undefined) return hit
  const value = compute()
  byYear.set(year, value)
  return value
}

const weekendMasks = new WeakMap<CalendarSet, number>()

/** The set's weekend as a bit mask (bit d = weekday d). @internal */
export const weekendMask = (set: CalendarSet): number => {
  const hit = weekendMasks.get(set)
  if (hit !== undefined) return hit
  let mask = 0
  for (const d of set.weekend) mask |= 1 << d
  weekendMasks.set(set, mask)
  return mask
}

const isWeekendDay = (mask: number, n: number): boolean => (mask & (1 << weekdayOfDayNumber(n))) !== 0

/** The nearest day that is not a weekend day (the later one on a tie); the day itself when the week has no workday. */
const nearestWorkday = (mask: number, n: number): number => {
  for (let k = 1; k <= 7; k++) {
    if (!isWeekendDay(mask, n + k)) return n + k
    if (!isWeekendDay(mask, n - k)) return n - k
  }
  return n
}

/** The next day that is neither a weekend day nor already taken. */
const nextFreeWorkday = (mask: number, n: number, taken: ReadonlySet<number>): number => {
  let d = n + 1
  // Bounded: a set with no workday at all keeps the day where it is.
  for (let k = 0; k < 3660; k++, d++) if (!isWeekendDay(mask, d) && !taken.has(d)) return d
  return n
}

const inForce = (def: ObservanceDefinition) => (anchorYear: number): boolean =>
  (def.fromYear === undefined || anchorYear >= def.fromYear) && (def.toYear === undefined || anchorYear <= def.toYear)

interface Occurrence {
  readonly def: ObservanceDefinition
  readonly day: number
}

/** Assigns the days off of a year's occurrences (sorted by date, then id), applying weekend shifts. */
const assignDaysOff = (set: CalendarSet, occurrences: readonly Occurrence[]): number[][] => {
  const mask = weekendMask(set)
  const result: number[][] = occurrences.map(() => [])
  const taken = new Set<number>()
  const pending: { readonly index: number; readonly day: number; readonly dayOff: DayOff }[] = []
  // First the days that stay put, so that a `next` shift can step over all of them.
  occurrences.forEach((o, index) => {
    const dayOff = o.def.dayOff
    if (dayOff === undefined) return
    const span = dayOff.days ?? 1
    for (let k = 0; k < span; k++) {
      const day = o.day + k
      if ((dayOff.observed ?? 'as-is') !== 'as-is' && isWeekendDay(mask, day)) pending.push({ index, day, dayOff })
      else {
        result[index]?.push(day)
        taken.add(day)
      }
    }
  })
  // Then the shifted ones, in date order (UK: Christmas takes Monday before Boxing Day does).
  pending.sort((a, b) => a.day - b.day || a.index - b.index)
  for (const p of pending) {
    const day = p.dayOff.observed === 'nearest' ? nearestWorkday(mask, p.day) : nextFreeWorkday(mask, p.day, taken)
    result[p.index]?.push(day)
    taken.add(day)
  }
  // Two shifted days of one span can meet on the same workday: count it once.
  return result.map((days) => [...new Set(days)].sort((a, b) => a - b))
}

const assertYear = (year: number): void => {
  if (!Number.isInteger(year) || year < 1 || year > 9999) {
    throw new RangeError(`touchbase: observances needs an integer year 1–9999, got ${String(year)}`)
  }
}

const computeObservances = (set: CalendarSet, year: number): readonly Observance[] => {
  const occurrences: Occurrence[] = []
  for (const def of set.observances) {
    for (const day of ruleDayNumbersInYear(def.rule, year, inForce(def))) occurrences.push({ def, day })
  }
  occurrences.sort((a, b) => a.day - b.day || (a.def.id < b.def.id ? -1 : a.def.id > b.def.id ? 1 : 0))
  const daysOff = assignDaysOff(set, occurrences)
  return Object.freeze(
    occurrences.map((o, i) =>
      Object.freeze({
        id: o.def.id,
        names: o.def.names,
        date: fromDayNumber(o.day),
        dayOff: o.def.dayOff !== undefined,
        daysOff: Object.freeze((daysOff[i] ?? []).map(fromDayNumber)),
      }),
    ),
  )
}

const observanceCache = perSet<readonly Observance[]>()

/**
 * Every observance of a calendar set in a Gregorian year (1–9999), sorted by date then id,
 * each with its names, date and days off. Computed once per set object and year (cached);
 * the result is frozen and shared — treat sets as immutable values, since the cache is keyed
 * by the set object.
 * @example
 * observances(builtInCalendars.us, 2026).find((o) => o.id === 'us-thanksgiving')?.date // '2026-11-26'
 */
export const observances = (set: CalendarSet, year: number): readonly Observance[] => {
  assertYear(year)
  return memo(observanceCache, set, year, () => computeObservances(set, year))
}

const indexCache = perSet<ReadonlyMap<string, readonly number[]>>()

/** The day numbers of each observance id in a year (ascending), for card selection. @internal */
export const observanceDaysById = (set: CalendarSet, year: number): ReadonlyMap<string, readonly number[]> =>
  memo(indexCache, set, year, () => {
    const index = new Map<string, number[]>()
    for (const o of observances(set, year)) {
      const days = index.get(o.id)
      const n = toDayNumber(o.date)
      if (days === undefined) index.set(o.id, [n])
      else days.push(n)
    }
    return index
  })

const daysOffCache = perSet<ReadonlySet<number>>()

/** The day numbers that are days off in a year (shifts from the years around it included). @internal */
export const daysOffDayNumbers = (set: CalendarSet, year: number): ReadonlySet<number> =>
  memo(daysOffCache, set, year, () => {
    const first = ymdToDayNumber(year, 1, 1)
    const last = ymdToDayNumber(year, 12, 31)
    const out = new Set<number>()
    // A weekend shift can move a day off across New Year (US: Jan 1 on a Saturday → Dec 31).
    for (let y = Math.max(1, year - 1); y <= Math.min(9999, year + 1); y++) {
      for (const o of observances(set, y)) {
        for (const d of o.daysOff) {
          const n = toDayNumber(d)
          if (n >= first && n <= last) out.add(n)
        }
      }
    }
    return out
  })

/**
 * The days off of a calendar set in a year (its public holidays after weekend shifts), sorted.
 * @example daysOffInYear(builtInCalendars.us, 2022)[0] // '2022-01-17' (New Year's Day 2022 was observed on 2021-12-31)
 */
export const daysOffInYear = (set: CalendarSet, year: number): readonly CalendarDate[] => {
  assertYear(year)
  return [...daysOffDayNumbers(set, year)].sort((a, b) => a - b).map(fromDayNumber)
}
