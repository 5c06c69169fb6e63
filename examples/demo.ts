/**
 * The touchbase demo (`npm run demo`): a small referral network built from commands,
 * stored in the in-memory event store, folded back, and shown.
 */
import * as E from 'fp-ts/lib/Either.js'
import {
  decide,
  foldEvents,
  inMemoryEventStore,
  listAnomalies,
  listContacts,
  streamIdOf,
  type Command,
  type NetworkState,
  type RelationshipEvent,
} from 'touchbase'

const now = new Date('2026-11-26T09:00:00Z')
const store = inMemoryEventStore()
let state: NetworkState = foldEvents([])
let commandNo = 0

const section = (title: string) => console.log(`\n== ${title} ${'='.repeat(Math.max(0, 70 - title.length))}`)

/** A command without its id: `run` numbers them. */
type Draft<C> = C extends unknown ? Omit<C, 'commandId'> : never

/** Decides, appends and folds; prints refusals. */
const run = async (command: Draft<Command>): Promise<void> => {
  const decision = decide({ ...command, commandId: `demo-${++commandNo}` } as Command, state, now)
  if (E.isLeft(decision)) {
    console.log(`  refused ${command.type} (${decision.left.code}): ${decision.left.message}`)
    return
  }
  for (const event of decision.right) {
    const appended = await store.append(streamIdOf(event), [event], 'any')
    if (E.isLeft(appended)) throw new Error(`append refused: ${appended.left._tag}`)
  }
  state = foldEvents(decision.right, state)
}

section('Building a network from commands')
await run({ type: 'AddContact', contactId: 'c-salma', name: 'Salma Haddad', met: true, role: 'client', circle: 'client', timeZone: 'Asia/Riyadh', calendarSet: 'sa', emails: ['salma@example.com'] })
await run({ type: 'AddContact', contactId: 'c-omar', name: 'Omar Farouk', met: true, role: 'advocate', circle: 'friend', timeZone: 'Asia/Riyadh', calendarSet: 'sa' })
await run({ type: 'AddContact', contactId: 'c-lina', name: 'Lina Mortgage Co.', met: true, role: 'ally', allyCategory: 'lender', circle: 'business-partner' })
await run({ type: 'AddContact', contactId: 'c-jack', name: 'Jack Miller', met: false, circle: 'other', timeZone: 'America/New_York', calendarSet: 'us' })
await run({ type: 'RecordPersonalDate', contactId: 'c-salma', kind: 'birthday', date: '--02-29' })
await run({ type: 'RecordPersonalDate', contactId: 'c-salma', kind: 'home-purchase-anniversary', date: '2021-06-15' })
await run({ type: 'RecordInterest', contactId: 'c-omar', category: 'team', name: 'Al Hilal', seasonStart: '--08-20' })
await run({ type: 'RateContact', contactId: 'c-omar', score: 5 })
await run({ type: 'RateContact', contactId: 'c-salma', score: 4 })
await run({ type: 'SetConsent', contactId: 'c-jack', channel: 'phone', doNotContact: true })
await run({ type: 'MarkMet', contactId: 'c-jack' })
console.log(`  ${state.eventCount} events in ${state.contacts.size} contact streams`)

section('What decide refuses')
await run({ type: 'RateContact', contactId: 'c-omar', score: 8 })
await run({ type: 'AddContact', contactId: 'c-omar', name: 'Omar again', met: true })
await run({ type: 'RecordPersonalDate', contactId: 'c-jack', kind: 'birthday', date: '1990-02-30' })
await run({ type: 'ChangeRole', contactId: 'c-nobody', role: 'client' })

section('The database, folded back from the store')
const replayed = foldEvents((await store.readAll()).map((s) => s.event))
const rows = listContacts(replayed).map((c) => ({
  contact: c.profile?.name ?? '(erased)',
  database: c.met ? 'Met' : "Haven't Met",
  role: c.role ?? '-',
  rating: c.rating ?? '-',
  dates: c.personalDates.map((d) => `${d.kind} ${d.date}`).join(', ') || '-',
  refused: c.consent.refused.join(', ') || '-',
}))
console.table(rows)

section('Right to be forgotten')
await run({ type: 'EraseContact', contactId: 'c-jack' })
const jack = state.contacts.get('c-jack')
console.log(`  c-jack: erased=${jack?.erased}, profile=${JSON.stringify(jack?.profile)}, role kept=${jack?.role ?? 'none'}, events counted=${jack?.eventCount}`)
await run({ type: 'RateContact', contactId: 'c-jack', score: 3 })

section('A stream written by hand: what the fold sets aside')
const handWritten: RelationshipEvent[] = [
  { id: 'h1', type: 'ContactAdded', at: '2026-11-01T10:00:00Z', schema: 1, contactId: 'c-x', name: 'X', met: true },
  { id: 'h2', type: 'ReferralReceived', at: '2026-11-02T10:00:00Z', schema: 1, contactId: 'c-x', referralId: 'r1', refereeId: 'c-x' },
  { id: 'h3', type: 'ContactRated', at: '2026-11-03T10:00:00Z', schema: 1, contactId: 'c-ghost', score: 3 },
  { id: 'h1', type: 'ContactAdded', at: '2026-11-01T10:00:00Z', schema: 1, contactId: 'c-x', name: 'X', met: true },
]
for (const a of listAnomalies(foldEvents(handWritten))) console.log(`  ${a.eventId} ${a.type}: ${a.reason}`)
console.log('  (h1 delivered twice changes nothing: the id is the idempotency key)')
