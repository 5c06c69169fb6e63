/**
 * A KPI worker process. Start as many as you like, on any machines: they share only the
 * database. Each takes a member slot, holds leases on its share of the partitions, keeps
 * their partials and checkpoints in `kpi_partials`, and follows the logs (LISTEN/NOTIFY, and a
 * poll that also notices workers that joined or died) until SIGINT or SIGTERM.
 *
 *   DATABASE_URL=postgres://… npx tsx examples/postgres-workers/run-kpi-worker.ts            # follow
 *   DATABASE_URL=postgres://… npx tsx examples/postgres-workers/run-kpi-worker.ts --once     # until every partial is caught up
 *   npx tsx examples/postgres-workers/run-kpi-worker.ts --pglite ./data --once                 # PGlite on disk (one process at a time)
 *
 * Options: --partitions N (default 16; the same for every worker), --lock-class N (the
 * leases' class; one per deployment), --members N (wait until N workers have joined before
 * taking partitions: a fair start), --network NAME (repeatable; default every network),
 * --page N (rows per read, default 2000), --every N (events between checkpoints, default
 * 100000), --poll-ms N (default 1000), --schema S (a server's search_path), --once (exit when
 * every partition of every network has read the logs as they were when it started).
 *
 * Prints `ready <slot>`, `go <epoch ms>` once it takes partitions, `holds <partitions>` when
 * they change, one `checkpoint …` line per checkpoint, and on exit `done <JSON stats>`. Killed
 * at any moment, it loses what it read since its last checkpoint: the next owner of each of
 * its partitions reads that again, once.
 */
import { parseArgs } from 'node:util'
import * as E from 'fp-ts/lib/Either.js'
import { createEventsTable, listenForAppends, pgliteDatabase, pgSessionDatabase, type SqlDatabase } from '../postgres-event-store/index.js'
import { kpiProgress } from './report.js'
import { countEventsApplied, createKpiTables, kpiWorker, KPI_WORKER_SQL, type KpiCheckpoint } from './worker.js'

const { values: opts } = parseArgs({
  options: {
    partitions: { type: 'string', default: '16' },
    'lock-class': { type: 'string' },
    members: { type: 'string', default: '1' },
    network: { type: 'string', multiple: true },
    page: { type: 'string', default: '2000' },
    every: { type: 'string', default: '100000' },
    'poll-ms': { type: 'string', default: '1000' },
    schema: { type: 'string' },
    pglite: { type: 'string' },
    once: { type: 'boolean', default: false },
  },
})

const positive = (name: string, s: string | undefined): number => {
  const n = Number(s)
  if (!Number.isSafeInteger(n) || n < 0) {
    console.error(`--${name} must be an integer ≥ 0, got ${JSON.stringify(s)}`)
    process.exit(2)
  }
  return n
}
const partitions = positive('partitions', opts.partitions)
const members = positive('members', opts.members)
const pollMs = positive('poll-ms', opts['poll-ms'])

const open = async (): Promise<{ db: SqlDatabase; close: () => Promise<void> }> => {
  const url = process.env['DATABASE_URL']
  if (opts.pglite === undefined && url !== undefined && url !== '') {
    const { default: pg } = await import('pg')
    const client = new pg.Client({ connectionString: url, application_name: 'touchbase-kpi-worker', ...(opts.schema === undefined ? {} : { options: `-c search_path=${opts.schema}` }) })
    await client.connect()
    return { db: pgSessionDatabase(client), close: () => client.end() }
  }
  const { PGlite } = await import('@electric-sql/pglite')
  const pglite = await PGlite.create(opts.pglite)
  return { db: pgliteDatabase(pglite), close: () => pglite.close() }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))
const controller = new AbortController()
for (const s of ['SIGINT', 'SIGTERM'] as const) process.once(s, () => controller.abort())

const { db, close } = await open()
try {
  await createEventsTable(db)
  await createKpiTables(db)
  const log = (c: KpiCheckpoint): void => {
    console.log(`checkpoint ${c.network} ${c.parts.map((p) => `${p.partition}:${p.from}->${p.through}(+${p.events})`).join(' ')}`)
  }
  const worker = kpiWorker(db, {
    partitions,
    ...(opts['lock-class'] === undefined ? {} : { lockClass: positive('lock-class', opts['lock-class']) }),
    ...(opts.network === undefined ? {} : { networks: opts.network }),
    pageSize: positive('page', opts.page),
    checkpointEvery: positive('every', opts.every),
    write: countEventsApplied,
    onCheckpoint: log,
  })
  console.log(`ready ${await worker.join()}`)
  while (members > 1 && (await worker.members()).length < members && !controller.signal.aborted) await sleep(20)
  console.log(`go ${Math.round(performance.timeOrigin + performance.now())}`)

  // Each network's log as it is now: with --once, the worker stops when every partition has read it.
  const networks = opts.network ?? (await db.query<{ network: unknown }>(KPI_WORKER_SQL.networks)).rows.map((r) => String(r.network))
  const targets = new Map<string, number>()
  for (const network of networks) targets.set(network, Number((await db.query<{ last: unknown }>(KPI_WORKER_SQL.last, [network])).rows[0]?.last ?? 0))
  const done = async (): Promise<boolean> => {
    const progress = new Map((await kpiProgress(db, partitions)).map((p) => [p.network, p]))
    return [...targets].every(([network, last]) => {
      const p = progress.get(network)
      return last === 0 || (p !== undefined && p.partials === partitions && p.through >= last)
    })
  }

  let holding = ''
  /** Rebalances and catches up, a checkpoint's worth at a time, until caught up. */
  const step = async (): Promise<void> => {
    for (;;) {
      const { held } = await worker.rebalance()
      if (held.join(',') !== holding) {
        holding = held.join(',')
        console.log(`holds ${holding === '' ? '(none)' : holding}`)
      }
      const r = await worker.catchUp({ maxEvents: positive('every', opts.every) })
      if (E.isLeft(r)) {
        console.log(`refused ${r.left._tag}: ${r.left.message}`)
        // Another worker writes the partition: it was given up; anything else needs a person.
        if (r.left._tag !== 'checkpoint-conflict') throw new Error(r.left.message)
        continue
      }
      if (r.right.caughtUp || controller.signal.aborted) return
    }
  }

  if (opts.once) {
    while (!controller.signal.aborted) {
      await step()
      if (await done()) break
      // Other workers are still reading theirs; if one dies, its partitions come to the survivors.
      await sleep(Math.min(pollMs, 50))
    }
  } else {
    await step()
    for await (const _ of listenForAppends(db, { pollMs, signal: controller.signal })) await step()
  }
  console.log(`done ${JSON.stringify({ ...worker.stats, held: worker.held() })}`)
  await worker.leave()
} finally {
  await close()
}
