/**
 * The projection runner's checkpoint store on PostgreSQL: `projection_checkpoints` (where each
 * runner is) and `snapshots` (its data at that position), written in one transaction — with
 * the rows of a read model too, when the host gives a writer for them — so that the position
 * stored always names exactly what the stored data holds. Each network has its own: a
 * runner of one network's log never sees another's checkpoints.
 */
import * as E from 'fp-ts/lib/Either.js'
import { checkNetwork, DEFAULT_NETWORK } from './event-store.js'
import type { SqlDatabase, SqlSession } from './sql.js'
import { restoreSnapshot, type Checkpoint, type CheckpointStore, type CheckpointWrite, type RestoredSnapshot } from './touchbase.js'

/** Every statement of the checkpoint store; $1 is always the network. */
export const CHECKPOINT_SQL = {
  /** The stored checkpoint of the projection $2 and the data at its position. */
  load: `SELECT c.position, s.data
FROM projection_checkpoints AS c
LEFT JOIN snapshots AS s ON s.network = c.network AND s.name = c.name AND s.position = c.position
WHERE c.network = $1::text AND c.name = $2::text`,
  /** The first checkpoint of a projection (none stored yet): nothing when another runner got there first. */
  insert: `INSERT INTO projection_checkpoints (network, name, position) VALUES ($1::text, $2::text, $3::bigint)
ON CONFLICT (network, name) DO NOTHING
RETURNING name`,
  /** The checkpoint moved to $3, only from where this runner loaded it ($4). */
  update: `UPDATE projection_checkpoints SET position = $3::bigint, updated_at = now()
WHERE network = $1::text AND name = $2::text AND position = $4::bigint
RETURNING name`,
  /** The data at the new position (again after a refold: replaced). */
  snapshot: `INSERT INTO snapshots (network, name, position, data) VALUES ($1::text, $2::text, $3::bigint, $4::text)
ON CONFLICT (network, name, position) DO UPDATE SET data = EXCLUDED.data, created_at = now()`,
  /** Only the newest $3 snapshots of the projection are kept. */
  prune: `DELETE FROM snapshots
WHERE network = $1::text AND name = $2::text
  AND position < ALL (SELECT position FROM snapshots WHERE network = $1::text AND name = $2::text ORDER BY position DESC LIMIT $3::integer)`,
  /** The newest snapshot of a projection. */
  latest: `SELECT position, data FROM snapshots WHERE network = $1::text AND name = $2::text ORDER BY position DESC LIMIT 1`,
  /** Only the newest position (to tell whether a cached snapshot is still the newest). */
  latestPosition: `SELECT max(position) AS position FROM snapshots WHERE network = $1::text AND name = $2::text`,
} as const

/** Options of `postgresCheckpointStore`. */
export interface PostgresCheckpointStoreOptions<S> {
  /** The network whose log the runner reads (default `DEFAULT_NETWORK`): the store of the runner must be that network's. */
  readonly network?: string
  /** How many snapshots of each projection to keep (default 2: the newest, and the one before while it is read). */
  readonly keep?: number
  /**
   * Writes what the host derives from a checkpoint — a read model's rows — inside the
   * checkpoint's transaction: they commit with it, or not at all. `where.network` is the
   * checkpoint store's network.
   */
  readonly write?: (tx: SqlSession, checkpoint: CheckpointWrite<S>, where: { readonly network: string }) => Promise<void>
}

const position = (u: unknown): number => {
  const n = typeof u === 'number' ? u : Number(u)
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`projection_checkpoints: a position did not read as an integer ≥ 0`)
  return n
}

/**
 * A `CheckpointStore` over `projection_checkpoints` and `snapshots` (create them with
 * `createEventsTable`). `save` is one transaction: the checkpoint row moves only from the
 * position the runner expects (else `'conflict'`, nothing written), the data is stored at the
 * new position, older snapshots beyond `keep` go, and `options.write` adds the host's rows.
 *
 * @example
 * const checkpoints = postgresCheckpointStore(db, { write: writeContactSummaries })
 * const runner = projectionRunner({ store, projection: networkProjection, checkpoints })
 */
export const postgresCheckpointStore = <S>(db: SqlDatabase, options: PostgresCheckpointStoreOptions<S> = {}): CheckpointStore<S> => {
  const keep = options.keep ?? 2
  if (!Number.isSafeInteger(keep) || keep < 1) throw new RangeError(`keep is an integer ≥ 1, got ${String(keep)}`)
  const network = checkNetwork(options.network ?? DEFAULT_NETWORK)
  return {
    async load(name): Promise<Checkpoint | undefined> {
      const [row] = (await db.query<{ position: unknown; data: unknown }>(CHECKPOINT_SQL.load, [network, name])).rows
      if (row === undefined) return undefined
      // A checkpoint without its data (deleted by hand) decodes as nothing: the runner refolds.
      return { position: position(row.position), data: row.data ?? null }
    },
    async save(name, checkpoint) {
      return db.transaction(async (tx) => {
        const moved =
          checkpoint.expected === null
            ? await tx.query(CHECKPOINT_SQL.insert, [network, name, checkpoint.position])
            : await tx.query(CHECKPOINT_SQL.update, [network, name, checkpoint.position, checkpoint.expected])
        if (moved.rows.length === 0) return 'conflict' as const
        await tx.query(CHECKPOINT_SQL.snapshot, [network, name, checkpoint.position, JSON.stringify(checkpoint.data)])
        await tx.query(CHECKPOINT_SQL.prune, [network, name, keep])
        await options.write?.(tx, checkpoint, { network })
        return 'saved' as const
      })
    },
  }
}

/**
 * The newest snapshot of the network projection (or of `name`) of a network's log (default
 * `DEFAULT_NETWORK`), restored — for `handleCommand`'s `snapshot` option. It keeps the last one it restored and restores again
 * only when a newer one is stored: handlers share one state in memory instead of parsing a
 * large snapshot per command. A snapshot of another version is skipped (`undefined`: the
 * handler then reads from the start) until the runner has refolded.
 *
 * @example
 * const snapshots = snapshotSource(db)
 * await handleCommand(store, command, { now: new Date(), snapshot: snapshots })
 */
export const snapshotSource = (db: SqlDatabase, name = 'touchbase.network', network: string = DEFAULT_NETWORK): (() => Promise<RestoredSnapshot | undefined>) => {
  checkNetwork(network)
  let cached: RestoredSnapshot | undefined
  return async () => {
    const [latest] = (await db.query<{ position: unknown }>(CHECKPOINT_SQL.latestPosition, [network, name])).rows
    if (latest?.position === null || latest?.position === undefined) return undefined
    if (cached !== undefined && cached.position === position(latest.position)) return cached
    const [row] = (await db.query<{ position: unknown; data: unknown }>(CHECKPOINT_SQL.latest, [network, name])).rows
    if (row === undefined) return cached
    const r = restoreSnapshot(row.data)
    if (E.isLeft(r)) return undefined
    cached = r.right
    return cached
  }
}
