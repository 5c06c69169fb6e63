/**
 * Runs the "Adding or replacing a set" example of docs/calendars.md, and checks that the doc
 * still shows this very code (so the doc's example cannot drift from one that runs).
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it, vi } from 'vitest'
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import { pipe } from 'fp-ts/lib/function.js'
import {
  builtInCalendars,
  calendarRegistry,
  cardHolidaysForPlanYear,
  findCalendar,
  observances,
  validateCalendarSet,
  withCalendar,
  calendarIds,
  type CalendarDate,
} from '../../src/calendars/index.js'

const readExample = (): string => {
  const here = readFileSync(new URL(import.meta.url), 'utf8')
  // lastIndexOf: the marker strings also appear in this function, before the markers themselves.
  const start = here.lastIndexOf('// doc-example:start')
  const end = here.lastIndexOf('// doc-example:end')
  return here.slice(here.indexOf('\n', start) + 1, here.lastIndexOf('\n', end)).replace(/^ {6}/gm, '')
}

describe('docs/calendars.md example', () => {
  it('is the code the doc shows', () => {
    const doc = readFileSync(new URL('../../docs/calendars.md', import.meta.url), 'utf8')
    expect(readExample().length).toBeGreaterThan(500)
    expect(doc).toContain(readExample())
  })

  it('runs: validates Kuwait, registers it, lists its observances and cards, replaces the US set', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined)
    try {
      // doc-example:start
      // Kuwait, as a host might store it (an example, not a built-in set).
      const kuwait: unknown = {
        id: 'kw',
        name: 'Kuwait',
        country: 'KW',
        weekend: [5, 6],
        observances: [
          { id: 'kw-new-year', names: { en: "New Year's Day", ar: 'رأس السنة الميلادية' }, rule: { kind: 'fixed', month: 1, day: 1 }, dayOff: {} },
          { id: 'kw-national-day', names: { en: 'National Day', ar: 'العيد الوطني' }, rule: { kind: 'fixed', month: 2, day: 25 }, dayOff: {} },
          { id: 'kw-liberation-day', names: { en: 'Liberation Day', ar: 'عيد التحرير' }, rule: { kind: 'fixed', month: 2, day: 26 }, dayOff: {} },
          { id: 'kw-isra-miraj', names: { en: "Isra and Mi'raj", ar: 'الإسراء والمعراج' }, rule: { kind: 'hijri', month: 7, day: 27 }, dayOff: {} },
          { id: 'kw-ramadan', names: { en: 'Start of Ramadan', ar: 'بداية شهر رمضان' }, rule: { kind: 'hijri', month: 9, day: 1 } },
          { id: 'kw-eid-al-fitr', names: { en: 'Eid al-Fitr', ar: 'عيد الفطر' }, rule: { kind: 'hijri', month: 10, day: 1 }, dayOff: { days: 3 } },
          { id: 'kw-arafat-day', names: { en: 'Arafat Day', ar: 'يوم عرفة' }, rule: { kind: 'hijri', month: 12, day: 9 }, dayOff: {} },
          { id: 'kw-eid-al-adha', names: { en: 'Eid al-Adha', ar: 'عيد الأضحى' }, rule: { kind: 'hijri', month: 12, day: 10 }, dayOff: { days: 3 } },
          { id: 'kw-hijri-new-year', names: { en: 'Islamic New Year', ar: 'رأس السنة الهجرية' }, rule: { kind: 'hijri', month: 1, day: 1 }, dayOff: {} },
          { id: 'kw-mawlid', names: { en: "The Prophet's Birthday", ar: 'المولد النبوي الشريف' }, rule: { kind: 'hijri', month: 3, day: 12 }, dayOff: {} },
        ],
        cardHolidays: [
          'kw-eid-al-fitr', 'kw-eid-al-adha', 'kw-national-day', 'kw-ramadan', 'kw-hijri-new-year',
          'kw-new-year', 'kw-mawlid', 'kw-isra-miraj', 'kw-liberation-day',
        ],
      }

      const registry = pipe(
        validateCalendarSet(kuwait),
        E.map((set) => withCalendar(calendarRegistry(builtInCalendars), set)),
        E.getOrElseW((error) => {
          throw new Error(error.message) // a host would report it instead
        }),
      )

      const kw = pipe(
        findCalendar(registry, 'kw'),
        O.getOrElseW(() => builtInCalendars.sa),
      )
      console.log(observances(kw, 2026).map((o) => `${o.date} ${o.names.en}`))
      console.log(cardHolidaysForPlanYear(kw, '2026-10-01' as CalendarDate, '2027-09-30' as CalendarDate))

      // Replacing a built-in set: same id, your own ranking. withCalendar returns a new registry.
      const myUs = validateCalendarSet({
        ...builtInCalendars.us,
        cardHolidays: ['us-christmas', 'us-thanksgiving', 'us-independence-day', 'us-new-year',
          'us-valentines-day', 'us-st-patricks-day', 'us-halloween', 'us-easter', 'us-labor-day'],
      })
      const registry2 = pipe(myUs, E.map((set) => withCalendar(registry, set)))
      // doc-example:end
      expect(calendarIds(registry)).toEqual(['ae', 'eg', 'kw', 'sa', 'uk', 'us'])
      expect(kw.id).toBe('kw')
      const cards = cardHolidaysForPlanYear(kw, '2026-10-01' as CalendarDate, '2027-09-30' as CalendarDate)
      expect(E.isRight(cards) && cards.right.map((c) => c.id).sort()).toEqual(
        ['kw-eid-al-adha', 'kw-eid-al-fitr', 'kw-hijri-new-year', 'kw-mawlid', 'kw-national-day', 'kw-new-year', 'kw-ramadan'],
      )
      expect(E.isRight(registry2) && O.isSome(findCalendar(registry2.right, 'us'))).toBe(true)
      expect(E.isRight(registry2) && findCalendar(registry2.right, 'us')).toEqual(O.some(expect.objectContaining({ cardHolidays: expect.arrayContaining(['us-st-patricks-day']) })))
      expect(findCalendar(registry, 'us')).toEqual(O.some(builtInCalendars.us))
      expect(log).toHaveBeenCalledTimes(2)
    } finally {
      log.mockRestore()
    }
  })
})
