/**
 * The scalar codecs events are made of. Each codec's `name` is the phrase a decode failure
 * prints after "expected", so names are written for a reader ("an integer 1–5").
 */
import * as t from 'io-ts'
import {
  isCalendarDate,
  isMonthDay,
  isValidYmd,
  isYearMonth,
} from '../core/calendar-date.js'

/** A codec of a string satisfying `ok`, typed as `A`. */
const stringOf = <A extends string>(name: string, ok: (s: string) => boolean): t.Type<A, string, unknown> =>
  new t.Type<A, string, unknown>(
    name,
    (u): u is A => typeof u === 'string' && ok(u),
    (u, c) => (typeof u === 'string' && ok(u) ? t.success(u as A) : t.failure(u, c)),
    (a) => a,
  )

/** A codec of a number satisfying `ok`. */
const numberOf = (name: string, ok: (n: number) => boolean): t.Type<number, number, unknown> =>
  new t.Type<number, number, unknown>(
    name,
    (u): u is number => typeof u === 'number' && ok(u),
    (u, c) => (typeof u === 'number' && ok(u) ? t.success(u) : t.failure(u, c)),
    (a) => a,
  )

/** A codec of one of the given string literals, named by listing them. */
export const oneOf = <const L extends readonly [string, ...string[]]>(values: L): t.Type<L[number], L[number], unknown> => {
  const set = new Set<string>(values)
  return stringOf<L[number]>(`one of ${values.map((v) => `'${v}'`).join(' | ')}`, (s) => set.has(s))
}

// Control characters in ids end up in logs, URLs and SQL; refuse them at the door.
// eslint-disable-next-line no-control-regex
// Bidi controls too: an id like `c\u202Egpj.exe` would print as something else.
const CONTROL = /[\u0000-\u001f\u007f\u200e\u200f\u202a-\u202e\u2066-\u2069]/
// U+0000 and unpaired surrogates are not text any database (or JSON consumer) can store.
// eslint-disable-next-line no-control-regex
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** An identifier: a non-empty string of at most 256 characters without control characters. */
export const Id = stringOf<string>('a non-empty id (at most 256 characters, no control or bidi characters)', (s) =>
  s.length > 0 && s.length <= 256 && !CONTROL.test(s) && !UNSTORABLE.test(s),
)

/** A short non-empty text (a name, a label, a reason): at most 1,000 characters. */
export const ShortText = stringOf<string>('a non-empty text of at most 1,000 characters (no U+0000, no unpaired surrogates)', (s) =>
  s.trim().length > 0 && s.length <= 1000 && !UNSTORABLE.test(s),
)

/** A free note: at most 10,000 characters (may be empty). */
export const Note = stringOf<string>('a note of at most 10,000 characters (no U+0000, no unpaired surrogates)', (s) => s.length <= 10_000 && !UNSTORABLE.test(s))

const INSTANT_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):(\d{2}))$/

/** Whether `s` is an ISO-8601 instant with an explicit offset that names a real moment. */
export const isInstant = (s: string): boolean => {
  const m = INSTANT_RE.exec(s)
  if (m === null) return false
  const [, y, mo, d, h, mi, sec, , oh, om] = m
  return (
    isValidYmd(Number(y), Number(mo), Number(d)) &&
    Number(h) <= 23 &&
    Number(mi) <= 59 &&
    (sec === undefined || Number(sec) <= 59) &&
    (oh === undefined || Number(oh) <= 23) &&
    (om === undefined || Number(om) <= 59) &&
    Number.isFinite(Date.parse(s))
  )
}

/**
 * An ISO-8601 instant string with its offset (`2026-11-26T09:30:00Z`, `…+03:00`). A plain
 * string in types so events are easy to write by hand; the decoder checks it.
 */
export type Instant = string

/** An ISO-8601 instant with a time zone designator; `2026-02-30T…` is refused. */
export const InstantC = stringOf<Instant>(
  'an ISO-8601 instant with a time zone (e.g. 2026-11-26T09:30:00Z)',
  isInstant,
)

/** Milliseconds since the epoch of an instant. */
export const instantMillis = (at: Instant | string): number => Date.parse(at)

/** A real calendar date `YYYY-MM-DD`. */
export const CalendarDateC = stringOf<string>('a real calendar date YYYY-MM-DD', isCalendarDate)

/** A month-day `--MM-DD` (`--02-29` allowed). */
export const MonthDayC = stringOf<string>('a month-day --MM-DD', isMonthDay)

/**
 * A personal date as people have it: `YYYY-MM-DD`, `--MM-DD` (no year) or `YYYY-MM` (no
 * day). A plain string in types; the decoder checks the shape.
 */
export type PersonalDate = string

/** A personal date: `YYYY-MM-DD`, `--MM-DD` (no year) or `YYYY-MM` (no day). */
export const PersonalDateC = stringOf<string>(
  'a personal date YYYY-MM-DD, --MM-DD (no year) or YYYY-MM (no day)',
  (s) => isCalendarDate(s) || isMonthDay(s) || isYearMonth(s),
)

/** An integer in `min … max`. */
export const intRange = (min: number, max: number): t.Type<number, number, unknown> =>
  numberOf(`an integer ${min}–${max}`, (n) => Number.isInteger(n) && n >= min && n <= max)

/** A finite number in `min … max`. */
export const numberRange = (min: number, max: number): t.Type<number, number, unknown> =>
  numberOf(`a number ${min}–${max}`, (n) => Number.isFinite(n) && n >= min && n <= max)

/** `true` or `false`. */
export const Flag = new t.Type<boolean, boolean, unknown>(
  'true or false',
  (u): u is boolean => typeof u === 'boolean',
  (u, c) => (typeof u === 'boolean' ? t.success(u) : t.failure(u, c)),
  (a) => a,
)

/** A positive integer (a schema version, a count). */
export const PositiveInt = numberOf('a positive integer', (n) => Number.isSafeInteger(n) && n >= 1)

/** A non-negative safe integer. */
export const NonNegativeInt = numberOf('a non-negative integer', (n) => Number.isSafeInteger(n) && n >= 0)

const CURRENCIES = new Set<string>(Intl.supportedValuesOf('currency'))

/** An ISO-4217 currency code known to the platform (`USD`, `SAR`, `EUR`…). */
export const CurrencyC = stringOf<string>('an ISO-4217 currency code (e.g. USD)', (s) => /^[A-Z]{3}$/.test(s) && CURRENCIES.has(s))

/** An amount of money: integer minor units (cents, halalas) and its currency. Never a float. */
export const MoneyC = t.exact(
  t.type({
    amount: numberOf('an integer amount in minor units (e.g. cents)', (n) => Number.isSafeInteger(n)),
    currency: CurrencyC,
  }),
  'money { amount (integer minor units), currency }',
)

/** An amount of money in integer minor units and an ISO-4217 currency. */
export type Money = t.TypeOf<typeof MoneyC>

const zoneCache = new Map<string, boolean>()

/** Whether the platform knows the IANA time zone `s`. */
export const isTimeZone = (s: string): boolean => {
  let ok = zoneCache.get(s)
  if (ok === undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: s })
      ok = s.length > 0
    } catch {
      ok = false
    }
    zoneCache.set(s, ok)
  }
  return ok
}

/** An IANA time zone name the platform knows (`Asia/Riyadh`, `America/New_York`). */
export const TimeZoneC = stringOf<string>('an IANA time zone (e.g. Asia/Riyadh)', isTimeZone)

/** A BCP 47 locale tag (`en-US`, `ar-SA`). */
export const LocaleC = stringOf<string>('a BCP 47 locale tag (e.g. ar-SA)', (s) => {
  try {
    return s.length > 0 && Intl.getCanonicalLocales(s).length === 1
  } catch {
    return false
  }
})

/** An e-mail address (a light check: something@something, no spaces). */
export const EmailC = stringOf<string>('an e-mail address', (s) => s.length <= 320 && /^[^\s@]+@[^\s@]+$/.test(s))

/** A phone number: digits with optional +, spaces, dots, dashes and parentheses. */
export const PhoneC = stringOf<string>('a phone number', (s) => s.length <= 40 && /^\+?[0-9][0-9 ().-]{2,}$/.test(s))

/** An ISO 3166-1 alpha-2 country code. */
export const CountryC = stringOf<string>('an ISO 3166-1 alpha-2 country code (e.g. SA)', (s) => /^[A-Z]{2}$/.test(s))

/** A non-empty array of `codec`. */
export const nonEmptyArray = <C extends t.Mixed>(codec: C, name: string): t.Type<t.TypeOf<C>[], t.OutputOf<C>[], unknown> =>
  t.refinement(t.array(codec), (a) => a.length > 0, name) as unknown as t.Type<t.TypeOf<C>[], t.OutputOf<C>[], unknown>
