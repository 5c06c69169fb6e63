import { from, map } from 'rxjs'
import { describe, expect, it } from 'vitest'
import { evolve, foldEvents, initialNetwork, type NetworkState } from '../../src/state/index.js'
import { toNetworkState, type EventInput } from '../../src/rx/index.js'
import { contact, enroll, testScheduler } from './support.js'

const a = contact('c1')
const b = enroll('c1')
const c = contact('c2')
const s1 = evolve(initialNetwork, a)
const s2 = evolve(s1, b)
const s3 = evolve(s2, c)
const counts = (s: NetworkState) => [s.eventCount, s.contacts.size]

describe('toNetworkState', () => {
  it('emits one state per event, and none for a redelivered id', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const events$ = cold('-a-b-a-c-|', { a, b, c })
      expectObservable(events$.pipe(toNetworkState())).toBe('-x-y---z-|', { x: s1, y: s2, z: s3 })
      expectObservable(events$.pipe(toNetworkState(), map(counts))).toBe('-x-y---z-|', { x: [1, 1], y: [2, 1], z: [3, 2] })
    })
  })

  it('folds a batch as one step: one emission, equal to folding its events one by one', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const events$ = cold('-B-a-c-|', { B: [a, b], a, c })
      expectObservable(events$.pipe(toNetworkState())).toBe('-y---z-|', { y: s2, z: s3 })
    })
  })

  it('starts from a snapshot, without emitting it', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('-a-b-|', { a, b }).pipe(toNetworkState(s1))).toBe('---y-|', { y: s2 })
      expectObservable(cold('-a-|', { a }).pipe(toNetworkState(s1))).toBe('---|')
    })
  })

  it('passes errors and completion through', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('-a-#', { a }).pipe(toNetworkState())).toBe('-x-#', { x: s1 })
      expectObservable(cold<EventInput>('--|').pipe(toNetworkState())).toBe('--|')
    })
  })

  it('never changes a state it emitted; a redelivery to it gives back that very object', () => {
    const held: NetworkState[] = []
    from([a, b, a, c]).pipe(toNetworkState()).subscribe((s) => held.push(s))
    expect(held.map(counts)).toEqual([
      [1, 1],
      [2, 1],
      [3, 2],
    ])
    expect(held[0]).toEqual(foldEvents([a]))
    expect(held[1]).toEqual(foldEvents([a, b]))
    expect(held[2]).toEqual(foldEvents([a, b, c]))
    expect(evolve(held[1]!, a)).toBe(held[1])
  })
})
