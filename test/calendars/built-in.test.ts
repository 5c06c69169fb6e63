import { describe, expect, it } from 'vitest'
import { builtInCalendars, CARD_HOLIDAYS_PER_YEAR, MIN_CARD_CANDIDATES } from '../../src/calendars/index.js'

const ARABIC = /[\u0600-\u06FF]/

describe('built-in calendar sets', () => {
  it('are us, uk, sa, ae and eg, each keyed by its own id', () => {
    expect(Object.keys(builtInCalendars).sort()).toEqual(['ae', 'eg', 'sa', 'uk', 'us'])
    for (const [key, set] of Object.entries(builtInCalendars)) expect(set.id).toBe(key)
  })

  it('have the weekend of their country', () => {
    expect(builtInCalendars.us.weekend).toEqual([0, 6])
    expect(builtInCalendars.uk.weekend).toEqual([0, 6])
    expect(builtInCalendars.ae.weekend).toEqual([0, 6])
    expect(builtInCalendars.sa.weekend).toEqual([5, 6])
    expect(builtInCalendars.eg.weekend).toEqual([5, 6])
  })

  it.each(Object.values(builtInCalendars).map((s) => [s.id, s] as const))('%s: ids, names and ranked card holidays are sound, and it is frozen', (id, set) => {
    const ids = set.observances.map((o) => o.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const o of set.observances) {
      expect(o.id.startsWith(`${id}-`)).toBe(true)
      expect(o.names.en.trim()).not.toBe('')
      expect(o.names.ar).toMatch(ARABIC)
    }
    expect(set.cardHolidays.length).toBeGreaterThanOrEqual(MIN_CARD_CANDIDATES)
    expect(new Set(set.cardHolidays).size).toBe(set.cardHolidays.length)
    for (const c of set.cardHolidays) expect(ids).toContain(c)
    expect(CARD_HOLIDAYS_PER_YEAR).toBe(7)
    expect(Object.isFrozen(set)).toBe(true)
    expect(Object.isFrozen(set.observances)).toBe(true)
    expect(Object.isFrozen(set.observances[0]?.rule)).toBe(true)
    expect(Object.isFrozen(set.cardHolidays)).toBe(true)
  })

  it('rank the cultural essentials first', () => {
    expect(builtInCalendars.us.cardHolidays.slice(0, 7)).toEqual(
      expect.arrayContaining(['us-thanksgiving', 'us-christmas', 'us-independence-day', 'us-new-year']),
    )
    for (const s of [builtInCalendars.sa, builtInCalendars.ae, builtInCalendars.eg]) {
      expect(s.cardHolidays.slice(0, 3)).toEqual(expect.arrayContaining([`${s.id}-eid-al-fitr`, `${s.id}-eid-al-adha`]))
    }
    expect(builtInCalendars.sa.cardHolidays.slice(0, 7)).toEqual(expect.arrayContaining(['sa-national-day', 'sa-founding-day', 'sa-ramadan']))
  })
})
