/**
 * handleCommand against the PostgreSQL example store, on PGlite and on a server: the events it
 * stores are those `decide` makes against the whole log, and handlers racing on overlapping
 * streams leave one winner, the loser retrying onto the winner's events, nothing half-written.
 * On a server the racers' appends really run on separate connections and meet at the lock.
 */
import * as fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { postgresEventStore, type SqlDatabase } from '../../examples/postgres-event-store/index.js'
import { decide, type Command } from '../../src/decisions/index.js'
import { handleCommand, type CommandError, type CommandHandled } from '../../src/handler/index.js'
import { foldEvents } from '../../src/state/index.js'
import { contactStreamId } from '../../src/store/index.js'
import { arbitraryEventStream } from '../../src/testing/index.js'
import { appendGate, arbitraryCommand, load } from '../handler/support.js'
import { TIMEOUT } from './support.js'

const now = new Date('2026-11-26T09:00:00Z')

const handled = (r: E.Either<CommandError, CommandHandled>): CommandHandled => {
  if (E.isLeft(r)) throw new Error(`expected the command handled, got ${r.left.code}: ${r.left.message}`)
  return r.right
}

const add = (id: string): Command => ({ type: 'AddContact', commandId: `k-${id}`, contactId: id, name: id, met: true, role: 'client' })

/**
 * The handler's cases on a database that `fresh` empties (and returns) for each case; `other`
 * opens a second pool on the same table (a server), so that racers use separate connections.
 */
export const postgresHandlerCases = (name: string, fresh: () => Promise<SqlDatabase>, skip = false, other?: () => SqlDatabase): void => {
  describe.skipIf(skip)(name, () => {
    it('(a) stores the events decide makes against the fold of the whole log, or refuses as it does', async () => {
      await fc.assert(
        fc.asyncProperty(
          arbitraryEventStream({ maxEvents: 40, maxContacts: 5 }).chain((events) => fc.tuple(fc.constant(events), arbitraryCommand(foldEvents(events), 'cmd-pg'))),
          async ([events, command]) => {
            const store = postgresEventStore(await fresh())
            const stored = await load(store, events)
            const expected = decide(command, foldEvents(stored.map((s) => s.event)), now)
            const r = await handleCommand(store, command, { now })
            if (E.isLeft(expected)) expect(E.isLeft(r) ? r.left.code : 'handled').toBe(expected.left.code)
            else {
              expect(handled(r).events.map((s) => s.event)).toEqual(expected.right)
              expect((await store.readAll()).slice(stored.length)).toEqual(handled(r).events)
            }
          },
        ),
        { numRuns: 25 },
      )
    }, TIMEOUT * 4)

    it('(b) two handlers racing on overlapping streams: one wins, the other retries onto its events; nothing half-written', async () => {
      const db = await fresh()
      const store = postgresEventStore(db)
      for (const c of ['ada', 'bo']) handled(await handleCommand(store, add(c), { now }))
      // Each racer on its own store (and, on a server, its own pool): the appends meet in the database.
      const gate = appendGate(2)
      const race = gate.wrap(store)
      const race2 = other === undefined ? race : gate.wrap(postgresEventStore(other()))
      const refer = (s: typeof store, referrer: string, k: string) =>
        handleCommand(s, { type: 'ReceiveReferral', commandId: k, contactId: referrer, referralId: `r-${k}`, refereeId: 'cy', referee: { name: 'Cy' } }, { now })
      const results = await Promise.all([refer(race, 'ada', 'ka'), refer(race2, 'bo', 'kb')])
      const winners = results.filter(E.isRight).map((r) => r.right)
      const losers = results.filter(E.isLeft).map((r) => r.left)
      expect([winners.length, losers.map((l) => l.code)]).toEqual([1, ['referee-has-open-referral']])
      const all = await store.readAll()
      const winner = winners[0] as CommandHandled
      expect(all.slice(all.length - winner.events.length)).toEqual(winner.events)
      const loserId = winner.commandId === 'ka' ? 'kb' : 'ka'
      expect(all.filter((s) => s.event.id.startsWith(`${loserId}/`))).toEqual([])
      expect((await store.readStream(contactStreamId('cy'))).map((s) => s.event.id)).toEqual([`${winner.commandId}/0`, `${winner.commandId}/1`])
    }, TIMEOUT)

    it('(b) many handlers on one stream: each command lands once, in version order, after retries', async () => {
      const db = await fresh()
      const store = postgresEventStore(db)
      handled(await handleCommand(store, add('ada'), { now }))
      const stores = [store, ...(other === undefined ? [] : [postgresEventStore(other())])]
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          handleCommand(stores[i % stores.length] as typeof store, { type: 'LogTouch', commandId: `k-t${i}`, contactId: 'ada', kind: 'call', channel: 'phone', on: '2026-11-20' }, { now, maxRetries: 30 }),
        ),
      )
      const done = results.map(handled)
      expect(done.every((d) => d.written === 1)).toBe(true)
      const stream = await store.readStream(contactStreamId('ada'))
      expect(stream.map((s) => s.streamVersion)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1))
      expect(new Set(stream.map((s) => s.event.id)).size).toBe(10)
    }, TIMEOUT)
  })
}
