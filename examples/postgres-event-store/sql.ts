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
import type { Pool, PoolClient } from 'pg'

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
}

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
})

/** A `pg` client or pool as a session. */
const pgSession = (client: Pool | PoolClient): SqlSession => ({
  query: async <R>(text: string, params: readonly unknown[] = []) => {
    const { rows } = await client.query(text, [...params])
    // pg's rows are untyped; the caller names the shape it selected (as with PGlite's `query<T>`).
    return { rows: rows as R[] }
  },
})

/**
 * A `pg.Pool` as a `SqlDatabase`: statements run on any pooled connection; a transaction
 * checks one out, runs `BEGIN` … `COMMIT` (or `ROLLBACK`) on it, and gives it back.
 *
 * @example
 * const db = pgDatabase(new pg.Pool({ connectionString: process.env.DATABASE_URL }))
 */
export const pgDatabase = (pool: Pool): SqlDatabase => ({
  ...pgSession(pool),
  transaction: async (work) => {
    const client = await pool.connect()
    // A connection whose ROLLBACK failed is in an unknown state: destroy it, never reuse it.
    let broken: Error | undefined
    try {
      await client.query('BEGIN')
      const result = await work(pgSession(client))
      const commit = await client.query('COMMIT')
      // COMMIT of a transaction that already failed answers ROLLBACK instead of an error
      // (possible only if `work` swallowed a failed statement): nothing was written.
      if (commit.command === 'ROLLBACK') throw new Error('the transaction was rolled back at COMMIT')
      return result
    } catch (error) {
      try {
        await client.query('ROLLBACK')
      } catch (rollbackError) {
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError))
      }
      throw error
    } finally {
      client.release(broken)
    }
  },
  exec: async (script) => {
    // Without parameters, pg uses the simple protocol, which runs several statements.
    await pool.query(script)
  },
})

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
