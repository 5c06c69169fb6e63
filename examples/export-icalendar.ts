/**
 * Exports a contact's 33-touch year to an iCalendar file, one all-day event per planned
 * touch, with ical-generator (`npx tsx examples/export-icalendar.ts [out.ics] [--locale ar]`).
 * Each event's UID is the touch's stable key, so re-exporting after a pause or a reschedule
 * updates the same events in a calendar app instead of duplicating them.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import ical from 'ical-generator'
import {
  builtInPlans,
  foldEvents,
  label,
  schedule,
  type LabelLocale,
  type PlannedTouch,
  type RelationshipEvent,
  type Schedule,
} from 'touchbase'

/**
 * The iCalendar text of a schedule: one all-day event per planned touch, on its due date.
 * `stamp` is the DTSTAMP of every event (when the export was made): passed in, not read.
 */
export const scheduleToICalendar = (s: Schedule, contactName: string, stamp: Date, locale: LabelLocale = 'en'): string => {
  const calendar = ical({
    name: `${contactName} — ${label(locale, 'plans', s.planId)}`,
    prodId: { company: 'touchbase', product: 'schedule-export', language: locale.toUpperCase() },
  })
  const describe = (t: PlannedTouch): string =>
    [
      `${label(locale, 'channels', t.channel)} · ${label(locale, 'planSteps', t.stepId)}`,
      t.anchor.type === 'holiday' ? (locale === 'ar' ? t.anchor.names.ar : t.anchor.names.en) : '',
      t.item === undefined ? '' : label(locale, 'valueAddedItems', t.item),
      ...t.messages.map((m) => label(locale, 'messages', m)),
    ]
      .filter((line) => line.length > 0)
      .join('\n')
  for (const t of s.touches) {
    calendar.createEvent({
      id: `${t.enrollmentId}/${t.touchKey}@touchbase`,
      stamp,
      start: t.due, // a calendar date: an all-day event in any time zone
      allDay: true,
      summary: `${label(locale, 'touchKinds', t.kind)} — ${contactName}`,
      description: describe(t),
      categories: [{ name: t.counts === 'plan' ? 'touchbase' : 'touchbase value-added' }],
    })
  }
  return calendar.toString()
}

const at = '2026-10-15T09:00:00Z'
const events: RelationshipEvent[] = [
  { id: 'x1', type: 'ContactAdded', at, schema: 1, contactId: 'c-salma', name: 'Salma Haddad', met: true, calendarSet: 'sa', timeZone: 'Asia/Riyadh' },
  { id: 'x2', type: 'PersonalDateRecorded', at, schema: 1, contactId: 'c-salma', kind: 'birthday', date: '--02-29' },
  { id: 'x3', type: 'PlanEnrolled', at, schema: 1, contactId: 'c-salma', enrollmentId: 'en-salma', planId: 'client-for-life-33', startDate: '2026-10-15' },
]
const salma = foldEvents(events).contacts.get('c-salma')!
const year = schedule(builtInPlans['client-for-life-33'], salma.plans.enrollments[0]!, salma)
const args = process.argv.slice(2)
const locale: LabelLocale = args.includes('--locale') && args[args.indexOf('--locale') + 1] === 'ar' ? 'ar' : 'en'
const out = args.find((a) => a.endsWith('.ics')) ?? 'examples/out/salma-33-touch.ics'
mkdirSync(dirname(out), { recursive: true })
// The script is the edge of the program: here, and only here, the clock is read.
writeFileSync(out, scheduleToICalendar(year, salma.profile?.name ?? salma.id, new Date(), locale))
console.log(`wrote ${year.touches.length} touches to ${out}`)
