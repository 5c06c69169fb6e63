/**
 * A projection process: keeps the network's snapshot and the `contact_summaries` read model
 * up to date with the log, each checkpoint in one transaction with them. It catches up from
 * its checkpoint (no refold after a restart), then follows the log on every append's
 * notification (and a poll every 5 s), until SIGINT or SIGTERM.
 *
 *   npx tsx examples/postgres-event-store/run-projections.ts                  # DATABASE_URL, or an in-memory PGlite
 *   npx tsx examples/postgres-event-store/run-projections.ts --once           # catch up, then exit
 *   npx tsx examples/postgres-event-store/run-projections.ts --pglite ./data  # PGlite on disk
 *
 * Options: --network N (the network whose log it follows, default `default`), --page N (events
 * per read, default 1000), --every N (events between checkpoints, default 10000), --schema S
 * (a server's search_path), --once. Prints one line per catch-up.
 * Killed at any moment, it loses at most what it applied since its last checkpoint — which
 * the next run reads and applies again, once.
 */
import { parseArgs } from 'node:util'
import * as E from 'fp-ts/lib/Either.js'
import { postgresCheckpointStore } from './checkpoints.js'
import { createEventsTable, DEFAULT_NETWORK, postgresEventStore } from './event-store.js'
import { listenForAppends } from './listen.js'
import { createReadModel, writeContactSummaries } from './read-model.js'
import { pgDatabase, pgliteDatabase, type SqlDatabase } from './sql.js'
import { networkProjection, projectionRunner } from './touchbase.js'

const { values: opts } = parseArgs({
  options: {
    pglite: { type: 'string' },
    network: { type: 'string', default: DEFAULT_NETWORK },
    schema: { type: 'string' },
    page: { type: 'string', default: '1000' },
    every: { type: 'string', default: '10000' },
    once: { type: 'boolean', default: false },
  },
})

const open = async (): Promise<{ db: SqlDatabase; close: () => Promise<void> }> => {
  const url = process.env['DATABASE_URL']
  if (opts.pglite === undefined && url !== undefined && url !== '') {
    const { default: pg } = await import('pg')
    const pool = new pg.Pool({ connectionString: url, max: 4, ...(opts.schema === undefined ? {} : { options: `-c search_path=${opts.schema}` }) })
    return { db: pgDatabase(pool), close: () => pool.end() }
  }
  const { PGlite } = await import('@electric-sql/pglite')
  const pglite = await PGlite.create(opts.pglite)
  return { db: pgliteDatabase(pglite), close: () => pglite.close() }
}

const { db, close } = await open()
const controller = new AbortController()
for (const s of ['SIGINT', 'SIGTERM'] as const) process.once(s, () => controller.abort())
try {
  await createEventsTable(db)
  await createReadModel(db)
  const runner = projectionRunner({
    store: postgresEventStore(db, { network: opts.network }),
    projection: networkProjection,
    checkpoints: postgresCheckpointStore(db, { network: opts.network, write: writeContactSummaries }),
    pageSize: Number(opts.page),
    checkpointEvery: Number(opts.every),
  })
  console.log('ready')
  const report = (r: Awaited<ReturnType<typeof runner.catchUp>>): void => {
    if (E.isLeft(r)) throw new Error(`${r.left.code}: ${r.left.message}`)
    console.log(`caught up to ${r.right.position} (applied ${r.right.applied}, checkpoints ${r.right.checkpoints}, resumed from ${r.right.resumedFrom})`)
  }
  report(await runner.catchUp())
  // Live: a catch-up on every wake-up (runner.follow does the same, reporting only the last).
  if (!opts.once) for await (const _ of listenForAppends(db, { network: opts.network, signal: controller.signal })) report(await runner.catchUp())
} finally {
  await close()
}
