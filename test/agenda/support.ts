/**
 * Generated networks for the agenda index's properties: streams that move an agenda in every
 * way it can move — real touch keys completed, skipped and rescheduled (to earlier and later
 * days, across plan years), pauses and resumes, cancellations, consent refused and given
 * back, erasure, zones and names changed, personal dates and interests, touches logged ahead
 * of their day (cadences), referrals with their stages and thank-yous, redeliveries — over
 * custom plans with cadences, `after-step` letters and short renewing windows, and days up to
 * several years after the enrollments.
 *
 * The simulator behind `arbitraryEventStream` names touches by made-up keys; these streams
 * pick keys from the enrollment's real schedule, so an outcome lands on a touch the agenda
 * shows. Events the fold refuses (a resume before its pause) are kept: the laws hold for any
 * stream.
 */
import * as fc from 'fast-check'
import { addDays, fromDayNumber, toDayNumber, type CalendarDate } from '../../src/core/calendar-date.js'
import { SCHEMA_VERSIONS, type RelationshipEvent } from '../../src/events/index.js'
import { builtInCalendars, calendarRegistry } from '../../src/calendars/index.js'
import { builtInPlans, findPlan, schedule, type PlanCatalogue, type PlanDefinition } from '../../src/plans/index.js'
import { evolve, initialNetwork, type NetworkState } from '../../src/state/index.js'

/** A relationship plan with dated steps, an `after-step` letter, a text and two cadences. */
const checkIn: PlanDefinition = {
  id: 'check-in',
  name: 'Check-in',
  audience: 'test contacts',
  period: { unit: 'year' },
  renews: true,
  steps: [
    { id: 'call', kind: 'call', channel: 'phone', performedBy: 'person', timing: { rule: 'offset', days: [10, 100, 200, 300] } },
    { id: 'letter', kind: 'great-talking-letter', channel: 'mail', performedBy: 'person', timing: { rule: 'after-step', step: 'call', occurrences: [1, 2, 4], days: 2 } },
    { id: 'text', kind: 'call', channel: 'text', performedBy: 'sent', timing: { rule: 'monthly', dayOfMonth: 15, count: 12 } },
    { id: 'card', kind: 'observance-card', channel: 'mail', performedBy: 'sent', timing: { rule: 'personal-date', leadDays: 3, count: 2, kinds: ['birthday', 'custom'], fallback: { item: 'seasonal-greeting', days: [50, 250] } } },
  ],
  cadences: [
    { id: 'coffee', kind: 'meeting', channel: 'in-person', performedBy: 'person', resetBy: ['meeting', 'call'], idealDays: 20, maxDays: 35 },
    { id: 'note', kind: 'handwritten-note', channel: 'mail', performedBy: 'person', resetBy: ['handwritten-note'], idealDays: 60, maxDays: 90, giftTier: 'standard' },
  ],
}

/** A 30-day window that renews, with a letter after its call, graduating to `check-in`. */
const sprint: PlanDefinition = {
  id: 'sprint',
  name: 'Sprint',
  audience: 'test contacts',
  period: { unit: 'days', days: 30 },
  renews: true,
  graduatesTo: 'check-in',
  steps: [
    { id: 'hello', kind: 'call', channel: 'text', performedBy: 'sent', timing: { rule: 'offset', days: [0, 12] } },
    { id: 'call', kind: 'call', channel: 'phone', performedBy: 'person', timing: { rule: 'offset', days: [5, 20] } },
    { id: 'thanks', kind: 'letter', channel: 'email', performedBy: 'sent', timing: { rule: 'after-step', step: 'call', occurrences: [1, 2], days: 1 } },
  ],
}

/** The built-in plans and the two above. */
export const TEST_PLANS: PlanCatalogue = { ...builtInPlans, 'check-in': checkIn, sprint }

/**
 * The built-in calendar sets and a host's sparse one: three card holidays, so the 33-touch
 * year's seven holiday cards fall short and every plan year notes it (`too-few-holidays`).
 */
export const TEST_CALENDARS = calendarRegistry([...Object.values(builtInCalendars), { ...builtInCalendars.us, id: 'sparse', name: 'Sparse', cardHolidays: builtInCalendars.us.cardHolidays.slice(0, 3) }])

const PLAN_IDS = ['client-for-life-33', 'advocate-appreciation-33', '8x8', '12-direct', 'ally-cadence', 'core-cadence', 'check-in', 'sprint', 'no-such-plan'] as const
export const ZONES = ['America/New_York', 'Asia/Riyadh', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Europe/London', undefined] as const
const SETS = ['us', 'uk', 'sa', 'sparse', 'eg', 'nowhere'] as const
const CHANNELS = ['mail', 'phone', 'text', 'mail', 'phone', 'email', 'in-person', 'all'] as const
const LOGGED = ['meeting', 'call', 'handwritten-note', 'dinner-invitation', 'newsletter'] as const
const DATES = ['--05-05', '--02-29', '--12-31', '1980-07-04', '1990-11', '--01-02'] as const

const OPS = [
  'add',
  'refer',
  'thank',
  'consent',
  'resume',
  'enroll',
  'complete',
  'complete',
  'complete',
  'complete',
  'complete',
  'skip',
  'reschedule',
  'pause',
  'resume',
  'end',
  'consent',
  'date',
  'undate',
  'interest',
  'log',
  'move',
  'rename',
  'assign',
  'refer',
  'advance',
  'thank',
  'erase',
  'redeliver',
] as const
type OpKind = (typeof OPS)[number]

/** One step of a script: what to do, and the numbers its choices are read from. */
export interface Op {
  readonly kind: OpKind
  readonly a: number
  readonly b: number
  /** A signed offset in days (a date ahead or behind). */
  readonly c: number
  /** Days (and minutes) the clock moves before the event. */
  readonly d: number
}

const opArb: fc.Arbitrary<Op> = fc.record({
  kind: fc.constantFrom(...OPS),
  a: fc.nat(),
  b: fc.nat(),
  c: fc.integer({ min: -420, max: 420 }),
  d: fc.nat({ max: 40 }),
})

/**
 * A network's events: a script of operations from a start day, each choice read against the
 * state so far. Contacts are added first (so most operations find someone).
 */
export const arbitraryNetwork = (options: { readonly maxOps?: number; readonly contacts?: number } = {}): fc.Arbitrary<RelationshipEvent[]> =>
  fc
    .record({
      start: fc.integer({ min: toDayNumber('2024-01-01' as CalendarDate), max: toDayNumber('2027-06-30' as CalendarDate) }),
      contacts: fc.array(fc.record({ zone: fc.nat(), set: fc.nat(), plan: fc.nat(), back: fc.nat({ max: 500 }) }), { minLength: 1, maxLength: options.contacts ?? 4 }),
      // Scripts of any length up to the most, not mostly short ones: an agenda needs a few
      // dozen events to show everything it can.
      ops: fc.array(opArb, { maxLength: options.maxOps ?? 60, size: 'max' }),
    })
    .map(({ start, contacts, ops }) => scriptEvents(start, contacts, ops))

let seq = 0

/** The events of a script (see `arbitraryNetwork`). */
export const scriptEvents = (
  start: number,
  contacts: ReadonlyArray<{ zone: number; set: number; plan: number; back: number }>,
  ops: readonly Op[],
): RelationshipEvent[] => {
  const run = `n${seq++}`
  let n = 0
  let state: NetworkState = initialNetwork
  let ms = Date.UTC(1970, 0, 1) + start * 86_400_000 + 9 * 3_600_000
  const events: RelationshipEvent[] = []
  const day = (): CalendarDate => new Date(ms).toISOString().slice(0, 10) as CalendarDate
  const emit = (contactId: string, type: RelationshipEvent['type'], payload: Record<string, unknown>): void => {
    const e = { id: `${run}-${n++}`, type, at: new Date(ms).toISOString(), schema: SCHEMA_VERSIONS[type], contactId, ...payload } as unknown as RelationshipEvent
    events.push(e)
    state = evolve(state, e)
  }
  const pick = <T>(xs: readonly T[], k: number): T | undefined => xs[k % Math.max(1, xs.length)]
  const addContact = (k: number, zone: number, set: number): string => {
    const id = `c${k}`
    const tz = pick(ZONES, zone)
    emit(id, 'ContactAdded', { name: `Name ${k}`, met: true, calendarSet: pick(SETS, set), ...(tz === undefined ? {} : { timeZone: tz }) })
    return id
  }
  contacts.forEach((c, k) => {
    const id = addContact(k, c.zone, c.set)
    // Enrolled up to 500 days back, so plan years renew within the days the agenda is read.
    emit(id, 'PlanEnrolled', { enrollmentId: `${id}-e0`, planId: pick(PLAN_IDS, c.plan), startDate: fromDayNumber(start - c.back) })
  })
  const live = () => [...state.contacts.values()].filter((c) => !c.erased)
  for (const o of ops) {
    ms += o.d * 86_400_000 + (o.a % 1440) * 60_000
    const people = live()
    const c = pick(people, o.a)
    const en = c === undefined ? undefined : pick(c.plans.enrollments, o.b)
    switch (o.kind) {
      case 'add':
        addContact(state.contacts.size, o.a, o.b)
        break
      case 'enroll':
        if (c !== undefined) emit(c.id, 'PlanEnrolled', { enrollmentId: `${c.id}-e${n}`, planId: pick(PLAN_IDS, o.b), startDate: addDays(day(), Math.max(-420, Math.min(30, o.c))) })
        break
      case 'complete':
      case 'skip':
      case 'reschedule': {
        if (c === undefined || en === undefined) break
        const plan = findPlan(TEST_PLANS, en.planId)
        if (plan === undefined) break
        const touches = schedule(plan, en, c, { through: addDays(day(), 400) }).touches
        // Touches of later plan years as often as of this one.
        const t = o.b % 2 === 0 ? pick(touches, o.b >> 3) : pick(touches, touches.length - 1 - ((o.b >> 3) % 40))
        if (t === undefined) break
        if (o.kind === 'complete') emit(c.id, 'TouchCompleted', { enrollmentId: en.enrollmentId, touchKey: t.touchKey, kind: t.kind, channel: t.channel, on: addDays(t.due, o.c % 5) })
        else if (o.kind === 'skip') emit(c.id, 'TouchSkipped', { enrollmentId: en.enrollmentId, touchKey: t.touchKey, reason: 'away' })
        // Moved by a signed offset, or to about today: a touch of a later plan year, brought
        // back, must wait for its plan year to be scheduled before an agenda shows it.
        else emit(c.id, 'TouchRescheduled', { enrollmentId: en.enrollmentId, touchKey: t.touchKey, to: o.a % 2 === 0 ? addDays(t.due, o.c) : addDays(day(), o.c % 20) })
        break
      }
      case 'pause':
        if (c !== undefined && en !== undefined) emit(c.id, 'PlanPaused', { enrollmentId: en.enrollmentId, from: addDays(day(), (o.c % 30) - 10) })
        break
      case 'resume': {
        // The paused enrollment of someone, when there is one.
        const paused = people.flatMap((p) => p.plans.enrollments.filter((x) => x.status === 'paused').map((x) => [p.id, x] as const))
        const [id, x] = pick(paused, o.b) ?? [c?.id, en]
        if (id !== undefined && x !== undefined) emit(id, 'PlanResumed', { enrollmentId: x.enrollmentId, on: addDays((x.pauses[x.pauses.length - 1]?.from ?? day()) as CalendarDate, Math.abs(o.c % 60)) })
        break
      }
      case 'end':
        if (c !== undefined && en !== undefined) emit(c.id, o.b % 2 === 0 ? 'PlanCancelled' : 'PlanCompleted', { enrollmentId: en.enrollmentId })
        break
      case 'consent':
        if (c !== undefined) emit(c.id, 'ConsentChanged', { channel: pick(CHANNELS, o.b), doNotContact: o.c >= 0 })
        break
      case 'date':
        if (c !== undefined) emit(c.id, 'PersonalDateRecorded', o.b % 3 === 0 ? { kind: 'custom', date: pick(DATES, o.c & 0xff), label: 'Opening' } : { kind: 'birthday', date: pick(DATES, o.c & 0xff) })
        break
      case 'undate':
        if (c !== undefined) emit(c.id, 'PersonalDateRemoved', { kind: 'birthday' })
        break
      case 'interest':
        if (c !== undefined) emit(c.id, 'InterestRecorded', { category: 'team', name: pick(['Hilal', 'Arsenal'], o.b), ...(o.c % 2 === 0 ? { seasonStart: '--08-20' } : {}) })
        break
      case 'log':
        // Sometimes dated ahead: a cadence must not count a touch before its day.
        if (c !== undefined) emit(c.id, 'TouchLogged', { kind: pick(LOGGED, o.b), channel: 'in-person', on: addDays(day(), Math.max(-60, Math.min(60, o.c))) })
        break
      case 'move':
        if (c !== undefined) emit(c.id, 'ContactUpdated', { timeZone: pick([...ZONES.slice(0, 5), null], o.b) ?? null, ...(o.c % 3 === 0 ? { calendarSet: pick(SETS, o.b) } : {}) })
        break
      case 'rename':
        if (c !== undefined) emit(c.id, 'ContactUpdated', { name: `Renamed ${n}` })
        break
      case 'assign':
        if (c !== undefined) emit(c.id, 'LeadAssigned', { assignee: pick(['agent-1', 'agent-2'], o.b) })
        break
      case 'refer': {
        const referee = pick(people, o.b)
        if (c !== undefined && referee !== undefined) emit(c.id, 'ReferralReceived', { referralId: `${run}-r${n}`, refereeId: referee.id })
        break
      }
      case 'advance': {
        const r = pick([...state.referrals.values()], o.b)
        const stage = pick(['contacted', 'appointment', 'under-contract', 'lost'] as const, o.a)
        if (r !== undefined) emit(r.referrerId, 'ReferralStageChanged', { referralId: r.referralId, stage, ...(stage === 'lost' ? { reason: 'moved' } : {}) })
        break
      }
      case 'thank': {
        const r = pick([...state.referrals.values()], o.b)
        if (r !== undefined) emit(r.referrerId, 'TouchLogged', { kind: o.a % 2 === 0 ? 'referral-thank-you' : 'referral-status-update', channel: 'mail', on: day(), referralId: r.referralId, ...(o.a % 2 === 0 ? {} : { stage: 'contacted' }) })
        break
      }
      case 'erase':
        if (c !== undefined && o.b % 3 === 0) emit(c.id, 'ContactErased', {})
        break
      case 'redeliver': {
        const e = pick(events, o.b)
        if (e !== undefined) {
          events.push(e)
          state = evolve(state, e)
        }
        break
      }
    }
  }
  return events
}

/** Days to read agendas on: around the stream's days, and up to four years after them. */
export const arbitraryDay = (events: readonly RelationshipEvent[]): fc.Arbitrary<Date> => {
  // Perturbed streams are not in time order (and may hold instants that are none).
  const times = events.map((e) => Date.parse(e.at)).filter(Number.isFinite)
  const first = times.length === 0 ? Date.parse('2026-01-01T00:00:00Z') : Math.min(...times)
  const last = times.length === 0 ? first : Math.max(...times)
  return fc.oneof(
    fc.integer({ min: first - 60 * 86_400_000, max: last + 90 * 86_400_000 }).map((t) => new Date(t)),
    fc.integer({ min: last, max: last + 4 * 366 * 86_400_000 }).map((t) => new Date(t)),
  )
}

/** The options of an agenda that do not depend on the day, as an index is built with. */
export const arbitraryIndexOptions = fc.record(
  {
    plans: fc.constant(TEST_PLANS),
    calendars: fc.constant(TEST_CALENDARS),
    defaultTimeZone: fc.constantFrom('Asia/Riyadh', 'Pacific/Kiritimati', 'America/Los_Angeles', 'Pacific/Pago_Pago'),
    defaultCalendarSet: fc.constantFrom('uk', 'sa', 'sparse', 'nowhere'),
    quietHours: fc.constantFrom({ start: '10:30', end: '16:00' } as const, { start: '21:00', end: '08:00' } as const),
    feb29: fc.constantFrom('feb-28' as const, 'mar-1' as const),
    referralSla: fc.constantFrom({ clock: 'business-days' as const }, { hours: 2 }),
    referralTouchChannels: fc.constantFrom({ thankYou: 'email' as const }, { statusUpdate: 'text' as const }),
  },
  { requiredKeys: ['plans', 'calendars'] },
)
