import { describe, expect, it } from 'vitest'
import { eventStream, generateEventStream } from '../../src/testing/index.js'

describe('eventStream', () => {
  it('yields the very stream generateEventStream builds, one event at a time, and can be read again', () => {
    const options = { seed: 7, contacts: 40, events: 3000 }
    const stream = eventStream(options)
    const array = generateEventStream(options)
    expect([...stream]).toEqual(array)
    expect([...stream]).toEqual(array)
  })

  it('does not build the stream before it is read', () => {
    const it = eventStream({ seed: 1, contacts: 10, events: 50_000_000 })[Symbol.iterator]()
    const first = Array.from({ length: 5 }, () => it.next().value)
    expect(first.map((e) => e?.id)).toEqual(['e0', 'e1', 'e2', 'e3', 'e4'])
  })
})
