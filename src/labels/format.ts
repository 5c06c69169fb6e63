/**
 * Dates and money for people, through `Intl`: Gregorian dates (with the Umm al-Qura Hijri date
 * beside them on request), personal dates without a year or a day, and money in integer minor
 * units. Arabic always asks for Arabic-Indic digits (`-u-nu-arab`): plain `ar` prints Latin
 * digits on some platforms.
 *
 * A calendar date is formatted as a calendar date: it becomes the instant of its UTC noon and is
 * formatted in `timeZone: 'UTC'`, so the machine's zone never moves the day.
 */
import { isCalendarDate, isMonthDay, isYearMonth, toDayNumber, type CalendarDate } from '../core/calendar-date.js'
import type { Money } from '../events/index.js'
import { primaryLanguage } from './bidi.js'
import type { LabelLocale } from './keys.js'

const MS_PER_DAY = 86_400_000
const NOON = 43_200_000

/** Any input that is not `'ar'` is English: nothing here throws on a locale. */
const norm = (locale: LabelLocale): LabelLocale => (locale === 'ar' ? 'ar' : 'en')

/**
 * The language a contact's BCP 47 locale (`ContactAdded.locale`, e.g. `'ar-SA'`) is shown in:
 * `'ar'` for Arabic, `'en'` for anything else, including no locale at all.
 * @example toLabelLocale('ar-SA') // 'ar'
 * @example toLabelLocale('en-GB') // 'en'
 * @example toLabelLocale(undefined) // 'en'
 */
export const toLabelLocale = (tag: string | null | undefined): LabelLocale =>
  typeof tag === 'string' && primaryLanguage(tag) === 'ar' ? 'ar' : 'en'

/**
 * The BCP 47 tag touchbase formats with, for a host's own `Intl` calls (numbers, percentages):
 * Arabic with Arabic-Indic digits, English with Latin digits.
 * @example intlLocale('ar') // 'ar-u-nu-arab'
 * @example new Intl.NumberFormat(intlLocale('ar')).format(1234) // '١٬٢٣٤'
 */
export const intlLocale = (locale: LabelLocale): string => (norm(locale) === 'ar' ? 'ar-u-nu-arab' : 'en-u-nu-latn')

/** How much of a date to spell out: `long` "November 26, 2026", `medium` "Nov 26, 2026", `short` "11/26/26". */
export type DateStyle = 'long' | 'medium' | 'short'

/** Options of `formatDate`. */
export interface FormatDateOptions {
  /** Append the Umm al-Qura (Hijri) date in parentheses (default `false`). */
  readonly hijri?: boolean
  /** How much to spell out (default `'long'`). */
  readonly style?: DateStyle
}

type CalendarId = 'gregory' | 'islamic-umalqura'

const dateFormatters = new Map<string, Intl.DateTimeFormat>()

// Constructing a formatter costs far more than formatting with one: keep one per shape.
const dateFormatter = (
  locale: LabelLocale,
  calendar: CalendarId,
  key: string,
  options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat => {
  const cacheKey = `${locale}|${calendar}|${key}`
  const cached = dateFormatters.get(cacheKey)
  if (cached !== undefined) return cached
  const tag = `${locale}-u-ca-${calendar}-nu-${locale === 'ar' ? 'arab' : 'latn'}`
  const f = new Intl.DateTimeFormat(tag, { ...options, timeZone: 'UTC' })
  // A Node built with small-icu silently formats Gregorian dates instead: refuse loudly (as `toHijri` does).
  if (f.resolvedOptions().calendar !== calendar) {
    throw new Error(
      `touchbase: this platform's Intl has no ${calendar} calendar (got '${f.resolvedOptions().calendar}'); use a Node build with full ICU`,
    )
  }
  dateFormatters.set(cacheKey, f)
  return f
}

const styleOf = (style: DateStyle | undefined): DateStyle => (style === 'medium' || style === 'short' ? style : 'long')

/** The instant to format a day number at: its UTC noon. */
const noonOf = (dayNumber: number): number => dayNumber * MS_PER_DAY + NOON

/**
 * Formats a calendar date for people, in English or Arabic (Arabic-Indic digits). With
 * `hijri: true` the Umm al-Qura date follows in parentheses (in Arabic the Gregorian date is
 * then marked م and the Hijri one هـ). The day is the calendar date's own, whatever the
 * machine's time zone. Dates outside about 1883–2174 get ICU's arithmetic Islamic calendar for
 * the Hijri part (a day or two off Umm al-Qura). Never throws on any input; a string that is not
 * a `YYYY-MM-DD` date is returned as it is.
 * @throws only on a platform whose `Intl` lacks the calendar (a Node built with small-icu).
 * @example formatDate('2026-11-26', 'en') // 'November 26, 2026'
 * @example formatDate('2026-11-26', 'en', { style: 'short' }) // '11/26/26'
 * @example formatDate('2026-11-26', 'ar') // '٢٦ نوفمبر ٢٠٢٦'
 * @example formatDate('2026-11-26', 'ar', { hijri: true }) // '٢٦ نوفمبر ٢٠٢٦ م (١٦ جمادى الآخرة ١٤٤٨ هـ)'
 * @example formatDate('2026-11-26', 'en', { hijri: true }) // 'November 26, 2026 (Jumada II 16, 1448 AH)'
 */
export const formatDate = (date: CalendarDate, locale: LabelLocale, options: FormatDateOptions = {}): string => {
  if (!isCalendarDate(date)) return String(date)
  const l = norm(locale)
  const style = styleOf(options?.style)
  const at = noonOf(toDayNumber(date))
  const gregorian = dateFormatter(l, 'gregory', style, { dateStyle: style }).format(at)
  if (options?.hijri !== true) return gregorian
  const hijri = dateFormatter(l, 'islamic-umalqura', style, { dateStyle: style }).format(at)
  return l === 'ar' ? `${gregorian} م (${hijri})` : `${gregorian} (${hijri})`
}

const MONTH: Readonly<Record<DateStyle, 'long' | 'short' | 'numeric'>> = { long: 'long', medium: 'short', short: 'numeric' }

/**
 * Formats a personal date in any of its three shapes: `YYYY-MM-DD` as `formatDate` does,
 * `--MM-DD` (no year) as a month and day, `YYYY-MM` (no day) as a month and year. `--02-29` is
 * a day people have. Never throws: any other string is returned as it is.
 * @example formatPersonalDate('--02-29', 'en') // 'February 29'
 * @example formatPersonalDate('--11-26', 'ar') // '٢٦ نوفمبر'
 * @example formatPersonalDate('2026-11', 'en') // 'November 2026'
 * @example formatPersonalDate('2026-11-26', 'en', { style: 'medium' }) // 'Nov 26, 2026'
 */
export const formatPersonalDate = (value: string, locale: LabelLocale, options: FormatDateOptions = {}): string => {
  if (isCalendarDate(value)) return formatDate(value, locale, options)
  const l = norm(locale)
  const style = styleOf(options?.style)
  if (isMonthDay(value)) {
    // A leap year, so that --02-29 exists; no year is printed.
    const at = noonOf(toDayNumber(`2000-${value.slice(2)}` as CalendarDate))
    return dateFormatter(l, 'gregory', `md-${style}`, { month: MONTH[style], day: 'numeric' }).format(at)
  }
  if (isYearMonth(value)) {
    const at = noonOf(toDayNumber(`${value}-01` as CalendarDate))
    return dateFormatter(l, 'gregory', `ym-${style}`, { month: MONTH[style], year: 'numeric' }).format(at)
  }
  return String(value)
}

const moneyFormatters = new Map<string, Intl.NumberFormat>()

const moneyFormatter = (locale: LabelLocale, currency: string): Intl.NumberFormat | undefined => {
  const key = `${locale}|${currency}`
  const cached = moneyFormatters.get(key)
  if (cached !== undefined) return cached
  try {
    const f = new Intl.NumberFormat(intlLocale(locale), { style: 'currency', currency })
    moneyFormatters.set(key, f)
    return f
  } catch {
    return undefined // not a well-formed currency code
  }
}

/**
 * The exact decimal of `amount` minor units with `digits` fraction digits, as a string
 * (`123456, 2` → `'1234.56'`): the division by 10^digits is a shift of the decimal point, so
 * no float ever rounds the amount. @internal
 */
export const minorUnitsToDecimal = (amount: number, digits: number): `${number}` => {
  const sign = amount < 0 ? '-' : ''
  const abs = String(Math.abs(amount))
  if (digits <= 0) return `${sign}${abs}` as `${number}`
  const padded = abs.padStart(digits + 1, '0')
  return `${sign}${padded.slice(0, -digits)}.${padded.slice(-digits)}` as `${number}`
}

/**
 * Formats money held as integer minor units (cents, halalas, fils) in its currency, in English
 * or Arabic (Arabic-Indic digits). The number of minor-unit digits is the currency's own, as
 * `Intl` knows it (USD 2, JPY 0, KWD 3), and the amount reaches `Intl` as an exact decimal
 * string, never as a float. Never throws: an amount that is not a safe integer, or a currency
 * code that is not well formed, is printed as `amount currency`.
 * @example formatMoney({ amount: 123456, currency: 'USD' }, 'en') // '$1,234.56'
 * @example formatMoney({ amount: 1500, currency: 'JPY' }, 'en') // '¥1,500'
 * @example formatMoney({ amount: 1234567, currency: 'KWD' }, 'en') // 'KWD\u00a01,234.567' (a no-break space)
 * @example formatMoney({ amount: 123456, currency: 'SAR' }, 'ar') // '\u200f١٬٢٣٤٫٥٦\u00a0ر.س.\u200f' (ICU's RIGHT-TO-LEFT MARKs, a no-break space)
 */
export const formatMoney = (money: Money, locale: LabelLocale): string => {
  const { amount, currency } = (money ?? {}) as Partial<Money>
  const f = typeof currency === 'string' ? moneyFormatter(norm(locale), currency) : undefined
  if (f === undefined || typeof amount !== 'number' || !Number.isSafeInteger(amount)) return `${String(amount)} ${String(currency)}`
  return f.format(minorUnitsToDecimal(amount, f.resolvedOptions().maximumFractionDigits ?? 2))
}
