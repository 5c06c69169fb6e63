/**
 * Schedules (DESIGN §4.3): annual 33-touch schedules for many contacts, in touches per
 * second, against a baseline that builds the same number of plain touch objects with
 * date-fns `addDays` in the same run. Bars: ≥ 25% of the baseline's throughput, and the
 * 10,000 schedules in under a second.
 */
import { addDays as fnsAddDays } from 'date-fns'
import { SCHEMA_VERSIONS, type RelationshipEvent } from '../src/events/index.js'
import { builtInPlans, schedule, type PlannedTouch } from '../src/plans/index.js'
import { foldEvents, type ContactState } from '../src/state/index.js'
import { collectGarbage, nowMs, summarize, type Summary } from './stats.js'

/** What the schedule benchmark measured. */
export interface ScheduleBenchResult {
  readonly contacts: number
  readonly touches: number
  readonly scheduleMs: Summary
  readonly baselineMs: Summary
  readonly scheduleTouchesPerSecond: number
  readonly baselineTouchesPerSecond: number
  readonly ratio: number
}

const SETS = ['us', 'uk', 'sa', 'ae', 'eg'] as const
const DATES = ['--02-29', '--06-15', '--12-31', '1980-03-14', '1990-11', '--09-01'] as const

/** Contacts with a spread of calendar sets, start dates and personal dates, each enrolled once. */
export const scheduleFixture = (n: number): ContactState[] => {
  const events: RelationshipEvent[] = []
  const ev = (type: RelationshipEvent['type'], contactId: string, payload: Record<string, unknown>) =>
    events.push({ id: `b${events.length}`, type, at: '2026-01-01T09:00:00Z', schema: SCHEMA_VERSIONS[type], contactId, ...payload } as unknown as RelationshipEvent)
  const startDay = Date.UTC(2026, 0, 1) / 86_400_000
  for (let i = 0; i < n; i++) {
    const id = `c${i}`
    ev('ContactAdded', id, { name: `Contact ${i}`, met: true, calendarSet: SETS[i % SETS.length], timeZone: 'UTC' })
    for (let k = 0; k < i % 4; k++) ev('PersonalDateRecorded', id, { kind: (['birthday', 'wedding-anniversary', 'home-purchase-anniversary'] as const)[k], date: DATES[(i + k) % DATES.length] })
    const start = new Date((startDay + (i % 365)) * 86_400_000).toISOString().slice(0, 10)
    ev('PlanEnrolled', id, { enrollmentId: `en${i}`, planId: 'client-for-life-33', startDate: start })
  }
  return [...foldEvents(events).contacts.values()]
}

/** The baseline: the same number of plain touch objects, dated with date-fns `addDays`. */
const baseline = (contacts: readonly ContactState[], perContact: number): number => {
  let n = 0
  for (const c of contacts) {
    const start = new Date(`${c.plans.enrollments[0]?.startDate ?? '2026-01-01'}T00:00:00Z`)
    const out: Array<{ key: string; due: string; kind: string }> = []
    for (let i = 0; i < perContact; i++) {
      out.push({ key: `0/touch/${i}`, due: fnsAddDays(start, i * 11).toISOString().slice(0, 10), kind: 'touch' })
    }
    n += out.length
  }
  return n
}

const schedules = (contacts: readonly ContactState[]): number => {
  let n = 0
  const plan = builtInPlans['client-for-life-33']
  for (const c of contacts) {
    const touches: readonly PlannedTouch[] = schedule(plan, c.plans.enrollments[0]!, c).touches
    n += touches.length
  }
  return n
}

/** Runs the schedule benchmark: warm-ups, then alternating timed runs of both. */
export const benchSchedules = (contacts: number, runs: number, warmup: number): ScheduleBenchResult => {
  const fixture = scheduleFixture(contacts)
  const touches = schedules(fixture)
  const perContact = Math.round(touches / contacts)
  for (let i = 0; i < warmup; i++) {
    schedules(fixture)
    baseline(fixture, perContact)
  }
  const s: number[] = []
  const b: number[] = []
  for (let r = 0; r < runs; r++) {
    collectGarbage()
    let t = nowMs()
    if (schedules(fixture) !== touches) throw new Error('schedules are not deterministic')
    s.push(nowMs() - t)
    collectGarbage()
    t = nowMs()
    baseline(fixture, perContact)
    b.push(nowMs() - t)
  }
  const scheduleMs = summarize(s)
  const baselineMs = summarize(b)
  const scheduleTouchesPerSecond = touches / (scheduleMs.median / 1000)
  const baselineTouchesPerSecond = (perContact * contacts) / (baselineMs.median / 1000)
  return {
    contacts,
    touches,
    scheduleMs,
    baselineMs,
    scheduleTouchesPerSecond,
    baselineTouchesPerSecond,
    ratio: scheduleTouchesPerSecond / baselineTouchesPerSecond,
  }
}
