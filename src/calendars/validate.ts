/**
 * Validation of host-supplied calendar sets (JSON data). `validateCalendarSet` accepts anything
 * and never throws: it returns `Right(set)` — a fresh, frozen copy that owns its data — or
 * `Left(CalendarError)` saying what is wrong and where.
 *
 * Beyond shape (rule kinds, real month-days, ids), it checks what a schedule relies on: the
 * ranked card holidays name observances of the set, there are at least 9, and every plan year
 * starting on any day of 2020–2040 gets 7 distinct card holidays at the default lead time.
 */
import { decodeBounded, decodeLimits, unreadableIssue } from '../core/decoding.js'
import { touchbaseIssue } from '../core/errors.js'
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as t from 'io-ts'
import { addYears, daysInMonth, fromDayNumber, toDayNumber, ymdToDayNumber, type Weekday } from '../core/calendar-date.js'
import { CountryC, Id, ShortText, intRange, oneOf } from '../core/codecs.js'
import { tagged } from '../core/tagged.js'
import { isBusinessDayNumber } from './business-days.js'
import {
  CARD_HOLIDAYS_PER_YEAR,
  DEFAULT_CARD_LEAD_DAYS,
  MIN_CARD_CANDIDATES,
  type CalendarSet,
  type DayOff,
  type ObservanceDefinition,
} from './calendar-set.js'
import { notEnough, pickCardHolidays } from './card-holidays.js'
import { calendarError, invalidCalendarSet, type CalendarError, type CalendarIssue } from './errors.js'
import { MAX_OFFSET_DAYS, type NthOccurrence, type ObservanceRule } from './rules.js'

/** The enrollment years whose every plan year a valid set must give 7 card holidays. */
export const VALIDATED_YEARS = { from: 2020, to: 2040 } as const

/** The longest run of days without a business day a valid set may have (in the validated years). */
export const MAX_DAYS_WITHOUT_BUSINESS_DAY = 31

/** The most observances a set may define (validation cost grows with them). */
export const MAX_OBSERVANCES = 500

/** The most ranked card-holiday candidates a set may list. */
export const MAX_CARD_CANDIDATES = 100

const isPlainObject = (u: unknown): u is Record<string, unknown> => {
  if (typeof u !== 'object' || u === null || Array.isArray(u)) return false
  const proto = Object.getPrototypeOf(u)
  return proto === Object.prototype || proto === null
}

const unknownKey = (allowed: readonly string[]): t.Type<never, never, unknown> =>
  new t.Type<never, never, unknown>(
    `no property of that name (known: ${allowed.join(', ')})`,
    (_u): _u is never => false,
    (u, c) => t.failure(u, c),
    (a) => a,
  )

/**
 * A codec of a plain object with required and optional properties that refuses properties it
 * does not know: a typo (`dayoff`) would otherwise vanish silently and change the calendar.
 */
const closed = <R extends t.Props, P extends t.Props>(
  required: R,
  optional: P,
  name: string,
): t.Type<t.TypeOfProps<R> & t.TypeOfPartialProps<P>, unknown, unknown> => {
  const inner = t.intersection([t.type(required), t.partial(optional)])
  const allowed = [...Object.keys(required), ...Object.keys(optional)]
  const known = new Set(allowed)
  const refuse = unknownKey(allowed)
  return new t.Type<t.TypeOfProps<R> & t.TypeOfPartialProps<P>, unknown, unknown>(
    name,
    (u): u is t.TypeOfProps<R> & t.TypeOfPartialProps<P> => isPlainObject(u) && inner.is(u),
    (u, c) => {
      if (!isPlainObject(u)) return t.failure(u, c)
      const errors: t.ValidationError[] = []
      for (const key of Object.keys(u)) {
        if (!known.has(key)) errors.push({ value: u[key], context: t.appendContext(c, key, refuse, u[key]) })
      }
      const result = inner.validate(u, c)
      if (E.isLeft(result)) return t.failures([...errors, ...result.left])
      return errors.length > 0 ? t.failures(errors) : t.success(result.right as t.TypeOfProps<R> & t.TypeOfPartialProps<P>)
    },
    (a) => a,
  )
}

/** An array of at most `max` items: the length is checked before the items, so a huge input costs nothing. */
const boundedArray = <C extends t.Mixed>(item: C, max: number, name: string): t.Type<t.TypeOf<C>[], unknown, unknown> => {
  const inner = t.array(item)
  return new t.Type<t.TypeOf<C>[], unknown, unknown>(
    name,
    (u): u is t.TypeOf<C>[] => Array.isArray(u) && u.length <= max && inner.is(u),
    (u, c) => (Array.isArray(u) && u.length <= max ? inner.validate(u, c) : t.failure(u, c)),
    (a) => a,
  )
}

const NamesC = closed({ en: ShortText, ar: ShortText }, {}, 'names { en, ar } (non-empty texts)')
const MonthC = intRange(1, 12)
const OffsetC = intRange(-MAX_OFFSET_DAYS, MAX_OFFSET_DAYS)
const NthC = new t.Type<NthOccurrence, number, unknown>(
  'an occurrence 1–5, or -1 for the last',
  (u): u is NthOccurrence => u === -1 || u === 1 || u === 2 || u === 3 || u === 4 || u === 5,
  (u, c) => (u === -1 || u === 1 || u === 2 || u === 3 || u === 4 || u === 5 ? t.success(u) : t.failure(u, c)),
  (a) => a,
)
const WeekdayC = intRange(0, 6) as unknown as t.Type<Weekday, number, unknown>

const RuleC = tagged(
  'kind',
  {
    fixed: closed({ kind: t.literal('fixed'), month: MonthC, day: intRange(1, 31) }, { offsetDays: OffsetC }, 'a fixed rule { month, day }'),
    'nth-weekday': closed(
      { kind: t.literal('nth-weekday'), month: MonthC, weekday: WeekdayC, n: NthC },
      { offsetDays: OffsetC },
      'an nth-weekday rule { month, weekday, n }',
    ),
    'western-easter': closed({ kind: t.literal('western-easter') }, { offsetDays: OffsetC }, 'a western-easter rule { offsetDays }'),
    'orthodox-easter': closed({ kind: t.literal('orthodox-easter') }, { offsetDays: OffsetC }, 'an orthodox-easter rule { offsetDays }'),
    hijri: closed(
      { kind: t.literal('hijri'), month: MonthC, day: intRange(1, 30) },
      { offsetDays: OffsetC },
      'a hijri rule { month, day }',
    ),
  },
  'an observance rule',
)

const DayOffC = closed(
  {},
  { days: intRange(1, 14), observed: oneOf(['as-is', 'nearest', 'next']) },
  'a day off { days?, observed? }',
)

const YearC = intRange(1, 9999)

const ObservanceC = closed(
  { id: Id, names: NamesC, rule: RuleC },
  { dayOff: DayOffC, fromYear: YearC, toYear: YearC },
  'an observance { id, names, rule, dayOff?, fromYear?, toYear? }',
)

/** A calendar set is small data: the event bounds, with room for its observances. */
const SET_LIMITS = decodeLimits({ maxBytes: 1_000_000, maxArray: 1000 })

const SetShapeC = closed(
  {
    id: Id,
    name: ShortText,
    country: CountryC,
    weekend: boundedArray(WeekdayC, 7, 'a list of weekend days 0–6 (0 = Sunday)'),
    observances: boundedArray(ObservanceC, MAX_OBSERVANCES, `a list of at most ${MAX_OBSERVANCES} observances`),
    cardHolidays: boundedArray(Id, MAX_CARD_CANDIDATES, `a list of at most ${MAX_CARD_CANDIDATES} observance ids`),
  },
  {},
  'a calendar set { id, name, country, weekend, observances, cardHolidays }',
)

type SetShape = t.TypeOf<typeof SetShapeC>

// —— Checks beyond shape ——

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

const meaningIssues = (shape: SetShape): CalendarIssue[] => {
  const issues: CalendarIssue[] = []
  const weekend = shape.weekend
  if (new Set(weekend).size !== weekend.length) {
    issues.push(touchbaseIssue('duplicate-weekend-day', 'set.weekend', 'a weekend names each day once', {}))
  } else if (weekend.length > 6) {
    issues.push(touchbaseIssue('weekend-without-business-day', 'set.weekend', 'a weekend of all seven days leaves no business day', {}))
  }
  shape.observances.forEach((o, i) => {
    const rule = o.rule as ObservanceRule
    if (rule.kind === 'fixed') {
      // Checked against a leap year: Feb 29 is a real month-day (observed on Feb 28 in common years).
      const last = daysInMonth(2000, rule.month)
      if (rule.day > last) {
        issues.push(
          touchbaseIssue('day-not-in-month', `set.observances[${i}].rule.day`, `${MONTHS[rule.month - 1] ?? 'the month'} has days 1–${last}, not ${rule.day}`, {
            month: rule.month,
            day: rule.day,
            last,
          }),
        )
      }
    }
    if (o.fromYear !== undefined && o.toYear !== undefined && o.fromYear > o.toYear) {
      issues.push(
        touchbaseIssue('years-reversed', `set.observances[${i}].toYear`, `toYear ${o.toYear} is before fromYear ${o.fromYear}`, { fromYear: o.fromYear, toYear: o.toYear }),
      )
    }
  })
  return issues
}

/** A fresh, frozen copy built field by field: the valid set owns its data, so a caller mutating the input changes nothing (the caches are keyed by the set). */
const rebuild = (shape: SetShape): CalendarSet => {
  const freeze = Object.freeze
  const observances = shape.observances.map((o): ObservanceDefinition => {
    const rule = freeze({ ...(o.rule as ObservanceRule) }) as ObservanceRule
    const dayOff: DayOff | undefined =
      o.dayOff === undefined
        ? undefined
        : freeze({
            ...(o.dayOff.days !== undefined ? { days: o.dayOff.days } : {}),
            ...(o.dayOff.observed !== undefined ? { observed: o.dayOff.observed } : {}),
          })
    return freeze({
      id: o.id,
      names: freeze({ en: o.names.en, ar: o.names.ar }),
      rule,
      ...(dayOff !== undefined ? { dayOff } : {}),
      ...(o.fromYear !== undefined ? { fromYear: o.fromYear } : {}),
      ...(o.toYear !== undefined ? { toYear: o.toYear } : {}),
    })
  })
  return freeze({
    id: shape.id,
    name: shape.name,
    country: shape.country,
    weekend: freeze([...shape.weekend].sort((a, b) => a - b)),
    observances: freeze(observances),
    cardHolidays: freeze([...shape.cardHolidays]),
  })
}

const checkIds = (set: CalendarSet): E.Either<CalendarError, CalendarSet> => {
  const ids = new Set<string>()
  for (const [i, o] of set.observances.entries()) {
    if (ids.has(o.id)) {
      return E.left(calendarError('duplicate-observance', `observance id '${o.id}' is defined twice`, { calendarSet: set.id, observanceId: o.id }, `set.observances[${i}].id`))
    }
    ids.add(o.id)
  }
  if (set.cardHolidays.length < MIN_CARD_CANDIDATES) {
    return E.left(
      calendarError(
        'too-few-card-holidays',
        `a calendar set ranks at least ${MIN_CARD_CANDIDATES} card holidays (so that every plan year finds ${CARD_HOLIDAYS_PER_YEAR}); '${set.id}' ranks ${set.cardHolidays.length}`,
        { calendarSet: set.id, count: set.cardHolidays.length, min: MIN_CARD_CANDIDATES, perYear: CARD_HOLIDAYS_PER_YEAR },
        'set.cardHolidays',
      ),
    )
  }
  const ranked = new Set<string>()
  for (const [i, id] of set.cardHolidays.entries()) {
    if (!ids.has(id)) {
      return E.left(
        calendarError('unknown-card-holiday', `card holiday '${id}' is not an observance of calendar set '${set.id}'`, { calendarSet: set.id, observanceId: id }, `set.cardHolidays[${i}]`),
      )
    }
    if (ranked.has(id)) {
      return E.left(calendarError('duplicate-card-holiday', `card holiday '${id}' is ranked twice`, { calendarSet: set.id, observanceId: id }, `set.cardHolidays[${i}]`))
    }
    ranked.add(id)
  }
  return E.right(set)
}

/** Every plan year starting on a day of the validated years gets 7 card holidays at the default lead time. @internal */
export const checkCardHolidayYears = (set: CalendarSet): E.Either<CalendarError, CalendarSet> => {
  const last = ymdToDayNumber(VALIDATED_YEARS.to, 12, 31)
  for (let start = ymdToDayNumber(VALIDATED_YEARS.from, 1, 1); start <= last; start++) {
    const startDate = fromDayNumber(start)
    const end = toDayNumber(addYears(startDate, 1)) - 1
    const picks = pickCardHolidays(set, start, end, DEFAULT_CARD_LEAD_DAYS)
    if (picks.length < CARD_HOLIDAYS_PER_YEAR) {
      return E.left(notEnough(set, startDate, fromDayNumber(end), DEFAULT_CARD_LEAD_DAYS, picks))
    }
  }
  return E.right(set)
}

/** No run of more than a month without a business day (so the business-day helpers always answer quickly). */
const checkBusinessDays = (set: CalendarSet): E.Either<CalendarError, CalendarSet> => {
  const last = ymdToDayNumber(VALIDATED_YEARS.to + 1, 12, 31)
  let runStart = -1
  for (let n = ymdToDayNumber(VALIDATED_YEARS.from, 1, 1); n <= last; n++) {
    if (isBusinessDayNumber(set, n)) runStart = -1
    else {
      if (runStart < 0) runStart = n
      if (n - runStart + 1 > MAX_DAYS_WITHOUT_BUSINESS_DAY) {
        const from = fromDayNumber(runStart)
        return E.left(
          calendarError(
            'no-business-days',
            `calendar set '${set.id}' has no business day for more than ${MAX_DAYS_WITHOUT_BUSINESS_DAY} days from ${from} (weekend plus days off)`,
            { calendarSet: set.id, from, days: MAX_DAYS_WITHOUT_BUSINESS_DAY },
          ),
        )
      }
    }
  }
  return E.right(set)
}

const decodeShape = (u: unknown): E.Either<CalendarError, CalendarSet> => {
  const result = decodeBounded(SetShapeC, u, 'set', SET_LIMITS)
  if (E.isLeft(result)) return E.left(invalidCalendarSet(result.left))
  const issues = meaningIssues(result.right)
  return issues.length > 0 ? E.left(invalidCalendarSet(issues)) : E.right(rebuild(result.right))
}

/**
 * Validates a host-supplied calendar set (parsed JSON). Never throws. `Right` holds a fresh,
 * frozen copy; `Left` says why the set was refused (a `CalendarError`; branch on its `code`):
 * an invalid set (`invalid-calendar-set`: an unknown rule kind, a month-day that does not
 * exist, an unknown property…, each issue with its path), a duplicate
 * observance id, a ranked card holiday the set does not define (or ranks twice), fewer than
 * 9 candidates, a plan year (any start day of 2020–2040) with fewer than 7 distinct card
 * holidays at the default 10-day lead time, or more than a month without a business day.
 * @example
 * validateCalendarSet({ ...builtInCalendars.us, cardHolidays: ['us-thanksgiving'] })
 * // Left: "a calendar set ranks at least 9 card holidays …"
 */
export const validateCalendarSet = (u: unknown): E.Either<CalendarError, CalendarSet> => {
  try {
    return pipe(decodeShape(u), E.chain(checkIds), E.chain(checkBusinessDays), E.chain(checkCardHolidayYears))
  } catch (e) {
    // Only hostile input (throwing getters, revoked proxies) can get here.
    return E.left(invalidCalendarSet([unreadableIssue('set', e)]))
  }
}

/**
 * An io-ts codec of a valid calendar set, for hosts that compose codecs: it runs
 * `validateCalendarSet` and encodes to the same plain data.
 */
export const CalendarSetC: t.Type<CalendarSet, CalendarSet, unknown> = new t.Type<CalendarSet, CalendarSet, unknown>(
  'a valid calendar set',
  (u): u is CalendarSet => E.isRight(validateCalendarSet(u)),
  (u, c) => {
    const result = validateCalendarSet(u)
    return E.isRight(result) ? t.success(result.right) : t.failure(u, c, result.left.message)
  },
  (a) => a,
)
