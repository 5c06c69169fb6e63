/**
 * What the calendar tests share: a small network built from events, its schedules, and the
 * exported text read back by a real iCalendar parser (ical.js), event by event.
 */
import * as E from 'fp-ts/lib/Either.js'
import ICAL from 'ical.js'
import { expect } from 'vitest'
import { SCHEMA_VERSIONS, type RelationshipEvent } from '../../src/events/index.js'
import { builtInPlans, foldEvents, schedule, type ContactState, type NetworkState, type Schedule } from '../../src/index.js'

let seq = 0
/** An event of contact `c-salma` (or the one given), stamped at one instant. */
export const ev = (type: RelationshipEvent['type'], payload: Record<string, unknown>, contactId = 'c-salma'): RelationshipEvent =>
  ({ id: `ical-${seq++}`, type, at: '2026-01-01T09:00:00Z', schema: SCHEMA_VERSIONS[type], contactId, ...payload }) as unknown as RelationshipEvent

/** Salma, in the US calendar set, with a birthday, a custom date and a team; enrolled in the 33-touch year from 2026-01-01. */
export const salma = (name = 'Salma Haddad'): RelationshipEvent[] => [
  ev('ContactAdded', { name, met: true, calendarSet: 'us', timeZone: 'America/New_York' }),
  ev('PersonalDateRecorded', { kind: 'birthday', date: '--03-14' }),
  ev('PersonalDateRecorded', { kind: 'custom', label: 'Shop opening', date: '--05-20' }),
  ev('InterestRecorded', { category: 'team', name: 'Arsenal', seasonStart: '--08-20' }),
  ev('PlanEnrolled', { enrollmentId: 'en-salma', planId: 'client-for-life-33', startDate: '2026-01-01' }),
]

export const contactOf = (state: NetworkState, id = 'c-salma'): ContactState => state.contacts.get(id) as ContactState

/** The schedule of a contact's first enrollment (in the 33-touch plan), `years` plan years. */
export const scheduleOf = (events: readonly RelationshipEvent[], id = 'c-salma', years = 1): Schedule => {
  const contact = contactOf(foldEvents(events), id)
  return schedule(builtInPlans['client-for-life-33'], contact.plans.enrollments[0]!, contact, { years })
}

/** One VEVENT as ical.js reads it. */
export interface ReadEvent {
  readonly uid: string
  readonly sequence: number
  readonly status: string
  readonly summary: string
  readonly description: string
  readonly start: string
  readonly allDay: boolean
  readonly end: string | undefined
  readonly stamp: string
}

/** The text with its folded lines joined again (RFC 5545 §3.1). */
export const unfold = (text: string): string => text.replace(/\r\n[ \t]/g, '')

/**
 * A TEXT value's own characters (RFC 5545 §3.3.11): what ical.js does for the properties it
 * knows, done here for the calendar's name (`X-WR-CALNAME`, TEXT by default as every `X-`
 * property, which ical.js leaves as written).
 */
const unescapeText = (s: string): string => s.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c))

/** The calendar's name and events, read by ical.js. */
export const read = (text: string): { name: string | undefined; events: ReadEvent[] } => {
  const root = new ICAL.Component(ICAL.parse(text))
  const name = root.getFirstPropertyValue('x-wr-calname')
  return {
    name: name === null ? undefined : unescapeText(String(name)),
    events: root.getAllSubcomponents('vevent').map((v) => {
      const start = v.getFirstPropertyValue('dtstart') as ICAL.Time
      const end = v.getFirstPropertyValue('dtend') as ICAL.Time | null
      return {
        uid: String(v.getFirstPropertyValue('uid')),
        sequence: Number(v.getFirstPropertyValue('sequence')),
        status: String(v.getFirstPropertyValue('status')),
        summary: String(v.getFirstPropertyValue('summary')),
        description: String(v.getFirstPropertyValue('description')),
        start: start.toString(),
        allDay: start.isDate,
        end: end === null ? undefined : end.toString(),
        stamp: (v.getFirstPropertyValue('dtstamp') as ICAL.Time).toString(),
      }
    }),
  }
}

/** The Right of an export, or a failed test. */
export const right = <A>(r: E.Either<{ message: string }, A>): A => {
  if (E.isLeft(r)) expect.fail(r.left.message)
  return r.right
}

export const STAMP = new Date('2026-01-02T08:30:00Z')
export const OPTIONS = { uidDomain: 'crm.example.com', stamp: STAMP } as const

/**
 * Faults of the physical lines of a calendar's text: each must end with CRLF (the last one
 * too), hold at most 75 octets of UTF-8, and be whole text on its own — a fold inside a
 * surrogate pair would leave half a character on each line, and its UTF-8 would be broken.
 */
export const lineFaults = (text: string): string[] => {
  const faults: string[] = []
  if (!text.endsWith('\r\n')) faults.push('the last line does not end with CRLF')
  const lines = text.split('\r\n')
  if (lines.pop() !== '') faults.push('text after the last CRLF')
  for (const line of lines) {
    const octets = Buffer.byteLength(line, 'utf8')
    if (octets > 75) faults.push(`line of ${octets} octets: ${line}`)
    if (/[\r\n]/.test(line)) faults.push(`a bare CR or LF in: ${JSON.stringify(line)}`)
    if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(line)) faults.push(`half a character (a UTF-8 sequence split): ${JSON.stringify(line)}`)
  }
  return faults
}
