import * as E from 'fp-ts/lib/Either.js'
import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { agenda, foldEvents, formatError, isTouchbaseError } from '../../src/index.js'
import { ICAL_ERROR_CODES, agendaToICalendar, scheduleToICalendar, type ICalendarOptions } from '../../src/ical/index.js'
import { OPTIONS, salma, scheduleOf } from './support.js'

const s = scheduleOf(salma())
const today = agenda(foldEvents(salma()), { now: new Date('2026-01-20T12:00:00Z') })
if (E.isLeft(today)) throw new Error(today.left.message)

/** Both exports' answers to the same options. */
const both = (options: unknown) => [scheduleToICalendar(s, options as ICalendarOptions), agendaToICalendar(today.right, options as ICalendarOptions)]

const refusal = (options: unknown) => {
  const answers = both(options)
  const [first] = answers
  for (const r of answers) expect(E.isLeft(r), JSON.stringify(options)).toBe(true)
  return E.isLeft(first!) ? first.left : expect.fail('not refused')
}

describe('options that are not ones are refused: Left, never a throw', () => {
  it.each([
    ['no uidDomain', { stamp: OPTIONS.stamp }],
    ['an empty one', { ...OPTIONS, uidDomain: '' }],
    ['a single label', { ...OPTIONS, uidDomain: 'touchbase' }],
    ['a path', { ...OPTIONS, uidDomain: 'crm.example.com/feeds' }],
    ['an e-mail address', { ...OPTIONS, uidDomain: 'me@crm.example.com' }],
    ['an empty label', { ...OPTIONS, uidDomain: 'crm..example.com' }],
    ['a label starting with a hyphen', { ...OPTIONS, uidDomain: '-crm.example.com' }],
    ['an IPv4 address', { ...OPTIONS, uidDomain: '192.168.1.1' }],
    ['Unicode (not its xn-- form)', { ...OPTIONS, uidDomain: 'مثال.السعودية' }],
    ['a space', { ...OPTIONS, uidDomain: 'crm example.com' }],
    ['a number', { ...OPTIONS, uidDomain: 42 }],
    ['a label of 64 characters', { ...OPTIONS, uidDomain: `${'a'.repeat(64)}.com` }],
  ])('uidDomain: %s', (_, options) => {
    expect(refusal(options)).toMatchObject({ code: 'invalid-uid-domain', path: 'options.uidDomain' })
  })

  it('takes a domain in any case, and its xn-- form', () => {
    for (const uidDomain of ['CRM.Example.COM', 'xn--mgbh0fb.xn--mgberp4a5d4ar', 'a-b.c-d.example', 'localhost.localdomain']) {
      for (const r of both({ ...OPTIONS, uidDomain })) expect(E.isRight(r), uidDomain).toBe(true)
    }
    const r = scheduleToICalendar(s, { ...OPTIONS, uidDomain: 'CRM.Example.COM' })
    expect(E.isRight(r) && r.right).toContain('UID:c-salma/en-salma/0/newsletter/1@crm.example.com\r\n')
  })

  it.each([
    ['none', undefined],
    ['an invalid Date', new Date(Number.NaN)],
    ['a string', '2026-01-02T08:30:00Z'],
    ['a number', 1767342600000],
  ])('stamp: %s', (_, stamp) => {
    expect(refusal({ ...OPTIONS, stamp })).toMatchObject({ code: 'invalid-stamp', path: 'options.stamp' })
  })

  it.each([
    ['names', 'everyone'],
    ['names', 'initial'],
    ['locale', 'fr'],
    ['locale', 'ar-SA'],
    ['calendarName', 7],
    ['contactName', { first: 'Salma' }],
    ['refreshSeconds', 0],
    ['refreshSeconds', 59],
    ['refreshSeconds', 3600.5],
    ['refreshSeconds', '3600'],
  ])('%s: %j', (option, value) => {
    const r = scheduleToICalendar(s, { ...OPTIONS, [option]: value } as ICalendarOptions)
    expect(E.isLeft(r) && r.left).toMatchObject({ code: 'invalid-ical-option', path: `options.${option}`, params: { option } })
  })

  it('an absent options object is refused too', () => {
    expect(refusal(undefined)).toMatchObject({ code: 'invalid-uid-domain' })
    expect(refusal(null)).toMatchObject({ code: 'invalid-uid-domain' })
  })

  it('whatever the options, both exports answer with a string or an error of the one shape, and never throw', () => {
    fc.assert(
      fc.property(
        fc.record(
          {
            uidDomain: fc.oneof(fc.constant('crm.example.com'), fc.string(), fc.anything()),
            stamp: fc.oneof(fc.date({ noInvalidDate: false }), fc.anything()),
            names: fc.oneof(fc.constantFrom('full', 'initials', 'none'), fc.anything()),
            locale: fc.oneof(fc.constantFrom('en', 'ar'), fc.anything()),
            calendarName: fc.anything(),
            contactName: fc.anything(),
            refreshSeconds: fc.anything(),
          },
          { requiredKeys: [] },
        ),
        (options) => {
          for (const r of both(options)) {
            if (E.isRight(r)) expect(r.right.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true)
            else {
              expect(isTouchbaseError(r.left)).toBe(true)
              expect(ICAL_ERROR_CODES).toContain(r.left.code)
            }
          }
        },
      ),
      { numRuns: 300 },
    )
  })
})

describe('its errors', () => {
  it('are said in English and Arabic by formatError, without falling back', () => {
    const errors = [
      refusal({ stamp: OPTIONS.stamp }),
      refusal({ ...OPTIONS, stamp: new Date(Number.NaN) }),
      refusal({ ...OPTIONS, names: 'everyone' }),
      (() => {
        const other = { ...s, contactId: 'c-other', touches: [] }
        const r = scheduleToICalendar([s, other], OPTIONS)
        return E.isLeft(r) ? r.left : expect.fail('not refused')
      })(),
    ]
    expect(errors.map((e) => e.code).sort()).toEqual([...ICAL_ERROR_CODES].sort())
    for (const e of errors) {
      expect(formatError(e, 'en')).toEqual({ text: e.message, locale: 'en', fellBack: false, fallbacks: [] })
      expect(formatError(e, 'ar')).toMatchObject({ locale: 'ar', fellBack: false })
    }
    expect(errors[0]?.message).toBe('`uidDomain` must be a domain name you control, such as crm.example.com (every UID ends with it), not undefined.')
    expect(errors[2]?.message).toBe("`names` must be 'full', 'initials' or 'none', not \"everyone\".")
  })
})
