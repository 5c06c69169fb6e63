/**
 * tailEvents: the log as pages of stored events, read when subscribed and on every wake-up,
 * in order, with no gap and nothing twice; into toNetworkState it gives the fold of the log.
 */
import * as E from 'fp-ts/lib/Either.js'
import { firstValueFrom, lastValueFrom, map, Subject, toArray } from 'rxjs'
import { describe, expect, it } from 'vitest'
import { canonicalJson } from '../../src/core/plain.js'
import { tailEvents, toNetworkState } from '../../src/rx/index.js'
import { foldEvents, networkSnapshot } from '../../src/state/index.js'
import { inMemoryEventStore, streamIdOf, type StoredEvent } from '../../src/store/index.js'
import { generateEventStream } from '../../src/testing/index.js'

const events = generateEventStream({ seed: 21, contacts: 10, events: 300 })

const append = async (store: ReturnType<typeof inMemoryEventStore>, from: number, to: number): Promise<void> => {
  for (const e of events.slice(from, to)) {
    const r = await store.append(streamIdOf(e), [e], 'any')
    if (E.isLeft(r)) throw new Error(r.left._tag)
  }
}

describe('tailEvents', () => {
  it('reads what is there, then what each wake-up finds; completes after the wake-ups do', async () => {
    const store = inMemoryEventStore()
    await append(store, 0, 100)
    const wake$ = new Subject<void>()
    const pages: (readonly StoredEvent[])[] = []
    const done = lastValueFrom(tailEvents(store, { wake$, pageSize: 30 }).pipe(toArray()))
    const sub = tailEvents(store, { wake$, pageSize: 30 }).subscribe((p) => pages.push(p))
    await new Promise((r) => setTimeout(r, 0))
    await append(store, 100, 250)
    wake$.next()
    wake$.next() // while reading: one more read after it, nothing twice
    await new Promise((r) => setTimeout(r, 0))
    await append(store, 250, 300)
    wake$.complete()
    const all = (await done).flat()
    sub.unsubscribe()
    expect(all.map((s) => s.position)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1))
    expect(pages.every((p) => p.length > 0 && p.length <= 30)).toBe(true)
    expect(pages.flat().map((s) => s.position)).toEqual(Array.from({ length: pages.flat().length }, (_, i) => i + 1))
  })

  it('into toNetworkState: the fold of the log, from any position on a folded state', async () => {
    const store = inMemoryEventStore()
    await append(store, 0, 300)
    const wake$ = new Subject<void>()
    const state$ = tailEvents(store, { wake$, fromPosition: 201 }).pipe(
      map((page) => page.map((s) => s.event)),
      toNetworkState(foldEvents(events.slice(0, 200))),
    )
    const last = lastValueFrom(state$)
    wake$.complete()
    expect(canonicalJson(networkSnapshot(await last))).toBe(canonicalJson(networkSnapshot(foldEvents(events))))
  })

  it('a read that fails is the error; bad options are refused at once', async () => {
    const failing = { readAll: () => Promise.reject(new Error('gone')) }
    await expect(firstValueFrom(tailEvents(failing, { wake$: new Subject() }))).rejects.toThrow('gone')
    expect(() => tailEvents(failing, { wake$: new Subject(), pageSize: 0 })).toThrow(RangeError)
    expect(() => tailEvents(failing, { wake$: new Subject(), fromPosition: 0 })).toThrow(RangeError)
  })
})
