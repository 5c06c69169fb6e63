/**
 * The holiday cards of a 33-touch plan year: from the set's ranked candidates,
 * in rank order, the first 7 distinct holidays whose card due date (holiday − lead time)
 * falls inside the plan year.
 */
import * as E from 'fp-ts/lib/Either.js'
import { dayNumberToYmd, fromDayNumber, toDayNumber, type CalendarDate } from '../core/calendar-date.js'
import {
  CARD_HOLIDAYS_PER_YEAR,
  DEFAULT_CARD_LEAD_DAYS,
  type CalendarSet,
  type ObservanceNames,
} from './calendar-set.js'
import { calendarError, type CalendarError } from './errors.js'
import { observanceDaysById } from './observances.js'

/** A holiday card of a plan year: which holiday, when it falls and when the card is due. */
export interface CardHoliday {
  /** The observance id (`us-thanksgiving`). */
  readonly id: string
  readonly names: ObservanceNames
  /** 1-based position in the set's ranked candidates. */
  readonly rank: number
  /** The date of the holiday. */
  readonly holidayDate: CalendarDate
  /** The date the card is due: the holiday minus the lead time, inside the plan year. */
  readonly dueDate: CalendarDate
}

/** A chosen holiday before it is dressed as a `CardHoliday`. @internal */
export interface CardPick {
  readonly id: string
  readonly rank: number
  readonly holiday: number
}

/**
 * The first 7 distinct ranked candidates whose due date (day numbers) lies in `start … end`;
 * fewer when the set cannot give 7. Shared by the public function and set validation.
 * @internal
 */
export const pickCardHolidays = (set: CalendarSet, start: number, end: number, leadDays: number): CardPick[] => {
  const picks: CardPick[] = []
  // Holidays whose due date is inside the plan year fall in start+lead … end+lead.
  const lo = start + leadDays
  const hi = end + leadDays
  const firstYear = dayNumberToYmd(lo).year
  const lastYear = dayNumberToYmd(hi).year
  const indexes: ReadonlyMap<string, readonly number[]>[] = []
  for (let y = firstYear; y <= lastYear; y++) indexes.push(observanceDaysById(set, y))
  set.cardHolidays.forEach((id, i) => {
    if (picks.length >= CARD_HOLIDAYS_PER_YEAR || picks.some((p) => p.id === id)) return
    // Years ascend and days within a year ascend: the first hit is the first occurrence.
    for (const index of indexes) {
      for (const day of index.get(id) ?? []) {
        if (day >= lo && day <= hi) {
          picks.push({ id, rank: i + 1, holiday: day })
          return
        }
      }
    }
  })
  return picks
}

/**
 * The holiday cards of one plan year: takes the set's ranked candidates in rank order and
 * returns the first 7 distinct holidays whose card due date (holiday date − `leadDays`) falls
 * inside `planYearStart … planYearEndInclusive`. A holiday that falls twice in the window (an
 * Eid in a plan year that spans two) counts once, at its first occurrence with a due date
 * inside. The cards come sorted by due date (then rank).
 *
 * Returns `Left` when the window or lead time is invalid, or when fewer than 7 candidates
 * qualify (a set that passed `validateCalendarSet` always gives 7 for plan years starting
 * 2020–2040 at the default lead time of 10 days). Results are frozen and remembered per set
 * object and window, so contacts enrolled on the same day share one answer.
 * @example
 * cardHolidaysForPlanYear(builtInCalendars.us, '2026-03-01' as CalendarDate, '2027-02-28' as CalendarDate)
 * // Right([... 7 cards, e.g. { id: 'us-easter', holidayDate: '2026-04-05', dueDate: '2026-03-26', rank: 6 } ...])
 */
export const cardHolidaysForPlanYear = (
  set: CalendarSet,
  planYearStart: CalendarDate,
  planYearEndInclusive: CalendarDate,
  leadDays: number = DEFAULT_CARD_LEAD_DAYS,
): E.Either<CalendarError, readonly CardHoliday[]> => {
  if (!Number.isInteger(leadDays) || leadDays < 0 || leadDays > 366) {
    return E.left(
      calendarError('invalid-lead-time', `card lead time must be a whole number of days 0–366, got ${String(leadDays)}`, {
        // A number is shown in the locale's digits; anything else as it was given.
        leadDays: typeof leadDays === 'number' && Number.isFinite(leadDays) ? leadDays : String(leadDays),
      }),
    )
  }
  let cache = resultCache.get(set)
  if (cache === undefined) {
    cache = new Map()
    resultCache.set(set, cache)
  }
  const key = `${planYearStart}|${planYearEndInclusive}|${leadDays}`
  const hit = cache.get(key)
  if (hit !== undefined) return hit
  const result = select(set, planYearStart, planYearEndInclusive, leadDays)
  // Bounded: a long-running host meets about one new window a day; start afresh when full.
  if (cache.size >= MAX_CACHED_PLAN_YEARS) cache.clear()
  cache.set(key, result)
  return result
}

/** Most plan-year windows remembered per set (contacts enrolled the same day share one). */
const MAX_CACHED_PLAN_YEARS = 20_000

const resultCache = new WeakMap<CalendarSet, Map<string, E.Either<CalendarError, readonly CardHoliday[]>>>()

const namesCache = new WeakMap<CalendarSet, ReadonlyMap<string, ObservanceNames>>()

const namesOf = (set: CalendarSet): ReadonlyMap<string, ObservanceNames> => {
  let names = namesCache.get(set)
  if (names === undefined) {
    names = new Map(set.observances.map((o) => [o.id, o.names] as const))
    namesCache.set(set, names)
  }
  return names
}

const select = (
  set: CalendarSet,
  planYearStart: CalendarDate,
  planYearEndInclusive: CalendarDate,
  leadDays: number,
): E.Either<CalendarError, readonly CardHoliday[]> => {
  const start = toDayNumber(planYearStart)
  const end = toDayNumber(planYearEndInclusive)
  if (end < start) {
    return E.left(
      calendarError('invalid-plan-year', `plan year ends (${planYearEndInclusive}) before it starts (${planYearStart})`, {
        planYearStart: String(planYearStart),
        planYearEnd: String(planYearEndInclusive),
      }),
    )
  }
  const picks = pickCardHolidays(set, start, end, leadDays)
  if (picks.length < CARD_HOLIDAYS_PER_YEAR) {
    return E.left(notEnough(set, planYearStart, planYearEndInclusive, leadDays, picks))
  }
  const names = namesOf(set)
  const cards = picks
    .map(
      (p): CardHoliday =>
        Object.freeze({
          id: p.id,
          // Every pick came from an observance of the set, so its names are there.
          names: names.get(p.id) as ObservanceNames,
          rank: p.rank,
          holidayDate: fromDayNumber(p.holiday),
          dueDate: fromDayNumber(p.holiday - leadDays),
        }),
    )
    .sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.rank - b.rank))
  return E.right(Object.freeze(cards))
}

/** The error for a plan year with too few card holidays. @internal */
export const notEnough = (
  set: CalendarSet,
  planYearStart: CalendarDate,
  planYearEnd: CalendarDate,
  leadDays: number,
  picks: readonly CardPick[],
): CalendarError =>
  calendarError(
    'not-enough-card-holidays',
    `calendar set '${set.id}' gives only ${picks.length} of ${CARD_HOLIDAYS_PER_YEAR} distinct card holidays ` +
      `with a due date (holiday − ${leadDays} days) in the plan year ${planYearStart} … ${planYearEnd}; rank more candidates`,
    {
      calendarSet: set.id,
      count: picks.length,
      wanted: CARD_HOLIDAYS_PER_YEAR,
      leadDays,
      planYearStart,
      planYearEnd,
      found: picks.map((p) => p.id),
    },
  )
