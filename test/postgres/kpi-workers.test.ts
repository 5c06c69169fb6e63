/**
 * The KPI workers of examples/postgres-workers, in process: on PGlite (one session) the
 * partials, their checkpoints, the readers and their errors, and the checkpoint's condition
 * that refuses a second writer; on a PostgreSQL server (DATABASE_URL) the leases between real
 * sessions — members, a fair split, a takeover when a session dies — and the per-network lock
 * of appends. The processes killed mid-run are in kpi-workers-faults.test.ts.
 */
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { isDeepStrictEqual } from 'node:util'
import * as E from 'fp-ts/lib/Either.js'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  connect,
  DEFAULT_LOCK_KEY,
  pgDatabase,
  pgSessionDatabase,
  postgresEventStore,
  SQL,
  type Connected,
  type SqlDatabase,
} from '../../examples/postgres-event-store/index.js'
import {
  countEventsApplied,
  createKpiTables,
  kpiProgress,
  kpiWorker,
  readNetworkKpis,
  readTeamKpis,
  streamPartition,
  wantedPartitions,
  type KpiWorker,
} from '../../examples/postgres-workers/index.js'
import { concatAll } from 'fp-ts/lib/Monoid.js'
import { contactStreamId, encodeEvent, kpiAggregate, kpiMonoid, kpis, namespaceKpiAggregate, streamIdOf, type KpiQuery, type RelationshipEvent } from '../../src/index.js'
import { generateEventStream } from '../../src/testing/index.js'
import { BOOT_TIMEOUT, isolatedCases, rated, TIMEOUT } from './support.js'

const query: KpiQuery = { now: new Date('2027-01-01T00:00:00Z'), ids: true }

/** Two networks generated alike: both have contacts c0, c1, … and events e0, e1, … */
const NORTH = generateEventStream({ seed: 11, contacts: 40, events: 2_400 })
const SOUTH = generateEventStream({ seed: 12, contacts: 40, events: 1_600 })

/** Appends events to a network the way the store does, a batch a statement (fast; the store's own insert). */
const load = async (db: SqlDatabase, network: string, events: readonly RelationshipEvent[]): Promise<void> => {
  const store = postgresEventStore(db, { network })
  const [last] = (await db.query<{ last: unknown }>('SELECT coalesce(max(position), 0) AS last FROM events WHERE network = $1', [network])).rows
  const versions = new Map<string, number>()
  for (const s of await store.readAll()) versions.set(s.streamId, s.streamVersion)
  const rows = events.map((e) => {
    const streamId = streamIdOf(e)
    const streamVersion = (versions.get(streamId) ?? 0) + 1
    versions.set(streamId, streamVersion)
    return { streamId, streamVersion, event: encodeEvent(e) }
  })
  await db.query(SQL.insert, [network, Number(last?.last ?? 0), JSON.stringify(rows)])
}

const applied = async (db: SqlDatabase, network: string): Promise<number> =>
  Number((await db.query<{ n: unknown }>('SELECT coalesce(sum(events), 0) AS n FROM kpi_events_applied WHERE network = $1', [network])).rows[0]?.n)

/** The checks of a network's partials against one pass over its stored log. */
const expectOnePass = async (db: SqlDatabase, network: string, partitions: number): Promise<void> => {
  const r = await readNetworkKpis(db, network, { partitions })
  if (E.isLeft(r)) throw new Error(r.left.message)
  const log = await postgresEventStore(db, { network }).readAll()
  expect(r.right.caughtUp).toBe(true)
  expect(r.right.missing).toEqual([])
  expect(r.right.last).toBe(log.length)
  expect(isDeepStrictEqual(r.right.aggregate, kpiAggregate(log))).toBe(true)
  expect(kpis(r.right.aggregate, query)).toStrictEqual(kpis(kpiAggregate(log), query))
  expect(await applied(db, network)).toBe(log.length)
}

const caughtUp = async (worker: KpiWorker): Promise<void> => {
  const r = await worker.catchUp()
  if (E.isLeft(r)) throw new Error(r.left.message)
  expect(r.right.caughtUp).toBe(true)
}

let pglite: Connected | undefined
beforeAll(async () => {
  pglite = await connect()
}, BOOT_TIMEOUT)
const cases = isolatedCases(() => {
  if (pglite === undefined) throw new Error('PGlite did not start (see the beforeAll hook)')
  return pglite.db
})
afterAll(async () => {
  try {
    await cases.end()
  } finally {
    await pglite?.close()
  }
}, TIMEOUT)

const fresh = async (): Promise<SqlDatabase> => {
  const db = await cases.fresh()
  await createKpiTables(db)
  return db
}

describe('KPI workers on PGlite', () => {
  it('one worker keeps a partial and its checkpoint per network and partition; each network merges into its one-pass report, the team into the namespaced one', async () => {
    const db = await fresh()
    await load(db, 'north', NORTH.slice(0, 1_500))
    await load(db, 'south', SOUTH)
    const worker = kpiWorker(db, { partitions: 8, pageSize: 200, checkpointEvery: 500, write: countEventsApplied })
    expect(await worker.join()).toBe(0)
    expect((await worker.rebalance()).held).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
    await caughtUp(worker)
    await expectOnePass(db, 'north', 8)
    await expectOnePass(db, 'south', 8)

    // More events: only they are read.
    await load(db, 'north', NORTH.slice(1_500))
    const before = { ...worker.stats }
    await caughtUp(worker)
    expect(worker.stats.events - before.events).toBe(NORTH.length - 1_500)
    await expectOnePass(db, 'north', 8)

    // Each stream is in the partition its stream id hashes to (the same function in SQL and here).
    const { rows } = await db.query<{ stream_id: string; p: unknown }>('SELECT DISTINCT stream_id, stream_hash % 8 AS p FROM events')
    for (const row of rows) expect(streamPartition(row.stream_id, 8)).toBe(Number(row.p))

    // The team: both networks' c0 stay two contacts.
    const team = await readTeamKpis(db, ['north', 'south'], { partitions: 8 })
    if (E.isLeft(team)) throw new Error(team.left.message)
    const north = kpiAggregate(await postgresEventStore(db, { network: 'north' }).readAll())
    const south = kpiAggregate(await postgresEventStore(db, { network: 'south' }).readAll())
    expect(team.right.aggregate.streams.size).toBe(north.streams.size + south.streams.size)
    const expected = kpis(concatAll(kpiMonoid)([namespaceKpiAggregate(north, 'north'), namespaceKpiAggregate(south, 'south')]), query)
    expect(kpis(team.right.aggregate, query)).toStrictEqual(expected)
    expect(expected.referralsReceived.total).toBe(kpis(north, query).referralsReceived.total + kpis(south, query).referralsReceived.total)
    // Merged without namespaces, the networks would conflate.
    expect(concatAll(kpiMonoid)([north, south]).streams.size).toBeLessThan(north.streams.size + south.streams.size)
    expect(await kpiProgress(db, 8)).toEqual([
      { network: 'north', through: NORTH.length, partials: 8, last: NORTH.length },
      { network: 'south', through: SOUTH.length, partials: 8, last: SOUTH.length },
    ])
  }, TIMEOUT)

  it('a restarted worker reads on from the checkpoints; a worker whose checkpoint was moved by another is refused, writes nothing, and gives the partition up', async () => {
    const db = await fresh()
    await load(db, 'north', NORTH.slice(0, 1_000))
    const first = kpiWorker(db, { partitions: 4, pageSize: 100, checkpointEvery: 300, write: countEventsApplied, id: 'first' })
    await first.join()
    await first.rebalance()
    await caughtUp(first)

    // PGlite is one session, so both "hold" every lease (advisory locks are re-entrant within
    // a session): the checkpoint's condition is what stops the stale one.
    const second = kpiWorker(db, { partitions: 4, pageSize: 100, checkpointEvery: 300, write: countEventsApplied, id: 'second' })
    await second.join()
    await second.rebalance()
    await load(db, 'north', NORTH.slice(1_000, 2_000))
    await caughtUp(second)
    expect(second.stats.events).toBe(1_000)
    await expectOnePass(db, 'north', 4)

    await load(db, 'north', NORTH.slice(2_000))
    const stale = await first.catchUp()
    expect(E.isLeft(stale) && stale.left._tag).toBe('checkpoint-conflict')
    expect(first.held()).toHaveLength(3)
    // Nothing of the stale worker's was written: the partials are still the second's.
    const r = await readNetworkKpis(db, 'north', { partitions: 4 })
    expect(E.isRight(r) && r.right.partials.every((p) => p.through === 2_000 && p.writtenBy === 'second')).toBe(true)
    expect(await applied(db, 'north')).toBe(2_000)
    await caughtUp(second)
    await expectOnePass(db, 'north', 4)
  }, TIMEOUT)

  it('known faults are values: another partition count, a partial that does not decode, partials that share a stream', async () => {
    const db = await fresh()
    await load(db, 'north', NORTH.slice(0, 600))
    const worker = kpiWorker(db, { partitions: 4, write: countEventsApplied })
    await worker.join()
    await worker.rebalance()
    await caughtUp(worker)

    const other = kpiWorker(db, { partitions: 8 })
    await other.join()
    await other.rebalance()
    expect(await other.catchUp()).toMatchObject({ _tag: 'Left', left: { _tag: 'partition-count-mismatch', stored: 4, configured: 8 } })
    expect(await readNetworkKpis(db, 'north', { partitions: 8 })).toMatchObject({ _tag: 'Left', left: { _tag: 'partition-count-mismatch', stored: 4, expected: 8 } })

    // A partial copied over another: its streams are in two partials.
    await db.query(`UPDATE kpi_partials SET aggregate = (SELECT aggregate FROM kpi_partials WHERE network = 'north' AND partition = 1) WHERE network = 'north' AND partition = 2`)
    expect(await readNetworkKpis(db, 'north', { partitions: 4 })).toMatchObject({ _tag: 'Left', left: { _tag: 'overlapping-partials' } })
    await db.query(`UPDATE kpi_partials SET aggregate = '{"format":"touchbase/kpi-aggregate","version":99}' WHERE network = 'north' AND partition = 2`)
    expect(await readNetworkKpis(db, 'north', { partitions: 4 })).toMatchObject({ _tag: 'Left', left: { _tag: 'undecodable-partial', partition: 2 } })
    // The worker that must continue it says so too (once it has an event of that partition to apply).
    const restarted = kpiWorker(db, { partitions: 4 })
    await restarted.join()
    await restarted.rebalance()
    await load(db, 'north', NORTH.slice(600))
    expect(await restarted.catchUp()).toMatchObject({ _tag: 'Left', left: { _tag: 'undecodable-partial', partition: 2 } })

    // A network nobody has aggregated yet: no partials, not caught up.
    await load(db, 'west', SOUTH.slice(0, 10))
    const west = await readNetworkKpis(db, 'west', { partitions: 4 })
    expect(E.isRight(west) && [west.right.missing, west.right.caughtUp, west.right.last]).toEqual([[0, 1, 2, 3], false, 10])
  }, TIMEOUT)

  it('README.md shows schema.sql word for word', () => {
    const schema = readFileSync(new URL('../../examples/postgres-workers/schema.sql', import.meta.url), 'utf8')
    const readme = readFileSync(new URL('../../examples/postgres-workers/README.md', import.meta.url), 'utf8')
    expect(readme).toContain(`\`\`\`sql\n${schema.trimEnd()}\n\`\`\``)
  })

  it('splits the partitions by rank among the live workers', () => {
    expect(wantedPartitions(8, 3, 0)).toEqual([0, 3, 6])
    expect(wantedPartitions(8, 3, 2)).toEqual([2, 5])
    for (const n of [1, 2, 3, 5]) {
      const all = Array.from({ length: n }, (_, r) => wantedPartitions(16, n, r)).flat()
      expect(all.sort((a, b) => a - b)).toEqual(Array.from({ length: 16 }, (_, p) => p))
    }
  })
})

// ------------------------------------------------------------------------------------------
// On a server: real sessions.

const url = process.env['DATABASE_URL']
const skip = url === undefined || url === ''
const ci = ['true', '1'].includes((process.env['CI'] ?? '').toLowerCase())
const schema = `touchbase_kpiw_${randomUUID().replaceAll('-', '')}`
// A lock class of this file's own: other test files may run workers in the same database at once.
const lockClass = 0x6b700000 + Math.floor(Math.random() * 0xffff)

if (skip && ci) {
  describe('KPI workers on a PostgreSQL server', () => {
    it('run under CI=true: DATABASE_URL must be set', () => {
      throw new Error('CI=true, but DATABASE_URL is not set: the KPI workers server tests cannot run, and CI must not skip them. Run npm test through .ci/with-postgres.')
    })
  })
} else if (skip) {
  describe('KPI workers on a PostgreSQL server', () => {
    it.skip('skipped: DATABASE_URL is not set (run them with .ci/with-postgres npx vitest run test/postgres)', () => {})
  })
}

let admin: pg.Pool | undefined
const clients: pg.Client[] = []
const session = async (): Promise<{ db: SqlDatabase; client: pg.Client }> => {
  const client = new pg.Client({ connectionString: url, application_name: 'touchbase-kpi-test', options: `-c search_path=${schema}` })
  client.on('error', () => {})
  await client.connect()
  clients.push(client)
  return { db: pgSessionDatabase(client), client }
}

describe.skipIf(skip)('KPI workers on a PostgreSQL server', () => {
  beforeAll(async () => {
    admin = new pg.Pool({ connectionString: url, max: 4, options: `-c search_path=${schema}` })
    await admin.query(`CREATE SCHEMA ${schema}`)
    const db = pgDatabase(admin)
    const { createEventsTable } = await import('../../examples/postgres-event-store/index.js')
    await createEventsTable(db)
    await createKpiTables(db)
  }, TIMEOUT)
  afterAll(async () => {
    for (const c of clients) await c.end().catch(() => undefined)
    await admin?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
    await admin?.end()
  }, TIMEOUT)

  /** Which session holds each partition lock of the class, from pg_locks. */
  const holders = async (): Promise<Map<number, number[]>> => {
    const { rows } = await (admin as pg.Pool).query<{ partition: string; pid: number }>(
      `SELECT objid::bigint AS partition, pid FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 2 AND granted AND classid::bigint = $1 AND objid::bigint < 1000000`,
      [lockClass],
    )
    const out = new Map<number, number[]>()
    for (const r of rows) out.set(Number(r.partition), [...(out.get(Number(r.partition)) ?? []), r.pid])
    return out
  }

  it('workers on separate sessions split the partitions; when one session dies the others take its partitions over, and the partials equal one pass', async () => {
    const db = pgDatabase(admin as pg.Pool)
    await load(db, 'north', NORTH)
    await load(db, 'south', SOUTH)
    const sessions = await Promise.all([session(), session(), session()])
    const workers = sessions.map((s) => kpiWorker(s.db, { partitions: 8, lockClass, pageSize: 150, checkpointEvery: 400, write: countEventsApplied }))
    const slots: number[] = []
    for (const w of workers) slots.push(await w.join())
    expect(slots).toEqual([0, 1, 2])
    expect(await workers[0]?.members()).toEqual([0, 1, 2])
    for (const w of workers) await w.rebalance()
    expect(workers.map((w) => w.held())).toEqual([
      [0, 3, 6],
      [1, 4, 7],
      [2, 5],
    ])
    // No partition is held by two sessions.
    expect([...(await holders()).values()].every((pids) => pids.length === 1)).toBe(true)

    // Worker 1 reads part of its share, then its session dies (as with kill -9: no unlock).
    const r1 = await workers[1]?.catchUp({ maxEvents: 300 })
    expect(E.isRight(r1!) && r1.right.caughtUp).toBe(false)
    const [, victim] = sessions
    await (admin as pg.Pool).query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid = $1', [(victim?.client as unknown as { processID: number }).processID])
    for (let tries = 0; (await holders()).get(1) !== undefined; tries++) {
      if (tries > 100) throw new Error('the dead session still holds its locks')
      await new Promise((r) => setTimeout(r, 50))
    }
    const survivors = [workers[0], workers[2]] as KpiWorker[]
    expect(await survivors[0]?.members()).toEqual([0, 2])
    // Two rounds: a partition one survivor gives up may be wanted by the other, which asked first.
    for (let round = 0; round < 2; round++) for (const w of survivors) await w.rebalance()
    expect(survivors.map((w) => w.held())).toEqual([
      [0, 2, 4, 6],
      [1, 3, 5, 7],
    ])
    for (const w of survivors) await caughtUp(w)
    expect([...(await holders()).values()].every((pids) => pids.length === 1)).toBe(true)
    await expectOnePass(db, 'north', 8)
    await expectOnePass(db, 'south', 8)
    const team = await readTeamKpis(db, ['north', 'south'], { partitions: 8 })
    expect(E.isRight(team) && team.right.caughtUp).toBe(true)

    // A worker that leaves gives its partitions up; one that joins gets a share.
    await survivors[1]?.leave()
    expect(await survivors[0]?.members()).toEqual([0])
    expect((await survivors[0]?.rebalance())?.held).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
  }, TIMEOUT)

  it('appends of one network never wait for another network\'s lock', async () => {
    const db = pgDatabase(admin as pg.Pool)
    const sleep = (ms: number) => new Promise<'waited'>((r) => setTimeout(() => r('waited'), ms))
    const holder = await (admin as pg.Pool).connect()
    let other: Promise<unknown> | undefined
    let own: Promise<unknown> | undefined
    try {
      await holder.query('BEGIN')
      await holder.query(SQL.lock, ['lock-a', DEFAULT_LOCK_KEY])
      // Another network appends while lock-a's lock is held; lock-a's own append waits for it.
      other = postgresEventStore(db, { network: 'lock-b' }).append(contactStreamId('c1'), [rated('lb/1', 'c1')], 'any')
      own = postgresEventStore(db, { network: 'lock-a' }).append(contactStreamId('c1'), [rated('la/1', 'c1')], 'any')
      expect(await Promise.race([other.then(() => 'appended'), sleep(10_000)])).toBe('appended')
      expect(await Promise.race([own.then(() => 'appended'), sleep(500)])).toBe('waited')
    } finally {
      await holder.query('COMMIT')
      holder.release()
      await Promise.allSettled([other, own])
    }
    expect((await own) as unknown).toMatchObject({ _tag: 'Right' })
  }, TIMEOUT)
})
