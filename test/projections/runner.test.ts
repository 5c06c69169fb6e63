/**
 * The projection runner: it ends with the fold of the log; a restart resumes from the
 * checkpoint (no refold); crashes at any point — a read, a save, between them — leave, after
 * restarts, the state one fold gives and every event's effect exactly once; another version
 * of the stored data is refolded (or stops the runner); two runners of one projection collide
 * on the checkpoint, never silently.
 */
import * as fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { canonicalJson } from '../../src/core/plain.js'
import type { RelationshipEvent } from '../../src/events/index.js'
import {
  inMemoryCheckpointStore,
  networkProjection,
  projectionOf,
  projectionRunner,
  type CatchUp,
  type CheckpointStore,
  type RunnerError,
} from '../../src/projections/index.js'
import { SNAPSHOT_VERSION } from '../../src/snapshots/index.js'
import { foldEvents, networkSnapshot, type NetworkState } from '../../src/state/index.js'
import { inMemoryEventStore, type EventStore } from '../../src/store/index.js'
import { arbitraryEventStream, generateEventStream } from '../../src/testing/index.js'
import { load } from '../handler/support.js'

const view = (s: NetworkState): string => canonicalJson(networkSnapshot(s))

const ok = (r: E.Either<RunnerError, CatchUp>): CatchUp => {
  if (E.isLeft(r)) throw new Error(`${r.left.code}: ${r.left.message}`)
  return r.right
}

/** Counts every event applied: not idempotent on purpose, so a double application shows. */
const counter = projectionOf<{ applied: number; last: number }>({
  name: 'counter',
  initial: { applied: 0, last: 0 },
  evolve: (s, _e, stored) => ({ applied: s.applied + 1, last: stored.position }),
})

describe('projectionRunner', () => {
  it('catches up to the fold of the log, saving checkpoints on the way and at the end', async () => {
    const store = inMemoryEventStore()
    const events = generateEventStream({ seed: 5, contacts: 30, events: 2_500 })
    await load(store, events)
    const checkpoints = inMemoryCheckpointStore()
    const runner = projectionRunner({ store, projection: networkProjection, checkpoints, pageSize: 300, checkpointEvery: 1_000 })
    expect(runner.current()).toBeUndefined()
    const r = ok(await runner.catchUp())
    expect(r).toEqual({ position: 2_500, applied: 2_500, checkpoints: 3, resumedFrom: 0 })
    expect(view(runner.current()?.state as NetworkState)).toBe(view(foldEvents(events)))
    expect(checkpoints.saved.get('touchbase.network')?.position).toBe(2_500)
    // Nothing new: nothing applied, nothing saved.
    expect(ok(await runner.catchUp())).toEqual({ position: 2_500, applied: 0, checkpoints: 0, resumedFrom: 0 })
  })

  it('a restart resumes from the checkpoint: it reads only what came after, and refolds nothing', async () => {
    const store = inMemoryEventStore()
    const events = generateEventStream({ seed: 6, contacts: 20, events: 1_200 })
    await load(store, events.slice(0, 1_000))
    const checkpoints = inMemoryCheckpointStore()
    ok(await projectionRunner({ store, projection: networkProjection, checkpoints }).catchUp())
    await load(store, events.slice(1_000))
    const froms: number[] = []
    const watched: Pick<EventStore, 'readAll'> = { readAll: (o) => (froms.push(o?.fromPosition ?? 1), store.readAll(o)) }
    const restarted = projectionRunner({ store: watched, projection: networkProjection, checkpoints, pageSize: 500 })
    expect(ok(await restarted.catchUp())).toEqual({ position: 1_200, applied: 200, checkpoints: 1, resumedFrom: 1_000 })
    expect(froms).toEqual([1_001, 1_201])
    expect(view(restarted.current()?.state as NetworkState)).toBe(view(foldEvents(events)))
  })

  it('crashes anywhere, then restarts: the state is one fold, and every event took effect exactly once', async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryEventStream({ maxEvents: 120, maxContacts: 6 }), fc.array(fc.nat({ max: 40 }), { maxLength: 12 }), async (events, faults) => {
        const store = inMemoryEventStore()
        await load(store, events)
        const checkpoints = inMemoryCheckpointStore()
        // Each fault is a number of operations after which the next read or save fails (a crash there).
        let ops = 0
        let next = 0
        const crashAt = (): boolean => {
          ops++
          if (next < faults.length && ops > (faults[next] as number)) {
            next++
            ops = 0
            return true
          }
          return false
        }
        const flakyStore: Pick<EventStore, 'readAll'> = { readAll: (o) => (crashAt() ? Promise.reject(new Error('crash: read')) : store.readAll(o)) }
        const flaky = <S,>(inner: CheckpointStore<S>): CheckpointStore<S> => ({
          load: (n) => (crashAt() ? Promise.reject(new Error('crash: load')) : inner.load(n)),
          save: (n, c) => (crashAt() ? Promise.reject(new Error('crash: save')) : inner.save(n, c)),
        })
        const both = { network: undefined as NetworkState | undefined, counter: undefined as { applied: number } | undefined }
        for (let restarts = 0; restarts < 100; restarts++) {
          // A restart: a new runner (nothing in memory), the same stores.
          const network = projectionRunner({ store: flakyStore, projection: networkProjection, checkpoints: flaky(checkpoints), pageSize: 7, checkpointEvery: 11 })
          const count = projectionRunner({ store: flakyStore, projection: counter, checkpoints: flaky(checkpoints), pageSize: 5, checkpointEvery: 9 })
          const [a, b] = [await network.catchUp(), await count.catchUp()]
          if (E.isRight(a) && E.isRight(b)) {
            both.network = network.current()?.state
            both.counter = count.current()?.state
            break
          }
          for (const r of [a, b]) if (E.isLeft(r)) expect(r.left.code).toBe('store-failed')
        }
        expect(view(both.network as NetworkState)).toBe(view(foldEvents(events)))
        expect(both.counter).toEqual({ applied: events.length, last: events.length })
        // What is stored says the same.
        const stored = await checkpoints.load('counter')
        expect(stored === undefined ? 0 : (JSON.parse(stored.data as string) as { applied: number }).applied).toBe(events.length)
      }),
      { numRuns: 150 },
    )
  })

  it('a failed save is redone with every event since the last checkpoint', async () => {
    const store = inMemoryEventStore()
    const events = generateEventStream({ seed: 8, contacts: 5, events: 40 })
    await load(store, events.slice(0, 30))
    const inner = inMemoryCheckpointStore()
    const seen: number[][] = []
    let fail = true
    const checkpoints: CheckpointStore<NetworkState> = {
      load: (n) => inner.load(n),
      save: (n, c) => {
        seen.push(c.events.map((s) => s.position))
        if (fail) return Promise.reject(new Error('disk full'))
        return inner.save(n, c)
      },
    }
    const runner = projectionRunner({ store, projection: networkProjection, checkpoints })
    const failed = await runner.catchUp()
    expect(E.isLeft(failed) && [failed.left.code, failed.left.params['operation']]).toEqual(['store-failed', 'saving the checkpoint'])
    fail = false
    await load(store, events.slice(30))
    ok(await runner.catchUp())
    expect(seen.at(-1)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1))
  })

  it('stored data of another version is refolded (and says why), or stops the runner when told to', async () => {
    const store = inMemoryEventStore()
    const events = generateEventStream({ seed: 9, contacts: 8, events: 200 })
    await load(store, events)
    const checkpoints = inMemoryCheckpointStore()
    ok(await projectionRunner({ store, projection: networkProjection, checkpoints }).catchUp())
    // An older touchbase's snapshot, as an upgrade finds it.
    const old = JSON.parse(checkpoints.saved.get('touchbase.network')?.data as string) as Record<string, unknown>
    await checkpoints.save('touchbase.network', { position: 200, data: { ...old, version: SNAPSHOT_VERSION - 1 }, expected: 200, state: undefined, events: [] })

    const stop = await projectionRunner({ store, projection: networkProjection, checkpoints, onIncompatible: 'stop' }).catchUp()
    expect(E.isLeft(stop) && stop.left.code).toBe('checkpoint-incompatible')
    expect(E.isLeft(stop) && stop.left.message).toMatch(/Refold/)

    const refold = projectionRunner({ store, projection: networkProjection, checkpoints })
    const r = ok(await refold.catchUp())
    expect([r.position, r.applied, r.resumedFrom, r.refolded?.code]).toEqual([200, 200, 0, 'snapshot-version'])
    expect(view(refold.current()?.state as NetworkState)).toBe(view(foldEvents(events)))
    expect((JSON.parse(checkpoints.saved.get('touchbase.network')?.data as string) as { version: number }).version).toBe(SNAPSHOT_VERSION)
  })

  it('two runners of one projection collide on the checkpoint: the second is told, never silently overwrites', async () => {
    const store = inMemoryEventStore()
    const events = generateEventStream({ seed: 10, contacts: 5, events: 60 })
    await load(store, events.slice(0, 30))
    const checkpoints = inMemoryCheckpointStore()
    const [a, b] = [projectionRunner({ store, projection: counter, checkpoints }), projectionRunner({ store, projection: counter, checkpoints })]
    ok(await a.catchUp())
    await load(store, events.slice(30))
    ok(await b.catchUp()) // b loaded after a saved: it takes over from a's checkpoint
    const late = await a.catchUp() // a still thinks the checkpoint is at 30
    expect(E.isLeft(late) && late.left.code).toBe('checkpoint-conflict')
    expect(JSON.parse(checkpoints.saved.get('counter')?.data as string)).toEqual({ applied: 60, last: 60 })
  })

  it('follows the log on wake-ups until they end or the signal aborts; overlapping calls run one at a time', async () => {
    const store = inMemoryEventStore()
    const events = generateEventStream({ seed: 11, contacts: 6, events: 90 })
    await load(store, events.slice(0, 30))
    const runner = projectionRunner({ store, projection: counter, checkpoints: inMemoryCheckpointStore(), pageSize: 4 })
    async function* wakeups(): AsyncGenerator<void> {
      for (const chunk of [events.slice(30, 60), events.slice(60)]) {
        await load(store, chunk)
        yield
      }
    }
    expect(ok(await runner.follow(wakeups())).position).toBe(90)
    expect(runner.current()?.state).toEqual({ applied: 90, last: 90 })
    // Overlapping catch-ups: each applies what the other did not.
    const extra: RelationshipEvent[] = generateEventStream({ seed: 12, contacts: 2, events: 10 }).map((e) => ({ ...e, id: `x-${e.id}` }) as RelationshipEvent)
    await load(store, extra)
    const [p, q] = await Promise.all([runner.catchUp(), runner.catchUp()])
    expect([ok(p).applied + ok(q).applied, runner.current()?.state]).toEqual([10, { applied: 100, last: 100 }])
    // An aborted signal: one catch-up, no waiting on wake-ups.
    const controller = new AbortController()
    controller.abort()
    async function* never(): AsyncGenerator<void> {
      await new Promise(() => {})
    }
    expect(ok(await runner.follow(never(), controller.signal)).position).toBe(100)
  })
})
