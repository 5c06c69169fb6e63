import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { PMap, hashString } from '../../src/core/hamt.js'
import { runs } from '../support/runs.js'

type Op = { key: string; value: number }

const ops = fc.array(
  fc.record({
    // A small key space forces overwrites; long keys and collisions of prefixes exercise the trie.
    key: fc.oneof(fc.string({ maxLength: 3 }), fc.integer({ min: 0, max: 2000 }).map((n) => `contact-${n}`)),
    value: fc.integer(),
  }),
  { maxLength: 400 },
)

const applyAll = (m: PMap<number>, xs: readonly Op[]) => xs.reduce((acc, o) => acc.set(o.key, o.value), m)

describe('PMap (persistent hash map)', () => {
  it('agrees with Map on every get, size and entry set', () => {
    fc.assert(
      fc.property(ops, (xs) => {
        const m = applyAll(PMap.empty(), xs)
        const ref = new Map(xs.map((o) => [o.key, o.value]))
        expect(m.size).toBe(ref.size)
        for (const [k, v] of ref) expect(m.get(k)).toBe(v)
        expect(new Map(m.entries())).toEqual(ref)
        expect(m.get('absent-key-\u0000')).toBeUndefined()
      }),
      { numRuns: runs(300) },
    )
  })

  it('never changes a map a caller holds', () => {
    fc.assert(
      fc.property(ops, ops, (before, after) => {
        const m1 = applyAll(PMap.empty(), before)
        const snapshot = new Map(m1.entries())
        applyAll(m1, after)
        m1.withMutations((t) => after.forEach((o) => t.set(o.key, o.value)))
        expect(new Map(m1.entries())).toEqual(snapshot)
        expect(m1.size).toBe(snapshot.size)
      }),
      { numRuns: runs(300) },
    )
  })

  it('withMutations gives the same map as one set at a time', () => {
    fc.assert(
      fc.property(ops, ops, (before, batch) => {
        const base = applyAll(PMap.empty(), before)
        const one = applyAll(base, batch)
        const many = base.withMutations((t) => batch.forEach((o) => t.set(o.key, o.value)))
        expect(new Map(many.entries())).toEqual(new Map(one.entries()))
        expect(many.size).toBe(one.size)
      }),
      { numRuns: runs(300) },
    )
  })

  it('iterates in an order that depends only on the contents', () => {
    fc.assert(
      fc.property(ops, (xs) => {
        const forward = applyAll(PMap.empty(), xs)
        const dedup = [...new Map(xs.map((o) => [o.key, o.value]))].map(([key, value]) => ({ key, value }))
        const backward = applyAll(PMap.empty(), [...dedup].reverse())
        expect([...backward.entries()]).toEqual([...forward.entries()])
      }),
      { numRuns: runs(200) },
    )
  })

  it('delete agrees with Map, never changes the map it came from, and leaves the shape of a map built without the key', () => {
    fc.assert(
      fc.property(ops, fc.array(fc.nat(), { maxLength: 200 }), (xs, picks) => {
        const m = applyAll(PMap.empty(), xs)
        const before = [...m.entries()]
        const keys = [...new Map(xs.map((o) => [o.key, o.value])).keys()]
        const gone = new Set(picks.map((i) => keys[i % Math.max(1, keys.length)] ?? 'absent'))
        const one = [...gone].reduce((acc, k) => acc.delete(k), m)
        const many = m.withMutations((t) => gone.forEach((k) => t.delete(k)))
        const ref = new Map(xs.map((o) => [o.key, o.value]))
        for (const k of gone) ref.delete(k)
        const fresh = applyAll(PMap.empty(), [...ref].map(([key, value]) => ({ key, value })))
        for (const d of [one, many]) {
          expect(d.size).toBe(ref.size)
          expect(new Map(d.entries())).toEqual(ref)
          // The same order as a map that never held the keys: the trie collapsed as set would have built it.
          expect([...d.entries()]).toEqual([...fresh.entries()])
          expect([...d.changedKeys(m)].sort()).toEqual([...gone].filter((k) => m.has(k)).sort())
        }
        expect([...m.entries()]).toEqual(before)
        expect(m.delete('absent-key-\u0000')).toBe(m)
      }),
      { numRuns: runs(300) },
    )
  })

  it('setting the same value returns the same map', () => {
    const m = PMap.empty<number>().set('a', 1)
    expect(m.set('a', 1)).toBe(m)
    expect(m.set('a', 2)).not.toBe(m)
  })

  it('keeps keys whose full 32-bit hashes collide apart', () => {
    // Find real collisions among generated ids (birthday bound: a few in 300,000).
    const byHash = new Map<number, string>()
    const pairs: Array<[string, string]> = []
    for (let i = 0; pairs.length < 3 && i < 2_000_000; i++) {
      const k = `contact-${i}`
      const h = hashString(k)
      const other = byHash.get(h)
      if (other === undefined) byHash.set(h, k)
      else pairs.push([other, k])
    }
    expect(pairs.length).toBe(3)
    let m = PMap.empty<string>()
    for (const [a, b] of pairs) m = m.set(a, a).set(b, b).set('x' + a, 'x')
    for (const [a, b] of pairs) {
      expect(m.get(a)).toBe(a)
      expect(m.get(b)).toBe(b)
      expect(m.set(b, 'changed').get(a)).toBe(a)
      expect(m.set(b, 'changed').get(b)).toBe('changed')
    }
    expect(m.size).toBe(9)
    const reversed = pairs.flatMap(([a, b]) => [[b, b], [a, a], ['x' + a, 'x']] as const)
    expect([...PMap.from(reversed).entries()]).toEqual([...m.entries()])
  })

  it('holds 100,000 keys', () => {
    const m = PMap.from(Array.from({ length: 100_000 }, (_, i) => [`c${i}`, i] as const))
    expect(m.size).toBe(100_000)
    expect(m.get('c99999')).toBe(99_999)
    expect(m.get('c100000')).toBeUndefined()
  })
})
