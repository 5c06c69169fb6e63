import * as fc from 'fast-check'
import { addDays, fromDayNumber, toDayNumber, type CalendarDate } from '../../src/core/calendar-date.js'
import { SCHEMA_VERSIONS, type RelationshipEvent } from '../../src/events/index.js'
import { foldEvents, type ContactState, type EnrollmentState } from '../../src/state/index.js'

export const SETS = ['us', 'uk', 'sa', 'ae', 'eg'] as const
export const ZONES = ['America/New_York', 'Europe/London', 'Asia/Riyadh', 'Asia/Dubai', 'Africa/Cairo', 'Pacific/Kiritimati', 'Pacific/Pago_Pago'] as const

/** Enrollment dates 2020–2040, with Feb 29 and Dec 31 much more often than chance. */
export const enrollmentDates: fc.Arbitrary<CalendarDate> = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: toDayNumber('2020-01-01' as CalendarDate), max: toDayNumber('2040-12-31' as CalendarDate) }).map(fromDayNumber) },
  { weight: 1, arbitrary: fc.constantFrom(2020, 2024, 2028, 2032, 2036, 2040).map((y) => `${y}-02-29` as CalendarDate) },
  { weight: 1, arbitrary: fc.integer({ min: 2020, max: 2040 }).map((y) => `${y}-12-31` as CalendarDate) },
)

const personalDate = fc.oneof(
  fc.constantFrom('--02-29', '--12-31', '--01-01', '1980-02-29', '1975-06-15', '1990-11', '--07-04', '2001-03-10'),
  fc.record({ m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }) }).map(({ m, d }) => `--${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`),
)

export interface ContactSpec {
  calendarSet: string
  timeZone: string
  dates: Array<{ kind: 'birthday' | 'wedding-anniversary' | 'home-purchase-anniversary' | 'graduation' | 'custom'; date: string; label?: string }>
  teams: Array<{ name: string; seasonStart?: string | undefined }>
  refused: Array<'mail' | 'phone' | 'email' | 'in-person' | 'text' | 'gift'>
}

export const contactSpecs: fc.Arbitrary<ContactSpec> = fc.record({
  calendarSet: fc.constantFrom(...SETS),
  timeZone: fc.constantFrom(...ZONES),
  dates: fc.uniqueArray(
    fc.record({ kind: fc.constantFrom('birthday', 'wedding-anniversary', 'home-purchase-anniversary', 'graduation', 'custom' as const), date: personalDate }),
    { maxLength: 6, selector: (d) => d.kind },
  ),
  teams: fc.uniqueArray(fc.record({ name: fc.constantFrom('Hilal', 'Patriots', 'Arsenal'), seasonStart: fc.option(fc.constantFrom('--08-20', '--02-29', '--01-05', '--09-07'), { nil: undefined }) }), {
    maxLength: 2,
    selector: (t) => t.name,
  }),
  refused: fc.uniqueArray(fc.constantFrom('mail', 'phone', 'email', 'in-person', 'text', 'gift' as const), { maxLength: 2 }),
})

let seq = 0
const ev = (type: RelationshipEvent['type'], payload: Record<string, unknown>, at = '2019-06-01T09:00:00Z'): RelationshipEvent =>
  ({ id: `s${seq++}`, type, at, schema: SCHEMA_VERSIONS[type], contactId: 'c', ...payload }) as unknown as RelationshipEvent

/** Folds a contact from a spec and enrolls it; `pauses` are [from, days] pairs relative to the start. */
export const enrolled = (
  spec: ContactSpec,
  planId: string,
  startDate: CalendarDate,
  pauses: ReadonlyArray<readonly [number, number]> = [],
): { contact: ContactState; enrollment: EnrollmentState } => {
  const events: RelationshipEvent[] = [
    ev('ContactAdded', { name: 'Test Contact', met: true, calendarSet: spec.calendarSet, timeZone: spec.timeZone }),
    ...spec.dates.map((d) => ev('PersonalDateRecorded', d)),
    ...spec.teams.map((t) => ev('InterestRecorded', { category: 'team', name: t.name, ...(t.seasonStart === undefined ? {} : { seasonStart: t.seasonStart }) })),
    ...spec.refused.map((channel) => ev('ConsentChanged', { channel, doNotContact: true })),
    ev('PlanEnrolled', { enrollmentId: 'en', planId, startDate }),
  ]
  let cursor = 0
  for (const [from, days] of pauses) {
    const f = addDays(startDate, cursor + from)
    events.push(ev('PlanPaused', { enrollmentId: 'en', from: f }))
    events.push(ev('PlanResumed', { enrollmentId: 'en', on: addDays(f, days) }))
    cursor += from + days
  }
  const state = foldEvents(events)
  const contact = state.contacts.get('c') as ContactState
  return { contact, enrollment: contact.plans.enrollments[0] as EnrollmentState }
}

export const dow = (d: string): number => new Date(`${d}T00:00:00Z`).getUTCDay()
