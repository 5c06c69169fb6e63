import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { decide, decider, foldEvents, listAnomalies, type Command, type RelationshipEvent } from '../../src/index.js'
import { deciderSpec } from '../../src/testing/index.js'

const now = new Date('2026-11-26T09:00:00Z')
const AT = now.toISOString()
const spec = deciderSpec(decider, { now })
const e = (id: string, type: RelationshipEvent['type'], payload: Record<string, unknown>): RelationshipEvent =>
  ({ id, type, at: '2026-01-01T09:00:00Z', schema: 1, contactId: 'c1', ...payload }) as unknown as RelationshipEvent

const added = e('given/0', 'ContactAdded', { name: 'Ada', met: true, calendarSet: 'us' })
const enrolled = e('given/1', 'PlanEnrolled', { enrollmentId: 'en1', planId: 'client-for-life-33', startDate: '2026-01-01' })
const eightByEight = e('given/2', 'PlanEnrolled', { enrollmentId: 'en8', planId: '8x8', startDate: '2026-01-01' })
const paused = e('given/3', 'PlanPaused', { enrollmentId: 'en1', from: '2026-03-01' })
const erased = e('given/9', 'ContactErased', {})

describe('decide: enrollments and touches (given / when / then)', () => {
  it('enrolls, and refuses an erased contact, an unknown plan, a second active enrollment in the same plan', () => {
    spec
      .given([added])
      .when({ type: 'EnrollInPlan', commandId: 'k', contactId: 'c1', enrollmentId: 'en1', planId: 'client-for-life-33', startDate: '2026-10-15' })
      .then([{ id: 'k/0', type: 'PlanEnrolled', at: AT, schema: 1, contactId: 'c1', enrollmentId: 'en1', planId: 'client-for-life-33', startDate: '2026-10-15' }])
    spec.given([added, erased]).when({ type: 'EnrollInPlan', commandId: 'k', contactId: 'c1', enrollmentId: 'en1', planId: '8x8', startDate: '2026-10-15' }).thenFails('contact-erased')
    spec.given([added]).when({ type: 'EnrollInPlan', commandId: 'k', contactId: 'c1', enrollmentId: 'en1', planId: '33-touch', startDate: '2026-10-15' }).thenFails('unknown-plan')
    spec.given([added, enrolled]).when({ type: 'EnrollInPlan', commandId: 'k', contactId: 'c1', enrollmentId: 'en2', planId: 'client-for-life-33', startDate: '2026-10-15' }).thenFails('already-enrolled')
    spec.given([added, enrolled]).when({ type: 'EnrollInPlan', commandId: 'k', contactId: 'c1', enrollmentId: 'en1', planId: '8x8', startDate: '2026-10-15' }).thenFails('enrollment-exists')
    spec.given([added]).when({ type: 'EnrollInPlan', commandId: 'k', contactId: 'c1', enrollmentId: 'en1', planId: '8x8', startDate: '2026-02-30' }).thenFails('invalid-command')
  })

  it('pauses, resumes (not before the pause), cancels, and refuses wrong transitions', () => {
    spec.given([added, enrolled]).when({ type: 'PausePlan', commandId: 'k', contactId: 'c1', enrollmentId: 'en1', from: '2026-03-01' }).then((ev) => expect(ev[0]?.type).toBe('PlanPaused'))
    spec.given([added, enrolled, paused]).when({ type: 'PausePlan', commandId: 'k', contactId: 'c1', enrollmentId: 'en1', from: '2026-04-01' }).thenFails('enrollment-not-active')
    spec.given([added, enrolled]).when({ type: 'ResumePlan', commandId: 'k', contactId: 'c1', enrollmentId: 'en1', on: '2026-04-01' }).thenFails('enrollment-not-paused')
    spec.given([added, enrolled, paused]).when({ type: 'ResumePlan', commandId: 'k', contactId: 'c1', enrollmentId: 'en1', on: '2026-02-01' }).thenFails('resume-before-pause')
    spec.given([added, enrolled, paused]).when({ type: 'ResumePlan', commandId: 'k', contactId: 'c1', enrollmentId: 'en1', on: '2026-04-01' }).then((ev) => expect(ev[0]?.type).toBe('PlanResumed'))
    spec.given([added, enrolled]).when({ type: 'CancelPlan', commandId: 'k', contactId: 'c1', enrollmentId: 'nope' }).thenFails('unknown-enrollment')
    const cancelled = e('given/4', 'PlanCancelled', { enrollmentId: 'en1' })
    spec.given([added, enrolled, cancelled]).when({ type: 'CancelPlan', commandId: 'k', contactId: 'c1', enrollmentId: 'en1' }).thenFails('enrollment-ended')
  })

  it('completes a planned touch with its planned kind and channel; refuses an unknown key, a second completion, a refused channel', () => {
    spec
      .given([added, enrolled])
      .when({ type: 'CompleteTouch', commandId: 'k', contactId: 'c1', enrollmentId: 'en1', touchKey: '0/call/1', on: '2026-01-22' })
      .then([{ id: 'k/0', type: 'TouchCompleted', at: AT, schema: 1, contactId: 'c1', enrollmentId: 'en1', touchKey: '0/call/1', kind: 'call', channel: 'phone', on: '2026-01-22' }])
    spec.given([added, enrolled]).when({ type: 'CompleteTouch', commandId: 'k', contactId: 'c1', enrollmentId: 'en1', touchKey: '0/call/6', on: '2026-01-22' }).thenFails('unknown-touch')
    spec.given([added, enrolled]).when({ type: 'SkipTouch', commandId: 'k', contactId: 'c1', enrollmentId: 'en1', touchKey: 'nonsense', reason: 'x' }).thenFails('unknown-touch')
    const done = e('given/5', 'TouchCompleted', { enrollmentId: 'en1', touchKey: '0/call/1', kind: 'call', channel: 'phone', on: '2026-01-22' })
    spec.given([added, enrolled, done]).when({ type: 'CompleteTouch', commandId: 'k', contactId: 'c1', enrollmentId: 'en1', touchKey: '0/call/1', on: '2026-01-23' }).thenFails('touch-already-done')
    const noPhone = e('given/6', 'ConsentChanged', { channel: 'phone', doNotContact: true, schema: 2 })
    spec.given([added, enrolled, noPhone]).when({ type: 'CompleteTouch', commandId: 'k', contactId: 'c1', enrollmentId: 'en1', touchKey: '0/call/1', on: '2026-01-22' }).thenFails('channel-refused')
    spec.given([added, noPhone]).when({ type: 'LogTouch', commandId: 'k', contactId: 'c1', kind: 'call', channel: 'phone', on: '2026-01-22' }).thenFails('channel-refused')
    // A touch of a later plan year is known too (the plan renews).
    spec.given([added, enrolled]).when({ type: 'SkipTouch', commandId: 'k', contactId: 'c1', enrollmentId: 'en1', touchKey: '2/newsletter/4', reason: 'moved abroad' }).then((ev) => expect(ev[0]?.type).toBe('TouchSkipped'))
  })

  it('accepts a graduation: completes the 8x8 and enrolls the contact in the 33-touch plan', () => {
    spec
      .given([added, eightByEight])
      .when({ type: 'AcceptGraduation', commandId: 'k', contactId: 'c1', enrollmentId: 'en8', newEnrollmentId: 'en33', startDate: '2026-02-26' })
      .then([
        { id: 'k/0', type: 'PlanCompleted', at: AT, schema: 1, contactId: 'c1', enrollmentId: 'en8' },
        { id: 'k/1', type: 'PlanEnrolled', at: AT, schema: 1, contactId: 'c1', enrollmentId: 'en33', planId: 'client-for-life-33', startDate: '2026-02-26' },
      ])
    spec.given([added, enrolled]).when({ type: 'AcceptGraduation', commandId: 'k', contactId: 'c1', enrollmentId: 'en1', newEnrollmentId: 'x', startDate: '2026-02-26' }).thenFails('no-graduation')
  })

  it('writes only what the fold accepts', () => {
    let state = foldEvents([added])
    const commands: Command[] = [
      { type: 'EnrollInPlan', commandId: 'a', contactId: 'c1', enrollmentId: 'en1', planId: 'advocate-appreciation-33', startDate: '2026-01-01' },
      { type: 'CompleteTouch', commandId: 'b', contactId: 'c1', enrollmentId: 'en1', touchKey: '0/newsletter/1', on: '2026-01-02' },
      { type: 'RescheduleTouch', commandId: 'c', contactId: 'c1', enrollmentId: 'en1', touchKey: '0/call/1', to: '2026-01-30' },
      { type: 'PausePlan', commandId: 'd', contactId: 'c1', enrollmentId: 'en1', from: '2026-02-01' },
      { type: 'ResumePlan', commandId: 'e', contactId: 'c1', enrollmentId: 'en1', on: '2026-03-01' },
      { type: 'LogTouch', commandId: 'f', contactId: 'c1', kind: 'meeting', channel: 'in-person', on: '2026-03-02' },
      { type: 'CancelPlan', commandId: 'g', contactId: 'c1', enrollmentId: 'en1', reason: 'moved' },
    ]
    for (const command of commands) {
      const r = decide(command, state, now)
      expect(E.isRight(r)).toBe(true)
      if (E.isRight(r)) state = foldEvents(r.right, state)
    }
    expect(listAnomalies(state)).toEqual([])
    expect(state.contacts.get('c1')?.plans.enrollments[0]?.status).toBe('cancelled')
  })

  it('refuses dates that cannot be: a pause outside the enrollment or overlapping, a touch in the future or before the plan, a move out of the plan year', () => {
    const resumed = e('given/r', 'PlanResumed', { enrollmentId: 'en1', on: '2026-03-10' })
    spec.given([added, enrolled]).when({ type: 'PausePlan', commandId: 'k', contactId: 'c1', enrollmentId: 'en1', from: '2025-12-01' }).thenFails('pause-outside-enrollment')
    spec.given([added, enrolled, paused, resumed]).when({ type: 'PausePlan', commandId: 'k', contactId: 'c1', enrollmentId: 'en1', from: '2026-03-05' }).thenFails('pause-outside-enrollment')
    spec.given([added, enrolled, paused, resumed]).when({ type: 'PausePlan', commandId: 'k', contactId: 'c1', enrollmentId: 'en1', from: '2026-03-10' }).then((ev) => expect(ev[0]?.type).toBe('PlanPaused'))
    spec.given([added, enrolled]).when({ type: 'CompleteTouch', commandId: 'k', contactId: 'c1', enrollmentId: 'en1', touchKey: '0/call/1', on: '2026-12-01' }).thenFails('touch-in-future')
    spec.given([added, enrolled]).when({ type: 'CompleteTouch', commandId: 'k', contactId: 'c1', enrollmentId: 'en1', touchKey: '0/call/1', on: '2025-12-31' }).thenFails('touch-before-enrollment')
    spec.given([added]).when({ type: 'LogTouch', commandId: 'k', contactId: 'c1', kind: 'call', channel: 'phone', on: '2031-01-01' }).thenFails('touch-in-future')
    spec.given([added, enrolled]).when({ type: 'RescheduleTouch', commandId: 'k', contactId: 'c1', enrollmentId: 'en1', touchKey: '0/call/1', to: '2027-01-05' }).thenFails((err) => {
      expect(err.code).toBe('reschedule-outside-plan-year')
      expect(err.message).toBe('Cannot move the touch to 2027-01-05: it belongs to the plan year 2026-01-01 – 2026-12-31.')
    })
    spec.given([added]).when({ type: 'EnrollInPlan', commandId: 'k', contactId: 'c1', enrollmentId: 'x', planId: '8x8', startDate: '9999-12-31' }).thenFails('start-date-out-of-range')
  })

  it('sets aside a pause the decisions would refuse, if a stream carries one', () => {
    const early = e('given/p', 'PlanPaused', { enrollmentId: 'en1', from: '2025-01-01' })
    expect(listAnomalies(foldEvents([added, enrolled, early]))).toMatchObject([{ reason: 'invalid-enrollment-transition' }])
  })
})
