/**
 * The Islamic (Hijri) calendar through the platform's `Intl` — the Umm al-Qura calendar of
 * Saudi Arabia (`islamic-umalqura`), not a hand-kept table.
 *
 * `Intl`'s Umm al-Qura data covers about 1883–2174 CE (1300–1600 AH). Outside that range ICU
 * silently falls back to the arithmetic (tabular) Islamic calendar, which can be a day or two
 * off the official one. Inside it, the dates are the published Umm al-Qura dates; countries
 * that fix months by moon sighting (Egypt, the UAE…) may announce a day earlier or later.
 *
 * Cost: a date is converted with one `formatToParts` call on a cached formatter; finding a
 * Hijri date estimates it arithmetically and then checks it, usually with one or two calls.
 */
import * as O from 'fp-ts/lib/Option.js'
import { fromDayNumber, toDayNumber, ymdToDayNumber, type CalendarDate } from '../core/calendar-date.js'

/** A date of the Islamic (Hijri) calendar: year AH, month 1–12 (1 = Muharram, 9 = Ramadan), day 1–30. */
export interface HijriDate {
  readonly year: number
  readonly month: number
  readonly day: number
}

const MS_PER_DAY = 86_400_000

let formatter: Intl.DateTimeFormat | undefined

// One formatter for the process: constructing one costs far more than formatting with it.
const umalqura = (): Intl.DateTimeFormat => {
  if (formatter !== undefined) return formatter
  const f = new Intl.DateTimeFormat('en-u-ca-islamic-umalqura-nu-latn', {
    timeZone: 'UTC',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
  })
  // A Node built with small-icu silently formats Gregorian dates instead: refuse loudly.
  if (f.resolvedOptions().calendar !== 'islamic-umalqura') {
    throw new Error(
      `touchbase: this platform's Intl has no islamic-umalqura calendar (got '${f.resolvedOptions().calendar}'); use a Node build with full ICU`,
    )
  }
  formatter = f
  return f
}

/** The Hijri date of a day number (days since 1970-01-01), by `Intl`. @internal */
export const hijriOfDayNumber = (n: number): HijriDate => {
  let year = NaN
  let month = NaN
  let day = NaN
  for (const part of umalqura().formatToParts(n * MS_PER_DAY)) {
    if (part.type === 'year') year = Number(part.value)
    else if (part.type === 'month') month = Number(part.value)
    else if (part.type === 'day') day = Number(part.value)
  }
  return { year, month, day }
}

/**
 * The Hijri (Umm al-Qura) date of a Gregorian calendar date, by `Intl` — for showing the
 * Hijri date beside the Gregorian one.
 * @example toHijri('2026-03-20' as CalendarDate) // { year: 1447, month: 10, day: 1 } (Eid al-Fitr)
 */
export const toHijri = (date: CalendarDate): HijriDate => hijriOfDayNumber(toDayNumber(date))

// The tabular Islamic calendar (30-year cycle, civil epoch 1 Muharram 1 AH = 622-07-19
// proleptic Gregorian): only an estimate here, within a day or two of Umm al-Qura.
const TABULAR_EPOCH = ymdToDayNumber(622, 7, 19) - 1

/** The day number the tabular calendar gives a Hijri date (an estimate of the real one). */
const tabularDayNumber = (year: number, month: number, day: number): number =>
  (year - 1) * 354 + Math.floor((3 + 11 * year) / 30) + Math.ceil(29.5 * (month - 1)) + day + TABULAR_EPOCH

const sameMonth = (h: HijriDate, year: number, month: number): boolean => h.year === year && h.month === month

/** The day number of the first day of a Hijri month, by `Intl`. @internal */
export const hijriMonthStart = (year: number, month: number): number => {
  // Aim at the middle of the month: an estimate a few days off still lands inside it,
  // so one `Intl` call usually settles it.
  let n = tabularDayNumber(year, month, 15)
  for (let i = 0; i < 8; i++) {
    const h = hijriOfDayNumber(n)
    if (sameMonth(h, year, month)) return n - (h.day - 1)
    n += tabularDayNumber(year, month, 15) - tabularDayNumber(h.year, h.month, h.day)
  }
  // Not reached for any date ICU knows; a scan keeps the answer right if it ever is.
  const estimate = tabularDayNumber(year, month, 1)
  for (let k = 0; k <= 60; k++) {
    for (const m of [estimate - k, estimate + k]) {
      const h = hijriOfDayNumber(m)
      if (sameMonth(h, year, month) && h.day === 1) return m
    }
  }
  throw new Error(`touchbase: Intl gave no first day for Hijri month ${year}-${month}`)
}

/** The day number of a Hijri date, or undefined when the month has no such day (a 30th of a 29-day month). @internal */
export const hijriToDayNumber = (year: number, month: number, day: number): number | undefined => {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return undefined
  if (month < 1 || month > 12 || day < 1 || day > 30) return undefined
  // Hijri years whose dates can fall in Gregorian 0001–9999 (beyond, Date itself overflows).
  if (year < -700 || year > 9800) return undefined
  const n = hijriMonthStart(year, month) + day - 1
  // Every Hijri month has 29 or 30 days: only the 30th needs checking.
  return day < 30 || sameMonth(hijriOfDayNumber(n), year, month) ? n : undefined
}

const inDateRange = (n: number): boolean => n >= ymdToDayNumber(1, 1, 1) && n <= ymdToDayNumber(9999, 12, 31)

/**
 * The Gregorian date of a Hijri (Umm al-Qura) date, or none when it does not exist (the 30th
 * of a 29-day month, a month outside 1–12) or falls outside the years 0001–9999.
 * @example fromHijri(1447, 9, 1) // some('2026-02-18') (1 Ramadan 1447)
 */
export const fromHijri = (year: number, month: number, day: number): O.Option<CalendarDate> => {
  const n = hijriToDayNumber(year, month, day)
  return n !== undefined && inDateRange(n) ? O.some(fromDayNumber(n)) : O.none
}

/** The day numbers of a Hijri month-day inside Gregorian `year`, ascending. @internal */
export const hijriDayNumbersInYear = (hijriMonth: number, hijriDay: number, year: number): number[] => {
  if (!Number.isInteger(year) || year < 1 || year > 9999) return []
  if (!Number.isInteger(hijriMonth) || hijriMonth < 1 || hijriMonth > 12) return []
  if (!Number.isInteger(hijriDay) || hijriDay < 1 || hijriDay > 30) return []
  const first = ymdToDayNumber(year, 1, 1)
  const last = ymdToDayNumber(year, 12, 31)
  const out: number[] = []
  // Up to three Hijri years overlap a Gregorian year; the ones at its ends bound them.
  for (let h = hijriOfDayNumber(first).year; h <= hijriOfDayNumber(last).year; h++) {
    const n = hijriToDayNumber(h, hijriMonth, hijriDay)
    if (n !== undefined && n >= first && n <= last) out.push(n)
  }
  return out
}

/**
 * Every date of Gregorian `gregorianYear` that is day `hijriDay` of Hijri month `hijriMonth`
 * (Umm al-Qura), in order. A Hijri year is 354 or 355 days, so a Hijri date falls in a
 * Gregorian year once, twice (about every 33 years) or — for the 30th of a month that has
 * only 29 days that year — not at all. Years 1–9999; other input gives no dates.
 * @example hijriDatesInYear(10, 1, 2026) // ['2026-03-20'] (Eid al-Fitr)
 * @example hijriDatesInYear(10, 1, 2033) // ['2033-01-03', '2033-12-23'] (Eid al-Fitr twice)
 */
export const hijriDatesInYear = (hijriMonth: number, hijriDay: number, gregorianYear: number): readonly CalendarDate[] =>
  hijriDayNumbersInYear(hijriMonth, hijriDay, gregorianYear).map(fromDayNumber)
