/**
 * `schedule`: the planned touches of one enrollment, plan year by plan year.
 *
 * Everything runs on zone-free day numbers. A plan year starts at enrollment (plus whole
 * years) and ends the day before the next; a pause of p days ends the plan year p days
 * later. *Relative* touches (newsletters, calls, letters, give-aways, value-added items,
 * fallback cards, 8x8 weeks) still ahead when a pause starts shift forward by p days;
 * *anchored* cards (holidays, personal dates) keep their dates, and one due inside a pause
 * is due on the resume date, marked late. Person-performed touches land on business days.
 */
import { addMonths, fromDayNumber, isCalendarDate, toDayNumber, type CalendarDate } from '../core/calendar-date.js'
import { localDateOf } from '../core/zones.js'
import { moveToBusinessDayNumber } from '../calendars/business-days.js'
import {
  builtInCalendars,
  calendarRegistry,
  findCalendar,
  type CalendarRegistry,
  type CalendarSet,
  type ObservanceNames,
} from '../calendars/index.js'
import type { Channel, PersonalDateKind, TouchKind } from '../events/index.js'
import type { ContactState, EnrollmentState, TouchOutcome } from '../state/index.js'
import { TOUCH_MESSAGES, type Counts, type PerformedBy, type PlanDefinition, type PlanStep, type TouchMessage } from './definition.js'
import { placeTiming, timingFollows } from './timing/registry.js'
import type { Draft, Pause, PlacedTouch, Placement, PlanYearContext } from './timing/rule.js'
import { touchKeyFor, type TouchOccurrence } from './touch-key.js'

/** What a planned touch hangs on: why it is due when it is. */
export type Anchor =
  | { readonly type: 'plan-day'; readonly day: number }
  | { readonly type: 'months-after-start'; readonly months: number }
  | { readonly type: 'monthly'; readonly month: number }
  | { readonly type: 'season'; readonly monthDay: string }
  | {
      readonly type: 'holiday'
      readonly holidayId: string
      readonly names: ObservanceNames
      readonly holidayDate: CalendarDate
      readonly calendarSet: string
    }
  | {
      readonly type: 'personal-date'
      readonly kind: PersonalDateKind
      readonly label?: string
      /** The date as recorded (`--12-10`, `1980-12-10`). */
      readonly recorded: string
      /** The occurrence the card is for. */
      readonly date: CalendarDate
    }
  | { readonly type: 'fallback'; readonly slot: number; readonly day: number }
  | { readonly type: 'after'; readonly touchKey: string; readonly days: number }
  | { readonly type: 'interest'; readonly name: string; readonly seasonStart: CalendarDate }

/** One planned touch. Its status (upcoming, due, overdue…) is derived by the agenda, never stored. */
export interface PlannedTouch {
  /** Stable within the enrollment: the same touch keeps it when re-planned (pause, reschedule). */
  readonly touchKey: string
  readonly enrollmentId: string
  readonly planId: string
  readonly stepId: string
  readonly contactId: string
  /** 0 for the plan year that starts at enrollment. */
  readonly planYear: number
  readonly kind: TouchKind
  readonly channel: Channel
  readonly performedBy: PerformedBy
  /** Counts toward the plan's total, or apart as a value-added item. */
  readonly counts: Counts
  /** The contact's local date the touch is due. */
  readonly due: CalendarDate
  readonly anchor: Anchor
  /** The value-added item it carries, if any. */
  readonly item?: string
  /** What every touch carries: a short referral reminder and the team's value proposition. */
  readonly messages: readonly TouchMessage[]
  /** A seasonal greeting standing in for a personal date the contact has not given. */
  readonly fallback: boolean
  /** Due on a resume date because its anchor fell inside a pause. */
  readonly late: boolean
  /** The contact refused this channel: never due, still counted. */
  readonly blocked: boolean
  /** The enrollment is paused with no resume date yet: not scheduled until it resumes. */
  readonly onHold: boolean
  /**
   * How many times events have moved its due date: its `TouchRescheduled` events plus the
   * pauses whose resume moved it (a relative touch ahead of the pause shifts; an anchored
   * card due inside the pause moves to the resume date). 0 for a touch never moved; it only
   * grows as events are appended, and a pause raises it on exactly the touches it moved, so
   * a calendar export can use it as iCalendar `SEQUENCE`.
   */
  readonly revision: number
  /** The date it had before a `TouchRescheduled`. */
  readonly rescheduledFrom?: CalendarDate
  /** Done or skipped, as recorded. */
  readonly outcome?: TouchOutcome
}

/** A plan year (or the plan's window), first and last day inclusive. */
export interface PlanYear {
  readonly index: number
  readonly start: CalendarDate
  readonly end: CalendarDate
  /** Days of pause that lengthened it. */
  readonly pausedDays: number
}

/** Something the schedule could not do as planned, for the agenda to say. */
export type ScheduleNote =
  | { readonly type: 'missing-personal-dates'; readonly planYear: number; readonly fallbackCards: number }
  | { readonly type: 'date-without-day'; readonly kind: PersonalDateKind; readonly label?: string }
  | { readonly type: 'interest-without-season'; readonly name: string }
  | { readonly type: 'unknown-calendar-set'; readonly calendarSet: string; readonly used: string }
  | { readonly type: 'too-few-holidays'; readonly planYear: number; readonly found: number; readonly wanted: number }
  | { readonly type: 'on-hold'; readonly since: CalendarDate }

/** A proposal to move the contact to another plan once this one's last touch is past. */
export interface Graduation {
  readonly planId: string
  /** The last step's due date: graduation is proposed after it, done or not. */
  readonly after: CalendarDate
}

/** The schedule of one enrollment. */
export interface Schedule {
  readonly enrollmentId: string
  readonly planId: string
  readonly contactId: string
  readonly planYears: readonly PlanYear[]
  /** Sorted by due date, then by step order. */
  readonly touches: readonly PlannedTouch[]
  readonly notes: readonly ScheduleNote[]
  readonly graduation?: Graduation
}

/** Options of `schedule`. */
export interface ScheduleOptions {
  /** How many plan years to compute, from plan year 0 (default 1); ignored when `through` is given. */
  readonly years?: number
  /** Compute every plan year that starts on or before this date, `YYYY-MM-DD` (renewing plans). */
  readonly through?: string
  /** Calendar sets to resolve the contact's `calendarSet` (default: the built-in sets). */
  readonly calendars?: CalendarRegistry
  /** The set used when the contact names none or an unknown one (default `us`). */
  readonly defaultCalendarSet?: string
  /** Where a Feb 29 personal date falls in common years (default `feb-28`). */
  readonly feb29?: 'feb-28' | 'mar-1'
}

const BUILT_IN_REGISTRY = calendarRegistry(builtInCalendars)

/** The last day a plan year may start on (its year, and the one after, are real years). */
const LAST_PLAN_YEAR_START = toDayNumber('9997-12-31' as CalendarDate)

/** Resolves the calendar set for a contact, noting a fallback. */
const calendarFor = (contact: ContactState, options: ScheduleOptions, notes: ScheduleNote[]): CalendarSet => {
  const registry = options.calendars ?? BUILT_IN_REGISTRY
  const fallbackId = options.defaultCalendarSet ?? 'us'
  const wanted = contact.profile?.calendarSet ?? fallbackId
  const found = findCalendar(registry, wanted)
  if (found._tag === 'Some') return found.value
  const fallback = findCalendar(registry, fallbackId)
  const used = fallback._tag === 'Some' ? fallback.value : builtInCalendars.us
  notes.push({ type: 'unknown-calendar-set', calendarSet: wanted, used: used.id })
  return used
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

/**
 * The planned touches of an enrollment: for each plan year computed, every step's touches,
 * with their due dates, anchors and stable keys; statuses are left to the agenda. Nothing is
 * scheduled for an erased contact, and nothing new after an enrollment ends.
 *
 * @example
 * const s = schedule(builtInPlans['client-for-life-33'], enrollment, contact, { years: 1 })
 * s.touches.filter((t) => t.counts === 'plan').length // 33
 */
export const schedule = (
  plan: PlanDefinition,
  enrollment: EnrollmentState,
  contact: ContactState,
  options: ScheduleOptions = {},
): Schedule => {
  const notes: ScheduleNote[] = []
  const base = { enrollmentId: enrollment.enrollmentId, planId: plan.id, contactId: contact.id }
  if (contact.erased || !isCalendarDate(enrollment.startDate)) return { ...base, planYears: [], touches: [], notes }
  const set = calendarFor(contact, options, notes)
  const pauses: Pause[] = enrollment.pauses
    .filter((p) => isCalendarDate(p.from))
    .map((p) => ({ from: toDayNumber(p.from as CalendarDate), to: p.to !== undefined && isCalendarDate(p.to) ? toDayNumber(p.to) : undefined }))
    .sort((a, b) => a.from - b.from)
  const openPause = pauses.find((p) => p.to === undefined)
  if (openPause !== undefined) notes.push({ type: 'on-hold', since: fromDayNumber(openPause.from) })
  const endedOn =
    (enrollment.status === 'cancelled' || enrollment.status === 'completed') && enrollment.endedAt !== undefined
      ? toDayNumber(localDateOf(Date.parse(enrollment.endedAt), contact.profile?.timeZone))
      : undefined
  const through = options.through !== undefined && isCalendarDate(options.through) ? toDayNumber(options.through) : undefined
  const run: Run = {
    plan,
    contact,
    set,
    feb29: options.feb29 ?? 'feb-28',
    startDate: enrollment.startDate,
    years: through !== undefined ? undefined : Math.max(1, Math.floor(Number.isFinite(options.years) ? (options.years as number) : 1)),
    through,
    endedOn,
  }
  const { planYears, drafts } = draftYears(run, pauses, notes)
  const moves = pauseMoves(run, pauses, drafts, openPause !== undefined)

  const refused = new Set(contact.consent.refused)
  // Built as plain literals and sorted on numbers: this loop runs 33 times per contact-year.
  const placed: Array<{ touch: PlannedTouch; day: number; stepIndex: number }> = []
  for (const d of drafts) {
    const outcome = enrollment.outcomes.get(d.key)
    const moved = enrollment.reschedules.get(d.key)
    if (endedOn !== undefined && outcome === undefined && d.due > endedOn) continue
    const due = fromDayNumber(d.due)
    const rescheduled = moved !== undefined && isCalendarDate(moved) ? moved : undefined
    const touch: Mutable<PlannedTouch> = {
      touchKey: d.key,
      enrollmentId: base.enrollmentId,
      planId: base.planId,
      contactId: base.contactId,
      stepId: d.step.id,
      planYear: d.planYear,
      kind: d.step.kind,
      channel: d.step.channel,
      performedBy: d.step.performedBy,
      counts: d.step.counts ?? 'plan',
      due: rescheduled ?? due,
      anchor: d.anchor,
      messages: TOUCH_MESSAGES,
      fallback: d.fallbackItem !== undefined,
      late: d.late,
      blocked: refused.has(d.step.channel),
      onHold: d.onHold,
      revision: (enrollment.rescheduleCounts.get(d.key) ?? 0) + (moves?.get(d.key) ?? 0),
    }
    const item = d.step.item ?? d.fallbackItem
    if (item !== undefined) touch.item = item
    if (rescheduled !== undefined && rescheduled !== due) touch.rescheduledFrom = due
    if (outcome !== undefined) touch.outcome = outcome
    placed.push({ touch, day: rescheduled === undefined ? d.due : toDayNumber(rescheduled), stepIndex: d.stepIndex })
  }
  placed.sort((a, b) => a.day - b.day || a.stepIndex - b.stepIndex || (a.touch.touchKey < b.touch.touchKey ? -1 : 1))
  const touches = placed.map((p) => p.touch)

  const result: Schedule = { ...base, planYears, touches, notes }
  if (plan.graduatesTo !== undefined && planYears.length > 0) {
    const last = drafts.filter((d) => d.planYear === 0).reduce((m, d) => Math.max(m, d.due), -Infinity)
    if (Number.isFinite(last)) return { ...result, graduation: { planId: plan.graduatesTo, after: fromDayNumber(last) } }
  }
  return result
}

/**
 * How many of the enrollment's pauses moved each touch's due date (before any reschedule),
 * by key; undefined when no pause has ended. Each resume is replayed in turn: the touches
 * drafted with the pauses up to it are compared with those drafted with the pauses before
 * it, and a touch whose date differs was moved by it. Comparing dates, rather than asking
 * which touches a pause shifts, keeps the count exact where a shift changes nothing (a call
 * shifted over a weekend back onto its own date): a calendar export raises `SEQUENCE` on
 * exactly the touches a pause moved. An open pause moves nothing until it ends. Costs one
 * more drafting per ended pause, and nothing for an enrollment never paused.
 */
const pauseMoves = (run: Run, pauses: readonly Pause[], drafts: readonly Draft[], open: boolean): ReadonlyMap<string, number> | undefined => {
  if (pauses.length === 0) return undefined
  const ended = pauses.filter((p) => p.to !== undefined)
  if (ended.length === 0) return undefined
  const duesOf = (ds: readonly Draft[]): Map<string, number> => new Map(ds.map((d) => [d.key, d.due]))
  const moves = new Map<string, number>()
  let before = duesOf(draftYears(run, [], []).drafts)
  for (let i = 1; i <= ended.length; i++) {
    // With no pause still open, the schedule's own drafts are the ones with every pause.
    const after = i === ended.length && !open ? duesOf(drafts) : duesOf(draftYears(run, ended.slice(0, i), []).drafts)
    for (const [key, due] of after) {
      const was = before.get(key)
      if (was !== undefined && was !== due) moves.set(key, (moves.get(key) ?? 0) + 1)
    }
    before = after
  }
  return moves
}

/** What the plan years of an enrollment are drafted from, pauses aside. */
interface Run {
  readonly plan: PlanDefinition
  readonly contact: ContactState
  readonly set: CalendarSet
  readonly feb29: 'feb-28' | 'mar-1'
  readonly startDate: CalendarDate
  /** How many plan years to draft; undefined when `through` says. */
  readonly years: number | undefined
  /** Draft every plan year that starts on or before this day. */
  readonly through: number | undefined
  /** The local day the enrollment ended (cancelled or completed). */
  readonly endedOn: number | undefined
}

/** Drafts every plan year of a run with the given pauses: the plan years and their touches, dated. */
const draftYears = (run: Run, pauses: readonly Pause[], notes: ScheduleNote[]): { planYears: PlanYear[]; drafts: Draft[] } => {
  const { plan, contact, set, feb29, startDate, years, through, endedOn } = run
  const start = toDayNumber(startDate)
  const yearly = plan.period.unit === 'year'
  /** Unshifted first day of window k. */
  const baseStart = (k: number): number =>
    yearly ? toDayNumber(addMonths(startDate, 12 * k)) : start + k * (plan.period.unit === 'days' ? plan.period.days : 0)
  /** First day of window k after the pauses that began before it (undefined: on hold). */
  const effectiveStart = (k: number): number | undefined => {
    let s = baseStart(k)
    for (const p of pauses) {
      if (p.from >= s) break
      if (p.to === undefined) return undefined
      s += p.to - p.from
    }
    return s
  }

  const order = placementOrder(plan)
  const drafts: Draft[] = []
  const planYears: PlanYear[] = []
  for (let k = 0; ; k++) {
    if (k > 0 && !plan.renews) break
    if (years !== undefined && k >= years) break
    const s = effectiveStart(k)
    if (s === undefined) break
    if (through !== undefined && k > 0 && s > through) break
    if (endedOn !== undefined && k > 0 && s > endedOn) break
    // The calendar ends at 9999-12-31: a plan year must fit before it.
    if (s > LAST_PLAN_YEAR_START) break
    const length = baseStart(k + 1) - baseStart(k)
    const nextStart = effectiveStart(k + 1)
    const end = nextStart === undefined ? s + length - 1 + pausedWithin(pauses, s) : nextStart - 1
    planYears.push({ index: k, start: fromDayNumber(s), end: fromDayNumber(end), pausedDays: end - s + 1 - length })
    const year: PlanYearContext = { plan, contact, set, feb29, planYear: k, start: s, length, last: s + length - 1, end, pauses, drafts, notes }
    scheduleYear(year, order)
    if (k > 400) break
  }
  return { planYears, drafts }
}

/** The order steps are placed in: each after the step it follows (remembered per plan object). */
const placementOrders = new WeakMap<PlanDefinition, readonly number[]>()
const placementOrder = (plan: PlanDefinition): readonly number[] => {
  const hit = placementOrders.get(plan)
  if (hit !== undefined) return hit
  const steps = plan.steps
  const index = new Map(steps.map((s, i) => [s.id, i]))
  const order: number[] = []
  const done = new Set<number>()
  for (let pass = 0; pass < steps.length && order.length < steps.length; pass++) {
    steps.forEach((step, i) => {
      if (done.has(i)) return
      const follows = timingFollows(step.timing)
      const target = follows === undefined ? undefined : index.get(follows)
      if (target === undefined || done.has(target)) {
        done.add(i)
        order.push(i)
      }
    })
  }
  // Steps that follow each other in a circle (validatePlan refuses them) come last and find
  // nothing placed to follow.
  steps.forEach((_, i) => {
    if (!done.has(i)) order.push(i)
  })
  placementOrders.set(plan, order)
  return order
}

/** Days of closed pauses that begin inside a window starting at `s` (open pauses end it). */
const pausedWithin = (pauses: readonly Pause[], s: number): number => {
  let extra = 0
  for (const p of pauses) if (p.from >= s && p.to !== undefined) extra += p.to - p.from
  return extra
}

/**
 * Shifts a relative date by the pauses that start inside its plan year on or before it.
 * Returns the shifted date, the last resume date crossed (a business-day move must not go
 * back into the pause) and whether an open pause holds it.
 */
const shiftRelative = (
  due: number,
  yearStart: number,
  pauses: readonly Pause[],
): { due: number; floor: number; onHold: boolean } => {
  let d = due
  let floor = yearStart
  for (const p of pauses) {
    if (p.from < yearStart) continue
    if (p.from > d) break
    if (p.to === undefined) return { due: d, floor, onHold: true }
    d += p.to - p.from
    floor = p.to
  }
  return { due: d, floor, onHold: false }
}

/** Anchored dates keep their day; one inside a pause is due on the resume date, late. */
const placeAnchored = (due: number, pauses: readonly Pause[]): { due: number; late: boolean; onHold: boolean } => {
  for (const p of pauses) {
    if (due < p.from) continue
    if (p.to === undefined) return { due, late: false, onHold: true }
    if (due < p.to) return { due: p.to, late: true, onHold: false }
  }
  return { due, late: false, onHold: false }
}

/**
 * Drafts the touches of one plan year (or window): each step's, by its timing rule, in an
 * order that puts a step after the one it follows.
 */
const scheduleYear = (year: PlanYearContext, order: readonly number[]): void => {
  const drafts = new YearDrafts(year)
  for (const stepIndex of order) {
    const step = year.plan.steps[stepIndex] as PlanStep
    placeTiming(step.timing, new StepPlacement(drafts, step, stepIndex))
  }
}

/** A plan year's drafts. */
class YearDrafts {
  private readonly first: number
  constructor(readonly year: PlanYearContext) {
    this.first = year.drafts.length
  }

  add(draft: Draft): void {
    this.year.drafts.push(draft)
  }

  /** The plan year's draft with a key: a scan of a few dozen, cheaper than building an index. */
  find(key: string): Draft | undefined {
    const { drafts } = this.year
    for (let i = this.first; i < drafts.length; i++) if ((drafts[i] as Draft).key === key) return drafts[i]
    return undefined
  }
}

/**
 * The placement of one step in one plan year. A class, not closures: it is made for every
 * step of every plan year of every contact, and its methods are made once.
 */
class StepPlacement implements Placement {
  readonly year: PlanYearContext
  constructor(
    private readonly drafts: YearDrafts,
    readonly step: PlanStep,
    private readonly stepIndex: number,
  ) {
    this.year = drafts.year
  }

  relative(occurrence: TouchOccurrence, day: number, anchor: Anchor, fallbackItem?: string): void {
    const { start, end, pauses } = this.year
    // Most enrollments never pause: no shift to work out.
    if (pauses.length === 0) return this.add(occurrence, this.businessDay(Math.min(day, end), start), anchor, fallbackItem, false, false, start)
    const shifted = shiftRelative(day, start, pauses)
    this.add(occurrence, this.businessDay(Math.min(shifted.due, end), shifted.floor), anchor, fallbackItem, false, shifted.onHold, shifted.floor)
  }

  anchored(occurrence: TouchOccurrence, day: number, anchor: Anchor): void {
    const { start, pauses } = this.year
    if (pauses.length === 0) return this.add(occurrence, this.businessDay(day, start), anchor, undefined, false, false, start)
    const at = placeAnchored(day, pauses)
    this.add(occurrence, this.businessDay(at.due, start), anchor, undefined, at.late, at.onHold, start)
  }

  placed(stepId: string, occurrence: TouchOccurrence): PlacedTouch | undefined {
    return this.drafts.find(touchKeyFor(this.year.planYear, stepId, occurrence))
  }

  exact(occurrence: TouchOccurrence, touch: Omit<PlacedTouch, 'key'> & { readonly anchor: Anchor }): void {
    this.add(occurrence, touch.due, touch.anchor, undefined, false, touch.onHold, touch.floor)
  }

  note(note: ScheduleNote): void {
    this.year.notes.push(note)
  }

  /**
   * A touch a person performs lands on a business day inside the plan year, not back in a
   * pause it was shifted over. One on hold too: it keeps the date it had before the pause
   * (an open pause moves nothing) until the resume shifts it.
   */
  private businessDay(due: number, floor: number): number {
    if (this.step.performedBy !== 'person') return due
    const { set, start, end } = this.year
    return moveToBusinessDayNumber(set, due, Math.max(floor, start), end)
  }

  private add(occurrence: TouchOccurrence, due: number, anchor: Anchor, fallbackItem: string | undefined, late: boolean, onHold: boolean, floor: number): void {
    const { planYear } = this.year
    // One literal with its fields in one order: drafts are made 33 times a contact-year.
    this.drafts.add({ key: touchKeyFor(planYear, this.step.id, occurrence), stepIndex: this.stepIndex, step: this.step, planYear, due, anchor, fallbackItem, late, onHold, floor })
  }
}
