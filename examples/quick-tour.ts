import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import { pipe } from 'fp-ts/lib/function.js'
import { decide, foldEvents, getContact, inMemoryEventStore, streamIdOf, type Command, type NetworkState } from 'touchbase'

const store = inMemoryEventStore()
const now = new Date('2026-11-26T09:00:00Z') // the caller passes the clock
let state: NetworkState = foldEvents([])

// Decide a command against the state, append its events, fold them in.
const run = async (command: Command) => {
  const decision = decide(command, state, now)
  if (E.isLeft(decision)) return console.log('refused:', decision.left.message)
  for (const event of decision.right) await store.append(streamIdOf(event), [event], 'any')
  state = foldEvents(decision.right, state)
}

await run({ type: 'AddContact', commandId: 'cmd-1', contactId: 'c-ada', name: 'Ada Lovelace', met: true, role: 'client' })
await run({ type: 'RecordPersonalDate', commandId: 'cmd-2', contactId: 'c-ada', kind: 'birthday', date: '--12-10' })
await run({ type: 'RateContact', commandId: 'cmd-3', contactId: 'c-ada', score: 9 })
// refused: A referral-ability rating is an integer from 1 to 5, not 9.

console.log(pipe(getContact(state, 'c-ada'), O.map((c) => `${c.profile?.name}: ${c.network.role}, born ${c.profile?.personalDates[0]?.date}`), O.getOrElse(() => 'unknown')))
// Ada Lovelace: client, born --12-10

// The store holds the stream; folding it from scratch gives the same state.
const replayed = foldEvents((await store.readAll()).map((stored) => stored.event))
console.log(replayed.contacts.size, replayed.eventCount)
// 1 3
