/**
 * The fold of plan events: enrollments and their lifecycle (pause, resume, cancel,
 * complete), and touches (completed, skipped, rescheduled, logged outside any plan).
 */
import type { EventOf } from '../../events/index.js'
import { pauseRefusal, resumeRefusal } from '../../rules/index.js'
import type { ContactState, EnrollmentState, TouchRecord } from '../types.js'
import type { Batch, Mutable } from './batch.js'
import { contactOf, draftOf, type Handlers } from './handler.js'

const enrollmentIndex = (c: ContactState, enrollmentId: string): number =>
  c.plans.enrollments.findIndex((x) => x.enrollmentId === enrollmentId)

/** Writes the enrollment at `i` of a contact draft through `f`. */
const writeEnrollment = (b: Batch, c: Mutable<ContactState>, i: number, f: (x: Mutable<EnrollmentState>) => void): void => {
  const plans = b.group(c, 'plans')
  const list = b.ownArray(plans.enrollments)
  const x = b.ownObject(list[i] as EnrollmentState)
  f(x)
  list[i] = x
  plans.enrollments = list
}

/** The enrollment an event names, or a noted `unknown-enrollment`. */
const enrollmentOf = (b: Batch, e: EventOf<'PlanPaused' | 'PlanResumed' | 'PlanCancelled' | 'PlanCompleted' | 'TouchCompleted' | 'TouchSkipped' | 'TouchRescheduled'>, c: ContactState): number => {
  const i = enrollmentIndex(c, e.enrollmentId)
  if (i < 0) b.note(e, 'unknown-enrollment', false)
  return i
}

/** Ends an enrollment that has not ended yet: cancelled or completed. */
const endEnrollment = (b: Batch, e: EventOf<'PlanCancelled' | 'PlanCompleted'>, status: 'cancelled' | 'completed'): void => {
  const i = enrollmentOf(b, e, contactOf(b, e))
  if (i < 0) return
  const s = contactOf(b, e).plans.enrollments[i]?.status
  if (s === 'cancelled' || s === 'completed') return b.note(e, 'invalid-enrollment-transition', false)
  writeEnrollment(b, draftOf(b, e), i, (x) => {
    x.status = status
    x.endedAt = e.at
  })
}

/**
 * The one empty map every new enrollment starts with (most are never rescheduled): an empty
 * `Map` costs about 200 bytes, and a batch copies a map it did not make before writing it, so
 * this one is never written.
 */
const NO_ENTRIES: ReadonlyMap<string, never> = new Map<string, never>()

/** Whether a touch of an enrollment is done already (a done touch takes no other outcome). */
const isDone = (c: ContactState, i: number, touchKey: string): boolean =>
  (c.plans.enrollments[i] as EnrollmentState).outcomes.get(touchKey)?.status === 'done'

export const planHandlers: Handlers<
  'PlanEnrolled' | 'PlanPaused' | 'PlanResumed' | 'PlanCancelled' | 'PlanCompleted' | 'TouchCompleted' | 'TouchSkipped' | 'TouchRescheduled' | 'TouchLogged'
> = {
  PlanEnrolled: (b, e) => {
    if (enrollmentIndex(contactOf(b, e), e.enrollmentId) >= 0) return b.note(e, 'enrollment-exists', false)
    const plans = b.group(draftOf(b, e), 'plans')
    plans.enrollments = b.append(plans.enrollments, {
      enrollmentId: e.enrollmentId,
      planId: e.planId,
      startDate: e.startDate,
      enrolledAt: e.at,
      status: 'active',
      pauses: [],
      outcomes: NO_ENTRIES,
      reschedules: NO_ENTRIES,
      rescheduleCounts: NO_ENTRIES,
    })
  },
  PlanPaused: (b, e) => {
    const c = contactOf(b, e)
    const i = enrollmentOf(b, e, c)
    if (i < 0) return
    if (pauseRefusal(c.plans.enrollments[i] as EnrollmentState, e.from) !== undefined) return b.note(e, 'invalid-enrollment-transition', false)
    writeEnrollment(b, draftOf(b, e), i, (x) => {
      x.status = 'paused'
      x.pauses = b.append(x.pauses, { from: e.from })
    })
  },
  PlanResumed: (b, e) => {
    const c = contactOf(b, e)
    const i = enrollmentOf(b, e, c)
    if (i < 0) return
    const x0 = c.plans.enrollments[i] as EnrollmentState
    if (resumeRefusal(x0, e.on) !== undefined) return b.note(e, 'invalid-enrollment-transition', false)
    const open = x0.pauses[x0.pauses.length - 1] as { from: string }
    writeEnrollment(b, draftOf(b, e), i, (x) => {
      x.status = 'active'
      const pauses = b.ownArray(x.pauses)
      pauses[pauses.length - 1] = { from: open.from, to: e.on }
      x.pauses = pauses
    })
  },
  PlanCancelled: (b, e) => endEnrollment(b, e, 'cancelled'),
  PlanCompleted: (b, e) => endEnrollment(b, e, 'completed'),
  TouchCompleted: (b, e) => {
    const i = enrollmentOf(b, e, contactOf(b, e))
    if (i < 0) return
    if (isDone(contactOf(b, e), i, e.touchKey)) return b.note(e, 'touch-already-done', false)
    const c = draftOf(b, e)
    const touch: TouchRecord = { kind: e.kind, channel: e.channel, on: e.on, at: e.at, enrollmentId: e.enrollmentId, touchKey: e.touchKey }
    writeEnrollment(b, c, i, (x) => {
      const outcomes = b.ownMap(x.outcomes)
      outcomes.set(e.touchKey, { status: 'done', on: e.on, at: e.at, kind: e.kind, channel: e.channel })
      x.outcomes = outcomes
    })
    const plans = b.group(c, 'plans')
    plans.touches = b.append(plans.touches, touch)
  },
  TouchSkipped: (b, e) => {
    const i = enrollmentOf(b, e, contactOf(b, e))
    if (i < 0) return
    if (isDone(contactOf(b, e), i, e.touchKey)) return b.note(e, 'touch-already-done', false)
    writeEnrollment(b, draftOf(b, e), i, (x) => {
      const outcomes = b.ownMap(x.outcomes)
      outcomes.set(e.touchKey, e.reason === undefined ? { status: 'skipped', at: e.at } : { status: 'skipped', at: e.at, reason: e.reason })
      x.outcomes = outcomes
    })
  },
  TouchRescheduled: (b, e) => {
    const i = enrollmentOf(b, e, contactOf(b, e))
    if (i < 0) return
    if (isDone(contactOf(b, e), i, e.touchKey)) return b.note(e, 'touch-already-done', false)
    writeEnrollment(b, draftOf(b, e), i, (x) => {
      const reschedules = b.ownMap(x.reschedules)
      reschedules.set(e.touchKey, e.to)
      x.reschedules = reschedules
      const counts = b.ownMap(x.rescheduleCounts)
      counts.set(e.touchKey, (counts.get(e.touchKey) ?? 0) + 1)
      x.rescheduleCounts = counts
    })
  },
  TouchLogged: (b, e) => {
    const c = draftOf(b, e)
    const touch: Mutable<TouchRecord> = { kind: e.kind, channel: e.channel, on: e.on, at: e.at }
    if (e.referralId !== undefined) touch.referralId = e.referralId
    if (e.stage !== undefined) touch.stage = e.stage
    const plans = b.group(c, 'plans')
    plans.touches = b.append(plans.touches, touch)
  },
}
