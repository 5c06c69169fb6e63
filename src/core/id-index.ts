/**
 * A persistent set of string keys with a number each: the event ids a state has seen (with
 * their type and content fingerprint), the commands it has folded (with theirs).
 *
 * Idempotency needs every id ever applied; a persistent trie of a million ids would
 * dominate the fold's cost. Instead each key lives in one of 256 shards (by a hash of the
 * key), and a shard is a few frozen generations of native `Map`s merged like a binary
 * counter (a log-structured merge): a batch of events adds one generation to each shard it
 * touches, small generations are merged into new ones, and no generation a caller can reach
 * is ever mutated. Lookups cost O(log n) `Map` probes; each id is copied O(log n) times over
 * its life. The shards bound the largest merge to a 256th of the ids, so no single `evolve`
 * pays for merging them all (a million ids: merges of a few thousand, under a millisecond).
 */
import { hashString } from './hash.js'

// 256 shards in 16 groups of 16: adopting one id copies two arrays of 16, not one of 256.
const GROUP_BITS = 4
const GROUP = 1 << GROUP_BITS
const SHARD_MASK = GROUP * GROUP - 1

/** One shard: its generations, oldest (largest) first. */
type Shard = readonly ReadonlyMap<string, number>[]
type Group = readonly Shard[]

const NO_GENERATIONS: Shard = Object.freeze([])
const EMPTY_GROUP: Group = Object.freeze(new Array<Shard>(GROUP).fill(NO_GENERATIONS))

const shardOf = (key: string): number => hashString(key) & SHARD_MASK

/** A shard that also holds `batch`, merged so generation sizes at least double towards the oldest. */
const adoptInto = (shard: Shard, batch: Map<string, number>): Shard => {
  const gens = [...shard, batch]
  while (gens.length >= 2) {
    const last = gens[gens.length - 1] as ReadonlyMap<string, number>
    const prev = gens[gens.length - 2] as ReadonlyMap<string, number>
    if (prev.size > 2 * last.size) break
    const merged = new Map(prev)
    for (const [k, v] of last) merged.set(k, v)
    gens.splice(gens.length - 2, 2, merged)
  }
  return gens
}

/** The ids (or commands) a state has folded, each with its number: persistent, sharded, O(log n) lookups. */
export class IdIndex {
  private constructor(
    private readonly groups: readonly Group[],
    /** Number of distinct keys. */
    readonly size: number,
  ) {}

  private static readonly EMPTY = new IdIndex(Object.freeze(new Array<Group>(GROUP).fill(EMPTY_GROUP)), 0)

  /** The index that holds nothing. */
  static empty(): IdIndex {
    return IdIndex.EMPTY
  }

  /**
   * An index of distinct keys with their numbers (`keys[i]` keeps `values[i]`), built in one
   * pass: each shard gets one generation. For restoring a snapshot.
   */
  static fromEntries(keys: readonly string[], values: readonly number[]): IdIndex {
    if (keys.length === 0) return IdIndex.EMPTY
    const shards: Map<string, number>[] = Array.from({ length: GROUP * GROUP }, () => new Map())
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i] as string
      ;(shards[shardOf(k)] as Map<string, number>).set(k, values[i] as number)
    }
    const groups: Group[] = []
    for (let g = 0; g < GROUP; g++) {
      const group: Shard[] = []
      for (let j = 0; j < GROUP; j++) {
        const m = shards[g * GROUP + j] as Map<string, number>
        group.push(m.size === 0 ? NO_GENERATIONS : [m])
      }
      groups.push(group)
    }
    const size = shards.reduce((n, m) => n + m.size, 0)
    return new IdIndex(groups, size)
  }

  /** The number kept for a key, or `undefined` when the key is new. */
  get(key: string): number | undefined {
    const s = shardOf(key)
    const gens = (this.groups[s >>> GROUP_BITS] as Group)[s & (GROUP - 1)] as Shard
    // Newest generations are the smallest and the likeliest to hold a redelivery.
    for (let i = gens.length - 1; i >= 0; i--) {
      const v = (gens[i] as ReadonlyMap<string, number>).get(key)
      if (v !== undefined) return v
    }
    return undefined
  }

  /** Whether the index holds a key. */
  has(key: string): boolean {
    return this.get(key) !== undefined
  }

  /**
   * An index that also holds `batch` (keys not already here). `batch` may be adopted rather
   * than copied: the caller must not touch it afterwards.
   */
  adopt(batch: Map<string, number>): IdIndex {
    if (batch.size === 0) return this
    const groups = this.groups.slice()
    const copied = new Set<number>()
    const put = (s: number, part: Map<string, number>): void => {
      const g = s >>> GROUP_BITS
      if (!copied.has(g)) {
        groups[g] = (groups[g] as Group).slice()
        copied.add(g)
      }
      const group = groups[g] as Shard[]
      group[s & (GROUP - 1)] = adoptInto(group[s & (GROUP - 1)] as Shard, part)
    }
    if (batch.size === 1) {
      const [key] = batch.keys()
      put(shardOf(key as string), batch)
      return new IdIndex(groups, this.size + 1)
    }
    const parts = new Map<number, Map<string, number>>()
    for (const [k, v] of batch) {
      const s = shardOf(k)
      let part = parts.get(s)
      if (part === undefined) parts.set(s, (part = new Map()))
      part.set(k, v)
    }
    for (const [s, part] of parts) put(s, part)
    return new IdIndex(groups, this.size + batch.size)
  }

  /** The number of generations of the fullest shard (for tests: it stays O(log n)). */
  get maxGenerations(): number {
    let m = 0
    for (const g of this.groups) for (const s of g) m = Math.max(m, s.length)
    return m
  }

  /** The size of the largest generation: the most one merge can ever copy. */
  get largestGeneration(): number {
    let m = 0
    for (const g of this.groups) for (const s of g) for (const gen of s) m = Math.max(m, gen.size)
    return m
  }

  /** Every key, shard by shard, oldest generation first. */
  *keys(): IterableIterator<string> {
    for (const group of this.groups) for (const s of group) for (const g of s) yield* g.keys()
  }

  /** Every key with its number, shard by shard, oldest generation first. */
  *entries(): IterableIterator<[string, number]> {
    for (const group of this.groups) for (const s of group) for (const g of s) yield* g.entries()
  }
}
