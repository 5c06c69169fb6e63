/**
 * Command handling against a store: read what the command needs, fold it, `decide`, append
 * with the versions read — and on a version conflict, read and decide again. Stateless: every
 * call reads what it needs (from a snapshot, when given one); nothing is kept between calls.
 *
 * Known outcomes are values: a refusal by the domain (the `DomainError`), a conflict that
 * outlasted the retries, a store that failed (its promise rejected) — never a throw. A thrown
 * error means a bug (an option outside its type).
 */
import * as E from 'fp-ts/lib/Either.js'
import { touchbaseError, type TouchbaseError } from '../core/errors.js'
import { decide, DomainErrors, type Command, type DecisionContext, type DomainError } from '../decisions/index.js'
import type { RelationshipEvent } from '../events/index.js'
import type { RestoredSnapshot } from '../snapshots/index.js'
import { foldEvents, initialNetwork, type NetworkState } from '../state/index.js'
import {
  PROGRAMME_STREAM,
  streamIdOf,
  type AppendConflict,
  type AppendResult,
  type EventStore,
  type MultiStreamAppend,
  type StoredEvent,
  type StreamAppend,
  type StreamId,
  type WrongExpectedVersion,
} from '../store/index.js'
import { readPlan } from './reads.js'

/**
 * A store the handler can write to: the port, with appends to several streams in one
 * transaction. A command such as `ReceiveReferral` writes two streams (a new referee's and
 * the referrer's); without `appendMany` a crash between two appends would store half of it,
 * so a store without it does not compile here.
 */
export type CommandStore = EventStore & MultiStreamAppend

/** Where the handler may start folding: a snapshot, or a function that fetches the latest one (`undefined`: none). */
export type SnapshotSource = RestoredSnapshot | (() => Promise<RestoredSnapshot | undefined>)

/** Options of `handleCommand`. */
export interface HandleCommandOptions {
  /** The clock value the events are stamped with (`decide`'s `now`). */
  readonly now: Date
  /** Plans and calendars for plan commands (`decide`'s context). */
  readonly context?: DecisionContext
  /**
   * A snapshot to fold from (the state up to its position): the streams and the log are
   * then read only after it. Without one, the handler folds from the empty network.
   */
  readonly snapshot?: SnapshotSource
  /** How many times to read and decide again after a version conflict (default 3). */
  readonly maxRetries?: number
  /** Events per page when the command reads the log (default 1,000). */
  readonly pageSize?: number
}

/** A command handled: its events are stored (now, or by an earlier call). */
export interface CommandHandled {
  readonly commandId: string
  /**
   * The command's events as stored, in position order: those this call wrote, or — when the
   * command was handled before (`duplicate`) — those stored then, read back. Empty when the
   * decision had nothing to record (marking met a contact already met).
   */
  readonly events: readonly StoredEvent[]
  /** How many events this call wrote (0 for a duplicate or an empty decision). */
  readonly written: number
  /** Whether the command had been handled before: its events were found in the store, nothing was written. */
  readonly duplicate: boolean
  /** How many times a version conflict made the handler read and decide again. */
  readonly retries: number
}

/** Why a command was not handled, when the domain did not refuse it. */
export type HandlerErrorCode = 'version-conflict' | 'store-failed' | 'append-refused'

/**
 * A command not handled for a reason of the handler or the store:
 * - `version-conflict`: other writers kept changing the streams it read, through every retry;
 *   nothing was written, handling it again is safe;
 * - `store-failed`: a promise of the store (or of the snapshot source) rejected — an outage.
 *   The append may have been written (the store may have committed before failing to
 *   answer); handling the same command again is safe: its event ids make it a duplicate;
 * - `append-refused`: the store refused the events for another reason (`invalid-event`,
 *   `wrong-stream`, a `duplicate-event-id` not of this command): a bug, in a store or here.
 */
export interface HandlerError extends TouchbaseError<HandlerErrorCode> {
  /** How many times the handler had read and decided again. */
  readonly retries: number
  /** The last conflict, for `version-conflict` and `append-refused`. */
  readonly conflict?: AppendConflict
  /** What the store rejected with, for `store-failed`. */
  readonly cause?: unknown
}

/** Why a command was not handled: refused by the domain (`DomainError`), or by the handler (`HandlerError`). */
export type CommandError = DomainError | HandlerError

const DEFAULT_RETRIES = 3
const DEFAULT_PAGE = 1000
/** Rounds of reading before deciding: each round reads what the last one showed is needed. */
const MAX_ROUNDS = 6

const EMPTY: RestoredSnapshot = { position: 0, state: initialNetwork }

/** A store's promise rejected: carried as a value to the edge of `handleCommand`. */
class StoreFailed {
  constructor(
    readonly operation: string,
    readonly cause: unknown,
  ) {}
}

const call = async <A>(operation: string, f: () => Promise<A>): Promise<A> => {
  try {
    return await f()
  } catch (cause) {
    throw new StoreFailed(operation, cause)
  }
}

/** Whether an event id is one of the command's (`${commandId}/${n}`). */
const ofCommand = (commandId: string, eventId: string): boolean =>
  eventId.length > commandId.length + 1 && eventId.startsWith(`${commandId}/`) && /^\d+$/.test(eventId.slice(commandId.length + 1))

/** What one attempt read: streams, the log after the snapshot, and the state they fold into. */
interface Reading {
  readonly streams: Map<StreamId, readonly StoredEvent[]>
  readonly tail: StoredEvent[]
  /** The last position folded (the snapshot's, or the log's end when the log was read). */
  position: number
  log: boolean
  state: NetworkState
}

/** Every event after `from`, a page at a time. */
const readLog = async (store: EventStore, from: number, pageSize: number): Promise<StoredEvent[]> => {
  const out: StoredEvent[] = []
  for (let next = from; ; ) {
    const page = await call('readAll', () => store.readAll({ fromPosition: next, limit: pageSize }))
    if (page.length === 0) return out
    for (const s of page) out.push(s)
    next = (page[page.length - 1] as StoredEvent).position + 1
  }
}

/** The state of what was read: the log's when it was read, else the streams' events after the snapshot, in position order. */
const foldReading = (r: Reading, base: RestoredSnapshot): NetworkState => {
  if (r.log) return foldEvents(r.tail.map((s) => s.event), base.state)
  const after: StoredEvent[] = []
  for (const events of r.streams.values()) for (const s of events) if (s.position > base.position) after.push(s)
  after.sort((a, b) => a.position - b.position)
  return foldEvents(after.map((s) => s.event), base.state)
}

/**
 * Whether a stream read received a referral after the snapshot. Whether the fold accepts a
 * `ReferralReceived` depends on the referee's other open referrals, which live in other
 * referrers' streams: the snapshot knows them only as they were at its position, so folding
 * the stream's later events onto it alone could set the referral aside where the whole log
 * does not (a referral lost meanwhile in another stream). Then the log after the snapshot is
 * read too, so that every stream's events since are folded in order.
 */
const receivedSince = (r: Reading, base: RestoredSnapshot): boolean => {
  if (base.position === 0) return false
  for (const events of r.streams.values()) for (const s of events) if (s.position > base.position && s.event.type === 'ReferralReceived') return true
  return false
}

/** Reads, round after round, what the command's read plan asks for, until it asks for nothing new. */
const read = async (store: EventStore, command: Command, base: RestoredSnapshot, pageSize: number, extra: readonly StreamId[]): Promise<Reading> => {
  const r: Reading = { streams: new Map(), tail: [], position: base.position, log: false, state: base.state }
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const plan = readPlan(command, r.state, r.streams)
    const missing = [...plan.streams, ...extra].filter((s) => !r.streams.has(s))
    const startLog = plan.log && !r.log
    if (missing.length === 0 && !startLog) break
    for (const s of missing) r.streams.set(s, await call('readStream', () => store.readStream(s)))
    if (plan.log || r.log || receivedSince(r, base)) {
      // Read after the streams: the log then covers every event of a stream read, so each
      // stream's version at the log's end is known (see `versionOf`).
      const tail = await readLog(store, r.position + 1, pageSize)
      r.log = true
      for (const s of tail) r.tail.push(s)
      r.position = r.tail.length === 0 ? r.position : (r.tail[r.tail.length - 1] as StoredEvent).position
    }
    r.state = foldReading(r, base)
  }
  return r
}

/** A stream's version as of what was folded: its last event read, in the stream or in the log. */
const versionOf = (r: Reading, s: StreamId): number => {
  let v = 0
  for (const e of r.streams.get(s) ?? []) v = Math.max(v, e.streamVersion)
  if (r.log) for (const e of r.tail) if (e.streamId === s) v = Math.max(v, e.streamVersion)
  return v
}

/** The command's stored events among what was read, in position order. */
const storedEventsOf = (r: Reading, commandId: string): StoredEvent[] => {
  const found = new Map<number, StoredEvent>()
  for (const events of r.streams.values()) for (const s of events) if (ofCommand(commandId, s.event.id)) found.set(s.position, s)
  for (const s of r.tail) if (ofCommand(commandId, s.event.id)) found.set(s.position, s)
  return [...found.values()].sort((a, b) => a.position - b.position)
}

const storeFailed = (operation: string, cause: unknown, retries: number): HandlerError => ({
  ...touchbaseError(
    'store-failed',
    `The store failed (${operation}): ${cause instanceof Error ? cause.message : String(cause)}. The command may have been stored; handling it again is safe (its event ids make a repeat a duplicate).`,
    { operation },
  ),
  retries,
  cause,
})

const versionConflict = (conflict: WrongExpectedVersion, retries: number): HandlerError => ({
  ...touchbaseError(
    'version-conflict',
    `Stream ${conflict.streamId} kept changing while the command was decided (${retries} ${retries === 1 ? 'retry' : 'retries'}): nothing was written. Handling it again is safe.`,
    { streamId: conflict.streamId, retries },
  ),
  retries,
  conflict,
})

const appendRefused = (conflict: AppendConflict, retries: number): HandlerError => ({
  ...touchbaseError(
    'append-refused',
    `The store refused the command's events (${conflict._tag} in ${conflict.streamId}): nothing was written. This is a bug in the store or the handler, not a refusal of the domain.`,
    { tag: conflict._tag, streamId: conflict.streamId },
  ),
  retries,
  conflict,
})

/** The stored form of appended events, from the append's results. */
const storedOf = (parts: readonly StreamAppend[], results: readonly AppendResult[]): StoredEvent[] => {
  const out: StoredEvent[] = []
  parts.forEach((part, i) => {
    const result = results[i] as AppendResult
    const n = part.events.length
    part.events.forEach((event, k) => {
      // A command's events in one stream are one batch: consecutive versions ending at nextExpectedVersion.
      out.push({ streamId: part.streamId, streamVersion: result.nextExpectedVersion - (n - 1 - k), position: result.positions[k] as number, event })
    })
  })
  return out.sort((a, b) => a.position - b.position)
}

type Attempt = E.Either<CommandError, CommandHandled> | { readonly retry: WrongExpectedVersion }

const attempt = async (store: CommandStore, command: Command, options: HandleCommandOptions, base: RestoredSnapshot, retries: number): Promise<Attempt> => {
  const pageSize = options.pageSize ?? DEFAULT_PAGE
  let extra: StreamId[] = []
  for (let round = 0; ; round++) {
    const r = await read(store, command, base, pageSize, extra)
    const decision = decide(command, r.state, options.now, options.context)
    if (E.isLeft(decision)) return decision
    const events = decision.right
    const commandId = command.commandId

    if (events.length === 0) {
      if (!r.state.commands.has(commandId)) return E.right({ commandId, events: [], written: 0, duplicate: false, retries })
      // Handled before: its events are in the streams it writes, which it reads — but for a
      // programme cost, whose stream it does not read.
      let stored = storedEventsOf(r, commandId)
      if (stored.length === 0 && !r.streams.has(PROGRAMME_STREAM)) {
        stored = (await call('readStream', () => store.readStream(PROGRAMME_STREAM))).filter((s) => ofCommand(commandId, s.event.id))
      }
      return E.right({ commandId, events: stored, written: 0, duplicate: true, retries })
    }

    // The streams written, in the order of their first event; then every other stream read, to guard.
    const byStream = new Map<StreamId, RelationshipEvent[]>()
    for (const e of events) {
      const s = streamIdOf(e)
      byStream.set(s, [...(byStream.get(s) ?? []), e])
    }
    const unread = [...byStream.keys()].filter((s) => !r.streams.has(s) && !(s === PROGRAMME_STREAM && command.type === 'RecordCost'))
    if (unread.length > 0 && round < MAX_ROUNDS) {
      // A stream the read plan did not foresee: read it too, and decide again on it.
      extra = [...extra, ...unread]
      continue
    }
    const parts: StreamAppend[] = []
    for (const [s, es] of byStream) {
      // Programme costs commute: appended whatever the stream's version.
      parts.push({ streamId: s, expected: r.streams.has(s) ? versionOf(r, s) : 'any', events: es })
    }
    for (const s of r.streams.keys()) if (!byStream.has(s)) parts.push({ streamId: s, expected: versionOf(r, s), events: [] })

    const appended =
      parts.length === 1
        ? E.map((x: AppendResult) => [x])(await call('append', () => store.append((parts[0] as StreamAppend).streamId, (parts[0] as StreamAppend).events, (parts[0] as StreamAppend).expected)))
        : await call('appendMany', () => store.appendMany(parts))
    if (E.isLeft(appended)) {
      const conflict = appended.left
      if (conflict._tag === 'wrong-expected-version') return { retry: conflict }
      // Another command already used this id, in a stream this one did not read.
      if (conflict._tag === 'duplicate-event-id' && ofCommand(commandId, conflict.eventId)) return E.left(DomainErrors.commandIdReused(commandId))
      return E.left(appendRefused(conflict, retries))
    }
    const stored = storedOf(parts, appended.right)
    const written = appended.right.reduce((n, x) => n + x.written, 0)
    return E.right({ commandId, events: stored, written, duplicate: written === 0, retries })
  }
}

/**
 * Handles a command against a store: reads the streams the command needs (see `readPlan`;
 * from `options.snapshot` when given), folds them, `decide`s at `options.now`, and appends
 * the events with the versions it read — to one stream with `append`, to several (or with
 * streams it only read, as guards) with `appendMany`, all or nothing. On a
 * `wrong-expected-version` it reads and decides again, up to `maxRetries` times; a refusal of
 * the domain is never retried. A command handled before (its events are stored: ids
 * `${commandId}/n`) writes nothing and returns the stored events (`duplicate: true`).
 *
 * Resolves to `Right(CommandHandled)` or `Left(CommandError)`: the domain's refusal, a
 * conflict after the retries, a store that failed. It never rejects for a known case.
 *
 * @example
 * const r = await handleCommand(store, { type: 'RateContact', commandId: 'cmd-7', contactId: 'c-1', score: 4 }, { now: new Date() })
 * if (E.isLeft(r)) console.log(r.left.code, r.left.message)
 * else console.log(r.right.events.map((s) => s.position), r.right.retries)
 */
export const handleCommand = async (store: CommandStore, command: Command, options: HandleCommandOptions): Promise<E.Either<CommandError, CommandHandled>> => {
  const maxRetries = options.maxRetries ?? DEFAULT_RETRIES
  if (!Number.isSafeInteger(maxRetries) || maxRetries < 0) throw new RangeError(`maxRetries is an integer ≥ 0, got ${String(maxRetries)}`)
  const pageSize = options.pageSize ?? DEFAULT_PAGE
  if (!Number.isSafeInteger(pageSize) || pageSize < 1) throw new RangeError(`pageSize is an integer ≥ 1, got ${String(pageSize)}`)
  let retries = 0
  try {
    const source = options.snapshot
    const base = typeof source === 'function' ? ((await call('snapshot', source)) ?? EMPTY) : (source ?? EMPTY)
    for (;;) {
      const r = await attempt(store, command, options, base, retries)
      if (!('retry' in r)) return r
      if (retries >= maxRetries) return E.left(versionConflict(r.retry, retries))
      retries++
    }
  } catch (e) {
    if (e instanceof StoreFailed) return E.left(storeFailed(e.operation, e.cause, retries))
    throw e
  }
}
