/**
 * `touchbase/ical`: calendars out. A contact's schedule, or an agenda, as RFC 5545 iCalendar
 * text — one all-day event per planned touch, under a UID that never changes and with the
 * touch's `revision` as its `SEQUENCE` — to download, or to serve as a feed a calendar app
 * subscribes to. ical-generator (^10) is a peer dependency of this entry only.
 *
 * @example
 * import { scheduleToICalendar } from 'touchbase/ical'
 *
 * const ics = scheduleToICalendar(schedule(plan, enrollment, contact), {
 *   uidDomain: 'crm.example.com',
 *   stamp: new Date(),
 *   contactName: contact.profile?.name,
 *   names: 'initials',
 * })
 *
 * @packageDocumentation
 */
export {
  NAME_DISPLAYS,
  agendaToICalendar,
  scheduleToICalendar,
  type ICalendarOptions,
  type NameDisplay,
  type ScheduleICalendarOptions,
} from './calendar.js'
export { ICAL_ERROR_CODES, type ICalError, type ICalErrorCode } from './errors.js'
export { touchUid } from './uid.js'
