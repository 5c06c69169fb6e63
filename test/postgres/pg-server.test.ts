/**
 * The PostgreSQL example adapter against a real server through `pg`, at DATABASE_URL. One
 * command starts a private server for them and runs them (it needs PostgreSQL installed):
 *
 *   .ci/with-postgres npx vitest run test/postgres
 *
 * or, against a server of your own:
 *
 *   DATABASE_URL=postgres://user:password@127.0.0.1:5432/db npx vitest run test/postgres
 *
 * Without DATABASE_URL they are skipped, saying so — except under CI=true, where that is a
 * failure: CI runs them against the server `.ci/with-postgres` starts, never skips them.
 * Everything runs in a schema of its own, dropped at the end, so the database DATABASE_URL
 * names is left as it was.
 *
 * Here appends really run on several connections at once, so the lock, the isolation level
 * and the safety net meet real concurrency, and connections can really die.
 */
import { randomUUID } from 'node:crypto'
import * as E from 'fp-ts/lib/Either.js'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connect, DEFAULT_LOCK_KEY, DEFAULT_NETWORK, pgDatabase, postgresEventStore, SQL } from '../../examples/postgres-event-store/index.js'
import { encodeEvent } from '../../src/events/index.js'
import { contactStreamId } from '../../src/store/index.js'
import { eventStoreContract } from '../../src/testing/index.js'
import { postgresHandlerCases } from './handler.js'
import { postgresProjectionCases } from './projections.js'
import { added, crowd, CROWDED_NETWORK, isolatedCases, ok, postgresAdapterCases, postgresNetworkCases, rated, tapped, TIMEOUT } from './support.js'

const url = process.env['DATABASE_URL']
const skip = url === undefined || url === ''
const ci = ['true', '1'].includes((process.env['CI'] ?? '').toLowerCase())
const schema = `touchbase_test_${randomUUID().replaceAll('-', '')}`

const WHY_SKIPPED =
  'DATABASE_URL is not set, so the PostgreSQL server tests are skipped. Run them with a private server: .ci/with-postgres npx vitest run test/postgres'

if (skip && ci) {
  describe('PostgreSQL server tests', () => {
    it('run under CI=true: DATABASE_URL must be set (CI runs npm test through .ci/with-postgres)', () => {
      throw new Error(
        'CI=true, but DATABASE_URL is not set: the PostgreSQL server tests cannot run, and CI must not skip them. Run npm test through .ci/with-postgres (as .ci/run does), or set DATABASE_URL.',
      )
    })
  })
} else if (skip) {
  console.warn(`test/postgres/pg-server.test.ts: ${WHY_SKIPPED}`)
  describe('PostgreSQL server tests', () => {
    it.skip(`skipped: ${WHY_SKIPPED}`, () => {})
  })
}

const pools: pg.Pool[] = []
/** A pool whose connections work in this file's schema (with extra server settings, and a name to find its backends by). */
const pool = ({ settings = '', applicationName = 'touchbase-test' }: { settings?: string; applicationName?: string } = {}): pg.Pool => {
  const p = new pg.Pool({ connectionString: url, max: 10, application_name: applicationName, options: `-c search_path=${schema} ${settings}` })
  pools.push(p)
  return p
}

let main: pg.Pool | undefined
const mainPool = (): pg.Pool => {
  if (main === undefined) throw new Error('the schema was not created (see the beforeAll hook)')
  return main
}

beforeAll(async () => {
  if (skip) return
  const p = pool()
  await p.query(`CREATE SCHEMA ${schema}`)
  main = p
}, TIMEOUT)

const cases = isolatedCases(() => pgDatabase(mainPool()))
const fresh = cases.fresh

afterAll(async () => {
  try {
    await cases.end()
    if (main !== undefined) await main.query(`DROP SCHEMA ${schema} CASCADE`)
  } finally {
    await Promise.all(pools.map((p) => p.end()))
  }
}, TIMEOUT)

eventStoreContract(async () => postgresEventStore(await fresh()), { describe: describe.skipIf(skip), it, expect }, {
  name: 'postgresEventStore on a PostgreSQL server (pg): contract',
  contiguousPositions: true,
  timeoutMs: TIMEOUT,
})

eventStoreContract(
  async () => {
    const db = await fresh()
    await crowd(db)
    return postgresEventStore(db, { network: CROWDED_NETWORK })
  },
  { describe: describe.skipIf(skip), it, expect },
  { name: 'postgresEventStore on a PostgreSQL server (pg): contract, one network among others', contiguousPositions: true, timeoutMs: TIMEOUT },
)

postgresAdapterCases('postgresEventStore on a PostgreSQL server (pg)', fresh, skip)
postgresNetworkCases('postgresEventStore on a PostgreSQL server (pg): many networks in one table', fresh, skip)
postgresHandlerCases('handleCommand on a PostgreSQL server (pg)', fresh, skip, () => cases.fence(pgDatabase(pool())))
postgresProjectionCases('projection runner on a PostgreSQL server (pg)', fresh, skip)

describe.skipIf(skip)('postgresEventStore on a PostgreSQL server (pg): connections and concurrency', () => {
  it('connect() takes a pool (and leaves it open) or a connection string (and ends its pool)', async () => {
    const given = mainPool()
    const viaPool = await connect(given)
    expect((await viaPool.db.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }])
    await viaPool.close()
    expect((await given.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }])
    const viaUrl = await connect(url)
    expect((await viaUrl.db.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }])
    await viaUrl.close()
    await expect(viaUrl.db.query('SELECT 1')).rejects.toThrow()
  }, TIMEOUT)

  it('a real writer that bypasses the lock is caught by the unique constraints, and the rules answer', async () => {
    const { tap, db } = tapped(await fresh())
    const store = postgresEventStore(db)
    const s = contactStreamId('c1')
    ok(await store.append(s, [rated('x/1', 'c1')], 'no-stream'))
    const rogue = mainPool()
    // Between our reads and our insert, another connection commits version 2 without the lock.
    tap.beforeInsert = async () => {
      tap.beforeInsert = undefined
      await rogue.query(
        `INSERT INTO events (network, position, stream_id, stream_version, event_id, type, payload)
         VALUES ('default', 1000, $1, 2, 'x/rogue', 'ContactRated', $2::jsonb)`,
        [s, JSON.stringify(encodeEvent(rated('x/rogue', 'c1')))],
      )
    }
    expect(await store.append(s, [rated('x/2', 'c1')], 1)).toEqual(
      E.left({ _tag: 'wrong-expected-version', streamId: s, expected: 1, actual: 2 }),
    )
    expect(tap.uniqueViolations).toBe(1)
  }, TIMEOUT)

  it('with the server defaulting to SERIALIZABLE, concurrent appends still never collide (the store sets READ COMMITTED)', async () => {
    await fresh()
    const { tap, db } = tapped(cases.fence(pgDatabase(pool({ settings: '-c default_transaction_isolation=serializable' }))))
    const store = postgresEventStore(db)
    const { rows } = await db.query<{ level: string }>(`SELECT current_setting('default_transaction_isolation') AS level`)
    expect(rows[0]?.level).toBe('serializable')
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, k) => store.append(contactStreamId(`s${k % 4}`), [rated(`ser/${k}`, `s${k % 4}`)], 'any')),
    )
    results.forEach((r) => ok(r))
    expect(tap.uniqueViolations).toBe(0)
    expect((await store.readAll()).map((x) => x.position)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1))
  }, TIMEOUT)
})

/** Records uncaught exceptions and unhandled rejections while a case runs (vitest reports them too, after the fact). */
const watchCrashes = () => {
  const seen: unknown[] = []
  const record = (error: unknown): void => {
    seen.push(error)
  }
  process.on('uncaughtException', record)
  process.on('unhandledRejection', record)
  return {
    stop: (): unknown[] => {
      process.off('uncaughtException', record)
      process.off('unhandledRejection', record)
      return seen
    },
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** Polls `probe` until it returns a value other than `undefined` (or gives up after `ms`). */
const eventually = async <A,>(what: string, probe: () => Promise<A | undefined>, ms = 20_000): Promise<A> => {
  for (const deadline = Date.now() + ms; ; await sleep(50)) {
    const found = await probe()
    if (found !== undefined) return found
    if (Date.now() > deadline) throw new Error(`waited ${ms} ms for ${what}`)
  }
}

describe.skipIf(skip)('postgresEventStore on a PostgreSQL server (pg): dropped connections', () => {
  it('an append whose backend is terminated (pg_terminate_backend) rejects, crashes nothing, and the next append on the pool works', async () => {
    await fresh()
    const name = `touchbase-victim-${randomUUID().slice(0, 8)}`
    const victims = pool({ applicationName: name })
    const store = postgresEventStore(cases.fence(pgDatabase(victims)))
    const s = contactStreamId('c1')
    ok(await store.append(s, [added('d/1', 'c1')], 'no-stream'))
    const crashes = watchCrashes()
    let crashed: unknown[]
    try {
      // Another connection holds the appends' lock: the next append waits inside its transaction.
      const holder = await mainPool().connect()
      // Never rejects, and is awaited below whatever happens: the append cannot outlive the case.
      let pending: Promise<{ value?: unknown; error?: unknown }> | undefined
      try {
        await holder.query('BEGIN')
        await holder.query(SQL.lock, [DEFAULT_NETWORK, DEFAULT_LOCK_KEY])
        pending = store.append(s, [rated('d/2', 'c1')], 1).then(
          (value) => ({ value }),
          (error: unknown) => ({ error }),
        )
        const pid = await eventually('the append to wait for the lock', async () => {
          const { rows } = await mainPool().query<{ pid: number }>(
            `SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock' AND query LIKE '%pg_advisory_xact_lock%'`,
            [name],
          )
          return rows[0]?.pid
        })
        const { rows } = await mainPool().query<{ done: boolean }>('SELECT pg_terminate_backend($1) AS done', [pid])
        expect(rows).toEqual([{ done: true }])
      } finally {
        await holder.query('ROLLBACK')
        holder.release()
        await pending
      }
      const outcome = await pending
      expect(outcome?.value).toBeUndefined()
      expect(outcome?.error).toBeInstanceOf(Error)
      expect((outcome?.error as Error).message).toMatch(/terminat/i)
      // The broken client was discarded, not put back for the next append.
      expect(victims.totalCount).toBe(0)

      // The append wrote nothing, and the next one, on the same pool, works.
      expect(ok(await store.append(s, [rated('d/3', 'c1')], 1))).toEqual({ streamId: s, nextExpectedVersion: 2, positions: [2], written: 1 })
      expect((await store.readStream(s)).map((x) => x.event.id)).toEqual(['d/1', 'd/3'])
      // The dead socket's last events (its `end`, the client's `error`) have had their turn.
      await sleep(200)
    } finally {
      crashed = crashes.stop()
    }
    expect(crashed).toEqual([])
  }, TIMEOUT)

  it('idle pooled connections that die (a restart, a failover) crash nothing; the next append opens a new one', async () => {
    await fresh()
    const name = `touchbase-idle-${randomUUID().slice(0, 8)}`
    const idle = pool({ applicationName: name })
    const store = postgresEventStore(cases.fence(pgDatabase(idle)))
    const s = contactStreamId('c1')
    ok(await store.append(s, [added('i/1', 'c1')], 'no-stream'))
    expect(idle.idleCount).toBeGreaterThan(0)
    const crashes = watchCrashes()
    let crashed: unknown[]
    try {
      const { rows } = await mainPool().query<{ done: boolean }>(
        'SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity WHERE application_name = $1',
        [name],
      )
      expect(rows.length).toBeGreaterThan(0)
      // pg removes a client from the pool when its idle connection fails.
      await eventually('the pool to drop its dead clients', async () => (idle.totalCount === 0 ? true : undefined))
      expect(ok(await store.append(s, [rated('i/2', 'c1')], 1))).toEqual({ streamId: s, nextExpectedVersion: 2, positions: [2], written: 1 })
      expect((await store.readAll()).map((x) => x.event.id)).toEqual(['i/1', 'i/2'])
      await sleep(200)
    } finally {
      crashed = crashes.stop()
    }
    expect(crashed).toEqual([])
  }, TIMEOUT)
})
