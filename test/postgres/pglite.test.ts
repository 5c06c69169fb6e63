/**
 * The PostgreSQL example adapter (examples/postgres-event-store) on PGlite — PostgreSQL in
 * WebAssembly, in process: the port's whole contract, the adapter's own cases, and the
 * README's schema checked against the schema.sql the adapter runs.
 *
 * One PGlite for the file, opened by `connect()` (its default: a new in-memory PGlite) in
 * `beforeAll`, with a timeout of its own: starting PGlite takes seconds, over a minute on a
 * loaded machine, and must not count against the first case. Each case then gets an empty
 * table, and the previous case's statements are ended first (`isolatedCases`): a case that
 * timed out cannot write into the next one.
 */
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connect, postgresEventStore, type Connected } from '../../examples/postgres-event-store/index.js'
import { eventStoreContract } from '../../src/testing/index.js'
import { postgresHandlerCases } from './handler.js'
import { postgresProjectionCases } from './projections.js'
import { BOOT_TIMEOUT, crowd, CROWDED_NETWORK, isolatedCases, postgresAdapterCases, postgresNetworkCases, TIMEOUT } from './support.js'

let pglite: Connected | undefined
beforeAll(async () => {
  pglite = await connect()
}, BOOT_TIMEOUT)

const cases = isolatedCases(() => {
  if (pglite === undefined) throw new Error('PGlite did not start (see the beforeAll hook)')
  return pglite.db
})
const fresh = cases.fresh

afterAll(async () => {
  try {
    await cases.end()
  } finally {
    await pglite?.close()
  }
}, TIMEOUT)

eventStoreContract(async () => postgresEventStore(await fresh()), { describe, it, expect }, {
  name: 'postgresEventStore on PGlite: contract',
  contiguousPositions: true,
  timeoutMs: TIMEOUT,
})

// The whole contract again, for one network of a table that other networks fill with the same ids.
eventStoreContract(
  async () => {
    const db = await fresh()
    await crowd(db)
    return postgresEventStore(db, { network: CROWDED_NETWORK })
  },
  { describe, it, expect },
  { name: 'postgresEventStore on PGlite: contract, one network among others', contiguousPositions: true, timeoutMs: TIMEOUT },
)

postgresAdapterCases('postgresEventStore on PGlite', fresh)
postgresNetworkCases('postgresEventStore on PGlite: many networks in one table', fresh)
postgresHandlerCases('handleCommand on PGlite', fresh)
postgresProjectionCases('projection runner on PGlite', fresh)

describe('examples/postgres-event-store', () => {
  it('README.md shows schema.sql word for word', () => {
    const schema = readFileSync(new URL('../../examples/postgres-event-store/schema.sql', import.meta.url), 'utf8')
    const readme = readFileSync(new URL('../../examples/postgres-event-store/README.md', import.meta.url), 'utf8')
    expect(readme).toContain(`\`\`\`sql\n${schema.trimEnd()}\n\`\`\``)
  })
})
