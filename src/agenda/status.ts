/**
 * Statuses are derived, never stored: a planned touch's status is a function of
 * its schedule, its recorded outcome and the contact's local date today.
 */
import { addDays, type CalendarDate } from '../core/calendar-date.js'
import type { Cadence, PlanDefinition, PlannedTouch } from '../plans/index.js'
import type { ContactState, EnrollmentState } from '../state/index.js'

/** The status of a planned touch. */
export type TouchStatus = 'upcoming' | 'due' | 'overdue' | 'done' | 'skipped' | 'blocked'

/** Every touch status, in the order an agenda shows them. */
export const TOUCH_STATUSES: readonly TouchStatus[] = ['overdue', 'due', 'upcoming', 'blocked', 'done', 'skipped']

/**
 * A planned touch's status on the contact's local date `today`: done or skipped as recorded;
 * blocked when its channel is refused (never due); else overdue, due (today) or upcoming.
 * @example touchStatus(touch, '2026-11-26' as CalendarDate) // 'due' when touch.due is that day
 */
export const touchStatus = (touch: PlannedTouch, today: string): TouchStatus => {
  if (touch.outcome?.status === 'done') return 'done'
  if (touch.outcome?.status === 'skipped') return 'skipped'
  if (touch.blocked) return 'blocked'
  return touch.due < today ? 'overdue' : touch.due === today ? 'due' : 'upcoming'
}

/** The status of a cadence: on track, due (past the ideal interval) or overdue (past the maximum). */
export type CadenceStatusKind = 'on-track' | 'due' | 'overdue'

/** Where a cadence stands for one contact. */
export interface CadenceStatus {
  readonly cadenceId: string
  readonly kind: Cadence['kind']
  readonly channel: Cadence['channel']
  /** The last touch that reset it, if any (else the cadence runs from the enrollment's start). */
  readonly lastTouch?: CalendarDate
  /** Due from this date: the ideal interval after the last touch. */
  readonly dueOn: CalendarDate
  /** Overdue after this date: the maximum interval after the last touch. */
  readonly overdueAfter: CalendarDate
  readonly status: CadenceStatusKind
  /** Blocked when the contact refused the cadence's channel. */
  readonly blocked: boolean
  readonly giftTier?: Cadence['giftTier']
}

/**
 * The cadences of a relationship plan for one contact on `today`. Cadences reset on contact:
 * any touch of a resetting kind — completed in a plan or logged — counts, whenever it was.
 * With no such touch yet, the cadence runs from the enrollment's start date.
 */
export const cadenceStatuses = (
  plan: PlanDefinition,
  enrollment: EnrollmentState,
  contact: ContactState,
  today: CalendarDate,
): CadenceStatus[] =>
  (plan.cadences ?? []).map((c) => {
    const resets = new Set(c.resetBy)
    let last: CalendarDate | undefined
    for (const t of contact.plans.touches) {
      if (resets.has(t.kind) && t.on <= today && (last === undefined || t.on > last)) last = t.on as CalendarDate
    }
    const from = last ?? (enrollment.startDate as CalendarDate)
    const dueOn = addDays(from, c.idealDays)
    const overdueAfter = addDays(from, c.maxDays)
    const status: CadenceStatusKind = today < dueOn ? 'on-track' : today <= overdueAfter ? 'due' : 'overdue'
    return {
      cadenceId: c.id,
      kind: c.kind,
      channel: c.channel,
      ...(last === undefined ? {} : { lastTouch: last }),
      dueOn,
      overdueAfter,
      status,
      blocked: contact.consent.refused.includes(c.channel),
      ...(c.giftTier === undefined ? {} : { giftTier: c.giftTier }),
    }
  })
