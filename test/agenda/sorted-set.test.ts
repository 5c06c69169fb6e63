/**
 * The agenda index's ordered set (`src/core/sorted-set.ts`) against a sorted array, the
 * model it must behave as: any mix of adds and deletes, one at a time or in batches, gives
 * the model's elements in the model's order; ranges start where they should; and no set
 * handed out is ever changed by a later update.
 */
import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { SortedSet } from '../../src/core/sorted-set.js'
import { runs } from '../support/runs.js'

type E = { readonly k: number; readonly v: number }
const cmp = (a: E, b: E): number => a.k - b.k

const opsOver = (keys: number) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.record({ t: fc.constant('add' as const), k: fc.integer({ min: 0, max: keys }), v: fc.nat() }) },
    { weight: 2, arbitrary: fc.record({ t: fc.constant('delete' as const), k: fc.integer({ min: 0, max: keys }), v: fc.nat() }) },
    { weight: 1, arbitrary: fc.record({ t: fc.constant('batch' as const), k: fc.integer({ min: 0, max: keys }), v: fc.integer({ min: 1, max: 3000 }) }) },
  )

const modelAdd = (m: Map<number, E>, e: E) => m.set(e.k, e)
const sorted = (m: Map<number, E>): E[] => [...m.values()].sort(cmp)

describe('SortedSet', () => {
  // Small key ranges put many changes on few leaves; large ones grow trees of three levels
  // (64 × 64 < 6,000), where splits and emptied nodes reach the branches.
  it.each([
    [400, 600, 300],
    [20_000, 6_000, 40],
  ])('behaves as a sorted array under adds, deletes and batches, and never changes a set handed out (keys 0–%i)', (keys, size, n) => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: keys }), { maxLength: size, size: 'max' }), fc.array(opsOver(keys), { maxLength: 200 }), (initial, ops) => {
        const model = new Map<number, E>()
        for (const k of initial) modelAdd(model, { k, v: -1 })
        let s = SortedSet.of(cmp, initial.map((k) => ({ k, v: -1 })))
        const history: Array<[SortedSet<E>, E[]]> = [[s, sorted(model)]]
        for (const o of ops) {
          if (o.t === 'add') {
            const e = { k: o.k, v: o.v }
            modelAdd(model, e)
            s = s.add(e)
          } else if (o.t === 'delete') {
            model.delete(o.k)
            s = s.delete({ k: o.k, v: 0 })
          } else {
            // A batch of o.v changes around o.k: a run of adds then deletes of some of them.
            s = s.batch((b) => {
              for (let i = 0; i < o.v; i++) {
                const e = { k: (o.k + i * 7) % (keys + 1), v: i }
                if (i % 3 === 2) {
                  model.delete(e.k)
                  b.delete(e)
                } else {
                  modelAdd(model, e)
                  b.add(e)
                }
              }
            })
          }
          history.push([s, sorted(model)])
        }
        for (const [set, want] of history) {
          expect(set.toArray()).toEqual(want)
          expect(set.size).toBe(want.length)
        }
        const want = sorted(model)
        for (const from of [0, 1, 57, 200, 399, 401, keys >> 1, keys]) {
          const got: number[] = []
          s.forEachFrom((e) => e.k < from, (e) => {
            got.push(e.k)
            return got.length < 25
          })
          expect(got).toEqual(want.filter((e) => e.k >= from).slice(0, 25).map((e) => e.k))
          // A leaf at a time: the same elements, stopping where the visitor says.
          const leaves: number[] = []
          s.forEachLeafFrom(
            (e) => e.k < from,
            (items, start) => {
              for (let i = start; i < items.length; i++) {
                if (leaves.length === 25) return false
                leaves.push((items[i] as E).k)
              }
            },
          )
          expect(leaves).toEqual(got)
        }
        const all: number[] = []
        s.forEachLeaf((items, start) => void items.slice(start).forEach((e) => all.push(e.k)))
        expect(all).toEqual(want.map((e) => e.k))
        for (const k of [0, 3, 200]) expect(s.find({ k, v: 0 })).toEqual(model.get(k))
      }),
      { numRuns: runs(n) },
    )
  })

  it('builds from sorted input in one pass, large enough to have several levels', () => {
    const xs = Array.from({ length: 200_000 }, (_, i) => ({ k: i * 2, v: i }))
    let s = SortedSet.fromSorted(cmp, xs)
    expect(s.size).toBe(200_000)
    s = s.add({ k: 1, v: 0 }).delete({ k: 0, v: 0 }).add({ k: 399_999, v: 0 })
    const got: number[] = []
    s.forEachFrom((e) => e.k < 399_990, (e) => void got.push(e.k))
    expect(got).toEqual([399_990, 399_992, 399_994, 399_996, 399_998, 399_999])
    expect(s.toArray().slice(0, 3).map((e) => e.k)).toEqual([1, 2, 4])
    // Deleting everything leaves an empty set that still takes adds.
    const keys = s.toArray()
    const empty = s.batch((b) => keys.forEach((e) => b.delete(e)))
    expect(empty.size).toBe(0)
    expect(empty.add({ k: 5, v: 5 }).toArray()).toEqual([{ k: 5, v: 5 }])
    expect(s.size).toBe(200_001)
  })
})
