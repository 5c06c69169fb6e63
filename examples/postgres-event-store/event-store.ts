/**
 * An `EventStore` over PostgreSQL: one append-only `events` table (`schema.sql`), the same
 * SQL on PGlite and on a server through `pg` (see `sql.ts`).
 *
 * An append is one transaction that takes one global `pg_advisory_xact_lock`, reads what the
 * port's rules need (the stream's version, the stored rows sharing an id with the batch, the
 * last position), asks `planAppend` — the rules themselves, shared with every adapter — and
 * inserts what the plan says at the positions after the last. Holding the lock until commit
 * is what makes positions commit in order with no gaps, so that reading all from a position
 * never skips an event that committed late (README: "Why an advisory lock").
 */
import { readFile } from 'node:fs/promises'
import * as E from 'fp-ts/lib/Either.js'
import type { SqlDatabase, SqlSession } from './sql.js'
import {
  canonicalEventJson,
  decodeEvent,
  encodeEvent,
  isStreamId,
  planAppend,
  sameEventContent,
  streamIdOf,
  type AppendConflict,
  type AppendResult,
  type EventStore,
  type ExpectedVersion,
  type RelationshipEvent,
  type StoredEvent,
  type StoredFingerprint,
  type StreamId,
  type Upcaster,
} from './touchbase.js'

/**
 * The default key of the advisory lock appends take ("touch" in ASCII). Every writer of one
 * `events` table must use the same key; a host that uses advisory locks for other things
 * picks a key none of them uses.
 */
export const DEFAULT_LOCK_KEY = 0x746f756368

/** How many times an append is tried when its insert hits a unique constraint (see `append`). */
const ATTEMPTS = 3

/** The largest `integer` (stream versions are `integer`s). */
const MAX_INT4 = 2_147_483_647

/**
 * Every statement the store sends, for review (and for tests that watch them). All take
 * their values as parameters; the table is `events` on the connection's `search_path`.
 */
export const SQL = {
  /**
   * First statement of an append. Under READ COMMITTED each later statement sees what
   * committed before it began, so the reads after the lock see every append before ours.
   * (Under REPEATABLE READ the snapshot would be taken at the lock statement, *before* the
   * wait, and miss the append that held the lock: a host's default must not decide this.)
   */
  isolation: 'SET TRANSACTION ISOLATION LEVEL READ COMMITTED',
  /** One global lock, held until COMMIT or ROLLBACK: appends run one at a time. */
  lock: 'SELECT pg_advisory_xact_lock($1::bigint)',
  /** The stream's version and the last global position (a separate statement from the lock: see `isolation`). */
  context: `SELECT
  (SELECT coalesce(max(stream_version), 0) FROM events WHERE stream_id = $1::text) AS version,
  (SELECT coalesce(max(position), 0) FROM events) AS last_position`,
  /** The stored rows whose id is in the batch ($1: a JSON array of ids), in any stream. */
  storedWithIds: `SELECT position, stream_id, stream_version, event_id, payload::text AS payload
FROM events
WHERE event_id IN (SELECT jsonb_array_elements_text($1::jsonb))`,
  /**
   * The plan's events at the positions after $1 ($3: a JSON array of `{ streamVersion, event }`,
   * `event` being `encodeEvent`'s JSON). One statement for any batch size: no limit on
   * parameters, one round trip.
   */
  insert: `INSERT INTO events (position, stream_id, stream_version, event_id, type, payload)
SELECT $1::bigint + w.n, $2::text, (w.planned ->> 'streamVersion')::integer,
       w.planned -> 'event' ->> 'id', w.planned -> 'event' ->> 'type', w.planned -> 'event'
FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY AS w(planned, n)`,
  readStream: `SELECT position, stream_id, stream_version, event_id, payload::text AS payload
FROM events
WHERE stream_id = $1::text AND stream_version >= $2::integer
ORDER BY stream_version`,
  /** One row's payload replaced (erasure only: `redactStream`). */
  redact: `UPDATE events SET payload = $2::jsonb WHERE position = $1::bigint`,
  /** `LIMIT NULL` is no limit. */
  readAll: `SELECT position, stream_id, stream_version, event_id, payload::text AS payload
FROM events
WHERE position >= $1::bigint
ORDER BY position
LIMIT $2::bigint`,
} as const

/** Options of `postgresEventStore`. */
export interface PostgresEventStoreOptions {
  /** The advisory lock's key (default `DEFAULT_LOCK_KEY`): the same for every writer of the table. */
  readonly lockKey?: number
  /** Upcasters for stored payloads written under older schemas (default: touchbase's). */
  readonly upcasters?: readonly Upcaster[]
}

/**
 * A stored row that is not a valid stored event: a payload that does not decode, a stream id
 * or version out of range, columns that disagree with the payload. The store wrote none of
 * these, so it is corruption (a hand edit, a faulty migration or erasure script, a writer
 * that bypassed the store): the read (or the append that needed the row) rejects with this
 * error rather than skip the row — skipping would hand out a stream with a hole in its
 * versions and a fold that silently differs. The message names where the row is and which
 * fields failed, never the payload's values (they may be personal data).
 */
export class CorruptEventRowError extends Error {
  override readonly name = 'CorruptEventRowError'
  constructor(
    /** The row's `position` as stored. */
    readonly position: string,
    /** The row's `event_id` as stored. */
    readonly eventId: string,
    /** What is wrong with it. */
    readonly reason: string,
  ) {
    super(`events row at position ${position} (event_id ${JSON.stringify(eventId)}) is corrupt: ${reason}`)
  }
}

/**
 * An event (or stream id) holding text PostgreSQL cannot store: U+0000 (no `text` or `jsonb`
 * value can hold it) or an unpaired UTF-16 surrogate (`jsonb` refuses it; `text` would turn it
 * into U+FFFD, a silent change). touchbase's decoders refuse both, but `append` takes events
 * as typed values that may never have been decoded, so the store checks again itself, before
 * any I/O, with a rejected promise (the port has no conflict for it, and retrying cannot help).
 */
export class UnstorableTextError extends TypeError {
  override readonly name = 'UnstorableTextError'
  constructor(
    /** The id of the event, or `undefined` for the stream id. */
    readonly eventId: string | undefined,
    /** Where in the encoded event (`notes`, `address.lines[0]`), or `streamId`. */
    readonly path: string,
  ) {
    super(
      `${eventId === undefined ? 'the stream id' : `event ${JSON.stringify(eventId)}`} holds U+0000 or an unpaired surrogate at ${path}: PostgreSQL cannot store it`,
    )
  }
}

// U+0000, or a surrogate without its other half.
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

/** The path of the first unstorable string (or key) in plain JSON data, or `undefined`. */
const unstorableAt = (u: unknown, path: string): string | undefined => {
  if (typeof u === 'string') return UNSTORABLE.test(u) ? path : undefined
  if (Array.isArray(u)) {
    for (let i = 0; i < u.length; i++) {
      const found = unstorableAt(u[i], `${path}[${i}]`)
      if (found !== undefined) return found
    }
    return undefined
  }
  if (typeof u === 'object' && u !== null) {
    for (const [k, v] of Object.entries(u)) {
      const at = path === '' ? k : `${path}.${k}`
      if (UNSTORABLE.test(k)) return at
      const found = unstorableAt(v, at)
      if (found !== undefined) return found
    }
  }
  return undefined
}

const checkStorable = (streamId: StreamId, batch: readonly RelationshipEvent[]): void => {
  if (typeof streamId === 'string' && UNSTORABLE.test(streamId)) throw new UnstorableTextError(undefined, 'streamId')
  for (const event of batch) {
    const at = unstorableAt(encodeEvent(event), '')
    if (at !== undefined) throw new UnstorableTextError(event.id, at)
  }
}

const checkNumber = (name: string, n: number | undefined): void => {
  if (n !== undefined && !(Number.isSafeInteger(n) && n >= 0)) {
    throw new RangeError(`${name} must be an integer ≥ 0, got ${String(n)}`)
  }
}

/**
 * A count or position as the drivers return it: `pg` gives `bigint` columns as strings,
 * PGlite as numbers (or BigInts past 2^53).
 */
const safeInteger = (u: unknown): number | undefined => {
  const n = typeof u === 'number' ? u : typeof u === 'string' || typeof u === 'bigint' ? Number(u) : Number.NaN
  return Number.isSafeInteger(n) ? n : undefined
}

/** A row of `events` as the reads select it. */
interface EventRow {
  readonly position: unknown
  readonly stream_id: unknown
  readonly stream_version: unknown
  readonly event_id: unknown
  readonly payload: unknown
}

/** The context row of an append. */
interface ContextRow {
  readonly version: unknown
  readonly last_position: unknown
}

/** A stored row as a `StoredEvent`, or a `CorruptEventRowError`. */
const storedEvent = (row: EventRow, upcasters: readonly Upcaster[] | undefined): StoredEvent => {
  const corrupt = (reason: string) => new CorruptEventRowError(String(row.position), String(row.event_id), reason)
  const position = safeInteger(row.position)
  const streamVersion = safeInteger(row.stream_version)
  if (position === undefined || position < 1) throw corrupt('position is not an integer ≥ 1')
  if (streamVersion === undefined || streamVersion < 1) throw corrupt('stream_version is not an integer ≥ 1')
  if (!isStreamId(row.stream_id)) throw corrupt('stream_id is not a stream id')
  let json: unknown
  try {
    // The payload is selected as text and parsed here, so both drivers (and any type
    // parsers a host installed on `pg`) give the decoder the same input.
    json = JSON.parse(String(row.payload))
  } catch {
    throw corrupt('payload is not JSON')
  }
  const decoded = decodeEvent(json, upcasters === undefined ? {} : { upcasters })
  if (E.isLeft(decoded)) {
    // Paths and expectations only: the values found may be personal data.
    throw corrupt(`payload does not decode (${decoded.left.issues.map((i) => `${i.path}: expected ${i.params.expected}`).join('; ')})`)
  }
  const event = decoded.right
  if (event.id !== row.event_id) throw corrupt('event_id differs from the payload id')
  if (streamIdOf(event) !== row.stream_id) throw corrupt(`the event belongs to ${streamIdOf(event)}, not to stream_id`)
  return { streamId: row.stream_id, streamVersion, position, event }
}

const isUniqueViolation = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { readonly code?: unknown }).code === '23505'

/**
 * Creates the `events` table, its constraints and index if they are missing (`schema.sql`).
 *
 * @example
 * await createEventsTable(db)
 */
export const createEventsTable = async (db: SqlDatabase): Promise<void> => {
  await db.exec(await readFile(new URL('./schema.sql', import.meta.url), 'utf8'))
}

/** A private copy of the caller's arrays and plain objects (anything else is left for the decoder to refuse). */
const copyNow = (u: unknown): unknown => {
  if (Array.isArray(u)) return u.map(copyNow)
  if (typeof u === 'object' && u !== null && (Object.getPrototypeOf(u) === Object.prototype || Object.getPrototypeOf(u) === null)) {
    const out: Record<string, unknown> = {}
    for (const k of Object.keys(u)) out[k] = copyNow((u as Record<string, unknown>)[k])
    return out
  }
  return u
}

/**
 * An `EventStore` over the `events` table of `db` (create it first with `createEventsTable`).
 * Positions have no gaps. Reads decode every row afresh: nothing handed out is shared with
 * the store or with another caller. The store reads no clock (`recorded_at` is the
 * database's) and keeps nothing in memory between calls, so any number of stores — in any
 * number of processes — may share one table, as long as they share the lock key.
 *
 * A rejected promise means what the port says (a bug, or the database failing), plus two
 * errors of this store: `UnstorableTextError` (text PostgreSQL cannot hold) and
 * `CorruptEventRowError` (a stored row that is not a valid event).
 *
 * @example
 * const { db } = await connect(process.env.DATABASE_URL) // PGlite when unset
 * await createEventsTable(db)
 * const store = postgresEventStore(db)
 * const r = await store.append('contact-c1', [added], 'no-stream')
 */
export const postgresEventStore = (db: SqlDatabase, options: PostgresEventStoreOptions = {}): EventStore => {
  const lockKey = options.lockKey ?? DEFAULT_LOCK_KEY
  const upcasters = options.upcasters
  const toStored = (row: EventRow): StoredEvent => storedEvent(row, upcasters)

  /** One attempt of an append, inside its transaction. */
  const appendIn = async (
    tx: SqlSession,
    streamId: StreamId,
    batch: readonly RelationshipEvent[],
    expectedVersion: ExpectedVersion,
  ): Promise<E.Either<AppendConflict, AppendResult>> => {
    await tx.query(SQL.isolation)
    await tx.query(SQL.lock, [lockKey])
    const [context] = (await tx.query<ContextRow>(SQL.context, [streamId])).rows
    const version = safeInteger(context?.version)
    const last = safeInteger(context?.last_position)
    if (version === undefined || last === undefined) throw new Error('events: the version and last position did not read as integers')

    const ids = [...new Set(batch.map((e) => e.id))]
    const rows = ids.length === 0 ? [] : (await tx.query<EventRow>(SQL.storedWithIds, [JSON.stringify(ids)])).rows
    const stored = new Map<string, StoredFingerprint>()
    for (const row of rows) {
      // Decoded and canonicalised like any event: the same rules as every adapter.
      const s = toStored(row)
      stored.set(s.event.id, { canonical: canonicalEventJson(s.event), streamVersion: s.streamVersion, position: s.position })
    }

    const plan = planAppend(streamId, batch, expectedVersion, { version, stored: (id) => stored.get(id) })
    // A conflict wrote nothing; the transaction commits empty and releases the lock.
    if (E.isLeft(plan)) return plan
    const { toWrite } = plan.right
    if (toWrite.length > 0) {
      const planned = toWrite.map((w) => ({ streamVersion: w.streamVersion, event: encodeEvent(w.event) }))
      await tx.query(SQL.insert, [last, streamId, JSON.stringify(planned)])
    }
    return E.right(plan.right.result(toWrite.map((_, i) => last + i + 1)))
  }

  return {
    async append(streamId, events, expectedVersion) {
      // Copied before the first await: a caller changing its events after calling changes nothing.
      const batch = events.map(copyNow) as RelationshipEvent[]
      checkStorable(streamId, batch)
      for (let attempt = 1; ; attempt++) {
        try {
          return await db.transaction((tx) => appendIn(tx, streamId, batch, expectedVersion))
        } catch (error) {
          // The safety net. Under the lock no append can collide with another, so a unique
          // violation means a writer that bypassed the lock (another lock key, a hand-written
          // INSERT) committed between our reads and our insert. Planning again, under the
          // lock, sees its row, and the port's rules answer — a typed conflict
          // (`wrong-expected-version`, `duplicate-event-id`), or an idempotent success when
          // that row is this very event. Mapping the constraint to a conflict by hand would
          // re-implement the rules, and get `'any'` and identical retries wrong.
          if (!isUniqueViolation(error) || attempt >= ATTEMPTS) throw error
        }
      }
    },

    async readStream(streamId, options) {
      const from = options?.fromVersion ?? 1
      checkNumber('fromVersion', from)
      // No stored stream has such a name or such a version: skip the round trip (and the
      // driver's errors on text or integers PostgreSQL cannot take).
      if (!isStreamId(streamId) || UNSTORABLE.test(streamId) || from > MAX_INT4) return []
      const { rows } = await db.query<EventRow>(SQL.readStream, [streamId, Math.max(from, 1)])
      return rows.map(toStored)
    },

    async readAll(options) {
      const from = options?.fromPosition ?? 1
      checkNumber('fromPosition', from)
      checkNumber('limit', options?.limit)
      const { rows } = await db.query<EventRow>(SQL.readAll, [Math.max(from, 1), options?.limit ?? null])
      return rows.map(toStored)
    },
  }
}

/** Options of `redactStream`. */
export interface RedactStreamOptions {
  /** The advisory lock's key: the one the stores of this table use (default `DEFAULT_LOCK_KEY`). */
  readonly lockKey?: number
  /** Upcasters for stored payloads, as in the store. */
  readonly upcasters?: readonly Upcaster[]
}

/**
 * Erasure: rewrites the payloads of one stream's events through `redact`, in one transaction,
 * and returns how many rows changed. The log is append-only except for this: an erased
 * contact's personal data must leave the store, not only the state (docs/events.md, Erasure).
 *
 * `redact` gets each stored event and returns it with its personal fields removed or
 * replaced. What it returns must still be a valid event (`decodeEvent` accepts its encoding),
 * with the same `id`, `type` and stream; otherwise nothing is written and the promise
 * rejects. Positions and versions do not change. A retry of an original (unredacted) event
 * is then a `duplicate-event-id` conflict: a retried command cannot bring erased data back.
 *
 * It takes the stores' advisory lock, so no append plans against a half-redacted stream.
 *
 * @example
 * // The erased contact's own stream, then the referral notes about it in its referrers' streams.
 * await redactStream(db, contactStreamId('c1'), (e) => (e.type === 'ContactAdded' ? { ...e, name: 'erased' } : e))
 */
export const redactStream = async (
  db: SqlDatabase,
  streamId: StreamId,
  redact: (event: RelationshipEvent) => RelationshipEvent,
  options: RedactStreamOptions = {},
): Promise<number> => {
  if (!isStreamId(streamId)) throw new TypeError(`not a stream id: ${String(streamId)}`)
  return db.transaction(async (tx) => {
    await tx.query(SQL.isolation)
    await tx.query(SQL.lock, [options.lockKey ?? DEFAULT_LOCK_KEY])
    const { rows } = await tx.query<EventRow>(SQL.readStream, [streamId, 1])
    let changed = 0
    for (const row of rows) {
      const { event, position } = storedEvent(row, options.upcasters)
      const redacted = redact(event)
      const encoded = encodeEvent(redacted)
      const decoded = decodeEvent(encoded)
      const refuse = (why: string) => new Error(`redactStream: the redaction of ${JSON.stringify(event.id)} ${why}; nothing was written`)
      if (E.isLeft(decoded)) throw refuse(`is not a valid event (${decoded.left.issues.map((i) => i.path).join(', ')})`)
      if (redacted.id !== event.id || redacted.type !== event.type || streamIdOf(redacted) !== streamId) {
        throw refuse('changes its id, type or stream')
      }
      checkStorable(streamId, [redacted])
      if (sameEventContent(redacted, event)) continue
      await tx.query(SQL.redact, [position, JSON.stringify(encoded)])
      changed++
    }
    return changed
  })
}
