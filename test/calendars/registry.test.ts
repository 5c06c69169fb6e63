import * as O from 'fp-ts/lib/Option.js'
import { describe, expect, it } from 'vitest'
import {
  builtInCalendars,
  calendarIds,
  calendarRegistry,
  findCalendar,
  withCalendar,
  withoutCalendar,
  type CalendarSet,
} from '../../src/calendars/index.js'

describe('calendar registry', () => {
  const registry = calendarRegistry(builtInCalendars)

  it('holds the built-in sets by id', () => {
    expect(calendarIds(registry)).toEqual(['ae', 'eg', 'sa', 'uk', 'us'])
    expect(findCalendar(registry, 'sa')).toEqual(O.some(builtInCalendars.sa))
    expect(findCalendar(registry, 'fr')).toEqual(O.none)
    expect(findCalendar(registry, 'toString')).toEqual(O.none)
    expect(findCalendar(registry, '__proto__')).toEqual(O.none)
  })

  it('adds and replaces sets without changing the registry it came from', () => {
    const kw: CalendarSet = { ...builtInCalendars.sa, id: 'kw', name: 'Kuwait', country: 'KW' }
    const withKw = withCalendar(registry, kw)
    expect(findCalendar(withKw, 'kw')).toEqual(O.some(kw))
    expect(findCalendar(registry, 'kw')).toEqual(O.none)

    const myUs: CalendarSet = { ...builtInCalendars.us, cardHolidays: [...builtInCalendars.us.cardHolidays].reverse() }
    const replaced = withCalendar(registry, myUs)
    expect(findCalendar(replaced, 'us')).toEqual(O.some(myUs))
    expect(findCalendar(registry, 'us')).toEqual(O.some(builtInCalendars.us))
    expect(calendarIds(replaced)).toEqual(calendarIds(registry))

    const withoutUk = withoutCalendar(registry, 'uk')
    expect(calendarIds(withoutUk)).toEqual(['ae', 'eg', 'sa', 'us'])
    expect(calendarIds(registry)).toContain('uk')
  })

  it('takes a list as well, keyed by each set’s own id; an odd id is just a key', () => {
    const odd: CalendarSet = { ...builtInCalendars.us, id: '__proto__' }
    const r = calendarRegistry([builtInCalendars.eg, odd])
    expect(calendarIds(r)).toEqual(['__proto__', 'eg'])
    expect(findCalendar(r, '__proto__')).toEqual(O.some(odd))
    expect(Object.isFrozen(r.byId)).toBe(true)
    expect(calendarIds(calendarRegistry())).toEqual([])
  })
})
