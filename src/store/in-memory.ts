/**
 * The reference adapter: an `EventStore` in process memory. For tests, demos and examples;
 * it is not durable (everything is gone with the process) and holds every event in memory.
 *
 * It is honest about concurrency: `append` yields to the event loop between receiving a
 * batch and committing it, and checks the expected version at commit time, so concurrent
 * appends interleave as they would against a database, and exactly one of several appends
 * that expect the same version wins.
 */
import * as E from 'fp-ts/lib/Either.js'
import { frozenEventCopy, planAppend, type StoredFingerprint } from './plan.js'
import type { EventStore, ReadAllOptions, ReadStreamOptions, StoredEvent } from './port.js'
import type { StreamId } from './streams.js'

const checkNumber = (name: string, n: number | undefined): void => {
  if (n !== undefined && !(Number.isSafeInteger(n) && n >= 0)) {
    throw new RangeError(`${name} must be an integer ≥ 0, got ${String(n)}`)
  }
}

/**
 * A fresh, empty in-memory event store (the reference `EventStore`). Global positions have
 * no gaps; stored events are frozen copies, handed out in fresh arrays; no clock, no
 * randomness.
 *
 * @example
 * const store = inMemoryEventStore()
 * const r = await store.append(streamIdOf(added), [added], 'no-stream')
 * // Right({ streamId: 'contact-c1', nextExpectedVersion: 1, positions: [1], written: 1 })
 * const all = await store.readAll()
 */
export const inMemoryEventStore = (): EventStore => {
  // The log: `log[p - 1]` is the event at position p.
  const log: StoredEvent[] = []
  const streams = new Map<StreamId, StoredEvent[]>()
  const byId = new Map<string, StoredFingerprint>()

  return {
    async append(streamId, events, expectedVersion) {
      // Copy now: a caller who changes its events after calling (even before awaiting)
      // changes nothing.
      const batch = events.map(frozenEventCopy)
      // Yield before committing, as a database round trip would: concurrent appends really
      // race, and the version is checked when the batch commits, not when it arrived.
      await Promise.resolve()
      // From here to the return there is no await: nothing interleaves with the commit.
      const stream = streams.get(streamId) ?? []
      const plan = planAppend(streamId, batch, expectedVersion, { version: stream.length, stored: (id) => byId.get(id) })
      if (E.isLeft(plan)) return plan
      const positions: number[] = []
      for (const w of plan.right.toWrite) {
        const stored: StoredEvent = Object.freeze({ streamId, streamVersion: w.streamVersion, position: log.length + 1, event: w.event })
        log.push(stored)
        stream.push(stored)
        byId.set(w.event.id, { canonical: w.canonical, streamVersion: stored.streamVersion, position: stored.position })
        positions.push(stored.position)
      }
      if (stream.length > 0) streams.set(streamId, stream)
      return E.right(plan.right.result(positions))
    },

    async readStream(streamId, options?: ReadStreamOptions) {
      const from = options?.fromVersion ?? 1
      checkNumber('fromVersion', from)
      // Frozen stored events in a fresh array: nothing a caller does reaches the store.
      return (streams.get(streamId) ?? []).slice(Math.max(from, 1) - 1)
    },

    async readAll(options?: ReadAllOptions) {
      const from = options?.fromPosition ?? 1
      checkNumber('fromPosition', from)
      checkNumber('limit', options?.limit)
      const start = Math.max(from, 1) - 1
      return options?.limit === undefined ? log.slice(start) : log.slice(start, start + options.limit)
    },
  }
}
