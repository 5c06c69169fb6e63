/**
 * The projection runner: keeps a projection up to date with the log, store-agnostic. It reads
 * the log from its checkpoint (`readAll({ fromPosition, limit })`), applies each page, and
 * saves the checkpoint with the projection's data through the host's `CheckpointStore` — one
 * transaction, so that the position stored always names exactly the events the stored state
 * holds. A restart loads that checkpoint and reads on from it: no refold.
 *
 * Delivery is at least once: events applied after the last checkpoint are read and applied
 * again after a crash. Their effect lands once, because the state they are applied to is the
 * checkpoint's, which does not hold them, and because `apply` is idempotent (an event whose
 * effect a state already holds changes nothing): at-least-once delivery + an idempotent fold
 * = an exactly-once effect.
 */
import * as E from 'fp-ts/lib/Either.js'
import { touchbaseError, type TouchbaseError } from '../core/errors.js'
import type { EventStore, StoredEvent } from '../store/index.js'
import type { CheckpointStore } from './checkpoints.js'
import type { Projection } from './projection.js'

/** Options of `projectionRunner`. */
export interface ProjectionRunnerOptions<S> {
  /** The log (only `readAll` is used). */
  readonly store: Pick<EventStore, 'readAll'>
  readonly projection: Projection<S>
  readonly checkpoints: CheckpointStore<NoInfer<S>>
  /** Events per read (default 1,000). */
  readonly pageSize?: number
  /**
   * Save a checkpoint after at least this many events (default 10,000), and at the end of
   * each catch-up that applied any. A smaller number redoes less after a crash; a larger one
   * writes the projection's data less often (a snapshot of a large network is large).
   */
  readonly checkpointEvery?: number
  /**
   * What to do when the stored data cannot be decoded (a snapshot of another version, after
   * an upgrade): `'refold'` (the default) starts from the projection's initial state and
   * position 0, and replaces the stored checkpoint at its next save; `'stop'` returns the
   * error (`checkpoint-incompatible`).
   */
  readonly onIncompatible?: 'refold' | 'stop'
}

/** What a catch-up did. */
export interface CatchUp {
  /** The position the projection now holds (of the last event applied; 0 for none). */
  readonly position: number
  /** Events applied by this catch-up. */
  readonly applied: number
  /** Checkpoints saved by this catch-up. */
  readonly checkpoints: number
  /** Where this runner started: the stored checkpoint's position (0 without one, or after a refold). */
  readonly resumedFrom: number
  /** When the stored checkpoint could not be decoded and the runner refolded: why. */
  readonly refolded?: TouchbaseError
}

/** Why a runner stopped. */
export type RunnerErrorCode = 'store-failed' | 'checkpoint-conflict' | 'checkpoint-incompatible'

/**
 * A runner stopped: the log or the checkpoint store failed (`store-failed`, with the `cause`;
 * what was saved stays, the next catch-up resumes from it), another runner of the same
 * projection moved the checkpoint (`checkpoint-conflict`: run one runner per projection), or
 * the stored data cannot be decoded and `onIncompatible` is `'stop'`.
 */
export interface RunnerError extends TouchbaseError<RunnerErrorCode> {
  readonly cause?: unknown
}

/** A projection runner: its state in memory, its place in the log in the checkpoint store. */
export interface ProjectionRunner<S> {
  /**
   * Loads the checkpoint (on the first call), then reads and applies every event after it up
   * to the log's end, saving checkpoints on the way and at the end. Calls never overlap: a
   * call made while one runs waits for it.
   */
  catchUp(): Promise<E.Either<RunnerError, CatchUp>>
  /**
   * Catches up, then again on every value of `wakeups` (a notification that events were
   * appended, or a timer), until `wakeups` ends or `signal` aborts. Resolves with the last
   * catch-up, or the first error.
   */
  follow(wakeups: AsyncIterable<unknown>, signal?: AbortSignal): Promise<E.Either<RunnerError, CatchUp>>
  /** The projection's state and position as of the last catch-up (`undefined` before the first). */
  current(): { readonly position: number; readonly state: S } | undefined
}

const DEFAULT_PAGE = 1000
const DEFAULT_EVERY = 10_000

const storeFailed = (operation: string, cause: unknown): RunnerError => ({
  ...touchbaseError('store-failed', `The projection runner stopped: ${operation} failed (${cause instanceof Error ? cause.message : String(cause)}). What was saved stays; the next catch-up resumes from it.`, {
    operation,
  }),
  cause,
})

class Stop {
  constructor(readonly error: RunnerError) {}
}

const guard = async <A>(operation: string, f: () => Promise<A>): Promise<A> => {
  try {
    return await f()
  } catch (cause) {
    throw new Stop(storeFailed(operation, cause))
  }
}

/**
 * A runner for a projection over a log, keeping its checkpoints in `checkpoints`.
 *
 * @example
 * const runner = projectionRunner({ store, projection: networkProjection, checkpoints: postgresCheckpointStore(db) })
 * const r = await runner.catchUp()          // from the stored checkpoint to the log's end
 * await runner.follow(listenForAppends(db)) // then live, on every append's notification
 */
export const projectionRunner = <S>(options: ProjectionRunnerOptions<S>): ProjectionRunner<S> => {
  const { store, projection, checkpoints } = options
  const pageSize = options.pageSize ?? DEFAULT_PAGE
  const every = options.checkpointEvery ?? DEFAULT_EVERY
  if (!Number.isSafeInteger(pageSize) || pageSize < 1) throw new RangeError(`pageSize is an integer ≥ 1, got ${String(pageSize)}`)
  if (!Number.isSafeInteger(every) || every < 1) throw new RangeError(`checkpointEvery is an integer ≥ 1, got ${String(every)}`)

  /**
   * The runner's state in memory: the projection at `position`, the position of the last
   * checkpoint saved (`null`: none), and the events applied since (kept across catch-ups until
   * a save succeeds, so that a save that failed is redone with all of them).
   */
  let loaded: { state: S; position: number; saved: number | null; pending: StoredEvent[]; resumedFrom: number; refolded?: TouchbaseError } | undefined
  let running: Promise<unknown> = Promise.resolve()

  const load = async (): Promise<NonNullable<typeof loaded>> => {
    if (loaded !== undefined) return loaded
    const stored = await guard('loading the checkpoint', () => checkpoints.load(projection.name))
    if (stored === undefined) return (loaded = { state: projection.initial, position: 0, saved: null, pending: [], resumedFrom: 0 })
    const decoded = projection.decode(stored.data, stored.position)
    if (E.isRight(decoded)) return (loaded = { state: decoded.right, position: stored.position, saved: stored.position, pending: [], resumedFrom: stored.position })
    if (options.onIncompatible === 'stop') {
      throw new Stop({
        ...touchbaseError('checkpoint-incompatible', `The stored checkpoint of ${projection.name} cannot be used: ${decoded.left.message}`, { name: projection.name, position: stored.position }),
        cause: decoded.left,
      })
    }
    // Refold: from the start, replacing the stored checkpoint at the next save.
    return (loaded = { state: projection.initial, position: 0, saved: stored.position, pending: [], resumedFrom: 0, refolded: decoded.left })
  }

  const once = async (): Promise<E.Either<RunnerError, CatchUp>> => {
    try {
      const l = await load()
      let applied = 0
      let saves = 0
      const save = async (): Promise<void> => {
        const result = await guard('saving the checkpoint', () =>
          checkpoints.save(projection.name, {
            position: l.position,
            data: projection.encode(l.state, l.position),
            expected: l.saved,
            state: l.state,
            events: l.pending,
          }),
        )
        if (result === 'conflict') {
          // Someone else's checkpoint: this runner's state is no longer the stored one's.
          loaded = undefined
          throw new Stop(
            touchbaseError('checkpoint-conflict', `The checkpoint of ${projection.name} moved under this runner (expected at ${String(l.saved)}): run one runner per projection.`, {
              name: projection.name,
            }),
          )
        }
        l.saved = l.position
        l.pending = []
        saves++
      }
      for (;;) {
        const page = await guard('reading the log', () => store.readAll({ fromPosition: l.position + 1, limit: pageSize }))
        if (page.length === 0) break
        l.state = projection.apply(l.state, page)
        l.position = (page[page.length - 1] as StoredEvent).position
        applied += page.length
        for (const s of page) l.pending.push(s)
        if (l.pending.length >= every) await save()
      }
      // At the end of the log: save what was applied (or the refold's empty start over an incompatible checkpoint).
      if (l.pending.length > 0 || (l.saved !== null && l.saved !== l.position)) await save()
      return E.right({
        position: l.position,
        applied,
        checkpoints: saves,
        resumedFrom: l.resumedFrom,
        ...(l.refolded === undefined ? {} : { refolded: l.refolded }),
      })
    } catch (e) {
      if (e instanceof Stop) return E.left(e.error)
      throw e
    }
  }

  const catchUp = (): Promise<E.Either<RunnerError, CatchUp>> => {
    // One at a time: a call waits for the one before it.
    const next = running.then(once, once)
    running = next
    return next
  }

  return {
    catchUp,
    async follow(wakeups, signal) {
      // Read anew each time: the signal may abort while a catch-up or a wait is in flight.
      const aborted = (): boolean => signal?.aborted === true
      let last = await catchUp()
      if (E.isLeft(last) || aborted()) return last
      for await (const _ of wakeups) {
        if (aborted()) break
        last = await catchUp()
        if (E.isLeft(last) || aborted()) break
      }
      return last
    },
    current: () => (loaded === undefined ? undefined : { position: loaded.position, state: loaded.state }),
  }
}
