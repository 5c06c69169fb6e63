/**
 * Catch-up from PostgreSQL (issue 12): a projection runner reading 1,000,000 stored events
 * from the example store, decoding and folding them (`networkProjection`), against a bare
 * `SELECT` that pages through the same rows the same way and does nothing with them — in the
 * same run, alternating. Reported: both in events/s, and the catch-up's throughput as a share
 * of the bare reads' (what decoding and folding cost on top of the database and the driver).
 * Also: a restart from the snapshot the runner stores, against that catch-up.
 *
 *   .ci/with-postgres npm run bench -- --only pg-catchup [--pg-events N] [--pg-contacts N] [--pg-runs N]
 *
 * Needs DATABASE_URL. Works in a schema of its own, dropped at the end. The events are
 * generated (`generateEventStream`) and written with the store's own insert statement, in
 * their order, 10,000 rows a statement.
 */
import { randomUUID } from 'node:crypto'
import * as E from 'fp-ts/lib/Either.js'
import pg from 'pg'
import { CHECKPOINT_SQL, createEventsTable, DEFAULT_NETWORK, pgDatabase, postgresCheckpointStore, postgresEventStore, SQL, type SqlDatabase } from '../examples/postgres-event-store/index.js'
import { encodeEvent, type RelationshipEvent } from '../src/events/index.js'
import { networkProjection, projectionRunner, type CheckpointStore } from '../src/projections/index.js'
import { restoreSnapshot } from '../src/snapshots/index.js'
import type { NetworkState } from '../src/state/index.js'
import { streamIdOf } from '../src/store/index.js'
import { generateEventStream } from '../src/testing/index.js'
import { collectGarbage, fmt, nowMs, summarize, type Summary } from './stats.js'

/** What the catch-up benchmark measured. */
/**
 * Writes generated events into an empty `events` table in batches of 10,000 rows, each stream's
 * versions counted from 1, and refreshes the planner's statistics (shared with bench/workers.ts).
 */
export const storeEvents = async (db: SqlDatabase, events: readonly RelationshipEvent[]): Promise<void> => {
  const versions = new Map<string, number>()
  for (let i = 0; i < events.length; i += 10_000) {
    const rows = events.slice(i, i + 10_000).map((e) => {
      const streamId = streamIdOf(e)
      const streamVersion = (versions.get(streamId) ?? 0) + 1
      versions.set(streamId, streamVersion)
      return { streamId, streamVersion, event: encodeEvent(e) }
    })
    await db.query(SQL.insert, [DEFAULT_NETWORK, i, JSON.stringify(rows)])
  }
  await db.query('ANALYZE events')
}

export interface PgCatchUpResult {
  readonly events: number
  readonly contacts: number
  readonly pageSize: number
  readonly postgres: string
  /** Paging through the rows with the store's read statement, nothing done with them. */
  readonly bareSelectMs: Summary
  /** The runner's catch-up from position 0: read, decode, fold. */
  readonly catchUpMs: Summary
  /** Reading the stored snapshot's row and restoring it. */
  readonly restoreFromSnapshotMs: Summary
  readonly snapshotChars: number
  /** Catch-up events/s (median). */
  readonly eventsPerSecond: number
  readonly bareEventsPerSecond: number
  /** Catch-up throughput / bare-select throughput (medians). */
  readonly ratio: number
}

/** A checkpoint store that keeps nothing: the catch-up is timed without its saves. */
const nowhere: CheckpointStore<NetworkState> = { load: async () => undefined, save: async () => 'saved' }

/** Runs the benchmark against DATABASE_URL. */
export const benchPgCatchUp = async (o: { events: number; contacts: number; runs: number; seed: number; pageSize?: number }): Promise<PgCatchUpResult> => {
  const url = process.env['DATABASE_URL']
  if (url === undefined || url === '') throw new Error('pg-catchup needs DATABASE_URL: run it as `.ci/with-postgres npm run bench -- --only pg-catchup`')
  const pageSize = o.pageSize ?? 1000
  const schema = `touchbase_bench_${randomUUID().replaceAll('-', '')}`
  const admin = new pg.Pool({ connectionString: url, max: 1 })
  await admin.query(`CREATE SCHEMA ${schema}`)
  const pool = new pg.Pool({ connectionString: url, max: 4, options: `-c search_path=${schema}` })
  try {
    const db = pgDatabase(pool)
    const { rows: version } = await db.query<{ v: string }>(`SELECT current_setting('server_version') AS v`)
    await createEventsTable(db)
    console.log(`\n## catch-up from PostgreSQL ${version[0]?.v}: ${fmt(o.events)} events / ${fmt(o.contacts)} contacts, pages of ${fmt(pageSize)}`)

    let t = nowMs()
    const events = generateEventStream({ seed: o.seed, contacts: o.contacts, events: o.events })
    console.log(`generated in ${fmt((nowMs() - t) / 1000, 1)} s`)
    t = nowMs()
    await storeEvents(db, events)
    console.log(`stored in ${fmt((nowMs() - t) / 1000, 1)} s`)

    const store = postgresEventStore(db)
    const bare = async (): Promise<number> => {
      let n = 0
      for (let from = 1; ; ) {
        const { rows } = await db.query<{ position: unknown }>(SQL.readAll, [DEFAULT_NETWORK, from, pageSize])
        if (rows.length === 0) return n
        n += rows.length
        from = Number((rows[rows.length - 1] as { position: unknown }).position) + 1
      }
    }
    const catchUp = async (): Promise<number> => {
      const r = await projectionRunner({ store, projection: networkProjection, checkpoints: nowhere, pageSize, checkpointEvery: Number.MAX_SAFE_INTEGER }).catchUp()
      if (E.isLeft(r)) throw new Error(r.left.message)
      return r.right.applied
    }
    // The snapshot a runner stores at the end of its catch-up, for the restart below.
    const saved = await projectionRunner({ store, projection: networkProjection, checkpoints: postgresCheckpointStore(db), pageSize, checkpointEvery: Number.MAX_SAFE_INTEGER }).catchUp()
    if (E.isLeft(saved)) throw new Error(saved.left.message)
    let snapshotChars = 0
    const restore = async (): Promise<number> => {
      const { rows } = await db.query<{ position: unknown; data: string }>(CHECKPOINT_SQL.load, [DEFAULT_NETWORK, networkProjection.name])
      snapshotChars = rows[0]?.data.length ?? 0
      const r = restoreSnapshot(rows[0]?.data)
      if (E.isLeft(r)) throw new Error(r.left.message)
      return r.right.state.eventCount
    }

    const subjects = { bare, catchUp, restore }
    type Name = keyof typeof subjects
    const names: Name[] = ['bare', 'catchUp', 'restore']
    const times: Record<Name, number[]> = { bare: [], catchUp: [], restore: [] }
    let sink = 0
    for (let r = -1; r < o.runs; r++) {
      for (const n of r % 2 === 0 ? names : [...names].reverse()) {
        collectGarbage()
        const t0 = nowMs()
        sink += await subjects[n]()
        const ms = nowMs() - t0
        // Run -1 warms up (the table's pages into the cache, the code into the JIT).
        if (r >= 0) {
          times[n].push(ms)
          console.log(`  run ${r + 1}/${o.runs}: ${n} ${fmt(ms)} ms`)
        }
      }
    }
    if (sink < 0) throw new Error('unreachable')
    const [bareSelectMs, catchUpMs, restoreFromSnapshotMs] = [summarize(times.bare), summarize(times.catchUp), summarize(times.restore)]
    const eventsPerSecond = o.events / (catchUpMs.median / 1000)
    const bareEventsPerSecond = o.events / (bareSelectMs.median / 1000)
    const result: PgCatchUpResult = {
      events: o.events,
      contacts: o.contacts,
      pageSize,
      postgres: version[0]?.v ?? 'unknown',
      bareSelectMs,
      catchUpMs,
      restoreFromSnapshotMs,
      snapshotChars,
      eventsPerSecond,
      bareEventsPerSecond,
      ratio: eventsPerSecond / bareEventsPerSecond,
    }
    console.log(
      `\nbare SELECT ${fmt(bareEventsPerSecond)} events/s; catch-up (read + decode + fold) ${fmt(eventsPerSecond)} events/s = ${fmt(result.ratio * 100, 1)}% of it; ` +
        `a restart from the stored snapshot (${fmt(snapshotChars / 1e6, 1)} M chars) takes ${fmt(restoreFromSnapshotMs.median)} ms against ${fmt(catchUpMs.median)} ms to catch up (${fmt(catchUpMs.median / restoreFromSnapshotMs.median, 1)}×)`,
    )
    return result
  } finally {
    await pool.end()
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
    await admin.end()
  }
}
