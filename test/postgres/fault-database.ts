/**
 * The database a fault test's processes share: a schema of its own on the PostgreSQL server
 * (`url`), or PGlite on disk in `dir`. PGlite on disk is one process's at a time, so each
 * `open` of it is closed before a child process runs; the server's pool stays open until `end`.
 */
import pg from 'pg'
import { pgDatabase, pgliteDatabase, type SqlDatabase } from '../../examples/postgres-event-store/index.js'

/** An opened database, and how to give it back. */
export interface OpenedDatabase {
  readonly db: SqlDatabase
  readonly close: () => Promise<void>
}

/** Opens the test's database on demand (`open`), and closes the server pool at the end (`end`). */
export const faultDatabase = (url: string | undefined, schema: string, dir: string | undefined) => {
  let pool: pg.Pool | undefined
  const open = async (): Promise<OpenedDatabase> => {
    if (url !== undefined && url !== '') {
      pool ??= new pg.Pool({ connectionString: url, max: 4, options: `-c search_path=${schema}` })
      return { db: pgDatabase(pool), close: async () => {} }
    }
    const { PGlite } = await import('@electric-sql/pglite')
    const pglite = await PGlite.create(dir)
    return { db: pgliteDatabase(pglite), close: () => pglite.close() }
  }
  const end = async (): Promise<void> => {
    await pool?.end()
  }
  return { open, end }
}
