/**
 * handleCommand: the events it stores are those `decide` makes against the fold of the whole
 * log (with or without a snapshot); it retries on version conflicts only; a command handled
 * before returns its stored events and writes nothing; racing handlers leave one winner and
 * nothing half-written; known failures are values.
 */
import * as fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { decide, type Command } from '../../src/decisions/index.js'
import { handleCommand, readPlan, type CommandError, type CommandHandled } from '../../src/handler/index.js'
import { snapshot, restoreSnapshot } from '../../src/snapshots/index.js'
import type { RelationshipEvent } from '../../src/events/index.js'
import { foldEvents, initialNetwork } from '../../src/state/index.js'
import { contactStreamId, inMemoryEventStore, PROGRAMME_STREAM, type EventStore, type StoredEvent } from '../../src/store/index.js'
import { arbitraryEventStream } from '../../src/testing/index.js'
import { arbitraryCommand, load, racing } from './support.js'

const now = new Date('2026-11-26T09:00:00Z')

const handled = (r: E.Either<CommandError, CommandHandled>): CommandHandled => {
  if (E.isLeft(r)) throw new Error(`expected the command handled, got ${r.left.code}: ${r.left.message}`)
  return r.right
}

const refused = (r: E.Either<CommandError, CommandHandled>): CommandError => {
  if (E.isRight(r)) throw new Error(`expected a refusal, got ${JSON.stringify(r.right.events.map((s) => s.event.type))}`)
  return r.left
}

const ada = { type: 'AddContact', commandId: 'k-ada', contactId: 'ada', name: 'Ada', met: true, role: 'client' } as const satisfies Command
const bo = { type: 'AddContact', commandId: 'k-bo', contactId: 'bo', name: 'Bo', met: true } as const satisfies Command

describe('handleCommand', () => {
  it('reads, decides, appends; refusals of the domain come back as they are', async () => {
    const store = inMemoryEventStore()
    const r = handled(await handleCommand(store, ada, { now }))
    expect(r.events.map((s) => [s.streamId, s.streamVersion, s.position, s.event.id, s.event.type])).toEqual([
      ['contact-ada', 1, 1, 'k-ada/0', 'ContactAdded'],
      ['contact-ada', 2, 2, 'k-ada/1', 'ContactRoleChanged'],
    ])
    expect([r.written, r.duplicate, r.retries]).toEqual([2, false, 0])
    expect((await store.readAll()).map((s) => s.event)).toEqual(r.events.map((s) => s.event))

    const error = refused(await handleCommand(store, { type: 'RateContact', commandId: 'k2', contactId: 'ada', score: 9 }, { now }))
    expect(error.code).toBe('rating-out-of-range')
    expect(refused(await handleCommand(store, { type: 'RateContact', commandId: 'k3', contactId: 'nobody', score: 3 }, { now })).code).toBe('unknown-contact')
    // An empty decision writes nothing and is not a duplicate.
    const met = handled(await handleCommand(store, { type: 'MarkMet', commandId: 'k4', contactId: 'ada' }, { now }))
    expect([met.events, met.written, met.duplicate]).toEqual([[], 0, false])
    expect((await store.readAll()).length).toBe(2)
  })

  it('a command handled again returns its stored events and writes nothing; another command reusing its id is refused', async () => {
    const store = inMemoryEventStore()
    handled(await handleCommand(store, bo, { now }))
    const first = handled(await handleCommand(store, ada, { now }))
    // A retry later (another clock value): the events stored the first time, nothing written.
    const again = handled(await handleCommand(store, ada, { now: new Date('2027-01-01T00:00:00Z') }))
    expect(again).toEqual({ ...first, written: 0, duplicate: true })
    // A programme cost (a stream it does not read) too.
    const cost = { type: 'RecordCost', commandId: 'k-cost', category: 'gift', amount: { amount: 500, currency: 'USD' } } as const satisfies Command
    const c1 = handled(await handleCommand(store, cost, { now }))
    const c2 = handled(await handleCommand(store, cost, { now }))
    expect([c1.duplicate, c2.duplicate, c2.written, c2.events]).toEqual([false, true, 0, c1.events])
    // The same id for another command: in the same stream, and in a stream it does not read.
    expect(refused(await handleCommand(store, { ...ada, name: 'Eve' }, { now })).code).toBe('command-id-reused')
    expect(refused(await handleCommand(store, { type: 'RateContact', commandId: 'k-bo', contactId: 'ada', score: 4 }, { now })).code).toBe('command-id-reused')
    expect(refused(await handleCommand(store, { ...cost, amount: { amount: 1, currency: 'USD' } }, { now })).code).toBe('command-id-reused')
    expect((await store.readAll()).length).toBe(4)
  })

  it('writes a command that spans streams in one appendMany, all or nothing', async () => {
    const store = inMemoryEventStore()
    handled(await handleCommand(store, ada, { now }))
    const calls: string[] = []
    const watched = { ...store, appendMany: (a: Parameters<typeof store.appendMany>[0]) => (calls.push(a.map((p) => `${p.streamId}:${p.events.length}`).join(',')), store.appendMany(a)) }
    const r = handled(
      await handleCommand(watched, { type: 'ReceiveReferral', commandId: 'k-ref', contactId: 'ada', referralId: 'r1', refereeId: 'cy', referee: { name: 'Cy' } }, { now }),
    )
    expect(r.events.map((s) => [s.streamId, s.event.type])).toEqual([
      ['contact-cy', 'ContactAdded'],
      ['contact-cy', 'ContactRoleChanged'],
      ['contact-ada', 'ReferralReceived'],
    ])
    expect(calls).toEqual(['contact-cy:2,contact-ada:1'])
  })

  it('a store without appendMany does not compile', () => {
    const single: EventStore = inMemoryEventStore()
    // @ts-expect-error — handleCommand needs MultiStreamAppend: a command may write two streams at once.
    const call = () => handleCommand(single, ada, { now })
    expect(typeof call).toBe('function')
  })

  it('a store that fails is a value (store-failed), and so is a snapshot source that fails', async () => {
    const store = inMemoryEventStore()
    const boom = new Error('connection reset')
    const failing = (what: 'readStream' | 'append' | 'readAll') => ({ ...store, [what]: () => Promise.reject(boom) })
    for (const [what, command] of [
      ['readStream', ada],
      ['append', ada],
      ['readAll', { type: 'ApproveReward', commandId: 'k9', rewardId: 'w' } as Command],
    ] as const) {
      const e = refused(await handleCommand(failing(what), command, { now }))
      expect([e.code, (e as { cause?: unknown }).cause, e.params['operation']]).toEqual(['store-failed', boom, what])
      expect(e.message).toMatch(/handling it again is safe/)
    }
    const e = refused(await handleCommand(store, ada, { now, snapshot: () => Promise.reject(boom) }))
    expect([e.code, e.params['operation']]).toEqual(['store-failed', 'snapshot'])
    await expect(handleCommand(store, ada, { now, maxRetries: -1 })).rejects.toThrow(RangeError)
  })

  it('retries on version conflicts only, up to maxRetries, and says how many', async () => {
    const store = inMemoryEventStore()
    handled(await handleCommand(store, ada, { now }))
    // Another writer slips an event into the stream before every append of the handler.
    let k = 0
    const slip = (): RelationshipEvent => ({ id: `slip/${k++}`, type: 'ContactRated', at: now.toISOString(), schema: 1, contactId: 'ada', score: 3 }) as RelationshipEvent
    const busy = {
      ...store,
      append: async (...args: Parameters<typeof store.append>) => {
        expect(E.isRight(await store.append(contactStreamId('ada'), [slip()], 'any'))).toBe(true)
        return store.append(...args)
      },
    }
    const e = refused(await handleCommand(busy, { type: 'RateContact', commandId: 'k5', contactId: 'ada', score: 4 }, { now, maxRetries: 2 }))
    expect([e.code, (e as { retries: number }).retries]).toEqual(['version-conflict', 2])
    // A refusal is never retried.
    let appends = 0
    const counting = { ...store, append: (...args: Parameters<typeof store.append>) => (appends++, store.append(...args)) }
    refused(await handleCommand(counting, { type: 'RateContact', commandId: 'k6', contactId: 'ada', score: 0 }, { now }))
    expect(appends).toBe(0)
  })
})

describe('handleCommand against the whole log', () => {
  const logs = arbitraryEventStream({ maxEvents: 60, maxContacts: 6, merges: true })

  it('(a) stores the events decide makes against the fold of the whole log, or refuses as it does — with or without a snapshot', async () => {
    await fc.assert(
      fc.asyncProperty(
        logs.chain((events) => {
          const state = foldEvents(events)
          return fc.tuple(fc.constant(events), arbitraryCommand(state, 'cmd-under-test'), fc.option(fc.nat(), { nil: undefined }))
        }),
        async ([events, command, split]) => {
          const store = inMemoryEventStore()
          const stored = await load(store, events)
          const whole = foldEvents(stored.map((s) => s.event))
          const expected = decide(command, whole, now)
          let snap
          if (split !== undefined) {
            const k = split % (stored.length + 1)
            const r = restoreSnapshot(JSON.stringify(snapshot(foldEvents(stored.slice(0, k).map((s) => s.event)), k)))
            if (E.isLeft(r)) throw new Error(r.left.message)
            snap = r.right
          }
          const r = await handleCommand(store, command, { now, ...(snap === undefined ? {} : { snapshot: snap }) })
          if (E.isLeft(expected)) {
            expect(E.isLeft(r) ? r.left.code : 'handled').toBe(expected.left.code)
          } else {
            const h = handled(r)
            expect(h.events.map((s) => s.event)).toEqual(expected.right)
            expect(h.written).toBe(expected.right.length)
            // Stored as handed back.
            const after = await store.readAll()
            expect(after.slice(stored.length)).toEqual(h.events)
          }
        },
      ),
      { numRuns: 250 },
    )
  })

  it('from a snapshot, a referral received since is folded with every stream since: a referee\'s referral lost meanwhile elsewhere does not hide it', async () => {
    // Found by (a): the snapshot knew c2's referral about c0 as open; it was lost afterwards in
    // c2's stream, which c1's AdvanceReferral does not read. Folding c1's stream alone onto
    // the snapshot set c1's referral aside (the referee still had an open one) — unknown-referral.
    const at = (d: number) => new Date(Date.UTC(2026, 0, d)).toISOString()
    const ev = (id: string, d: number, type: string, body: Record<string, unknown>) => ({ id, type, at: at(d), schema: 1, ...body }) as unknown as RelationshipEvent
    const store = inMemoryEventStore()
    const stored = await load(store, [
      ev('s/1', 1, 'ContactAdded', { contactId: 'c0', name: 'Referee', met: true }),
      ev('s/2', 1, 'ContactAdded', { contactId: 'c1', name: 'First referrer', met: true }),
      ev('s/3', 1, 'ContactAdded', { contactId: 'c2', name: 'Second referrer', met: true }),
      ev('s/4', 2, 'ReferralReceived', { contactId: 'c2', referralId: 'r3', refereeId: 'c0' }),
      ev('s/5', 3, 'ReferralStageChanged', { contactId: 'c2', referralId: 'r3', stage: 'lost', reason: 'went elsewhere' }),
      ev('s/6', 4, 'ReferralReceived', { contactId: 'c1', referralId: 'r7', refereeId: 'c0' }),
      ev('s/7', 5, 'ReferralStageChanged', { contactId: 'c1', referralId: 'r7', stage: 'contacted' }),
    ])
    const whole = foldEvents(stored.map((e) => e.event))
    expect(whole.referrals.get('r7')?.stage).toBe('contacted')
    const snap = { position: 4, state: foldEvents(stored.slice(0, 4).map((e) => e.event)) }
    const again = refused(await handleCommand(store, { type: 'AdvanceReferral', commandId: 'k20', contactId: 'c1', referralId: 'r7', stage: 'contacted' }, { now, snapshot: snap }))
    expect(again.code).toBe('stage-not-forward')
    const on = handled(await handleCommand(store, { type: 'AdvanceReferral', commandId: 'k21', contactId: 'c1', referralId: 'r7', stage: 'appointment' }, { now, snapshot: snap }))
    expect(on.events.map((e) => e.event.type)).toContain('ReferralStageChanged')
  })

  it('a snapshot source may be a function, read once per call', async () => {
    const store = inMemoryEventStore()
    handled(await handleCommand(store, ada, { now }))
    let calls = 0
    const source = async () => {
      calls++
      const all = await store.readAll()
      return { position: all.length, state: foldEvents(all.map((s) => s.event)) }
    }
    handled(await handleCommand(store, { type: 'RateContact', commandId: 'k7', contactId: 'ada', score: 5 }, { now, snapshot: source }))
    expect(calls).toBe(1)
    // A source with nothing yet: fold from the empty network.
    handled(await handleCommand(store, { type: 'RateContact', commandId: 'k8', contactId: 'ada', score: 4 }, { now, snapshot: async () => undefined }))
  })
})

describe('what a command reads is what its decision needs', () => {
  /** A store that counts its reads. */
  const counted = (store: ReturnType<typeof inMemoryEventStore>) => {
    const reads = { streams: [] as string[], logPages: 0 }
    return {
      reads,
      store: {
        ...store,
        readStream: (s: Parameters<typeof store.readStream>[0], o?: Parameters<typeof store.readStream>[1]) => (reads.streams.push(s), store.readStream(s, o)),
        readAll: (o?: Parameters<typeof store.readAll>[0]) => (reads.logPages++, store.readAll(o)),
      },
    }
  }

  it('a contact command reads its stream alone, never the log', async () => {
    const store = inMemoryEventStore()
    handled(await handleCommand(store, ada, { now }))
    handled(await handleCommand(store, bo, { now }))
    const c = counted(store)
    handled(await handleCommand(c.store, { type: 'RateContact', commandId: 'k1', contactId: 'ada', score: 4 }, { now }))
    expect(c.reads).toEqual({ streams: ['contact-ada'], logPages: 0 })
  })

  it("a referee's open referral is anyone's: ReceiveReferral reads the log and refuses a second one from another referrer", async () => {
    const store = inMemoryEventStore()
    for (const k of [ada, bo, { type: 'AddContact', commandId: 'k-cy', contactId: 'cy', name: 'Cy', met: false, role: 'client' } as const]) handled(await handleCommand(store, k, { now }))
    handled(await handleCommand(store, { type: 'ReceiveReferral', commandId: 'k-r1', contactId: 'ada', referralId: 'r1', refereeId: 'cy' }, { now }))
    const c = counted(store)
    const e = refused(await handleCommand(c.store, { type: 'ReceiveReferral', commandId: 'k-r2', contactId: 'bo', referralId: 'r2', refereeId: 'cy' }, { now }))
    expect(e.code).toBe('referee-has-open-referral')
    expect(c.reads.logPages).toBeGreaterThan(0)
    // And a referral id taken by another referrer.
    expect(refused(await handleCommand(store, { type: 'ReceiveReferral', commandId: 'k-r3', contactId: 'bo', referralId: 'r1', refereeId: 'ada' }, { now })).code).toBe('referral-exists')
  })

  it("a referred lead's stages are its referral's: AdvanceLead reads the log and refuses", async () => {
    const store = inMemoryEventStore()
    handled(await handleCommand(store, ada, { now }))
    handled(await handleCommand(store, { type: 'ReceiveReferral', commandId: 'k-r', contactId: 'ada', referralId: 'r1', refereeId: 'cy', referee: { name: 'Cy' } }, { now }))
    expect(refused(await handleCommand(store, { type: 'AdvanceLead', commandId: 'k-l', contactId: 'cy', stage: 'contacted' }, { now })).code).toBe('lead-is-referred')
  })

  it('from a snapshot, the log is read only after its position', async () => {
    const store = inMemoryEventStore()
    handled(await handleCommand(store, ada, { now }))
    handled(await handleCommand(store, { type: 'ReceiveReferral', commandId: 'k-r', contactId: 'ada', referralId: 'r1', refereeId: 'cy', referee: { name: 'Cy' } }, { now }))
    const all = await store.readAll()
    const snap = { position: all.length, state: foldEvents(all.map((x) => x.event)) }
    const c = counted(store)
    const froms: number[] = []
    const watched = { ...c.store, readAll: (o?: { fromPosition?: number; limit?: number }) => (froms.push(o?.fromPosition ?? 1), c.store.readAll(o)) }
    expect(refused(await handleCommand(watched, { type: 'AdvanceLead', commandId: 'k-l', contactId: 'cy', stage: 'contacted' }, { now, snapshot: snap })).code).toBe('lead-is-referred')
    expect(froms).toEqual([all.length + 1])
  })
})

describe('handlers racing', () => {
  it('(b) on overlapping streams: one wins, the other retries and sees its events; nothing half-written', async () => {
    const store = inMemoryEventStore()
    handled(await handleCommand(store, ada, { now }))
    handled(await handleCommand(store, bo, { now }))
    // Both refer the same new person: each writes the referee's stream (as new) and its own.
    const race = racing(store, 2)
    const refer = (referrer: string, k: string) =>
      handleCommand(race, { type: 'ReceiveReferral', commandId: k, contactId: referrer, referralId: `r-${k}`, refereeId: 'cy', referee: { name: 'Cy' } }, { now })
    const [a, b] = await Promise.all([refer('ada', 'ka'), refer('bo', 'kb')])
    const results = [a, b]
    const winners = results.filter(E.isRight)
    const losers = results.filter(E.isLeft)
    expect([winners.length, losers.length]).toEqual([1, 1])
    // The loser retried, read the winner's referral, and was refused for it.
    const loser = (losers[0] as E.Left<CommandError>).left
    expect(loser.code).toBe('referee-has-open-referral')
    const all = await store.readAll()
    const winner = (winners[0] as E.Right<CommandHandled>).right
    expect(all.slice(3)).toEqual(winner.events)
    // Nothing of the loser's command is stored, in any stream.
    const loserId = winner.commandId === 'ka' ? 'kb' : 'ka'
    expect(all.filter((s) => s.event.id.startsWith(`${loserId}/`))).toEqual([])
  })

  it('(b) the loser of a race retries and decides on the winner\'s events', async () => {
    const store = inMemoryEventStore()
    handled(await handleCommand(store, ada, { now }))
    const race = racing(store, 2)
    const enroll = (k: string, enrollmentId: string) =>
      handleCommand(race, { type: 'EnrollInPlan', commandId: k, contactId: 'ada', enrollmentId, planId: '8x8', startDate: '2026-12-01' }, { now })
    const rate = handleCommand(race, { type: 'RateContact', commandId: 'k-rate', contactId: 'ada', score: 4 }, { now })
    const [e1, r1] = await Promise.all([enroll('k-e1', 'en1'), rate])
    // Both succeed: the second to commit retried once, on a state with the first's event.
    const both = [handled(e1), handled(r1)]
    expect(both.map((h) => h.retries).sort()).toEqual([0, 1])
    const versions = (await store.readStream(contactStreamId('ada'))).map((s) => s.streamVersion)
    expect(versions).toEqual([1, 2, 3, 4])
    // Many at once on one stream: each lands once, versions without gaps.
    const many = await Promise.all(
      Array.from({ length: 8 }, (_, i) => handleCommand(store, { type: 'LogTouch', commandId: `k-t${i}`, contactId: 'ada', kind: 'call', channel: 'phone', on: '2026-11-20' }, { now, maxRetries: 20 })),
    )
    many.forEach((m) => handled(m))
    expect((await store.readStream(contactStreamId('ada'))).map((s) => s.streamVersion)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1))
  })
})

describe('readPlan: what each command reads', () => {
  const state = foldEvents([])
  const read = new Map<never, never>()
  it('is written down in src/handler/reads.ts, and holds', () => {
    const plan = (c: Record<string, unknown>) => readPlan({ commandId: 'k', ...c } as unknown as Command, state, read)
    expect(plan({ type: 'RateContact', contactId: 'a', score: 3 })).toEqual({ streams: ['contact-a'], log: false })
    expect(plan({ type: 'RecordFeedback', contactId: 'a', aboutContactId: 'b', nps: 3 })).toEqual({ streams: ['contact-a', 'contact-b'], log: false })
    expect(plan({ type: 'RecordCost', category: 'gift', amount: { amount: 1, currency: 'USD' } })).toEqual({ streams: [], log: false })
    expect(plan({ type: 'ReceiveReferral', contactId: 'a', refereeId: 'b', referralId: 'r' })).toEqual({ streams: ['contact-a', 'contact-b'], log: true })
    expect(plan({ type: 'AdvanceLead', contactId: 'a', stage: 'contacted' })).toEqual({ streams: ['contact-a'], log: true })
    expect(plan({ type: 'CloseTransaction', contactId: 'a' })).toEqual({ streams: ['contact-a'], log: false })
    expect(plan({ type: 'CloseTransaction', contactId: 'a', referralId: 'r' })).toEqual({ streams: ['contact-a'], log: true })
    expect(plan({ type: 'AdvanceReferral', contactId: 'a', referralId: 'r' })).toEqual({ streams: ['contact-a'], log: false })
    expect(plan({ type: 'ApproveReward', rewardId: 'w' })).toEqual({ streams: [], log: true })
    expect(plan({ type: 'MergeContacts', survivorId: 'a', mergedId: 'b' })).toEqual({ streams: ['contact-a', 'contact-b'], log: false })
    expect(plan({ type: 'Nope' })).toEqual({ streams: [], log: false })
    expect(plan({ type: 'RateContact', contactId: '' })).toEqual({ streams: [], log: false })
    expect(readPlan(null as unknown as Command, initialNetwork, read)).toEqual({ streams: [], log: false })
  })

  it('a referral command reads the referee named by the referral in the referrer\'s stream; a team reward the programme stream', async () => {
    const store = inMemoryEventStore()
    handled(await handleCommand(store, ada, { now }))
    handled(await handleCommand(store, { type: 'ReceiveReferral', commandId: 'k-r', contactId: 'ada', referralId: 'r1', refereeId: 'cy', referee: { name: 'Cy' } }, { now }))
    const streams = new Map<string, readonly StoredEvent[]>([[contactStreamId('ada'), await store.readStream(contactStreamId('ada'))]])
    const all = await store.readAll()
    const s = foldEvents(all.map((x) => x.event))
    expect(readPlan({ type: 'AdvanceReferral', commandId: 'k', contactId: 'ada', referralId: 'r1', stage: 'contacted' }, s, streams as never)).toEqual({ streams: ['contact-ada', 'contact-cy'], log: false })
    expect(readPlan({ type: 'AdvanceReferral', commandId: 'k', contactId: 'ada', referralId: 'r-other', stage: 'contacted' }, s, streams as never)).toEqual({ streams: ['contact-ada'], log: true })
    const team = foldEvents([{ id: 'w/1', type: 'RewardIssued', at: '2026-11-26T10:00:00Z', schema: 1, rewardId: 'w-team', referralId: 'r1', stage: 'received', ruleId: 'x', recipientId: 'tm', side: 'team', value: { kind: 'points', points: 3 } } as never], s)
    expect(readPlan({ type: 'ApproveReward', commandId: 'k', rewardId: 'w-team' }, team, streams as never)).toEqual({ streams: [PROGRAMME_STREAM], log: true })
  })
})
