/**
 * The little SQL interface the event store is written against, and its two implementations:
 * PGlite (PostgreSQL compiled to WebAssembly, in process) and node-postgres (`pg`) against a
 * server. The store sends the same SQL text and parameters to both; only how a statement
 * reaches the database, and how a transaction is opened and closed, differ.
 *
 * Types of `pg` and PGlite are imported as types only: a host that uses one driver does not
 * load the other (`connect` imports the one it needs when it needs it).
 */
import type { PGlite } from '@electric-sql/pglite'
import type { Client, Pool, PoolClient } from 'pg'

/** The rows a statement returned (its other details differ between drivers and are not used). */
export interface SqlResult<R> {
  readonly rows: readonly R[]
}

/** Where statements run: the database, or one transaction on it. */
export interface SqlSession {
  /**
   * Runs one statement with positional parameters (`$1`, `$2`, …), sent apart from the text.
   * Rejects with the driver's error (which carries PostgreSQL's `code`, e.g. `23505`).
   */
  query<R = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<SqlResult<R>>
}

/** A database: statements on any connection, transactions on one, and scripts (DDL). */
export interface SqlDatabase extends SqlSession {
  /**
   * Runs `work` in one transaction on one connection: commits when it resolves, rolls back
   * when it rejects (and rejects with its error). The isolation level is the connection's
   * default; the event store sets the one it needs as its first statement.
   */
  transaction<A>(work: (tx: SqlSession) => Promise<A>): Promise<A>
  /** Runs a script of several statements without parameters (the schema). */
  exec(script: string): Promise<void>
  /**
   * Listens to a channel (`LISTEN`): `onNotify` gets the payload of every `NOTIFY` (or
   * `pg_notify`) committed on it. Resolves, once listening, to a function that stops.
   * PGlite listens on its one connection; `pg` holds a connection of the pool for it.
   */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>
}

/** A channel name as an SQL identifier (LISTEN takes no parameter), quoted. */
export const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`

/**
 * A PGlite database as a `SqlDatabase`. PGlite is one connection: a transaction holds it
 * whole, so other statements (and other transactions) wait until it ends.
 *
 * @example
 * const db = pgliteDatabase(await PGlite.create())
 */
export const pgliteDatabase = (pglite: PGlite): SqlDatabase => ({
  // PGlite's `params` is a mutable `any[]`; a copy keeps ours read-only.
  query: async (text, params = []) => pglite.query(text, [...params]),
  transaction: (work) =>
    // PGlite sends BEGIN, then COMMIT when `work` resolves or ROLLBACK when it rejects.
    pglite.transaction((tx) => work({ query: async (text, params = []) => tx.query(text, [...params]) })),
  exec: async (script) => {
    await pglite.exec(script)
  },
  listen: async (channel, onNotify) => {
    const stop = await pglite.listen(channel, onNotify)
    return async () => {
      await stop()
    }
  },
})

/** A `pg` client or pool as a session. */
const pgSession = (client: Pool | PoolClient | Client): SqlSession => ({
  query: async <R>(text: string, params: readonly unknown[] = []) => {
    const { rows } = await client.query(text, [...params])
    // pg's rows are untyped; the caller names the shape it selected (as with PGlite's `query<T>`).
    return { rows: rows as R[] }
  },
})

const toError = (u: unknown): Error => (u instanceof Error ? u : new Error(String(u)))

/** The pools `pgDatabase` already listens to (one listener per pool, however many databases share it). */
const listenedPools = new WeakSet<Pool>()

/**
 * An idle pooled client whose connection fails (the server restarted, a failover, an idle
 * timeout of a proxy) makes the pool emit `error`; Node ends the process on an `error` event
 * nobody listens to. pg has already removed that client from the pool when it emits, so there
 * is nothing left to do but not crash: the next checkout opens a new connection. The host's
 * own listeners (to log it) still get every such error.
 */
const survivePoolErrors = (pool: Pool): void => {
  if (listenedPools.has(pool)) return
  listenedPools.add(pool)
  pool.on('error', () => {})
}

/**
 * A `pg.Pool` as a `SqlDatabase`: statements run on any pooled connection; a transaction
 * checks one out, runs `BEGIN` … `COMMIT` (or `ROLLBACK`) on it, and gives it back.
 *
 * A connection that fails — its backend terminated (`pg_terminate_backend`), a failover, the
 * network — rejects the statement in flight with the driver's error, and so the transaction
 * (nothing was committed, unless the failure came after `COMMIT` was sent); it never crashes
 * the process: the `error` event of a checked-out client is handled here, and the pool's
 * (idle clients) too. A client that failed is released with its error, so the pool discards it,
 * and the next transaction gets a working connection.
 *
 * @example
 * const db = pgDatabase(new pg.Pool({ connectionString: process.env.DATABASE_URL }))
 */
export const pgDatabase = (pool: Pool): SqlDatabase => {
  survivePoolErrors(pool)
  return {
    ...pgSession(pool),
    transaction: async (work) => {
      const client = await pool.connect()
      // Set when the connection is unusable (it failed, or its ROLLBACK did): the client is
      // then released with it, which makes the pool destroy it rather than hand it out again.
      let broken: Error | undefined
      // While checked out, a client's `error` event is ours (the pool listens only to idle
      // ones); unhandled, it would end the process. The statement in flight rejects on its
      // own with the cause, so the event only marks the connection as broken.
      const onError = (error: Error): void => {
        broken ??= error
      }
      client.on('error', onError)
      try {
        await client.query('BEGIN')
        const result = await work(pgSession(client))
        const commit = await client.query('COMMIT')
        // COMMIT of a transaction that already failed answers ROLLBACK instead of an error
        // (possible only if `work` swallowed a failed statement): nothing was written.
        if (commit.command === 'ROLLBACK') throw new Error('the transaction was rolled back at COMMIT')
        return result
      } catch (error) {
        // A dead connection has no transaction left to roll back (the server ended it).
        if (broken === undefined) {
          try {
            await client.query('ROLLBACK')
          } catch (rollbackError) {
            // A connection whose ROLLBACK failed is in an unknown state: destroy it, never reuse it.
            broken = toError(rollbackError)
          }
        }
        throw error
      } finally {
        // Released first: from then on the pool's own listener handles the client's errors.
        client.release(broken)
        client.removeListener('error', onError)
      }
    },
    exec: async (script) => {
      // Without parameters, pg uses the simple protocol, which runs several statements.
      await pool.query(script)
    },
    listen: async (channel, onNotify) => {
      // A connection of its own for as long as it listens: notifications arrive on the
      // connection that ran LISTEN, between (never inside) its statements.
      const client = await pool.connect()
      let broken: Error | undefined
      const onError = (error: Error): void => {
        broken ??= error
      }
      const onNotification = (m: { channel: string; payload?: string | undefined }): void => {
        if (m.channel === channel) onNotify(m.payload ?? '')
      }
      client.on('error', onError)
      client.on('notification', onNotification)
      try {
        await client.query(`LISTEN ${quoteIdent(channel)}`)
      } catch (error) {
        client.removeListener('notification', onNotification)
        client.release(toError(error))
        client.removeListener('error', onError)
        throw error
      }
      let stopped = false
      return async () => {
        if (stopped) return
        stopped = true
        client.removeListener('notification', onNotification)
        try {
          if (broken === undefined) await client.query(`UNLISTEN ${quoteIdent(channel)}`)
        } catch (error) {
          broken = toError(error)
        } finally {
          client.release(broken)
          client.removeListener('error', onError)
        }
      }
    },
  }
}

/**
 * One `pg.Client` — one connection, one server session — as a `SqlDatabase`, for work that
 * must stay on one session: session-level advisory locks (the KPI workers' leases) hold only
 * while the session that took them lives, and a transaction on that session can only commit
 * while they are held. Statements run one at a time, in order; a transaction holds the session
 * until it ends (statements outside it wait). `listen` listens on the same connection.
 *
 * A connection that fails rejects every later statement with its error (the session and its
 * locks are gone: the caller must stop, not carry on without them). Connect the client first;
 * closing it is the caller's (`client.end()`).
 *
 * @example
 * const client = new pg.Client({ connectionString: process.env.DATABASE_URL })
 * await client.connect()
 * const session = pgSessionDatabase(client)
 */
export const pgSessionDatabase = (client: Client): SqlDatabase => {
  let broken: Error | undefined
  client.on('error', (error: Error) => {
    broken ??= error
  })
  // The session's turn: a chain of everything sent, so that a transaction's statements are
  // never interleaved with others.
  let turn: Promise<unknown> = Promise.resolve()
  const exclusive = <A>(work: () => Promise<A>): Promise<A> => {
    const run = turn.then(() => {
      if (broken !== undefined) throw broken
      return work()
    })
    turn = run.then(
      () => undefined,
      () => undefined,
    )
    return run
  }
  const session = pgSession(client)
  return {
    query: (text, params) => exclusive(() => session.query(text, params)),
    transaction: (work) =>
      exclusive(async () => {
        await client.query('BEGIN')
        try {
          const result = await work(session)
          const commit = await client.query('COMMIT')
          if (commit.command === 'ROLLBACK') throw new Error('the transaction was rolled back at COMMIT')
          return result
        } catch (error) {
          if (broken === undefined) await client.query('ROLLBACK').catch((e: unknown) => (broken ??= toError(e)))
          throw error
        }
      }),
    exec: (script) =>
      exclusive(async () => {
        await client.query(script)
      }),
    listen: (channel, onNotify) =>
      exclusive(async () => {
        const onNotification = (m: { channel: string; payload?: string | undefined }): void => {
          if (m.channel === channel) onNotify(m.payload ?? '')
        }
        client.on('notification', onNotification)
        try {
          await client.query(`LISTEN ${quoteIdent(channel)}`)
        } catch (error) {
          client.removeListener('notification', onNotification)
          throw error
        }
        let stopped = false
        return async () => {
          if (stopped) return
          stopped = true
          client.removeListener('notification', onNotification)
          await exclusive(async () => {
            await client.query(`UNLISTEN ${quoteIdent(channel)}`)
          }).catch(() => undefined)
        }
      }),
  }
}

/** What `connect` accepts: nothing (a fresh in-memory PGlite), a PGlite, a `pg.Pool`, or a connection string. */
export type Connection = PGlite | Pool | string | undefined

/** A database and how to let go of it. */
export interface Connected {
  readonly db: SqlDatabase
  /** Closes what `connect` opened (a PGlite or a pool it created); leaves what it was given open. */
  readonly close: () => Promise<void>
}

const isPool = (c: PGlite | Pool): c is Pool => 'connect' in c && 'totalCount' in c

/**
 * A `SqlDatabase` for a connection: an in-memory PGlite when none is given; the PGlite or
 * `pg.Pool` given; or a new `pg.Pool` for a connection string (`postgres://…`).
 *
 * @example
 * const { db, close } = await connect(process.env.DATABASE_URL) // PGlite when unset
 */
export const connect = async (connection?: Connection): Promise<Connected> => {
  if (connection === undefined) {
    const { PGlite } = await import('@electric-sql/pglite')
    const pglite = await PGlite.create()
    return { db: pgliteDatabase(pglite), close: () => pglite.close() }
  }
  if (typeof connection === 'string') {
    const { default: pg } = await import('pg')
    const pool = new pg.Pool({ connectionString: connection })
    return { db: pgDatabase(pool), close: () => pool.end() }
  }
  if (isPool(connection)) return { db: pgDatabase(connection), close: async () => {} }
  return { db: pgliteDatabase(connection), close: async () => {} }
}
