import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { decodeEvent, type RelationshipEvent } from '../../src/events/index.js'
import { canonicalEventJson, planAppend, type StoredFingerprint } from '../../src/store/index.js'

const rated = (id: string, score = 3): RelationshipEvent => {
  const r = decodeEvent({ id, type: 'ContactRated', at: '2026-11-26T09:00:00Z', schema: 1, contactId: 'c1', score })
  if (E.isLeft(r)) throw new Error(r.left.message)
  return r.right
}

const nothingStored = { version: 0, stored: () => undefined }

describe('planAppend', () => {
  it('plans new events at the next versions, as frozen copies', () => {
    const events = [rated('a'), rated('b')]
    const plan = planAppend('contact-c1', events, 'no-stream', nothingStored)
    if (E.isLeft(plan)) throw new Error('refused')
    expect(plan.right.toWrite.map((w) => [w.event.id, w.streamVersion, w.canonical])).toEqual([
      ['a', 1, canonicalEventJson(events[0] as RelationshipEvent)],
      ['b', 2, canonicalEventJson(events[1] as RelationshipEvent)],
    ])
    expect(plan.right.toWrite[0]?.event).not.toBe(events[0])
    expect(Object.isFrozen(plan.right.toWrite[0]?.event)).toBe(true)
    expect(plan.right.result([7, 8])).toEqual({ streamId: 'contact-c1', nextExpectedVersion: 2, positions: [7, 8], written: 2 })
  })

  it('skips stored events and reports where they are', () => {
    const stored = new Map<string, StoredFingerprint>([['a', { canonical: canonicalEventJson(rated('a')), streamVersion: 4, position: 40 }]])
    const context = { version: 5, stored: (id: string) => stored.get(id) }
    const retry = planAppend('contact-c1', [rated('a')], 2, context)
    expect(E.map((p: { result: (w: readonly number[]) => unknown }) => p.result([]))(retry)).toEqual(
      E.right({ streamId: 'contact-c1', nextExpectedVersion: 4, positions: [40], written: 0 }),
    )
    const mixed = planAppend('contact-c1', [rated('a'), rated('c'), rated('c')], 5, context)
    if (E.isLeft(mixed)) throw new Error('refused')
    expect(mixed.right.toWrite.map((w) => [w.event.id, w.streamVersion])).toEqual([['c', 6]])
    expect(mixed.right.result([51])).toEqual({ streamId: 'contact-c1', nextExpectedVersion: 6, positions: [40, 51, 51], written: 1 })
    expect(planAppend('contact-c1', [rated('a'), rated('c')], 4, context)).toEqual(
      E.left({ _tag: 'wrong-expected-version', streamId: 'contact-c1', expected: 4, actual: 5 }),
    )
    expect(planAppend('contact-c1', [rated('c'), rated('a', 1)], 5, context)).toEqual(
      E.left({ _tag: 'duplicate-event-id', streamId: 'contact-c1', eventId: 'a', index: 1 }),
    )
  })

  it('throws only on a bug: a value that is not a stream id or an expected version', () => {
    expect(() => planAppend('contact-' as 'programme', [], 'any', nothingStored)).toThrow(TypeError)
    expect(() => planAppend('programme', [], -2, nothingStored)).toThrow(RangeError)
  })
})
