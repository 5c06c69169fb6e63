/**
 * Time zones at the edges: schedules run on zone-free calendar dates; a zone
 * only turns an instant into a contact's local date, or a local date and time into an
 * instant. A DST change therefore never moves or drops a touch.
 */
import { TZDate, tz } from '@date-fns/tz'
import { format } from 'date-fns'
import { toYmd, utcDateOf, type CalendarDate } from './calendar-date.js'

const known = new Map<string, boolean>()

/** Whether the platform knows an IANA zone (memoized). */
export const isKnownZone = (zone: string): boolean => {
  let ok = known.get(zone)
  if (ok === undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone })
      ok = zone.length > 0
    } catch {
      ok = false
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
  // date-fns v4 formats in the zone given by its `in` context (@date-fns/tz).
  return format(instantMs, 'yyyy-MM-dd', { in: tz(zone) }) as CalendarDate
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
