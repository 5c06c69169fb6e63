/**
 * Exports a contact's 33-touch year to an iCalendar file with `touchbase/ical`
 * (`npx tsx examples/export-icalendar.ts [out.ics] [--locale ar] [--names full|initials|none]`):
 * one all-day event per planned touch, on its due date. Each event's UID is built from the
 * contact, the enrollment and the touch's stable key, under a domain the host controls, and
 * its SEQUENCE is the touch's revision — so re-exporting after a pause or a reschedule updates
 * the same events in a calendar app instead of duplicating them.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { builtInPlans, foldEvents, formatError, schedule, type LabelLocale, type RelationshipEvent } from 'touchbase'
import { NAME_DISPLAYS, scheduleToICalendar, type NameDisplay } from 'touchbase/ical'

const at = '2026-10-15T09:00:00Z'
const events: RelationshipEvent[] = [
  { id: 'x1', type: 'ContactAdded', at, schema: 1, contactId: 'c-salma', name: 'Salma Haddad', met: true, calendarSet: 'sa', timeZone: 'Asia/Riyadh' },
  { id: 'x2', type: 'PersonalDateRecorded', at, schema: 1, contactId: 'c-salma', kind: 'birthday', date: '--02-29' },
  { id: 'x3', type: 'PlanEnrolled', at, schema: 1, contactId: 'c-salma', enrollmentId: 'en-salma', planId: 'client-for-life-33', startDate: '2026-10-15' },
]
const salma = foldEvents(events).contacts.get('c-salma')!
const year = schedule(builtInPlans['client-for-life-33'], salma.plans.enrollments[0]!, salma)

const args = process.argv.slice(2)
const after = (flag: string): string | undefined => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined)
const locale: LabelLocale = after('--locale') === 'ar' ? 'ar' : 'en'
const names: NameDisplay = NAME_DISPLAYS.find((n) => n === after('--names')) ?? 'full'
const out = args.find((a) => a.endsWith('.ics')) ?? 'examples/out/salma-33-touch.ics'

const ics = scheduleToICalendar(year, {
  uidDomain: 'crm.example.com', // a domain you control: every UID ends with it
  // The script is the edge of the program: here, and only here, the clock is read.
  stamp: new Date(),
  contactName: salma.profile?.name,
  names,
  locale,
})
if (E.isLeft(ics)) throw new Error(formatError(ics.left, locale).text)
mkdirSync(dirname(out), { recursive: true })
writeFileSync(out, ics.right)
console.log(`wrote ${year.touches.length} touches to ${out}`)
