/**
 * Enrollment commands: enroll, pause, resume, cancel, complete, graduate; and the touch
 * commands: complete, skip or reschedule a planned touch, log one made outside any plan.
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { isCalendarDate, type CalendarDate } from '../core/calendar-date.js'
import { decodeIssue, describeValue } from '../core/decoding.js'
import type { CalendarRegistry } from '../calendars/index.js'
import type { Channel, TouchKind } from '../events/index.js'
import { localDateOf } from '../core/zones.js'
import { builtInPlans, findPlan, schedule, type PlanCatalogue, type PlannedTouch, type PlanYear } from '../plans/index.js'
import { enrollmentEnded, pauseRefusal, resumeRefusal } from '../rules/index.js'
import type { ContactState, EnrollmentState, NetworkState } from '../state/index.js'
import { emit, liveContact, type CommandBase, type Drafts } from './contacts.js'
import { DomainErrors, type DomainError } from './errors.js'

/** What decisions about plans need to know beyond the state. */
export interface DecisionContext {
  /** Plans by id (default `builtInPlans`). */
  readonly plans?: PlanCatalogue
  /** Calendar sets, to know a plan's touch keys (default: the built-in sets). */
  readonly calendars?: CalendarRegistry
}

/** Enroll the contact in a plan from a start date (the first day of plan year 0). */
export interface EnrollInPlan extends CommandBase {
  readonly type: 'EnrollInPlan'
  readonly enrollmentId: string
  readonly planId: string
  readonly startDate: string
}

/** Pause an active enrollment from a date. */
export interface PausePlan extends CommandBase {
  readonly type: 'PausePlan'
  readonly enrollmentId: string
  readonly from: string
}

/** Resume a paused enrollment on a date: what remains shifts forward, nothing is dropped. */
export interface ResumePlan extends CommandBase {
  readonly type: 'ResumePlan'
  readonly enrollmentId: string
  readonly on: string
}

/** Cancel an enrollment. */
export interface CancelPlan extends CommandBase {
  readonly type: 'CancelPlan'
  readonly enrollmentId: string
  readonly reason?: string
}

/** Mark an enrollment complete. */
export interface CompletePlan extends CommandBase {
  readonly type: 'CompletePlan'
  readonly enrollmentId: string
}

/**
 * Accept a graduation the agenda proposed: complete the finished plan (the 8x8) and enroll
 * the contact in the plan it graduates to, from `startDate`.
 */
export interface AcceptGraduation extends CommandBase {
  readonly type: 'AcceptGraduation'
  readonly enrollmentId: string
  readonly newEnrollmentId: string
  readonly startDate: string
}

/** Record a planned touch as made, on the contact's local date `on`. */
export interface CompleteTouch extends CommandBase {
  readonly type: 'CompleteTouch'
  readonly enrollmentId: string
  readonly touchKey: string
  readonly on: string
  /** The channel it was made on, when not the planned one. */
  readonly channel?: Channel
  readonly note?: string
}

/** Skip a planned touch, with the reason. */
export interface SkipTouch extends CommandBase {
  readonly type: 'SkipTouch'
  readonly enrollmentId: string
  readonly touchKey: string
  readonly reason: string
}

/** Move a planned touch to another date. */
export interface RescheduleTouch extends CommandBase {
  readonly type: 'RescheduleTouch'
  readonly enrollmentId: string
  readonly touchKey: string
  readonly to: string
}

/** Record a touch made outside any plan (it resets cadences like a planned one). */
export interface LogTouch extends CommandBase {
  readonly type: 'LogTouch'
  readonly kind: TouchKind
  readonly channel: Channel
  readonly on: string
  readonly note?: string
}

/** Any enrollment or touch command. */
export type PlanCommand =
  | EnrollInPlan
  | PausePlan
  | ResumePlan
  | CancelPlan
  | CompletePlan
  | AcceptGraduation
  | CompleteTouch
  | SkipTouch
  | RescheduleTouch
  | LogTouch

/** The command types of `PlanCommand`. */
export const PLAN_COMMANDS: ReadonlySet<string> = new Set<PlanCommand['type']>([
  'EnrollInPlan',
  'PausePlan',
  'ResumePlan',
  'CancelPlan',
  'CompletePlan',
  'AcceptGraduation',
  'CompleteTouch',
  'SkipTouch',
  'RescheduleTouch',
  'LogTouch',
])

const enrollmentOf = (c: ContactState, id: string): E.Either<DomainError, EnrollmentState> => {
  const e = c.plans.enrollments.find((x) => x.enrollmentId === id)
  return e === undefined ? E.left(DomainErrors.unknownEnrollment(c.id, id)) : E.right(e)
}

const notEnded = (e: EnrollmentState): E.Either<DomainError, EnrollmentState> =>
  enrollmentEnded(e) ? E.left(DomainErrors.enrollmentEnded(e.enrollmentId, e.status)) : E.right(e)

/** The planned touch a key names, computing only the plan years up to the key's own. */
const plannedTouch = (
  c: ContactState,
  e: EnrollmentState,
  key: string,
  context: DecisionContext,
): E.Either<DomainError, { touch: PlannedTouch; year: PlanYear }> => {
  const plan = findPlan(context.plans ?? builtInPlans, e.planId)
  if (plan === undefined) return E.left(DomainErrors.unknownPlan(e.planId))
  const year = Number(key.split('/')[0])
  if (!Number.isSafeInteger(year) || year < 0 || year > 400) return E.left(DomainErrors.unknownTouch(e.enrollmentId, key))
  const s = schedule(plan, { ...e, status: 'active' }, c, {
    years: year + 1,
    ...(context.calendars === undefined ? {} : { calendars: context.calendars }),
  })
  const t = s.touches.find((x) => x.touchKey === key)
  const y = s.planYears.find((x) => x.index === t?.planYear)
  return t === undefined || y === undefined ? E.left(DomainErrors.unknownTouch(e.enrollmentId, key)) : E.right({ touch: t, year: y })
}

/** The contact's local date at `now`. */
const todayOf = (c: ContactState, now: Date): CalendarDate => localDateOf(now.getTime(), c.profile?.timeZone)

const date = (field: string, value: string): E.Either<DomainError, CalendarDate> =>
  isCalendarDate(value)
    ? E.right(value)
    : E.left(
        DomainErrors.invalidCommand([decodeIssue('invalid-value', `command.${field}`, 'a real calendar date YYYY-MM-DD', describeValue(value))]),
      )

/** Decides an enrollment or touch command. */
export const decidePlan = (command: PlanCommand, state: NetworkState, now: Date, context: DecisionContext = {}): Drafts => {
  const contact = liveContact(state, command.contactId)
  if (E.isLeft(contact)) return contact
  const c = contact.right
  const plans = context.plans ?? builtInPlans
  switch (command.type) {
    case 'EnrollInPlan': {
      const plan = findPlan(plans, command.planId)
      if (plan === undefined) return E.left(DomainErrors.unknownPlan(command.planId))
      if (c.plans.enrollments.some((x) => x.enrollmentId === command.enrollmentId)) {
        return E.left(DomainErrors.enrollmentExists(command.enrollmentId))
      }
      const start = date('startDate', command.startDate)
      if (E.isLeft(start)) return start
      if (start.right < '1900-01-01' || start.right > '2150-12-31') return E.left(DomainErrors.startDateOutOfRange(command.startDate))
      const active = c.plans.enrollments.find((x) => x.planId === command.planId && (x.status === 'active' || x.status === 'paused'))
      if (active !== undefined) return E.left(DomainErrors.alreadyEnrolled(command.planId, active.enrollmentId))
      return emit(command, [
        { type: 'PlanEnrolled', enrollmentId: command.enrollmentId, planId: command.planId, startDate: command.startDate },
      ])
    }
    case 'AcceptGraduation': {
      const e = pipe(enrollmentOf(c, command.enrollmentId), E.chain(notEnded))
      if (E.isLeft(e)) return e
      const plan = findPlan(plans, e.right.planId)
      if (plan?.graduatesTo === undefined) return E.left(DomainErrors.noGraduation(e.right.planId))
      const next = findPlan(plans, plan.graduatesTo)
      if (next === undefined) return E.left(DomainErrors.unknownPlan(plan.graduatesTo))
      if (c.plans.enrollments.some((x) => x.enrollmentId === command.newEnrollmentId)) {
        return E.left(DomainErrors.enrollmentExists(command.newEnrollmentId))
      }
      return emit(command, [
        { type: 'PlanCompleted', enrollmentId: command.enrollmentId },
        { type: 'PlanEnrolled', enrollmentId: command.newEnrollmentId, planId: next.id, startDate: command.startDate },
      ])
    }
    case 'PausePlan': {
      const e = enrollmentOf(c, command.enrollmentId)
      if (E.isLeft(e)) return e
      const from = date('from', command.from)
      if (E.isLeft(from)) return from
      switch (pauseRefusal(e.right, from.right)) {
        case 'not-active':
          return E.left(DomainErrors.enrollmentNotActive(command.enrollmentId, e.right.status))
        case 'before-start':
          return E.left(DomainErrors.pauseOutsideEnrollment(command.from, e.right.startDate))
        case 'before-last-resume':
          return E.left(DomainErrors.pauseOutsideEnrollment(command.from, e.right.pauses[e.right.pauses.length - 1]?.to ?? e.right.startDate))
        case undefined:
          break
      }
      return emit(command, [{ type: 'PlanPaused', enrollmentId: command.enrollmentId, from: command.from }])
    }
    case 'ResumePlan': {
      const e = enrollmentOf(c, command.enrollmentId)
      if (E.isLeft(e)) return e
      const on = date('on', command.on)
      if (E.isLeft(on)) return on
      switch (resumeRefusal(e.right, on.right)) {
        case 'not-paused':
          return E.left(DomainErrors.enrollmentNotPaused(command.enrollmentId, e.right.status))
        case 'before-pause':
          return E.left(DomainErrors.resumeBeforePause(command.on, e.right.pauses[e.right.pauses.length - 1]?.from ?? e.right.startDate))
        case undefined:
          break
      }
      return emit(command, [{ type: 'PlanResumed', enrollmentId: command.enrollmentId, on: command.on }])
    }
    case 'CancelPlan': {
      const e = pipe(enrollmentOf(c, command.enrollmentId), E.chain(notEnded))
      if (E.isLeft(e)) return e
      return emit(command, [{ type: 'PlanCancelled', enrollmentId: command.enrollmentId, reason: command.reason }])
    }
    case 'CompletePlan': {
      const e = pipe(enrollmentOf(c, command.enrollmentId), E.chain(notEnded))
      if (E.isLeft(e)) return e
      return emit(command, [{ type: 'PlanCompleted', enrollmentId: command.enrollmentId }])
    }
    case 'CompleteTouch':
    case 'SkipTouch':
    case 'RescheduleTouch': {
      const e = pipe(enrollmentOf(c, command.enrollmentId), E.chain(notEnded))
      if (E.isLeft(e)) return e
      const t = plannedTouch(c, e.right, command.touchKey, context)
      if (E.isLeft(t)) return t
      if (e.right.outcomes.get(command.touchKey)?.status === 'done') return E.left(DomainErrors.touchAlreadyDone(command.touchKey))
      if (command.type === 'CompleteTouch') {
        const on = date('on', command.on)
        if (E.isLeft(on)) return on
        const today = todayOf(c, now)
        if (on.right > today) return E.left(DomainErrors.touchInFuture(command.on, today))
        if (on.right < e.right.startDate) return E.left(DomainErrors.touchBeforeEnrollment(command.on, e.right.startDate))
        const channel = command.channel ?? t.right.touch.channel
        if (c.consent.refused.includes(channel)) return E.left(DomainErrors.channelRefused(c.id, channel))
        return emit(command, [
          {
            type: 'TouchCompleted',
            enrollmentId: command.enrollmentId,
            touchKey: command.touchKey,
            kind: t.right.touch.kind,
            channel,
            on: command.on,
            note: command.note,
          },
        ])
      }
      if (command.type === 'SkipTouch') {
        return emit(command, [{ type: 'TouchSkipped', enrollmentId: command.enrollmentId, touchKey: command.touchKey, reason: command.reason }])
      }
      const to = date('to', command.to)
      if (E.isLeft(to)) return to
      const { start: yStart, end: yEnd } = t.right.year
      if (to.right < yStart || to.right > yEnd) return E.left(DomainErrors.rescheduleOutsidePlanYear(command.to, yStart, yEnd))
      return emit(command, [{ type: 'TouchRescheduled', enrollmentId: command.enrollmentId, touchKey: command.touchKey, to: command.to }])
    }
    case 'LogTouch': {
      if (c.consent.refused.includes(command.channel)) return E.left(DomainErrors.channelRefused(c.id, command.channel))
      const on = date('on', command.on)
      if (E.isLeft(on)) return on
      const today = todayOf(c, now)
      if (on.right > today) return E.left(DomainErrors.touchInFuture(command.on, today))
      return emit(command, [{ type: 'TouchLogged', kind: command.kind, channel: command.channel, on: command.on, note: command.note }])
    }
  }
}
