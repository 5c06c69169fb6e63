import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { addDays, type CalendarDate } from '../../src/core/calendar-date.js'
import { SCHEMA_VERSIONS, type RelationshipEvent } from '../../src/events/index.js'
import { builtInPlans, schedule, type Schedule } from '../../src/plans/index.js'
import { foldEvents, type ContactState, type EnrollmentState } from '../../src/state/index.js'
import { contactSpecs, enrollmentDates, type ContactSpec } from './support.js'
import { runs } from '../support/runs.js'

let seq = 0
const ev = (type: RelationshipEvent['type'], payload: Record<string, unknown>): RelationshipEvent =>
  ({ id: `r${seq++}`, type, at: '2019-06-01T09:00:00Z', schema: SCHEMA_VERSIONS[type], contactId: 'c', ...payload }) as unknown as RelationshipEvent

const setUp = (spec: ContactSpec, planId: string, startDate: CalendarDate): RelationshipEvent[] => [
  ev('ContactAdded', { name: 'Test Contact', met: true, calendarSet: spec.calendarSet, timeZone: spec.timeZone }),
  ...spec.dates.map((d) => ev('PersonalDateRecorded', d)),
  ...spec.teams.map((t) => ev('InterestRecorded', { category: 'team', name: t.name, ...(t.seasonStart === undefined ? {} : { seasonStart: t.seasonStart }) })),
  ev('PlanEnrolled', { enrollmentId: 'en', planId, startDate }),
]

/** The schedule (two plan years) after a stream of events, as an export would compute it. */
const exported = (events: readonly RelationshipEvent[], planId: string): Schedule => {
  const contact = foldEvents(events).contacts.get('c') as ContactState
  const plan = builtInPlans[planId as keyof typeof builtInPlans]
  return schedule(plan, contact.plans.enrollments[0] as EnrollmentState, contact, { years: 2 })
}

const byKey = (s: Schedule) => new Map(s.touches.map((t) => [t.touchKey, t]))

/**
 * What a re-export after `next` must show against `prev`: each touch in both has its revision
 * raised by one exactly when its date moved (`moves`: true), or kept when nothing may move.
 */
const faults = (prev: Schedule, next: Schedule, moves: boolean): string[] => {
  const was = byKey(prev)
  const out: string[] = []
  for (const t of next.touches) {
    const p = was.get(t.touchKey)
    if (p === undefined) continue
    const expected = p.revision + (moves && p.due !== t.due ? 1 : 0)
    if (t.revision !== expected) out.push(`${t.touchKey}: ${p.due} r${p.revision} → ${t.due} r${t.revision}, expected r${expected}`)
    if (!moves && p.due !== t.due) out.push(`${t.touchKey}: moved ${p.due} → ${t.due} while nothing may move it`)
  }
  return out
}

const us: ContactSpec = { calendarSet: 'us', timeZone: 'America/New_York', dates: [{ kind: 'birthday', date: '--03-14' }], teams: [], refused: [] }

describe('PlannedTouch.revision (a calendar export’s SEQUENCE)', () => {
  it('is 0 for every touch of an enrollment never moved', () => {
    const s = exported(setUp(us, 'client-for-life-33', '2026-01-01' as CalendarDate), 'client-for-life-33')
    expect(s.touches.length).toBe(66)
    expect(s.touches.every((t) => t.revision === 0)).toBe(true)
  })

  it('grows by one on exactly the touches a pause moved, when it ends', () => {
    // A two-week pause from 2026-03-02 (US, from 2026-01-01). Ahead of it, newsletters 4–12,
    // calls 2–5, letters 3 and 5 and both give-aways shift by 14 days; the birthday card,
    // due 2026-03-07 inside the pause, moves to the resume date. The Easter card (due
    // 2026-03-26, after the pause) and all that came before keep their dates and revision.
    const start = setUp(us, 'client-for-life-33', '2026-01-01' as CalendarDate)
    const before = exported(start, 'client-for-life-33')
    const pausedEvents = [...start, ev('PlanPaused', { enrollmentId: 'en', from: '2026-03-02' })]
    const paused = exported(pausedEvents, 'client-for-life-33')
    const resumed = exported([...pausedEvents, ev('PlanResumed', { enrollmentId: 'en', on: '2026-03-16' })], 'client-for-life-33')
    expect(faults(before, paused, false)).toEqual([])
    expect(faults(paused, resumed, true)).toEqual([])
    const raised = resumed.touches.filter((t) => t.planYear === 0 && t.revision === 1).map((t) => t.touchKey).sort()
    expect(raised).toEqual(
      [
        ...[4, 5, 6, 7, 8, 9, 10, 11, 12].map((n) => `0/newsletter/${n}`),
        '0/call/2',
        '0/call/3',
        '0/call/4',
        '0/call/5',
        '0/great-talking-letter/3',
        '0/great-talking-letter/5',
        '0/give-away/1',
        '0/give-away/2',
        '0/observance-card/birthday',
        '0/observance-card/fallback-1',
        '0/observance-card/fallback-2',
        '0/observance-card/fallback-3',
      ].sort(),
    )
    const card = byKey(resumed).get('0/observance-card/birthday')
    expect([card?.due, card?.late, card?.revision]).toEqual(['2026-03-16', true, 1])
    expect(byKey(resumed).get('0/holiday-card/us-easter')?.revision).toBe(0)
    // Plan year 1 starts 14 days later: its relative touches moved too.
    expect(byKey(resumed).get('1/call/1')?.revision).toBe(1)
  })

  it('leaves the revision of a touch the pause shifted back onto its own date', () => {
    // sa (Friday–Saturday weekend), from Thursday 2026-01-01: every call is on a Thursday. A
    // one-day pause from Wednesday 2026-04-01 shifts call 2 (Thursday 2026-04-02) and the
    // calls after it to Fridays, and the move to a business day brings each back to its
    // Thursday: their dates, and their letters', do not change, so neither does their revision.
    const sa: ContactSpec = { calendarSet: 'sa', timeZone: 'Asia/Riyadh', dates: [], teams: [], refused: [] }
    const start = setUp(sa, 'client-for-life-33', '2026-01-01' as CalendarDate)
    const before = exported(start, 'client-for-life-33')
    const after = exported(
      [...start, ev('PlanPaused', { enrollmentId: 'en', from: '2026-04-01' }), ev('PlanResumed', { enrollmentId: 'en', on: '2026-04-02' })],
      'client-for-life-33',
    )
    expect(faults(before, after, true)).toEqual([])
    const kept = after.touches.filter((t) => t.planYear === 0 && (t.stepId === 'call' || t.stepId === 'great-talking-letter'))
    expect(kept.map((t) => [t.touchKey, t.due, t.revision])).toEqual(
      before.touches.filter((t) => t.planYear === 0 && (t.stepId === 'call' || t.stepId === 'great-talking-letter')).map((t) => [t.touchKey, t.due, 0]),
    )
    expect(byKey(after).get('0/newsletter/4')?.revision).toBe(1)
  })

  it('counts each reschedule of a touch, and only of that touch', () => {
    const events = [
      ...setUp(us, 'client-for-life-33', '2026-01-01' as CalendarDate),
      ev('TouchRescheduled', { enrollmentId: 'en', touchKey: '0/call/2', to: '2026-04-06' }),
      ev('TouchRescheduled', { enrollmentId: 'en', touchKey: '0/call/2', to: '2026-04-08' }),
    ]
    const s = exported(events, 'client-for-life-33')
    expect(s.touches.filter((t) => t.revision > 0).map((t) => [t.touchKey, t.due, t.revision])).toEqual([['0/call/2', '2026-04-08', 2]])
  })

  it('for any contact, plan and pauses: an open pause raises nothing, and each resume raises exactly the touches it moved', () => {
    fc.assert(
      fc.property(
        contactSpecs,
        enrollmentDates,
        fc.constantFrom('client-for-life-33', 'advocate-appreciation-33', '8x8', '12-direct'),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 150 }), fc.integer({ min: 1, max: 60 })), { minLength: 1, maxLength: 3 }),
        fc.option(fc.constantFrom('0/call/2', '0/newsletter/5', '0/week-4/1'), { nil: undefined }),
        (spec, startDate, planId, pauses, rescheduled) => {
          const events = setUp(spec, planId, startDate)
          if (rescheduled !== undefined) events.push(ev('TouchRescheduled', { enrollmentId: 'en', touchKey: rescheduled, to: addDays(startDate, 40) }))
          let prev = exported(events, planId)
          let cursor = 0
          for (const [from, days] of pauses) {
            const f = addDays(startDate, cursor + from)
            events.push(ev('PlanPaused', { enrollmentId: 'en', from: f }))
            const paused = exported(events, planId)
            expect(faults(prev, paused, false)).toEqual([])
            events.push(ev('PlanResumed', { enrollmentId: 'en', on: addDays(f, days) }))
            const resumed = exported(events, planId)
            // A rescheduled touch keeps the date it was given; its revision may still grow
            // (a pause moved its planned date), which a SEQUENCE allows.
            const moved = faults(paused, resumed, true).filter((f) => rescheduled === undefined || !f.startsWith(`${rescheduled}:`))
            expect(moved).toEqual([])
            for (const t of resumed.touches) expect(t.revision).toBeGreaterThanOrEqual(byKey(paused).get(t.touchKey)?.revision ?? 0)
            prev = resumed
            cursor += from + days
          }
        },
      ),
      { numRuns: runs(150) },
    )
  })
})
