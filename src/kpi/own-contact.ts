/**
 * The contact a stream's schedule events make, kept up as the events arrive.
 *
 * Plan adherence needs each enrolled contact as the fold would make it from the contact's own
 * schedule events (`foldOwnContact`). Rebuilding it in the finalize means walking every kept
 * event again, long after it was read: measured on 1,000,000 events, a third of the report,
 * most of it spent fetching events from memory. The accumulator instead hands each event to
 * the fold's own handlers as it reads it — the very handlers `foldOwnContact` runs, in the
 * same order, on the same events — so the contact is there when the report asks.
 *
 * A stream's contact stays its own: every stream is folded apart from the others (one batch
 * holds them all, but a handler of these events writes only its event's contact), so partials
 * of a partition hold what one pass holds. A merge joins two streams' events, which only the
 * finalize can see whole: a stream that read one keeps no contact (`null`), and the report
 * folds its events as before.
 */
import { hasWellFormedReferences, isEventType, type EventType, type RelationshipEvent } from '../events/index.js'
import { acceptedAfterErasure, needsContact } from '../rules/index.js'
import { foldOwnContact, initialNetwork, type ContactState, type NetworkState } from '../state/index.js'
import { Batch } from '../state/fold/batch.js'
import { contactHandlers } from '../state/fold/contacts.js'
import type { Handler } from '../state/fold/handler.js'
import { planHandlers } from '../state/fold/plans.js'
import type { StreamBuilder, StreamFacts } from './facts.js'

/** The handlers of the schedule events a stream folds itself (a merge is left to the finalize). */
const HANDLERS: Partial<Record<EventType, Handler<EventType>>> = {
  ContactAdded: contactHandlers.ContactAdded,
  ContactUpdated: contactHandlers.ContactUpdated,
  PersonalDateRecorded: contactHandlers.PersonalDateRecorded,
  PersonalDateRemoved: contactHandlers.PersonalDateRemoved,
  InterestRecorded: contactHandlers.InterestRecorded,
  InterestRemoved: contactHandlers.InterestRemoved,
  ConsentChanged: contactHandlers.ConsentChanged,
  PlanEnrolled: planHandlers.PlanEnrolled,
  PlanPaused: planHandlers.PlanPaused,
  PlanResumed: planHandlers.PlanResumed,
  PlanCancelled: planHandlers.PlanCancelled,
  PlanCompleted: planHandlers.PlanCompleted,
  TouchCompleted: planHandlers.TouchCompleted,
  TouchSkipped: planHandlers.TouchSkipped,
  TouchRescheduled: planHandlers.TouchRescheduled,
} as Partial<Record<EventType, Handler<EventType>>>

/** What `foldOwnContact` skips: a value without an event's envelope and well-formed ids. */
const looksLikeEvent = (e: RelationshipEvent): boolean =>
  typeof e.id === 'string' && isEventType(e.type) && typeof e.at === 'string' && hasWellFormedReferences(e.type, e as unknown as Record<string, unknown>)

/**
 * The contact a stream's own schedule events make, as the stream keeps it: `null` for a
 * stream that read a merge, or whose events make no contact (erased, or never added).
 * @internal
 */
export const ownContactOf = (s: Pick<StreamFacts, 'key' | 'merges' | 'scheduleEvents'>): ContactState | null =>
  s.merges.length > 0 || s.scheduleEvents.length === 0 ? null : (foldOwnContact(s.scheduleEvents, s.key) ?? null)

/**
 * The accumulator's side of `ownContact`: one batch of the fold's handlers over every stream
 * it reads, committed at each snapshot (so what a snapshot holds is never written again).
 * @internal
 */
export class OwnContacts {
  private committed: NetworkState = initialNetwork
  private batch = new Batch(initialNetwork)
  /**
   * Each stream the accumulator folds: whether the batch holds its contact up to its last
   * event (`live`), or it keeps none from now on (it read a merge, was erased, or a handler
   * threw), and whether that changed since the last snapshot. One lookup an event.
   */
  private readonly streams = new Map<string, { live: boolean; dirty: boolean }>()
  private readonly changed: string[] = []

  /**
   * Reads the event a stream has just appended to its schedule events, or notes that the
   * stream keeps no contact any more (`b` after `addToStream`).
   */
  read(b: StreamBuilder, e: RelationshipEvent): void {
    let own = this.streams.get(b.key)
    if (own !== undefined && !own.live) return
    if (b.merges.length > 0 || b.contact?.erasedSeq !== undefined) return this.kill(b.key)
    const events = b.scheduleEvents
    if (events[events.length - 1] !== e) return
    if (own === undefined) {
      own = { live: true, dirty: false }
      this.streams.set(b.key, own)
      // The stream's earlier events (an aggregate continued, or decoded) are folded first.
      for (let i = 0; i < events.length - 1; i++) if (!this.apply(b.key, events[i] as RelationshipEvent)) return
    }
    if (!own.dirty) {
      own.dirty = true
      this.changed.push(b.key)
    }
    this.apply(b.key, e)
  }

  /** Notes a stream that keeps no contact from now on. */
  kill(key: string): void {
    const own = this.streams.get(key)
    if (own === undefined) this.streams.set(key, { live: false, dirty: true })
    else own.live = false
    if (own === undefined || !own.dirty) this.changed.push(key)
    if (own !== undefined) own.dirty = true
  }

  /** Applies an event as `foldOwnContact` does; `false` (and the stream dead) when a handler threw. */
  private apply(key: string, e: RelationshipEvent): boolean {
    if (!looksLikeEvent(e)) return true
    const handler = HANDLERS[e.type]
    if (handler === undefined) return true
    const b = this.batch
    b.setAside = false
    try {
      if (needsContact(e.type)) {
        const c = b.contact(key)
        if (c === undefined) b.note(e, 'unknown-contact', false)
        else if (c.erased && !acceptedAfterErasure(e.type)) b.note(e, 'contact-erased', false)
        else {
          handler(b, e)
          if (!b.setAside && e.type !== 'ContactAdded') {
            const w = b.writeContact(key)
            if (w !== undefined) {
              w.eventCount += 1
              w.lastEventAt = e.at
            }
          }
        }
      } else handler(b, e)
      // As the fold counts it (a batch that counted nothing commits nothing).
      b.eventCount++
    } catch {
      // The handler may have written part of the event: the finalize folds the stream's events instead.
      this.kill(key)
      return false
    }
    return true
  }

  /**
   * Writes each changed stream's contact into its builder (which the accumulator owns: it was
   * written since the last snapshot), and commits the batch: later events write copies.
   */
  snapshot(builders: ReadonlyMap<string, StreamBuilder>): void {
    if (this.changed.length === 0) return
    // Anomalies the handlers noted are the fold's business, not the KPIs': none are kept.
    this.committed = { ...this.batch.commit(), anomalies: initialNetwork.anomalies }
    this.batch = new Batch(this.committed)
    for (const key of this.changed) {
      const own = this.streams.get(key) as { live: boolean; dirty: boolean }
      own.dirty = false
      const b = builders.get(key)
      if (b !== undefined) b.ownContact = own.live ? (this.committed.contacts.get(key) ?? null) : null
    }
    this.changed.length = 0
  }
}
