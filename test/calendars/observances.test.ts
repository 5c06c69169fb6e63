import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { addDays } from '../../src/core/calendar-date.js'
import {
  builtInCalendars,
  daysOffInYear,
  observances,
  type CalendarSet,
  type ObservanceRule,
} from '../../src/calendars/index.js'
import { RUNS, datesOfYear, exactYear, intlHijri, jsWeekday } from './support.js'
import { runs } from '../support/runs.js'

const sets = Object.values(builtInCalendars)

const dateOf = (set: CalendarSet, year: number, id: string): string[] =>
  observances(set, year)
    .filter((o) => o.id === id)
    .map((o) => o.date)

const oneRuleSet = (rule: ObservanceRule, extra: Partial<CalendarSet> = {}): CalendarSet => ({
  id: 'test',
  name: 'Test',
  country: 'ZZ',
  weekend: [0, 6],
  observances: [{ id: 'x', names: { en: 'X', ar: 'س' }, rule }],
  cardHolidays: [],
  ...extra,
})

describe('observances of the built-in sets in 2026', () => {
  it.each([
    ['us', 'us-thanksgiving', '2026-11-26'],
    ['us', 'us-easter', '2026-04-05'],
    ['us', 'us-mothers-day', '2026-05-10'],
    ['us', 'us-fathers-day', '2026-06-21'],
    ['us', 'us-labor-day', '2026-09-07'],
    ['us', 'us-memorial-day', '2026-05-25'],
    ['us', 'us-mlk-day', '2026-01-19'],
    ['uk', 'uk-mothering-sunday', '2026-03-15'],
    ['uk', 'uk-good-friday', '2026-04-03'],
    ['uk', 'uk-summer-bank-holiday', '2026-08-31'],
    ['sa', 'sa-founding-day', '2026-02-22'],
    ['sa', 'sa-ramadan', '2026-02-18'],
    ['sa', 'sa-eid-al-fitr', '2026-03-20'],
    ['sa', 'sa-eid-al-adha', '2026-05-27'],
    ['sa', 'sa-hijri-new-year', '2026-06-16'],
    ['sa', 'sa-national-day', '2026-09-23'],
    ['ae', 'ae-national-day', '2026-12-02'],
    ['ae', 'ae-mawlid', '2026-08-25'],
    ['eg', 'eg-coptic-easter', '2026-04-12'],
    ['eg', 'eg-sham-el-nessim', '2026-04-13'],
  ] as const)('%s: %s is %s', (setId, id, date) => {
    expect(dateOf(builtInCalendars[setId], 2026, id)).toEqual([date])
  })

  it('US federal days off of 2026, with Independence Day (a Saturday) observed on Friday July 3', () => {
    expect(daysOffInYear(builtInCalendars.us, 2026)).toEqual([
      '2026-01-01',
      '2026-01-19',
      '2026-02-16',
      '2026-05-25',
      '2026-06-19',
      '2026-07-03',
      '2026-09-07',
      '2026-10-12',
      '2026-11-11',
      '2026-11-26',
      '2026-12-25',
    ])
  })

  it('UK bank holidays of 2026 (gov.uk), Boxing Day on a Saturday substituted on Monday 28', () => {
    expect(daysOffInYear(builtInCalendars.uk, 2026)).toEqual([
      '2026-01-01',
      '2026-04-03',
      '2026-04-06',
      '2026-05-04',
      '2026-05-25',
      '2026-08-31',
      '2026-12-25',
      '2026-12-28',
    ])
  })

  it('Saudi days off of 2026: Eid al-Fitr from the day after 29 Ramadan, Eid al-Adha from Arafah, four days each', () => {
    expect(daysOffInYear(builtInCalendars.sa, 2026)).toEqual([
      '2026-02-22',
      '2026-03-19',
      '2026-03-20',
      '2026-03-21',
      '2026-03-22',
      '2026-05-26',
      '2026-05-27',
      '2026-05-28',
      '2026-05-29',
      '2026-09-23',
    ])
  })

  it('UAE Eid al-Fitr holiday runs from 29 Ramadan to 3 Shawwal (five days when Ramadan has 30)', () => {
    const off = daysOffInYear(builtInCalendars.ae, 2024).filter((x) => x >= '2024-04-01' && x <= '2024-04-30')
    expect(off).toEqual(['2024-04-08', '2024-04-09', '2024-04-10', '2024-04-11', '2024-04-12'])
    // Ramadan 1446 (2025) had 29 days by Umm al-Qura: 29 Ramadan, then 1–3 Shawwal.
    const off2025 = daysOffInYear(builtInCalendars.ae, 2025).filter((x) => x >= '2025-03-01' && x <= '2025-04-30')
    expect(off2025).toHaveLength(4)
  })
})

describe('weekend shifts of days off', () => {
  it('US: a Saturday holiday is observed on Friday, a Sunday one on Monday — across New Year too', () => {
    const us = builtInCalendars.us
    expect(observances(us, 2021).find((o) => o.id === 'us-christmas')?.daysOff).toEqual(['2021-12-24'])
    expect(observances(us, 2022).find((o) => o.id === 'us-new-year')?.daysOff).toEqual(['2021-12-31'])
    expect(daysOffInYear(us, 2021)).toContain('2021-12-31')
    expect(daysOffInYear(us, 2022)).not.toContain('2022-01-01')
    expect(observances(us, 2023).find((o) => o.id === 'us-new-year')?.daysOff).toEqual(['2023-01-02'])
  })

  it('UK: Christmas on Saturday and Boxing Day on Sunday become Monday 27 and Tuesday 28', () => {
    expect(daysOffInYear(builtInCalendars.uk, 2021).slice(-2)).toEqual(['2021-12-27', '2021-12-28'])
    // Christmas on Sunday: Boxing Day keeps Monday 26, Christmas moves to Tuesday 27.
    expect(daysOffInYear(builtInCalendars.uk, 2022).slice(-2)).toEqual(['2022-12-26', '2022-12-27'])
    expect(daysOffInYear(builtInCalendars.uk, 2022)[0]).toBe('2022-01-03')
  })

  it('Saudi National Day on a Friday is off on Thursday, on a Saturday on Sunday', () => {
    expect(daysOffInYear(builtInCalendars.sa, 2022)).toContain('2022-09-22')
    expect(daysOffInYear(builtInCalendars.sa, 2023)).toContain('2023-09-24')
  })

  it('observances keep their own date whatever the shift', () => {
    expect(dateOf(builtInCalendars.us, 2021, 'us-christmas')).toEqual(['2021-12-25'])
  })
})

describe('years in force', () => {
  it('Saudi Founding Day exists from 2022, US Juneteenth from 2021', () => {
    expect(dateOf(builtInCalendars.sa, 2021, 'sa-founding-day')).toEqual([])
    expect(dateOf(builtInCalendars.sa, 2022, 'sa-founding-day')).toEqual(['2022-02-22'])
    expect(dateOf(builtInCalendars.us, 2020, 'us-juneteenth')).toEqual([])
    expect(dateOf(builtInCalendars.us, 2021, 'us-juneteenth')).toEqual(['2021-06-19'])
  })
})

describe('offsets', () => {
  it('carry an observance into the next or previous year', () => {
    const dayAfter = oneRuleSet({ kind: 'fixed', month: 12, day: 31, offsetDays: 1 })
    expect(observances(dayAfter, 2026).map((o) => o.date)).toEqual(['2026-01-01'])
    const dayBefore = oneRuleSet({ kind: 'fixed', month: 1, day: 1, offsetDays: -1 })
    expect(observances(dayBefore, 2026).map((o) => o.date)).toEqual(['2026-12-31'])
  })

  it('of a fixed rule: the days of the year whose date minus the offset is the month-day (brute force)', () => {
    fc.assert(
      fc.property(
        exactYear,
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 28 }),
        fc.integer({ min: -365, max: 365 }),
        (year, month, day, offsetDays) => {
          const set = oneRuleSet({ kind: 'fixed', month, day, offsetDays })
          const expected = datesOfYear(year).filter((x) => {
            const anchor = addDays(x, -offsetDays)
            return Number(anchor.slice(5, 7)) === month && Number(anchor.slice(8, 10)) === day
          })
          expect(observances(set, year).map((o) => o.date)).toEqual(expected)
        },
      ),
      RUNS,
    )
  })

  it('of a Hijri rule: the days whose date minus the offset Intl names that Hijri month-day', () => {
    fc.assert(
      fc.property(exactYear, fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 30 }), fc.integer({ min: -40, max: 40 }), (year, month, day, offsetDays) => {
        const set = oneRuleSet({ kind: 'hijri', month, day, offsetDays })
        const expected = datesOfYear(year).filter((x) => {
          const h = intlHijri(addDays(x, -offsetDays))
          return h.month === month && h.day === day
        })
        expect(observances(set, year).map((o) => o.date)).toEqual(expected)
      }),
      { numRuns: runs(200) },
    )
  })
})

describe('observances(set, year)', () => {
  it('all fall in the year, sorted by date then id, for every built-in set', () => {
    fc.assert(
      fc.property(exactYear, fc.constantFrom(...sets), (year, set) => {
        const list = observances(set, year)
        for (let i = 0; i < list.length; i++) {
          const o = list[i]!
          expect(o.date.slice(0, 4)).toBe(String(year))
          const def = set.observances.find((x) => x.id === o.id)
          expect(o.dayOff).toBe(def?.dayOff !== undefined)
          expect(o.daysOff).toHaveLength(def?.dayOff === undefined ? 0 : (def.dayOff.days ?? 1))
          const prev = list[i - 1]
          if (prev !== undefined) expect(prev.date < o.date || (prev.date === o.date && prev.id < o.id)).toBe(true)
        }
        // Every observance that is not a Hijri day 30 or a 5th weekday happens at least once a year.
        for (const def of set.observances) {
          const inForce = def.fromYear === undefined || year >= def.fromYear
          const mayLack = def.rule.kind === 'hijri' && def.rule.day === 30
          if (inForce && !mayLack) expect(list.some((o) => o.id === def.id)).toBe(true)
        }
      }),
      RUNS,
    )
  })

  it('a day off shifted by `nearest` or `next` never lands on a weekend day', () => {
    fc.assert(
      fc.property(exactYear, fc.constantFrom(builtInCalendars.us, builtInCalendars.uk, builtInCalendars.sa), (year, set) => {
        for (const o of observances(set, year)) {
          const def = set.observances.find((x) => x.id === o.id)
          if (def?.dayOff?.observed === 'nearest' || def?.dayOff?.observed === 'next') {
            for (const x of o.daysOff) expect(set.weekend).not.toContain(jsWeekday(x))
          }
        }
      }),
      RUNS,
    )
  })

  it('is computed once per set and year: the same frozen array comes back', () => {
    const a = observances(builtInCalendars.eg, 2031)
    expect(observances(builtInCalendars.eg, 2031)).toBe(a)
    expect(Object.isFrozen(a)).toBe(true)
    expect(Object.isFrozen(a[0])).toBe(true)
    expect(Object.isFrozen(a[0]?.daysOff)).toBe(true)
    // A structurally equal but different set object has its own cache entry.
    const copy = { ...builtInCalendars.eg }
    expect(observances(copy, 2031)).not.toBe(a)
    expect(observances(copy, 2031)).toEqual(a)
  })

  it('refuses a year outside 1–9999 (a caller bug)', () => {
    expect(() => observances(builtInCalendars.us, 0)).toThrow(RangeError)
    expect(() => observances(builtInCalendars.us, 2026.5)).toThrow(RangeError)
  })

  it('a 5th weekday that a month lacks gives no observance that year', () => {
    const set = oneRuleSet({ kind: 'nth-weekday', month: 2, weekday: 0, n: 5 })
    expect(observances(set, 2026)).toEqual([])
    expect(observances(set, 2032).map((o) => o.date)).toEqual(['2032-02-29'])
  })
})
