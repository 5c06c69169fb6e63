/**
 * The 24-hour rule: a referee must be contacted within 24 hours of the referral. The clock is
 * the wall clock unless the host asks to skip whole non-business days of the referee's
 * calendar (a referral received on a Friday evening in Riyadh then waits for Sunday).
 */
import { addDays, isCalendarDate } from '../core/calendar-date.js'
import { localDateOf } from '../core/zones.js'
import { builtInCalendars, calendarRegistry, findCalendar, isBusinessDay, type CalendarRegistry } from '../calendars/index.js'
import { instantMillis } from '../events/index.js'
import type { NetworkState, ReferralState } from '../state/index.js'

/** How the contact deadline is measured. */
export interface SlaOptions {
  /** Hours to contact the referee (default 24). */
  readonly hours?: number
  /**
   * `wall` (default): the deadline is the received time plus `hours`. `business-days`: each
   * whole non-business day of the referee's calendar set (weekend, day off) between them adds
   * 24 hours.
   */
  readonly clock?: 'wall' | 'business-days'
  /** Calendar sets for `business-days` (default: the built-in sets). */
  readonly calendars?: CalendarRegistry
  /** The set for referees that name none (default `us`). */
  readonly defaultCalendarSet?: string
}

/** Where a referral stands against the 24-hour rule. */
export type SlaStatus =
  /** Contacted within the deadline. */
  | 'met'
  /** Contacted, but after the deadline. */
  | 'missed'
  /** Not contacted yet, and the deadline has not passed. */
  | 'pending'
  /** Not contacted yet, and the deadline has passed. */
  | 'overdue'
  /** Closed or lost without ever being marked contacted. */
  | 'never-contacted'

/** A referral's contact deadline and how it went. */
export interface ReferralSla {
  readonly referralId: string
  readonly receivedAt: string
  readonly deadline: string
  /** When it reached `contacted` (or a later stage, which implies contact), if it did. */
  readonly contactedAt?: string
  readonly status: SlaStatus
}

const REGISTRY = calendarRegistry(builtInCalendars)

/** The instant a referral's referee must be contacted by. */
export const contactDeadline = (state: NetworkState, referral: ReferralState, options: SlaOptions = {}): number => {
  const received = instantMillis(referral.stages.received ?? '')
  const hours = options.hours ?? 24
  let deadline = received + hours * 3_600_000
  if (options.clock !== 'business-days' || !Number.isFinite(received)) return deadline
  const referee = state.contacts.get(referral.refereeId)
  const zone = referee?.profile?.timeZone
  const wanted = referee?.profile?.calendarSet ?? options.defaultCalendarSet ?? 'us'
  const found = findCalendar(options.calendars ?? REGISTRY, wanted)
  const set = found._tag === 'Some' ? found.value : builtInCalendars.us
  // Walk the local days the clock runs through; each non-business day pushes the deadline a day.
  let day = localDateOf(received, zone)
  for (let guard = 0; guard < 366; guard++) {
    const end = localDateOf(deadline, zone)
    if (!isCalendarDate(day) || day > end) break
    if (!isBusinessDay(set, day)) deadline += 86_400_000
    day = addDays(day, 1)
  }
  return deadline
}

/**
 * A referral against the 24-hour rule at `now`: met, missed, pending, overdue, or closed
 * without ever being contacted. A later stage (an appointment) implies contact: its time
 * counts as the contact time when `contacted` was skipped.
 *
 * @example referralSla(state, referral, now).status // 'overdue'
 */
export const referralSla = (state: NetworkState, referral: ReferralState, now: Date, options: SlaOptions = {}): ReferralSla => {
  const deadline = contactDeadline(state, referral, options)
  const s = referral.stages
  const contactedAt = s.contacted ?? s.appointment ?? s['under-contract'] ?? s.closed
  const base = {
    referralId: referral.referralId,
    receivedAt: s.received ?? '',
    deadline: Number.isFinite(deadline) ? new Date(deadline).toISOString() : '',
  }
  if (contactedAt !== undefined) {
    return { ...base, contactedAt, status: instantMillis(contactedAt) <= deadline ? 'met' : 'missed' }
  }
  if (referral.stage === 'lost' || referral.stage === 'closed') return { ...base, status: 'never-contacted' }
  return { ...base, status: now.getTime() > deadline ? 'overdue' : 'pending' }
}
