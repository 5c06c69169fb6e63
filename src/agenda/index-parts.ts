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
import { addDays, daysBetween, isCalendarDate, toDayNumber, type CalendarDate } from '../core/calendar-date.js'
import { localInstant } from '../core/zones.js'
import type { PersonalDateKind } from '../events/index.js'
import { findPlan, schedule, type Cadence, type PlanCatalogue, type PlanDefinition, type PlannedTouch } from '../plans/index.js'
import { contactDeadline, referralTouches, type ReferralTouch, type ReferralTouchOptions, type SlaOptions } from '../referrals/index.js'
import type { ContactState, EnrollmentState, NetworkState, ReferralState } from '../state/index.js'
import { QUIET_CHANNELS, whoOf, type AgendaItem, type AgendaNote, type CadenceItem, type GraduationProposal, type MissingDates, type ReferralDeadline, type ReferralTouchItem } from './agenda.js'
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

/** A pending planned touch: no outcome, not on hold. On the agenda between its lookback and horizon. */
export interface TouchEntry {
  readonly touch: PlannedTouch
  readonly who: Who
  /** The contact's zone slot (its "today" is read per zone). */
  readonly zone: number
  /**
   * The latest plan-year start (day number) of its plan year and those before it: `agenda`
   * schedules a plan year only when every one up to it starts by the horizon's last day.
   * −∞ for plan year 0, always scheduled.
   */
  readonly gate: number
  readonly dueDay: number
  /** For calls and texts: the daytime window on the due date (shared by touches of that zone and day). */
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
}

/** A note of an enrollment, and the plan year that must be scheduled for it to show. */
export interface NoteEntry {
  readonly note: AgendaNote
  readonly gate: number
}

/** A plan year, for the missing-dates line of the year that is current on a day. */
export interface YearEntry {
  readonly start: string
  readonly end: string
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
  /** Pending touches that are not blocked, by due date: what `olderOverdue` counts. */
  readonly pending: readonly TouchEntry[]
  readonly deadline: DeadlineEntry | undefined
  readonly referralTouches: readonly ReferralTouchEntry[]
  /** The referral records its owed touches were read from (to tell when they can be kept). */
  readonly given: readonly (ReferralState | undefined)[]
}

/** Gives each zone a small number, adding the zones it has not seen. */
export interface ZoneSlots {
  slot(zone: string | undefined): number
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** Windows of a zone's day, made once per build or update: a zone's days are few, its calls many. */
export type WindowCache = Map<string, { readonly from: string; readonly to: string }>

const windowOf = (due: CalendarDate, zone: string | undefined, quiet: PartSettings['quiet'], cache: WindowCache): { from: string; to: string } => {
  const key = `${zone ?? ''}\u0000${due}`
  let w = cache.get(key)
  if (w === undefined) {
    w = { from: localInstant(due, quiet.start, zone).toISOString(), to: localInstant(due, quiet.end, zone).toISOString() }
    cache.set(key, w)
  }
  return w
}

// ---------------------------------------------------------------------------------------
// Building a part

/** The parts of a contact a schedule reads, compared to tell when an old schedule still holds. */
const sameScheduleInputs = (a: ContactState, b: ContactState): boolean =>
  a.erased === b.erased &&
  a.id === b.id &&
  a.consent.refused === b.consent.refused &&
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
 * must be computed again.
 */
const afterOutcomes = (old: EnrollmentPart, next: EnrollmentState): TouchEntry[] | undefined => {
  const before = old.enrollment.outcomes
  const after = next.outcomes
  if (before === after) return old.touches.slice()
  for (const [key, o] of before) if (isSettled(o) && !isSettled(after.get(key))) return undefined
  const kept: TouchEntry[] = []
  for (const e of old.touches) {
    const o = after.get(e.touch.touchKey)
    if (o === e.touch.outcome) kept.push(e)
    else if (!isSettled(o)) return undefined
  }
  return kept
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
  windows: WindowCache,
  old: { part: EnrollmentPart; contact: ContactState } | undefined,
): EnrollmentPart => {
  const plan = findPlan(settings.plans, enrollment.planId)
  const none: EnrollmentPart = { enrollment, touches: [], notes: [], years: [], missingNoYear: undefined, scheduled: false, graduation: undefined, cadences: [], beyond: undefined }
  if (plan === undefined) {
    const note: AgendaNote = { contactId: contact.id, enrollmentId: enrollment.enrollmentId, note: { type: 'unknown-plan', planId: enrollment.planId } }
    return { ...none, notes: [{ note, gate: -Infinity }] }
  }
  const touchesSame = old !== undefined && old.contact.plans.touches === contact.plans.touches && old.contact.consent.refused === contact.consent.refused
  const cadences =
    (plan.cadences ?? []).length > 0 && enrollment.status === 'active'
      ? old !== undefined && touchesSame && old.part.enrollment.startDate === enrollment.startDate && old.part.enrollment.status === enrollment.status && old.part.cadences.length > 0
        ? old.part.cadences
        : cadencesOf(plan, enrollment, contact, who, zone)
      : []
  if (plan.steps.length === 0) return { ...none, cadences }

  // The shortcut: only outcomes changed, so the schedule is the old one less what they settled.
  if (old !== undefined && old.part.scheduled && sameButOutcomes(old.part.enrollment, enrollment) && sameScheduleInputs(old.contact, contact)) {
    const touches = afterOutcomes(old.part, enrollment)
    if (touches !== undefined) {
      if (touches.length === old.part.touches.length && cadences === old.part.cadences) return old.part.enrollment === enrollment ? old.part : { ...old.part, enrollment }
      return { ...old.part, enrollment, touches, cadences }
    }
  }

  const s = schedule(plan, enrollment, contact, {
    through,
    ...(settings.calendars === undefined ? {} : { calendars: settings.calendars }),
    ...(settings.defaultCalendarSet === undefined ? {} : { defaultCalendarSet: settings.defaultCalendarSet }),
    ...(settings.feb29 === undefined ? {} : { feb29: settings.feb29 }),
  })
  // A plan year is scheduled for a day's agenda when it and every one before it start by the
  // horizon's last day: its gate is the latest of those starts.
  const gates: number[] = []
  let gate = -Infinity
  for (const y of s.planYears) {
    if (y.index > 0) gate = Math.max(gate, toDayNumber(y.start))
    gates[y.index] = gate
  }
  const touches: TouchEntry[] = []
  for (const touch of s.touches) {
    if (touch.onHold || isSettled(touch.outcome)) continue
    const window = QUIET_CHANNELS.has(touch.channel) && isCalendarDate(touch.due) ? windowOf(touch.due, zoneName, settings.quiet, windows) : undefined
    touches.push({ touch, who, zone, gate: gates[touch.planYear] ?? -Infinity, dueDay: toDayNumber(touch.due), window })
  }

  // Notes as `noteSchedule` sorts them: missing dates and dates without a day make the
  // missing-dates line; the rest are notes, each shown when its plan year is scheduled.
  const notes: NoteEntry[] = []
  const withoutDay: Array<{ kind: PersonalDateKind; label?: string }> = []
  const fallbackCards = new Map<number, number>()
  for (const n of s.notes) {
    if (n.type === 'missing-personal-dates') fallbackCards.set(n.planYear, n.fallbackCards)
    else if (n.type === 'date-without-day') withoutDay.push(n.label === undefined ? { kind: n.kind } : { kind: n.kind, label: n.label })
    else {
      // Notes without a plan year are said once, before or in plan year 0.
      const year = 'planYear' in n ? n.planYear : 0
      notes.push({ note: { contactId: contact.id, enrollmentId: enrollment.enrollmentId, note: n }, gate: gates[year] ?? -Infinity })
    }
  }
  const missing = (cards: number): MissingDates | undefined =>
    cards > 0 || withoutDay.length > 0
      ? { contactId: contact.id, contactName: contact.profile?.name ?? '', enrollmentId: enrollment.enrollmentId, fallbackCards: cards, withoutDay }
      : undefined
  const years: YearEntry[] = s.planYears.map((y) => ({ start: y.start, end: y.end, gate: gates[y.index] ?? -Infinity, missing: missing(fallbackCards.get(y.index) ?? 0) }))
  const graduation: GraduationEntry | undefined =
    s.graduation !== undefined && enrollment.status === 'active'
      ? {
          zone,
          proposal: {
            contactId: contact.id,
            contactName: who.contactName,
            enrollmentId: enrollment.enrollmentId,
            fromPlanId: plan.id,
            toPlanId: s.graduation.planId,
            after: s.graduation.after,
          },
        }
      : undefined
  // A renewing plan's next plan year, not scheduled yet: a day whose horizon reaches it needs
  // the enrollment scheduled again. (When no plan year follows — on hold, the 400-year cap —
  // scheduling again finds the same: harmless.)
  const last = s.planYears[s.planYears.length - 1]
  const beyond: BeyondEntry | undefined =
    plan.renews && last !== undefined ? { day: toDayNumber(last.end) + 1, contactId: contact.id, enrollmentId: enrollment.enrollmentId, zone } : undefined
  return { enrollment, touches, notes, years, missingNoYear: missing(0), scheduled: true, graduation, cadences, beyond }
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

/** The thanks and updates the contact is owed as a referrer, not made yet. */
const owedTouches = (state: NetworkState, who: Who, zone: number, settings: PartSettings, given: readonly (ReferralState | undefined)[]): ReferralTouchEntry[] => {
  const out: ReferralTouchEntry[] = []
  for (const r of given) {
    if (r === undefined) continue
    for (const touch of referralTouches(state, r, settings.touchOptions)) {
      if (touch.done) continue
      out.push({ touch, who, zone, position: out.length })
    }
  }
  return out
}

const byDue = (a: TouchEntry, b: TouchEntry): number => a.dueDay - b.dueDay

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
  windows: WindowCache,
  old: ContactPart | undefined,
): ContactPart | undefined => {
  if (contact === undefined || contact.erased || contact.profile === null) return undefined
  const zoneName = contact.profile.timeZone ?? settings.defaultTimeZone
  const zone = zones.slot(zoneName)
  const fresh = whoOf(contact)
  const who: Who =
    old !== undefined && old.who.contactName === fresh.contactName && old.who.assignee === fresh.assignee && old.who.contactId === fresh.contactId ? old.who : fresh
  // Entries carry the contact's name and zone: when either changes, nothing old is kept.
  const reusable = old !== undefined && old.who === who && old.zone === zone && old.zoneName === zoneName ? old : undefined

  const enrollments: EnrollmentPart[] = []
  for (const enrollment of contact.plans.enrollments) {
    if (enrollment.status === 'cancelled' || enrollment.status === 'completed') continue
    const before = reusable?.enrollments.find((e) => e.enrollment.enrollmentId === enrollment.enrollmentId)
    enrollments.push(
      enrollmentPart(contact, enrollment, who, zone, zoneName, settings, through, windows, before === undefined || reusable === undefined ? undefined : { part: before, contact: reusable.contact }),
    )
  }
  enrollments.sort((a, b) => cmp(a.enrollment.enrollmentId, b.enrollment.enrollmentId))

  let pending: readonly TouchEntry[]
  if (reusable !== undefined && enrollments.length === reusable.enrollments.length && enrollments.every((e, i) => e.touches === reusable.enrollments[i]?.touches)) {
    pending = reusable.pending
  } else {
    const all: TouchEntry[] = []
    for (const e of enrollments) for (const t of e.touches) if (!t.touch.blocked) all.push(t)
    pending = all.sort(byDue)
  }

  const given = contact.referrals.given.map((id) => state.referrals.get(id))
  const owedSame =
    reusable !== undefined &&
    reusable.contact.plans.touches === contact.plans.touches &&
    reusable.contact.consent.refused === contact.consent.refused &&
    given.length === reusable.given.length &&
    given.every((r, i) => r === reusable.given[i])
  return {
    id: contact.id,
    contact,
    zoneName,
    zone,
    who,
    enrollments,
    pending,
    deadline: deadlineOf(state, contact, settings, old),
    referralTouches: owedSame ? reusable.referralTouches : owedTouches(state, who, zone, settings, given),
    given,
  }
}

// ---------------------------------------------------------------------------------------
// Reading entries on a day

/** A zone's days for one query. */
export interface ZoneDays {
  readonly today: CalendarDate
  readonly todayDay: number
  /** The horizon's last day. */
  readonly until: CalendarDate
  /** The lookback's first day: touches due before it are only counted. */
  readonly oldest: CalendarDate
  /**
   * The latest plan-year start the horizon schedules: the horizon's last day, or −∞ when
   * that is past 9999 (`agenda` then schedules plan year 0 only).
   */
  readonly gate: number
}

/** An entry's item on a day, or undefined when it is not on the agenda (done by the caller: the item list's window). */
export const itemOf = (e: TouchEntry, days: ZoneDays, status: AgendaItem['status']): AgendaItem => {
  const { touch, who, window } = e
  const daysOverdue = days.todayDay - e.dueDay
  // Literals with the fields in `toItem`'s order, so an item reads (and serializes) the same.
  if (who.assignee === undefined) {
    return window === undefined
      ? { contactId: who.contactId, contactName: who.contactName, status, due: touch.due, daysOverdue, touch }
      : { contactId: who.contactId, contactName: who.contactName, status, due: touch.due, daysOverdue, touch, window }
  }
  return window === undefined
    ? { contactId: who.contactId, contactName: who.contactName, assignee: who.assignee, status, due: touch.due, daysOverdue, touch }
    : { contactId: who.contactId, contactName: who.contactName, assignee: who.assignee, status, due: touch.due, daysOverdue, touch, window }
}

/** A pending touch that is not blocked, on a day: its item when within the lookback and horizon. */
export const readItem = (e: TouchEntry, days: ZoneDays): AgendaItem | undefined => {
  const due = e.touch.due
  if (e.gate > days.gate || due > days.until || due < days.oldest) return undefined
  return itemOf(e, days, due < days.today ? 'overdue' : due === days.today ? 'due' : 'upcoming')
}

/** A blocked pending touch, on a day: listed from today to the horizon (with the status `toItem` gives it). */
export const readBlocked = (e: TouchEntry, days: ZoneDays): AgendaItem | undefined => {
  const due = e.touch.due
  if (e.gate > days.gate || due > days.until || due < days.today) return undefined
  return itemOf(e, days, 'upcoming')
}

/** Whether a pending touch that is not blocked counts as older than the lookback on a day. */
export const isOlder = (e: TouchEntry, days: ZoneDays): boolean => e.touch.due < days.oldest && e.gate <= days.gate

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
  return {
    ...t,
    referrerName: e.who.contactName,
    ...(e.who.assignee === undefined ? {} : { assignee: e.who.assignee }),
    status: t.blocked ? 'blocked' : t.due < days.today ? 'overdue' : t.due === days.today ? 'due' : 'upcoming',
    daysOverdue: daysBetween(t.due, days.today),
  }
}

/** The missing-dates line of an enrollment on a day: that of the plan year current then (or the first). */
export const readMissing = (e: EnrollmentPart, days: ZoneDays): MissingDates | undefined => {
  if (!e.scheduled) return undefined
  const years = e.years
  if (years.length === 0) return e.missingNoYear
  for (const y of years) {
    if (y.gate > days.gate) break
    if (y.start <= days.today && days.today <= y.end) return y.missing
  }
  return (years[0] as YearEntry).missing
}
