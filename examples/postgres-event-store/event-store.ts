/**
 * An `EventStore` over PostgreSQL — with `appendMany` and `erase`, a `CompleteEventStore` —
 * on one append-only `events` table (`schema.sql`), the same SQL on PGlite and on a server
 * through `pg` (see `sql.ts`). The table holds the logs of many networks (tenants); a store
 * is one network's log, and every statement it sends names that network.
 *
 * An append is one transaction that takes the network's `pg_advisory_xact_lock`, reads what
 * the port's rules need (the stream's version, the stored rows sharing an id with the batch,
 * the network's last position), asks `planAppend` — the rules themselves, shared with every
 * adapter — and inserts what the plan says at the positions after the last. Holding the lock
 * until commit is what makes a network's positions commit in order with no gaps, so that
 * reading all from a position never skips an event that committed late (README: "Why an
 * advisory lock").
 */
import { readFile } from 'node:fs/promises'
import * as E from 'fp-ts/lib/Either.js'
import type { SqlDatabase, SqlSession } from './sql.js'
import {
  canonicalEventJson,
  contactStreamId,
  decodeEvent,
  encodeEvent,
  erasureScope,
  isStreamId,
  planAppend,
  planAppendMany,
  sameEventContent,
  scrubEvent,
  streamIdOf,
  type AppendManyContext,
  type AppendPlan,
  type AppendResult,
  type CompleteEventStore,
  type ErasureScope,
  type RelationshipEvent,
  type StoredEvent,
  type StoredFingerprint,
  type StreamId,
  type Upcaster,
} from './touchbase.js'

/**
 * The default seed of the advisory lock keys appends take ("touch" in ASCII): a network's key
 * is `hashtextextended(network, seed)`. Every writer of one `events` table must use the same
 * seed; a host that uses single-key advisory locks for other things picks a seed whose keys
 * none of them uses.
 */
export const DEFAULT_LOCK_KEY = 0x746f756368

/** How many times an append is tried when its insert hits a unique constraint (see `append`). */
const ATTEMPTS = 3

/** The largest `integer` (stream versions are `integer`s). */
const MAX_INT4 = 2_147_483_647

/**
 * Every statement the store sends, for review (and for tests that watch them). All take
 * their values as parameters; the tables are on the connection's `search_path`.
 */
export const SQL = {
  /**
   * First statement of an append or an erasure. Under READ COMMITTED each later statement
   * sees what committed before it began, so the reads after the lock see every append
   * before ours. (Under REPEATABLE READ the snapshot would be taken at the lock statement,
   * *before* the wait, and miss the append that held the lock: a host's default must not
   * decide this.)
   */
  isolation: 'SET TRANSACTION ISOLATION LEVEL READ COMMITTED',
  /**
   * The network's lock ($1: the network, $2: the store's `lockKey`), held until COMMIT or
   * ROLLBACK: a network's appends (and erasures) run one at a time; other networks' do not
   * wait. The key is a 64-bit hash of the network seeded with `lockKey`; two networks whose
   * keys collide only wait for each other.
   */
  lock: 'SELECT pg_advisory_xact_lock(hashtextextended($1::text, $2::bigint))',
  /**
   * The versions of the streams an append writes in the network $1 ($2: a JSON array of
   * stream ids; a stream with no events is absent from `versions`) and the network's last
   * position. A separate statement from the lock: see `isolation`.
   */
  context: `SELECT
  (SELECT coalesce(max(position), 0) FROM events WHERE network = $1::text) AS last_position,
  (SELECT coalesce(jsonb_object_agg(v.stream_id, v.version), '{}'::jsonb)::text
     FROM (SELECT stream_id, max(stream_version) AS version
             FROM events
            WHERE network = $1::text AND stream_id IN (SELECT jsonb_array_elements_text($2::jsonb))
            GROUP BY stream_id) AS v) AS versions`,
  /** The network's ($1) stored rows whose id is in the batch ($2: a JSON array of ids), in any of its streams. */
  storedWithIds: `SELECT position, stream_id, stream_version, event_id, payload::text AS payload
FROM events
WHERE network = $1::text AND event_id IN (SELECT jsonb_array_elements_text($2::jsonb))`,
  /**
   * The plan's events in the network $1 at the positions after $2 ($3: a JSON array of
   * `{ streamId, streamVersion, event }`, `event` being `encodeEvent`'s JSON), for one stream
   * or several. One statement for any batch size: no limit on parameters, one round trip.
   */
  insert: `INSERT INTO events (network, position, stream_id, stream_version, event_id, type, payload)
SELECT $1::text, $2::bigint + w.n, w.planned ->> 'streamId', (w.planned ->> 'streamVersion')::integer,
       w.planned -> 'event' ->> 'id', w.planned -> 'event' ->> 'type', w.planned -> 'event'
FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY AS w(planned, n)`,
  /**
   * Wakes the listeners of the channel $1 with `{"network":…,"position":…}`, the network and
   * the last position written ($2, as JSON text). Sent inside the append's transaction:
   * PostgreSQL delivers it at COMMIT, and never for a rollback, so a listener that reads after
   * it sees the events.
   */
  notify: 'SELECT pg_notify($1::text, $2::text)',
  /** A stream ($2) of the network $1, from a version ($3). */
  readStream: `SELECT position, stream_id, stream_version, event_id, payload::text AS payload
FROM events
WHERE network = $1::text AND stream_id = $2::text AND stream_version >= $3::integer
ORDER BY stream_version`,
  /** The network's ($1) log from a position ($2); `LIMIT NULL` ($3) is no limit. */
  readAll: `SELECT position, stream_id, stream_version, event_id, payload::text AS payload
FROM events
WHERE network = $1::text AND position >= $2::bigint
ORDER BY position
LIMIT $3::bigint`,
  /**
   * Whether one of the streams ($2: a JSON array of stream ids) in the network $1 holds a
   * `ContactErased`: `erase` is refused until the contact's does — or, for contacts merged
   * together (one person), one of theirs.
   */
  contactErased: `SELECT EXISTS (SELECT 1 FROM events WHERE network = $1::text AND type = 'ContactErased'
  AND stream_id IN (SELECT jsonb_array_elements_text($2::jsonb))) AS erased`,
  /** Every merge of the network $1: contacts merged together are erased together (`erasureScope` reads them). */
  scopeMerges: `SELECT position, stream_id, stream_version, event_id, payload::text AS payload
FROM events
WHERE network = $1::text AND type = 'ContactsMerged'`,
  /** Records that `erase` ran for a contact ($2) of the network $1. */
  markErased: 'INSERT INTO erased_contacts (network, contact_id) VALUES ($1::text, $2::text) ON CONFLICT (network, contact_id) DO NOTHING',
  /** Every contact of the network ($1) `erase` ran for. */
  erasedContacts: 'SELECT contact_id FROM erased_contacts WHERE network = $1::text ORDER BY contact_id',
  /**
   * The referrals sent or received by the erased contacts ($2: a JSON array of ids) of the
   * network $1: what `erasureScope` needs to know which referrals are erased.
   */
  scopeReferrals: `SELECT position, stream_id, stream_version, event_id, payload::text AS payload
FROM events
WHERE network = $1::text AND type = 'ReferralReceived'
  AND (stream_id IN (SELECT 'contact-' || jsonb_array_elements_text($2::jsonb))
       OR payload ->> 'refereeId' IN (SELECT jsonb_array_elements_text($2::jsonb)))`,
  /**
   * The rewards of those referrals ($3) or paid to the erased contacts ($2), in the network
   * $1: what `erasureScope` needs to know which rewards are erased. A superset is fine: it decides.
   */
  scopeRewards: `SELECT position, stream_id, stream_version, event_id, payload::text AS payload
FROM events
WHERE network = $1::text AND type = 'RewardIssued'
  AND (payload ->> 'referralId' IN (SELECT jsonb_array_elements_text($3::jsonb))
       OR payload ->> 'recipientId' IN (SELECT jsonb_array_elements_text($2::jsonb)))`,
  /**
   * Every stored event of the network $1 that may name someone in the erasure scope
   * (contacts $2, referrals $3, rewards $4): the fields `scrubEvent` looks at — the contact
   * (its stream), a referee, the ally a feedback is about, a reward's recipient, a referral, a
   * reward. A superset: `scrubEvent` decides what changes.
   */
  erasureCandidates: `SELECT position, stream_id, stream_version, event_id, payload::text AS payload
FROM events
WHERE network = $1::text
  AND (stream_id IN (SELECT 'contact-' || jsonb_array_elements_text($2::jsonb))
    OR payload ->> 'refereeId' IN (SELECT jsonb_array_elements_text($2::jsonb))
    OR payload ->> 'aboutContactId' IN (SELECT jsonb_array_elements_text($2::jsonb))
    OR payload ->> 'recipientId' IN (SELECT jsonb_array_elements_text($2::jsonb))
    OR payload ->> 'referralId' IN (SELECT jsonb_array_elements_text($3::jsonb))
    OR payload ->> 'rewardId' IN (SELECT jsonb_array_elements_text($4::jsonb)))
ORDER BY position`,
  /**
   * Erasure only: the payloads of some rows of the network $1 replaced ($2: a JSON array of
   * `{ position, event }`), in one statement. Ids, types, streams, versions and positions stay.
   */
  rewrite: `UPDATE events AS e SET payload = w.item -> 'event'
FROM jsonb_array_elements($2::jsonb) AS w(item)
WHERE e.network = $1::text AND e.position = (w.item ->> 'position')::bigint`,
} as const

/** Options of `postgresEventStore`. */
export interface PostgresEventStoreOptions {
  /**
   * The network (tenant) whose log the store holds (default `DEFAULT_NETWORK`): its streams,
   * positions and ids are its own, and the store never reads or writes another network's rows.
   * A non-empty string of at most 200 characters, without U+0000 or unpaired surrogates.
   */
  readonly network?: string
  /** The seed of the networks' advisory lock keys (default `DEFAULT_LOCK_KEY`): the same for every writer of the table. */
  readonly lockKey?: number
  /** Upcasters for stored payloads written under older schemas (default: touchbase's). */
  readonly upcasters?: readonly Upcaster[]
  /**
   * The channel an append notifies (`pg_notify`, delivered at commit) with the network and the
   * last position it wrote (`{"network":"default","position":42}`), for live readers (`listenForAppends`); default `DEFAULT_NOTIFY_CHANNEL`.
   * `false`: no notification.
   */
  readonly notify?: string | false
}

/** The channel appends notify by default. */
export const DEFAULT_NOTIFY_CHANNEL = 'touchbase_events'

/** The network a store holds when none is named. */
export const DEFAULT_NETWORK = 'default'

/**
 * Checks a network name before any I/O: a non-empty string of at most 200 characters that
 * PostgreSQL can store. A bad name is a bug of the host's configuration: `RangeError`.
 *
 * @example checkNetwork('team-north') // 'team-north'
 */
export const checkNetwork = (network: unknown): string => {
  if (typeof network !== 'string' || network.length === 0 || network.length > 200 || UNSTORABLE.test(network)) {
    throw new RangeError(`a network is a non-empty string of at most 200 characters without U+0000 or unpaired surrogates, got ${JSON.stringify(network)}`)
  }
  return network
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

/**
 * Refuses, before any I/O, what PostgreSQL cannot store: a stream id with U+0000 or an
 * unpaired surrogate, or an event that decodes but holds such text (an upcaster or a
 * decoder of a host's that let it through). It reads only what decodes: an event that does
 * not is left for `planAppend`, whose first rule refuses it as `invalid-event` — so nothing
 * here ever encodes or walks a value that was not decoded.
 */
const checkStorable = (streamId: StreamId, batch: readonly unknown[]): void => {
  if (typeof streamId === 'string' && UNSTORABLE.test(streamId)) throw new UnstorableTextError(undefined, 'streamId')
  for (const raw of batch) {
    const decoded = decodeEvent(raw)
    if (E.isLeft(decoded)) continue
    const at = unstorableAt(encodeEvent(decoded.right), '')
    if (at !== undefined) throw new UnstorableTextError(decoded.right.id, at)
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
export interface EventRow {
  readonly position: unknown
  readonly stream_id: unknown
  readonly stream_version: unknown
  readonly event_id: unknown
  readonly payload: unknown
}

/** The context row of an append. */
interface ContextRow {
  readonly last_position: unknown
  /** A JSON object: stream id → version, for the streams that have events. */
  readonly versions: unknown
}

/**
 * A row of `events` (as the reads select it: `position, stream_id, stream_version, event_id,
 * payload::text AS payload`) as a `StoredEvent`: decoded, upcast, and checked against its
 * columns. Throws `CorruptEventRowError` for a row that is not a valid stored event. For a
 * host's own reads of the table (the KPI workers read partitions with it).
 *
 * @example const stored = rows.map((row) => storedEvent(row))
 */
export const storedEvent = (row: EventRow, upcasters?: readonly Upcaster[]): StoredEvent => {
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
 * Creates the tables of `schema.sql` if they are missing: `events`, `erased_contacts`, and
 * the projection runner's `projection_checkpoints` and `snapshots` (each keyed by network).
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

/** What one write transaction read, as the rules of `planAppendMany` take it, and the last position. */
interface WriteContext extends AppendManyContext {
  readonly last: number
}

/**
 * A PostgreSQL store with every capability of the port (`CompleteEventStore`): appends to one
 * or several streams, reads, and erasure.
 */
export type PostgresEventStore = CompleteEventStore

/**
 * An `EventStore` over one network's log in the `events` table of `db` (create it first with
 * `createEventsTable`), with `appendMany` and `erase`: a `CompleteEventStore`. The network is
 * `options.network` (default `DEFAULT_NETWORK`): its streams, positions and event ids are its
 * own — the same stream id or event id may exist in another network — and no statement of the
 * store reads, checks or writes another network's rows. Positions have no gaps within the
 * network. Reads decode every row afresh: nothing handed out is shared with the store or with
 * another caller. The store reads no clock (`recorded_at` is the database's) and keeps
 * nothing in memory between calls, so any number of stores — in any number of processes — may
 * share one table, as long as they share the lock key.
 *
 * Every write (`append`, `appendMany`, `erase`) is one transaction under the network's
 * advisory lock, and takes its rules from touchbase: `planAppend` / `planAppendMany` for
 * appends, `erasureScope` and `scrubEvent` for erasure. An append that writes notifies the
 * channel `options.notify` at commit, with the network and the last position written.
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
export const postgresEventStore = (db: SqlDatabase, options: PostgresEventStoreOptions = {}): PostgresEventStore => {
  const network = checkNetwork(options.network ?? DEFAULT_NETWORK)
  const lockKey = options.lockKey ?? DEFAULT_LOCK_KEY
  const upcasters = options.upcasters
  const channel = options.notify === undefined ? DEFAULT_NOTIFY_CHANNEL : options.notify
  const toStored = (row: EventRow): StoredEvent => storedEvent(row, upcasters)

  /** READ COMMITTED, then the network's lock: every write transaction starts so (see `SQL.isolation`). */
  const begin = async (tx: SqlSession): Promise<void> => {
    await tx.query(SQL.isolation)
    await tx.query(SQL.lock, [network, lockKey])
  }

  /**
   * The erasure scope of everything `erase` ran for, from the rows that define it, through
   * `erasureScope` (the rule is touchbase's; SQL only narrows the rows it reads), with the
   * ids it holds listed (for the candidates' query).
   */
  const scopeIn = async (tx: SqlSession): Promise<{ scope: ErasureScope; contacts: string[]; referrals: string[]; rewards: string[] }> => {
    const named = (await tx.query<{ contact_id: unknown }>(SQL.erasedContacts, [network])).rows.map((r) => String(r.contact_id))
    if (named.length === 0) return { scope: erasureScope([], []), contacts: named, referrals: [], rewards: [] }
    // With the contacts merged with them: one person each.
    const mergeRows = (await tx.query<EventRow>(SQL.scopeMerges, [network])).rows.map(toStored)
    const contacts = [...erasureScope(named, mergeRows.map((s) => s.event)).contacts as ReadonlySet<string>]
    const referralRows = (await tx.query<EventRow>(SQL.scopeReferrals, [network, JSON.stringify(contacts)])).rows.map(toStored)
    const referralIds = referralRows.flatMap((s) => (s.event.type === 'ReferralReceived' ? [s.event.referralId] : []))
    const rewardRows = (await tx.query<EventRow>(SQL.scopeRewards, [network, JSON.stringify(contacts), JSON.stringify(referralIds)])).rows.map(toStored)
    const scope = erasureScope(contacts, [...mergeRows, ...referralRows, ...rewardRows].map((s) => s.event))
    return {
      scope,
      contacts,
      referrals: referralIds.filter((id) => scope.referrals.has(id)),
      rewards: rewardRows.flatMap((s) => (s.event.type === 'RewardIssued' && scope.rewards.has(s.event.rewardId) ? [s.event.rewardId] : [])),
    }
  }

  /** Reads, under the lock, what the append rules need: versions, the rows sharing an id with the batch, the last position. */
  const readContext = async (tx: SqlSession, streams: readonly StreamId[], batch: readonly unknown[]): Promise<WriteContext> => {
    const [context] = (await tx.query<ContextRow>(SQL.context, [network, JSON.stringify(streams)])).rows
    const last = safeInteger(context?.last_position)
    const versions = new Map<string, number>()
    try {
      for (const [s, v] of Object.entries(JSON.parse(String(context?.versions)) as Record<string, unknown>)) {
        const n = safeInteger(v)
        if (n !== undefined) versions.set(s, n)
      }
    } catch {
      // Reported below, as for the last position.
    }
    if (last === undefined || versions.size > streams.length) throw new Error('events: the versions and last position did not read as integers')

    // The ids of the batch as given: an event without a readable id is refused by the plan.
    const ids = [...new Set(batch.flatMap((e) => (typeof e === 'object' && e !== null && typeof (e as { id?: unknown }).id === 'string' ? [(e as { id: string }).id] : [])))]
    const rows = ids.length === 0 ? [] : (await tx.query<EventRow>(SQL.storedWithIds, [network, JSON.stringify(ids)])).rows
    const stored = new Map<string, StoredFingerprint>()
    let redacted = false
    for (const row of rows) {
      // Decoded and canonicalised like any event: the same rules as every adapter.
      const s = toStored(row)
      const wasRedacted = s.event.redacted === true
      redacted ||= wasRedacted
      stored.set(s.event.id, { canonical: canonicalEventJson(s.event), streamVersion: s.streamVersion, position: s.position, redacted: wasRedacted })
    }
    // Only a retry of an event that an erasure rewrote needs the scope (to compare it
    // redacted the same way): read it then, and only then.
    const scope = redacted ? (await scopeIn(tx)).scope : undefined
    return {
      last,
      version: (s) => versions.get(s) ?? 0,
      stored: (id) => stored.get(id),
      ...(scope === undefined ? {} : { erased: () => scope }),
    }
  }

  /** Writes the plans' events after the last position, in one statement, and notifies. */
  const write = async (tx: SqlSession, plans: readonly AppendPlan[], last: number): Promise<AppendResult[]> => {
    const rows: Array<{ streamId: StreamId; streamVersion: number; event: unknown }> = []
    for (const plan of plans) for (const w of plan.toWrite) rows.push({ streamId: plan.streamId, streamVersion: w.streamVersion, event: encodeEvent(w.event) })
    if (rows.length > 0) {
      await tx.query(SQL.insert, [network, last, JSON.stringify(rows)])
      if (channel !== false) await tx.query(SQL.notify, [channel, JSON.stringify({ network, position: last + rows.length })])
    }
    let next = last
    return plans.map((plan) => plan.result(plan.toWrite.map(() => ++next)))
  }

  /**
   * Runs one write transaction, planning again when its insert hits a unique constraint.
   * Under the lock no append can collide with another, so a unique violation means a writer
   * that bypassed the lock (another lock key, a hand-written INSERT) committed between our
   * reads and our insert. Planning again, under the lock, sees its row, and the port's rules
   * answer — a typed conflict, or an idempotent success when that row is this very event.
   * Mapping the constraint to a conflict by hand would re-implement the rules, and get
   * `'any'` and identical retries wrong.
   */
  const writing = async <A>(work: (tx: SqlSession) => Promise<A>): Promise<A> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await db.transaction(work)
      } catch (error) {
        if (!isUniqueViolation(error) || attempt >= ATTEMPTS) throw error
      }
    }
  }

  return {
    async append(streamId, events, expectedVersion) {
      // Copied before the first await: a caller changing its events after calling changes nothing.
      const batch = events.map(copyNow) as RelationshipEvent[]
      checkStorable(streamId, batch)
      return writing(async (tx) => {
        await begin(tx)
        const context = await readContext(tx, [streamId], batch)
        const plan = planAppend(streamId, batch, expectedVersion, { ...context, version: context.version(streamId) })
        // A conflict wrote nothing; the transaction commits empty and releases the lock.
        if (E.isLeft(plan)) return plan
        const [result] = await write(tx, [plan.right], context.last)
        return E.right(result as AppendResult)
      })
    },

    async appendMany(appends) {
      const parts = appends.map((a) => ({ streamId: a.streamId, expected: a.expected, events: a.events.map(copyNow) as RelationshipEvent[] }))
      // A stream named twice is a bug: said before any I/O (planAppendMany would say it under the lock).
      const streams = new Set<string>()
      for (const p of parts) {
        if (streams.has(p.streamId)) throw new RangeError(`appendMany names the stream ${p.streamId} twice: give each stream one part`)
        streams.add(p.streamId)
        checkStorable(p.streamId, p.events)
      }
      if (parts.length === 0) return E.right([])
      return writing(async (tx) => {
        await begin(tx)
        const context = await readContext(
          tx,
          parts.map((p) => p.streamId),
          parts.flatMap((p) => p.events),
        )
        const plans = planAppendMany(parts, context)
        if (E.isLeft(plans)) return plans
        return E.right(await write(tx, plans.right, context.last))
      })
    },

    async readStream(streamId, options) {
      const from = options?.fromVersion ?? 1
      checkNumber('fromVersion', from)
      // No stored stream has such a name or such a version: skip the round trip (and the
      // driver's errors on text or integers PostgreSQL cannot take).
      if (!isStreamId(streamId) || UNSTORABLE.test(streamId) || from > MAX_INT4) return []
      const { rows } = await db.query<EventRow>(SQL.readStream, [network, streamId, Math.max(from, 1)])
      return rows.map(toStored)
    },

    async readAll(options) {
      const from = options?.fromPosition ?? 1
      checkNumber('fromPosition', from)
      checkNumber('limit', options?.limit)
      const { rows } = await db.query<EventRow>(SQL.readAll, [network, Math.max(from, 1), options?.limit ?? null])
      return rows.map(toStored)
    },

    async erase(contactId) {
      if (typeof contactId !== 'string') throw new TypeError(`a contact id is a string, got ${typeof contactId}`)
      const streamId = contactStreamId(contactId)
      // No stream can hold such a contact's ContactErased: refused without a round trip.
      if (!isStreamId(streamId) || UNSTORABLE.test(contactId)) return E.left({ _tag: 'not-erased', contactId })
      return db.transaction(async (tx) => {
        // Under the appends' lock: no append plans against a half-rewritten log, and the
        // rewrite sees every append that committed before it.
        await begin(tx)
        const merges = (await tx.query<EventRow>(SQL.scopeMerges, [network])).rows.map(toStored)
        const person = [...erasureScope([contactId], merges.map((s) => s.event)).contacts as ReadonlySet<string>].map(contactStreamId)
        const [row] = (await tx.query<{ erased: unknown }>(SQL.contactErased, [network, JSON.stringify(person)])).rows
        if (row?.erased !== true) return E.left({ _tag: 'not-erased' as const, contactId })
        await tx.query(SQL.markErased, [network, contactId])
        // The whole scope, not only this contact's: an event appended since an earlier
        // erasure that names that contact too is scrubbed now, as the in-memory store does.
        const { scope, contacts, referrals, rewards } = await scopeIn(tx)
        const { rows } = await tx.query<EventRow>(SQL.erasureCandidates, [network, JSON.stringify(contacts), JSON.stringify(referrals), JSON.stringify(rewards)])
        const rewrites: Array<{ position: number; event: unknown }> = []
        for (const r of rows) {
          const stored = toStored(r)
          const scrubbed = scrubEvent(stored.event, scope)
          if (scrubbed === stored.event || sameEventContent(scrubbed, stored.event)) continue
          const encoded = encodeEvent(scrubbed)
          // scrubEvent keeps an event valid; a store still never writes what its reader would refuse.
          if (E.isLeft(decodeEvent(encoded))) throw new Error(`erase: the scrubbed ${JSON.stringify(stored.event.id)} would not decode; nothing was written`)
          rewrites.push({ position: stored.position, event: encoded })
        }
        if (rewrites.length > 0) await tx.query(SQL.rewrite, [network, JSON.stringify(rewrites)])
        return E.right({ contactId, rewritten: rewrites.length })
      })
    },
  }
}
