/**
 * `schedule`: the planned touches of one enrollment, plan year by plan year (DESIGN §4.4).
 *
 * Everything runs on zone-free day numbers. A plan year starts at enrollment (plus whole
 * years) and ends the day before the next; a pause of p days ends the plan year p days
 * later. *Relative* touches (newsletters, calls, letters, give-aways, value-added items,
 * fallback cards, 8x8 weeks) still ahead when a pause starts shift forward by p days;
 * *anchored* cards (holidays, personal dates) keep their dates, and one due inside a pause
 * is due on the resume date, marked late. Person-performed touches land on business days.
 */
import * as E from 'fp-ts/lib/Either.js'
import {
  addMonths,
  daysInMonth,
  dayNumberToYmd,
  fromDayNumber,
  isCalendarDate,
  isMonthDay,
  monthDayInYear,
  toDayNumber,
  ymdToDayNumber,
  type CalendarDate,
  type MonthDay,
} from '../core/calendar-date.js'
import { localDateOf } from '../core/zones.js'
import { isBusinessDayNumber } from '../calendars/business-days.js'
import {
  builtInCalendars,
  calendarRegistry,
  cardHolidaysForPlanYear,
  findCalendar,
  moveToBusinessDay,
  type CalendarRegistry,
  type CalendarSet,
  type ObservanceNames,
} from '../calendars/index.js'
import type { Channel, PersonalDateKind, TouchKind } from '../events/index.js'
import type { ContactState, EnrollmentState, PersonalDateEntry, TouchOutcome } from '../state/index.js'
import {
  OBSERVANCE_CARD_KINDS,
  TOUCH_MESSAGES,
  type Counts,
  type PerformedBy,
  type PlanDefinition,
  type PlanStep,
  type TouchMessage,
} from './definition.js'
import { nth, touchKeyFor } from './touch-key.js'

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

interface Pause {
  readonly from: number
  readonly to: number | undefined
}

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

const ymd = (y: number, m: number, d: number): number => ymdToDayNumber(y, m, Math.min(d, daysInMonth(y, m)))

/** The first month-day occurrence on or after day `from`, as a day number (`md` not Feb 29). */
const monthDayOnOrAfter = (month: number, day: number, from: number): number => {
  const { year } = dayNumberToYmd(from)
  const c = ymd(year, month, day)
  return c >= from ? c : ymd(year + 1, month, day)
}

/**
 * The first occurrence of a personal (or season) month-day whose due date — `lead` days
 * before it — falls inside `lo … hi`; undefined when none does.
 */
const firstOccurrenceDue = (
  md: MonthDay,
  lead: number,
  lo: number,
  hi: number,
  feb29: 'feb-28' | 'mar-1',
  onceEveryYear: boolean,
): { readonly date: number; readonly due: number } | undefined => {
  const firstYear = dayNumberToYmd(lo + lead).year
  for (let y = firstYear; y <= firstYear + 2; y++) {
    const date = toDayNumber(monthDayInYear(md, y, feb29))
    const due = date - lead
    if (due >= lo && due <= hi) return { date, due }
    // A Feb 29 date observed on Feb 28 in common years is 366 days from one occurrence to the
    // next across a leap day, so one plan year (365 days) can fall between them. A personal
    // date then has no card that year (DESIGN §4.4: a fallback stands in); a step that must
    // come once every year has its next occurrence due a day early, on the year's last day.
    if (onceEveryYear && due === hi + 1) return { date, due: hi }
    if (due > hi) return undefined
  }
  return undefined
}

/** The month-day of a personal date, or undefined when it has no day (`YYYY-MM`). */
const monthDayOf = (recorded: string): MonthDay | undefined => {
  if (isMonthDay(recorded)) return recorded
  if (isCalendarDate(recorded)) return `--${recorded.slice(5)}` as MonthDay
  return undefined
}

const ORDER = new Map<PersonalDateKind, number>(OBSERVANCE_CARD_KINDS.map((k, i) => [k, i]))

/** The personal dates that can anchor cards, in the plan's kind order (then label). */
const anchorableDates = (
  dates: readonly PersonalDateEntry[],
  kinds: readonly PersonalDateKind[],
): Array<PersonalDateEntry & { md: MonthDay }> => {
  const rank = new Map(kinds.map((k, i) => [k, i]))
  return dates
    .filter((d) => rank.has(d.kind))
    .flatMap((d) => {
      const md = monthDayOf(d.date)
      return md === undefined ? [] : [{ ...d, md }]
    })
    .sort(
      (a, b) =>
        (rank.get(a.kind) ?? 0) - (rank.get(b.kind) ?? 0) ||
        (ORDER.get(a.kind) ?? 0) - (ORDER.get(b.kind) ?? 0) ||
        (a.label ?? '').localeCompare(b.label ?? ''),
    )
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

/** Touch drafts before outcomes and consent are attached. */
interface Draft {
  key: string
  stepIndex: number
  step: PlanStep
  planYear: number
  due: number
  anchor: Anchor
  fallback: boolean
  late: boolean
  onHold: boolean
  /** Lowest date a business-day move may reach (plan-year start, or a resume date crossed). */
  floor: number
}

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
  const feb29 = options.feb29 ?? 'feb-28'
  const set = calendarFor(contact, options, notes)
  const startDate = enrollment.startDate
  const start = toDayNumber(startDate)
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

  const wanted = options.through !== undefined && isCalendarDate(options.through) ? undefined : Math.max(1, Math.floor(Number.isFinite(options.years) ? (options.years as number) : 1))
  const through = options.through !== undefined && isCalendarDate(options.through) ? toDayNumber(options.through) : undefined
  const drafts: Draft[] = []
  const planYears: PlanYear[] = []

  for (let k = 0; ; k++) {
    if (k > 0 && !plan.renews) break
    if (wanted !== undefined && k >= wanted) break
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
    scheduleYear({ plan, contact, set, feb29, planYear: k, start: s, length, end, pauses, drafts, notes })
    if (k > 400) break
  }

  // Person-performed relative touches land on business days inside their window.
  const windowOf = new Map(planYears.map((y) => [y.index, y]))
  for (const d of drafts) {
    if (d.step.performedBy !== 'person' || d.anchor.type === 'after' || d.onHold) continue
    const y = windowOf.get(d.planYear)
    if (y === undefined) continue
    d.due = toDayNumber(
      moveToBusinessDay(set, fromDayNumber(d.due), { notBefore: fromDayNumber(Math.max(d.floor, toDayNumber(y.start))), notAfter: y.end }),
    )
  }
  // Steps that follow another step: `days` after its (moved) due date, then forward to a business day.
  const byKey = new Map(drafts.map((d) => [d.key, d]))
  plan.steps.forEach((step, stepIndex) => {
    if (step.timing.rule !== 'after-step') return
    const { step: targetId, occurrences, days } = step.timing
    for (const y of planYears) {
      for (const o of occurrences) {
        const targetKey = touchKeyFor(y.index, targetId, nth(o))
        const target = byKey.get(targetKey)
        if (target === undefined) continue
        let due = target.due + days
        let floor = target.floor
        let onHold = target.onHold
        for (const p of pauses) {
          if (p.from <= target.due || p.from > due) continue
          if (p.to === undefined) onHold = true
          else {
            due += p.to - p.from
            floor = p.to
          }
        }
        const end = toDayNumber(y.end)
        due = step.performedBy === 'person' ? followingBusinessDay(set, target.due, due, floor, end) : Math.min(due, end)
        drafts.push({
          key: touchKeyFor(y.index, step.id, nth(o)),
          stepIndex,
          step,
          planYear: y.index,
          due,
          anchor: { type: 'after', touchKey: targetKey, days },
          fallback: false,
          late: false,
          onHold,
          floor,
        })
      }
    }
  })

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
      fallback: d.fallback,
      late: d.late,
      blocked: refused.has(d.step.channel),
      onHold: d.onHold,
    }
    const item = d.step.item ?? (d.fallback ? fallbackItem(d.step) : undefined)
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
 * Where a touch that follows another lands when a person performs it (DESIGN §4.4 as amended
 * by §5.1): on its date (`due`, already `days` after the touch it follows) when that is a
 * business day, else on the next business day — however far a run of days off pushes it. A
 * person writes and posts a letter, and the post is closed on weekends and days-off holidays,
 * so across an Eid holiday next to a weekend it can be 8–10 days after its call, and that is
 * right. Only the plan year's end stops it: past that, it moves back to the plan year's last
 * business day after the touch it follows (and not back into a pause it was shifted over).
 * A plan year with no business day at all after that touch (a host's plan with a call on its
 * last business day) keeps the letter on its last day, the latest it can be.
 */
const followingBusinessDay = (set: CalendarSet, after: number, due: number, floor: number, end: number): number => {
  for (let d = due; d <= end; d++) if (isBusinessDayNumber(set, d)) return d
  for (let d = end; d > after && d >= floor; d--) if (isBusinessDayNumber(set, d)) return d
  return Math.min(due, end)
}

const fallbackItem = (step: PlanStep): string => (step.timing.rule === 'personal-date' ? step.timing.fallback.item : 'seasonal-greeting')

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
 * Everything one plan year (or the plan's window) is scheduled from. Dates are day numbers
 * (`toDayNumber`): schedules run on zone-free calendar dates (DESIGN §4.6).
 */
interface PlanYearContext {
  readonly plan: PlanDefinition
  readonly contact: ContactState
  /** The contact's calendar set: holidays and business days. */
  readonly set: CalendarSet
  /** Where a Feb 29 personal date falls in common years. */
  readonly feb29: 'feb-28' | 'mar-1'
  /** The plan year's index: 0 for the one that starts at enrollment. */
  readonly planYear: number
  /** Its first day, after the pauses that began in earlier plan years. */
  readonly start: number
  /** Its length as planned, in days (365 or 366; the window's days for an 8x8). */
  readonly length: number
  /** Its last day, later by the days of the pauses inside it. */
  readonly end: number
  /** The enrollment's pauses, by start. */
  readonly pauses: readonly Pause[]
  /** Where the year's touch drafts go. */
  readonly drafts: Draft[]
  /** Where what the schedule could not do as planned goes. */
  readonly notes: ScheduleNote[]
}

/** Drafts the touches of one plan year (or window). */
const scheduleYear = (year: PlanYearContext): void => {
  const { plan, contact, set, feb29, planYear: k, start: s, length, end, pauses, drafts, notes } = year
  // Selections (holidays, dates) use the plan year as it was planned: s … s + length − 1.
  const last = s + length - 1
  plan.steps.forEach((step, stepIndex) => {
    const relative = (key: string, unshifted: number, anchor: Anchor, fallback = false): void => {
      const shifted = shiftRelative(unshifted, s, pauses)
      drafts.push({ key, stepIndex, step, planYear: k, due: Math.min(shifted.due, end), anchor, fallback, late: false, onHold: shifted.onHold, floor: shifted.floor })
    }
    const anchored = (key: string, date: number, anchor: Anchor): void => {
      const placed = placeAnchored(date, pauses)
      drafts.push({ key, stepIndex, step, planYear: k, due: placed.due, anchor, fallback: false, late: placed.late, onHold: placed.onHold, floor: s })
    }
    const tm = step.timing
    switch (tm.rule) {
      case 'offset':
        tm.days.forEach((day, i) => {
          if (day < length) relative(touchKeyFor(k, step.id, nth(i + 1)), s + day, { type: 'plan-day', day })
        })
        break
      case 'months-after-start':
        tm.months.forEach((m, i) => {
          relative(touchKeyFor(k, step.id, nth(i + 1)), toDayNumber(addMonths(fromDayNumber(s), m)), { type: 'months-after-start', months: m })
        })
        break
      case 'monthly': {
        const first = dayNumberToYmd(s)
        let index = first.year * 12 + first.month - 1
        if (ymd(first.year, first.month, tm.dayOfMonth) < s) index++
        for (let i = 0; i < tm.count; i++, index++) {
          const y = Math.floor(index / 12)
          const m = (index % 12) + 1
          // The last one never leaves the plan year (a Feb 29 start with newsletters on the 28th).
          relative(touchKeyFor(k, step.id, nth(i + 1)), Math.min(ymd(y, m, tm.dayOfMonth), last), { type: 'monthly', month: i + 1 })
        }
        break
      }
      case 'seasonal': {
        const date = monthDayOnOrAfter(tm.month, tm.day ?? 1, s)
        const md = `--${String(tm.month).padStart(2, '0')}-${String(tm.day ?? 1).padStart(2, '0')}`
        relative(touchKeyFor(k, step.id, nth(1)), date, { type: 'season', monthDay: md })
        break
      }
      case 'spread':
        for (let i = 0; i < tm.count; i++) {
          const day = Math.floor(365 / (2 * tm.count)) + Math.floor((365 * i) / tm.count)
          relative(touchKeyFor(k, step.id, nth(i + 1)), s + day, { type: 'plan-day', day })
        }
        break
      case 'observance': {
        const cards = cardHolidaysForPlanYear(set, fromDayNumber(s), fromDayNumber(last), tm.leadDays)
        if (E.isLeft(cards)) {
          notes.push({ type: 'too-few-holidays', planYear: k, found: 0, wanted: tm.count })
          break
        }
        const chosen = [...cards.right].sort((a, b) => a.rank - b.rank).slice(0, tm.count)
        if (chosen.length < tm.count) notes.push({ type: 'too-few-holidays', planYear: k, found: chosen.length, wanted: tm.count })
        for (const c of chosen) {
          anchored(touchKeyFor(k, step.id, { type: 'holiday', holidayId: c.id }), toDayNumber(c.dueDate), {
            type: 'holiday',
            holidayId: c.id,
            names: c.names,
            holidayDate: c.holidayDate,
            calendarSet: set.id,
          })
        }
        break
      }
      case 'personal-date': {
        if (k === 0) {
          for (const d of contact.profile?.personalDates ?? []) {
            if (tm.kinds.includes(d.kind) && monthDayOf(d.date) === undefined) {
              notes.push(d.label === undefined ? { type: 'date-without-day', kind: d.kind } : { type: 'date-without-day', kind: d.kind, label: d.label })
            }
          }
        }
        let placed = 0
        for (const d of anchorableDates(contact.profile?.personalDates ?? [], tm.kinds)) {
          if (placed >= tm.count) break
          const found = firstOccurrenceDue(d.md, tm.leadDays, s, last, feb29, false)
          if (found === undefined) continue
          const { date, due } = found
          placed++
          const key = touchKeyFor(k, step.id, { type: 'personal-date', kind: d.kind, label: d.label })
          const anchor: Anchor =
            d.label === undefined
              ? { type: 'personal-date', kind: d.kind, recorded: d.date, date: fromDayNumber(date) }
              : { type: 'personal-date', kind: d.kind, label: d.label, recorded: d.date, date: fromDayNumber(date) }
          anchored(key, due, anchor)
        }
        const missing = tm.count - placed
        if (missing > 0) notes.push({ type: 'missing-personal-dates', planYear: k, fallbackCards: missing })
        for (let j = 0; j < missing; j++) {
          const day = tm.fallback.days[j]
          if (day === undefined || day >= length) continue
          relative(touchKeyFor(k, step.id, { type: 'fallback', slot: j + 1 }), s + day, { type: 'fallback', slot: j + 1, day }, true)
        }
        break
      }
      case 'interest':
        for (const interest of contact.profile?.interests ?? []) {
          if (interest.category !== tm.category) continue
          if (interest.seasonStart === undefined || !isMonthDay(interest.seasonStart)) {
            if (k === 0) notes.push({ type: 'interest-without-season', name: interest.name })
            continue
          }
          const season = firstOccurrenceDue(interest.seasonStart, tm.leadDays, s, last, feb29, true)
          if (season === undefined) continue
          relative(touchKeyFor(k, step.id, { type: 'interest', name: interest.name }), season.due, {
            type: 'interest',
            name: interest.name,
            seasonStart: fromDayNumber(season.date),
          })
        }
        break
      case 'after-step':
        // Placed once every step has its final date (see `schedule`).
        break
    }
  })
}
