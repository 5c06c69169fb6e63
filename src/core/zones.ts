/**
 * Time zones at the edges: schedules run on zone-free calendar dates; a zone
 * only turns an instant into a contact's local date, or a local date and time into an
 * instant. A DST change therefore never moves or drops a touch.
 */
import { TZDate, tz } from '@date-fns/tz'
import { format } from 'date-fns'
import { toYmd, utcDateOf, type CalendarDate } from './calendar-date.js'

const known = new Map<string, boolean>()
/** Bounds of the memos: no input can make them grow without end. */
const ZONES_MAX = 1024
const ZONE_NAME_MAX = 64

/** Whether the platform knows an IANA zone (memoized, bounded). */
export const isKnownZone = (zone: string): boolean => {
  if (zone.length === 0 || zone.length > ZONE_NAME_MAX) return false
  let ok = known.get(zone)
  if (ok === undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone })
      ok = true
    } catch {
      ok = false
    }
    if (known.size >= ZONES_MAX) {
      known.clear()
      formatters.clear()
      lastDates.clear()
    }
    known.set(zone, ok)
  }
  return ok
}

/**
 * The calendar date an instant falls on in a zone (UTC when the zone is absent or unknown).
 * @example localDateOf(Date.parse('2026-11-26T22:30:00Z'), 'Asia/Riyadh') // '2026-11-27'
 */
export const localDateOf = (instantMs: number, zone?: string): CalendarDate => {
  if (zone === undefined || !isKnownZone(zone) || !Number.isFinite(instantMs)) return utcDateOf(new Date(instantMs))
  let memo = lastDates.get(zone)
  if (memo === undefined) lastDates.set(zone, (memo = new Map()))
  const hit = memo.get(instantMs)
  if (hit !== undefined) return hit
  // ICU's own formatter, cached per zone, is an order of magnitude faster than formatting
  // through a zoned date object; its ISO-like `en-CA` form is checked, and anything else
  // (a year before 1000, another ICU's pattern) goes the long way round.
  const fast = formatterOf(zone).format(instantMs)
  const date = (ISO_DATE.test(fast) ? fast : format(instantMs, 'yyyy-MM-dd', { in: tz(zone) })) as CalendarDate
  // The same instant is asked for again and again (an agenda's `now`, for every contact).
  if (memo.size >= MEMO_SIZE) memo.clear()
  memo.set(instantMs, date)
  return date
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/
const MEMO_SIZE = 1024
const formatters = new Map<string, Intl.DateTimeFormat>()
const lastDates = new Map<string, Map<number, CalendarDate>>()

const formatterOf = (zone: string): Intl.DateTimeFormat => {
  let f = formatters.get(zone)
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', calendar: 'gregory', numberingSystem: 'latn' })
    formatters.set(zone, f)
  }
  return f
}

/**
 * The instant of a local date and time of day (`minutes` after local midnight) in a zone.
 * A time that a DST change skips resolves forward, as `TZDate` does.
 * @example localInstant('2026-03-08' as CalendarDate, 9 * 60, 'America/New_York') // 2026-03-08T13:00:00Z
 */
export const localInstant = (date: CalendarDate, minutes: number, zone?: string): Date => {
  const { year, month, day } = toYmd(date)
  const h = Math.floor(minutes / 60)
  const m = minutes % 60
  if (zone === undefined || !isKnownZone(zone)) return new Date(Date.UTC(year, month - 1, day, h, m))
  return new Date(new TZDate(year, month - 1, day, h, m, 0, zone).getTime())
}
