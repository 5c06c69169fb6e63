/**
 * The PostgreSQL example in a few steps: commands handled against the store (one of them
 * writing two streams in one transaction), a retried command, the store's own answer to a
 * stale version, a projection runner's catch-up with its snapshot, a command decided from
 * that snapshot, and an erasure.
 *
 *   npx tsx examples/postgres-event-store/demo.ts                       # in-memory PGlite
 *   DATABASE_URL=postgres://… npx tsx examples/postgres-event-store/demo.ts   # a server
 *
 * Against a server it creates the tables (if missing) on the connection's search_path and
 * uses fixed ids, so running it again shows the retries: nothing is written twice. (Commands
 * whose events the erasure rewrote are then refused as `command-id-reused`: the fingerprint
 * that tells a retry from a reuse went with the personal data.)
 */
import * as E from 'fp-ts/lib/Either.js'
import { postgresCheckpointStore, snapshotSource } from './checkpoints.js'
import { connect, createEventsTable, postgresEventStore } from './index.js'
import { contactStreamId, decodeEvent, handleCommand, networkProjection, projectionRunner, type Command } from './touchbase.js'

const url = process.env['DATABASE_URL']
const { db, close } = await connect(url === '' ? undefined : url)
try {
  console.log(url ? 'PostgreSQL server (pg)' : 'PGlite (in memory)')
  await createEventsTable(db)
  const store = postgresEventStore(db)
  const now = new Date('2026-11-26T09:00:00Z')

  const run = async (command: Command, options: Parameters<typeof handleCommand>[2] = { now }): Promise<void> => {
    const r = await handleCommand(store, command, options)
    if (E.isLeft(r)) return console.log(`${command.commandId}: refused (${r.left.code}) ${r.left.message}`)
    const where = r.right.events.map((s) => `#${s.position} ${s.streamId} v${s.streamVersion} ${s.event.type}`).join('; ')
    console.log(`${command.commandId}: ${r.right.duplicate ? 'stored before, nothing written' : `${r.right.written} written`}${where === '' ? '' : ` — ${where}`}`)
  }

  await run({ type: 'AddContact', commandId: 'demo-1', contactId: 'demo-ada', name: 'Ada Lovelace', met: true, role: 'advocate' })
  // Two streams in one transaction (appendMany): the new referee's, and Ada's referral.
  await run({ type: 'ReceiveReferral', commandId: 'demo-2', contactId: 'demo-ada', referralId: 'demo-r1', refereeId: 'demo-bo', referee: { name: 'Bo Chen' }, note: 'needs a lender' })
  // The same command again (a lost response, a retry): its stored events, nothing written twice.
  await run({ type: 'ReceiveReferral', commandId: 'demo-2', contactId: 'demo-ada', referralId: 'demo-r1', refereeId: 'demo-bo', referee: { name: 'Bo Chen' }, note: 'needs a lender' })
  // A refusal of the domain: a value, never retried.
  await run({ type: 'RateContact', commandId: 'demo-3', contactId: 'demo-ada', score: 7 })

  // The store itself: an append on a stale version is refused, as a value.
  const rated = decodeEvent({ id: 'demo-raw/1', type: 'ContactRated', at: now.toISOString(), schema: 1, contactId: 'demo-ada', score: 4 })
  if (E.isLeft(rated)) throw new Error(rated.left.message)
  const stale = await store.append(contactStreamId('demo-ada'), [rated.right], 0)
  console.log('an append on a stale version:', E.isLeft(stale) ? stale.left._tag : `written at ${stale.right.positions.join(', ')}`)

  // A projection runner: the network folded, checkpoint and snapshot in one transaction.
  const caught = await projectionRunner({ store, projection: networkProjection, checkpoints: postgresCheckpointStore(db) }).catchUp()
  if (E.isLeft(caught)) throw new Error(caught.left.message)
  console.log(`projection caught up to #${caught.right.position} (${caught.right.applied} applied, from #${caught.right.resumedFrom})`)

  // A command decided from that snapshot: only what came after it is read.
  await run({ type: 'AdvanceReferral', commandId: 'demo-4', contactId: 'demo-ada', referralId: 'demo-r1', stage: 'contacted' }, { now, snapshot: snapshotSource(db) })

  // Bo asks to be forgotten: the event, then the store's rewrite of every event about Bo.
  await run({ type: 'EraseContact', commandId: 'demo-5', contactId: 'demo-bo' })
  const erased = await store.erase('demo-bo')
  console.log('erase demo-bo:', E.isLeft(erased) ? erased.left._tag : `${erased.right.rewritten} stored events rewritten`)
  const referral = (await store.readStream(contactStreamId('demo-ada'))).find((s) => s.event.type === 'ReferralReceived')?.event
  console.log('the referral note now:', referral?.type === 'ReferralReceived' ? (referral.note ?? '(removed)') : '?')
} finally {
  await close()
}
