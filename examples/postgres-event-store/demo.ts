/**
 * The PostgreSQL event store in a few appends and reads:
 *
 *   npx tsx examples/postgres-event-store/demo.ts                       # in-memory PGlite
 *   DATABASE_URL=postgres://… npx tsx examples/postgres-event-store/demo.ts   # a server
 *
 * Against a server it creates `events` (if missing) on the connection's search_path and
 * writes fixed event ids, so running it again shows the retries: nothing is written twice.
 */
import * as E from 'fp-ts/lib/Either.js'
import { connect, createEventsTable, postgresEventStore } from './index.js'
import { contactStreamId, decodeEvent, PROGRAMME_STREAM, type RelationshipEvent } from './touchbase.js'

const event = (raw: Record<string, unknown>): RelationshipEvent => {
  const r = decodeEvent({ at: '2026-11-26T09:00:00Z', schema: 1, ...raw })
  if (E.isLeft(r)) throw new Error(r.left.message)
  return r.right
}

const url = process.env['DATABASE_URL']
const { db, close } = await connect(url === '' ? undefined : url)
try {
  console.log(url ? 'PostgreSQL server (pg)' : 'PGlite (in memory)')
  await createEventsTable(db)
  const store = postgresEventStore(db)
  const ada = contactStreamId('demo-ada')

  const batch = [
    event({ id: 'demo/1', type: 'ContactAdded', contactId: 'demo-ada', name: 'Ada Lovelace', met: true }),
    event({ id: 'demo/2', type: 'ContactRated', contactId: 'demo-ada', score: 5 }),
  ]
  const first = await store.append(ada, batch, 'no-stream')
  console.log('append to a new stream:', JSON.stringify(first))

  // The same batch again (a retried command): accepted, nothing written twice.
  console.log('the same batch again: ', JSON.stringify(await store.append(ada, batch, 'no-stream')))

  // A decision made on a stale read: refused, as a value.
  const stale = await store.append(ada, [event({ id: 'demo/3', type: 'ContactRated', contactId: 'demo-ada', score: 4 })], 0)
  console.log('a stale expected version:', JSON.stringify(stale))

  await store.append(PROGRAMME_STREAM, [event({ id: 'demo/4', type: 'CostRecorded', category: 'gift', amount: { amount: 1500, currency: 'USD' } })], 'any')

  // Read everything in commit order, a page at a time.
  for (let from = 1; ; ) {
    const page = await store.readAll({ fromPosition: from, limit: 2 })
    if (page.length === 0) break
    for (const s of page) console.log(`  #${s.position} ${s.streamId} v${s.streamVersion} ${s.event.type} ${s.event.id}`)
    from = (page.at(-1)?.position ?? from) + 1
  }
} finally {
  await close()
}
