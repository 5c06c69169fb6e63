/**
 * The agenda index, contact by contact: what one contact can put on an agenda, computed once
 * and kept (its `ContactPart`), and how each kept entry reads on a given day.
 *
 * A part is made from the state alone — the schedules of the contact's enrollments through
 * the index's coverage date, its cadences, the 24-hour deadline of a referral about it and
 * the touches it is owed as a referrer — never from a clock value: what depends on "today"
 * (statuses, days overdue, which plan year is current, whether a deadline has passed) is read
 * from the entries per query, by the `read…` functions below, which say exactly what
 * `agenda` says for the same contact and day.
 *
 * The parts mirror `agendaOf` in `agenda.ts` line for line; a change there must be made here
 * too (the index's property tests compare the two on generated networks).
 */
import type { CalendarRegistry } from '../calendars/index.js'
import { addDays, fromDayNumber, isCalendarDate, toDayNumber, type CalendarDate } from '../core/calendar-date.js'
import { localInstant } from '../core/zones.js'
import type { PersonalDateKind } from '../events/index.js'
import { findPlan, schedule, type Cadence, type PlanCatalogue, type PlanDefinition, type PlannedTouch } from '../plans/index.js'
import { contactDeadline, referralTouches, type ReferralTouch, type ReferralTouchOptions, type SlaOptions } from '../referrals/index.js'
import type { ContactState, EnrollmentState, NetworkState, ReferralState } from '../state/index.js'
import { graduationProposal, QUIET_CHANNELS, whoOf, type AgendaItem, type AgendaNote, type CadenceItem, type GraduationProposal, type MissingDates, type ReferralDeadline, type ReferralTouchItem } from './agenda.js'
import type { CadenceStatusKind } from './status.js'

/** The contact an entry is about, as the agenda names it (shared by all its entries). */
export type Who = { readonly contactId: string; readonly contactName: string; readonly assignee?: string }

/** Everything of the agenda's options an index is built with (all but the day and the window). */
export interface PartSettings {
  readonly plans: PlanCatalogue
  readonly calendars: CalendarRegistry | undefined
  readonly defaultCalendarSet: string | undefined
  readonly defaultTimeZone: string | undefined
  readonly feb29: 'feb-28' | 'mar-1' | undefined
  readonly quiet: { readonly start: number; readonly end: number }
  readonly referralSla: SlaOptions | undefined
  readonly touchOptions: ReferralTouchOptions
}

/**
 * The gate of plan year 0, and "no day": day numbers that compare below and above every real
 * one. Small integers, so they sit in an entry as themselves (a day number needs no box).
 */
export const GATE0 = -1_000_000_000
export const NO_DAY = 1_000_000_000

/**
 * A pending planned touch: no outcome, not on hold. On the agenda between its lookback and
 * horizon. What a day's reading compares and copies sits in the entry itself — day numbers,
 * the contact's name, the due date — so reading it is one memory access, not a walk through
 * the touch and the contact (at 100,000 contacts each of those is a cache miss).
 */
export interface TouchEntry {
  readonly dueDay: number
  /** The contact's zone slot (its "today" is read per zone). */
  readonly zone: number
  /**
   * The latest plan-year start (day number) of its plan year and those before it: `agenda`
   * schedules a plan year only when every one up to it starts by the horizon's last day.
   * `GATE0` for plan year 0, always scheduled. Only a touch due before its gate (moved back
   * from a later plan year) can be left out by it.
   */
  readonly gate: number
  readonly due: CalendarDate
  readonly contactId: string
  readonly contactName: string
  readonly assignee: string | undefined
  readonly touch: PlannedTouch
  /** For calls and texts: the daytime window on the due date (shared by the zone's touches that day). */
  readonly window: { readonly from: string; readonly to: string } | undefined
}

/** A cadence of an active relationship enrollment. */
export interface CadenceEntry {
  readonly who: Who
  readonly zone: number
  readonly enrollmentId: string
  readonly planId: string
  readonly cadence: Cadence
  /** Its place in the plan's cadences: ties of a plan with repeated ids keep the plan's order. */
  readonly position: number
  readonly startDate: string
  /** The dates of the touches that reset it, distinct, in order. */
  readonly resets: readonly string[]
  /** The last reset: the cadence as kept below holds from that day on (earlier days read `resets`). */
  readonly validFrom: string | undefined
  readonly dueOn: CalendarDate
  readonly overdueAfter: CalendarDate
  readonly blocked: boolean
}

/** A graduation an active enrollment proposes once its `after` day has passed. */
export interface GraduationEntry {
  readonly proposal: GraduationProposal
  readonly zone: number
}

/** The open referral about a contact, at `received`: its 24-hour deadline. */
export interface DeadlineEntry {
  readonly contactId: string
  readonly referral: ReferralState
  /** Every field but `overdue`, which depends on `now`. */
  readonly base: Omit<ReferralDeadline, 'overdue'>
  readonly deadlineMs: number
  /** Not contacted yet: overdue once `now` is past the deadline. */
  readonly open: boolean
}

/** A thank-you or status update a referrer is owed and has not made. */
export interface ReferralTouchEntry {
  readonly touch: ReferralTouch
  readonly who: Who
  readonly zone: number
  /** Its place among the contact's owed touches (referral by referral, stage by stage). */
  readonly position: number
  /** Its due date as a day number: a day's reading subtracts, not parses. */
  readonly dueDay: number
  /**
   * Which fields the touch has, in order: 1 those `readReferralTouch` writes out without a
   * stage, 2 with one, 0 others (spread as they are).
   */
  readonly fields: 0 | 1 | 2
}

/** A note of an enrollment, and the plan year that must be scheduled for it to show. */
export interface NoteEntry {
  readonly note: AgendaNote
  readonly gate: number
}

/** A plan year, for the missing-dates line of the year that is current on a day. */
export interface YearEntry {
  readonly startDay: number
  readonly endDay: number
  readonly gate: number
  /** The contact's missing dates as that plan year has them, or none. */
  readonly missing: MissingDates | undefined
}

/** A plan year not scheduled yet: the index recomputes the enrollment for days past it. */
export interface BeyondEntry {
  readonly day: number
  readonly contactId: string
  readonly enrollmentId: string
  readonly zone: number
}

/** What one active (or paused) enrollment can put on the agenda. */
export interface EnrollmentPart {
  readonly enrollment: EnrollmentState
  /** Pending touches, blocked or not, in schedule order. */
  readonly touches: readonly TouchEntry[]
  readonly notes: readonly NoteEntry[]
  /** Plan years in order; empty when the enrollment has no schedule. */
  readonly years: readonly YearEntry[]
  /** The missing-dates line when no plan year is scheduled (dates without a day only). */
  readonly missingNoYear: MissingDates | undefined
  /** Whether it has a schedule (a known plan with steps): only then can it miss dates. */
  readonly scheduled: boolean
  readonly graduation: GraduationEntry | undefined
  readonly cadences: readonly CadenceEntry[]
  readonly beyond: BeyondEntry | undefined
  /**
   * Whether its pending touches' keys are all different, so an outcome's key names one entry.
   * A schedule's are, unless a plan or a hand-made state repeats an occurrence.
   */
  readonly uniqueKeys: boolean
}

/** What one contact can put on the agenda. */
export interface ContactPart {
  readonly id: string
  /** The contact it was made from (what a later state is compared with). */
  readonly contact: ContactState
  readonly zoneName: string | undefined
  readonly zone: number
  readonly who: Who
  /** Its enrollments' parts, by enrollment id (the order of notes and missing dates). */
  readonly enrollments: readonly EnrollmentPart[]
  readonly deadline: DeadlineEntry | undefined
  readonly referralTouches: readonly ReferralTouchEntry[]
  /** The referral records its owed touches were read from (to tell when they can be kept). */
  readonly given: readonly (ReferralState | undefined)[]
  /** What a day's pass over every contact reads of it (see `Row`). */
  readonly row: Row
}

/** Gives each zone a small number, adding the zones it has not seen. */
export interface ZoneSlots {
  slot(zone: string | undefined): number
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/**
 * Windows of a zone's day, remembered: a zone's days are few and its calls many, and a window
 * costs two zone conversions. A memo of a pure function (bounded: cleared when it grows past
 * 50,000 days), so it changes no answer.
 */
const windows = new Map<string, { readonly from: string; readonly to: string }>()

const windowOf = (due: CalendarDate, zone: string | undefined, quiet: PartSettings['quiet']): { from: string; to: string } => {
  const key = `${zone ?? ''}\u0000${due}\u0000${quiet.start}\u0000${quiet.end}`
  let w = windows.get(key)
  if (w === undefined) {
    if (windows.size >= 50_000) windows.clear()
    w = Object.freeze({ from: localInstant(due, quiet.start, zone).toISOString(), to: localInstant(due, quiet.end, zone).toISOString() })
    windows.set(key, w)
  }
  return w
}

// ---------------------------------------------------------------------------------------
// Building a part

/** The parts of a contact a schedule reads, compared to tell when an old schedule still holds. */
const sameScheduleInputs = (a: ContactState, b: ContactState, refusals: boolean): boolean =>
  a.erased === b.erased &&
  a.id === b.id &&
  (!refusals || a.consent.refused === b.consent.refused) &&
  a.profile?.calendarSet === b.profile?.calendarSet &&
  a.profile?.timeZone === b.profile?.timeZone &&
  a.profile?.personalDates === b.profile?.personalDates &&
  a.profile?.interests === b.profile?.interests

/** Whether two states of an enrollment schedule alike but for their outcomes. */
const sameButOutcomes = (a: EnrollmentState, b: EnrollmentState): boolean =>
  a.enrollmentId === b.enrollmentId &&
  a.planId === b.planId &&
  a.startDate === b.startDate &&
  a.status === b.status &&
  a.endedAt === b.endedAt &&
  a.pauses === b.pauses &&
  a.reschedules === b.reschedules &&
  a.rescheduleCounts === b.rescheduleCounts

const isSettled = (o: { readonly status: string } | undefined): boolean => o?.status === 'done' || o?.status === 'skipped'

/**
 * The pending touches after an event that only recorded outcomes (a touch completed or
 * skipped): the old ones, less those now done or skipped — or undefined when that shortcut
 * would be wrong (an outcome removed, or changed on a touch still pending), and the schedule
 * must be computed again. The old list itself when no pending touch was settled.
 */
const afterOutcomes = (old: EnrollmentPart, next: EnrollmentState): readonly TouchEntry[] | undefined => {
  const before = old.enrollment.outcomes
  const after = next.outcomes
  const touches = old.touches
  if (before === after) return touches
  // Every outcome settles its touch (done or skipped), so the one change the shortcut cannot
  // follow is an outcome gone: a touch settled before would be pending again. The fold never
  // removes one, but the index may be given any later state.
  if (after.size < before.size) return undefined
  for (const key of before.keys()) if (!after.has(key)) return undefined
  // A pending touch has no outcome, so only the keys new to `after` can settle one. When each
  // is one touch's, the walk stops once all are found: reading an entry is a cache miss (the
  // index lays entries out by date), and a touch done is usually one of the first due.
  const added: string[] = []
  for (const key of after.keys()) if (!before.has(key)) added.push(key)
  if (added.length === 0) return touches
  const many = added.length > 4 ? new Set(added) : undefined
  const drop: number[] = []
  for (let i = 0; i < touches.length && (drop.length < added.length || !old.uniqueKeys); i++) {
    const key = (touches[i] as TouchEntry).touch.touchKey
    if (many === undefined ? added.includes(key) : many.has(key)) drop.push(i)
  }
  if (drop.length === 0) return touches
  const kept: TouchEntry[] = []
  for (let i = 0, d = 0; i < touches.length; i++) {
    if (i === drop[d]) d++
    else kept.push(touches[i] as TouchEntry)
  }
  return kept
}

/**
 * Whether two values hold the same data, looking `depth` levels into objects and arrays (a
 * planned touch's anchor is one level down, a holiday's names two). For telling an entry a
 * new schedule left unchanged; a difference deeper down reads as a change (never the reverse).
 * Objects compare by their own keys and values, in any order (a schedule writes a touch's
 * fields in one order); no key list is made — this runs for every touch scheduled again.
 */
const sameValue = (a: unknown, b: unknown, depth: number): boolean => {
  if (a === b) return true
  if (depth === 0 || typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  const isArray = Array.isArray(a)
  if (isArray !== Array.isArray(b)) return false
  if (isArray) {
    const xs = a as readonly unknown[]
    const ys = b as readonly unknown[]
    if (xs.length !== ys.length) return false
    for (let i = 0; i < xs.length; i++) if (!sameValue(xs[i], ys[i], depth - 1)) return false
    return true
  }
  const x = a as Record<string, unknown>
  const y = b as Record<string, unknown>
  let keys = 0
  for (const k in x) {
    if (!Object.hasOwn(x, k)) continue
    if (!Object.hasOwn(y, k) || !sameValue(x[k], y[k], depth - 1)) return false
    keys++
  }
  for (const k in y) if (Object.hasOwn(y, k)) keys--
  return keys === 0
}

/** Whether two lists hold the same entries (the same objects) in the same order. */
const sameEntries = <T>(a: readonly T[], b: readonly T[]): boolean => a === b || (a.length === b.length && a.every((x, i) => x === b[i]))

/** The entries with `blocked` as the refusals now say: a new touch (and entry) only where it turned. */
const reblocked = (entries: readonly TouchEntry[], refusals: readonly string[]): TouchEntry[] => {
  const refused = new Set(refusals)
  return entries.map((e) => {
    const blocked = refused.has(e.touch.channel)
    return blocked === e.touch.blocked ? e : { ...e, touch: Object.freeze({ ...e.touch, blocked }) }
  })
}

/** The cadences of an active relationship enrollment (see `cadenceStatuses`), kept from the last reset on. */
const cadencesOf = (plan: PlanDefinition, enrollment: EnrollmentState, contact: ContactState, who: Who, zone: number): CadenceEntry[] =>
  (plan.cadences ?? []).map((c, position) => {
    const kinds = new Set(c.resetBy)
    const ons = new Set<string>()
    for (const t of contact.plans.touches) if (kinds.has(t.kind)) ons.add(t.on)
    const resets = [...ons].sort(cmp)
    const last = resets[resets.length - 1]
    const from = (last ?? enrollment.startDate) as CalendarDate
    return {
      who,
      zone,
      enrollmentId: enrollment.enrollmentId,
      planId: plan.id,
      cadence: c,
      position,
      startDate: enrollment.startDate,
      resets,
      validFrom: last,
      dueOn: addDays(from, c.idealDays),
      overdueAfter: addDays(from, c.maxDays),
      blocked: contact.consent.refused.includes(c.channel),
    }
  })

/** An enrollment's part, always built with its fields in one order (one shape for every reader). */
const enrollmentPartOf = (
  enrollment: EnrollmentState,
  touches: readonly TouchEntry[],
  notes: readonly NoteEntry[],
  years: readonly YearEntry[],
  missingNoYear: MissingDates | undefined,
  scheduled: boolean,
  graduation: GraduationEntry | undefined,
  cadences: readonly CadenceEntry[],
  beyond: BeyondEntry | undefined,
  uniqueKeys: boolean,
): EnrollmentPart => ({ enrollment, touches, notes, years, missingNoYear, scheduled, graduation, cadences, beyond, uniqueKeys })

const NOTHING: readonly never[] = []

/** Whether the entries' touch keys are all different. */
const keysDiffer = (touches: readonly TouchEntry[]): boolean => new Set(touches.map((e) => e.touch.touchKey)).size === touches.length

/**
 * The part of one enrollment: its schedule through `through`, as entries. Reuses `old` —
 * whole, or less the touches an outcome settled — when what the schedule reads is unchanged.
 */
const enrollmentPart = (
  contact: ContactState,
  enrollment: EnrollmentState,
  who: Who,
  zone: number,
  zoneName: string | undefined,
  settings: PartSettings,
  through: CalendarDate,
  old: { part: EnrollmentPart; contact: ContactState } | undefined,
): EnrollmentPart => {
  const plan = findPlan(settings.plans, enrollment.planId)
  if (plan === undefined) {
    const note: AgendaNote = Object.freeze({ contactId: contact.id, enrollmentId: enrollment.enrollmentId, note: Object.freeze({ type: 'unknown-plan' as const, planId: enrollment.planId }) })
    return enrollmentPartOf(enrollment, NOTHING, [{ note, gate: GATE0 }], NOTHING, undefined, false, undefined, NOTHING, undefined, true)
  }
  const touchesSame = old !== undefined && old.contact.plans.touches === contact.plans.touches && old.contact.consent.refused === contact.consent.refused
  const cadences =
    (plan.cadences ?? []).length > 0 && enrollment.status === 'active'
      ? old !== undefined && touchesSame && old.part.enrollment.startDate === enrollment.startDate && old.part.enrollment.status === enrollment.status && old.part.cadences.length > 0
        ? old.part.cadences
        : cadencesOf(plan, enrollment, contact, who, zone)
      : NOTHING
  if (plan.steps.length === 0) return enrollmentPartOf(enrollment, NOTHING, NOTHING, NOTHING, undefined, false, undefined, cadences, undefined, true)

  // The shortcut: only outcomes changed, so the schedule is the old one less what they
  // settled; and a consent change only turns `blocked` on or off for the touches of its channel.
  if (old !== undefined && old.part.scheduled && sameButOutcomes(old.part.enrollment, enrollment) && sameScheduleInputs(old.contact, contact, false)) {
    let touches = afterOutcomes(old.part, enrollment)
    if (touches !== undefined && old.contact.consent.refused !== contact.consent.refused) touches = reblocked(touches, contact.consent.refused)
    if (touches !== undefined) {
      const o = old.part
      const same = sameEntries(touches, o.touches)
      if (same && cadences === o.cadences && o.enrollment === enrollment) return o
      return enrollmentPartOf(enrollment, same ? o.touches : touches, o.notes, o.years, o.missingNoYear, true, o.graduation, cadences, o.beyond, o.uniqueKeys || keysDiffer(touches))
    }
  }

  const scheduleOptions = {
    ...(settings.calendars === undefined ? {} : { calendars: settings.calendars }),
    ...(settings.defaultCalendarSet === undefined ? {} : { defaultCalendarSet: settings.defaultCalendarSet }),
    ...(settings.feb29 === undefined ? {} : { feb29: settings.feb29 }),
  }
  const s = schedule(plan, enrollment, contact, { through, ...scheduleOptions })
  // A plan year is scheduled for a day's agenda when it and every one before it start by the
  // horizon's last day: its gate is the latest of those starts.
  const gates: number[] = []
  let gate = GATE0
  for (const y of s.planYears) {
    if (y.index > 0) gate = Math.max(gate, toDayNumber(y.start))
    gates[y.index] = gate
  }
  // Entries of touches the new schedule left as they were are kept (the same objects): an
  // index then changes only the entries of touches that moved.
  const kept = new Map<string, TouchEntry>()
  if (old !== undefined) for (const e of old.part.touches) kept.set(e.touch.touchKey, e)
  const touches: TouchEntry[] = []
  for (const touch of s.touches) {
    if (touch.onHold || isSettled(touch.outcome)) continue
    const g = gates[touch.planYear] ?? GATE0
    const was = kept.get(touch.touchKey)
    if (was !== undefined && was.gate === g && sameValue(was.touch, touch, 3)) {
      touches.push(was)
      continue
    }
    const window = QUIET_CHANNELS.has(touch.channel) && isCalendarDate(touch.due) ? windowOf(touch.due, zoneName, settings.quiet) : undefined
    // The schedule made this anchor for this touch: frozen with it (below).
    Object.freeze(touch.anchor)
    touches.push({
      dueDay: toDayNumber(touch.due),
      zone,
      gate: g,
      due: touch.due,
      contactId: who.contactId,
      contactName: who.contactName,
      assignee: who.assignee,
      // Handed out in every day's items: frozen (its anchor too; its messages and an anchor's
      // names are frozen where they are made), so no caller can change what the next day reads.
      touch: Object.freeze(touch),
      window,
    })
  }

  // Notes as `noteSchedule` sorts them: missing dates and dates without a day make the
  // missing-dates line; the rest are notes, each shown when its plan year is scheduled.
  const notes: NoteEntry[] = []
  const withoutDay: Array<{ kind: PersonalDateKind; label?: string }> = []
  const fallbackCards = new Map<number, number>()
  for (const n of s.notes) {
    if (n.type === 'missing-personal-dates') fallbackCards.set(n.planYear, n.fallbackCards)
    else if (n.type === 'date-without-day') withoutDay.push(Object.freeze(n.label === undefined ? { kind: n.kind } : { kind: n.kind, label: n.label }))
    else {
      // Notes without a plan year are said once, before or in plan year 0.
      const year = 'planYear' in n ? n.planYear : 0
      notes.push({ note: Object.freeze({ contactId: contact.id, enrollmentId: enrollment.enrollmentId, note: Object.freeze(n) }), gate: gates[year] ?? GATE0 })
    }
  }
  Object.freeze(withoutDay)
  const missing = (cards: number): MissingDates | undefined =>
    cards > 0 || withoutDay.length > 0
      ? Object.freeze({ contactId: contact.id, contactName: contact.profile?.name ?? '', enrollmentId: enrollment.enrollmentId, fallbackCards: cards, withoutDay })
      : undefined
  const years: YearEntry[] = s.planYears.map((y) => ({ startDay: toDayNumber(y.start), endDay: toDayNumber(y.end), gate: gates[y.index] ?? GATE0, missing: missing(fallbackCards.get(y.index) ?? 0) }))
  const graduation: GraduationEntry | undefined =
    s.graduation !== undefined && enrollment.status === 'active'
      ? {
          zone,
          proposal: Object.freeze(graduationProposal(who, enrollment, plan.id, s.graduation)),
        }
      : undefined
  // A renewing plan's next plan year, not scheduled yet: a day whose horizon reaches it needs
  // the enrollment scheduled again. (When no plan year follows — on hold, the 400-year cap —
  // scheduling again finds the same: harmless.)
  const last = s.planYears[s.planYears.length - 1]
  let beyond: BeyondEntry | undefined =
    plan.renews && last !== undefined ? { day: toDayNumber(last.end) + 1, contactId: contact.id, enrollmentId: enrollment.enrollmentId, zone } : undefined
  // An open pause holds every later plan year, whatever the coverage: when scheduling through
  // the next one's first day adds none, none will follow, and no day should schedule it again
  // (each reading did, for every paused contact whose plan year ends within its horizon).
  if (beyond !== undefined && enrollment.pauses.some((p) => p.to === undefined)) {
    const again = schedule(plan, enrollment, contact, { through: fromDayNumber(beyond.day), ...scheduleOptions })
    if (again.planYears.length === s.planYears.length) beyond = undefined
  }
  const o = old?.part
  return enrollmentPartOf(
    enrollment,
    touches,
    notes.length === 0 ? NOTHING : notes,
    years,
    missing(0),
    true,
    o !== undefined && sameValue(o.graduation, graduation, 2) ? o.graduation : graduation,
    cadences,
    o !== undefined && sameValue(o.beyond, beyond, 1) ? o.beyond : beyond,
    keysDiffer(touches),
  )
}

/** The referral about the contact still at `received`, with its deadline (see `referralSla`). */
const deadlineOf = (state: NetworkState, contact: ContactState, settings: PartSettings, old: ContactPart | undefined): DeadlineEntry | undefined => {
  const lastId = contact.referrals.received[contact.referrals.received.length - 1]
  const open = lastId === undefined ? undefined : state.referrals.get(lastId)
  if (open === undefined || open.stage !== 'received' || contact.profile === null) return undefined
  const kept = old?.deadline
  if (
    kept !== undefined &&
    kept.referral === open &&
    old?.contact.profile?.name === contact.profile.name &&
    old.contact.profile.timeZone === contact.profile.timeZone &&
    old.contact.profile.calendarSet === contact.profile.calendarSet
  ) {
    return kept
  }
  const deadlineMs = contactDeadline(state, open, settings.referralSla ?? {})
  const s = open.stages
  return {
    contactId: contact.id,
    referral: open,
    base: {
      referralId: open.referralId,
      referrerId: open.referrerId,
      refereeId: open.refereeId,
      refereeName: contact.profile.name,
      receivedAt: s.received ?? '',
      deadline: Number.isFinite(deadlineMs) ? new Date(deadlineMs).toISOString() : '',
    },
    deadlineMs,
    open: (s.contacted ?? s.appointment ?? s['under-contract'] ?? s.closed) === undefined,
  }
}

/** The fields of a referral touch, in order, without and with a stage: the ones `readReferralTouch` writes out as a literal. */
const OWED_KEYS = 'referralId,referrerId,refereeId,kind,channel,due,done,blocked'
const OWED_KEYS_STAGE = 'referralId,referrerId,refereeId,kind,stage,channel,due,done,blocked'

/** The thanks and updates the contact is owed as a referrer, not made yet. */
const owedTouches = (state: NetworkState, who: Who, zone: number, settings: PartSettings, given: readonly (ReferralState | undefined)[]): ReferralTouchEntry[] => {
  const out: ReferralTouchEntry[] = []
  for (const r of given) {
    if (r === undefined) continue
    for (const touch of referralTouches(state, r, settings.touchOptions)) {
      if (touch.done) continue
      const keys = Object.keys(touch).join()
      out.push({ touch, who, zone, position: out.length, dueDay: toDayNumber(touch.due), fields: keys === OWED_KEYS ? 1 : keys === OWED_KEYS_STAGE ? 2 : 0 })
    }
  }
  return out
}

const byDue = (a: TouchEntry, b: TouchEntry): number => a.dueDay - b.dueDay

/**
 * What a day's pass over every contact reads of one — the counts of old overdue touches, the
 * missing-dates line, the notes — in one small object (the first four pending days and the
 * plan years of its one scheduled enrollment inline), so the pass costs one memory access a
 * contact in the common case. An index keeps the rows apart from the rest of the parts, side
 * by side in contact order.
 */
export interface Row {
  readonly id: string
  /** The contact's name and assignee, as its entries carry them (what its older-overdue line shows). */
  readonly name: string
  readonly assignee: string | undefined
  readonly zone: number
  readonly enrollments: readonly EnrollmentPart[]
  /** Due days of its pending touches that are not blocked, ascending: the first four, and all. */
  readonly p0: number
  readonly p1: number
  readonly p2: number
  readonly p3: number
  readonly pendingDays: readonly number[]
  /** Pending touches (not blocked) due before their gate: counted only when their plan year is scheduled. */
  readonly irregular: readonly TouchEntry[] | undefined
  /** 0: no scheduled enrollment; 1: one, its plan years below; 2: several (read from `enrollments`). */
  readonly missingKind: 0 | 1 | 2
  /** The one scheduled enrollment's missing-dates line with no plan year, and per plan year (0, 1, the rest). */
  readonly mNone: MissingDates | undefined
  readonly m0s: number
  readonly m0e: number
  readonly m0: MissingDates | undefined
  readonly m1g: number
  readonly m1s: number
  readonly m1e: number
  readonly m1: MissingDates | undefined
  readonly mRest: readonly YearEntry[] | undefined
  readonly notes: readonly NoteEntry[] | undefined
}

/**
 * The due days of the one enrollment's pending touches when they are the old row's less some
 * (an outcome settled them): read off the old row, not the entries — each entry read is a
 * cache miss, the index laying entries out by date. Undefined when the old row cannot tell
 * (several enrollments, a blocked or irregular touch, a touch that is not the old one's).
 */
const daysAfterOutcomes = (enrollments: readonly EnrollmentPart[], old: ContactPart): readonly number[] | undefined => {
  const was = old.row
  const before = was.enrollments[0]?.touches
  const after = enrollments[0]?.touches
  if (enrollments.length !== 1 || was.enrollments.length !== 1 || before === undefined || after === undefined) return undefined
  if (was.irregular !== undefined || was.pendingDays.length !== before.length) return undefined
  if (after === before) return was.pendingDays
  const days: number[] = []
  let j = 0
  for (let i = 0; i < before.length && j < after.length; i++) {
    if (before[i] === after[j]) {
      days.push(was.pendingDays[i] as number)
      j++
    }
  }
  return j === after.length ? days : undefined
}

/** The row of a contact's enrollments (reading what it can off `old`, the contact's earlier part). */
const rowOf = (who: Who, zone: number, enrollments: readonly EnrollmentPart[], old: ContactPart | undefined): Row => {
  let pendingDays = old === undefined ? undefined : daysAfterOutcomes(enrollments, old)
  let irregular: TouchEntry[] | undefined
  if (pendingDays === undefined) {
    const pending: TouchEntry[] = []
    for (const e of enrollments) {
      for (const t of e.touches) {
        if (t.touch.blocked) continue
        pending.push(t)
        if (t.gate > t.dueDay) (irregular ??= []).push(t)
      }
    }
    // A schedule lists its touches by due date: only several enrollments need a sort.
    if (enrollments.length > 1) pending.sort(byDue)
    // Small integers in a plain array: V8 packs them, 4 bytes each, with no boxes.
    const days: number[] = []
    for (const t of pending) days.push(t.dueDay)
    pendingDays = days
  }
  const scheduled = enrollments.filter((e) => e.scheduled)
  const one = scheduled.length === 1 ? scheduled[0] : undefined
  const y0 = one?.years[0]
  const y1 = one?.years[1]
  const notes: NoteEntry[] = []
  for (const e of enrollments) for (const n of e.notes) notes.push(n)
  return {
    // The id internalized (the set of rows compares ids): the old row's when there is one.
    id: old?.row.id ?? (Object.keys({ [who.contactId]: 0 })[0] as string),
    name: who.contactName,
    assignee: who.assignee,
    zone,
    enrollments,
    p0: pendingDays[0] ?? NO_DAY,
    p1: pendingDays[1] ?? NO_DAY,
    p2: pendingDays[2] ?? NO_DAY,
    p3: pendingDays[3] ?? NO_DAY,
    pendingDays,
    irregular,
    missingKind: scheduled.length === 0 ? 0 : one !== undefined ? 1 : 2,
    mNone: one?.missingNoYear,
    m0s: y0?.startDay ?? NO_DAY,
    m0e: y0?.endDay ?? NO_DAY,
    m0: y0?.missing,
    m1g: y1?.gate ?? NO_DAY,
    m1s: y1?.startDay ?? NO_DAY,
    m1e: y1?.endDay ?? NO_DAY,
    m1: y1?.missing,
    mRest: one !== undefined && one.years.length > 2 ? one.years.slice(2) : undefined,
    notes: notes.length === 0 ? undefined : notes,
  }
}

/**
 * What a contact can put on the agenda, scheduled through `through`; undefined for a contact
 * that shows nothing (absent, erased). Reuses what it can of `old`, the contact's part in an
 * earlier state: the same entries (the same objects) wherever their inputs are unchanged, so
 * an index updates only the entries that changed.
 */
export const contactPart = (
  state: NetworkState,
  contact: ContactState | undefined,
  settings: PartSettings,
  through: CalendarDate,
  zones: ZoneSlots,
  old: ContactPart | undefined,
): ContactPart | undefined => {
  if (contact === undefined || contact.erased || contact.profile === null) return undefined
  const zoneName = contact.profile.timeZone ?? settings.defaultTimeZone
  const zone = zones.slot(zoneName)
  const who: Who =
    old !== undefined && old.who.contactName === contact.profile.name && old.who.assignee === contact.sales.lead?.assignee && old.who.contactId === contact.id ? old.who : whoOf(contact)
  // Entries carry the contact's name and zone: when either changes, nothing old is kept.
  const reusable = old !== undefined && old.who === who && old.zone === zone && old.zoneName === zoneName ? old : undefined

  const enrollments: EnrollmentPart[] = []
  for (const enrollment of contact.plans.enrollments) {
    if (enrollment.status === 'cancelled' || enrollment.status === 'completed') continue
    const before = reusable?.enrollments.find((e) => e.enrollment.enrollmentId === enrollment.enrollmentId)
    enrollments.push(enrollmentPart(contact, enrollment, who, zone, zoneName, settings, through, before === undefined || reusable === undefined ? undefined : { part: before, contact: reusable.contact }))
  }
  if (enrollments.length > 1) enrollments.sort((a, b) => cmp(a.enrollment.enrollmentId, b.enrollment.enrollmentId))
  // Every enrollment's part unchanged (the same objects): the old list and row serve.
  const same = reusable !== undefined && enrollments.length === reusable.enrollments.length && enrollments.every((e, i) => e === reusable.enrollments[i])
  const row = same ? reusable.row : rowOf(who, zone, enrollments, reusable)

  const ids = contact.referrals.given
  let owedSame =
    reusable !== undefined &&
    reusable.contact.plans.touches === contact.plans.touches &&
    reusable.contact.consent.refused === contact.consent.refused &&
    ids.length === reusable.given.length
  for (let i = 0; owedSame && i < ids.length; i++) owedSame = state.referrals.get(ids[i] as string) === reusable?.given[i]
  const given = owedSame && reusable !== undefined ? reusable.given : ids.map((id) => state.referrals.get(id))
  // One literal, its fields always in this order: every part has the same shape.
  return {
    id: contact.id,
    contact,
    zoneName,
    zone,
    who,
    enrollments: row.enrollments,
    deadline: deadlineOf(state, contact, settings, old),
    referralTouches: owedSame && reusable !== undefined ? reusable.referralTouches : owedTouches(state, who, zone, settings, given),
    given,
    row,
  }
}

// ---------------------------------------------------------------------------------------
// Reading entries on a day

/** A zone's days for one query, as dates and as day numbers. */
export interface ZoneDays {
  readonly today: CalendarDate
  readonly todayDay: number
  /** The horizon's last day. */
  readonly until: CalendarDate
  readonly untilDay: number
  /** The lookback's first day: touches due before it are only counted. */
  readonly oldest: CalendarDate
  readonly oldestDay: number
}

/** An entry's item on a day, with a status (the caller has checked it is on the agenda). */
export const itemOf = (e: TouchEntry, days: ZoneDays, status: AgendaItem['status']): AgendaItem => {
  const daysOverdue = days.todayDay - e.dueDay
  // Literals with the fields in `toItem`'s order, so an item reads (and serializes) the same.
  if (e.assignee === undefined) {
    return e.window === undefined
      ? { contactId: e.contactId, contactName: e.contactName, status, due: e.due, daysOverdue, touch: e.touch }
      : { contactId: e.contactId, contactName: e.contactName, status, due: e.due, daysOverdue, touch: e.touch, window: e.window }
  }
  return e.window === undefined
    ? { contactId: e.contactId, contactName: e.contactName, assignee: e.assignee, status, due: e.due, daysOverdue, touch: e.touch }
    : { contactId: e.contactId, contactName: e.contactName, assignee: e.assignee, status, due: e.due, daysOverdue, touch: e.touch, window: e.window }
}

/** The status of a pending touch that is not blocked, on a day: undefined when it is not listed (outside the lookback and horizon). */
export const itemStatus = (e: TouchEntry, days: ZoneDays): AgendaItem['status'] | undefined => {
  const due = e.dueDay
  if (due > days.untilDay || due < days.oldestDay || e.gate > days.untilDay) return undefined
  return due < days.todayDay ? 'overdue' : due === days.todayDay ? 'due' : 'upcoming'
}

/** A pending touch that is not blocked, on a day: its item when within the lookback and horizon. */
export const readItem = (e: TouchEntry, days: ZoneDays): AgendaItem | undefined => {
  const status = itemStatus(e, days)
  return status === undefined ? undefined : itemOf(e, days, status)
}

/** Whether a blocked pending touch is listed on a day: from today to the horizon. */
export const blockedShows = (e: TouchEntry, days: ZoneDays): boolean => {
  const due = e.dueDay
  return !(due > days.untilDay || due < days.todayDay || e.gate > days.untilDay)
}

/** A blocked pending touch, on a day: listed from today to the horizon (with the status `toItem` gives it). */
export const readBlocked = (e: TouchEntry, days: ZoneDays): AgendaItem | undefined => (blockedShows(e, days) ? itemOf(e, days, 'upcoming') : undefined)

/** How many of a contact's pending touches (not blocked) are older than the lookback on a day. */
export const olderCount = (p: Row, days: ZoneDays): number => {
  const oldest = days.oldestDay
  if (p.p0 >= oldest) return 0
  let n: number
  if (p.p1 >= oldest) n = 1
  else if (p.p2 >= oldest) n = 2
  else if (p.p3 >= oldest) n = 3
  else {
    // More than four: the first day not older, by halving.
    const d = p.pendingDays
    let lo = 4
    let hi = d.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if ((d[mid] as number) < oldest) lo = mid + 1
      else hi = mid
    }
    n = lo
  }
  // A touch moved back before its plan year counts only when that plan year is scheduled.
  if (p.irregular !== undefined) for (const e of p.irregular) if (e.dueDay < oldest && e.gate > days.untilDay) n--
  return n
}

/** The missing-dates line of an enrollment on a day: that of the plan year current then (or the first). */
export const readMissing = (e: EnrollmentPart, days: ZoneDays): MissingDates | undefined => {
  if (!e.scheduled) return undefined
  const years = e.years
  if (years.length === 0) return e.missingNoYear
  const t = days.todayDay
  for (const y of years) {
    if (y.gate > days.untilDay) break
    if (y.startDay <= t && t <= y.endDay) return y.missing
  }
  return (years[0] as YearEntry).missing
}

/** `readMissing` of a contact's one scheduled enrollment, from the part's own fields. */
const readMissingInline = (p: Row, days: ZoneDays): MissingDates | undefined => {
  if (p.m0s === NO_DAY) return p.mNone
  const t = days.todayDay
  if (p.m0s <= t && t <= p.m0e) return p.m0
  if (p.m1g <= days.untilDay) {
    if (p.m1s <= t && t <= p.m1e) return p.m1
    if (p.mRest !== undefined) {
      for (const y of p.mRest) {
        if (y.gate > days.untilDay) break
        if (y.startDay <= t && t <= y.endDay) return y.missing
      }
    }
  }
  return p.m0
}

/** Pushes a contact's missing-dates lines on a day, by enrollment (onto a list, or a counter). */
export const pushMissing = (p: Row, days: ZoneDays, out: { push(m: MissingDates): unknown }): void => {
  if (p.missingKind === 0) return
  if (p.missingKind === 1) {
    const m = readMissingInline(p, days)
    if (m !== undefined) out.push(m)
    return
  }
  for (const e of p.enrollments) {
    const m = readMissing(e, days)
    if (m !== undefined) out.push(m)
  }
}

/** Pushes a contact's notes shown on a day (those whose plan year is scheduled), in order (onto a list, or a counter). */
export const pushNotes = (p: Row, days: ZoneDays, out: { push(n: AgendaNote): unknown }): void => {
  if (p.notes === undefined) return
  for (const n of p.notes) if (n.gate <= days.untilDay) out.push(n.note)
}

/** The last reset on or before `today`, from sorted reset dates. */
const lastResetBy = (resets: readonly string[], today: string): string | undefined => {
  let lo = 0
  let hi = resets.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if ((resets[mid] as string) <= today) lo = mid + 1
    else hi = mid
  }
  return lo === 0 ? undefined : resets[lo - 1]
}

/**
 * A cadence on a day, when due, overdue or coming due within the horizon. From its last
 * reset on it reads the kept dates; before that day (a touch dated ahead) it works out the
 * reset that counts on the day.
 */
export const readCadence = (e: CadenceEntry, days: ZoneDays): CadenceItem | undefined => {
  let dueOn = e.dueOn
  let overdueAfter = e.overdueAfter
  let last = e.validFrom
  if (e.validFrom !== undefined && e.validFrom > days.today) {
    last = lastResetBy(e.resets, days.today)
    const from = (last ?? e.startDate) as CalendarDate
    dueOn = addDays(from, e.cadence.idealDays)
    overdueAfter = addDays(from, e.cadence.maxDays)
  }
  const status: CadenceStatusKind = days.today < dueOn ? 'on-track' : days.today <= overdueAfter ? 'due' : 'overdue'
  if (status === 'on-track' && dueOn > days.until) return undefined
  const c = e.cadence
  return {
    cadenceId: c.id,
    kind: c.kind,
    channel: c.channel,
    ...(last === undefined ? {} : { lastTouch: last as CalendarDate }),
    dueOn,
    overdueAfter,
    status,
    blocked: e.blocked,
    ...(c.giftTier === undefined ? {} : { giftTier: c.giftTier }),
    ...e.who,
    enrollmentId: e.enrollmentId,
    planId: e.planId,
  }
}

/** A referral deadline at `nowMs`. */
export const readDeadline = (e: DeadlineEntry, nowMs: number): ReferralDeadline => ({ ...e.base, overdue: e.open && nowMs > e.deadlineMs })

/** An owed referral touch on a day, within the lookback and horizon. */
export const readReferralTouch = (e: ReferralTouchEntry, days: ZoneDays): ReferralTouchItem | undefined => {
  const t = e.touch
  if (t.due > days.until || t.due < days.oldest) return undefined
  const status = t.blocked ? 'blocked' : t.due < days.today ? 'overdue' : t.due === days.today ? 'due' : 'upcoming'
  const daysOverdue = days.todayDay - e.dueDay
  const who = e.who
  // The item as `agenda` spreads it — the touch's fields, then the referrer's — written out:
  // a spread of objects of several shapes costs ten times a literal.
  if (e.fields === 0) return { ...t, referrerName: who.contactName, ...(who.assignee === undefined ? {} : { assignee: who.assignee }), status, daysOverdue }
  const { referralId, referrerId, refereeId, kind, channel, due, done, blocked } = t
  const referrerName = who.contactName
  const assignee = who.assignee
  if (e.fields === 1) {
    return assignee === undefined
      ? { referralId, referrerId, refereeId, kind, channel, due, done, blocked, referrerName, status, daysOverdue }
      : { referralId, referrerId, refereeId, kind, channel, due, done, blocked, referrerName, assignee, status, daysOverdue }
  }
  // The key is there (`fields`): its value is copied as it is, as a spread would.
  const stage = t.stage as NonNullable<ReferralTouch['stage']>
  return assignee === undefined
    ? { referralId, referrerId, refereeId, kind, stage, channel, due, done, blocked, referrerName, status, daysOverdue }
    : { referralId, referrerId, refereeId, kind, stage, channel, due, done, blocked, referrerName, assignee, status, daysOverdue }
}

