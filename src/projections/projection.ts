/**
 * Projections the runner keeps: a state folded from the log, how to apply a page of stored
 * events to it, and how to store it beside its checkpoint. The folded network is one
 * (`networkProjection`, stored as a snapshot); a host's own is another (`projectionOf`).
 */
import * as E from 'fp-ts/lib/Either.js'
import { touchbaseError, type TouchbaseError } from '../core/errors.js'
import type { RelationshipEvent } from '../events/index.js'
import { restoreSnapshot, snapshot } from '../snapshots/index.js'
import { foldEvents, initialNetwork, type NetworkState } from '../state/index.js'
import type { StoredEvent } from '../store/index.js'

/**
 * A projection: a state folded from the log, kept by a runner.
 *
 * `apply` must be pure and idempotent — applying an event whose effect the state already
 * holds changes nothing — so that delivering an event more than once (at least once: after a
 * crash, the events after the last checkpoint are read again) has its effect exactly once.
 * `foldEvents` is (a redelivered event id changes nothing).
 */
export interface Projection<S> {
  /** The name its checkpoint is kept under: one per projection (give a new name to a new version of it). */
  readonly name: string
  /** The state before any event. */
  readonly initial: S
  /** Applies a page of stored events, in position order. */
  readonly apply: (state: S, events: readonly StoredEvent[]) => S
  /** The state as JSON, stored with the checkpoint at `position`. */
  readonly encode: (state: S, position: number) => unknown
  /**
   * The stored data back into a state, or why not (another version of the state: the runner
   * then refolds from the start, or stops, as told). A checkpoint store may hand the data
   * back as the JSON value `encode` made or as its text: take both.
   */
  readonly decode: (data: unknown, position: number) => E.Either<TouchbaseError, S>
}

/**
 * The folded network as a projection: `foldEvents` over each page, stored as a snapshot
 * (`snapshot`/`restoreSnapshot`, whose version is checked on the way back).
 *
 * @example
 * const runner = projectionRunner({ store, projection: networkProjection, checkpoints })
 */
export const networkProjection: Projection<NetworkState> = {
  name: 'touchbase.network',
  initial: initialNetwork,
  apply: (state, events) => foldEvents(events.map((s) => s.event), state),
  encode: (state, position) => snapshot(state, position),
  decode: (data, position) => {
    const r = restoreSnapshot(data)
    if (E.isLeft(r)) return r
    if (r.right.position !== position) {
      return E.left(
        touchbaseError('snapshot-invalid', `The stored snapshot is at position ${r.right.position}, its checkpoint at ${position}: refold.`, { snapshot: r.right.position, checkpoint: position }),
      )
    }
    return E.right(r.right.state)
  },
}

/** What `projectionOf` builds a projection from. */
export interface ProjectionSpec<S> {
  readonly name: string
  readonly initial: S
  /** Applies one event (pure). It gets the stored event too: its position, stream and version. */
  readonly evolve: (state: S, event: RelationshipEvent, stored: StoredEvent) => S
  /** The state as JSON (default: the state itself, which must then be plain JSON). */
  readonly encode?: (state: S, position: number) => unknown
  /**
   * The stored JSON (or its text) back (default: the text parsed, a value taken as it is —
   * give one that checks it when the state's shape may change).
   */
  readonly decode?: (data: unknown, position: number) => E.Either<TouchbaseError, S>
}

/**
 * A projection from an `evolve`-like function. To be idempotent under redelivery it may skip
 * what it has applied — a position it keeps in its state, or the event ids it has seen.
 *
 * @example
 * // Referrals received per referrer, in plain JSON.
 * const perReferrer = projectionOf<Record<string, number>>({
 *   name: 'referrals-per-referrer',
 *   initial: {},
 *   evolve: (s, e) => (e.type === 'ReferralReceived' ? { ...s, [e.contactId]: (s[e.contactId] ?? 0) + 1 } : s),
 * })
 */
export const projectionOf = <S>(spec: ProjectionSpec<S>): Projection<S> => ({
  name: spec.name,
  initial: spec.initial,
  apply: (state, events) => events.reduce((s, stored) => spec.evolve(s, stored.event, stored), state),
  encode: spec.encode ?? ((state) => state),
  decode:
    spec.decode ??
    ((data) => {
      if (typeof data !== 'string') return E.right(data as S)
      try {
        return E.right(JSON.parse(data) as S)
      } catch {
        return E.left(touchbaseError('checkpoint-data', `The stored data of ${spec.name} is not JSON: refold.`, { name: spec.name }))
      }
    }),
})
