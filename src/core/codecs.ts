/**
 * The value codecs every part of touchbase validates with: identifiers, texts, numbers,
 * dates, money, zones. They sit below the events so that calendars, plans, rewards and the
 * KPI codec can use them without depending on the event catalogue.
 *
 * Each codec's `name` is the phrase a decode failure prints after "expected", so names are
 * written for a reader ("an integer 1–5"). A codec marked `personal` holds data about a
 * person: a decode failure names the path and the expectation but never echoes the value.
 */
import * as t from 'io-ts'
import { isCalendarDate, isMonthDay, isValidYmd, isYearMonth } from './calendar-date.js'

/** A codec whose values are personal data: failures never print them. */
export type PersonalCodec<A, O = A> = t.Type<A, O, unknown> & { readonly personal: true }

/** Marks a codec as holding personal data (failures describe the value, never print it). */
export const personal = <A, O>(codec: t.Type<A, O, unknown>): PersonalCodec<A, O> =>
  Object.assign(codec, { personal: true as const })

/** Whether a codec was marked `personal`. */
export const isPersonalCodec = (codec: t.Decoder<unknown, unknown>): boolean =>
  (codec as { personal?: unknown }).personal === true

/** A codec of a string satisfying `ok`, typed as `A`. */
export const stringOf = <A extends string>(name: string, ok: (s: string) => boolean): t.Type<A, string, unknown> =>
  new t.Type<A, string, unknown>(
    name,
    (u): u is A => typeof u === 'string' && ok(u),
    (u, c) => (typeof u === 'string' && ok(u) ? t.success(u as A) : t.failure(u, c)),
    (a) => a,
  )

/** A codec of a number satisfying `ok`. */
export const numberOf = (name: string, ok: (n: number) => boolean): t.Type<number, number, unknown> =>
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

// ---------------------------------------------------------------------------------------
// Text. Identifiers end up in logs, URLs and SQL; names and notes end up on screens and in
// terminals. So both refuse what could make them print as something else: control
// characters (terminal escapes start with ESC or a C1 control) and the bidi controls that
// reorder text (U+202A–U+202E embeddings and overrides, U+2066–U+2069 isolates). Free text
// keeps tabs and line breaks, and the bidi *marks* (U+200E, U+200F, U+061C), which Arabic
// and Hebrew text uses legitimately and which cannot reorder what follows them.

// eslint-disable-next-line no-control-regex
const ID_FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/
// eslint-disable-next-line no-control-regex
const TEXT_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/
// Unpaired surrogates are not text any database (or JSON consumer) can store.
const UNPAIRED = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** Whether `s` is text a person can read and a database can store (see above). */
export const isCleanText = (s: string): boolean => !TEXT_FORBIDDEN.test(s) && !UNPAIRED.test(s)

/** An identifier: a non-empty string of at most 256 characters without control or bidi characters. */
export const Id = stringOf<string>('a non-empty id (at most 256 characters, no control or bidi characters)', (s) =>
  s.length > 0 && s.length <= 256 && !ID_FORBIDDEN.test(s) && !UNPAIRED.test(s),
)

/** The longest short text (a name, a label, a reason). */
export const SHORT_TEXT_MAX = 1000
/** The longest note. */
export const NOTE_MAX = 16_384

/**
 * A short non-empty text (a name, a label, a reason): at most 1,000 characters, no control
 * characters but tab and line breaks, no bidi overrides. Personal data.
 */
export const ShortText = personal(
  stringOf<string>('a non-empty text of at most 1,000 characters (no control characters or bidi overrides)', (s) =>
    s.trim().length > 0 && s.length <= SHORT_TEXT_MAX && isCleanText(s),
  ),
)

/** A free note: at most 16,384 characters (may be empty), the same character rules as `ShortText`. Personal data. */
export const Note = personal(
  stringOf<string>('a note of at most 16,384 characters (no control characters or bidi overrides)', (s) =>
    s.length <= NOTE_MAX && isCleanText(s),
  ),
)

/**
 * A short term of a policy or a plan (what a percentage is of, the unit of a quota): the
 * host's vocabulary, never a person's data. At most 200 characters, the id character rules.
 */
export const Term = stringOf<string>('a term of at most 200 characters (no control or bidi characters)', (s) =>
  s.trim().length > 0 && s.length <= 200 && !ID_FORBIDDEN.test(s) && !UNPAIRED.test(s),
)

// ---------------------------------------------------------------------------------------
// Instants and dates.

const INSTANT_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):(\d{2}))$/

/** Whether `s` is an ISO-8601 instant with an explicit offset that names a real moment. */
export const isInstant = (s: string): boolean => {
  if (s.length > 40) return false
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
export const InstantC = stringOf<Instant>('an ISO-8601 instant with a time zone (e.g. 2026-11-26T09:30:00Z)', isInstant)

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

/** A personal date: `YYYY-MM-DD`, `--MM-DD` (no year) or `YYYY-MM` (no day). Personal data. */
export const PersonalDateC = personal(
  stringOf<string>('a personal date YYYY-MM-DD, --MM-DD (no year) or YYYY-MM (no day)', (s) =>
    isCalendarDate(s) || isMonthDay(s) || isYearMonth(s),
  ),
)

// ---------------------------------------------------------------------------------------
// Numbers.

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

// ---------------------------------------------------------------------------------------
// Money, places, zones, locales, contact details.

const CURRENCIES = new Set<string>(Intl.supportedValuesOf('currency'))

/** An ISO-4217 currency code known to the platform (`USD`, `SAR`, `EUR`…). */
export const CurrencyC = stringOf<string>('an ISO-4217 currency code (e.g. USD)', (s) => /^[A-Z]{3}$/.test(s) && CURRENCIES.has(s))

/**
 * An amount of money: integer minor units (cents, halalas), never negative, and its
 * currency. Never a float; a refund or a clawback is an event of its own, not a negative sum.
 */
export const MoneyC = t.exact(
  t.type({
    amount: numberOf('a non-negative integer amount in minor units (e.g. cents)', (n) => Number.isSafeInteger(n) && n >= 0),
    currency: CurrencyC,
  }),
  'money { amount (integer minor units ≥ 0), currency }',
)

/** An amount of money in integer minor units (never negative) and an ISO-4217 currency. */
export type Money = t.TypeOf<typeof MoneyC>

// Zone names are short ASCII paths (`America/Argentina/Buenos_Aires`, `Etc/GMT+3`): anything
// else is refused before `Intl` is asked, and the answers kept are bounded, so hostile
// strings cost nothing and stay nowhere.
const ZONE_SHAPE = /^[A-Za-z][A-Za-z0-9_+\-]*(?:\/[A-Za-z0-9_+\-]+){0,3}$/
const ZONE_CACHE_MAX = 1024
const zoneCache = new Map<string, boolean>()

/** Whether the platform knows the IANA time zone `s`. */
export const isTimeZone = (s: string): boolean => {
  if (typeof s !== 'string' || s.length === 0 || s.length > 64 || !ZONE_SHAPE.test(s)) return false
  let ok = zoneCache.get(s)
  if (ok === undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: s })
      ok = true
    } catch {
      ok = false
    }
    // Oldest first out: a Map iterates in insertion order.
    if (zoneCache.size >= ZONE_CACHE_MAX) zoneCache.delete(zoneCache.keys().next().value as string)
    zoneCache.set(s, ok)
  }
  return ok
}

/** An IANA time zone name the platform knows (`Asia/Riyadh`, `America/New_York`). */
export const TimeZoneC = stringOf<string>('an IANA time zone (e.g. Asia/Riyadh)', isTimeZone)

/** A BCP 47 locale tag (`en-US`, `ar-SA`). */
export const LocaleC = stringOf<string>('a BCP 47 locale tag (e.g. ar-SA)', (s) => {
  if (s.length === 0 || s.length > 64 || !/^[A-Za-z0-9-]+$/.test(s)) return false
  try {
    return Intl.getCanonicalLocales(s).length === 1
  } catch {
    return false
  }
})

/** An e-mail address (a light check: something@something, no spaces). Personal data. */
export const EmailC = personal(stringOf<string>('an e-mail address', (s) => s.length <= 320 && /^[^\s@]+@[^\s@]+$/.test(s) && isCleanText(s)))

/** A phone number: digits with optional +, spaces, dots, dashes and parentheses. Personal data. */
export const PhoneC = personal(stringOf<string>('a phone number', (s) => s.length <= 40 && /^\+?[0-9][0-9 ().-]{2,}$/.test(s)))

/** An ISO 3166-1 alpha-2 country code. */
export const CountryC = stringOf<string>('an ISO 3166-1 alpha-2 country code (e.g. SA)', (s) => /^[A-Z]{2}$/.test(s))

// ---------------------------------------------------------------------------------------
// Arrays.

/** The most items any list of an event may hold (e-mails, phones, attributes, team members). */
export const ARRAY_MAX = 100

/** An array of at most `max` items of `codec` (default `ARRAY_MAX`). */
export const arrayOf = <C extends t.Mixed>(codec: C, name: string, max: number = ARRAY_MAX): t.Type<t.TypeOf<C>[], t.OutputOf<C>[], unknown> =>
  t.refinement(t.array(codec), (a) => a.length <= max, `${name} (at most ${max})`) as unknown as t.Type<t.TypeOf<C>[], t.OutputOf<C>[], unknown>

/** A non-empty array of at most `max` items of `codec`. */
export const nonEmptyArray = <C extends t.Mixed>(codec: C, name: string, max: number = ARRAY_MAX): t.Type<t.TypeOf<C>[], t.OutputOf<C>[], unknown> =>
  t.refinement(t.array(codec), (a) => a.length > 0 && a.length <= max, `${name} (1 to ${max})`) as unknown as t.Type<
    t.TypeOf<C>[],
    t.OutputOf<C>[],
    unknown
  >
