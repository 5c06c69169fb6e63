/** Shared helpers of the calendar tests: an independent Intl oracle and date helpers. */
import * as fc from 'fast-check'
import { formatYmd, isLeapYear, type CalendarDate } from '../../src/core/calendar-date.js'
import { runs } from '../support/runs.js'

/** An independent Umm al-Qura oracle: its own formatter, fed `Date` objects built by `Date.UTC`. */
const oracle = new Intl.DateTimeFormat('en-US-u-ca-islamic-umalqura', {
  timeZone: 'UTC',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  numberingSystem: 'latn',
})

export const intlHijri = (date: string): { year: number; month: number; day: number } => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  const when = new Date(Date.UTC(2000, m - 1, d))
  when.setUTCFullYear(y)
  const parts = Object.fromEntries(oracle.formatToParts(when).map((p) => [p.type, p.value]))
  return { year: Number(parts['year']), month: Number(parts['month']), day: Number(parts['day']) }
}

/** Every date of a Gregorian year, by `Date` (independent of the day-number arithmetic). */
export const datesOfYear = (year: number): CalendarDate[] => {
  const out: CalendarDate[] = []
  const d = new Date(Date.UTC(2000, 0, 1))
  d.setUTCFullYear(year)
  while (d.getUTCFullYear() === year) {
    out.push(formatYmd(year, d.getUTCMonth() + 1, d.getUTCDate()))
    d.setUTCDate(d.getUTCDate() + 1)
  }
  return out
}

/** The weekday of a date by `Date` (0 = Sunday). */
export const jsWeekday = (date: string): number => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  const when = new Date(Date.UTC(2000, m - 1, d))
  when.setUTCFullYear(y)
  return when.getUTCDay()
}

/** Years where Intl's Umm al-Qura data is exact. */
export const exactYear = fc.integer({ min: 1900, max: 2150 })

/** A calendar date in 1900–2150. */
export const dateIn = (from = 1900, to = 2150): fc.Arbitrary<CalendarDate> =>
  fc
    .record({ year: fc.integer({ min: from, max: to }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 31 }) })
    .map(({ year, month, day }) => {
      const last = [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] as number
      return formatYmd(year, month, Math.min(day, last))
    })

export const d = (s: string): CalendarDate => s as CalendarDate

export const RUNS = { numRuns: runs(300) } as const
