/**
 * The reference adapter: an `EventStore` in process memory. For tests, demos and examples;
 * it is not durable (everything is gone with the process) and holds every event in memory.
 *
 * It is honest about concurrency: an append yields to the event loop between receiving a
 * batch and committing it, and checks the expected versions at commit time, so concurrent
 * appends interleave as they would against a database, and exactly one of several appends
 * that expect the same version wins.
 */
import * as E from 'fp-ts/lib/Either.js'
import { erasureScope, scrubEvent, type ErasureScope, type RelationshipEvent } from '../events/index.js'
import { canonicalEventJson } from './canonical.js'
import { planAppend, planAppendMany, type AppendPlan, type StoredFingerprint } from './plan.js'
import type { AppendResult, CompleteEventStore, ReadAllOptions, ReadStreamOptions, StoredEvent } from './port.js'
import { contactStreamId, type StreamId } from './streams.js'

const checkNumber = (name: string, n: number | undefined): void => {
  if (n !== undefined && !(Number.isSafeInteger(n) && n >= 0)) {
    throw new RangeError(`${name} must be an integer ≥ 0, got ${String(n)}`)
  }
}

/** A private copy of the caller's arrays and plain objects, taken at once (anything else is left for the decoder to refuse). */
const copyNow = (u: unknown): unknown => {
  if (Array.isArray(u)) return u.map(copyNow)
  if (typeof u === 'object' && u !== null && (Object.getPrototypeOf(u) === Object.prototype || Object.getPrototypeOf(u) === null)) {
    const out: Record<string, unknown> = {}
    for (const k of Object.keys(u)) out[k] = copyNow((u as Record<string, unknown>)[k])
    return out
  }
  return u
}

const freezeDeep = <A>(u: A): A => {
  if (typeof u === 'object' && u !== null && !Object.isFrozen(u)) {
    for (const v of Object.values(u)) freezeDeep(v)
    Object.freeze(u)
  }
  return u
}

/**
 * A fresh, empty in-memory event store (the reference `EventStore`, with every capability:
 * appends to several streams, erasure). Global positions have no gaps; stored events are
 * frozen copies, handed out in fresh arrays; no clock, no randomness.
 *
 * @example
 * const store = inMemoryEventStore()
 * const r = await store.append(streamIdOf(added), [added], 'no-stream')
 * // Right({ streamId: 'contact-c1', nextExpectedVersion: 1, positions: [1], written: 1 })
 * const all = await store.readAll()
 */
export const inMemoryEventStore = (): CompleteEventStore => {
  // The log: `log[p - 1]` is the event at position p.
  const log: StoredEvent[] = []
  const streams = new Map<StreamId, StoredEvent[]>()
  const byId = new Map<string, StoredFingerprint>()
  const erasedContacts = new Set<string>()

  const erased = (): ErasureScope => erasureScope(erasedContacts, log.map((s) => s.event))

  const write = (plan: AppendPlan): AppendResult => {
    const stream = streams.get(plan.streamId) ?? []
    const positions: number[] = []
    for (const w of plan.toWrite) {
      const stored: StoredEvent = Object.freeze({ streamId: plan.streamId, streamVersion: w.streamVersion, position: log.length + 1, event: w.event })
      log.push(stored)
      stream.push(stored)
      byId.set(w.event.id, { canonical: w.canonical, streamVersion: stored.streamVersion, position: stored.position })
      positions.push(stored.position)
    }
    if (stream.length > 0) streams.set(plan.streamId, stream)
    return plan.result(positions)
  }

  return {
    async append(streamId, events, expectedVersion) {
      // Copy now: a caller who changes its events after calling (even before awaiting)
      // changes nothing.
      const batch = events.map(copyNow) as RelationshipEvent[]
      // Yield before committing, as a database round trip would: concurrent appends really
      // race, and the version is checked when the batch commits, not when it arrived.
      await Promise.resolve()
      // From here to the return there is no await: nothing interleaves with the commit.
      const plan = planAppend(streamId, batch, expectedVersion, {
        version: streams.get(streamId)?.length ?? 0,
        stored: (id) => byId.get(id),
        erased,
      })
      return E.isLeft(plan) ? plan : E.right(write(plan.right))
    },

    async appendMany(appends) {
      const copies = appends.map((a) => ({ streamId: a.streamId, expected: a.expected, events: a.events.map(copyNow) as RelationshipEvent[] }))
      await Promise.resolve()
      const plans = planAppendMany(copies, { version: (s) => streams.get(s)?.length ?? 0, stored: (id) => byId.get(id), erased })
      return E.isLeft(plans) ? plans : E.right(plans.right.map(write))
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

    async erase(contactId) {
      await Promise.resolve()
      // Contacts merged with it are the same person: its erasure may be in any of their streams.
      const person = erasureScope([contactId], log.map((s) => s.event)).contacts as ReadonlySet<string>
      const erasedHere = [...person].some((id) => (streams.get(contactStreamId(id)) ?? []).some((s) => s.event.type === 'ContactErased'))
      if (!erasedHere) return E.left({ _tag: 'not-erased', contactId })
      erasedContacts.add(contactId)
      const scope = erased()
      let rewritten = 0
      // One pass, no await: the rewrite is one transaction.
      for (let i = 0; i < log.length; i++) {
        const stored = log[i] as StoredEvent
        const event = scrubEvent(stored.event, scope)
        if (event === stored.event) continue
        const next: StoredEvent = Object.freeze({ ...stored, event: freezeDeep(event) })
        log[i] = next
        const stream = streams.get(stored.streamId) as StoredEvent[]
        stream[stored.streamVersion - 1] = next
        byId.set(event.id, { canonical: canonicalEventJson(event), streamVersion: stored.streamVersion, position: stored.position, redacted: true })
        rewritten++
      }
      return E.right({ contactId, rewritten })
    },
  }
}
