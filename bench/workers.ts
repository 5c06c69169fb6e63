/**
 * KPI workers as OS processes sharing only PostgreSQL (`examples/postgres-workers`): the time
 * for 1, 2 and 4 worker processes to aggregate a 1,000,000-event log from nothing — leases,
 * reads of their partitions, decoding, `kpiAggregate`, and checkpoints of every partial with
 * its position — measured in the same run, with the machine's load average before and after
 * each. Every configuration's merged report is checked against one pass over the same log
 * (and the exactly-once counter against its length): a configuration that got it wrong has no
 * figure.
 *
 *   .ci/with-postgres npm run bench -- --only workers [--workers-events N] [--workers-contacts N]
 *       [--workers-counts 1,2,4] [--workers-partitions 16] [--workers-every N] [--workers-page N] [--workers-runs N]
 *
 * Needs DATABASE_URL (without it, it says so and measures nothing). Works in a schema of its
 * own, dropped at the end. The workers are real processes (node with tsx's loader, as
 * `run-kpi-worker.ts --once --members K`): they start, join, wait for each other, split the
 * partitions, and exit once every partial has read the log. Timed: from the moment the last of
 * them has joined to the last exit. Start-up (node, tsx, the library: seconds on a loaded
 * machine) is reported apart.
 */
import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { cpus, loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import * as E from 'fp-ts/lib/Either.js'
import pg from 'pg'
import { createEventsTable, DEFAULT_NETWORK, pgDatabase, postgresEventStore } from '../examples/postgres-event-store/index.js'
import { createKpiTables, readNetworkKpis, type KpiWorkerStats } from '../examples/postgres-workers/index.js'
import { KpiAccumulator, kpis, type KpiQuery } from '../src/kpi/index.js'
import { generateEventStream } from '../src/testing/index.js'
import { storeEvents } from './pg-catchup.js'
import { fmt, nowMs, summarize, type Summary } from './stats.js'

const ROOT = fileURLToPath(new URL('../', import.meta.url))

/** One configuration's runs. */
export interface WorkersRun {
  readonly workers: number
  /** From the last worker joining to the last exit (ms), per run. */
  readonly catchUpMs: readonly number[]
  readonly catchUpSummary: Summary
  /** From spawning the processes to the last one joining (ms), per run. */
  readonly startUpMs: readonly number[]
  readonly eventsPerSecond: number
  /** 1-worker time / this time (medians). */
  readonly speedup: number
  /** Load average (1 min) before and after each run. */
  readonly load: ReadonlyArray<readonly [number, number]>
  /** The workers' own accounts (last run), summed over the workers. */
  readonly stats: KpiWorkerStats
  /** Checkpoints written by the workers (last run). */
  readonly checkpoints: number
}

/** What the workers benchmark measured. */
export interface WorkersResult {
  readonly events: number
  readonly contacts: number
  readonly partitions: number
  readonly checkpointEvery: number
  readonly pageSize: number
  readonly postgres: string
  /** One process reading the log and aggregating it, no leases, no checkpoints (ms): the reference pass. */
  readonly onePassMs: number
  readonly runs: readonly WorkersRun[]
}

const load1 = (): number => Math.round((loadavg()[0] ?? 0) * 100) / 100

interface Spawned {
  readonly out: () => string
  readonly exited: Promise<number>
}

const spawnWorker = (args: readonly string[]): Spawned => {
  const child = spawn(process.execPath, ['--import', 'tsx', `${ROOT}examples/postgres-workers/run-kpi-worker.ts`, ...args], {
    cwd: ROOT,
    env: { ...process.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  let err = ''
  child.stdout.on('data', (d: Buffer) => {
    out += String(d)
  })
  child.stderr.on('data', (d: Buffer) => {
    err += String(d)
  })
  const exited = new Promise<number>((resolve, reject) => {
    child.on('error', reject)
    child.on('exit', (code) => (code === 0 ? resolve(performance.timeOrigin + performance.now()) : reject(new Error(`a worker exited with ${code}: ${err}`))))
  })
  return { out: () => out, exited }
}

const sumStats = (all: readonly KpiWorkerStats[]): KpiWorkerStats => {
  const out: KpiWorkerStats = { events: 0, checkpoints: 0, readMs: 0, decodeMs: 0, aggregateMs: 0, loadMs: 0, encodeMs: 0, commitMs: 0, writtenChars: 0 }
  for (const s of all) for (const k of Object.keys(out) as Array<keyof KpiWorkerStats>) out[k] += s[k]
  return out
}

/** Runs the benchmark against DATABASE_URL; without it, says so and returns `undefined`. */
export const benchWorkers = async (o: {
  events: number
  contacts: number
  partitions: number
  counts: readonly number[]
  every: number
  page: number
  runs: number
  seed: number
}): Promise<WorkersResult | undefined> => {
  const url = process.env['DATABASE_URL']
  if (url === undefined || url === '') {
    console.log('\n## KPI workers: SKIPPED — DATABASE_URL is not set. Run `.ci/with-postgres npm run bench -- --only workers` (a private PostgreSQL server), or set DATABASE_URL.')
    return undefined
  }
  const schema = `touchbase_bench_workers_${randomUUID().replaceAll('-', '')}`
  const admin = new pg.Pool({ connectionString: url, max: 1 })
  await admin.query(`CREATE SCHEMA ${schema}`)
  const pool = new pg.Pool({ connectionString: url, max: 4, options: `-c search_path=${schema}` })
  try {
    const db = pgDatabase(pool)
    const { rows: version } = await db.query<{ v: string }>(`SELECT current_setting('server_version') AS v`)
    await createEventsTable(db)
    await createKpiTables(db)
    console.log(
      `\n## KPI workers: ${fmt(o.events)} events / ${fmt(o.contacts)} contacts in PostgreSQL ${version[0]?.v}, ${o.partitions} partitions, ` +
        `pages of ${fmt(o.page)}, a checkpoint every ${fmt(o.every)} events a worker; worker processes: ${o.counts.join(', ')}`,
    )
    let t = nowMs()
    const events = generateEventStream({ seed: o.seed, contacts: o.contacts, events: o.events })
    await storeEvents(db, events)
    console.log(`generated and stored in ${fmt((nowMs() - t) / 1000, 1)} s`)

    // The reference: one process reading the whole log (the store's pages) into one aggregate.
    const store = postgresEventStore(db)
    t = nowMs()
    const accumulator = new KpiAccumulator()
    for (let from = 1; ; ) {
      const page = await store.readAll({ fromPosition: from, limit: o.page })
      if (page.length === 0) break
      for (const s of page) accumulator.add(s)
      from = (page[page.length - 1]?.position ?? from) + 1
    }
    const reference = accumulator.snapshot()
    const onePassMs = nowMs() - t
    const query: KpiQuery = { now: new Date('2027-01-01T00:00:00Z') }
    const expected = JSON.stringify(kpis(reference, query))
    console.log(`one process, one pass (read + decode + aggregate, no leases, no checkpoints): ${fmt(onePassMs / 1000, 1)} s, ${fmt(o.events / (onePassMs / 1000))} events/s`)

    const lockClass = 0x6b720000 + Math.floor(Math.random() * 0xffff)
    const runs: WorkersRun[] = []
    for (const k of o.counts) {
      const catchUpMs: number[] = []
      const startUpMs: number[] = []
      const loads: Array<readonly [number, number]> = []
      let stats: KpiWorkerStats[] = []
      for (let r = 0; r < o.runs; r++) {
        await db.query('TRUNCATE kpi_partials, kpi_events_applied')
        const before = load1()
        const spawned = performance.timeOrigin + performance.now()
        const workers = Array.from({ length: k }, () =>
          spawnWorker(['--schema', schema, '--lock-class', String(lockClass), '--partitions', String(o.partitions), '--members', String(k), '--every', String(o.every), '--page', String(o.page), '--once']),
        )
        const ends = await Promise.all(workers.map((w) => w.exited))
        const gos = workers.map((w) => Number(/^go (\d+)$/m.exec(w.out())?.[1]))
        if (gos.some((g) => !Number.isFinite(g))) throw new Error('a worker did not say when it started')
        const go = Math.max(...gos)
        const ms = Math.max(...ends) - go
        catchUpMs.push(ms)
        startUpMs.push(go - spawned)
        const after = load1()
        loads.push([before, after])
        stats = workers.map((w) => JSON.parse(/^done (.*)$/m.exec(w.out())?.[1] ?? '{}') as KpiWorkerStats)

        // The equal-work check: the merged partials are the one pass, each event applied once.
        const merged = await readNetworkKpis(db, DEFAULT_NETWORK, { partitions: o.partitions })
        if (E.isLeft(merged)) throw new Error(merged.left.message)
        if (!merged.right.caughtUp) throw new Error(`${k} workers exited before the partials were caught up`)
        if (JSON.stringify(kpis(merged.right.aggregate, query)) !== expected) throw new Error(`${k} workers: the merged report differs from one pass`)
        const { rows } = await db.query<{ n: unknown }>('SELECT sum(events) AS n FROM kpi_events_applied')
        if (Number(rows[0]?.n) !== o.events) throw new Error(`${k} workers applied ${String(rows[0]?.n)} events, not ${o.events}`)
        console.log(`  ${k} worker${k === 1 ? '' : 's'}, run ${r + 1}/${o.runs}: ${fmt(ms / 1000, 1)} s (start-up ${fmt((go - spawned) / 1000, 1)} s; load ${before} → ${after}); report equal to one pass`)
      }
      const summary = summarize(catchUpMs)
      runs.push({
        workers: k,
        catchUpMs,
        catchUpSummary: summary,
        startUpMs,
        eventsPerSecond: o.events / (summary.median / 1000),
        speedup: 1,
        load: loads,
        stats: sumStats(stats),
        checkpoints: stats.reduce((n, s) => n + s.checkpoints, 0),
      })
    }
    const one = runs.find((r) => r.workers === 1) ?? runs[0]
    const withSpeedup = runs.map((r) => ({ ...r, speedup: one === undefined ? 1 : one.catchUpSummary.median / r.catchUpSummary.median }))
    console.log()
    const rows = [
      ['workers', 'catch-up s (median)', 'events/s', 'vs 1 worker', 'load 1-min before → after', 'worker time: read / decode / aggregate / encode / commit s (summed)', 'checkpoints', 'partials written (M chars)'],
      ...withSpeedup.map((r) => [
        String(r.workers),
        fmt(r.catchUpSummary.median / 1000, 1),
        fmt(r.eventsPerSecond),
        `${fmt(r.speedup, 2)}×`,
        r.load.map(([a, b]) => `${a} → ${b}`).join('; '),
        [r.stats.readMs, r.stats.decodeMs, r.stats.aggregateMs, r.stats.encodeMs, r.stats.commitMs].map((x) => fmt(x / 1000, 1)).join(' / '),
        String(r.checkpoints),
        fmt(r.stats.writtenChars / 1e6, 1),
      ]),
    ]
    const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length))) ?? []
    for (const row of rows) console.log(`| ${row.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`)
    console.log(`\none pass in one process, for reference: ${fmt(onePassMs / 1000, 1)} s (load average now ${load1()}; ${cpus().length} cores)`)
    return {
      events: o.events,
      contacts: o.contacts,
      partitions: o.partitions,
      checkpointEvery: o.every,
      pageSize: o.page,
      postgres: version[0]?.v ?? 'unknown',
      onePassMs,
      runs: withSpeedup,
    }
  } finally {
    await pool.end()
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
    await admin.end()
  }
}
