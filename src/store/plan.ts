/**
 * The rules of an append as pure functions, so that every adapter applies them the same
 * way: the adapter reads what the rules need (the streams' versions, the stored events that
 * share an id with the batch) inside its transaction or lock, asks `planAppend` (or
 * `planAppendMany`), and writes what the plan says. The in-memory adapter is built on them.
 */
import * as E from 'fp-ts/lib/Either.js'
import { decodeEvent, scrubEvent, type ErasureScope, type RelationshipEvent } from '../events/index.js'
import { canonicalEventJson } from './canonical.js'
import {
  expectedVersionMatches,
  isExpectedVersion,
  type AppendConflict,
  type AppendResult,
  type ExpectedVersion,
  type StreamAppend,
} from './port.js'
import { isStreamId, streamIdOf, type StreamId } from './streams.js'

/** What an adapter knows of a stored event to apply the duplicate-id rule. */
export interface StoredFingerprint {
  /** `canonicalEventJson` of the stored event (keep it in a column, or compute it on read). */
  readonly canonical: string
  readonly streamVersion: number
  readonly position: number
  /** Whether the stored event was redacted by an erasure (its personal fields removed). */
  readonly redacted?: boolean
}

/** What the store holds, as far as one append needs it. */
export interface AppendContext {
  /** The stream's current version (0 when it has no events). */
  readonly version: number
  /** The stored event with this id, in any stream, or `undefined`. */
  readonly stored: (eventId: string) => StoredFingerprint | undefined
  /**
   * What the store has erased. A retry of an event stored before an erasure redacted it is
   * recognised by comparing it redacted the same way; without this, such a retry is a
   * `duplicate-event-id` conflict (never a silent write of the personal data again).
   */
  readonly erased?: () => ErasureScope
}

/** An event the plan writes. */
export interface PlannedEvent {
  /** A deep-frozen copy of the appended event, as decoded: the adapter may keep and hand it out. */
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

type Placement = { readonly stored: StoredFingerprint } | { readonly write: number }

/** The batch decoded, as the store's reader will decode it; or the first event that would not decode. */
const decodeBatch = (streamId: StreamId, events: readonly unknown[]): E.Either<AppendConflict, RelationshipEvent[]> => {
  const out: RelationshipEvent[] = []
  for (let i = 0; i < events.length; i++) {
    const raw = events[i]
    const r = decodeEvent(raw, { path: `events[${i}]` })
    if (E.isLeft(r)) {
      const id = typeof raw === 'object' && raw !== null ? (raw as { id?: unknown }).id : undefined
      return E.left({
        _tag: 'invalid-event',
        streamId,
        ...(typeof id === 'string' ? { eventId: id } : {}),
        index: i,
        message: r.left.message,
        issues: r.left.issues,
      })
    }
    out.push(r.right)
  }
  return E.right(out)
}

/** Whether an incoming event is the stored one (an idempotent retry), redacted or not. */
const sameAsStored = (event: RelationshipEvent, canonical: string, stored: StoredFingerprint, context: AppendContext): boolean => {
  if (stored.canonical === canonical) return true
  if (stored.redacted !== true || context.erased === undefined) return false
  return canonicalEventJson(scrubEvent(event, context.erased())) === stored.canonical
}

/**
 * Applies the port's rules to an append: every event decodes (`invalid-event`), belongs to
 * the stream (`wrong-stream`), reuses no stored id with other content
 * (`duplicate-event-id`), then the expected version. Returns the conflict, or the plan of
 * what to write. Throws only on a bug (a value that is not a stream id or an expected
 * version), like the port.
 *
 * An event stored (or earlier in the batch) with the same content is not written again. A
 * non-empty batch whose events are all stored is a retry: accepted whatever the expected
 * version, writing nothing, reporting where they are.
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
  const decoded = decodeBatch(streamId, events)
  if (E.isLeft(decoded)) return decoded
  const batch = decoded.right

  for (let i = 0; i < batch.length; i++) {
    const event = batch[i] as RelationshipEvent
    const belongsTo = streamIdOf(event)
    if (belongsTo !== streamId) return E.left({ _tag: 'wrong-stream', streamId, eventId: event.id, index: i, belongsTo })
  }

  const { version } = context
  const toWrite: PlannedEvent[] = []
  const inBatch = new Map<string, { readonly canonical: string; readonly write: number }>()
  const placement: Placement[] = []
  for (let i = 0; i < batch.length; i++) {
    const event = batch[i] as RelationshipEvent
    const canonical = canonicalEventJson(event)
    const stored = context.stored(event.id)
    const earlier = inBatch.get(event.id)
    if (stored !== undefined) {
      if (!sameAsStored(event, canonical, stored, context)) return E.left({ _tag: 'duplicate-event-id', streamId, eventId: event.id, index: i })
      placement.push({ stored })
    } else if (earlier !== undefined) {
      if (earlier.canonical !== canonical) return E.left({ _tag: 'duplicate-event-id', streamId, eventId: event.id, index: i })
      placement.push({ write: earlier.write })
    } else {
      inBatch.set(event.id, { canonical, write: toWrite.length })
      placement.push({ write: toWrite.length })
      toWrite.push({ event: frozenCopy(event), canonical, streamVersion: version + toWrite.length + 1 })
    }
  }

  if (batch.length > 0 && toWrite.length === 0) {
    // A retry of stored events: nothing to write, so no version to guard. It reports what
    // the first append did, not the stream's current version.
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

/** What the store holds, as far as an append to several streams needs it. */
export interface AppendManyContext {
  /** A stream's current version (0 when it has no events). */
  readonly version: (streamId: StreamId) => number
  /** The stored event with this id, in any stream, or `undefined`. */
  readonly stored: (eventId: string) => StoredFingerprint | undefined
  /** What the store has erased (see `AppendContext.erased`). */
  readonly erased?: () => ErasureScope
}

/**
 * The rules of an append to several streams at once: each stream's part is planned as by
 * `planAppend`, and an id one part writes counts as stored for the parts after it, so the
 * whole is exactly a sequence of appends in one transaction. The first conflict refuses all.
 * A stream named twice is a bug (it throws).
 */
export const planAppendMany = (appends: readonly StreamAppend[], context: AppendManyContext): E.Either<AppendConflict, AppendPlan[]> => {
  const streams = new Set<string>()
  for (const a of appends) {
    if (streams.has(a.streamId)) throw new RangeError(`appendMany names the stream ${a.streamId} twice: give each stream one part`)
    streams.add(a.streamId)
  }
  const plans: AppendPlan[] = []
  // Ids written by earlier parts, so a later part sees them as stored (positions come later).
  const pending = new Map<string, StoredFingerprint>()
  for (const a of appends) {
    const plan = planAppend(a.streamId, a.events, a.expected, {
      version: context.version(a.streamId),
      stored: (id) => pending.get(id) ?? context.stored(id),
      ...(context.erased === undefined ? {} : { erased: context.erased }),
    })
    if (E.isLeft(plan)) return plan
    for (const w of plan.right.toWrite) pending.set(w.event.id, { canonical: w.canonical, streamVersion: w.streamVersion, position: Number.NaN })
    plans.push(plan.right)
  }
  return E.right(plans)
}
