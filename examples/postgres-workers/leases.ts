/**
 * Leases on partitions, held in PostgreSQL with session-level advisory locks: a worker owns a
 * partition while its session holds `pg_try_advisory_lock(lockClass, partition)`, and loses it
 * when it unlocks — or when its session ends, however it ends (a crash, `kill -9`, a lost
 * connection): the server releases a dead session's locks itself. No clock, no heartbeat, no
 * expiry to tune.
 *
 * Workers find each other the same way: each holds one lock of the class as its member slot
 * (`MEMBER_BASE + slot`), and `pg_locks` lists the slots held — the live workers. A worker of
 * rank r among n live workers wants the partitions p with p % n = r; it releases the others and
 * takes those it wants once they are free. When a worker dies, the others see one member less
 * and take its partitions over.
 */
import type { SqlSession } from '../postgres-event-store/index.js'

/** The default class (the first key of the two-key advisory locks) of the KPI workers' leases ("kpi1"). */
export const KPI_LOCK_CLASS = 0x6b706931

/** Member slots are locks of the class at `MEMBER_BASE + slot`; partitions are below it. */
export const MEMBER_BASE = 1_000_000

/** The most workers of one deployment (member slots). */
export const MAX_MEMBERS = 1024

/** Every statement of the leases. Two-key advisory locks never collide with the store's one-key ones. */
export const LEASE_SQL = {
  /** Takes the lock ($1, $2) for this session if it is free; never waits. */
  tryLock: 'SELECT pg_try_advisory_lock($1::integer, $2::integer) AS locked',
  /** Releases one hold of the lock ($1, $2) by this session. */
  unlock: 'SELECT pg_advisory_unlock($1::integer, $2::integer) AS unlocked',
  /** The member slots held in this database (granted locks of the class $1 from $2 up), in order. */
  members: `SELECT objid::bigint - $2::bigint AS slot
FROM pg_locks
WHERE locktype = 'advisory' AND objsubid = 2 AND granted
  AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
  AND classid::bigint = $1::bigint AND objid::bigint >= $2::bigint
ORDER BY 1`,
  /** The partitions (locks of the class $1 below $2) this session holds. */
  mine: `SELECT objid::bigint AS partition
FROM pg_locks
WHERE locktype = 'advisory' AND objsubid = 2 AND granted AND pid = pg_backend_pid()
  AND classid::bigint = $1::bigint AND objid::bigint < $2::bigint
ORDER BY 1`,
} as const

const int = (u: unknown): number => {
  const n = Number(u)
  if (!Number.isSafeInteger(n)) throw new Error(`pg_locks: ${String(u)} did not read as an integer`)
  return n
}

/** The partitions a worker of rank `rank` among `members` live workers wants: p % members = rank. */
export const wantedPartitions = (partitions: number, members: number, rank: number): number[] =>
  Array.from({ length: partitions }, (_, p) => p).filter((p) => p % Math.max(1, members) === rank)

/** A worker's leases, on its own session (see `pgSessionDatabase`). */
export interface Leases {
  /** Takes a member slot (the lowest free one) and resolves to it. */
  readonly join: () => Promise<number>
  /** The member slots held now (the live workers), in order. */
  readonly members: () => Promise<number[]>
  /** Tries to take a partition's lease; `true` when this session holds it. */
  readonly acquire: (partition: number) => Promise<boolean>
  /** Gives a partition's lease up. */
  readonly release: (partition: number) => Promise<void>
  /** The partitions this session holds, as the server sees it. */
  readonly held: () => Promise<number[]>
}

/**
 * The leases of one worker: advisory locks of `lockClass` on `session`, which must be one
 * server session for the worker's life (a lock taken on one pooled connection and "released"
 * on another would leak). Workers of one deployment share `lockClass`; two deployments in one
 * database (two schemas) use two classes.
 *
 * @example
 * const leases = partitionLeases(session, KPI_LOCK_CLASS)
 * const slot = await leases.join()
 */
export const partitionLeases = (session: SqlSession, lockClass: number = KPI_LOCK_CLASS): Leases => {
  if (!Number.isSafeInteger(lockClass) || lockClass < 0 || lockClass > 2_147_483_647) throw new RangeError(`lockClass is an integer 0 … 2^31 − 1, got ${String(lockClass)}`)
  const tryLock = async (key: number): Promise<boolean> => (await session.query<{ locked: unknown }>(LEASE_SQL.tryLock, [lockClass, key])).rows[0]?.locked === true
  return {
    join: async () => {
      for (let slot = 0; slot < MAX_MEMBERS; slot++) if (await tryLock(MEMBER_BASE + slot)) return slot
      throw new Error(`all ${MAX_MEMBERS} member slots of lock class ${lockClass} are taken`)
    },
    members: async () => (await session.query<{ slot: unknown }>(LEASE_SQL.members, [lockClass, MEMBER_BASE])).rows.map((r) => int(r.slot)),
    acquire: (partition) => tryLock(partition),
    release: async (partition) => {
      await session.query(LEASE_SQL.unlock, [lockClass, partition])
    },
    held: async () => (await session.query<{ partition: unknown }>(LEASE_SQL.mine, [lockClass, MEMBER_BASE])).rows.map((r) => int(r.partition)),
  }
}
