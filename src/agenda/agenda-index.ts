/**
 * The agenda index: a persistent projection of the state that keeps, per contact, everything
 * that can be on its agenda — pending planned touches with their due dates, cadences,
 * graduations, missing dates, notes, the 24-hour referral deadline, the referral touches it
 * is owed — ordered by date, so that the agenda of a day is a few range reads instead of
 * every contact's schedule recomputed and sorted.
 *
 * - `agendaIndex(state, { now, …options })` builds it: one schedule per enrollment, through
 *   a coverage date (`coverDays` after `now`: plan years renew, so a schedule needs an end).
 * - `updateAgendaIndex(index, nextState)` follows the state: it compares the two states'
 *   persistent maps, which share every part an event did not touch, and recomputes only the
 *   contacts that changed (an event's contact, a referral's two parties). A touch completed or
 *   skipped only drops that touch: the schedule is not computed again.
 * - `agendaFromIndex(index, { now, horizonDays, lookbackDays })` reads the agenda of a day.
 *   No event is needed for a day to pass: the index holds dates, the query takes `now`.
 *
 * The answer is exactly `agenda(state, { …options, now, horizonDays, lookbackDays })`, also
 * for days whose horizon reaches past the coverage: enrollments whose next plan year starts
 * by then are scheduled again for that query (`extendAgendaIndex` moves the coverage on).
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { addDays, isCalendarDate, toDayNumber, utcDateOf, type CalendarDate } from '../core/calendar-date.js'
import { PMap } from '../core/hamt.js'
import { SortedSet } from '../core/sorted-set.js'
import { localDateOf } from '../core/zones.js'
import { touchbaseError, type TouchbaseError } from '../core/errors.js'
import { builtInPlans } from '../plans/index.js'
import type { NetworkState } from '../state/index.js'
import {
  agenda,
  byCadenceDue,
  byDueThenContact,
  checkNow,
  days,
  daytimeOf,
  emptyAgenda,
  type Agenda,
  type AgendaError,
  type AgendaItem,
  type AgendaNote,
  type AgendaOptions,
  type CadenceItem,
  type GraduationProposal,
  type MissingDates,
  type OlderOverdue,
  type ReferralDeadline,
  type ReferralTouchItem,
} from './agenda.js'
import {
  contactPart,
  olderCount,
  pushMissing,
  pushNotes,
  blockedShows,
  itemStatus,
  readBlocked,
  readCadence,
  readDeadline,
  readItem,
  readMissing,
  readReferralTouch,
  type BeyondEntry,
  type CadenceEntry,
  type ContactPart,
  type DeadlineEntry,
  type EnrollmentPart,
  type GraduationEntry,
  type PartSettings,
  type ReferralTouchEntry,
  type Row,
  type TouchEntry,
  type ZoneDays,
  type ZoneSlots,
} from './index-parts.js'

/**
 * Options of `agendaIndex`: those of `agenda` but the day's (`horizonDays`, `lookbackDays`,
 * given per query), plus `now` and how far ahead schedules are computed.
 *
 * @example
 * const options: AgendaIndexOptions = { now: new Date('2026-06-15T09:00:00Z'), defaultTimeZone: 'Asia/Riyadh' }
 */
export interface AgendaIndexOptions extends Omit<AgendaOptions, 'now' | 'horizonDays' | 'lookbackDays'> {
  /** The clock value at build: the coverage is counted from its date. */
  readonly now: Date
  /**
   * Days after `now` the schedules are computed through (default 30): every plan year that
   * starts by then is scheduled, whole. A query whose horizon reaches past them still answers
   * exactly, by scheduling again the enrollments whose next plan year starts by then;
   * `extendAgendaIndex` (once a day) saves it that work. A longer coverage holds more plan
   * years in memory: about 10 KB a contact on the 33-touch year at 30 days, 26 KB at 400.
   * At most `AGENDA_MAX_DAYS` (ten years); a longer one is read as that.
   */
  readonly coverDays?: number
}

/**
 * The day an agenda is read for, and its window (as in `agenda`).
 *
 * @example
 * const day: AgendaDay = { now: new Date('2026-06-15T09:00:00Z'), horizonDays: 7 }
 */
export interface AgendaDay {
  /** The clock value: each contact's "today" is `now` in the contact's time zone. */
  readonly now: Date
  /** Days ahead to include upcoming touches (default 14). */
  readonly horizonDays?: number
  /** Days back to include overdue touches (default 60); older ones are only counted. */
  readonly lookbackDays?: number
}

/**
 * An agenda index: what every contact can put on the agenda, by date (see `agendaIndex`).
 * Persistent: an update returns a new index and leaves this one as it was, sharing all it
 * did not change.
 */
export interface AgendaIndex {
  /** The state it was built from, or last updated to. */
  readonly state: NetworkState
  /** Schedules are computed through this date (the plan years that start by then). */
  readonly coveredThrough: CalendarDate
  /** Contacts that can show on the agenda (not erased). */
  readonly contacts: number
}

// ---------------------------------------------------------------------------------------
// The orders the index keeps its entries in: those of the agenda's lists, ending on what
// makes an entry unique.

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)
/** Touches: by due day (a day number orders as its date), contact, touch key, enrollment. */
const byTouch = (a: TouchEntry, b: TouchEntry): number =>
  a.dueDay - b.dueDay || cmp(a.contactId, b.contactId) || cmp(a.touch.touchKey, b.touch.touchKey) || cmp(a.touch.enrollmentId, b.touch.enrollmentId)
const byCadence = (a: CadenceEntry, b: CadenceEntry): number =>
  cmp(a.dueOn, b.dueOn) || cmp(a.who.contactId, b.who.contactId) || cmp(a.cadence.id, b.cadence.id) || cmp(a.enrollmentId, b.enrollmentId) || a.position - b.position
const byLastReset = (a: CadenceEntry, b: CadenceEntry): number =>
  cmp(a.validFrom ?? '', b.validFrom ?? '') || cmp(a.who.contactId, b.who.contactId) || cmp(a.enrollmentId, b.enrollmentId) || a.position - b.position
const byAfter = (a: GraduationEntry, b: GraduationEntry): number =>
  cmp(a.proposal.after, b.proposal.after) || cmp(a.proposal.contactId, b.proposal.contactId) || cmp(a.proposal.enrollmentId, b.proposal.enrollmentId)
const byDeadlineEntry = (a: DeadlineEntry, b: DeadlineEntry): number =>
  cmp(a.base.deadline, b.base.deadline) || cmp(a.base.referralId, b.base.referralId) || cmp(a.contactId, b.contactId)
const byOwed = (a: ReferralTouchEntry, b: ReferralTouchEntry): number =>
  cmp(a.touch.due, b.touch.due) ||
  cmp(a.touch.referralId, b.touch.referralId) ||
  cmp(a.touch.kind, b.touch.kind) ||
  cmp(a.touch.stage ?? '', b.touch.stage ?? '') ||
  cmp(a.who.contactId, b.who.contactId) ||
  a.position - b.position
const byBeyond = (a: BeyondEntry, b: BeyondEntry): number => a.day - b.day || cmp(a.contactId, b.contactId) || cmp(a.enrollmentId, b.enrollmentId)
const byContact = (a: Row, b: Row): number => cmp(a.id, b.id)

/** The index as it is kept; handed out as `AgendaIndex`. */
interface Kept extends AgendaIndex {
  readonly settings: PartSettings
  /** The options it was built with (all but `now` and the coverage): a day no index can read is asked of `agenda`. */
  readonly options: Omit<AgendaOptions, 'now' | 'horizonDays' | 'lookbackDays'>
  readonly throughDay: number
  /** Zone names by slot. */
  readonly zones: readonly (string | undefined)[]
  /** Every contact's part, by contact id. */
  readonly parts: PMap<ContactPart | undefined>
  /** Every contact's row (what a day's pass over the contacts reads), in contact order. */
  readonly byContact: SortedSet<Row>
  /** Pending touches not blocked, by due date. */
  readonly items: SortedSet<TouchEntry>
  /** Pending touches on a refused channel, by due date. */
  readonly blocked: SortedSet<TouchEntry>
  /** Cadences by the day they are due from (as of their last reset). */
  readonly cadences: SortedSet<CadenceEntry>
  /** Cadences with a reset, by that reset's date: before it, a day reads an earlier reset. */
  readonly lastResets: SortedSet<CadenceEntry>
  readonly graduations: SortedSet<GraduationEntry>
  readonly deadlines: SortedSet<DeadlineEntry>
  readonly referralTouches: SortedSet<ReferralTouchEntry>
  /** Enrollments by the start of their first plan year not scheduled. */
  readonly beyond: SortedSet<BeyondEntry>
}

const kept = (index: AgendaIndex): Kept => index as Kept

/** A contact's part in an index, if it has one. */
const partOf = (index: Kept, id: string): ContactPart | undefined => index.parts.get(id)

const settingsOf = (o: Omit<AgendaOptions, 'now' | 'horizonDays' | 'lookbackDays'>): PartSettings => ({
  plans: o.plans ?? builtInPlans,
  calendars: o.calendars,
  defaultCalendarSet: o.defaultCalendarSet,
  defaultTimeZone: o.defaultTimeZone,
  feb29: o.feb29,
  quiet: daytimeOf(o.quietHours),
  referralSla: o.referralSla,
  touchOptions: {
    ...(o.referralTouchChannels?.thankYou === undefined ? {} : { thankYouChannel: o.referralTouchChannels.thankYou }),
    ...(o.referralTouchChannels?.statusUpdate === undefined ? {} : { statusUpdateChannel: o.referralTouchChannels.statusUpdate }),
    ...(o.defaultTimeZone === undefined ? {} : { defaultTimeZone: o.defaultTimeZone }),
  },
})

/** The coverage date of a build or extension at `now`: a day more, for zones ahead of UTC. */
/** How many days ahead an index covers by default: a month, kept ahead by a daily extension. */
const COVER_DAYS = 30

const coverageOf = (now: Date, coverDays: number | undefined): CalendarDate => addDays(utcDateOf(now), days(coverDays, COVER_DAYS) + 1)

/**
 * Each kept zone list's slots by zone, remembered (a list is never changed once kept): an
 * update would otherwise build the map again for every event.
 */
const slotMaps = new WeakMap<readonly (string | undefined)[], Map<string | undefined, number>>()

/** Zone slots over a kept list, copied on the first zone it has not seen. */
const slotsOver = (zones: readonly (string | undefined)[]): ZoneSlots & { readonly zones: () => readonly (string | undefined)[] } => {
  let list = zones
  const known = slotMaps.get(zones)
  let bySlot = known ?? new Map<string | undefined, number>(zones.map((z, i) => [z, i]))
  if (known === undefined) slotMaps.set(zones, bySlot)
  let copied = false
  return {
    slot(zone) {
      let i = bySlot.get(zone)
      if (i === undefined) {
        if (!copied) {
          list = [...list]
          bySlot = new Map(bySlot)
          slotMaps.set(list, bySlot)
          copied = true
        }
        i = list.length
        ;(list as (string | undefined)[]).push(zone)
        bySlot.set(zone, i)
      }
      return i
    },
    zones: () => list,
  }
}

// ---------------------------------------------------------------------------------------
// The entries of a part, per kept set

/** Every entry of a part, by the set it goes in. */
interface Entries {
  readonly touches: TouchEntry[]
  readonly cadences: CadenceEntry[]
  readonly lastResets: CadenceEntry[]
  readonly graduations: GraduationEntry[]
  readonly deadlines: DeadlineEntry[]
  readonly referralTouches: ReferralTouchEntry[]
  readonly beyond: BeyondEntry[]
}

const noEntries = (): Entries => ({ touches: [], cadences: [], lastResets: [], graduations: [], deadlines: [], referralTouches: [], beyond: [] })

const enrollmentEntries = (e: EnrollmentPart, into: Entries): void => {
  for (const t of e.touches) into.touches.push(t)
  for (const c of e.cadences) {
    into.cadences.push(c)
    if (c.validFrom !== undefined) into.lastResets.push(c)
  }
  if (e.graduation !== undefined) into.graduations.push(e.graduation)
  if (e.beyond !== undefined) into.beyond.push(e.beyond)
}

const entriesOf = (p: ContactPart, into: Entries): void => {
  for (const e of p.enrollments) enrollmentEntries(e, into)
  if (p.deadline !== undefined) into.deadlines.push(p.deadline)
  for (const r of p.referralTouches) into.referralTouches.push(r)
}

// ---------------------------------------------------------------------------------------
// Building

/**
 * Builds the agenda index of a state: every contact's part, scheduled through `coverDays`
 * (default 30) after `now`. Costs one `schedule` per active enrollment — what one `agenda`
 * call costs — and a sort of the entries; after that, a day's agenda is range reads.
 * `Left(invalid-now)` when `now` is not a valid date. Never throws.
 *
 * @example
 * const index = agendaIndex(state, { now: new Date('2026-06-15T09:00:00Z') })
 * if (E.isRight(index)) agendaFromIndex(index.right, { now: new Date('2026-06-16T09:00:00Z'), horizonDays: 7 })
 */
export const agendaIndex = (state: NetworkState, options: AgendaIndexOptions): E.Either<AgendaError, AgendaIndex> =>
  E.map((now: Date) => {
    const { now: _now, coverDays, ...rest } = options
    const settings = settingsOf(rest)
    const through = coverageOf(now, coverDays)
    const slots = slotsOver([])
    const parts: ContactPart[] = []
    const all = noEntries()
    // Contacts in id order, so the parts lie in memory in the order a day's pass reads them.
    for (const contact of [...state.contacts.values()].sort((a, b) => cmp(a.id, b.id))) {
      const p = contactPart(state, contact, settings, through, slots, undefined)
      if (p === undefined) continue
      parts.push(p)
      entriesOf(p, all)
    }
    const byDate = inDateOrder(parts, all.touches)
    const rows = inContactOrder(parts)
    const items = byDate.filter((t) => !t.touch.blocked)
    const blocked = byDate.filter((t) => t.touch.blocked)
    const index: Kept = {
      state,
      coveredThrough: through,
      contacts: parts.length,
      settings,
      options: rest,
      parts: PMap.from<ContactPart | undefined>(parts.map((p) => [p.id, p] as const)),
      throughDay: toDayNumber(through),
      zones: slots.zones(),
      byContact: SortedSet.fromSorted(byContact, rows),
      items: sorted(byTouch, items),
      blocked: sorted(byTouch, blocked),
      cadences: sorted(byCadence, all.cadences),
      lastResets: sorted(byLastReset, all.lastResets),
      graduations: sorted(byAfter, all.graduations),
      deadlines: sorted(byDeadlineEntry, all.deadlines),
      referralTouches: sorted(byOwed, all.referralTouches),
      beyond: sorted(byBeyond, all.beyond),
    }
    return index as AgendaIndex
  })(checkNow(options?.now))

/**
 * The touch entries in date order, each made anew in that order — so the entries of a day's
 * window lie next to each other in memory, and reading them is a sequential walk rather than
 * a cache (and page-table) miss an entry, which at 100,000 contacts is most of the cost — with
 * the parts' lists pointing at the new ones. The parts are the build's own: nothing else holds
 * them yet, so their lists are filled in place.
 */
const inDateOrder = (parts: readonly ContactPart[], touches: readonly TouchEntry[]): TouchEntry[] => {
  const order = Array.from(touches.keys())
  order.sort((i, j) => byTouch(touches[i] as TouchEntry, touches[j] as TouchEntry))
  const moved: TouchEntry[] = new Array<TouchEntry>(touches.length)
  const out: TouchEntry[] = []
  for (const i of order) {
    const e = touches[i] as TouchEntry
    const copy: TouchEntry = { dueDay: e.dueDay, zone: e.zone, gate: e.gate, due: e.due, contactId: e.contactId, contactName: e.contactName, assignee: e.assignee, touch: e.touch, window: e.window }
    moved[i] = copy
    out.push(copy)
  }
  // `touches` lists the parts' entries part by part, enrollment by enrollment (`entriesOf`).
  let k = 0
  let at: Map<TouchEntry, TouchEntry> | undefined
  for (const p of parts) {
    const first = k
    for (const e of p.enrollments) {
      const list = e.touches as TouchEntry[]
      for (let j = 0; j < list.length; j++) list[j] = moved[k++] as TouchEntry
    }
    if (p.row.irregular !== undefined) {
      // Rare (touches moved back before their plan year): looked up among the part's own.
      at ??= new Map()
      for (let j = first; j < k; j++) at.set(touches[j] as TouchEntry, moved[j] as TouchEntry)
      const list = p.row.irregular as TouchEntry[]
      for (let j = 0; j < list.length; j++) list[j] = at.get(list[j] as TouchEntry) as TouchEntry
      at.clear()
    }
  }
  return out
}

/**
 * The parts' rows made anew one after another, in contact order: a day's pass over every
 * contact then walks memory in order (each part, with its schedule, is kilobytes from the
 * next). The parts are the build's own, given their new rows in place.
 */
const inContactOrder = (parts: readonly ContactPart[]): Row[] =>
  parts.map((p) => {
    const row: Row = { ...p.row }
    ;(p as { row: Row }).row = row
    return row
  })

/** A set of distinct entries, sorted once and built bottom-up. */
const sorted = <T>(order: (a: T, b: T) => number, xs: T[]): SortedSet<T> => SortedSet.fromSorted(order, xs.sort(order))

// ---------------------------------------------------------------------------------------
// Updating

/** A contact whose part an update recomputed: before and after (undefined: none). */
export interface PartChange {
  readonly id: string
  readonly before: ContactPart | undefined
  readonly after: ContactPart | undefined
}

/** The contacts whose parts may differ between two states: the changed contacts and both parties of each changed referral. */
const changedContacts = (from: NetworkState, to: NetworkState): Set<string> => {
  const ids = new Set<string>()
  if (from.contacts !== to.contacts) for (const id of from.contacts.changedKeys(to.contacts)) ids.add(id)
  if (from.referrals !== to.referrals) {
    for (const id of from.referrals.changedKeys(to.referrals)) {
      for (const r of [from.referrals.get(id), to.referrals.get(id)]) {
        if (r === undefined) continue
        ids.add(r.referrerId)
        ids.add(r.refereeId)
      }
    }
  }
  return ids
}

/**
 * The entries to delete and add between two lists of the same part: by identity (an entry
 * kept is the same object). The common case — the new list is the old one less a few
 * entries, in order — is one walk.
 */
const diffInto = <T>(before: readonly T[], after: readonly T[], edits: Edits<T>): void => {
  if (before === after) return
  if (before.length === 0) {
    for (const x of after) edits.add(x)
    return
  }
  const start = edits.deletes
  let i = 0
  let j = 0
  while (i < before.length && j < after.length) {
    if (before[i] === after[j]) j++
    else edits.delete(before[i] as T)
    i++
  }
  if (j === after.length) {
    for (; i < before.length; i++) edits.delete(before[i] as T)
    return
  }
  // Not a subsequence: compare as sets (undoing what the walk recorded).
  edits.undoDeletes(start)
  const kept = new Set(after)
  for (const x of before) if (!kept.has(x)) edits.delete(x)
  const had = new Set(before)
  for (const x of after) if (!had.has(x)) edits.add(x)
}

/**
 * Changes of one kept set: deletes (applied first), then adds. Its lists are made on first
 * use — an update changes one or two of the index's nine sets — and one change is applied
 * without a batch.
 */
class Edits<T> {
  del: T[] | undefined = undefined
  ins: T[] | undefined = undefined
  get deletes(): number {
    return this.del?.length ?? 0
  }
  delete(x: T): void {
    ;(this.del ??= []).push(x)
  }
  add(x: T): void {
    ;(this.ins ??= []).push(x)
  }
  undoDeletes(to: number): void {
    if (this.del !== undefined) this.del.length = to
  }
  /** One element of a kept set and another, either possibly absent. */
  swap(a: T | undefined, b: T | undefined): void {
    if (a === b) return
    if (a !== undefined) this.delete(a)
    if (b !== undefined) this.add(b)
  }
  apply(set: SortedSet<T>): SortedSet<T> {
    const del = this.del ?? NO_EDITS
    const ins = this.ins ?? NO_EDITS
    if (del.length + ins.length === 0) return set
    if (del.length + ins.length === 1) return del.length === 1 ? set.delete(del[0] as T) : set.add(ins[0] as T)
    return set.batch((m) => {
      for (const x of del) m.delete(x)
      for (const x of ins) m.add(x)
    })
  }
}

const NO_EDITS: readonly never[] = []

/** The enrollment part of `id` among `parts`, if any. */
const enrollmentIn = (parts: readonly EnrollmentPart[], id: string): EnrollmentPart | undefined => {
  for (const p of parts) if (p.enrollment.enrollmentId === id) return p
  return undefined
}

/** The parts with one change (most events change one contact: no batch to open). */
const setPart = (parts: PMap<ContactPart | undefined>, c: PartChange): PMap<ContactPart | undefined> => (c.before === c.after ? parts : parts.set(c.id, c.after))

/** Applies recomputed parts to an index. */
const applyParts = (index: Kept, state: NetworkState, changes: readonly PartChange[], zones: readonly (string | undefined)[], through: CalendarDate): Kept => {
  if (changes.length === 0 && state === index.state && through === index.coveredThrough) return index
  const touches = new Edits<TouchEntry>()
  const cadences = new Edits<CadenceEntry>()
  const graduations = new Edits<GraduationEntry>()
  const deadlines = new Edits<DeadlineEntry>()
  const referralTouches = new Edits<ReferralTouchEntry>()
  const beyond = new Edits<BeyondEntry>()
  const contacts = new Edits<Row>()
  let count = index.contacts
  for (const { before, after } of changes) {
    if (before === after) continue
    if (before === undefined) count++
    if (after === undefined) count--
    // A contact's new row replaces its old one in place (the set orders rows by id alone).
    if (before !== undefined && after === undefined) contacts.delete(before.row)
    if (after !== undefined && after.row !== before?.row) contacts.add(after.row)
    // Enrollment by enrollment (most of a part is unchanged), each entry list by identity.
    const olds = before?.enrollments ?? NO_EDITS
    const news = after?.enrollments ?? NO_EDITS
    for (const e of olds) {
      const n = enrollmentIn(news, e.enrollment.enrollmentId)
      if (n === e) continue
      diffInto(e.touches, n?.touches ?? NO_EDITS, touches)
      diffInto(e.cadences, n?.cadences ?? NO_EDITS, cadences)
      graduations.swap(e.graduation, n?.graduation)
      beyond.swap(e.beyond, n?.beyond)
    }
    for (const n of news) {
      if (enrollmentIn(olds, n.enrollment.enrollmentId) !== undefined) continue
      diffInto(NO_EDITS, n.touches, touches)
      diffInto(NO_EDITS, n.cadences, cadences)
      graduations.swap(undefined, n.graduation)
      beyond.swap(undefined, n.beyond)
    }
    deadlines.swap(before?.deadline, after?.deadline)
    diffInto(before?.referralTouches ?? NO_EDITS, after?.referralTouches ?? NO_EDITS, referralTouches)
  }
  // Touches go in one of two sets by whether they are blocked; cadences with a reset are in
  // the set by last reset too.
  const items = new Edits<TouchEntry>()
  const blocked = new Edits<TouchEntry>()
  for (const t of touches.del ?? NO_EDITS) (t.touch.blocked ? blocked : items).delete(t)
  for (const t of touches.ins ?? NO_EDITS) (t.touch.blocked ? blocked : items).add(t)
  const lastResets = new Edits<CadenceEntry>()
  for (const c of cadences.del ?? NO_EDITS) if (c.validFrom !== undefined) lastResets.delete(c)
  for (const c of cadences.ins ?? NO_EDITS) if (c.validFrom !== undefined) lastResets.add(c)
  const next: Kept = {
    state,
    coveredThrough: through,
    contacts: count,
    settings: index.settings,
    options: index.options,
    // A part that is gone is kept as undefined: the map has no delete, and reads the same.
    parts: changes.length === 1 ? setPart(index.parts, changes[0] as PartChange) : index.parts.withMutations((m) => {
      for (const c of changes) if (c.before !== c.after) m.set(c.id, c.after)
    }),
    throughDay: toDayNumber(through),
    zones,
    byContact: contacts.apply(index.byContact),
    items: items.apply(index.items),
    blocked: blocked.apply(index.blocked),
    cadences: cadences.apply(index.cadences),
    lastResets: lastResets.apply(index.lastResets),
    graduations: graduations.apply(index.graduations),
    deadlines: deadlines.apply(index.deadlines),
    referralTouches: referralTouches.apply(index.referralTouches),
    beyond: beyond.apply(index.beyond),
  }
  return next
}

/**
 * The index updated to `next` and the parts that changed. @internal (the live agenda reads
 * the changes to tell whether an event moved what it shows).
 */
export const updateWithChanges = (index: AgendaIndex, next: NetworkState): { readonly index: AgendaIndex; readonly changes: readonly PartChange[] } => {
  const k = kept(index)
  if (next === k.state) return { index, changes: [] }
  const slots = slotsOver(k.zones)
  const changes: PartChange[] = []
  for (const id of changedContacts(k.state, next)) {
    const before = partOf(k, id)
    const after = contactPart(next, next.contacts.get(id), k.settings, k.coveredThrough, slots, before)
    if (after !== before) changes.push({ id, before, after })
  }
  return { index: applyParts(k, next, changes, slots.zones(), k.coveredThrough), changes }
}

/**
 * The index of `next`, a later state of the one the index follows (`foldEvents(events,
 * index.state)`) — or any state: it compares the two states' persistent maps, which share
 * everything an event did not touch, and recomputes only the contacts that differ (an event's
 * contact; a referral's referrer and referee). Costs O(changed · log n): a touch completed,
 * skipped or logged drops or moves a few entries; a change to what a schedule reads (a pause,
 * a reschedule, a new date, consent, a new zone) schedules that contact's enrollments again.
 * The given index is unchanged.
 *
 * @example
 * const next = foldEvents(events, index.state)
 * index = updateAgendaIndex(index, next)
 */
export const updateAgendaIndex = (index: AgendaIndex, next: NetworkState): AgendaIndex => updateWithChanges(index, next).index

/**
 * The index with its coverage moved to `coverDays` (default 30) after `now`: the enrollments
 * whose next plan year starts by then are scheduled again — a few a day on a network whose
 * enrollments are spread over the year. Unchanged when it already covers that far.
 * `Left(invalid-now)` when `now` is not a valid date.
 *
 * @example
 * const extended = extendAgendaIndex(index, { now: new Date('2027-06-01T00:00:00Z') })
 */
export const extendAgendaIndex = (index: AgendaIndex, options: { readonly now: Date; readonly coverDays?: number }): E.Either<AgendaError, AgendaIndex> =>
  E.map((now: Date) => extendTo(index, coverageOf(now, options.coverDays)))(checkNow(options?.now))

/** The index covering through `through` (never less than it covers). @internal */
export const extendTo = (index: AgendaIndex, through: CalendarDate): AgendaIndex => {
  const k = kept(index)
  if (through <= k.coveredThrough || !isCalendarDate(through)) return index
  const day = toDayNumber(through)
  const ids = new Set<string>()
  k.beyond.forEach((e) => (e.day <= day ? void ids.add(e.contactId) : false))
  const slots = slotsOver(k.zones)
  const changes: PartChange[] = []
  for (const id of ids) {
    const before = partOf(k, id)
    // Scheduled again, not reused: the old schedule stops at the old coverage.
    changes.push({ id, before, after: contactPart(k.state, k.state.contacts.get(id), k.settings, through, slots, undefined) })
  }
  return applyParts(k, k.state, changes, slots.zones(), through)
}

/**
 * The index covering what a reading at `now` with `horizon` needs, moved on a few days at a
 * time (so a live agenda schedules the enrollments renewing each day as the days come, not a
 * month of them at once). @internal
 */
export const coveredFor = (index: AgendaIndex, now: Date, horizon: number | undefined): AgendaIndex => {
  const ahead = days(horizon, 14)
  const today = utcDateOf(now)
  return index.coveredThrough >= addDays(today, ahead + 2) ? index : extendTo(index, addDays(today, ahead + 4))
}

// ---------------------------------------------------------------------------------------
// Reading a day

const NONE: ReadonlySet<string> = new Set()

/** The three lists read in one pass over every contact. */
interface ByContact {
  readonly olderOverdue: OlderOverdue[]
  readonly missingDates: MissingDates[]
  readonly notes: AgendaNote[]
}

/**
 * One day's reading of an index: each list is read when first asked for. The zones' days
 * are worked out once; enrollments whose next plan year the horizon reaches past the
 * coverage are scheduled again, for this reading only. A day whose dates fall outside the
 * calendar (before year 1, past 9999) is asked of `agenda` itself: it is read the way it
 * reads such dates, as strings.
 */
class DayReading {
  readonly zoneDays: readonly ZoneDays[]
  private readonly minOldest: number
  private readonly minToday: number
  private readonly maxUntil: number
  private readonly maxToday: number
  private readonly minTodayDate: string
  private readonly maxUntilDate: string
  private readonly minOldestDate: string
  private readonly maxTodayDate: string
  private freshParts: Map<string, ContactPart> | undefined
  private perContact: ByContact | undefined
  private readonly whole: Agenda | undefined

  constructor(
    readonly index: Kept,
    readonly now: Date,
    readonly horizon: number,
    readonly lookback: number,
    previous?: DayReading,
  ) {
    const nowMs = now.getTime()
    let exotic = false
    // Zone slots are only ever added: a reading of an earlier index at the same day and window
    // has the days of the first slots already (a zone's date costs a time-zone conversion).
    const known = previous !== undefined && previous.now.getTime() === nowMs && previous.horizon === horizon && previous.lookback === lookback ? previous.zoneDays : []
    this.zoneDays = index.zones.map((zone, slot) => {
      const was = known[slot]
      if (was !== undefined) {
        if (!isCalendarDate(was.today) || !isCalendarDate(was.until) || !isCalendarDate(was.oldest)) exotic = true
        return was
      }
      const today = localDateOf(nowMs, zone)
      const until = addDays(today, horizon)
      const oldest = addDays(today, -lookback)
      if (!isCalendarDate(today) || !isCalendarDate(until) || !isCalendarDate(oldest)) exotic = true
      return { today, todayDay: toDayNumber(today), until, untilDay: toDayNumber(until), oldest, oldestDay: toDayNumber(oldest) }
    })
    this.whole = exotic ? E.getOrElseW(() => undefined)(agenda(index.state, { ...index.options, now, horizonDays: horizon, lookbackDays: lookback })) : undefined
    const ds = this.zoneDays
    this.minOldest = Math.min(...ds.map((d) => d.oldestDay))
    this.minToday = Math.min(...ds.map((d) => d.todayDay))
    this.maxUntil = Math.max(...ds.map((d) => d.untilDay))
    this.maxToday = Math.max(...ds.map((d) => d.todayDay))
    const pick = (f: (d: ZoneDays) => string, more: boolean): string => ds.reduce((m, d) => (m === '' || (more ? f(d) > m : f(d) < m) ? f(d) : m), '')
    this.minTodayDate = pick((d) => d.today, false)
    this.maxTodayDate = pick((d) => d.today, true)
    this.maxUntilDate = pick((d) => d.until, true)
    this.minOldestDate = pick((d) => d.oldest, false)
  }

  private days(zone: number): ZoneDays {
    return this.zoneDays[zone] as ZoneDays
  }

  /** Contacts with an enrollment whose next plan year this day's horizon reaches, scheduled again through it. */
  private fresh(): Map<string, ContactPart> {
    if (this.freshParts !== undefined) return this.freshParts
    const out = new Map<string, ContactPart>()
    const ids = new Set<string>()
    const k = this.index
    k.beyond.forEach((e) => {
      if (e.day > this.maxUntil) return false
      if (e.day <= this.days(e.zone).untilDay) ids.add(e.contactId)
    })
    if (ids.size > 0) {
      const slots = slotsOver(k.zones)
      for (const id of ids) {
        const part = partOf(k, id)
        if (part === undefined) continue
        const p = contactPart(k.state, k.state.contacts.get(id), k.settings, this.days(part.zone).until, slots, undefined)
        if (p !== undefined) out.set(id, p)
      }
    }
    this.freshParts = out
    return out
  }

  private staleIds(): ReadonlySet<string> {
    const f = this.fresh()
    return f.size === 0 ? NONE : new Set(f.keys())
  }

  /** Pending touches (blocked or not) of the parts scheduled again, read by `read`, in the list's order. */
  private freshTouches(blocked: boolean, read: (e: TouchEntry, d: ZoneDays) => AgendaItem | undefined): AgendaItem[] {
    const out: AgendaItem[] = []
    for (const p of this.fresh().values()) {
      for (const e of p.enrollments) {
        for (const t of e.touches) {
          if (t.touch.blocked !== blocked) continue
          const item = read(t, this.days(t.zone))
          if (item !== undefined) out.push(item)
        }
      }
    }
    return out.sort(byDueThenContact)
  }

  /** The touches from the lookback's first day to the horizon's last, across zones. */
  items(): AgendaItem[] {
    if (this.whole !== undefined) return [...this.whole.items]
    // The whole list is the read a host makes most: a walk of its own, with no page's tests
    // an entry and one reader the engine can inline.
    const out: AgendaItem[] = []
    const stale = this.staleIds()
    const zoneDays = this.zoneDays
    const through = this.maxUntil
    this.index.items.forEachLeafFrom(
      (e) => e.dueDay < this.minOldest,
      (entries, start) => {
        for (let i = start; i < entries.length; i++) {
          const e = entries[i] as TouchEntry
          if (e.dueDay > through) return false
          if (stale !== NONE && stale.has(e.contactId)) continue
          const item = readItem(e, zoneDays[e.zone] as ZoneDays)
          if (item !== undefined) out.push(item)
        }
        return true
      },
    )
    return stale === NONE ? out : merge(out, this.freshTouches(false, readItem), byDueThenContact)
  }

  /** The blocked touches from today to the horizon's last, across zones. */
  blocked(): AgendaItem[] {
    return this.whole !== undefined ? [...this.whole.blocked] : this.page(true, undefined, Infinity, undefined)
  }

  /**
   * Up to `want` touches (blocked or not) after `after`, of `status` or any, in the list's
   * order: the walk starts at the first that can qualify and stops once it has them. The kept
   * entries are read a leaf at a time, the loop here (one call a leaf; with no contact
   * scheduled again, no set is checked an entry), and merged with those scheduled again.
   */
  page(blocked: boolean, status: AgendaItem['status'] | undefined, want: number, after: AgendaItemKey | undefined): AgendaItem[] {
    const fits = (i: AgendaItem): boolean => (status === undefined || i.status === status) && (after === undefined || pastKey(i.due, i.contactId, i.touch, after))
    if (this.whole !== undefined) {
      const out: AgendaItem[] = []
      for (const i of blocked ? this.whole.blocked : this.whole.items) {
        if (fits(i)) out.push(i)
        if (out.length === want) break
      }
      return out
    }
    const read = blocked ? readBlocked : readItem
    // The days a status can fall on, across zones (each contact's today is its zone's).
    let from = blocked ? this.minToday : this.minOldest
    let through = this.maxUntil
    if (blocked) {
      // A blocked touch is never due: it is listed as upcoming whatever its day, today's too.
      if (status === 'overdue' || status === 'due') through = from - 1
    } else if (status === 'overdue') through = Math.min(through, this.maxToday - 1)
    else if (status === 'due') {
      from = Math.max(from, this.minToday)
      through = Math.min(through, this.maxToday)
    } else if (status === 'upcoming') from = Math.max(from, this.minToday + 1)
    const stale = this.staleIds()
    const zoneDays = this.zoneDays
    const out: AgendaItem[] = []
    if (want > 0 && from <= through) {
      ;(blocked ? this.index.blocked : this.index.items).forEachLeafFrom(
        (e) => e.dueDay < from || (after !== undefined && !pastKey(e.due, e.contactId, e.touch, after)),
        (entries, start) => {
          for (let i = start; i < entries.length; i++) {
            const e = entries[i] as TouchEntry
            if (e.dueDay > through) return false
            if (stale !== NONE && stale.has(e.contactId)) continue
            const item = read(e, zoneDays[e.zone] as ZoneDays)
            if (item === undefined || (status !== undefined && item.status !== status)) continue
            out.push(item)
            if (out.length === want) return false
          }
          return true
        },
      )
    }
    if (stale === NONE) return out
    // Everything the walk left is after its last item: the merge's first `want` are the page's.
    return merge(out, this.freshTouches(blocked, read).filter(fits), byDueThenContact).slice(0, want)
  }

  /** The counts, missing dates and notes: one pass over the contacts in order, those scheduled again in their place. */
  private byContact(): ByContact {
    if (this.perContact !== undefined) return this.perContact
    const olderOverdue: OlderOverdue[] = []
    const missingDates: MissingDates[] = []
    const notes: AgendaNote[] = []
    this.eachRow((p, d) => {
      if (p.p0 < d.oldestDay) {
        const count = olderCount(p, d)
        // Literals in `agenda`'s field order (its `who` and the count), so a line reads the same.
        if (count > 0) olderOverdue.push(p.assignee === undefined ? { contactId: p.id, contactName: p.name, count } : { contactId: p.id, contactName: p.name, assignee: p.assignee, count })
      }
      pushMissing(p, d, missingDates)
      if (p.notes !== undefined) pushNotes(p, d, notes)
    })
    this.perContact = { olderOverdue, missingDates, notes }
    return this.perContact
  }

  /** Every contact's row in order — a contact scheduled again for this day in its place — with its zone's days. */
  private eachRow(visit: (p: Row, d: ZoneDays) => void): void {
    const fresh = this.fresh()
    const anyFresh = fresh.size > 0
    const zoneDays = this.zoneDays
    this.index.byContact.forEachLeaf((rows) => {
      for (let i = 0; i < rows.length; i++) {
        const kept = rows[i] as Row
        const p = anyFresh ? (fresh.get(kept.id)?.row ?? kept) : kept
        visit(p, zoneDays[p.zone] as ZoneDays)
      }
      return true
    })
  }

  /** The kept touches from day `from` to the horizon's last, but those of contacts scheduled again for this day. */
  private eachKept(set: SortedSet<TouchEntry>, from: number, visit: (e: TouchEntry, d: ZoneDays) => void): void {
    const stale = this.staleIds()
    const zoneDays = this.zoneDays
    const maxUntil = this.maxUntil
    set.forEachLeafFrom(
      (e) => e.dueDay < from,
      (entries, start) => {
        for (let i = start; i < entries.length; i++) {
          const e = entries[i] as TouchEntry
          if (e.dueDay > maxUntil) return false
          if (stale === NONE || !stale.has(e.contactId)) visit(e, zoneDays[e.zone] as ZoneDays)
        }
        return true
      },
    )
  }

  /**
   * How many entries each list holds, the touches and the per-contact lists counted without
   * building an item: what `agendaCountsFromIndex` answers.
   */
  counts(): AgendaCounts {
    const now = this.now.toISOString()
    if (this.whole !== undefined) return countsOf(this.whole)
    let overdue = 0
    let due = 0
    let upcoming = 0
    let blocked = 0
    const status = (e: TouchEntry, d: ZoneDays): void => {
      const s = itemStatus(e, d)
      if (s === 'overdue') overdue++
      else if (s === 'due') due++
      else if (s === 'upcoming') upcoming++
    }
    const shows = (e: TouchEntry, d: ZoneDays): void => void (blockedShows(e, d) && blocked++)
    // Each set holds one kind (not blocked, blocked): no entry's touch is read to tell which.
    this.eachKept(this.index.items, this.minOldest, status)
    this.eachKept(this.index.blocked, this.minToday, shows)
    for (const p of this.fresh().values()) for (const e of p.enrollments) for (const t of e.touches) (t.touch.blocked ? shows : status)(t, this.days(t.zone))
    let older = 0
    let olderContacts = 0
    let missingDates = 0
    let notes = 0
    const missing = { push: (): void => void missingDates++ }
    const shown = { push: (): void => void notes++ }
    this.eachRow((p, d) => {
      if (p.p0 < d.oldestDay) {
        const n = olderCount(p, d)
        if (n > 0) {
          older += n
          olderContacts++
        }
      }
      pushMissing(p, d, missing)
      if (p.notes !== undefined) pushNotes(p, d, shown)
    })
    return {
      now,
      overdue,
      due,
      upcoming,
      blocked,
      olderOverdue: older,
      olderOverdueContacts: olderContacts,
      cadences: this.cadences().length,
      graduations: this.graduations().length,
      missingDates,
      referralDeadlines: this.index.deadlines.size,
      referralTouches: this.referralTouches().length,
      notes,
    }
  }

  olderOverdue(): OlderOverdue[] {
    return this.whole !== undefined ? [...this.whole.olderOverdue] : this.byContact().olderOverdue
  }

  missingDates(): MissingDates[] {
    return this.whole !== undefined ? [...this.whole.missingDates] : this.byContact().missingDates
  }

  notes(): AgendaNote[] {
    return this.whole !== undefined ? [...this.whole.notes] : this.byContact().notes
  }

  cadences(): CadenceItem[] {
    if (this.whole !== undefined) return [...this.whole.cadences]
    const out: CadenceItem[] = []
    const maxUntil = this.maxUntilDate
    this.index.cadences.forEach((e) => {
      if (e.dueOn > maxUntil) return false
      const d = this.days(e.zone)
      // Before its last reset a cadence is read from an earlier one (below).
      if (e.validFrom !== undefined && e.validFrom > d.today) return
      const c = readCadence(e, d)
      if (c !== undefined) out.push(c)
    })
    const early: CadenceItem[] = []
    this.index.lastResets.forEachFrom(
      (e) => (e.validFrom ?? '') <= this.minTodayDate,
      (e) => {
        const d = this.days(e.zone)
        if ((e.validFrom ?? '') <= d.today) return
        const c = readCadence(e, d)
        if (c !== undefined) early.push(c)
      },
    )
    return early.length === 0 ? out : merge(out, early.sort(byCadenceDue), byCadenceDue)
  }

  graduations(): GraduationProposal[] {
    if (this.whole !== undefined) return [...this.whole.graduations]
    const out: GraduationProposal[] = []
    this.index.graduations.forEach((e) => {
      if (e.proposal.after >= this.maxTodayDate) return false
      if (this.days(e.zone).today > e.proposal.after) out.push(e.proposal)
    })
    return out
  }

  referralDeadlines(): ReferralDeadline[] {
    if (this.whole !== undefined) return [...this.whole.referralDeadlines]
    const nowMs = this.now.getTime()
    const out: ReferralDeadline[] = []
    this.index.deadlines.forEach((e) => void out.push(readDeadline(e, nowMs)))
    return out
  }

  referralTouches(): ReferralTouchItem[] {
    if (this.whole !== undefined) return [...this.whole.referralTouches]
    const out: ReferralTouchItem[] = []
    const maxUntil = this.maxUntilDate
    const zoneDays = this.zoneDays
    this.index.referralTouches.forEachLeafFrom(
      (e) => e.touch.due < this.minOldestDate,
      (entries, start) => {
        for (let i = start; i < entries.length; i++) {
          const e = entries[i] as ReferralTouchEntry
          if (e.touch.due > maxUntil) return false
          const r = readReferralTouch(e, zoneDays[e.zone] as ZoneDays)
          if (r !== undefined) out.push(r)
        }
        return true
      },
    )
    return out
  }

  /** Whether a contact's part shows anything on this day (what the live agenda emits on). */
  shows(p: ContactPart): boolean {
    if (this.whole !== undefined) return true
    const d = this.days(p.zone)
    if (olderCount(p.row, d) > 0 || p.deadline !== undefined) return true
    for (const e of p.enrollments) {
      for (const t of e.touches) if ((t.touch.blocked ? readBlocked(t, d) : readItem(t, d)) !== undefined) return true
      for (const c of e.cadences) if (readCadence(c, d) !== undefined) return true
      if (e.graduation !== undefined && d.today > e.graduation.proposal.after) return true
      if (readMissing(e, d) !== undefined) return true
      for (const n of e.notes) if (n.gate <= d.untilDay) return true
      // Past the coverage the part as kept may lack a plan year: say it may show.
      if (e.beyond !== undefined && e.beyond.day <= d.untilDay) return true
    }
    return p.referralTouches.some((r) => readReferralTouch(r, d) !== undefined)
  }
}

/** Merges two lists sorted by `order` (ties: the first list's first). */
const merge = <T>(a: readonly T[], b: readonly T[], order: (x: T, y: T) => number): T[] => {
  if (b.length === 0) return a as T[]
  const out: T[] = []
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) out.push(order(a[i] as T, b[j] as T) <= 0 ? (a[i++] as T) : (b[j++] as T))
  while (i < a.length) out.push(a[i++] as T)
  while (j < b.length) out.push(b[j++] as T)
  return out
}

/**
 * A day's reading of an index; `previous`, a reading of an earlier index at the same day,
 * lends it the zones' days. @internal
 */
export const readingOf = (index: AgendaIndex, day: AgendaDay, previous?: DayReading): DayReading =>
  new DayReading(kept(index), day.now, days(day.horizonDays, 14), days(day.lookbackDays, 60), previous)

/** Every list of a reading, read now. @internal */
export const agendaOfReading = (r: DayReading): Agenda => ({
  now: r.now.toISOString(),
  items: r.items(),
  blocked: r.blocked(),
  olderOverdue: r.olderOverdue(),
  cadences: r.cadences(),
  graduations: r.graduations(),
  missingDates: r.missingDates(),
  referralDeadlines: r.referralDeadlines(),
  referralTouches: r.referralTouches(),
  notes: r.notes(),
})

/**
 * A reading as an `Agenda` whose lists are read when first asked for (then kept): an
 * emission of the live agenda costs nothing until a subscriber reads it, and a subscriber
 * pays only for the lists it reads. Reads the same as `agendaOfReading`. @internal
 */
export const lazyAgenda = (r: DayReading): Agenda => {
  const out = { now: r.now.toISOString() } as Record<string, unknown>
  const lists: Record<Exclude<keyof Agenda, 'now'>, () => unknown> = {
    items: () => r.items(),
    blocked: () => r.blocked(),
    olderOverdue: () => r.olderOverdue(),
    cadences: () => r.cadences(),
    graduations: () => r.graduations(),
    missingDates: () => r.missingDates(),
    referralDeadlines: () => r.referralDeadlines(),
    referralTouches: () => r.referralTouches(),
    notes: () => r.notes(),
  }
  for (const [key, read] of Object.entries(lists)) {
    let value: unknown
    let done = false
    Object.defineProperty(out, key, {
      enumerable: true,
      get: () => {
        if (!done) {
          value = read()
          done = true
        }
        return value
      },
    })
  }
  return out as unknown as Agenda
}

/**
 * The agenda of a day, read from an index: exactly what `agenda(index.state, { …the index's
 * options, now, horizonDays, lookbackDays })` gives — the same entries in the same order —
 * without recomputing a schedule (but those of enrollments whose next plan year this day's
 * horizon reaches past the index's coverage). Costs the range reads of the window (what is
 * due from the lookback to the horizon) plus a pass over the contacts for the counts, missing
 * dates and notes. `Left(invalid-now)` when `now` is not a valid date. Never throws.
 *
 * @example
 * const today = agendaFromIndex(index, { now: new Date('2026-06-15T09:00:00Z'), horizonDays: 7 })
 * if (E.isRight(today)) today.right.items.filter((i) => i.status === 'due')
 */
export const agendaFromIndex = (index: AgendaIndex, day: AgendaDay): E.Either<AgendaError, Agenda> =>
  E.map((now: Date) => agendaOfReading(readingOf(index, { ...day, now })))(checkNow(day?.now))

// ---------------------------------------------------------------------------------------
// A page of a day's touches

/**
 * Where a page of agenda items ends: the fields the agenda orders its touches by (due date,
 * contact, touch key, enrollment), which make an item unique. Plain strings, so a host can
 * hand it to a browser and take it back.
 */
export interface AgendaItemKey {
  readonly due: string
  readonly contactId: string
  readonly touchKey: string
  readonly enrollmentId: string
}

/** The most items a page holds. */
export const AGENDA_PAGE_LIMIT = 10_000

/**
 * Which page of a day's touches to read (the day and window as in `agendaFromIndex`).
 *
 * @example
 * const query: AgendaPageQuery = { now: new Date('2026-06-15T09:00:00Z'), status: 'due', limit: 50 }
 */
export interface AgendaPageQuery extends AgendaDay {
  /** The touches to do (`items`, the default) or those a contact's consent blocks (`blocked`). */
  readonly list?: 'items' | 'blocked'
  /**
   * Only the touches of this status (each contact's today is its own zone's). A blocked touch
   * is never due: on the `blocked` list every touch is `upcoming`.
   */
  readonly status?: AgendaItem['status']
  /** How many items at most: 1 to `AGENDA_PAGE_LIMIT` (default 100). */
  readonly limit?: number
  /** Start after this item: the `next` of the page before. */
  readonly after?: AgendaItemKey
}

/** A page of a day's touches. */
export interface AgendaPage {
  /** `now` as asked, in ISO form (as in `Agenda`). */
  readonly now: string
  /** In the agenda's order: exactly the items `agendaFromIndex` lists, from `after` on. */
  readonly items: readonly AgendaItem[]
  /** The key to pass as `after` for the page that follows; absent on the last page. */
  readonly next?: AgendaItemKey
}

/** Why a page cannot be read: `now` is no date, or the limit, list, status or cursor is not one. */
export type AgendaPageError = AgendaError | TouchbaseError<'invalid-value'>

/** Whether an item's place in the order is past `key`. */
const pastKey = (due: string, contactId: string, touch: { readonly touchKey: string; readonly enrollmentId: string }, key: AgendaItemKey): boolean =>
  (cmp(due, key.due) || cmp(contactId, key.contactId) || cmp(touch.touchKey, key.touchKey) || cmp(touch.enrollmentId, key.enrollmentId)) > 0

const STATUSES: readonly (string | undefined)[] = ['overdue', 'due', 'upcoming', undefined]

const invalid = (path: string, expected: string, got: unknown): AgendaPageError =>
  touchbaseError('invalid-value', `${path}: expected ${expected}, got ${describe(got)}`, { path, expected, got: describe(got) }, path)

const describe = (u: unknown): string => (typeof u === 'string' ? JSON.stringify(u.slice(0, 40)) : u === null ? 'null' : typeof u === 'object' ? typeof u : String(u))

// A due date as items carry it (years past 9999 or before 1 included, as `agenda` writes them).
const DUE = /^[+-]?\d{4,6}-\d{2}-\d{2}$/
// Ids no longer than an event's strings may be (the decoder's default `maxString`).
const MAX_KEY_STRING = 4_096

/**
 * A cursor's fields checked one by one: a key that came back from a browser is untrusted, and
 * a forged one must be refused with the field it got wrong, not read as the end of the list.
 */
const checkKey = (u: unknown): E.Either<AgendaPageError, AgendaItemKey> => {
  if (typeof u !== 'object' || u === null) return E.left(invalid('after', 'the `next` of a page (due, contactId, touchKey, enrollmentId)', u))
  const k = u as Record<string, unknown>
  const due = k['due']
  if (typeof due !== 'string' || !DUE.test(due)) return E.left(invalid('after.due', 'a date, YYYY-MM-DD', due))
  const out: Record<string, string> = { due }
  for (const field of ['contactId', 'touchKey', 'enrollmentId'] as const) {
    const v = k[field]
    if (typeof v !== 'string' || v.length > MAX_KEY_STRING) return E.left(invalid(`after.${field}`, `an id of at most ${MAX_KEY_STRING} characters`, v))
    out[field] = v
  }
  // A copy: a caller's object changed later cannot move a page being read.
  return E.right(out as unknown as AgendaItemKey)
}

/** The query's limit, list, status and cursor, checked. */
const checkPage = (q: AgendaPageQuery): E.Either<AgendaPageError, { limit: number; blocked: boolean; after: AgendaItemKey | undefined }> => {
  const limit = q.limit ?? 100
  if (!Number.isInteger(limit) || limit < 1 || limit > AGENDA_PAGE_LIMIT) return E.left(invalid('limit', `an integer from 1 to ${AGENDA_PAGE_LIMIT}`, limit))
  if (q.list !== undefined && q.list !== 'items' && q.list !== 'blocked') return E.left(invalid('list', '"items" or "blocked"', q.list))
  if (!STATUSES.includes(q.status)) return E.left(invalid('status', '"overdue", "due" or "upcoming"', q.status))
  if (q.after === undefined) return E.right({ limit, blocked: q.list === 'blocked', after: undefined })
  return E.map((after: AgendaItemKey) => ({ limit, blocked: q.list === 'blocked', after }))(checkKey(q.after))
}

/**
 * A page of a day's touches read from an index: the first `limit` items of the day's
 * `items` (or `blocked`) list after `after`, of one status or all — exactly those
 * `agendaFromIndex` lists, in its order — and the key the next page starts after.
 * A whole day's agenda for a large network is large (100,000 contacts on the 33-touch year
 * list about 150,000 touches in a two-week window, and building that answer alone costs
 * tens of milliseconds); a page costs a seek in the index and the items it returns, however
 * large the network. Never throws.
 *
 * @example
 * const day = { now: new Date('2026-06-15T09:00:00Z'), status: 'due' as const, limit: 50 }
 * const first = agendaPageFromIndex(index, day)
 * if (E.isRight(first) && first.right.next !== undefined) {
 *   const second = agendaPageFromIndex(index, { ...day, after: first.right.next })
 * }
 */
export const agendaPageFromIndex = (index: AgendaIndex, query: AgendaPageQuery): E.Either<AgendaPageError, AgendaPage> =>
  pipe(
    E.Do,
    E.bindW('now', () => checkNow(query?.now)),
    E.bindW('page', () => checkPage(query)),
    E.map(({ now, page }) => {
      const items = readingOf(index, { ...query, now }).page(page.blocked, query.status, page.limit + 1, page.after)
      if (items.length <= page.limit) return { now: now.toISOString(), items }
      const last = items[page.limit - 1] as AgendaItem
      const next: AgendaItemKey = { due: last.due, contactId: last.contactId, touchKey: last.touch.touchKey, enrollmentId: last.touch.enrollmentId }
      return { now: now.toISOString(), items: items.slice(0, page.limit), next }
    }),
  )

// ---------------------------------------------------------------------------------------
// How much a day holds

/** How many entries each list of a day's agenda holds (see `agendaCountsFromIndex`). */
export interface AgendaCounts {
  /** `now` as asked, in ISO form (as in `Agenda`). */
  readonly now: string
  /** The touches to do, by status: `items` of each status. */
  readonly overdue: number
  readonly due: number
  readonly upcoming: number
  /** Touches a contact's consent blocks (`blocked`). */
  readonly blocked: number
  /** Touches overdue before the lookback (the sum of `olderOverdue`), and the contacts with any. */
  readonly olderOverdue: number
  readonly olderOverdueContacts: number
  readonly cadences: number
  readonly graduations: number
  readonly missingDates: number
  readonly referralDeadlines: number
  readonly referralTouches: number
  readonly notes: number
}

/** The counts of an agenda's lists, read off the lists. @internal */
export const countsOf = (a: Agenda): AgendaCounts => {
  const older = a.olderOverdue.map((o) => o.count)
  return {
    now: a.now,
    overdue: a.items.filter((i) => i.status === 'overdue').length,
    due: a.items.filter((i) => i.status === 'due').length,
    upcoming: a.items.filter((i) => i.status === 'upcoming').length,
    blocked: a.blocked.length,
    olderOverdue: older.reduce((n, x) => n + x, 0),
    olderOverdueContacts: older.length,
    cadences: a.cadences.length,
    graduations: a.graduations.length,
    missingDates: a.missingDates.length,
    referralDeadlines: a.referralDeadlines.length,
    referralTouches: a.referralTouches.length,
    notes: a.notes.length,
  }
}

/**
 * How many entries each list of a day's agenda holds — exactly the lengths of
 * `agendaFromIndex`'s lists (the items by status, the older-overdue touches summed) — without
 * building the touches' items or the per-contact lists: the headline of a day, beside a page
 * of it (`agendaPageFromIndex`). Costs the walk `agendaFromIndex` makes, less the answer.
 * `Left(invalid-now)` when `now` is not a valid date. Never throws.
 *
 * @example
 * const counts = agendaCountsFromIndex(index, { now: new Date('2026-06-15T09:00:00Z'), horizonDays: 7 })
 * if (E.isRight(counts)) console.log(`${counts.right.due} due today, ${counts.right.overdue} overdue`)
 */
export const agendaCountsFromIndex = (index: AgendaIndex, day: AgendaDay): E.Either<AgendaError, AgendaCounts> =>
  E.map((now: Date) => readingOf(index, { ...day, now }).counts())(checkNow(day?.now))

/** The empty agenda at a `now` that is no date (the live agenda shows it on an invalid tick). @internal */
export const nothingAt = (now: Date): Agenda => emptyAgenda(now)

export type { DayReading }

/**
 * Everything an index keeps, as plain data with zones by name (slots differ between indexes
 * built in different orders). For tests that compare an index kept up with one built anew. @internal
 */
export const indexContents = (index: AgendaIndex): unknown => {
  const k = kept(index)
  const z = <T extends { zone: number }>(e: T): Omit<T, 'zone'> & { zone: string | undefined } => ({ ...e, zone: k.zones[e.zone] })
  const enrollment = (e: EnrollmentPart) => ({
    ...e,
    touches: e.touches.map(z),
    cadences: e.cadences.map(z),
    graduation: e.graduation === undefined ? undefined : z(e.graduation),
    beyond: e.beyond === undefined ? undefined : z(e.beyond),
  })
  return {
    state: k.state,
    coveredThrough: k.coveredThrough,
    contacts: k.contacts,
    parts: k.byContact.toArray().map((r) => {
      const p = k.parts.get(r.id) as ContactPart
      const row = { ...r, zone: k.zones[r.zone], enrollments: r.enrollments.map(enrollment), irregular: r.irregular?.map(z) }
      return { ...p, zone: k.zones[p.zone], enrollments: p.enrollments.map(enrollment), row, referralTouches: p.referralTouches.map(z) }
    }),
    partsById: [...k.parts.entries()].filter(([, p]) => p !== undefined).map(([id, p]) => [id, p?.id]).sort(),
    items: k.items.toArray().map(z),
    blocked: k.blocked.toArray().map(z),
    cadences: k.cadences.toArray().map(z),
    lastResets: k.lastResets.toArray().map(z),
    graduations: k.graduations.toArray().map(z),
    deadlines: k.deadlines.toArray(),
    referralTouches: k.referralTouches.toArray().map(z),
    beyond: k.beyond.toArray().map(z),
  }
}
