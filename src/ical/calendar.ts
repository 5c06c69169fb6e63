/**
 * Calendars out: a contact's schedule, or an agenda, as RFC 5545 iCalendar text, built with
 * ical-generator (a peer dependency of this entry only). One all-day event per planned touch,
 * on its due date, under a UID that never changes and with the touch's `revision` as its
 * `SEQUENCE`, so a calendar app updates the events a pause or a reschedule moved instead of
 * duplicating them. Pure: `stamp` (the `DTSTAMP`) is passed in, never read from a clock.
 */
import * as E from 'fp-ts/lib/Either.js'
import { ICalCalendar, ICalEventStatus, ICalEventTransparency, escape } from 'ical-generator'
import { addDays, isCalendarDate, type CalendarDate } from '../core/calendar-date.js'
import type { Agenda } from '../agenda/index.js'
import type { PlannedTouch, Schedule } from '../plans/index.js'
import { agendaPhrase, label } from '../labels/dictionary.js'
import { formatDate } from '../labels/format.js'
import { LABEL_LOCALES, type LabelLocale } from '../labels/keys.js'
import { ICalErrors, type ICalError } from './errors.js'
import { isUidDomain, touchUid } from './uid.js'

/**
 * How a contact's name shows in a calendar: `full` (`Call — Salma Haddad`), `initials`
 * (`Call — S. H.`) or `none` (`Call`). With `initials` and `none` the calendar also leaves out
 * what reads as the contact's own words: a custom date's label, an interest's name, a skip's
 * reason. The UIDs are the same whichever is chosen.
 * @example NAME_DISPLAYS.includes('initials') // true
 */
export const NAME_DISPLAYS = ['full', 'initials', 'none'] as const

/**
 * How a contact's name shows in a calendar (see `NAME_DISPLAYS`).
 * @example const names: NameDisplay = 'initials'
 */
export type NameDisplay = (typeof NAME_DISPLAYS)[number]

/**
 * Options of `scheduleToICalendar` and `agendaToICalendar`.
 * @example
 * const options: ICalendarOptions = { uidDomain: 'crm.example.com', stamp: new Date(), names: 'initials', locale: 'ar' }
 */
export interface ICalendarOptions {
  /**
   * The domain every UID ends with: one the host controls (`crm.example.com`), so that no
   * other producer's UIDs can collide with these. Required; compared in lower case.
   */
  readonly uidDomain: string
  /**
   * The `DTSTAMP` of every event: when the calendar was made (or when its data last changed).
   * Required: the export reads no clock.
   */
  readonly stamp: Date
  /** The language of summaries and descriptions: `en` (default) or `ar`. */
  readonly locale?: LabelLocale | undefined
  /**
   * How the contact's name shows (default `full`). A calendar is often synced to a third-party
   * service, shown on a lock screen or shared: `initials` or `none` keep the contact's name
   * out of every event.
   */
  readonly names?: NameDisplay | undefined
  /** The calendar's name (`NAME`, `X-WR-CALNAME`); by default the plans' names (and the contact's, as `names` says), or "Agenda". */
  readonly calendarName?: string | undefined
  /**
   * How often a subscribed calendar should fetch the feed again, in whole seconds (at least
   * 60): written as `REFRESH-INTERVAL` and `X-PUBLISHED-TTL`. None by default (the app decides).
   */
  readonly refreshSeconds?: number | undefined
}

/**
 * Options of `scheduleToICalendar`: those of every calendar, and the contact's name.
 * @example
 * const options: ScheduleICalendarOptions = { uidDomain: 'crm.example.com', stamp, contactName: 'Salma Haddad', names: 'initials' }
 */
export interface ScheduleICalendarOptions extends ICalendarOptions {
  /** The contact's name, shown in summaries as `names` says (a schedule holds the contact's id, not its name). */
  readonly contactName?: string | undefined
}

/** The options, checked. */
interface Checked {
  readonly domain: string
  readonly stamp: Date
  readonly locale: LabelLocale
  readonly names: NameDisplay
  readonly calendarName: string | undefined
  readonly refreshSeconds: number | undefined
}

const own = (o: unknown, key: string): unknown =>
  typeof o === 'object' && o !== null && Object.prototype.hasOwnProperty.call(o, key) ? (o as Record<string, unknown>)[key] : undefined

const checkOptions = (options: unknown): E.Either<ICalError, Checked> => {
  const domain = own(options, 'uidDomain')
  if (!isUidDomain(domain)) return E.left(ICalErrors.invalidUidDomain(domain))
  const stamp = own(options, 'stamp')
  if (!(stamp instanceof Date) || !Number.isFinite(stamp.getTime())) return E.left(ICalErrors.invalidStamp(stamp))
  const locale = own(options, 'locale') ?? 'en'
  if (!(LABEL_LOCALES as readonly unknown[]).includes(locale)) return E.left(ICalErrors.invalidOption('locale', "'en' or 'ar'", locale))
  const names = own(options, 'names') ?? 'full'
  if (!(NAME_DISPLAYS as readonly unknown[]).includes(names)) return E.left(ICalErrors.invalidOption('names', "'full', 'initials' or 'none'", names))
  const calendarName = own(options, 'calendarName')
  if (calendarName !== undefined && typeof calendarName !== 'string') return E.left(ICalErrors.invalidOption('calendarName', 'a string', calendarName))
  const contactName = own(options, 'contactName')
  if (contactName !== undefined && typeof contactName !== 'string') return E.left(ICalErrors.invalidOption('contactName', 'a string', contactName))
  const refresh = own(options, 'refreshSeconds')
  if (refresh !== undefined && !(typeof refresh === 'number' && Number.isInteger(refresh) && refresh >= 60))
    return E.left(ICalErrors.invalidOption('refreshSeconds', 'a whole number of seconds, at least 60', refresh))
  return E.right({
    domain: domain.toLowerCase(),
    stamp,
    locale: locale as LabelLocale,
    names: names as NameDisplay,
    calendarName,
    refreshSeconds: refresh as number | undefined,
  })
}

/**
 * Text as a calendar can hold it: line breaks as `\n`, other control characters dropped (TEXT
 * takes none), a lone surrogate (not text) as U+FFFD.
 */
const clean = (s: string): string =>
  s
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g, '')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')

/** The first letter of each word, with its marks, each followed by a period: `S. H.`, `س. ح.`. */
const initialsOf = (name: string): string =>
  name
    .split(/\s+/u)
    .map((word) => /\p{L}\p{M}*/u.exec(word)?.[0])
    .filter((i): i is string => i !== undefined)
    .map((i) => `${i}.`)
    .join(' ')

/** A contact's name as `names` shows it; empty when it shows none. */
const shownName = (name: string | undefined, names: NameDisplay): string => {
  if (name === undefined || names === 'none') return ''
  const text = clean(name)
  if (text.trim().length === 0) return ''
  return names === 'full' ? text : initialsOf(text)
}

/** Text of one calendar, in one language. */
interface Writer {
  readonly options: Checked
  readonly calendar: ICalCalendar
  /** UIDs written so far: a touch is written once. */
  readonly written: Set<string>
}

const AGENDA_NAME: Readonly<Record<LabelLocale, string>> = { en: 'Agenda', ar: 'جدول الأعمال' }

const newWriter = (options: Checked, defaultName: string): Writer => {
  const name = clean(options.calendarName ?? defaultName)
  const calendar = new ICalCalendar({
    prodId: { company: 'touchbase', product: 'touchbase', language: options.locale.toUpperCase() },
    // ical-generator writes the calendar's name as it is given: escaped here, as TEXT must be.
    ...(name.trim().length === 0 ? {} : { name: escape(name, false) }),
    ...(options.refreshSeconds === undefined ? {} : { ttl: options.refreshSeconds }),
  })
  return { options, calendar, written: new Set() }
}

/** The lines of an event's description: how the touch goes, what it hangs on, what it carries, how it stands. */
const describe = (t: PlannedTouch, o: Checked, onHoldSince: CalendarDate | undefined): string => {
  const l = o.locale
  const full = o.names === 'full'
  const lines: string[] = [`${label(l, 'channels', t.channel)} · ${label(l, 'planSteps', t.stepId)}`]
  const a = t.anchor
  if (a.type === 'holiday') lines.push(l === 'ar' ? a.names.ar : a.names.en)
  else if (a.type === 'personal-date') {
    const kind = label(l, 'personalDateKinds', a.kind)
    lines.push(full && a.label !== undefined && a.label.length > 0 ? `${kind}: ${a.label}` : kind)
  } else if (a.type === 'interest' && full) lines.push(a.name)
  if (t.item !== undefined && t.item !== t.stepId) lines.push(label(l, 'valueAddedItems', t.item))
  if (t.fallback) lines.push(agendaPhrase(l, 'fallback-card'))
  if (t.late) lines.push(agendaPhrase(l, 'late-after-pause'))
  if (t.outcome?.status === 'done') lines.push(label(l, 'touchStatuses', 'done'))
  else if (t.outcome?.status === 'skipped') {
    const reason = t.outcome.reason
    lines.push(full && reason !== undefined && reason.trim().length > 0 ? agendaPhrase(l, 'skipped-with-reason', { reason }) : label(l, 'touchStatuses', 'skipped'))
  } else if (t.blocked) lines.push(agendaPhrase(l, 'channel-refused'))
  else if (t.onHold) lines.push(onHoldSince === undefined ? agendaPhrase(l, 'paused') : agendaPhrase(l, 'on-hold', { date: formatDate(onHoldSince, l) }))
  for (const m of t.messages) lines.push(label(l, 'messages', m))
  return clean(lines.join('\n'))
}

/**
 * How an event stands: a touch that will not be made — skipped, or on a channel the contact
 * refused — is `CANCELLED`; one on hold (its enrollment paused, no resume date yet) is
 * `TENTATIVE`, on the date it had; every other (done ones too) is `CONFIRMED`.
 */
const statusOf = (t: PlannedTouch): ICalEventStatus =>
  t.outcome?.status === 'skipped' || (t.blocked && t.outcome?.status !== 'done')
    ? ICalEventStatus.CANCELLED
    : t.onHold
      ? ICalEventStatus.TENTATIVE
      : ICalEventStatus.CONFIRMED

/** The instant whose UTC date is the calendar date: ical-generator writes an all-day date from it. */
const dayOf = (d: CalendarDate): Date => new Date(`${d}T00:00:00Z`)

const LAST_DAY = '9999-12-31'

const writeTouch = (w: Writer, t: PlannedTouch, contactName: string | undefined, onHoldSince: CalendarDate | undefined): void => {
  if (!isCalendarDate(t.due)) return
  const uid = touchUid(w.options.domain, t.contactId, t.enrollmentId, t.touchKey)
  if (w.written.has(uid)) return
  w.written.add(uid)
  const name = shownName(contactName, w.options.names)
  const kind = label(w.options.locale, 'touchKinds', t.kind)
  w.calendar.createEvent({
    id: uid,
    sequence: Number.isInteger(t.revision) && t.revision >= 0 ? t.revision : 0,
    stamp: w.options.stamp,
    allDay: true,
    start: dayOf(t.due),
    // An all-day event ends (exclusive) the next day: said outright, as some calendar apps need.
    ...(t.due < LAST_DAY ? { end: dayOf(addDays(t.due, 1)) } : {}),
    summary: name.length === 0 ? kind : `${kind} — ${name}`,
    description: describe(t, w.options, onHoldSince),
    status: statusOf(t),
    // A reminder to make a touch, not a meeting: it does not make the day busy.
    transparency: ICalEventTransparency.TRANSPARENT,
  })
}

/** The calendar's text: every line CRLF-terminated, the last one too (ical-generator leaves it bare). */
const textOf = (w: Writer): string => `${w.calendar.toString()}\r\n`

/**
 * A contact's schedule — or several of its schedules (an 8x8 and its 33-touch year) — as an
 * iCalendar: one all-day event (`VALUE=DATE`) per planned touch, on its due date.
 *
 * - `UID`: `touchUid(uidDomain, contactId, enrollmentId, touchKey)` — the same in every
 *   export, whatever moved the touch;
 * - `SEQUENCE`: the touch's `revision` (how often events moved it), so an app updates the
 *   events a pause or a reschedule moved and leaves the others;
 * - `STATUS`: `CANCELLED` for a touch skipped, or on a channel the contact refused;
 *   `TENTATIVE` for one on hold (an open pause); `CONFIRMED` for the rest, done ones too.
 *   Touches the schedule no longer holds — those a cancelled or completed enrollment will
 *   not make, every touch of an erased contact — are left out: a subscribed calendar drops
 *   them at its next refresh;
 * - `SUMMARY`: the touch's kind and the contact's name, as `names` says; `DESCRIPTION`: its
 *   channel and step, what it hangs on (a holiday, a personal date), the item it carries, how
 *   it stands, and the messages every touch carries — in `locale`;
 * - `DTSTAMP`: `stamp`.
 *
 * Every line ends with CRLF (the last one too) and is folded at 75 octets, never inside a
 * UTF-8 sequence. `Left` for an option that is not one (`invalid-uid-domain`,
 * `invalid-stamp`, `invalid-ical-option`), or for schedules of several contacts
 * (`schedules-of-several-contacts`). Never throws.
 *
 * @example
 * const s = schedule(builtInPlans['client-for-life-33'], enrollment, contact)
 * const ics = scheduleToICalendar(s, { uidDomain: 'crm.example.com', stamp: new Date(), contactName: 'Salma Haddad', names: 'initials' })
 * if (E.isRight(ics)) response.end(ics.right) // BEGIN:VCALENDAR…
 */
export const scheduleToICalendar = (schedules: Schedule | readonly Schedule[], options: ScheduleICalendarOptions): E.Either<ICalError, string> => {
  const checked = checkOptions(options)
  if (E.isLeft(checked)) return checked
  const o = checked.right
  const list: readonly Schedule[] = Array.isArray(schedules) ? schedules : [schedules as Schedule]
  const contacts = [...new Set(list.map((s) => s.contactId))]
  if (contacts.length > 1) return E.left(ICalErrors.severalContacts(contacts.sort()))
  const contactName = own(options, 'contactName') as string | undefined
  const plans = [...new Set(list.map((s) => label(o.locale, 'plans', s.planId)))].join(' · ')
  const name = shownName(contactName, o.names)
  const w = newWriter(o, name.length === 0 || plans.length === 0 ? plans : `${plans} — ${name}`)
  for (const s of list) {
    const hold = s.notes.find((n) => n.type === 'on-hold')
    const since = hold?.type === 'on-hold' ? hold.since : undefined
    for (const t of s.touches) writeTouch(w, t, contactName, since)
  }
  return E.right(textOf(w))
}

/**
 * An agenda as an iCalendar: one all-day event per planned touch on it — those overdue, due
 * and upcoming (`CONFIRMED`) and those its consent blocks (`CANCELLED`) — written as
 * `scheduleToICalendar` writes them, with the same UIDs, each with its contact's name as
 * `names` says. Cadences, graduations, missing dates and referral deadlines are not events.
 * A touch leaves the feed when it leaves the agenda (done, skipped, past the lookback): a
 * subscribed calendar drops it at its next refresh. `Left` for an option that is not one.
 * Never throws.
 *
 * @example
 * const today = agenda(state, { now, horizonDays: 30 })
 * if (E.isRight(today)) agendaToICalendar(today.right, { uidDomain: 'crm.example.com', stamp: now, names: 'none' })
 */
export const agendaToICalendar = (agenda: Agenda, options: ICalendarOptions): E.Either<ICalError, string> => {
  const checked = checkOptions(options)
  if (E.isLeft(checked)) return checked
  const o = checked.right
  const w = newWriter(o, AGENDA_NAME[o.locale])
  const items = [...agenda.items, ...agenda.blocked].sort((a, b) =>
    a.due < b.due ? -1 : a.due > b.due ? 1 : a.contactId < b.contactId ? -1 : a.contactId > b.contactId ? 1 : a.touch.enrollmentId < b.touch.enrollmentId ? -1 : a.touch.enrollmentId > b.touch.enrollmentId ? 1 : a.touch.touchKey < b.touch.touchKey ? -1 : a.touch.touchKey > b.touch.touchKey ? 1 : 0,
  )
  for (const item of items) writeTouch(w, item.touch, item.contactName, undefined)
  return E.right(textOf(w))
}
