import * as fc from 'fast-check'
import * as O from 'fp-ts/lib/Option.js'
import { describe, expect, it } from 'vitest'
import { nthWeekdayOfMonth } from '../../src/calendars/index.js'
import { RUNS, datesOfYear, jsWeekday } from './support.js'

const THU = 4
const SUN = 0
const MON = 1

describe('nthWeekdayOfMonth', () => {
  it.each([
    ['US Thanksgiving 2024', 2024, 11, THU, 4, '2024-11-28'],
    ['US Thanksgiving 2025', 2025, 11, THU, 4, '2025-11-27'],
    ['US Thanksgiving 2026', 2026, 11, THU, 4, '2026-11-26'],
    ["US Mother's Day 2026", 2026, 5, SUN, 2, '2026-05-10'],
    ["Father's Day 2026", 2026, 6, SUN, 3, '2026-06-21'],
    ['US Labor Day 2026', 2026, 9, MON, 1, '2026-09-07'],
    ['US Memorial Day 2025', 2025, 5, MON, -1, '2025-05-26'],
    ['US Memorial Day 2026', 2026, 5, MON, -1, '2026-05-25'],
    ['5th Sunday of March 2026', 2026, 3, SUN, 5, '2026-03-29'],
  ])('%s', (_name, year, month, weekday, n, date) => {
    expect(nthWeekdayOfMonth(year, month, weekday, n)).toEqual(O.some(date))
  })

  it('is none for a 5th that the month lacks, and for input that names no month or occurrence', () => {
    expect(nthWeekdayOfMonth(2026, 2, SUN, 5)).toEqual(O.none)
    expect(nthWeekdayOfMonth(2026, 13, SUN, 1)).toEqual(O.none)
    expect(nthWeekdayOfMonth(2026, 5, 7, 1)).toEqual(O.none)
    expect(nthWeekdayOfMonth(2026, 5, SUN, 0)).toEqual(O.none)
    expect(nthWeekdayOfMonth(2026, 5, SUN, -2)).toEqual(O.none)
  })

  it('agrees with counting the weekdays of the month one by one', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1900, max: 2150 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 6 }),
        fc.constantFrom(1, 2, 3, 4, 5, -1),
        (year, month, weekday, n) => {
          const matching = datesOfYear(year).filter((x) => Number(x.slice(5, 7)) === month && jsWeekday(x) === weekday)
          const expected = n === -1 ? matching[matching.length - 1] : matching[n - 1]
          const got = nthWeekdayOfMonth(year, month, weekday, n)
          if (expected === undefined) expect(got).toEqual(O.none)
          else {
            expect(got).toEqual(O.some(expected))
            expect(jsWeekday(expected)).toBe(weekday)
          }
        },
      ),
      RUNS,
    )
  })
})
