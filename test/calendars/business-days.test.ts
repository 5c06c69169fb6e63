import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { addDays, addYears, type CalendarDate } from '../../src/core/calendar-date.js'
import {
  builtInCalendars,
  daysOffInYear,
  isBusinessDay,
  moveToBusinessDay,
  nextBusinessDay,
  previousBusinessDay,
  type CalendarSet,
} from '../../src/calendars/index.js'
import { RUNS, d, dateIn, jsWeekday } from './support.js'

const { us, uk, sa, ae, eg } = builtInCalendars
const sets = [us, uk, sa, ae, eg]

/** The business-day rule restated from the outside: weekday by `Date`, days off by the public list. */
const isBusinessModel = (set: CalendarSet, date: CalendarDate): boolean =>
  !set.weekend.includes(jsWeekday(date) as never) && !daysOffInYear(set, Number(date.slice(0, 4))).includes(date)

describe('isBusinessDay', () => {
  it.each([
    ['us', '2026-11-26', false, 'Thanksgiving'],
    ['us', '2026-11-27', true, 'the Friday after'],
    ['us', '2026-11-28', false, 'a Saturday'],
    ['us', '2021-12-31', false, "New Year's Day 2022 observed"],
    ['us', '2026-07-03', false, 'Independence Day observed'],
    ['us', '2026-07-04', false, 'a Saturday (the holiday itself)'],
    ['uk', '2026-12-28', false, 'Boxing Day substitute'],
    ['sa', '2026-03-06', false, 'a Friday'],
    ['sa', '2026-03-01', true, 'a Sunday'],
    ['sa', '2026-03-19', false, 'Eid al-Fitr holiday'],
    ['sa', '2026-03-23', true, 'after the Eid holiday'],
    ['ae', '2026-03-06', true, 'a Friday (Sat–Sun weekend since 2022)'],
    ['ae', '2026-12-03', false, 'National Day, 2nd day'],
    ['eg', '2026-04-13', false, 'Sham el-Nessim'],
    ['eg', '2026-04-12', true, 'Coptic Easter (a Sunday, not a day off)'],
  ] as const)('%#: %s %s is %s (%s)', (id, date, expected, _why) => {
    expect(isBusinessDay(builtInCalendars[id], d(date))).toBe(expected)
  })

  it('follows a host set with another weekend (Friday only)', () => {
    const fridayOnly: CalendarSet = { ...sa, id: 'friday', weekend: [5] }
    expect(isBusinessDay(fridayOnly, d('2026-03-07'))).toBe(true)
    expect(isBusinessDay(fridayOnly, d('2026-03-06'))).toBe(false)
  })

  it('agrees with the weekend and the list of days off', () => {
    fc.assert(
      fc.property(dateIn(), fc.constantFrom(...sets), (date, set) => {
        expect(isBusinessDay(set, date)).toBe(isBusinessModel(set, date))
      }),
      RUNS,
    )
  })
})

describe('nextBusinessDay / previousBusinessDay', () => {
  it('pins', () => {
    expect(nextBusinessDay(us, d('2026-11-26'))).toBe('2026-11-27')
    expect(nextBusinessDay(us, d('2026-11-27'))).toBe('2026-11-27')
    expect(previousBusinessDay(us, d('2026-07-05'))).toBe('2026-07-02')
    expect(previousBusinessDay(sa, d('2026-09-26'))).toBe('2026-09-24')
    expect(nextBusinessDay(sa, d('2026-03-19'))).toBe('2026-03-23')
    expect(nextBusinessDay(uk, d('2021-12-25'))).toBe('2021-12-29')
  })

  it('land on the nearest business day on the right side, with no business day skipped', () => {
    fc.assert(
      fc.property(dateIn(), fc.constantFrom(...sets), (date, set) => {
        const next = nextBusinessDay(set, date)
        const prev = previousBusinessDay(set, date)
        expect(isBusinessModel(set, next)).toBe(true)
        expect(isBusinessModel(set, prev)).toBe(true)
        expect(next >= date && prev <= date).toBe(true)
        for (let x = date; x < next; x = addDays(x, 1)) expect(isBusinessModel(set, x)).toBe(false)
        for (let x = date; x > prev; x = addDays(x, -1)) expect(isBusinessModel(set, x)).toBe(false)
      }),
      RUNS,
    )
  })
})

describe('moveToBusinessDay', () => {
  const planYear = (start: string) => ({ notBefore: d(start), notAfter: addDays(addYears(d(start), 1), -1) })

  it('keeps a business day, moves back otherwise, and forward when back would leave the window', () => {
    expect(moveToBusinessDay(us, d('2026-11-27'), planYear('2026-01-01'))).toBe('2026-11-27')
    expect(moveToBusinessDay(us, d('2026-11-26'), planYear('2026-01-01'))).toBe('2026-11-25')
    // Sunday Jan 4 in a plan year that starts that day: Friday Jan 2 is outside, so Monday Jan 5.
    expect(moveToBusinessDay(us, d('2026-01-04'), planYear('2026-01-04'))).toBe('2026-01-05')
    // Saudi: a call due on the first day of the Eid holiday of a plan year starting then moves past it.
    expect(moveToBusinessDay(sa, d('2026-03-19'), planYear('2026-03-19'))).toBe('2026-03-23')
  })

  it('keeps the date when the window has no business day at all', () => {
    expect(moveToBusinessDay(us, d('2026-11-28'), { notBefore: d('2026-11-28'), notAfter: d('2026-11-29') })).toBe('2026-11-28')
  })

  it('returns a business day inside the window: the previous one if inside, else the next one', () => {
    fc.assert(
      fc.property(dateIn(1900, 2148), fc.integer({ min: 0, max: 364 }), fc.constantFrom(...sets), (start, offset, set) => {
        const window = planYear(start)
        const date = addDays(start, offset)
        const got = moveToBusinessDay(set, date, window)
        const prev = previousBusinessDay(set, date)
        const next = nextBusinessDay(set, date)
        const expected = prev >= window.notBefore ? prev : next <= window.notAfter ? next : date
        expect(got).toBe(expected)
        expect(got >= window.notBefore && got <= window.notAfter).toBe(true)
        expect(isBusinessModel(set, got)).toBe(true)
      }),
      RUNS,
    )
  })
})
