import * as fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import {
  builtInCalendars,
  CalendarSetC,
  observances,
  validateCalendarSet,
  type CalendarError,
  type CalendarSet,
} from '../../src/calendars/index.js'
import { runs } from '../support/runs.js'

const json = (set: CalendarSet): Record<string, unknown> => JSON.parse(JSON.stringify(set)) as Record<string, unknown>

const leftOf = (u: unknown): CalendarError => {
  const r = validateCalendarSet(u)
  if (E.isRight(r)) throw new Error('expected a Left')
  return r.left
}

const us = builtInCalendars.us

/** The US set with an extra observance (and optionally other card holidays). */
const usWith = (extra: unknown, cardHolidays: readonly string[] = us.cardHolidays): Record<string, unknown> => ({
  ...json(us),
  observances: [...(json(us)['observances'] as unknown[]), extra],
  cardHolidays,
})

describe('validateCalendarSet accepts', () => {
  it.each(Object.values(builtInCalendars).map((s) => [s.id, s] as const))('the built-in %s set as JSON, as a fresh frozen copy', (_id, set) => {
    const input = json(set)
    const r = validateCalendarSet(input)
    expect(r).toEqual(E.right(set))
    if (E.isRight(r)) {
      expect(r.right).not.toBe(set)
      expect(Object.isFrozen(r.right)).toBe(true)
      expect(Object.isFrozen(r.right.observances[0]?.rule)).toBe(true)
      // The copy owns its data: mutating the input afterwards changes nothing.
      ;(input['observances'] as { id: string }[])[0]!.id = 'changed'
      expect(r.right.observances[0]?.id).toBe(set.observances[0]?.id)
    }
  })

  it('Feb 29 as a fixed month-day (observed on Feb 28 in common years)', () => {
    const r = validateCalendarSet(usWith({ id: 'leap', names: { en: 'Leap day', ar: 'يوم كبيس' }, rule: { kind: 'fixed', month: 2, day: 29 } }))
    expect(E.isRight(r)).toBe(true)
    if (E.isRight(r)) expect(observances(r.right, 2027).find((o) => o.id === 'leap')?.date).toBe('2027-02-28')
  })

  it('through the io-ts codec too', () => {
    expect(E.isRight(CalendarSetC.decode(json(builtInCalendars.sa)))).toBe(true)
    const bad = CalendarSetC.decode({ ...json(us), cardHolidays: ['us-thanksgiving'] })
    expect(E.isLeft(bad) && bad.left[0]?.message).toMatch(/at least 9 card holidays/)
  })
})

describe('validateCalendarSet refuses, saying why', () => {
  it('an unknown rule kind', () => {
    const e = leftOf(usWith({ id: 'moon', names: { en: 'Moon', ar: 'قمر' }, rule: { kind: 'lunar', month: 1, day: 1 } }))
    expect(e.code).toBe('invalid-calendar-set')
    expect(e.message).toMatch(/^set\.observances\[17\]\.rule\.kind: expected one of 'fixed' \| 'nth-weekday' \| 'western-easter' \| 'orthodox-easter' \| 'hijri', got "lunar"/)
  })

  it.each([
    [{ kind: 'fixed', month: 4, day: 31 }, /rule\.day: April has days 1–30, not 31/],
    [{ kind: 'fixed', month: 2, day: 30 }, /rule\.day: February has days 1–29, not 30/],
    [{ kind: 'fixed', month: 13, day: 1 }, /rule\.month: expected an integer 1–12, got 13/],
    [{ kind: 'hijri', month: 9, day: 31 }, /rule\.day: expected an integer 1–30, got 31/],
    [{ kind: 'nth-weekday', month: 11, weekday: 4, n: 6 }, /rule\.n: expected an occurrence 1–5, or -1 for the last, got 6/],
    [{ kind: 'nth-weekday', month: 11, weekday: 7, n: 4 }, /rule\.weekday: expected an integer 0–6, got 7/],
    [{ kind: 'western-easter', offsetDays: 400 }, /rule\.offsetDays: expected an integer -365–365, got 400/],
    [{ kind: 'fixed', month: 1, day: 1, offset: 2 }, /rule\.offset: expected no property of that name/],
  ])('a bad rule %j', (rule, message) => {
    const e = leftOf(usWith({ id: 'x', names: { en: 'X', ar: 'س' }, rule }))
    expect(e.code).toBe('invalid-calendar-set')
    expect(e.message).toMatch(message)
  })

  it('a misspelt property instead of dropping it', () => {
    const e = leftOf(usWith({ id: 'x', names: { en: 'X', ar: 'س' }, rule: { kind: 'fixed', month: 1, day: 2 }, dayoff: {} }))
    expect(e.message).toMatch(/observances\[17\]\.dayoff: expected no property of that name \(known: id, names, rule, dayOff, fromYear, toYear\)/)
  })

  it('a `__proto__` key, which stays inert', () => {
    const input = JSON.parse(`{"__proto__": {"polluted": true}, ${JSON.stringify(json(us)).slice(1)}`) as unknown
    // The decoder's private copy drops the key: the set is read as if it were not there.
    const r = validateCalendarSet(input)
    expect(E.isRight(r) && Object.prototype.hasOwnProperty.call(r.right, '__proto__')).toBe(false)
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
  })

  it('a bad weekend', () => {
    expect(leftOf({ ...json(us), weekend: [0, 1, 2, 3, 4, 5, 6] }).message).toMatch(/set\.weekend: a weekend of all seven days leaves no business day/)
    expect(leftOf({ ...json(us), weekend: [6, 6] }).message).toMatch(/set\.weekend: a weekend names each day once/)
    expect(leftOf({ ...json(us), weekend: [7] }).message).toMatch(/set\.weekend\[0\]: expected an integer 0–6, got 7/)
  })

  it('fromYear after toYear', () => {
    const e = leftOf(usWith({ id: 'x', names: { en: 'X', ar: 'س' }, rule: { kind: 'fixed', month: 1, day: 2 }, fromYear: 2030, toYear: 2020 }))
    expect(e.message).toMatch(/toYear: toYear 2020 is before fromYear 2030/)
    expect(e.code === 'invalid-calendar-set' && e.issues.map((i) => [i.code, i.path, i.params])).toEqual([
      ['years-reversed', 'set.observances[17].toYear', { fromYear: 2030, toYear: 2020 }],
    ])
  })

  it('a duplicate observance id', () => {
    const e = leftOf(usWith({ id: 'us-christmas', names: { en: 'X', ar: 'س' }, rule: { kind: 'fixed', month: 1, day: 2 } }))
    expect(e).toMatchObject({ code: 'duplicate-observance', path: 'set.observances[17].id', params: { calendarSet: 'us', observanceId: 'us-christmas' } })
  })

  it('a card candidate the set does not define, or ranks twice', () => {
    expect(leftOf({ ...json(us), cardHolidays: [...us.cardHolidays, 'us-arbor-day'] })).toMatchObject({
      code: 'unknown-card-holiday',
      params: { calendarSet: 'us', observanceId: 'us-arbor-day' },
      message: "card holiday 'us-arbor-day' is not an observance of calendar set 'us'",
    })
    expect(leftOf({ ...json(us), cardHolidays: [...us.cardHolidays, 'us-easter'] })).toMatchObject({ code: 'duplicate-card-holiday', params: { observanceId: 'us-easter' } })
  })

  it('fewer than 9 candidates', () => {
    expect(leftOf({ ...json(us), cardHolidays: us.cardHolidays.slice(0, 8) })).toMatchObject({ code: 'too-few-card-holidays', params: { count: 8, min: 9 } })
  })

  it('a set that cannot give 7 distinct card holidays in some plan year of 2020–2040', () => {
    // Nine candidates, but three of them only from 2035: plan years of 2020 find six.
    const late = (id: string, month: number) => ({ id, names: { en: id, ar: 'س' }, rule: { kind: 'fixed', month, day: 10 }, fromYear: 2035 })
    const set = {
      ...json(us),
      observances: [...(json(us)['observances'] as unknown[]), late('late-a', 1), late('late-b', 5), late('late-c', 9)],
      cardHolidays: ['us-thanksgiving', 'us-new-year', 'us-independence-day', 'us-valentines-day', 'us-halloween', 'us-christmas', 'late-a', 'late-b', 'late-c'],
    }
    const e = leftOf(set)
    expect(e).toMatchObject({ code: 'not-enough-card-holidays', params: { planYearStart: '2020-01-01', planYearEnd: '2020-12-31', leadDays: 10, count: 6 } })
    expect(e.message).toMatch(/gives only 6 of 7 distinct card holidays/)
  })

  it('a set whose movable candidates all miss some plan year (fifth weekdays)', () => {
    const fifth = (id: string, month: number) => ({ id, names: { en: id, ar: 'س' }, rule: { kind: 'nth-weekday', month, weekday: 1, n: 5 } })
    const set = {
      ...json(us),
      observances: [...(json(us)['observances'] as unknown[]), fifth('f-1', 2), fifth('f-2', 4), fifth('f-3', 6)],
      cardHolidays: ['us-thanksgiving', 'us-new-year', 'us-independence-day', 'us-valentines-day', 'us-halloween', 'us-christmas', 'f-1', 'f-2', 'f-3'],
    }
    expect(leftOf(set).code).toBe('not-enough-card-holidays')
  })

  it('more than a month without a business day', () => {
    const off = (id: string, day: number) => ({ id, names: { en: id, ar: 'س' }, rule: { kind: 'fixed', month: 1, day }, dayOff: { days: 14 } })
    const set = usWith(off('off-a', 1))
    const all = { ...set, observances: [...(set['observances'] as unknown[]), off('off-b', 15), off('off-c', 29)] }
    expect(leftOf(all)).toMatchObject({ code: 'no-business-days', params: { from: '2020-01-01', days: 31 } })
  })

  it('anything that is not a calendar set, without throwing', () => {
    expect(leftOf(null).message).toBe('set: expected a calendar set { id, name, country, weekend, observances, cardHolidays }, got null')
    expect(leftOf([]).code).toBe('invalid-calendar-set')
    expect(leftOf({ ...json(us), country: 'usa' }).message).toMatch(/set\.country: expected an ISO 3166-1 alpha-2 country code/)
    const hostile = new Proxy(
      {},
      {
        ownKeys: () => {
          throw new Error('boom')
        },
      },
    )
    expect(leftOf(hostile).message).toMatch(/could not be read \(boom\)/)
  })

  it('never throws on arbitrary input or on a built-in set with one value replaced', () => {
    fc.assert(
      fc.property(fc.anything(), (u) => {
        expect(E.isLeft(validateCalendarSet(u))).toBe(true)
      }),
      { numRuns: runs(300) },
    )
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 16 }), fc.constantFrom('id', 'names', 'rule', 'dayOff'), fc.jsonValue(), (i, key, value) => {
        const input = json(us)
        const list = input['observances'] as Record<string, unknown>[]
        list[i] = { ...list[i], [key]: value }
        const r = validateCalendarSet(input)
        if (E.isLeft(r)) expect(r.left.message.length).toBeGreaterThan(0)
      }),
      { numRuns: runs(200) },
    )
  })
})
