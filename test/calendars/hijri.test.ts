import * as fc from 'fast-check'
import * as O from 'fp-ts/lib/Option.js'
import { describe, expect, it } from 'vitest'
import { addDays } from '../../src/core/calendar-date.js'
import { fromHijri, hijriDatesInYear, toHijri } from '../../src/calendars/index.js'
import { RUNS, d, dateIn, datesOfYear, exactYear, intlHijri } from './support.js'

describe('Umm al-Qura dates of 2026 (pinned from the platform Intl)', () => {
  it.each([
    ['1 Ramadan 1447', 9, 1, ['2026-02-18']],
    ['Eid al-Fitr (1 Shawwal 1447)', 10, 1, ['2026-03-20']],
    ['Eid al-Adha (10 Dhu al-Hijjah 1447)', 12, 10, ['2026-05-27']],
    ['Hijri New Year (1 Muharram 1448)', 1, 1, ['2026-06-16']],
    ["Mawlid (12 Rabi' al-Awwal 1448)", 3, 12, ['2026-08-25']],
  ])('%s', (_name, month, day, dates) => {
    expect(hijriDatesInYear(month, day, 2026)).toEqual(dates)
  })

  it('toHijri gives the Hijri date beside the Gregorian', () => {
    expect(toHijri(d('2026-03-20'))).toEqual({ year: 1447, month: 10, day: 1 })
    expect(toHijri(d('2026-02-17'))).toEqual({ year: 1447, month: 8, day: 29 })
    expect(toHijri(d('2026-06-16'))).toEqual({ year: 1448, month: 1, day: 1 })
  })
})

describe('a Hijri date twice in one Gregorian year', () => {
  it('Eid al-Fitr falls twice in 2033 (1454 and 1455 AH)', () => {
    expect(hijriDatesInYear(10, 1, 2033)).toEqual(['2033-01-03', '2033-12-23'])
    expect(toHijri(d('2033-01-03'))).toEqual({ year: 1454, month: 10, day: 1 })
    expect(toHijri(d('2033-12-23'))).toEqual({ year: 1455, month: 10, day: 1 })
  })

  it('Ramadan starts twice in 2030', () => {
    expect(hijriDatesInYear(9, 1, 2030)).toEqual(['2030-01-05', '2030-12-26'])
  })

  it('Eid al-Adha falls twice in 2039 and the Hijri New Year in 2041', () => {
    expect(hijriDatesInYear(12, 10, 2039)).toEqual(['2039-01-05', '2039-12-26'])
    expect(hijriDatesInYear(1, 1, 2041)).toEqual(['2041-01-04', '2041-12-25'])
  })
})

describe('the 30th of a month', () => {
  it('exists only when the month has 30 days', () => {
    // Ramadan 1447 has 30 days, Sha'ban 1447 29 (Intl).
    expect(fromHijri(1447, 9, 30)).toEqual(O.some('2026-03-19'))
    expect(fromHijri(1447, 8, 30)).toEqual(O.none)
    expect(hijriDatesInYear(8, 30, 2026)).toEqual([])
  })

  it('fromHijri refuses what names no date', () => {
    expect(fromHijri(1447, 13, 1)).toEqual(O.none)
    expect(fromHijri(1447, 9, 31)).toEqual(O.none)
    expect(fromHijri(1447.5, 9, 1)).toEqual(O.none)
    expect(fromHijri(1e9, 9, 1)).toEqual(O.none)
    expect(fromHijri(9700, 1, 1)).toEqual(O.none)
    expect(fromHijri(-650, 1, 1)).toEqual(O.none)
    expect(O.isSome(fromHijri(9600, 1, 1))).toBe(true)
    expect(hijriDatesInYear(9, 1, 0)).toEqual([])
    expect(hijriDatesInYear(0, 1, 2026)).toEqual([])
  })
})

describe('properties against an independent Intl formatter (1900–2150, where Umm al-Qura is exact)', () => {
  it('hijriDatesInYear returns exactly the days of the year that Intl names that Hijri month-day', () => {
    fc.assert(
      fc.property(exactYear, fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 30 }), (year, month, day) => {
        const expected = datesOfYear(year).filter((x) => {
          const h = intlHijri(x)
          return h.month === month && h.day === day
        })
        const got = hijriDatesInYear(month, day, year)
        expect(got).toEqual(expected)
        if (day <= 29) expect(got.length === 1 || got.length === 2).toBe(true)
      }),
      RUNS,
    )
  })

  it('toHijri agrees with Intl and steps one Hijri day a day', () => {
    fc.assert(
      fc.property(dateIn(), (date) => {
        const h = toHijri(date)
        expect(h).toEqual(intlHijri(date))
        const next = toHijri(addDays(date, 1))
        const sameMonth = next.year === h.year && next.month === h.month && next.day === h.day + 1
        const newMonth =
          next.day === 1 &&
          (h.day === 29 || h.day === 30) &&
          (h.month === 12 ? next.year === h.year + 1 && next.month === 1 : next.year === h.year && next.month === h.month + 1)
        expect(sameMonth || newMonth).toBe(true)
      }),
      RUNS,
    )
  })

  it('fromHijri inverts toHijri', () => {
    fc.assert(
      fc.property(dateIn(), (date) => {
        const h = toHijri(date)
        expect(fromHijri(h.year, h.month, h.day)).toEqual(O.some(date))
      }),
      RUNS,
    )
  })
})

describe('outside the Umm al-Qura tables (about 1883–2174 CE)', () => {
  it('still agrees with what Intl says (its arithmetic fallback), without throwing', () => {
    for (const year of [1, 622, 1700, 1850, 2200, 5000, 9999]) {
      for (const [month, day] of [
        [9, 1],
        [10, 1],
        [12, 10],
      ] as const) {
        const got = hijriDatesInYear(month, day, year)
        expect(got.length).toBeGreaterThanOrEqual(1)
        for (const x of got) {
          expect(x.startsWith(String(year).padStart(4, '0'))).toBe(true)
          expect(toHijri(x)).toMatchObject({ month, day })
        }
      }
    }
  })
})
