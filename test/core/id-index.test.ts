import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { hashString } from '../../src/core/hash.js'
import { IdIndex } from '../../src/core/id-index.js'
import { runs } from '../support/runs.js'

describe('IdIndex (ids seen, by generation)', () => {
  it('knows every id adopted, with its first number, and stays small in generations', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: 0, max: 500 }), { maxLength: 50 }), { maxLength: 60 }), (batches) => {
        let index = IdIndex.empty()
        const ref = new Map<string, number>()
        const held: Array<[IdIndex, Map<string, number>]> = []
        for (const [n, batch] of batches.entries()) {
          const fresh = new Map<string, number>()
          for (const k of batch) {
            const id = `e${k}`
            if (index.get(id) === undefined && !fresh.has(id)) fresh.set(id, n)
          }
          for (const [k, v] of fresh) ref.set(k, v)
          index = index.adopt(fresh)
          held.push([index, new Map(ref)])
        }
        expect(index.size).toBe(ref.size)
        for (const [k, v] of ref) expect(index.get(k)).toBe(v)
        expect(index.get('nope')).toBeUndefined()
        expect(new Set(index.keys())).toEqual(new Set(ref.keys()))
        // Earlier indexes never learn later ids.
        for (const [i, r] of held) {
          expect(i.size).toBe(r.size)
          for (const k of ref.keys()) expect(i.get(k)).toBe(r.get(k))
        }
      }),
      { numRuns: runs(200) },
    )
  })

  it('built from entries in one pass, holds the same as one built batch by batch', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ minLength: 1, maxLength: 12 }), { maxLength: 400 }), (keys) => {
        const values = keys.map((_, i) => i * 7)
        const built = IdIndex.fromEntries(keys, values)
        expect(built.size).toBe(keys.length)
        keys.forEach((k, i) => expect(built.get(k)).toBe(values[i]))
        expect(new Map(built.entries())).toEqual(new Map(keys.map((k, i) => [k, values[i] as number])))
        expect(built.get('\u0000absent')).toBeUndefined()
        // It grows like any other index.
        const more = built.adopt(new Map([['\u0000new', 1]]))
        expect(more.size).toBe(keys.length + 1)
        expect(built.has('\u0000new')).toBe(false)
      }),
      { numRuns: runs(200) },
    )
  })

  it('keeps no generation of 16 ids or more as a Map, however the ids arrive (one large batch, or the last of many)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 20_000 }), { minLength: 1, maxLength: 4 }), (sizes) => {
        let index = IdIndex.empty()
        let n = 0
        for (const size of sizes) index = index.adopt(new Map(Array.from({ length: size }, () => [`e${n}`, n++] as const)))
        expect(index.size).toBe(n)
        expect(index.largestMapGeneration).toBeLessThan(16)
        for (let i = 0; i < n; i += 97) expect(index.get(`e${i}`)).toBe(i)
      }),
      { numRuns: runs(30) },
    )
  })

  it('keeps O(log n) generations when ids arrive one at a time', () => {
    let index = IdIndex.empty()
    for (let i = 0; i < 5000; i++) index = index.adopt(new Map([[`e${i}`, i]]))
    expect(index.size).toBe(5000)
    expect(index.maxGenerations).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(5000)))
    expect(index.maxGenerations).toBeGreaterThan(0)
  })

  it('never merges more than a small share of the ids at once: no evolve pays for merging them all', () => {
    // One id at a time, as evolve adds them. In one flat log-structured merge the largest
    // generation would hold half the ids or more; with 256 shards it holds a few 256ths.
    let index = IdIndex.empty()
    for (let i = 0; i < 40_000; i++) index = index.adopt(new Map([[`c${i % 977}/${i}`, i]]))
    expect(index.size).toBe(40_000)
    expect(index.largestGeneration).toBeLessThan(40_000 / 32)
    expect(index.largestGeneration).toBeGreaterThan(40_000 / 1024)
  })

  it('packs its larger generations without losing or inventing a key (any characters, numbers of any size)', () => {
    // Thousands of ids in a few dozen batches: every shard passes the size from which its
    // generations are packed, and packed generations merge with each other and with maps.
    const key = fc.oneof(fc.string({ maxLength: 8 }), fc.string({ unit: 'grapheme', maxLength: 4 }), fc.nat().map((n) => `e${n}`))
    const value = fc.oneof(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }))
    fc.assert(
      // Batches of up to 4,000: a shard's packed generations then merge with each other.
      fc.property(fc.array(fc.array(fc.tuple(key, value), { maxLength: 4000 }), { minLength: 1, maxLength: 12 }), (batches) => {
        let index = IdIndex.empty()
        const ref = new Map<string, number>()
        for (const batch of batches) {
          const fresh = new Map<string, number>()
          for (const [k, v] of batch) if (!ref.has(k) && !fresh.has(k)) fresh.set(k, v)
          for (const [k, v] of fresh) ref.set(k, v)
          index = index.adopt(fresh)
        }
        expect(index.size).toBe(ref.size)
        for (const [k, v] of ref) expect(index.get(k)).toBe(v)
        // Near misses: a key's prefix, the key extended, another length.
        for (const k of ref.keys()) {
          for (const near of [k.slice(0, -1), `${k}\u0000`, `${k}x`]) if (!ref.has(near)) expect(index.get(near)).toBeUndefined()
        }
        expect(new Map(index.entries())).toEqual(ref)
        const rebuilt = IdIndex.fromEntries([...ref.keys()], [...ref.values()])
        for (const [k, v] of ref) expect(rebuilt.get(k)).toBe(v)
      }),
      { numRuns: runs(25) },
    )
  })

  it('keeps entries in the order they were added within a shard, as a snapshot reads them', () => {
    let index = IdIndex.empty()
    for (let i = 0; i < 20_000; i++) index = index.adopt(new Map([[`e${i}`, i]]))
    // Values are the order of adding: within a shard they must come out ascending.
    const lastOfShard = new Map<number, number>()
    let count = 0
    for (const [k, v] of index.entries()) {
      const shard = hashString(k) & 255
      expect(v).toBeGreaterThan(lastOfShard.get(shard) ?? -1)
      lastOfShard.set(shard, v)
      count++
    }
    expect(count).toBe(20_000)
    // Packed generations have merged with each other by now (78 ids a shard): every id is found.
    expect(index.largestGeneration).toBeGreaterThanOrEqual(32)
    for (let i = 0; i < 20_000; i++) expect(index.get(`e${i}`)).toBe(i)
    for (let i = 20_000; i < 21_000; i++) expect(index.get(`e${i}`)).toBeUndefined()
  })

  it('tells apart ids whose hashes collide', () => {
    // Find pairs of ids with the same 32-bit hash (a birthday search: about 1 in 2^33 pairs collides).
    const byHash = new Map<number, string>()
    const pairs: Array<[string, string]> = []
    for (let i = 0; i < 2_000_000 && pairs.length < 40; i++) {
      const id = `k${i}`
      const other = byHash.get(hashString(id))
      if (other === undefined) byHash.set(hashString(id), id)
      else pairs.push([other, id])
    }
    expect(pairs.length).toBeGreaterThan(0)
    // Only the first of each pair, then both, in generations big enough to be packed.
    let index = IdIndex.empty()
    const filler = (from: number) => new Map(Array.from({ length: 3000 }, (_, i) => [`f${from + i}`, from + i] as [string, number]))
    index = index.adopt(filler(0)).adopt(new Map(pairs.map(([a], i) => [a, i]))).adopt(filler(3000))
    for (const [i, [a, b]] of pairs.entries()) {
      expect(index.get(a)).toBe(i)
      expect(index.get(b)).toBeUndefined()
    }
    index = index.adopt(new Map(pairs.map(([, b], i) => [b, 1000 + i]))).adopt(filler(6000))
    for (const [i, [a, b]] of pairs.entries()) {
      expect(index.get(a)).toBe(i)
      expect(index.get(b)).toBe(1000 + i)
    }
  })
})
