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
import type { RelationshipEvent } from '../events/index.js'
import { foldOwnContact, ownContactsFolder, type ContactState, type OwnContactsSnapshot } from '../state/index.js'
import type { StreamBuilder, StreamFacts } from './facts.js'

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
  /** The fold of every live stream's contact (`src/state/fold/own-contacts.ts`). */
  private readonly folder = ownContactsFolder()
  /**
   * Each stream the accumulator folds: whether the folder holds its contact up to its last
   * event (`live`), or it keeps none from now on (it read a merge, was erased, or the folder
   * refused an event), and whether that changed since the last snapshot. One lookup an event.
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
      for (let i = 0; i < events.length - 1; i++) if (!this.folder.apply(b.key, events[i] as RelationshipEvent)) return this.kill(b.key)
    }
    if (!own.dirty) {
      own.dirty = true
      this.changed.push(b.key)
    }
    if (!this.folder.apply(b.key, e)) this.kill(b.key)
  }

  /** Notes a stream that keeps no contact from now on. */
  kill(key: string): void {
    this.folder.forget(key)
    const own = this.streams.get(key)
    if (own === undefined) this.streams.set(key, { live: false, dirty: true })
    else own.live = false
    if (own === undefined || !own.dirty) this.changed.push(key)
    if (own !== undefined) own.dirty = true
  }

  /**
   * Writes each changed stream's contact into its builder (which the accumulator owns: it was
   * written since the last snapshot), as the folder commits it: later events write copies.
   */
  snapshot(builders: ReadonlyMap<string, StreamBuilder>): void {
    if (this.changed.length === 0) return
    const committed: OwnContactsSnapshot = this.folder.commit()
    for (const key of this.changed) {
      const own = this.streams.get(key) as { live: boolean; dirty: boolean }
      own.dirty = false
      const b = builders.get(key)
      if (b !== undefined) b.ownContact = own.live ? (committed(key) ?? null) : null
    }
    this.changed.length = 0
  }
}
