import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { label, type PlannedTouch, type Schedule } from '../../src/index.js'
import { scheduleToICalendar, touchUid } from '../../src/ical/index.js'
import { OPTIONS, lineFaults, read, right, salma, scheduleOf } from './support.js'

/** What names and ids are made of: the characters TEXT escapes, quotes, line breaks, Arabic, emoji, and anything else. */
const piece = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(',', ';', '\\', '"', "'", '\n', '\t', ':', '/', '@', '%', ' ', 'سلمى', 'حدّاد', 'أمّ خالد', '🌙', '👩🏽‍💼', 'é', '\u200f') },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) },
)
/** Text without the control characters a calendar cannot hold (they are dropped: another test says so). */
const text = (maxLength: number) =>
  fc
    .array(piece, { maxLength })
    .map((parts) => parts.join('').replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g, ''))
const id = text(8).filter((s) => s.length > 0)

/** The ids of a UID, read back: its parts percent-decoded. */
const idsOf = (uid: string): [string, string, string] => {
  const local = uid.slice(0, uid.lastIndexOf('@'))
  const [contactId, enrollmentId, ...key] = local.split('/')
  return [decodeURIComponent(contactId!), decodeURIComponent(enrollmentId!), decodeURIComponent(key.join('/'))]
}

const base = scheduleOf(salma())
const birthday = base.touches.find((t) => t.anchor.type === 'personal-date')!

describe('names and ids round-trip through a real parser (ical.js)', () => {
  it('whatever they hold: commas, semicolons, backslashes, quotes, line breaks, Arabic, emoji', () => {
    fc.assert(
      fc.property(
        fc.record({ contactId: id, enrollmentId: id, occurrence: id, name: text(12), dateLabel: id, calendarName: text(12), locale: fc.constantFrom('en' as const, 'ar' as const) }),
        ({ contactId, enrollmentId, occurrence, name, dateLabel, calendarName, locale }) => {
          const touches: PlannedTouch[] = [
            ...base.touches.slice(0, 2).map((t, i) => ({ ...t, contactId, enrollmentId, touchKey: `0/call/${occurrence}${i}` })),
            { ...birthday, contactId, enrollmentId, touchKey: `0/observance-card/custom:${dateLabel}`, anchor: { ...birthday.anchor, kind: 'custom', label: dateLabel } as PlannedTouch['anchor'] },
          ]
          const s: Schedule = { ...base, contactId, enrollmentId, touches }
          const ics = right(scheduleToICalendar(s, { ...OPTIONS, contactName: name, calendarName, locale }))
          expect(lineFaults(ics)).toEqual([])
          const { name: calendar, events } = read(ics)
          expect(calendar).toBe(calendarName.trim().length === 0 ? undefined : calendarName)
          expect(events.map((e) => e.uid)).toEqual(touches.map((t) => touchUid('crm.example.com', contactId, enrollmentId, t.touchKey)))
          for (const [e, t] of events.map((e, i) => [e, touches[i]!] as const)) {
            expect(e.uid).toMatch(/^[A-Za-z0-9\-._~%/]+@crm\.example\.com$/)
            expect(idsOf(e.uid)).toEqual([contactId, enrollmentId, t.touchKey])
            const kind = label(locale, 'touchKinds', t.kind)
            expect(e.summary).toBe(name.trim().length === 0 ? kind : `${kind} — ${name}`)
          }
          expect(events[2]?.description).toContain(`\n${label(locale, 'personalDateKinds', 'custom')}: ${dateLabel}\n`)
        },
      ),
      { numRuns: 300 },
    )
  })

  it('two different touches never share a UID', () => {
    const triple = fc.tuple(id, id, id)
    fc.assert(
      fc.property(triple, triple, (a, b) => {
        fc.pre(a.join('\u0000') !== b.join('\u0000'))
        expect(touchUid('crm.example.com', ...a)).not.toBe(touchUid('crm.example.com', ...b))
      }),
      { numRuns: 500 },
    )
    // Separators inside ids are encoded: these would collide if they were not.
    expect(touchUid('x.example', 'a/b', 'c', '0/call/1')).not.toBe(touchUid('x.example', 'a', 'b/c', '0/call/1'))
    expect(touchUid('x.example', 'a@b', 'c', 'k')).toBe('a%40b/c/k@x.example')
    // A lone surrogate is not text, but two different ones still give two UIDs.
    expect(touchUid('x.example', '\uD800', 'c', 'k')).not.toBe(touchUid('x.example', '\uD801', 'c', 'k'))
  })
})
