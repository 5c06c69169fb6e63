import * as fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { addDays, addYears, fromDayNumber, toDayNumber, ymdToDayNumber, type CalendarDate } from '../../src/core/calendar-date.js'
import {
  builtInCalendars,
  cardHolidaysForPlanYear,
  observances,
  type CalendarSet,
  type CardHoliday,
} from '../../src/calendars/index.js'
import { d } from './support.js'
import { runs } from '../support/runs.js'

const sets = Object.values(builtInCalendars)

const planYearEnd = (start: CalendarDate): CalendarDate => addDays(addYears(start, 1), -1)

const cards = (set: CalendarSet, start: string, lead?: number): readonly CardHoliday[] => {
  const r = cardHolidaysForPlanYear(set, d(start), planYearEnd(d(start)), lead)
  if (E.isLeft(r)) throw new Error(r.left.message)
  return r.right
}

/** Every date of an observance, from the year lists, in a range of years. */
const occurrences = (set: CalendarSet, id: string, fromYear: number, toYear: number): CalendarDate[] => {
  const out: CalendarDate[] = []
  for (let y = fromYear; y <= toYear; y++) for (const o of observances(set, y)) if (o.id === id) out.push(o.date)
  return out
}

/**
 * The selection rule checked from the outside: exactly 7 distinct candidates; each due date
 * inside the plan year and equal to holiday − lead; each at its first occurrence with a due
 * date inside; and every candidate ranked above the last one chosen that was not chosen has
 * no due date inside (so rank order was honoured).
 */
const checkSelection = (set: CalendarSet, start: CalendarDate, lead: number, got: readonly CardHoliday[]): void => {
  const end = planYearEnd(start)
  const y = Number(start.slice(0, 4))
  const dueDatesInside = (id: string): CalendarDate[] =>
    occurrences(set, id, y, y + 2)
      .map((h) => addDays(h, -lead))
      .filter((due) => due >= start && due <= end)
  expect(got).toHaveLength(7)
  expect(new Set(got.map((c) => c.id)).size).toBe(7)
  for (const c of got) {
    expect(c.dueDate >= start && c.dueDate <= end).toBe(true)
    expect(c.dueDate).toBe(addDays(c.holidayDate, -lead))
    expect(c.dueDate).toBe(dueDatesInside(c.id)[0])
    expect(set.cardHolidays[c.rank - 1]).toBe(c.id)
  }
  const lastRank = Math.max(...got.map((c) => c.rank))
  set.cardHolidays.slice(0, lastRank).forEach((id) => {
    if (!got.some((c) => c.id === id)) expect(dueDatesInside(id)).toEqual([])
  })
  // Sorted by due date.
  for (let i = 1; i < got.length; i++) expect(got[i - 1]!.dueDate <= got[i]!.dueDate).toBe(true)
}

describe('cardHolidaysForPlanYear', () => {
  it('gives the seven default card holidays of a plain US year', () => {
    const got = cards(builtInCalendars.us, '2026-01-01')
    expect(got.map((c) => [c.id, c.holidayDate, c.dueDate])).toEqual([
      ['us-valentines-day', '2026-02-14', '2026-02-04'],
      ['us-easter', '2026-04-05', '2026-03-26'],
      ['us-independence-day', '2026-07-04', '2026-06-24'],
      ['us-halloween', '2026-10-31', '2026-10-21'],
      ['us-thanksgiving', '2026-11-26', '2026-11-16'],
      ['us-christmas', '2026-12-25', '2026-12-15'],
      ['us-new-year', '2027-01-01', '2026-12-22'],
    ])
  })

  it('a plan year with no Thanksgiving card takes the next-ranked candidate (Labor Day)', () => {
    // Thanksgiving 2029 (Nov 22) is due Nov 12, the day before; 2030's (Nov 28) is due Nov 18, after the end (Nov 12).
    const got = cards(builtInCalendars.us, '2029-11-13')
    expect(got.map((c) => c.id)).not.toContain('us-thanksgiving')
    expect(got.map((c) => c.id)).toContain('us-labor-day')
    checkSelection(builtInCalendars.us, d('2029-11-13'), 10, got)
  })

  it('a plan year with two Easters counts Easter once, at its first', () => {
    // Easter 2026 (Apr 5) is due Mar 26; Easter 2027 (Mar 28) is due Mar 18, still inside.
    const got = cards(builtInCalendars.us, '2026-03-26')
    const easter = got.filter((c) => c.id === 'us-easter')
    expect(easter).toEqual([expect.objectContaining({ holidayDate: '2026-04-05', dueDate: '2026-03-26' })])
    checkSelection(builtInCalendars.us, d('2026-03-26'), 10, got)
  })

  it('a plan year with two Eid al-Fitrs counts Eid once, at its first', () => {
    const sa = builtInCalendars.sa
    const start = d('2026-03-10')
    expect(occurrences(sa, 'sa-eid-al-fitr', 2026, 2027).filter((h) => addDays(h, -10) >= start && addDays(h, -10) <= planYearEnd(start))).toHaveLength(2)
    const got = cards(sa, start)
    expect(got.filter((c) => c.id === 'sa-eid-al-fitr')).toEqual([expect.objectContaining({ holidayDate: '2026-03-20', dueDate: '2026-03-10' })])
    checkSelection(sa, start, 10, got)
  })

  it('honours the lead time', () => {
    const got = cards(builtInCalendars.us, '2026-01-01', 0)
    expect(got.find((c) => c.id === 'us-christmas')).toMatchObject({ holidayDate: '2026-12-25', dueDate: '2026-12-25' })
    checkSelection(builtInCalendars.us, d('2026-01-01'), 0, got)
    const early = cards(builtInCalendars.us, '2026-01-01', 30)
    checkSelection(builtInCalendars.us, d('2026-01-01'), 30, early)
  })

  it('a fixed holiday can miss a plan year: March 5 is due Feb 23, or Feb 24 in a leap year', () => {
    const set: CalendarSet = {
      ...builtInCalendars.us,
      id: 'march',
      observances: [...builtInCalendars.us.observances, { id: 'march-5', names: { en: 'March 5', ar: '٥ مارس' }, rule: { kind: 'fixed', month: 3, day: 5 } }],
      cardHolidays: ['march-5', ...builtInCalendars.us.cardHolidays],
    }
    // 2027-02-24 … 2028-02-23: the 2027 card was due the day before, the 2028 one the day after.
    expect(cards(set, '2027-02-24').map((c) => c.id)).not.toContain('march-5')
    expect(cards(set, '2027-02-23').map((c) => c.id)).toContain('march-5')
  })

  it('Left when fewer than 7 candidates qualify, naming the plan year and what was found', () => {
    const set: CalendarSet = { ...builtInCalendars.us, cardHolidays: ['us-thanksgiving', 'us-christmas', 'us-easter'] }
    const r = cardHolidaysForPlanYear(set, d('2026-01-01'), d('2026-12-31'))
    expect(E.isLeft(r) && r.left.code === 'not-enough-card-holidays' && r.left.params['found']).toEqual(['us-thanksgiving', 'us-christmas', 'us-easter'])
    expect(E.isLeft(r) && r.left.message).toMatch(/only 3 of 7 .* 2026-01-01 … 2026-12-31/)
  })

  it('Left for a plan year that ends before it starts, or a lead time that is not 0–366 whole days', () => {
    const us = builtInCalendars.us
    expect(cardHolidaysForPlanYear(us, d('2026-01-01'), d('2025-12-31'))).toMatchObject({ left: { code: 'invalid-plan-year' } })
    expect(cardHolidaysForPlanYear(us, d('2026-01-01'), d('2026-12-31'), -1)).toMatchObject({ left: { code: 'invalid-lead-time', params: { leadDays: -1 } } })
    expect(cardHolidaysForPlanYear(us, d('2026-01-01'), d('2026-12-31'), 2.5)).toMatchObject({ left: { code: 'invalid-lead-time', params: { leadDays: 2.5 } } })
  })

  it('returns frozen cards', () => {
    const got = cards(builtInCalendars.eg, '2026-05-01')
    expect(Object.isFrozen(got)).toBe(true)
    expect(Object.isFrozen(got[0])).toBe(true)
  })
})

describe('every built-in set, every plan-year start 2020–2040 (exhaustive)', () => {
  it.each(sets.map((s) => [s.id, s] as const))('%s gives exactly 7 distinct card holidays, due inside the plan year, in rank order', (_id, set) => {
    const last = ymdToDayNumber(2040, 12, 31)
    let plans = 0
    for (let n = ymdToDayNumber(2020, 1, 1); n <= last; n++) {
      const start = fromDayNumber(n)
      const end = planYearEnd(start)
      const r = cardHolidaysForPlanYear(set, start, end)
      if (E.isLeft(r)) throw new Error(r.left.message)
      const got = r.right
      expect(got.length).toBe(7)
      expect(new Set(got.map((c) => c.id)).size).toBe(7)
      for (const c of got) {
        if (!(c.dueDate >= start && c.dueDate <= end) || toDayNumber(c.holidayDate) - toDayNumber(c.dueDate) !== 10) {
          throw new Error(`${set.id} ${start}: ${JSON.stringify(c)}`)
        }
      }
      plans++
    }
    expect(plans).toBe(7671)
  })

  it('and the rank-order rule holds (sampled with fast-check over all five sets)', () => {
    fc.assert(
      fc.property(fc.integer({ min: ymdToDayNumber(2020, 1, 1), max: ymdToDayNumber(2040, 12, 31) }), fc.constantFrom(...sets), (n, set) => {
        const start = fromDayNumber(n)
        const r = cardHolidaysForPlanYear(set, start, planYearEnd(start))
        expect(E.isRight(r)).toBe(true)
        if (E.isRight(r)) checkSelection(set, start, 10, r.right)
      }),
      { numRuns: runs(300) },
    )
  })
})
