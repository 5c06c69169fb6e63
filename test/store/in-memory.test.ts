import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { decodeEvent, type RelationshipEvent } from '../../src/events/index.js'
import {
  canonicalEventJson,
  contactIdOfStream,
  contactStreamId,
  expectedVersionMatches,
  inMemoryEventStore,
  isExpectedVersion,
  isStreamId,
  PROGRAMME_STREAM,
  sameEventContent,
  streamIdOf,
} from '../../src/store/index.js'
import { eventStoreContract } from '../../src/testing/index.js'

eventStoreContract(() => inMemoryEventStore(), { describe, it, expect }, { name: 'inMemoryEventStore: contract', contiguousPositions: true })

const AT = '2026-11-26T09:00:00Z'

/** A hand-built event, checked by the decoder so the tests only use valid ones. */
const valid = (raw: Record<string, unknown>): RelationshipEvent => {
  const r = decodeEvent(raw)
  if (E.isLeft(r)) throw new Error(r.left.message)
  return r.right
}
const added = (id: string, contactId: string, name = 'Ada') =>
  valid({ id, type: 'ContactAdded', at: AT, schema: 1, contactId, name, met: true })
const rated = (id: string, contactId: string, score = 3) =>
  valid({ id, type: 'ContactRated', at: AT, schema: 1, contactId, score })
const cost = (id: string) =>
  valid({ id, type: 'CostRecorded', at: AT, schema: 1, category: 'mailing', amount: { amount: 100, currency: 'USD' } })

const right = <A>(r: E.Either<unknown, A>): A => {
  if (E.isLeft(r)) throw new Error(`expected Right, got ${JSON.stringify(r.left)}`)
  return r.right
}

describe('streams', () => {
  it('puts a contact event in its contact stream and a contact-less one in the programme stream', () => {
    expect(streamIdOf(added('e1', 'c-42'))).toBe('contact-c-42')
    expect(streamIdOf(cost('e2'))).toBe(PROGRAMME_STREAM)
    // A programme-type event that names a contact stays with that contact.
    const reward = valid({
      id: 'e3', type: 'RewardApproved', at: AT, schema: 1, contactId: 'c7', rewardId: 'reward/r/closed/x/c7',
    })
    expect(streamIdOf(reward)).toBe('contact-c7')
    // A referral lives in its referrer's stream.
    const referral = valid({ id: 'e4', type: 'ReferralReceived', at: AT, schema: 1, contactId: 'ref', referralId: 'r1', refereeId: 'lead' })
    expect(streamIdOf(referral)).toBe('contact-ref')
  })

  it('names, recognises and takes apart stream ids', () => {
    expect(contactStreamId('programme')).toBe('contact-programme')
    expect(['contact-c1', 'programme', 'contact-', 'Programme', 'c1', 42].map(isStreamId)).toEqual([true, true, false, false, false, false])
    expect(contactIdOfStream('contact-a-b')).toBe('a-b')
    expect(contactIdOfStream('programme')).toBeUndefined()
  })
})

describe('expected versions', () => {
  it('match as documented', () => {
    expect([expectedVersionMatches('no-stream', 0), expectedVersionMatches('no-stream', 1)]).toEqual([true, false])
    expect([expectedVersionMatches(0, 0), expectedVersionMatches(2, 2), expectedVersionMatches(2, 3)]).toEqual([true, true, false])
    expect([expectedVersionMatches('any', 0), expectedVersionMatches('any', 9)]).toEqual([true, true])
    expect([0, 3, 'any', 'no-stream', -1, 1.5, NaN, '1', null].map(isExpectedVersion)).toEqual([
      true, true, true, true, false, false, false, false, false,
    ])
  })
})

describe('canonical event JSON', () => {
  it('ignores key order and tells other content apart', () => {
    const e = rated('e1', 'c1', 4)
    const reversed = Object.fromEntries(Object.entries(e).reverse()) as unknown as RelationshipEvent
    expect(canonicalEventJson(reversed)).toBe(canonicalEventJson(e))
    expect(sameEventContent(e, reversed)).toBe(true)
    expect(sameEventContent(e, rated('e1', 'c1', 5))).toBe(false)
    expect(canonicalEventJson(e)).toBe('{"at":"2026-11-26T09:00:00Z","contactId":"c1","id":"e1","schema":1,"score":4,"type":"ContactRated"}')
  })

  it('sorts nested keys', () => {
    const a = valid({ id: 'm', type: 'CostRecorded', at: AT, schema: 1, category: 'gift', amount: { amount: 1, currency: 'USD' } })
    const b = { ...a, amount: { currency: 'USD', amount: 1 } } as RelationshipEvent
    expect(canonicalEventJson(a)).toBe(canonicalEventJson(b))
  })
})

describe('inMemoryEventStore', () => {
  it('hands out frozen stored events and fresh arrays', async () => {
    const store = inMemoryEventStore()
    right(await store.append('contact-c1', [added('f1', 'c1')], 'no-stream'))
    const [first] = await store.readStream('contact-c1')
    expect(Object.isFrozen(first)).toBe(true)
    expect(Object.isFrozen(first?.event)).toBe(true)
    const a = await store.readAll()
    const b = await store.readAll()
    expect(a).not.toBe(b)
    expect(a[0]).toBe(b[0]) // shared, which is safe because frozen
    expect(() => {
      ;(first as { position: number }).position = 9
    }).toThrow(TypeError)
  })

  it('copies a batch when append is called, before it commits', async () => {
    const store = inMemoryEventStore()
    const e = added('c1', 'c1') as RelationshipEvent & { name: string }
    const pending = store.append('contact-c1', [e], 'no-stream')
    e.name = 'Eve' // before the append has resolved
    right(await pending)
    expect((await store.readAll())[0]?.event).toEqual(added('c1', 'c1'))
  })

  it('commits after yielding, so concurrent appends really race', async () => {
    const store = inMemoryEventStore()
    const pending = store.append('contact-c1', [added('y1', 'c1')], 'no-stream')
    expect(await store.readAll()).toHaveLength(0) // not committed yet: the append yielded
    right(await pending)
    expect(await store.readAll()).toHaveLength(1)
  })

  it('keeps positions gap-free across refused, retried and empty appends', async () => {
    const store = inMemoryEventStore()
    right(await store.append('contact-c1', [added('g1', 'c1')], 'no-stream'))
    await store.append('contact-c1', [rated('g2', 'c1')], 'no-stream') // refused
    await store.append('contact-c1', [added('g1', 'c1')], 'no-stream') // retry
    await store.append('contact-c1', [], 'any') // empty
    right(await store.append('programme', [cost('g3')], 'no-stream'))
    right(await store.append('contact-c1', [rated('g2', 'c1')], 1))
    expect((await store.readAll()).map((s) => [s.position, s.event.id])).toEqual([[1, 'g1'], [2, 'g3'], [3, 'g2']])
  })

  it('reports the first rule a batch breaks: stream, then id, then version', async () => {
    const store = inMemoryEventStore()
    right(await store.append('contact-c1', [rated('o1', 'c1', 1)], 'no-stream'))
    const r1 = await store.append('contact-c1', [rated('o1', 'c1', 2), added('o2', 'c2')], 7)
    expect(E.isLeft(r1) && r1.left._tag).toBe('wrong-stream')
    const r2 = await store.append('contact-c1', [rated('o1', 'c1', 2)], 7)
    expect(E.isLeft(r2) && r2.left._tag).toBe('duplicate-event-id')
  })

  it('rejects arguments outside their domain (a bug, not a conflict)', async () => {
    const store = inMemoryEventStore()
    await expect(store.append('contact-c1', [], -1)).rejects.toThrow(RangeError)
    await expect(store.append('contact-c1', [], 1.5)).rejects.toThrow(RangeError)
    await expect(store.append('nowhere' as 'programme', [], 'any')).rejects.toThrow(TypeError)
    await expect(store.readAll({ limit: -1 })).rejects.toThrow(RangeError)
    await expect(store.readAll({ fromPosition: Number.NaN })).rejects.toThrow(RangeError)
    await expect(store.readStream('contact-c1', { fromVersion: 0.5 })).rejects.toThrow(RangeError)
    // 0 reads from the start, like 1.
    expect(await store.readAll({ fromPosition: 0 })).toEqual([])
  })

  it('keeps separate stores separate', async () => {
    const a = inMemoryEventStore()
    const b = inMemoryEventStore()
    right(await a.append('contact-c1', [added('s1', 'c1')], 'no-stream'))
    expect(await b.readAll()).toEqual([])
    right(await b.append('contact-c1', [added('s1', 'c1', 'Other')], 'no-stream'))
  })
})
