/**
 * A KPI worker: one OS process (or more, on any machines) sharing only the database with the
 * others. It holds leases on partitions of the logs (`leases.ts`), reads the events of its
 * partitions — a network at a time, in position order, from each partition's checkpoint —
 * continues each partition's partial aggregate with them (a `KpiAccumulator` started from the
 * stored partial: `kpiAggregate(events, partial)` one event at a time),
 * and stores every partial with its checkpoint in one row of `kpi_partials`, in one
 * transaction with whatever the host writes alongside (`write`). A reader merges the partials
 * of a network with `kpiMonoid` (`report.ts`).
 *
 * Exactly once: a checkpoint moves only from the position this worker read it at
 * (`UPDATE … WHERE through = $stored`), so a partial is never continued twice from the same
 * place — after a crash the next owner loads the last committed partial and reads on from its
 * position, and the events read since the crash's last commit are read again, into a partial
 * that does not hold them. The lease makes one worker the owner; the checkpoint's condition
 * makes a second writer's commit fail even if two ever believed they owned a partition.
 */
import { readFile } from 'node:fs/promises'
import * as E from 'fp-ts/lib/Either.js'
import { checkNetwork, storedEvent, type EventRow, type SqlDatabase, type SqlSession } from '../postgres-event-store/index.js'
import { decodeKpiAggregate, emptyKpiAggregate, encodeKpiAggregate, KpiAccumulator, type StoredEvent, type Upcaster } from '../postgres-event-store/touchbase.js'
import { KPI_LOCK_CLASS, MEMBER_BASE, partitionLeases, wantedPartitions } from './leases.js'

/** The default number of partitions of every log. */
export const DEFAULT_PARTITIONS = 16

/** Every statement of a worker (besides the leases'). */
export const KPI_WORKER_SQL = {
  /**
   * The networks that have events, in order: one index probe per network (the primary key
   * starts with the network), not a scan of the table.
   */
  networks: `WITH RECURSIVE n(network) AS (
  (SELECT network FROM events ORDER BY network LIMIT 1)
  UNION ALL
  SELECT (SELECT e.network FROM events AS e WHERE e.network > n.network ORDER BY e.network LIMIT 1)
  FROM n WHERE n.network IS NOT NULL
)
SELECT network FROM n WHERE network IS NOT NULL`,
  /** The last position of a network's log ($1). */
  last: 'SELECT coalesce(max(position), 0) AS last FROM events WHERE network = $1::text',
  /** The checkpoints of some partitions ($2: a JSON array) of a network ($1). */
  checkpoints: `SELECT partition, partitions, through FROM kpi_partials
WHERE network = $1::text AND partition IN (SELECT jsonb_array_elements_text($2::jsonb)::integer)`,
  /** One partition's stored partial. */
  partial: 'SELECT partitions, through, aggregate FROM kpi_partials WHERE network = $1::text AND partition = $2::integer',
  /**
   * The next events of some partitions of a network ($1), in position order: after $2 (the
   * lowest checkpoint among them), each after its own partition's position ($4: a JSON object
   * partition → position; a partition not in it is not read), at most $5 rows. $3 is the
   * number of partitions. Served by the primary key (network, position); the filter runs in
   * the server, so a worker receives and decodes only its own partitions' rows.
   */
  page: `SELECT position, stream_id, stream_version, event_id, payload::text AS payload, mod(stream_hash, $3::integer) AS partition
FROM events
WHERE network = $1::text AND position > $2::bigint
  AND position > ($4::jsonb ->> mod(stream_hash, $3::integer)::text)::bigint
ORDER BY position
LIMIT $5::bigint`,
  /** A partition's first checkpoint (no row yet): nothing when another worker wrote one first. */
  insert: `INSERT INTO kpi_partials (network, partition, partitions, through, aggregate, written_by)
VALUES ($1::text, $2::integer, $3::integer, $4::bigint, $5::text, $6::text)
ON CONFLICT (network, partition) DO NOTHING
RETURNING partition`,
  /**
   * A checkpoint moved to $4, with the partial $5 (`NULL`: unchanged, no event of the
   * partition was read), only from where this worker read it ($7) and with the same partition
   * count ($3).
   */
  update: `UPDATE kpi_partials SET through = $4::bigint, aggregate = coalesce($5::text, aggregate), written_by = $6::text, updated_at = now()
WHERE network = $1::text AND partition = $2::integer AND partitions = $3::integer AND through = $7::bigint
RETURNING partition`,
} as const

/** One partition's part of a checkpoint. */
export interface KpiCheckpointPart {
  readonly partition: number
  /** The position the partial had read before; `through` now. */
  readonly from: number
  readonly through: number
  /** Events of the partition applied between them. */
  readonly events: number
}

/** What one checkpoint transaction wrote: some partitions of one network. */
export interface KpiCheckpoint {
  readonly network: string
  readonly worker: string
  readonly parts: readonly KpiCheckpointPart[]
}

/** A known failure of a worker, as a value. */
export type KpiWorkerError =
  | {
      /** A checkpoint was not where this worker read it: another worker wrote the partition (the lease was not exclusive). Nothing was written; the worker dropped what it held of the network and gave the partition up. */
      readonly _tag: 'checkpoint-conflict'
      readonly network: string
      readonly partition: number
      readonly message: string
    }
  | {
      /** A stored partial was cut with another partition count: partials of two counts would hold the same streams. */
      readonly _tag: 'partition-count-mismatch'
      readonly network: string
      readonly partition: number
      readonly stored: number
      readonly configured: number
      readonly message: string
    }
  | {
      /** A stored partial does not decode (`decodeKpiAggregate`): corruption, or a partial of another format version. */
      readonly _tag: 'undecodable-partial'
      readonly network: string
      readonly partition: number
      readonly message: string
    }

/** What a catch-up did. */
export interface KpiCatchUp {
  /** Events read and applied. */
  readonly applied: number
  /** Checkpoint transactions committed. */
  readonly checkpoints: number
  /** Whether every held partition of every network reached its log's end (else the budget ran out first). */
  readonly caughtUp: boolean
}

/** Where a worker's time went, in ms (and what it moved), since it started. */
export interface KpiWorkerStats {
  events: number
  checkpoints: number
  /** Reading pages (the queries, and the driver's parsing of rows). */
  readMs: number
  /** `decodeEvent` of every row (`storedEvent`). */
  decodeMs: number
  /** Adding the events to the partials (`KpiAccumulator`), and taking their snapshots at checkpoints. */
  aggregateMs: number
  /** Loading and decoding stored partials (a partition taken over, or a restart). */
  loadMs: number
  /** Encoding partials (`encodeKpiAggregate`, `JSON.stringify`). */
  encodeMs: number
  /** The checkpoint transactions (sending the partials, committing). */
  commitMs: number
  /** Characters of partials written. */
  writtenChars: number
}

/** Options of `kpiWorker`. */
export interface KpiWorkerOptions {
  /** How many partitions every log is cut into (default `DEFAULT_PARTITIONS`): fixed for the deployment, the same for every worker. */
  readonly partitions?: number
  /** The leases' lock class (default `KPI_LOCK_CLASS`): the same for the workers of one deployment, another for another (a second schema). */
  readonly lockClass?: number
  /** The networks to aggregate (default: every network that has events, found again on each catch-up). */
  readonly networks?: readonly string[]
  /** Rows per read (default 2,000). */
  readonly pageSize?: number
  /** Events applied between two checkpoints of a network (default 100,000): what a crash makes the next owner read again. */
  readonly checkpointEvery?: number
  /** The name written with each checkpoint (`written_by`; default: `worker-<slot>`). */
  readonly id?: string
  /** Writes what the host derives from a checkpoint inside its transaction (it commits with it, or not at all). */
  readonly write?: (tx: SqlSession, checkpoint: KpiCheckpoint) => Promise<void>
  /** Upcasters for stored payloads written under older schemas (default: touchbase's). */
  readonly upcasters?: readonly Upcaster[]
  /** Called after each checkpoint has committed (to log it). */
  readonly onCheckpoint?: (checkpoint: KpiCheckpoint) => void
}

/** A KPI worker on its own session. */
export interface KpiWorker {
  /** Takes a member slot; resolves to it. Call once, first. */
  readonly join: () => Promise<number>
  /** The live workers (member slots), in order. */
  readonly members: () => Promise<number[]>
  /**
   * Gives up the partitions it no longer wants and takes those it wants that are free, by its
   * rank among the live workers (`wantedPartitions`). Call between catch-ups.
   */
  readonly rebalance: () => Promise<{ readonly members: number; readonly rank: number; readonly held: readonly number[] }>
  /** The partitions it holds. */
  readonly held: () => readonly number[]
  /**
   * Reads its partitions of every network to the end of the log, checkpointing every
   * `checkpointEvery` events and at the end of each network; stops early (after a checkpoint)
   * once `maxEvents` are applied.
   */
  readonly catchUp: (options?: { readonly maxEvents?: number }) => Promise<E.Either<KpiWorkerError, KpiCatchUp>>
  /** Gives up every lease (its partitions and its member slot). */
  readonly leave: () => Promise<void>
  /** Where its time went. */
  readonly stats: KpiWorkerStats
}

interface PartitionState {
  /** Whether a row is stored. */
  exists: boolean
  /** The row's `through` (0 when none). */
  stored: number
  /** The position read up to in memory (≥ `stored`). */
  readTo: number
  /** The partial, once loaded: the stored one, continued with what was read since. */
  partial: KpiAccumulator | undefined
  /** Events applied since `stored`. */
  events: number
}

/** A failure inside a checkpoint transaction: rolls it back, then returns as a value. */
class Refused extends Error {
  constructor(readonly error: KpiWorkerError) {
    super(error.message)
  }
}

const int = (u: unknown): number => {
  const n = typeof u === 'number' ? u : Number(u)
  if (!Number.isSafeInteger(n)) throw new Error(`kpi_partials: ${String(u)} did not read as an integer`)
  return n
}

const EMPTY = JSON.stringify(encodeKpiAggregate(emptyKpiAggregate))

/**
 * Creates `kpi_partials` and `kpi_events_applied` if they are missing (`schema.sql`; the
 * events tables come from `createEventsTable`).
 *
 * @example await createKpiTables(db)
 */
export const createKpiTables = async (db: SqlDatabase): Promise<void> => {
  await db.exec(await readFile(new URL('./schema.sql', import.meta.url), 'utf8'))
}

/**
 * A KPI worker on `session` — one server session for the worker's whole life
 * (`pgSessionDatabase(client)` on a server; a PGlite is one session): its leases are that
 * session's locks, and its checkpoints commit on that session, so they can only commit while
 * it holds the leases. Not through a transaction-pooling proxy (PgBouncer in transaction mode
 * would hand the locks' session to others).
 *
 * @example
 * const worker = kpiWorker(session, { partitions: 16 })
 * await worker.join()
 * for (;;) { await worker.rebalance(); await worker.catchUp({ maxEvents: 100_000 }) }
 */
export const kpiWorker = (session: SqlDatabase, options: KpiWorkerOptions = {}): KpiWorker => {
  const partitions = options.partitions ?? DEFAULT_PARTITIONS
  if (!Number.isSafeInteger(partitions) || partitions < 1 || partitions >= MEMBER_BASE) throw new RangeError(`partitions is an integer 1 … ${MEMBER_BASE - 1}, got ${String(partitions)}`)
  const pageSize = options.pageSize ?? 2_000
  const checkpointEvery = options.checkpointEvery ?? 100_000
  for (const [name, n] of [
    ['pageSize', pageSize],
    ['checkpointEvery', checkpointEvery],
  ] as const) {
    if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`${name} is an integer ≥ 1, got ${String(n)}`)
  }
  const networks = options.networks?.map(checkNetwork)
  const leases = partitionLeases(session, options.lockClass ?? KPI_LOCK_CLASS)
  let slot: number | undefined
  let id = options.id ?? ''
  const held = new Set<number>()
  /** network → partition → state, for the partitions held. */
  const states = new Map<string, Map<number, PartitionState>>()
  /** Where the next catch-up starts among the networks (each gets its turn first). */
  let next = 0
  const stats: KpiWorkerStats = { events: 0, checkpoints: 0, readMs: 0, decodeMs: 0, aggregateMs: 0, loadMs: 0, encodeMs: 0, commitMs: 0, writtenChars: 0 }
  const timed = async <A>(key: 'readMs' | 'loadMs' | 'commitMs', work: () => Promise<A>): Promise<A> => {
    const t = performance.now()
    try {
      return await work()
    } finally {
      stats[key] += performance.now() - t
    }
  }

  const forget = (partition: number): void => {
    for (const byPartition of states.values()) byPartition.delete(partition)
  }

  /** The states of the held partitions of a network, with the checkpoints of those not known yet. */
  const statesOf = async (network: string, partitionsHeld: readonly number[]): Promise<E.Either<KpiWorkerError, Map<number, PartitionState>>> => {
    let byPartition = states.get(network)
    if (byPartition === undefined) {
      byPartition = new Map()
      states.set(network, byPartition)
    }
    const unknown = partitionsHeld.filter((p) => !byPartition.has(p))
    if (unknown.length > 0) {
      const { rows } = await timed('readMs', () => session.query<{ partition: unknown; partitions: unknown; through: unknown }>(KPI_WORKER_SQL.checkpoints, [network, JSON.stringify(unknown)]))
      const found = new Map(rows.map((r) => [int(r.partition), r]))
      for (const p of unknown) {
        const row = found.get(p)
        if (row !== undefined && int(row.partitions) !== partitions) return E.left(mismatch(network, p, int(row.partitions)))
        const through = row === undefined ? 0 : int(row.through)
        byPartition.set(p, { exists: row !== undefined, stored: through, readTo: through, partial: undefined, events: 0 })
      }
    }
    return E.right(byPartition)
  }

  const mismatch = (network: string, partition: number, stored: number): KpiWorkerError => ({
    _tag: 'partition-count-mismatch',
    network,
    partition,
    stored,
    configured: partitions,
    message: `the partial of ${network} partition ${partition} was cut into ${stored} partitions, this worker cuts into ${partitions}: rebuild every partial to change the count`,
  })

  /** The partial of a partition, loaded from its row the first time an event of it is read. */
  const partialOf = async (network: string, partition: number, st: PartitionState): Promise<KpiAccumulator> => {
    if (st.partial !== undefined) return st.partial
    if (!st.exists) return (st.partial = new KpiAccumulator(emptyKpiAggregate))
    const [row] = (await timed('loadMs', () => session.query<{ partitions: unknown; through: unknown; aggregate: unknown }>(KPI_WORKER_SQL.partial, [network, partition]))).rows
    if (row === undefined || int(row.through) !== st.stored) {
      throw new Refused({ _tag: 'checkpoint-conflict', network, partition, message: `the checkpoint of ${network} partition ${partition} moved since this worker read it: another worker writes it` })
    }
    if (int(row.partitions) !== partitions) throw new Refused(mismatch(network, partition, int(row.partitions)))
    const t = performance.now()
    let json: unknown
    try {
      json = JSON.parse(String(row.aggregate))
    } catch {
      json = undefined
    }
    const decoded = decodeKpiAggregate(json, `kpi_partials[${network}, ${partition}]`)
    stats.loadMs += performance.now() - t
    if (E.isLeft(decoded)) throw new Refused({ _tag: 'undecodable-partial', network, partition, message: decoded.left.message })
    return (st.partial = new KpiAccumulator(decoded.right))
  }

  /** One checkpoint transaction: every partition of the network whose position moved. */
  const checkpoint = async (network: string, byPartition: Map<number, PartitionState>): Promise<boolean> => {
    const moved = [...byPartition.entries()].filter(([, st]) => st.readTo > st.stored).sort((a, b) => a[0] - b[0])
    if (moved.length === 0) return false
    const te = performance.now()
    const snapshots = moved.map(([, st]) => (st.events > 0 && st.partial !== undefined ? st.partial.snapshot() : undefined))
    const ts = performance.now()
    stats.aggregateMs += ts - te
    const encoded = snapshots.map((a) => (a === undefined ? null : JSON.stringify(encodeKpiAggregate(a))))
    stats.encodeMs += performance.now() - ts
    const parts: KpiCheckpointPart[] = moved.map(([partition, st]) => ({ partition, from: st.stored, through: st.readTo, events: st.events }))
    await timed('commitMs', () =>
      session.transaction(async (tx) => {
        for (const [i, [partition, st]] of moved.entries()) {
          const aggregate = encoded[i] ?? null
          const r = st.exists
            ? await tx.query(KPI_WORKER_SQL.update, [network, partition, partitions, st.readTo, aggregate, id, st.stored])
            : await tx.query(KPI_WORKER_SQL.insert, [network, partition, partitions, st.readTo, aggregate ?? EMPTY, id])
          if (r.rows.length === 0) {
            throw new Refused({ _tag: 'checkpoint-conflict', network, partition, message: `the checkpoint of ${network} partition ${partition} was not at ${st.stored}: another worker wrote it` })
          }
        }
        await options.write?.(tx, { network, worker: id, parts })
      }),
    )
    for (const [i, [, st]] of moved.entries()) {
      stats.writtenChars += encoded[i]?.length ?? 0
      st.exists = true
      st.stored = st.readTo
      st.events = 0
    }
    stats.checkpoints++
    options.onCheckpoint?.({ network, worker: id, parts })
    return true
  }

  /** Reads a network's held partitions to its log's end, or until `budget` events are applied. */
  const catchUpNetwork = async (network: string, partitionsHeld: readonly number[], budget: number): Promise<E.Either<KpiWorkerError, KpiCatchUp>> => {
    const known = await statesOf(network, partitionsHeld)
    if (E.isLeft(known)) return known
    const byPartition = known.right
    const of = (p: number): PartitionState => byPartition.get(p) as PartitionState
    let applied = 0
    let checkpoints = 0
    let sinceCheckpoint = 0
    let caughtUp = false
    for (;;) {
      const [lastRow] = (await timed('readMs', () => session.query<{ last: unknown }>(KPI_WORKER_SQL.last, [network]))).rows
      const last = int(lastRow?.last ?? 0)
      if (partitionsHeld.every((p) => of(p).readTo >= last)) {
        caughtUp = true
        break
      }
      if (applied >= budget) break
      const after: Record<string, number> = {}
      for (const p of partitionsHeld) after[p] = of(p).readTo
      const from = Math.min(...partitionsHeld.map((p) => of(p).readTo))
      const { rows } = await timed('readMs', () => session.query<EventRow & { partition: unknown }>(KPI_WORKER_SQL.page, [network, from, partitions, JSON.stringify(after), pageSize]))
      const td = performance.now()
      const byPart = new Map<number, StoredEvent[]>()
      for (const row of rows) {
        const p = int(row.partition)
        const list = byPart.get(p)
        const s = storedEvent(row, options.upcasters)
        if (list === undefined) byPart.set(p, [s])
        else list.push(s)
      }
      stats.decodeMs += performance.now() - td
      for (const [p, events] of byPart) {
        const st = of(p)
        const partial = await partialOf(network, p, st)
        const ta = performance.now()
        for (const e of events) partial.add(e)
        stats.aggregateMs += performance.now() - ta
        st.events += events.length
        st.readTo = Math.max(st.readTo, (events[events.length - 1] as StoredEvent).position)
      }
      // Every row of these partitions up to `reached` has been read: the page is in position
      // order, and a short page is everything after the checkpoints (`last` was read first).
      const tail = rows.length === 0 ? 0 : int((rows[rows.length - 1] as EventRow).position)
      const reached = rows.length < pageSize ? Math.max(last, tail) : tail
      for (const p of partitionsHeld) of(p).readTo = Math.max(of(p).readTo, reached)
      applied += rows.length
      sinceCheckpoint += rows.length
      stats.events += rows.length
      if (sinceCheckpoint >= checkpointEvery) {
        if (await checkpoint(network, byPartition)) checkpoints++
        sinceCheckpoint = 0
      }
    }
    if (await checkpoint(network, byPartition)) checkpoints++
    return E.right({ applied, checkpoints, caughtUp })
  }

  return {
    stats,
    join: async () => {
      slot = await leases.join()
      if (id === '') id = `worker-${slot}`
      return slot
    },
    members: () => leases.members(),
    held: () => [...held].sort((a, b) => a - b),
    rebalance: async () => {
      if (slot === undefined) throw new Error('kpiWorker: join() first')
      const members = await leases.members()
      const rank = members.indexOf(slot)
      if (rank < 0) throw new Error(`kpiWorker: the member slot ${slot} is not held: the session lost its locks`)
      const want = new Set(wantedPartitions(partitions, members.length, rank))
      for (const p of [...held]) {
        if (want.has(p)) continue
        await leases.release(p)
        held.delete(p)
        forget(p)
      }
      for (const p of want) {
        if (held.has(p)) continue
        if (await leases.acquire(p)) held.add(p)
      }
      return { members: members.length, rank, held: [...held].sort((a, b) => a - b) }
    },
    catchUp: async ({ maxEvents = Number.POSITIVE_INFINITY } = {}) => {
      const partitionsHeld = [...held].sort((a, b) => a - b)
      if (partitionsHeld.length === 0) return E.right({ applied: 0, checkpoints: 0, caughtUp: true })
      const all = networks ?? (await timed('readMs', () => session.query<{ network: unknown }>(KPI_WORKER_SQL.networks))).rows.map((r) => String(r.network))
      let applied = 0
      let checkpoints = 0
      for (let i = 0; i < all.length; i++) {
        const at = (next + i) % all.length
        const network = all[at] as string
        let r: E.Either<KpiWorkerError, KpiCatchUp>
        try {
          r = await catchUpNetwork(network, partitionsHeld, maxEvents - applied)
        } catch (error) {
          if (!(error instanceof Refused)) throw error
          r = E.left(error.error)
        }
        if (E.isLeft(r)) {
          // What it held of the network may be behind what another writer stored: read it again.
          states.delete(network)
          if (r.left._tag === 'checkpoint-conflict') {
            await leases.release(r.left.partition)
            held.delete(r.left.partition)
            forget(r.left.partition)
          }
          return r
        }
        applied += r.right.applied
        checkpoints += r.right.checkpoints
        if (!r.right.caughtUp) {
          next = at
          return E.right({ applied, checkpoints, caughtUp: false })
        }
      }
      return E.right({ applied, checkpoints, caughtUp: true })
    },
    leave: async () => {
      for (const p of [...held]) {
        await leases.release(p)
        held.delete(p)
        forget(p)
      }
      if (slot !== undefined) await leases.release(MEMBER_BASE + slot)
      slot = undefined
    },
  }
}

/** Adds each part's events to `kpi_events_applied` ($1: the network, $2: the parts as JSON). */
export const COUNT_APPLIED_SQL = `INSERT INTO kpi_events_applied (network, partition, events)
SELECT $1::text, (p ->> 'partition')::integer, (p ->> 'events')::bigint
FROM jsonb_array_elements($2::jsonb) AS p
ON CONFLICT (network, partition) DO UPDATE SET events = kpi_events_applied.events + EXCLUDED.events`

/**
 * Counts the events each checkpoint applied, per network and partition, in the checkpoint's
 * transaction — for `kpiWorker`'s `write`. Not idempotent on purpose: summed over a network's
 * partitions it equals the log's length exactly when every event was applied once.
 *
 * @example kpiWorker(session, { write: countEventsApplied })
 */
export const countEventsApplied = async (tx: SqlSession, checkpoint: KpiCheckpoint): Promise<void> => {
  const parts = checkpoint.parts.filter((p) => p.events > 0)
  if (parts.length > 0) await tx.query(COUNT_APPLIED_SQL, [checkpoint.network, JSON.stringify(parts)])
}
