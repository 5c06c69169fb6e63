/**
 * `toAgenda`: the live agenda, kept as an agenda index (`agendaIndex`). An event updates the
 * index — only the contacts it changed are recomputed — and a tick only moves the day the
 * index is read at: the index holds dates, so no contact is recomputed when a day passes
 * (but those whose next plan year comes into reach, a few a day). Each emission is a reading
 * of the index at the last tick's `now`, whose lists are read when a subscriber first asks
 * for them: emitting costs nothing in the size of the network.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { Observable, OperatorFunction } from 'rxjs'
import type { Agenda, AgendaOptions } from '../agenda/index.js'
import { emptyAgenda } from '../agenda/agenda.js'
import { agendaIndex, coveredFor, lazyAgenda, readingOf, updateWithChanges, type AgendaIndex, type DayReading } from '../agenda/agenda-index.js'
import type { RelationshipEvent } from '../events/index.js'
import { foldEvents, initialNetwork, resolveContactId, type NetworkState } from '../state/index.js'
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
 *   changes nothing (a redelivered id) or that leaves the contacts it changed with nothing on
 *   the agenda, as before, emits nothing;
 * - never before the first tick: events that come first are folded, and the first tick
 *   emits the agenda they make.
 *
 * Errors of the events or the clock are the result's error; it completes when both have
 * completed. Each subscription folds the events for itself: share the result (`share()`)
 * to show one agenda in several places.
 *
 * What it costs: the first valid tick builds the index (one `schedule` per enrollment, about
 * a fold's time). Then an event costs its fold step (O(log n)) and `updateAgendaIndex`: the
 * contacts it changed — its contact; a referral's referee and referrer — usually one or two,
 * recomputed only as far as the event moved them (a touch done drops one entry). A tick costs
 * nothing in the size of the network, except, once a day, scheduling the enrollments whose
 * next plan year comes into reach. An emission is a reading of the index at `now` whose lists
 * are worked out when first read (then kept): a subscriber that reads `items` pays for the
 * items between the lookback and the horizon, O(log n) to find them and O(1) an item; the
 * counts, missing dates and notes cost a pass over the contacts. An erased contact drops out
 * at its erasure; consent is honoured as in `agenda` (a refused channel's touches are
 * `blocked`, never due).
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
 * of the erased contact's referrals (their referral records are scrubbed); for a merge, both
 * contacts and the other parties of the survivor's referrals (they name the survivor now).
 * A merged id counts as its survivor. (The live agenda
 * itself finds them by comparing the states before and after, which needs no list.)
 *
 * @example touchedContacts([referralReceived], state) // Set { 'omar', 'nadia' }
 */
export const touchedContacts = (events: readonly RelationshipEvent[], state: NetworkState): Set<string> => {
  const ids = new Set<string>()
  const add = (id: unknown): void => {
    // A merged id is its survivor's.
    if (typeof id === 'string') ids.add(resolveContactId(state, id))
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
    if (e.type === 'ContactsMerged') {
      // The merged contact's part goes, and the referrals it had now name the survivor.
      ids.add(e.mergedId)
      add(e.survivorId)
    }
    if (e.type === 'ContactErased' || e.type === 'ContactsMerged') {
      const c = state.contacts.get(resolveContactId(state, e.contactId))
      if (c !== undefined) for (const referralId of [...c.referrals.given, ...c.referrals.received]) addReferral(referralId)
    }
  }
  return ids
}

const isValid = (d: Date | undefined): d is Date => d !== undefined && Number.isFinite(d.getTime())

/**
 * The accumulator of `toAgenda`, private to one subscription: the state, the last clock
 * value, the index (built at the first valid tick) and the reading of it at that value.
 */
class LiveAgenda {
  private state: NetworkState
  private now: Date | undefined
  private index: AgendaIndex | undefined
  private reading: DayReading | undefined
  private readonly indexOptions: Omit<AgendaOptions, 'now' | 'horizonDays' | 'lookbackDays'>
  private readonly horizonDays: number | undefined
  private readonly lookbackDays: number | undefined

  constructor(initial: NetworkState, options: Omit<AgendaOptions, 'now'>) {
    this.state = initial
    const { horizonDays, lookbackDays, ...rest } = options
    this.indexOptions = rest
    this.horizonDays = horizonDays
    this.lookbackDays = lookbackDays
  }

  /** Applies a batch; returns whether the agenda at `now` may have changed (false before the first tick). */
  apply(events: readonly RelationshipEvent[]): boolean {
    const next = foldEvents(events, this.state)
    if (next === this.state) return false
    this.state = next
    if (this.index === undefined) return false
    const { index, changes } = updateWithChanges(this.index, next)
    this.index = index
    if (changes.length === 0 || !isValid(this.now)) return false
    // A contact it changed showed something before, or shows something now.
    const r = this.readingNow(this.index, this.now)
    return changes.some((c) => (c.before !== undefined && r.shows(c.before)) || (c.after !== undefined && r.shows(c.after)))
  }

  /** Moves the clock: builds the index at the first valid tick, keeps its coverage ahead after. */
  tick(tick: Date): void {
    // A copy: the host may reuse (and change) the Date object it ticks with.
    const now = new Date(tick.getTime())
    this.now = now
    if (!isValid(now)) return
    this.index =
      this.index === undefined
        ? E.getOrElseW(() => undefined)(agendaIndex(this.state, { ...this.indexOptions, now, coverDays: Math.max(30, (this.horizonDays ?? 14) + 4) }))
        : coveredFor(this.index, now, this.horizonDays)
  }

  view(): Agenda {
    const now = this.now ?? new Date(Number.NaN)
    if (!isValid(now) || this.index === undefined) return emptyAgenda(now)
    return lazyAgenda(this.readingNow(this.index, now))
  }

  /** The reading of `index` at `now`, made once (the zones' days lent by the last one). */
  private readingNow(index: AgendaIndex, now: Date): DayReading {
    const r = this.reading
    if (r !== undefined && r.now === now && r.index === index) return r
    this.reading = readingOf(index, { now, ...this.day() }, r)
    return this.reading
  }

  private day(): { horizonDays?: number; lookbackDays?: number } {
    return {
      ...(this.horizonDays === undefined ? {} : { horizonDays: this.horizonDays }),
      ...(this.lookbackDays === undefined ? {} : { lookbackDays: this.lookbackDays }),
    }
  }
}
