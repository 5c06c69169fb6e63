import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import { pipe } from 'fp-ts/lib/function.js'
import { foldEvents, getContact, handleCommand, inMemoryEventStore, type Command } from 'touchbase'

const store = inMemoryEventStore()
const now = new Date('2026-11-26T09:00:00Z') // the caller passes the clock

// Handle a command: read what it needs from the store, decide, append with the versions read.
const run = async (command: Command) => {
  const r = await handleCommand(store, command, { now })
  if (E.isLeft(r)) return console.log('refused:', r.left.message)
  const stored = r.right.events.map((s) => s.event.type).join(', ')
  console.log(`${command.commandId}: ${stored}${r.right.duplicate ? ' (stored before: nothing written)' : ''}`)
}

await run({ type: 'AddContact', commandId: 'cmd-1', contactId: 'c-ada', name: 'Ada Lovelace', met: true, role: 'client' })
// cmd-1: ContactAdded, ContactRoleChanged
await run({ type: 'RecordPersonalDate', commandId: 'cmd-2', contactId: 'c-ada', kind: 'birthday', date: '--12-10' })
// cmd-2: PersonalDateRecorded
await run({ type: 'RateContact', commandId: 'cmd-3', contactId: 'c-ada', score: 9 })
// refused: A referral-ability rating is an integer from 1 to 5, not 9.
await run({ type: 'RecordPersonalDate', commandId: 'cmd-2', contactId: 'c-ada', kind: 'birthday', date: '--12-10' })
// cmd-2: PersonalDateRecorded (stored before: nothing written)

// The store holds the streams; folding them gives the state.
const state = foldEvents((await store.readAll()).map((stored) => stored.event))
console.log(pipe(getContact(state, 'c-ada'), O.map((c) => `${c.profile?.name}: ${c.network.role}, born ${c.profile?.personalDates[0]?.date}`), O.getOrElse(() => 'unknown')))
// Ada Lovelace: client, born --12-10
console.log(state.contacts.size, state.eventCount)
// 1 3
