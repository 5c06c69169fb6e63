import { addDays as fnsAddDays, addMonths as fnsAddMonths, addYears as fnsAddYears } from 'date-fns'
import * as O from 'fp-ts/lib/Option.js'
import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  addDays,
  addMonths,
  addYears,
  calendarDate,
  daysBetween,
  fromDayNumber,
  isCalendarDate,
  isMonthDay,
  isYearMonth,
  monthDayInYear,
  parseCalendarDate,
  toDayNumber,
  weekday,
  type CalendarDate,
  type MonthDay,
} from '../../src/core/calendar-date.js'
import { runs } from '../support/runs.js'

const dates = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2200-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10) as CalendarDate)

// date-fns works on local Date objects: build them at local noon so no zone can move the day.
const toLocal = (d: CalendarDate) => new Date(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)), 12)
const fromLocal = (d: Date) =>
  `${String(d.getFullYear()).padStart(4, '0')}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`

describe('calendar dates', () => {
  it('parses real dates and refuses the ones Date.parse would roll over', () => {
    expect(parseCalendarDate('2026-02-28')).toEqual(O.some('2026-02-28'))
    expect(parseCalendarDate('2026-02-30')).toEqual(O.none)
    expect(parseCalendarDate('2026-02-29')).toEqual(O.none)
    expect(parseCalendarDate('2028-02-29')).toEqual(O.some('2028-02-29'))
    expect(parseCalendarDate('1900-02-29')).toEqual(O.none)
    expect(parseCalendarDate('2000-02-29')).toEqual(O.some('2000-02-29'))
    expect(parseCalendarDate('2026-13-01')).toEqual(O.none)
    expect(parseCalendarDate('2026-1-01')).toEqual(O.none)
    expect(isCalendarDate('2026-04-31')).toBe(false)
    expect(calendarDate(2026, 11, 26)).toEqual(O.some('2026-11-26'))
  })

  it('knows month-days (with --02-29) and year-months', () => {
    expect(isMonthDay('--02-29')).toBe(true)
    expect(isMonthDay('--02-30')).toBe(false)
    expect(isMonthDay('--04-31')).toBe(false)
    expect(isYearMonth('1987-03')).toBe(true)
    expect(isYearMonth('1987-13')).toBe(false)
  })

  it('observes Feb 29 on Feb 28 in common years, or Mar 1 on request', () => {
    expect(monthDayInYear('--02-29' as MonthDay, 2027)).toBe('2027-02-28')
    expect(monthDayInYear('--02-29' as MonthDay, 2027, 'mar-1')).toBe('2027-03-01')
    expect(monthDayInYear('--02-29' as MonthDay, 2028)).toBe('2028-02-29')
  })

  it('day numbers round-trip and agree with Date', () => {
    fc.assert(
      fc.property(dates, (d) => {
        expect(fromDayNumber(toDayNumber(d))).toBe(d)
        expect(toDayNumber(d)).toBe(Date.parse(`${d}T00:00:00Z`) / 86_400_000)
        expect(weekday(d)).toBe(new Date(`${d}T00:00:00Z`).getUTCDay())
      }),
      { numRuns: runs(1000) },
    )
  })

  it('adds days, months and years exactly as date-fns does', () => {
    fc.assert(
      fc.property(dates, fc.integer({ min: -800, max: 800 }), fc.integer({ min: -40, max: 40 }), (d, n, m) => {
        expect(addDays(d, n)).toBe(fromLocal(fnsAddDays(toLocal(d), n)))
        expect(addMonths(d, m)).toBe(fromLocal(fnsAddMonths(toLocal(d), m)))
        expect(addYears(d, m)).toBe(fromLocal(fnsAddYears(toLocal(d), m)))
        expect(daysBetween(d, addDays(d, n))).toBe(n)
      }),
      { numRuns: runs(1000) },
    )
  })

  it('pins known cases', () => {
    expect(addYears('2028-02-29' as CalendarDate, 1)).toBe('2029-02-28')
    expect(addMonths('2026-01-31' as CalendarDate, 1)).toBe('2026-02-28')
    expect(weekday('2026-11-26' as CalendarDate)).toBe(4) // a Thursday: US Thanksgiving 2026
  })
})
