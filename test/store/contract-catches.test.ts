/**
 * The contract must fail a broken adapter: each store below breaks one rule, and the cases
 * that guard that rule must reject when run against it.
 */
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import type { RelationshipEvent } from '../../src/events/index.js'
import { inMemoryEventStore, type EventStore, type StoredEvent, type StreamAppend } from '../../src/store/index.js'
import { eventStoreContract, type MakeEventStore } from '../../src/testing/index.js'

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0))

/** Collects the contract's cases instead of registering them, so they can be run here. */
const casesFor = (make: MakeEventStore): Map<string, () => Promise<void>> => {
  const cases = new Map<string, () => Promise<void>>()
  eventStoreContract(
    make,
    {
      describe: (_name, body) => body(),
      it: (name, body) => void cases.set(name, body),
      expect,
    },
    { largeAppendSize: 300, contiguousPositions: true },
  )
  return cases
}

/** The names of the cases that fail against a store. */
const failuresOf = async (make: MakeEventStore): Promise<string[]> => {
  const failed: string[] = []
  for (const [name, body] of casesFor(make)) {
    try {
      await body()
    } catch {
      failed.push(name)
    }
  }
  return failed
}

const CASE = {
  readBack: 'appends to a new stream and reads it back',
  wrongVersion: 'a wrong expected version is a conflict and writes nothing',
  noStream: "'no-stream' on an existing stream is a conflict; 'any' and 0 behave as documented",
  atomic: 'a batch that conflicts writes none of its events',
  race: 'concurrent appends with the same expected version: exactly one wins, nothing lost or duplicated',
  paging: 'read all is ordered by position and pages from a position',
  retry: 'a retried append of the same batch succeeds and writes nothing new, even with a stale expected version',
  mixed: 'a batch of stored and new events writes only the new ones, under the version check',
  duplicate: 'the same id with other content is a conflict',
  empty: 'an empty append checks the version and writes nothing',
  copy: 'the store keeps its own copy: mutating what was appended or read changes nothing',
  invalid: 'an event that would not decode refuses the batch (invalid-event): nothing is written, reads still work',
  manyAtomic: 'a conflict in one stream writes nothing in any, and names the stream',
  erase: 'erase leaves no personal data of the contact in any stored event, and the same state when folded',
} as const

/** Ignores the expected version: every append is taken as `'any'`. */
const ignoresExpectedVersion = (): EventStore => {
  const inner = inMemoryEventStore()
  return { ...inner, append: (s, events) => inner.append(s, events, 'any') }
}

/** Checks the version, then yields, then writes: the classic lost-update race. */
const checksThenWrites = (): EventStore => {
  const inner = inMemoryEventStore()
  return {
    ...inner,
    async append(s, events, expected) {
      const actual = (await inner.readStream(s)).length
      const matches = expected === 'any' || (expected === 'no-stream' ? actual === 0 : expected === actual)
      if (!matches) return E.left({ _tag: 'wrong-expected-version', streamId: s, expected, actual })
      await tick()
      return inner.append(s, events, 'any')
    },
  }
}

/** Writes a batch one event at a time, stopping at the first refusal (not atomic). */
const oneAtATime = (): EventStore => {
  const inner = inMemoryEventStore()
  return {
    ...inner,
    async append(s, events, expected) {
      let last = await inner.append(s, [], expected) // the version check alone
      if (E.isLeft(last)) return last
      const positions: number[] = []
      for (const e of events) {
        last = await inner.append(s, [e], 'any')
        if (E.isLeft(last)) return last
        positions.push(...last.right.positions)
      }
      return E.map((r: { nextExpectedVersion: number }) => ({ ...r, streamId: s, positions, written: positions.length }))(last)
    },
  }
}

/** Treats every stored id as a conflict: retries fail. */
const neverIdempotent = (): EventStore => {
  const inner = inMemoryEventStore()
  return {
    ...inner,
    async append(s, events, expected) {
      const stored = new Set((await inner.readAll()).map((x) => x.event.id))
      const i = events.findIndex((e) => stored.has(e.id))
      if (i >= 0) return E.left({ _tag: 'duplicate-event-id', streamId: s, eventId: (events[i] as RelationshipEvent).id, index: i })
      return inner.append(s, events, expected)
    },
  }
}

/** Hands back the very objects the caller appended (stores by reference). */
const storesReferences = (): EventStore => {
  const inner = inMemoryEventStore()
  const originals = new Map<string, RelationshipEvent>()
  const swap = (xs: readonly StoredEvent[]) => xs.map((x) => ({ ...x, event: originals.get(x.event.id) ?? x.event }))
  return {
    async append(s, events, expected) {
      const r = await inner.append(s, events, expected)
      if (E.isRight(r)) for (const e of events) if (!originals.has(e.id)) originals.set(e.id, e)
      return r
    },
    readStream: async (s, o) => swap(await inner.readStream(s, o)),
    readAll: async (o) => swap(await inner.readAll(o)),
  }
}

/** Ignores `limit`: paging never pages. */
const ignoresLimit = (): EventStore => {
  const inner = inMemoryEventStore()
  return { ...inner, readAll: (o) => inner.readAll(o?.fromPosition === undefined ? {} : { fromPosition: o.fromPosition }) }
}

/** Appends the parts of a multi-stream append one after another: the first lands even when a later one conflicts. */
const manyOneByOne = (): EventStore => {
  const inner = inMemoryEventStore()
  return {
    ...inner,
    async appendMany(appends: readonly StreamAppend[]) {
      const results = []
      for (const a of appends) {
        const r = await inner.append(a.streamId, a.events, a.expected)
        if (E.isLeft(r)) return r
        results.push(r.right)
      }
      return E.right(results)
    },
  } as EventStore
}

/** Says it erased, and rewrites nothing. */
const erasesNothing = (): EventStore => {
  const inner = inMemoryEventStore()
  return { ...inner, erase: async (contactId: string) => E.right({ contactId, rewritten: 0 }) } as EventStore
}

/** Stores whatever it is given, decoded or not (as a store that skips `planAppend`'s decoding would). */
const skipsDecoding = (): EventStore => {
  const inner = inMemoryEventStore()
  return {
    ...inner,
    async append(s, events, expected) {
      // Replace an undecodable rating by a valid one before the real store sees it: the batch is "written".
      const patched = events.map((e) => (e.type === 'ContactRated' && typeof e.score === 'number' && e.score > 5 ? { ...e, score: 5 } : e))
      return inner.append(s, patched, expected)
    },
  }
}

describe('eventStoreContract catches broken adapters', () => {
  it('names the cases this file relies on, and the reference adapter passes them all', async () => {
    const names = [...casesFor(() => inMemoryEventStore()).keys()]
    expect(names).toEqual(expect.arrayContaining(Object.values(CASE)))
    expect(await failuresOf(() => inMemoryEventStore())).toEqual([])
  })

  it('refuses a store that needs no fresh store per case', async () => {
    const shared = inMemoryEventStore()
    const failed = await failuresOf(() => shared)
    // Every case after the first finds the events of the ones before.
    expect(failed.length).toBeGreaterThan(10)
  })

  it.each([
    ['ignores expected versions', ignoresExpectedVersion, [CASE.wrongVersion, CASE.noStream, CASE.race, CASE.mixed, CASE.empty]],
    ['checks the version before yielding, writes after', checksThenWrites, [CASE.race]],
    ['writes a batch one event at a time', oneAtATime, [CASE.atomic]],
    ['treats every stored id as a conflict', neverIdempotent, [CASE.retry, CASE.mixed]],
    ['hands back the objects it was given', storesReferences, [CASE.copy]],
    ['ignores the page limit', ignoresLimit, [CASE.paging]],
    ['appends the parts of a multi-stream append one by one', manyOneByOne, [CASE.manyAtomic]],
    ['erases nothing', erasesNothing, [CASE.erase]],
    ['stores events that would not decode', skipsDecoding, [CASE.invalid]],
  ] as const)('a store that %s fails the cases that guard it', async (_, make, mustFail) => {
    const failed = await failuresOf(make)
    expect(failed).toEqual(expect.arrayContaining([...mustFail]))
    // It still passes the basics: the failures are about the rule it breaks.
    expect(failed).not.toContain(CASE.readBack)
  })
})
