/**
 * The rules of an append as one pure function, so that every adapter applies them the same
 * way: the adapter reads what the rules need (the stream's version, the stored events that
 * share an id with the batch) inside its transaction or lock, asks `planAppend`, and writes
 * what the plan says. The in-memory adapter is built on it.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { RelationshipEvent } from '../events/index.js'
import { canonicalEventJson } from './canonical.js'
import { expectedVersionMatches, isExpectedVersion, type AppendConflict, type AppendResult, type ExpectedVersion } from './port.js'
import { isStreamId, streamIdOf, type StreamId } from './streams.js'

/** What an adapter knows of a stored event to apply the duplicate-id rule. */
export interface StoredFingerprint {
  /** `canonicalEventJson` of the stored event (keep it in a column, or compute it on read). */
  readonly canonical: string
  readonly streamVersion: number
  readonly position: number
}

/** What the store holds, as far as one append needs it. */
export interface AppendContext {
  /** The stream's current version (0 when it has no events). */
  readonly version: number
  /** The stored event with this id, in any stream, or `undefined`. */
  readonly stored: (eventId: string) => StoredFingerprint | undefined
}

/** An event the plan writes. */
export interface PlannedEvent {
  /** A deep-frozen copy of the appended event: the adapter may keep and hand it out. */
  readonly event: RelationshipEvent
  /** Its canonical JSON (to store beside it for later duplicate checks). */
  readonly canonical: string
  /** The stream version it takes. */
  readonly streamVersion: number
}

/** What an accepted append must write, and how to report it. */
export interface AppendPlan {
  readonly streamId: StreamId
  /** The events to write, in order (events already stored, or repeated in the batch, are left out). */
  readonly toWrite: readonly PlannedEvent[]
  /**
   * The append's result once `toWrite` is written, given the global position each of them
   * received (in order).
   */
  readonly result: (positionsWritten: readonly number[]) => AppendResult
}

/** A deep, frozen copy of plain event data. */
const frozenCopy = <A>(u: A): A => {
  if (Array.isArray(u)) return Object.freeze(u.map(frozenCopy)) as A
  if (typeof u === 'object' && u !== null) {
    const out: Record<string, unknown> = {}
    for (const k of Object.keys(u)) {
      // Decoded events never hold this key; a hand-built one must not smuggle a prototype in.
      if (k === '__proto__') continue
      const v = (u as Record<string, unknown>)[k]
      if (v !== undefined) out[k] = frozenCopy(v)
    }
    return Object.freeze(out) as A
  }
  return u
}

/**
 * A deep-frozen copy of an event (what a store keeps, so that no caller can change it).
 *
 * @example
 * const kept = frozenEventCopy(event)
 * Object.isFrozen(kept) // true; `event` is untouched
 */
export const frozenEventCopy = (event: RelationshipEvent): RelationshipEvent => frozenCopy(event)

type Placement = { readonly stored: StoredFingerprint } | { readonly write: number }

/**
 * Applies the port's rules to an append: stream membership, then duplicate ids, then the
 * expected version. Returns the conflict, or the plan of what to write. Throws only on a bug
 * (a value that is not a stream id or an expected version), like the port.
 *
 * The rules: every event must belong to `streamId` (`wrong-stream`). An id stored (or
 * earlier in the batch) with other content is a `duplicate-event-id`; with the same content
 * the event is not written again. A non-empty batch whose events are all stored is a retry:
 * accepted whatever the expected version, writing nothing, reporting where they are.
 * Otherwise the stream must be at the expected version (`wrong-expected-version`).
 *
 * @example
 * // Inside the adapter's transaction, with the stream's version and the stored rows
 * // whose ids are in the batch:
 * const plan = planAppend(streamId, events, expected, { version, stored: (id) => rows.get(id) })
 * if (E.isLeft(plan)) return plan
 * const positions = await insert(plan.right.toWrite)
 * return E.right(plan.right.result(positions))
 */
export const planAppend = (
  streamId: StreamId,
  events: readonly RelationshipEvent[],
  expectedVersion: ExpectedVersion,
  context: AppendContext,
): E.Either<AppendConflict, AppendPlan> => {
  if (!isStreamId(streamId)) throw new TypeError(`not a stream id: ${String(streamId)}`)
  if (!isExpectedVersion(expectedVersion)) {
    throw new RangeError(`an expected version is an integer ≥ 0, 'no-stream' or 'any'; got ${String(expectedVersion)}`)
  }

  for (let i = 0; i < events.length; i++) {
    const event = events[i] as RelationshipEvent
    const belongsTo = streamIdOf(event)
    if (belongsTo !== streamId) return E.left({ _tag: 'wrong-stream', streamId, eventId: event.id, index: i, belongsTo })
  }

  const { version } = context
  const toWrite: PlannedEvent[] = []
  const inBatch = new Map<string, { readonly canonical: string; readonly write: number }>()
  const placement: Placement[] = []
  for (let i = 0; i < events.length; i++) {
    const event = events[i] as RelationshipEvent
    const canonical = canonicalEventJson(event)
    const stored = context.stored(event.id)
    const earlier = inBatch.get(event.id)
    const seen = stored?.canonical ?? earlier?.canonical
    if (seen !== undefined && seen !== canonical) {
      return E.left({ _tag: 'duplicate-event-id', streamId, eventId: event.id, index: i })
    }
    if (stored !== undefined) placement.push({ stored })
    else if (earlier !== undefined) placement.push({ write: earlier.write })
    else {
      inBatch.set(event.id, { canonical, write: toWrite.length })
      placement.push({ write: toWrite.length })
      toWrite.push({ event: frozenCopy(event), canonical, streamVersion: version + toWrite.length + 1 })
    }
  }

  if (events.length > 0 && toWrite.length === 0) {
    // A retry of stored events: nothing to write, so no version to guard (DESIGN §4.6). It
    // reports what the first append did, not the stream's current version.
    let highest = 0
    const positions: number[] = []
    for (const p of placement) {
      const { stored } = p as { stored: StoredFingerprint }
      highest = Math.max(highest, stored.streamVersion)
      positions.push(stored.position)
    }
    return E.right({ streamId, toWrite, result: () => ({ streamId, nextExpectedVersion: highest, positions, written: 0 }) })
  }

  if (!expectedVersionMatches(expectedVersion, version)) {
    return E.left({ _tag: 'wrong-expected-version', streamId, expected: expectedVersion, actual: version })
  }

  return E.right({
    streamId,
    toWrite,
    result: (written) => ({
      streamId,
      // Events stored before are in this stream (same content, same stream), at versions ≤ version.
      nextExpectedVersion: version + toWrite.length,
      positions: placement.map((p) => ('stored' in p ? p.stored.position : (written[p.write] as number))),
      written: toWrite.length,
    }),
  })
}
