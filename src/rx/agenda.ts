/**
 * `toAgenda`: the live agenda. It keeps, per contact, the agenda part of the last clock
 * value (`contactAgenda`) and merges them (`mergeAgendas`) when it emits. An event recomputes
 * only the contacts it touched; a tick recomputes only the contacts whose local date moved,
 * and those whose 24-hour referral deadline it crossed. Never a refold, never a full
 * recomputation unless every zone's date moved.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { Observable, OperatorFunction } from 'rxjs'
import { localDateOf } from '../core/zones.js'
import { contactAgenda, mergeAgendas, type Agenda, type AgendaOptions } from '../agenda/index.js'
import type { RelationshipEvent } from '../events/index.js'
import { foldEvents, initialNetwork, type NetworkState } from '../state/index.js'
import { liveProjection, type EventInput, type LiveProjection, type Step } from './live.js'

/**
 * Options of `toAgenda`: those of `agenda` except `now` (the clock gives it), plus where
 * the stream starts and whether events between ticks emit.
 *
 * @example
 * const options: LiveAgendaOptions = { horizonDays: 7, defaultTimeZone: 'Asia/Riyadh', emitOnEvents: true }
 */
export interface LiveAgendaOptions extends Omit<AgendaOptions, 'now'> {
  /** The state the events apply to (default: the empty network) — e.g. a stored snapshot. */
  readonly initial?: NetworkState
  /**
   * Whether an event (or batch) that arrives after the first tick emits the agenda at the
   * last tick's `now` when it may have changed it (default `true`). With `false`, only ticks
   * emit (the events are still applied as they come).
   */
  readonly emitOnEvents?: boolean
}

/**
 * An operator from relationship events to the network's agenda, driven by a clock the host
 * passes (`clock$`: an `Observable<Date>`; touchbase never reads the system clock).
 *
 * When it emits:
 * - on every tick of `clock$`, the agenda at that `now` — equal to
 *   `agenda(foldEvents(eventsSoFar), { ...options, now })`;
 * - after an event or batch that arrives once the clock has ticked, the agenda at the last
 *   tick's `now`, when it may have changed it (unless `emitOnEvents: false`). An event that
 *   changes nothing (a redelivered id) or that leaves the touched contacts with nothing on
 *   the agenda, as before, emits nothing;
 * - never before the first tick: events that come first are folded, and the first tick
 *   emits the agenda they make.
 *
 * Errors of the events or the clock are the result's error; it completes when both have
 * completed. Each subscription folds the events for itself: share the result (`share()`)
 * to show one agenda in several places.
 *
 * What it costs: an event costs its fold step (O(log n)) plus `contactAgenda` for the
 * contacts it touches — its contact, and the referee, the contact a feedback is about, the
 * recipient of a reward, and both parties of a referral it names — usually one or two. A
 * tick costs `contactAgenda` for the contacts in time zones whose local date it moved (all
 * of them once a day when the network is in one zone) and for those whose referral deadline
 * it crossed; a tick in the same local day elsewhere costs nothing but the emission. Each
 * emission merges the kept parts: O(m log m) in the agenda's size, never in the stream's
 * length. An erased contact drops out (its part is removed); consent is honoured as in
 * `agenda` (a refused channel's touches are `blocked`, never due).
 *
 * @example
 * import { Subject } from 'rxjs'
 * import { toAgenda } from 'touchbase/rx'
 *
 * const events$ = new Subject<RelationshipEvent | RelationshipEvent[]>()
 * const clock$ = new Subject<Date>()
 * events$.pipe(toAgenda(clock$, { horizonDays: 7 })).subscribe((a) => render(a.items))
 * events$.next(storedEvents)                    // no emission yet: no clock value
 * clock$.next(new Date('2026-01-22T14:00:00Z')) // emits the agenda of that morning
 * events$.next(touchCompleted)                  // emits it again, without the touch
 */
export const toAgenda = (clock$: Observable<Date>, options: LiveAgendaOptions = {}): OperatorFunction<EventInput, Agenda> => {
  const { initial = initialNetwork, emitOnEvents = true, ...agendaOptions } = options
  const projection: LiveProjection<LiveAgenda, Date, Agenda> = {
    seed: () => new LiveAgenda(initial, agendaOptions),
    onEvents: (acc, events): Step<LiveAgenda> => ({ acc, emit: acc.apply(events) && emitOnEvents }),
    onTrigger: (acc, now): Step<LiveAgenda> => {
      acc.tick(now)
      return { acc, emit: true }
    },
    view: (acc) => acc.view(),
  }
  return liveProjection(clock$, projection)
}

/**
 * The contacts whose agenda part an event may change, read from the state after it:
 * its contact; the `refereeId`, `aboutContactId` and `recipientId` it names; both parties of
 * the referral it names (a stage change in the referrer's stream ends the referee's
 * deadline); the recipient of the reward it names; and, for an erasure, the other parties
 * of the erased contact's referrals (their referral records are scrubbed).
 *
 * @example touchedContacts([referralReceived], state) // Set { 'omar', 'nadia' }
 */
export const touchedContacts = (events: readonly RelationshipEvent[], state: NetworkState): Set<string> => {
  const ids = new Set<string>()
  const add = (id: unknown): void => {
    if (typeof id === 'string') ids.add(id)
  }
  const addReferral = (referralId: unknown): void => {
    if (typeof referralId !== 'string') return
    const r = state.referrals.get(referralId)
    if (r === undefined) return
    ids.add(r.referrerId)
    ids.add(r.refereeId)
  }
  for (const e of events) {
    const fields = e as unknown as { readonly [k: string]: unknown }
    add(fields['contactId'])
    add(fields['refereeId'])
    add(fields['aboutContactId'])
    add(fields['recipientId'])
    addReferral(fields['referralId'])
    const rewardId = fields['rewardId']
    if (typeof rewardId === 'string') add(state.rewards.get(rewardId)?.recipientId)
    if (e.type === 'ContactErased') {
      const c = state.contacts.get(e.contactId)
      if (c !== undefined) for (const referralId of [...c.referrals.given, ...c.referrals.received]) addReferral(referralId)
    }
  }
  return ids
}

/** Where a contact's local date is read: its zone, or the default (`''` for UTC). */
type ZoneKey = string

/**
 * The accumulator of `toAgenda`, private to one subscription: the state, the last clock
 * value, and the per-contact parts with the indexes that say which to recompute.
 */
class LiveAgenda {
  private state: NetworkState
  private now: Date | undefined
  /** Non-empty agenda parts, by contact, at `now`. */
  private readonly parts = new Map<string, Agenda>()
  /** Every contact that can be on the agenda (present, not erased), by its zone. */
  private readonly byZone = new Map<ZoneKey, Set<string>>()
  private readonly zoneOf = new Map<string, ZoneKey>()
  /** The 24-hour deadline (epoch ms) of the referral a contact waits on, where its part shows one. */
  private readonly deadlines = new Map<string, number>()

  constructor(
    initial: NetworkState,
    private readonly options: Omit<AgendaOptions, 'now'>,
  ) {
    this.state = initial
  }

  /** Applies a batch; returns whether the agenda may have changed (false before the first tick). */
  apply(events: readonly RelationshipEvent[]): boolean {
    const next = foldEvents(events, this.state)
    if (next === this.state) return false
    this.state = next
    const now = this.now
    if (now === undefined) return false
    let changed = false
    for (const id of touchedContacts(events, next)) changed = this.recompute(id, now) || changed
    return changed
  }

  /** Moves the clock: recomputes the contacts whose local date or deadline status moved. */
  tick(tick: Date): void {
    const prevMs = this.now?.getTime() ?? Number.NaN
    const nowMs = tick.getTime()
    // A copy: the host may reuse (and change) the Date object it ticks with.
    const now = new Date(nowMs)
    this.now = now
    if (!Number.isFinite(prevMs) || !Number.isFinite(nowMs)) return this.recomputeAll(now)
    const due = new Set<string>()
    for (const [zone, ids] of this.byZone) {
      const z = zone === '' ? undefined : zone
      if (localDateOf(prevMs, z) !== localDateOf(nowMs, z)) for (const id of ids) due.add(id)
    }
    for (const [id, deadline] of this.deadlines) if (prevMs > deadline !== nowMs > deadline) due.add(id)
    for (const id of due) this.recompute(id, now)
  }

  view(): Agenda {
    return mergeAgendas(this.now ?? new Date(Number.NaN), this.parts.values())
  }

  private recomputeAll(now: Date): void {
    this.parts.clear()
    this.byZone.clear()
    this.zoneOf.clear()
    this.deadlines.clear()
    for (const c of this.state.contacts.values()) this.recompute(c.id, now)
  }

  /** Recomputes one contact's part; returns whether it was or is non-empty. */
  private recompute(id: string, now: Date): boolean {
    const wasShown = this.parts.delete(id)
    this.deadlines.delete(id)
    const contact = this.state.contacts.get(id)
    if (contact === undefined || contact.erased || contact.profile === null) {
      this.setZone(id, undefined)
      return wasShown
    }
    this.setZone(id, contact.profile.timeZone ?? this.options.defaultTimeZone ?? '')
    const computed = contactAgenda(this.state, id, { ...this.options, now })
    // The clock's ticks are valid dates (an invalid one never reaches here): no part otherwise.
    if (E.isLeft(computed)) return wasShown
    const part = computed.right
    const deadline = Date.parse(part.referralDeadlines[0]?.deadline ?? '')
    if (Number.isFinite(deadline)) this.deadlines.set(id, deadline)
    if (isEmpty(part)) return wasShown
    this.parts.set(id, part)
    return true
  }

  private setZone(id: string, zone: ZoneKey | undefined): void {
    const old = this.zoneOf.get(id)
    if (old === zone) return
    if (old !== undefined) {
      const ids = this.byZone.get(old)
      ids?.delete(id)
      if (ids?.size === 0) this.byZone.delete(old)
    }
    if (zone === undefined) {
      this.zoneOf.delete(id)
      return
    }
    this.zoneOf.set(id, zone)
    let ids = this.byZone.get(zone)
    if (ids === undefined) {
      ids = new Set()
      this.byZone.set(zone, ids)
    }
    ids.add(id)
  }
}

const isEmpty = (a: Agenda): boolean =>
  a.items.length === 0 &&
  a.blocked.length === 0 &&
  a.cadences.length === 0 &&
  a.graduations.length === 0 &&
  a.missingDates.length === 0 &&
  a.referralDeadlines.length === 0 &&
  a.referralTouches.length === 0 &&
  a.notes.length === 0 &&
  Object.keys(a.olderOverdue).length === 0
