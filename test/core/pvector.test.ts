import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { PVector } from '../../src/core/pvector.js'
import { runs } from '../support/runs.js'

describe('PVector (persistent vector)', () => {
  it('agrees with an array, pushed one by one or in batches', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer(), { maxLength: 90 }), { maxLength: 40 }), fc.boolean(), (chunks, batched) => {
        let v = PVector.empty<number>()
        const ref: number[] = []
        for (const chunk of chunks) {
          v = batched ? v.pushAll(chunk) : chunk.reduce((acc, x) => acc.push(x), v)
          ref.push(...chunk)
        }
        expect(v.size).toBe(ref.length)
        expect(v.toArray()).toEqual(ref)
        for (let i = 0; i < ref.length; i += 7) expect(v.get(i)).toBe(ref[i])
        expect(v.get(ref.length)).toBeUndefined()
        expect(v.get(-1)).toBeUndefined()
      }),
      { numRuns: runs(300) },
    )
  })

  it('never changes a vector a caller holds', () => {
    fc.assert(
      fc.property(fc.array(fc.integer(), { maxLength: 2000 }), fc.array(fc.integer(), { maxLength: 2000 }), (a, b) => {
        const v1 = PVector.from(a)
        const v2 = v1.pushAll(b)
        const v3 = b.reduce((acc, x) => acc.push(x), v1)
        expect(v1.toArray()).toEqual(a)
        expect(v2.toArray()).toEqual([...a, ...b])
        expect(v3.toArray()).toEqual([...a, ...b])
        // Two branches from the same vector stay independent.
        expect(v1.push(1).toArray()).toEqual([...a, 1])
        expect(v1.push(2).toArray()).toEqual([...a, 2])
      }),
      { numRuns: runs(200) },
    )
  })

  it('holds 100,000 items across several trie levels', () => {
    const v = PVector.from(Array.from({ length: 100_000 }, (_, i) => i))
    expect(v.size).toBe(100_000)
    expect(v.get(0)).toBe(0)
    expect(v.get(32 * 32 * 32 + 5)).toBe(32 * 32 * 32 + 5)
    expect(v.get(99_999)).toBe(99_999)
  })
})
