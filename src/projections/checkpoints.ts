/**
 * The checkpoint store: the small port a host implements so that a projection runner can
 * keep its place in the log. A checkpoint is the global position of the last event applied,
 * stored **with** the projection's data in one transaction (DESIGN §5.3): after a crash the
 * runner resumes from a state that holds exactly the events up to the position stored with it.
 */
import type { StoredEvent } from '../store/index.js'

/** A stored checkpoint: the position of the last event applied, and the projection's data at it. */
export interface Checkpoint {
  readonly position: number
  /** What the projection's `encode` made of its state at `position`: that JSON value, or its text (a store may give back either). */
  readonly data: unknown
}

/** What a runner asks a checkpoint store to write, in one transaction. */
export interface CheckpointWrite<S> extends Checkpoint {
  /**
   * The position of the checkpoint this one replaces, as the runner loaded or last saved it
   * (`null`: none was stored). The store writes only if that is still the stored one, and
   * answers `'conflict'` otherwise (another runner of the same projection moved it).
   */
  readonly expected: number | null
  /** The state `data` encodes: for a host that also writes rows of a read model from it, in the same transaction. */
  readonly state: S
  /** The events applied since the checkpoint replaced, in position order: to know which rows changed. */
  readonly events: readonly StoredEvent[]
}

/** Whether a checkpoint was written, or another runner had moved the stored one. */
export type CheckpointSaved = 'saved' | 'conflict'

/**
 * Where a runner keeps its checkpoints. `save` writes the position and the data — and any
 * rows the host derives from the state — atomically, or nothing; `load` reads the last one
 * saved. A rejected promise is an outage (the runner reports it as a value).
 *
 * @example
 * // PostgreSQL: one transaction that updates the checkpoint row (only at `expected`),
 * // inserts the snapshot row, and upserts the read model's rows (examples/postgres-event-store).
 * const checkpoints: CheckpointStore<NetworkState> = postgresCheckpointStore(db)
 */
export interface CheckpointStore<S = unknown> {
  /** The last checkpoint saved under this name, or `undefined`. */
  load(name: string): Promise<Checkpoint | undefined>
  /** Writes a checkpoint (and what the host derives from it) in one transaction, if the stored one is still `expected`. */
  save(name: string, checkpoint: CheckpointWrite<S>): Promise<CheckpointSaved>
}

/**
 * A checkpoint store in process memory, for tests and demos: not durable. It keeps the data
 * as JSON text, as a database would, so that what a runner loads is never an object it holds.
 *
 * @example
 * const checkpoints = inMemoryCheckpointStore()
 * const runner = projectionRunner({ store, projection: networkProjection, checkpoints })
 */
export const inMemoryCheckpointStore = (): CheckpointStore & { readonly saved: ReadonlyMap<string, { readonly position: number; readonly data: string }> } => {
  const saved = new Map<string, { readonly position: number; readonly data: string }>()
  return {
    saved,
    async load(name) {
      await Promise.resolve()
      const c = saved.get(name)
      return c === undefined ? undefined : { position: c.position, data: c.data }
    },
    async save(name, checkpoint) {
      // Encoded before the yield: what is stored is the data as it was when saved.
      const data = JSON.stringify(checkpoint.data)
      await Promise.resolve()
      const current = saved.get(name)?.position ?? null
      if (current !== checkpoint.expected) return 'conflict'
      saved.set(name, { position: checkpoint.position, data })
      return 'saved'
    },
  }
}
