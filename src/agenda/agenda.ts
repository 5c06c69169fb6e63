/**
 * `agenda`: what is due today and in the days ahead, across the network — every contact's due
 * and overdue planned touches and those within a horizon, cadences that are due, 8x8
 * graduations to propose, contacts missing personal dates, and referrals to contact within
 * 24 hours. A projection of the state and a clock value; nothing is stored.
 */
import * as E from 'fp-ts/lib/Either.js'
import { touchbaseError, type TouchbaseError } from '../core/errors.js'
import { addDays, daysBetween, isCalendarDate, type CalendarDate } from '../core/calendar-date.js'
import { localDateOf, localInstant } from '../core/zones.js'
import { appendAll } from '../core/arrays.js'
import type { CalendarRegistry } from '../calendars/index.js'
import type { Channel, PersonalDateKind } from '../events/index.js'
import { builtInPlans, findPlan, schedule, type PlanCatalogue, type PlannedTouch, type ScheduleNote } from '../plans/index.js'
import { referralSla, referralTouches, type ReferralTouch, type SlaOptions } from '../referrals/index.js'
import { resolveContactId, type ContactState, type EnrollmentState, type NetworkState } from '../state/index.js'
import { cadenceStatuses, touchStatus, type CadenceStatus, type TouchStatus } from './status.js'

/** A time of day, `HH:MM` (24 h). */
export type TimeOfDay = `${number}:${number}`

/** Options of `agenda`. */
export interface AgendaOptions {
  /** The clock value: each contact's "today" is `now` in the contact's time zone. */
  readonly now: Date
  /** Days ahead to include upcoming touches (default 14; at most `AGENDA_MAX_DAYS`, ten years). */
  readonly horizonDays?: number
  /** Days back to include overdue touches (default 60; at most `AGENDA_MAX_DAYS`); older ones are only counted. */
  readonly lookbackDays?: number
  /** Plans by id (default `builtInPlans`); add your own or replace a built-in one. */
  readonly plans?: PlanCatalogue
  /** Calendar sets (default: the built-in sets). */
  readonly calendars?: CalendarRegistry
  /** The set for contacts that name none (default `us`). */
  readonly defaultCalendarSet?: string
  /** The zone for contacts that name none (default UTC). */
  readonly defaultTimeZone?: string
  /**
   * Outside quiet hours: the daytime window calls and texts are due in, in the contact's zone
   * (default 09:00–18:00). `start` must be before `end`; a window that is not one falls back to
   * the default.
   */
  readonly quietHours?: { readonly start: TimeOfDay; readonly end: TimeOfDay }
  /** Where a Feb 29 personal date falls in common years (default `feb-28`). */
  readonly feb29?: 'feb-28' | 'mar-1'
  /** How the 24-hour rule is measured (default: 24 hours of wall clock). */
  readonly referralSla?: SlaOptions
  /** Channels of the referral thank-you and status updates (defaults: mail, phone). */
  readonly referralTouchChannels?: { readonly thankYou?: Channel; readonly statusUpdate?: Channel }
}

/** One planned touch on the agenda. */
export interface AgendaItem {
  readonly contactId: string
  /** The contact's name (absent for an erased contact: never on the agenda). */
  readonly contactName: string
  /** The team member the contact's lead is assigned to, if any. */
  readonly assignee?: string
  readonly status: Extract<TouchStatus, 'due' | 'overdue' | 'upcoming'>
  readonly due: CalendarDate
  /** Days past due (0 when due today, negative when upcoming). */
  readonly daysOverdue: number
  readonly touch: PlannedTouch
  /** For calls and texts: the contact's local daytime window on the due date, as instants. */
  readonly window?: { readonly from: string; readonly to: string }
}

/** A cadence of a relationship plan, due or coming due. */
export interface CadenceItem extends CadenceStatus {
  readonly contactId: string
  readonly contactName: string
  readonly assignee?: string
  readonly enrollmentId: string
  readonly planId: string
}

/** A proposal: the contact finished a plan's last step and may graduate to the next plan. */
export interface GraduationProposal {
  readonly contactId: string
  readonly contactName: string
  readonly enrollmentId: string
  readonly fromPlanId: string
  readonly toPlanId: string
  /** The last step's due date; the proposal stands from the day after. */
  readonly after: CalendarDate
}

/** A contact whose observance cards fall back to seasonal greetings, or whose dates cannot anchor a card. */
export interface MissingDates {
  readonly contactId: string
  readonly contactName: string
  readonly enrollmentId: string
  /** Seasonal greeting cards standing in this plan year. */
  readonly fallbackCards: number
  /** Dates recorded without a day (`YYYY-MM`): they cannot anchor a card. */
  readonly withoutDay: ReadonlyArray<{ readonly kind: PersonalDateKind; readonly label?: string }>
}

/** A referral to contact within the deadline (24 hours by default). */
export interface ReferralDeadline {
  readonly referralId: string
  readonly referrerId: string
  readonly refereeId: string
  readonly refereeName: string
  readonly receivedAt: string
  readonly deadline: string
  readonly overdue: boolean
}

/** A referral thank-you or status update not made yet. */
export interface ReferralTouchItem extends ReferralTouch {
  readonly referrerName: string
  readonly assignee?: string
  readonly status: Extract<TouchStatus, 'due' | 'overdue' | 'upcoming' | 'blocked'>
  readonly daysOverdue: number
}

/** A note the agenda carries about a contact's enrollment. */
export interface AgendaNote {
  readonly contactId: string
  readonly enrollmentId: string
  readonly note: ScheduleNote | { readonly type: 'unknown-plan'; readonly planId: string }
}

/**
 * A contact with overdue touches older than the lookback, and how many: the agenda counts
 * them rather than listing them, so one neglected contact cannot flood the list.
 */
export interface OlderOverdue {
  readonly contactId: string
  readonly contactName: string
  readonly assignee?: string
  /** Its overdue touches due before the lookback's first day. */
  readonly count: number
}

/** The agenda of the whole network on one day. */
export interface Agenda {
  readonly now: string
  /** Planned touches: overdue, due today and upcoming within the horizon, in date order. */
  readonly items: readonly AgendaItem[]
  /** Touches within the horizon that will not go out: their channel is refused by consent. */
  readonly blocked: readonly AgendaItem[]
  /** Contacts with overdue touches older than the lookback, each with how many, in contact-id order. */
  readonly olderOverdue: readonly OlderOverdue[]
  readonly cadences: readonly CadenceItem[]
  readonly graduations: readonly GraduationProposal[]
  readonly missingDates: readonly MissingDates[]
  readonly referralDeadlines: readonly ReferralDeadline[]
  /** Thank-yous and status updates referrers are owed (made ones are left out). */
  readonly referralTouches: readonly ReferralTouchItem[]
  readonly notes: readonly AgendaNote[]
}

const DAYTIME = { start: 9 * 60, end: 18 * 60 }

/** Minutes after midnight of `HH:MM`, or undefined when it is not a time of day. */
const minutesOf = (t: unknown): number | undefined => {
  const m = typeof t === 'string' ? /^([01]\d|2[0-3]):([0-5]\d)$/.exec(t) : null
  return m === null ? undefined : Number(m[1]) * 60 + Number(m[2])
}

/** The daytime window calls and texts are due in: the option when it is a window (start before end), else 09:00–18:00. @internal */
export const daytimeOf = (q: AgendaOptions['quietHours']): { start: number; end: number } => {
  const start = minutesOf(q?.start)
  const end = minutesOf(q?.end)
  return start !== undefined && end !== undefined && start < end ? { start, end } : DAYTIME
}

/**
 * The longest horizon, lookback or index coverage, in days: ten years (3,660 days). A longer one
 * is read as this: every plan year up to its end would be scheduled — thousands for a value
 * meant as "everything" — and past the year 9999 no date can be named.
 */
export const AGENDA_MAX_DAYS = 3_660

/**
 * A whole number of days from an option: at least 0, at most `AGENDA_MAX_DAYS` (so `Infinity`
 * reads as the longest), the default when it is not a number. @internal
 */
export const days = (v: number | undefined, fallback: number): number =>
  typeof v === 'number' && !Number.isNaN(v) ? Math.min(AGENDA_MAX_DAYS, Math.max(0, Math.floor(v))) : fallback

/** The channels whose touches are due inside the daytime window. @internal */
export const QUIET_CHANNELS: ReadonlySet<Channel> = new Set<Channel>(['phone', 'text'])

/** Orders two strings (UTF-16 code units, as `<` does). */
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

// The orders of the agenda's lists. Each ends on what makes an entry unique (a contact's
// enrollment, a cadence's place in its plan), so the agenda is the same however its entries
// were gathered — all at once here, or kept in an index and read back in order
// (`agendaFromIndex`); entries still equal keep the order they were gathered in.

/** Touches: by due date, contact, touch key, enrollment. */
export const byDueThenContact = (a: AgendaItem, b: AgendaItem): number =>
  cmp(a.due, b.due) || cmp(a.contactId, b.contactId) || cmp(a.touch.touchKey, b.touch.touchKey) || cmp(a.touch.enrollmentId, b.touch.enrollmentId)
/** Cadences: by the day they are due from, contact, cadence, enrollment. */
export const byCadenceDue = (x: CadenceItem, y: CadenceItem): number =>
  cmp(x.dueOn, y.dueOn) || cmp(x.contactId, y.contactId) || cmp(x.cadenceId, y.cadenceId) || cmp(x.enrollmentId, y.enrollmentId)
/** Graduations: by the day they stand from, contact, enrollment. */
export const byGraduation = (x: GraduationProposal, y: GraduationProposal): number =>
  cmp(x.after, y.after) || cmp(x.contactId, y.contactId) || cmp(x.enrollmentId, y.enrollmentId)
/** Missing dates and notes: by contact, enrollment. */
export const byContactEnrollment = (x: { contactId: string; enrollmentId: string }, y: { contactId: string; enrollmentId: string }): number =>
  cmp(x.contactId, y.contactId) || cmp(x.enrollmentId, y.enrollmentId)
/** Referral deadlines: by deadline, referral. */
export const byDeadline = (x: ReferralDeadline, y: ReferralDeadline): number => cmp(x.deadline, y.deadline) || cmp(x.referralId, y.referralId)
/** Referral touches: by due date, referral, kind, stage. */
export const byReferralTouch = (x: ReferralTouchItem, y: ReferralTouchItem): number =>
  cmp(x.due, y.due) || cmp(x.referralId, y.referralId) || cmp(x.kind, y.kind) || cmp(x.stage ?? '', y.stage ?? '')

/** Why an agenda cannot be made: `now` is not a valid `Date` (the agenda is the answer to "what is due on `now`"). */
export type AgendaError = TouchbaseError<'invalid-now'>

/** `now` when it is a valid date, else why not. @internal */
export const checkNow = (now: unknown): E.Either<AgendaError, Date> =>
  now instanceof Date && Number.isFinite(now.getTime())
    ? E.right(now)
    : E.left(touchbaseError('invalid-now', '`now` must be a valid Date: the agenda is what is due on `now`.', { now: now instanceof Date ? 'Invalid Date' : typeof now }))

/**
 * The agenda on `now`: for every contact not erased, the touches of its active (or paused)
 * enrollments that are overdue, due or upcoming within `horizonDays`, each with its
 * contact, plan and anchor; cadences due or coming due; graduations to propose; contacts
 * missing personal dates; and referrals to contact within 24 hours. `Left` when `now` is not
 * a valid date. Never throws.
 *
 * @example
 * const today = agenda(state, { now: new Date('2026-11-26T09:00:00Z'), horizonDays: 7 })
 * if (E.isRight(today)) today.right.items.filter((i) => i.status === 'due')
 */
export const agenda = (state: NetworkState, options: AgendaOptions): E.Either<AgendaError, Agenda> =>
  E.map(() => agendaOf(state, state.contacts.values(), options))(checkNow(options?.now))

/**
 * The agenda of one contact: its planned touches, cadences, graduation and missing dates, the
 * deadline of a referral about it, and the thanks and updates it is owed as a referrer. The
 * network's agenda is the merge of every contact's (`mergeAgendas`), so a live view can
 * recompute only the contacts an event touched. `Left` when `now` is not a valid date.
 */
export const contactAgenda = (state: NetworkState, contactId: string, options: AgendaOptions): E.Either<AgendaError, Agenda> =>
  E.map(() => {
    // A merged id gives its survivor's agenda.
    const c = state.contacts.get(resolveContactId(state, contactId))
    return agendaOf(state, c === undefined ? [] : [c], options)
  })(checkNow(options?.now))

/** Merges agendas of disjoint sets of contacts (taken at the same `now`) into one, in agenda order. */
export const mergeAgendas = (now: Date, parts: Iterable<Agenda>): Agenda => {
  const out = emptyAgenda(now)
  for (const p of parts) {
    appendAll(out.items, p.items)
    appendAll(out.blocked, p.blocked)
    appendAll(out.olderOverdue, p.olderOverdue)
    appendAll(out.cadences, p.cadences)
    appendAll(out.graduations, p.graduations)
    appendAll(out.missingDates, p.missingDates)
    appendAll(out.referralDeadlines, p.referralDeadlines)
    appendAll(out.referralTouches, p.referralTouches)
    appendAll(out.notes, p.notes)
  }
  return sortAgenda(out)
}

/** An agenda being gathered: its lists still open to pushes. @internal */
export type Building = { -readonly [K in keyof Agenda]: Agenda[K] extends readonly (infer T)[] ? T[] : Agenda[K] }

/** The agenda with nothing on it, at `now`. @internal */
export const emptyAgenda = (now: Date): Building => ({
  now: Number.isFinite(now.getTime()) ? now.toISOString() : 'Invalid Date',
  items: [],
  blocked: [],
  olderOverdue: [],
  cadences: [],
  graduations: [],
  missingDates: [],
  referralDeadlines: [],
  referralTouches: [],
  notes: [],
})

const sortAgenda = (a: Building): Agenda => {
  a.items.sort(byDueThenContact)
  a.blocked.sort(byDueThenContact)
  a.cadences.sort(byCadenceDue)
  a.graduations.sort(byGraduation)
  a.missingDates.sort(byContactEnrollment)
  a.referralDeadlines.sort(byDeadline)
  a.referralTouches.sort(byReferralTouch)
  a.notes.sort(byContactEnrollment)
  a.olderOverdue.sort((x, y) => cmp(x.contactId, y.contactId))
  return a
}

/** The agenda of some contacts of the state (each contact's own part, see `contactAgenda`). */
const agendaOf = (state: NetworkState, contacts: Iterable<ContactState>, options: AgendaOptions): Agenda => {
  const out = emptyAgenda(options.now)
  const nowMs = options.now.getTime()
  if (!Number.isFinite(nowMs)) return out
  const horizon = days(options.horizonDays, 14)
  const lookback = days(options.lookbackDays, 60)
  const plans: PlanCatalogue = options.plans ?? builtInPlans
  const quiet = daytimeOf(options.quietHours)

  for (const contact of contacts) {
    if (contact.erased || contact.profile === null) continue
    const zone = contact.profile.timeZone ?? options.defaultTimeZone
    const today = localDateOf(nowMs, zone)
    const until = addDays(today, horizon)
    const oldest = addDays(today, -lookback)
    const who = whoOf(contact)
    let older = 0
    for (const enrollment of contact.plans.enrollments) {
      if (enrollment.status === 'cancelled' || enrollment.status === 'completed') continue
      const plan = findPlan(plans, enrollment.planId)
      if (plan === undefined) {
        out.notes.push({ contactId: contact.id, enrollmentId: enrollment.enrollmentId, note: { type: 'unknown-plan', planId: enrollment.planId } })
        continue
      }
      if ((plan.cadences ?? []).length > 0 && enrollment.status === 'active') {
        for (const c of cadenceStatuses(plan, enrollment, contact, today)) {
          if (c.status === 'on-track' && c.dueOn > until) continue
          out.cadences.push({ ...c, ...who, enrollmentId: enrollment.enrollmentId, planId: plan.id })
        }
      }
      if (plan.steps.length === 0) continue
      const s = schedule(plan, enrollment, contact, {
        through: until,
        ...(options.calendars === undefined ? {} : { calendars: options.calendars }),
        ...(options.defaultCalendarSet === undefined ? {} : { defaultCalendarSet: options.defaultCalendarSet }),
        ...(options.feb29 === undefined ? {} : { feb29: options.feb29 }),
      })
      for (const touch of s.touches) {
        if (touch.onHold || touch.due > until) continue
        const status = touchStatus(touch, today)
        if (status === 'done' || status === 'skipped') continue
        const item = toItem(who, touch, today, zone, quiet)
        if (status === 'blocked') {
          if (touch.due >= today) out.blocked.push(item)
          continue
        }
        if (touch.due < oldest) {
          older++
          continue
        }
        out.items.push({ ...item, status })
      }
      noteSchedule(contact, enrollment, s.notes, out.notes, out.missingDates, today, s.planYears)
      if (s.graduation !== undefined && today > s.graduation.after && enrollment.status === 'active') {
        out.graduations.push(graduationProposal(who, enrollment, plan.id, s.graduation))
      }
    }
    if (older > 0) out.olderOverdue.push({ ...who, count: older })

    // A referral about this contact: its 24-hour deadline, while it waits at `received`.
    const lastId = contact.referrals.received[contact.referrals.received.length - 1]
    const open = lastId === undefined ? undefined : state.referrals.get(lastId)
    if (open !== undefined && open.stage === 'received') {
      const sla = referralSla(state, open, options.now, options.referralSla)
      out.referralDeadlines.push({
        referralId: open.referralId,
        referrerId: open.referrerId,
        refereeId: open.refereeId,
        refereeName: contact.profile.name,
        receivedAt: sla.receivedAt,
        deadline: sla.deadline,
        overdue: sla.status === 'overdue',
      })
    }

    // The thanks and updates this contact is owed as a referrer.
    const touchOptions = {
      ...(options.referralTouchChannels?.thankYou === undefined ? {} : { thankYouChannel: options.referralTouchChannels.thankYou }),
      ...(options.referralTouchChannels?.statusUpdate === undefined ? {} : { statusUpdateChannel: options.referralTouchChannels.statusUpdate }),
      ...(options.defaultTimeZone === undefined ? {} : { defaultTimeZone: options.defaultTimeZone }),
    }
    for (const referralId of contact.referrals.given) {
      const r = state.referrals.get(referralId)
      if (r === undefined) continue
      for (const t of referralTouches(state, r, touchOptions)) {
        if (t.done || t.due > until || t.due < oldest) continue
        out.referralTouches.push({
          ...t,
          referrerName: who.contactName,
          ...(who.assignee === undefined ? {} : { assignee: who.assignee }),
          status: t.blocked ? 'blocked' : t.due < today ? 'overdue' : t.due === today ? 'due' : 'upcoming',
          daysOverdue: daysBetween(t.due, today),
        })
      }
    }
  }
  return sortAgenda(out)
}

/** The contact an agenda entry is about, as the agenda names it. @internal */
/** The proposal to move an enrollment on to the plan its plan graduates to, once past `after`. @internal */
export const graduationProposal = (
  who: { readonly contactId: string; readonly contactName: string },
  enrollment: { readonly enrollmentId: string },
  fromPlanId: string,
  graduation: { readonly planId: string; readonly after: CalendarDate },
): GraduationProposal => ({
  contactId: who.contactId,
  contactName: who.contactName,
  enrollmentId: enrollment.enrollmentId,
  fromPlanId,
  toPlanId: graduation.planId,
  after: graduation.after,
})

export const whoOf = (contact: ContactState): { contactId: string; contactName: string; assignee?: string } => ({
  contactId: contact.id,
  contactName: contact.profile?.name ?? '',
  ...(contact.sales.lead?.assignee === undefined ? {} : { assignee: contact.sales.lead.assignee }),
})

const toItem = (
  who: { contactId: string; contactName: string; assignee?: string },
  touch: PlannedTouch,
  today: CalendarDate,
  zone: string | undefined,
  quiet: { start: number; end: number },
): AgendaItem => {
  const base = {
    ...who,
    status: 'upcoming' as const,
    due: touch.due,
    daysOverdue: daysBetween(touch.due, today),
    touch,
  }
  if (!QUIET_CHANNELS.has(touch.channel) || !isCalendarDate(touch.due)) return base
  return {
    ...base,
    window: {
      from: localInstant(touch.due, quiet.start, zone).toISOString(),
      to: localInstant(touch.due, quiet.end, zone).toISOString(),
    },
  }
}

const noteSchedule = (
  contact: ContactState,
  enrollment: EnrollmentState,
  scheduleNotes: readonly ScheduleNote[],
  notes: AgendaNote[],
  missingDates: MissingDates[],
  today: CalendarDate,
  planYears: ReadonlyArray<{ index: number; start: string; end: string }>,
): void => {
  const current = planYears.find((y) => y.start <= today && today <= y.end) ?? planYears[0]
  let fallbackCards = 0
  const withoutDay: Array<{ kind: PersonalDateKind; label?: string }> = []
  for (const n of scheduleNotes) {
    if (n.type === 'missing-personal-dates') {
      if (n.planYear === current?.index) fallbackCards = n.fallbackCards
    } else if (n.type === 'date-without-day') {
      withoutDay.push(n.label === undefined ? { kind: n.kind } : { kind: n.kind, label: n.label })
    } else {
      notes.push({ contactId: contact.id, enrollmentId: enrollment.enrollmentId, note: n })
    }
  }
  if (fallbackCards > 0 || withoutDay.length > 0) {
    missingDates.push({ contactId: contact.id, contactName: contact.profile?.name ?? '', enrollmentId: enrollment.enrollmentId, fallbackCards, withoutDay })
  }
}
