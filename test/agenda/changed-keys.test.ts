/**
 * `PMap#changedKeys`, which the agenda index reads to find what an update changed: exactly
 * the keys added, removed or set to another object, for any two maps — one derived from the
 * other or built apart — and it skips what they share.
 */
import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { PMap } from '../../src/core/hamt.js'
import { runs } from '../support/runs.js'

const entries = fc.array(fc.tuple(fc.string({ maxLength: 4 }), fc.integer({ min: 0, max: 5 })), { maxLength: 300 })
const box = (n: number) => ({ n })

const expected = <V>(a: PMap<V>, b: PMap<V>): string[] =>
  [...new Set([...a.keys(), ...b.keys()])].filter((k) => a.has(k) !== b.has(k) || a.get(k) !== b.get(k)).sort()

describe('PMap#changedKeys', () => {
  it('gives exactly the keys whose values differ, once each', () => {
    fc.assert(
      fc.property(entries, entries, fc.array(fc.tuple(fc.string({ maxLength: 4 }), fc.boolean()), { maxLength: 40 }), (xs, ys, edits) => {
        const boxes = [0, 1, 2, 3, 4, 5].map(box)
        const a = PMap.from(xs.map(([k, v]) => [k, boxes[v]!] as const))
        // Derived by a few sets (and re-sets of the same object, which change nothing).
        let b = a
        for (const [k, fresh] of edits) b = b.set(k, fresh ? box(9) : (a.get(k) ?? boxes[0]!))
        const got = [...a.changedKeys(b)]
        expect([...got].sort()).toEqual(expected(a, b))
        expect(new Set(got).size).toBe(got.length)
        // Built apart: the same answer, from either side.
        const c = PMap.from(ys.map(([k, v]) => [k, boxes[v]!] as const))
        expect([...a.changedKeys(c)].sort()).toEqual(expected(a, c))
        expect([...c.changedKeys(a)].sort()).toEqual(expected(a, c))
        expect([...a.changedKeys(a)]).toEqual([])
      }),
      { numRuns: runs(300) },
    )
  })

  it('walks only the changed path of a large map', () => {
    const big = PMap.from(Array.from({ length: 100_000 }, (_, i) => [`c${i}`, box(i)] as const))
    const next = big.set('c77', box(-1)).set('new', box(0))
    expect([...big.changedKeys(next)].sort()).toEqual(['c77', 'new'])
  })
})
