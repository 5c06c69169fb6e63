import { readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ICAL from 'ical.js'
import { describe, expect, it } from 'vitest'
import { builtInPlans, foldEvents, label, schedule, type RelationshipEvent } from '../../src/index.js'
import { touchUid } from '../../src/ical/index.js'
import { runExample } from '../support/run-example.js'

// The same schedule, computed here, is what the file must hold.
const at = '2026-10-15T09:00:00Z'
const contact = foldEvents([
  { id: 'x1', type: 'ContactAdded', at, schema: 1, contactId: 'c-salma', name: 'Salma Haddad', met: true, calendarSet: 'sa', timeZone: 'Asia/Riyadh' },
  { id: 'x2', type: 'PersonalDateRecorded', at, schema: 1, contactId: 'c-salma', kind: 'birthday', date: '--02-29' },
  { id: 'x3', type: 'PlanEnrolled', at, schema: 1, contactId: 'c-salma', enrollmentId: 'en-salma', planId: 'client-for-life-33', startDate: '2026-10-15' },
] satisfies RelationshipEvent[]).contacts.get('c-salma')!
const touches = schedule(builtInPlans['client-for-life-33'], contact.plans.enrollments[0]!, contact).touches

describe('examples/export-icalendar.ts', () => {
  it('writes, with touchbase/ical, a file a real iCalendar parser reads back: one all-day event per touch, on its due date', () => {
    for (const [locale, names, shown] of [
      ['en', 'full', ' — Salma Haddad'],
      ['ar', 'initials', ' — S. H.'],
      ['en', 'none', ''],
    ] as const) {
      const file = join(tmpdir(), `touchbase-33-${locale}-${names}-${process.pid}.ics`)
      expect(runExample('examples/export-icalendar.ts', [file, '--locale', locale, '--names', names])).toContain(`wrote 33 touches to ${file}`)
      const text = readFileSync(file, 'utf8')
      expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true)
      const vcalendar = new ICAL.Component(ICAL.parse(text))
      const events = vcalendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v))
      expect(events.map((e) => [e.uid, e.startDate.toString(), e.startDate.isDate, e.sequence, e.summary])).toEqual(
        touches.map((t) => [touchUid('crm.example.com', 'c-salma', 'en-salma', t.touchKey), t.due, true, 0, `${label(locale, 'touchKinds', t.kind)}${shown}`]),
      )
      expect(events[0]?.uid).toBe('c-salma/en-salma/0/newsletter/1@crm.example.com')
      expect(new Set(events.map((e) => e.uid)).size).toBe(33)
      if (locale === 'ar') expect(events[0]?.summary).toMatch(/[\u0600-\u06FF]/)
    }
  })
})
