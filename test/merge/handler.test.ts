import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import type { Command } from '../../src/decisions/index.js'
import { handleCommand, type CommandError, type CommandHandled } from '../../src/handler/index.js'
import { foldEvents } from '../../src/state/index.js'
import { inMemoryEventStore } from '../../src/store/index.js'

const handled = (r: E.Either<CommandError, CommandHandled>): CommandHandled => {
  if (E.isLeft(r)) throw new Error(`expected the command handled, got ${r.left.code}: ${r.left.message}`)
  return r.right
}

describe('MergeContacts through handleCommand and a store', () => {
  it('appends to both streams; the survivor then takes commands about the merged history; erasing the merged id erases both, in the state and the store', async () => {
    const store = inMemoryEventStore()
    const run = (c: Command, at: string) => handleCommand(store, c, { now: new Date(at) })
    handled(await run({ type: 'AddContact', commandId: 'k1', contactId: 'ada', name: 'Ada', met: true, timeZone: 'UTC' }, '2026-01-05T09:00:00Z'))
    handled(await run({ type: 'AddContact', commandId: 'k2', contactId: 'dup', name: 'Ada Lovelace', met: true, emails: ['ada@dup.test'], timeZone: 'UTC' }, '2026-01-06T09:00:00Z'))
    handled(await run({ type: 'EnrollInPlan', commandId: 'k3', contactId: 'dup', enrollmentId: 'en-1', planId: '8x8', startDate: '2026-01-06' }, '2026-01-06T09:01:00Z'))
    const merged = handled(await run({ type: 'MergeContacts', commandId: 'k4', survivorId: 'ada', mergedId: 'dup' }, '2026-01-07T09:00:00Z'))
    expect(merged.events.map((s) => [s.streamId, s.streamVersion, s.event.id])).toEqual([
      ['contact-ada', 2, 'k4/0'],
      ['contact-dup', 3, 'k4/1'],
    ])
    // The enrollment came with the merged contact; the survivor's command reads that stream too.
    const done = handled(await run({ type: 'CompleteTouch', commandId: 'k5', contactId: 'ada', enrollmentId: 'en-1', touchKey: '0/week-1/1', on: '2026-01-07' }, '2026-01-07T10:00:00Z'))
    expect(done.events.map((s) => [s.streamId, s.event.type])).toEqual([['contact-ada', 'TouchCompleted']])
    const refused = await run({ type: 'LogTouch', commandId: 'k6', contactId: 'dup', kind: 'call', channel: 'phone', on: '2026-01-07' }, '2026-01-07T11:00:00Z')
    expect(E.isLeft(refused) ? [refused.left.code, refused.left.params] : 'handled').toEqual(['contact-merged', { contactId: 'dup', survivorId: 'ada' }])
    const erased = handled(await run({ type: 'EraseContact', commandId: 'k7', contactId: 'dup' }, '2026-01-08T09:00:00Z'))
    expect(erased.events.map((s) => [s.streamId, s.event.type])).toEqual([['contact-ada', 'ContactErased']])
    // The store erases either id: the two are one person.
    const r = await store.erase('dup')
    // Every event of either stream: each held personal data or its command's fingerprint.
    expect(E.isRight(r) ? r.right.rewritten : r.left).toBe(7)
    const log = (await store.readAll()).map((s) => s.event)
    expect(JSON.stringify(log)).not.toMatch(/Ada|ada@dup/)
    const state = foldEvents(log)
    expect(state.contacts.get('ada')?.erased).toBe(true)
    expect(state.contacts.get('ada')?.plans.enrollments.map((x) => [...x.outcomes.keys()])).toEqual([['0/week-1/1']])
  })
})
