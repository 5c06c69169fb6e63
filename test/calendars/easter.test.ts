import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { daysBetween, formatYmd } from '../../src/core/calendar-date.js'
import { orthodoxEaster, westernEaster } from '../../src/calendars/index.js'
import { RUNS, jsWeekday } from './support.js'
import { runs } from '../support/runs.js'

/** Oudin's algorithm (1940): an independent Gregorian computus to check Meeus/Jones/Butcher against. */
const oudin = (y: number): string => {
  const c = Math.floor(y / 100)
  const n = y - 19 * Math.floor(y / 19)
  const k = Math.floor((c - 17) / 25)
  let i = c - Math.floor(c / 4) - Math.floor((c - k) / 3) + 19 * n + 15
  i = i - 30 * Math.floor(i / 30)
  i = i - Math.floor(i / 28) * (1 - Math.floor(i / 28) * Math.floor(29 / (i + 1)) * Math.floor((21 - n) / 11))
  let j = y + Math.floor(y / 4) + i + 2 - c + Math.floor(c / 4)
  j = j - 7 * Math.floor(j / 7)
  const l = i - j
  const m = 3 + Math.floor((l + 40) / 44)
  return formatYmd(y, m, l + 28 - 31 * Math.floor(m / 4))
}

describe('westernEaster', () => {
  it.each([
    [2000, '2000-04-23'],
    [2008, '2008-03-23'],
    [2011, '2011-04-24'],
    [2019, '2019-04-21'],
    [2020, '2020-04-12'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2038, '2038-04-25'],
    [2285, '2285-03-22'],
  ])('Easter %i is %s', (year, date) => {
    expect(westernEaster(year)).toBe(date)
  })

  it('is a Sunday between March 22 and April 25, as Oudin computes it (1583–9999)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1583, max: 9999 }), (year) => {
        const e = westernEaster(year)
        expect(jsWeekday(e)).toBe(0)
        expect(e.slice(5) >= '03-22' && e.slice(5) <= '04-25').toBe(true)
        expect(e).toBe(oudin(year))
      }),
      { numRuns: runs(1000) },
    )
  })

  it('refuses a year outside 1–9999 (a caller bug)', () => {
    expect(() => westernEaster(0)).toThrow(RangeError)
    expect(() => westernEaster(2026.5)).toThrow(RangeError)
  })
})

describe('orthodoxEaster', () => {
  it.each([
    [2020, '2020-04-19'],
    [2021, '2021-05-02'],
    [2022, '2022-04-24'],
    [2023, '2023-04-16'],
    [2024, '2024-05-05'],
    [2025, '2025-04-20'],
    [2026, '2026-04-12'],
    [2027, '2027-05-02'],
    [2028, '2028-04-16'],
    [2029, '2029-04-08'],
    [2030, '2030-04-28'],
  ])('Orthodox Easter %i is %s', (year, date) => {
    expect(orthodoxEaster(year)).toBe(date)
  })

  it('is a Sunday between April 4 and May 8 (1900–2099), on or after Western Easter by 0, 1, 4 or 5 weeks', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2099 }), (year) => {
        const o = orthodoxEaster(year)
        expect(jsWeekday(o)).toBe(0)
        expect(o.slice(5) >= '04-04' && o.slice(5) <= '05-08').toBe(true)
        expect([0, 7, 28, 35]).toContain(daysBetween(westernEaster(year), o))
      }),
      RUNS,
    )
  })
})
