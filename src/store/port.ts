/**
 * The storage port: what a host implements so that touchbase can keep its event streams in
 * the host's database. Every method is async. An append's refusal is a value
 * (`Left(AppendConflict)`), never a thrown error, and never a silently lost write; a rejected
 * promise means a bug (an argument outside its domain) or an outage of the storage itself.
 *
 * The rules every adapter keeps (`eventStoreContract` in `touchbase/testing` checks them):
 *
 * - **Atomic**: an append writes all its events or none.
 * - **Versioned**: a stream's events have versions 1, 2, 3… with no gap; an append is
 *   accepted only when the stream's version is the one the caller expected.
 * - **Ordered**: every stored event has a global position; positions increase in the order
 *   events were committed, so reading all from a position never skips a late commit.
 * - **Idempotent ids**: an event id is unique in the whole store. Appending an event whose id
 *   is stored with the same content (canonical JSON of `encodeEvent`) writes nothing and
 *   succeeds; with other content it is a `duplicate-event-id` conflict.
 * - **One stream per contact**: an event is appended to `streamIdOf(event)` or refused.
 */
import type * as E from 'fp-ts/lib/Either.js'
import type { DecodeIssue, RelationshipEvent } from '../events/index.js'
import type { StreamId } from './streams.js'

/**
 * The version a caller expects a stream to be at when it appends:
 * - a number `n` — exactly `n` events are in the stream (`0`: none, as `'no-stream'`);
 * - `'no-stream'` — the stream has no events yet;
 * - `'any'` — no check (for events whose order against others does not matter, e.g. costs).
 *
 * @example
 * const events = await store.readStream('contact-c1')
 * await store.append('contact-c1', decided, events.length) // the version read: nothing slipped in
 */
export type ExpectedVersion = number | 'no-stream' | 'any'

/** An event as the store holds it: where it is, and the event itself. */
export interface StoredEvent {
  /** The stream it belongs to. */
  readonly streamId: StreamId
  /** Its version in the stream: 1 for the stream's first event, with no gaps. */
  readonly streamVersion: number
  /** Its global position: 1-based, increasing in commit order across all streams. */
  readonly position: number
  /** The event, equal to the one appended. */
  readonly event: RelationshipEvent
}

/** What a successful append did. */
export interface AppendResult {
  /** The stream appended to. */
  readonly streamId: StreamId
  /**
   * The version to expect in the next append that builds on this one: the highest stream
   * version among the batch's events (after a write, the stream's new version). For an
   * idempotent retry it is what the first append returned, not the stream's current
   * version: events may have been appended since, and a decision built on this batch alone
   * has not seen them. For an empty batch, the stream's current version.
   */
  readonly nextExpectedVersion: number
  /**
   * The global position of each event of the batch, in batch order; for an event that was
   * already stored (a retry), the position where it is stored.
   */
  readonly positions: readonly number[]
  /** How many events this call wrote (0 for a retry of a stored batch). */
  readonly written: number
}

/** The stream is not at the version the caller expected: nothing was written. */
export interface WrongExpectedVersion {
  readonly _tag: 'wrong-expected-version'
  readonly streamId: StreamId
  /** What the caller expected. */
  readonly expected: ExpectedVersion
  /** The stream's version when the append was committed (0 when it has no events). */
  readonly actual: number
}

/**
 * An event's id is already stored (or repeated in the batch) with other content: nothing
 * was written. Ids are the idempotency key, so this is never resolved by writing both.
 */
export interface DuplicateEventId {
  readonly _tag: 'duplicate-event-id'
  readonly streamId: StreamId
  /** The id in question. */
  readonly eventId: string
  /** Where the offending event is in the batch (0-based). */
  readonly index: number
}

/**
 * An event of the batch belongs to another stream (`streamIdOf(event)` is not the stream
 * appended to): nothing was written. Keeping each contact's events in its own stream is
 * what makes a stream's expected version guard that contact, and partitions whole.
 */
export interface WrongStream {
  readonly _tag: 'wrong-stream'
  /** The stream appended to. */
  readonly streamId: StreamId
  /** The id of the event that does not belong there. */
  readonly eventId: string
  /** Where it is in the batch (0-based). */
  readonly index: number
  /** The stream it belongs to. */
  readonly belongsTo: StreamId
}

/**
 * An event of the batch would not decode (a field of the wrong type, a rating of 7, a
 * hand-built object): nothing was written. A store keeps only what its reader can read
 * back, so one bad append can never block every reader of the log.
 */
export interface InvalidEvent {
  readonly _tag: 'invalid-event'
  readonly streamId: StreamId
  /** The event's id, when it has a readable one. */
  readonly eventId?: string
  /** Where it is in the batch (0-based). */
  readonly index: number
  /** The decoder's message (paths and expectations; never the personal data found). */
  readonly message: string
  /** The decoder's issues. */
  readonly issues: readonly DecodeIssue[]
}

/**
 * Why an append was refused. Nothing of the batch was written.
 * When a batch breaks several rules, adapters report one of them; the rules are checked in
 * the order `planAppend` does: decoding, streams, ids, then the expected version.
 */
export type AppendConflict = InvalidEvent | WrongExpectedVersion | DuplicateEventId | WrongStream

/** Options of `readStream`. */
export interface ReadStreamOptions {
  /** The first stream version to return (default 1, the whole stream). */
  readonly fromVersion?: number
}

/** Options of `readAll`. */
export interface ReadAllOptions {
  /** The first global position to return (default 1: from the start). Inclusive. */
  readonly fromPosition?: number
  /** At most this many events (a page); default: all. */
  readonly limit?: number
}

/**
 * The storage port: an append-only log of relationship events in streams.
 *
 * @example
 * const r = await store.append('contact-c1', [added], 'no-stream')
 * if (E.isLeft(r)) console.log(r.left._tag) // 'wrong-expected-version', …
 * const page = await store.readAll({ fromPosition: 1, limit: 500 })
 */
export interface EventStore {
  /**
   * Appends a batch of events to a stream, atomically, if the stream is at the expected
   * version. A batch whose every event is already stored with the same content is a retry:
   * it succeeds whatever the expected version and writes nothing (see `AppendResult`).
   * An empty batch checks the version and writes nothing.
   */
  append(
    streamId: StreamId,
    events: readonly RelationshipEvent[],
    expectedVersion: ExpectedVersion,
  ): Promise<E.Either<AppendConflict, AppendResult>>

  /** A stream's events in version order, from a version (`[]` for a stream with no events). */
  readStream(streamId: StreamId, options?: ReadStreamOptions): Promise<readonly StoredEvent[]>

  /**
   * Every stream's events in global position order, from a position, at most `limit` of
   * them. Page with `fromPosition: last.position + 1` until a page comes back empty.
   */
  readAll(options?: ReadAllOptions): Promise<readonly StoredEvent[]>
}

/** One stream's part of an append to several streams at once. */
export interface StreamAppend {
  readonly streamId: StreamId
  /** The version the stream must be at, as for `append`. */
  readonly expected: ExpectedVersion
  readonly events: readonly RelationshipEvent[]
}

/**
 * A store that appends to several streams in one transaction: a command that writes a
 * referral (the referrer's stream) and adds its referee (the referee's stream) is stored
 * whole or not at all.
 */
export interface MultiStreamAppend {
  /**
   * Appends to several streams atomically: every stream must be at its expected version and
   * every event must be valid, or nothing is written; the conflict names the stream. Results
   * come in the order of `appends`. A stream may appear once.
   *
   * @example
   * const r = await store.appendMany([
   *   { streamId: 'contact-ref', expected: 'no-stream', events: [refereeAdded] },
   *   { streamId: 'contact-ann', expected: 4, events: [referralReceived] },
   * ])
   */
  appendMany(appends: readonly StreamAppend[]): Promise<E.Either<AppendConflict, readonly AppendResult[]>>
}

/** What an erasure did. */
export interface EraseResult {
  readonly contactId: string
  /** How many stored events were rewritten (those that held the contact's personal data). */
  readonly rewritten: number
}

/** The store refuses to erase a contact whose stream has no `ContactErased` (append it first: `decide` an `EraseContact`). */
export interface NotErased {
  readonly _tag: 'not-erased'
  readonly contactId: string
}

/**
 * A store that can honour the right to be forgotten in its log: `erase` rewrites every
 * stored event that holds the contact's personal data through `scrubEvent`.
 */
export interface EventErasure {
  /**
   * Rewrites, in one transaction, every stored event that names the contact — its own
   * stream, referrals about it in referrers' streams, feedback about it, rewards — through
   * `scrubEvent`. Ids, types, times, versions and positions stay; folding the log gives the
   * same state as before. Refused (`not-erased`) until the contact's stream holds a
   * `ContactErased` (or, for contacts merged together, one of their streams does: erasing
   * either erases both). Running it again rewrites nothing.
   */
  erase(contactId: string): Promise<E.Either<NotErased, EraseResult>>
}

/** A store with every capability of the port: appends to one or several streams, reads, erasure. */
export type CompleteEventStore = EventStore & MultiStreamAppend & EventErasure

/**
 * Whether a stream at `actual` satisfies an expected version.
 *
 * @example
 * expectedVersionMatches('no-stream', 0) // true
 * expectedVersionMatches(3, 4)           // false
 */
export const expectedVersionMatches = (expected: ExpectedVersion, actual: number): boolean =>
  expected === 'any' ? true : expected === 'no-stream' ? actual === 0 : expected === actual

/**
 * Whether a value is a valid expected version (a non-negative safe integer, `'no-stream'`
 * or `'any'`). Anything else passed to `append` is a bug: the promise rejects.
 */
export const isExpectedVersion = (u: unknown): u is ExpectedVersion =>
  u === 'any' || u === 'no-stream' || (typeof u === 'number' && Number.isSafeInteger(u) && u >= 0)
