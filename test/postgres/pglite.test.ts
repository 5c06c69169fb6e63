/**
 * The PostgreSQL example adapter (examples/postgres-event-store) on PGlite — PostgreSQL in
 * WebAssembly, in process: the port's whole contract, the adapter's own cases, and the
 * README's schema checked against the schema.sql the adapter runs.
 *
 * One PGlite for the file, opened by `connect()` (its default: a new in-memory PGlite), and
 * a dropped and recreated table before each case, so every case starts from an empty store.
 * Starting a PGlite takes one to a few seconds; one per case would take most of a minute.
 */
import { readFileSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { connect, postgresEventStore, type Connected, type SqlDatabase } from '../../examples/postgres-event-store/index.js'
import { eventStoreContract } from '../../src/testing/index.js'
import { postgresAdapterCases, resetEventsTable, TIMEOUT } from './support.js'

let connection: Promise<Connected> | undefined
afterAll(async () => {
  await (await connection)?.close()
})

const fresh = async (): Promise<SqlDatabase> => {
  const { db } = await (connection ??= connect())
  await resetEventsTable(db)
  return db
}

eventStoreContract(async () => postgresEventStore(await fresh()), { describe, it, expect }, {
  name: 'postgresEventStore on PGlite: contract',
  contiguousPositions: true,
  timeoutMs: TIMEOUT,
})

postgresAdapterCases('postgresEventStore on PGlite', fresh)

describe('examples/postgres-event-store', () => {
  it('README.md shows schema.sql word for word', () => {
    const schema = readFileSync(new URL('../../examples/postgres-event-store/schema.sql', import.meta.url), 'utf8')
    const readme = readFileSync(new URL('../../examples/postgres-event-store/README.md', import.meta.url), 'utf8')
    expect(readme).toContain(`\`\`\`sql\n${schema.trimEnd()}\n\`\`\``)
  })
})
