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
 *
 * Only the newest, smallest generations are `Map`s. From `PACK_AT` keys on, a generation is
 * packed into flat arrays (see `Packed`): ids are what a long-lived state holds most of, and a
 * `Map` of a million ids costs some 60 MB and a million objects for every collection to trace.
 */
import { hashString } from './hash.js'

// 256 shards in 16 groups of 16: adopting one id copies two arrays of 16, not one of 256.
const GROUP_BITS = 4
const GROUP = 1 << GROUP_BITS
const SHARD_MASK = GROUP * GROUP - 1

/**
 * A generation of keys packed into a few flat arrays — every key's characters in one
 * string, its end offset, its number and its hash — with the keys ordered by hash for a
 * binary search. A million ids cost a few typed arrays and strings instead of a million
 * map entries and key strings: about 4 × 3 bytes plus the key's characters an id (a
 * native `Map` spends 50–60), and the collector has five objects to trace, not a million.
 */
class Packed {
  private constructor(
    /** Every key's characters, in the order the keys were added. */
    private readonly chars: string,
    /** Where each key ends in `chars` (it starts where the previous one ends). */
    private readonly ends: Uint32Array,
    /** Each key's number. */
    private readonly values: Int32Array | Float64Array,
    /** The keys' hashes, ascending … */
    private readonly hashes: Uint32Array,
    /** … and, at the same place, which key has it. */
    private readonly order: Uint32Array,
  ) {}

  get size(): number {
    return this.ends.length
  }

  /** Packs distinct keys with their numbers and hashes (`keys[i]` keeps `values[i]`). */
  static of(keys: readonly string[], values: readonly number[], hashes: readonly number[]): Packed {
    const n = keys.length
    const ends = new Uint32Array(n)
    let at = 0
    for (let i = 0; i < n; i++) ends[i] = at += (keys[i] as string).length
    const order = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => (hashes[a] as number) - (hashes[b] as number))
    const sorted = new Uint32Array(n)
    for (let i = 0; i < n; i++) sorted[i] = hashes[order[i] as number] as number
    return new Packed(flat(keys.join('')), ends, valueArray(values), sorted, order)
  }

  /** This generation and a newer one as one (no key in both): a merge of flat arrays, no key is rebuilt. */
  static merge(older: Packed, newer: Packed): Packed {
    const n = older.size
    const m = newer.size
    const ends = new Uint32Array(n + m)
    ends.set(older.ends)
    const shift = older.chars.length
    for (let i = 0; i < m; i++) ends[n + i] = (newer.ends[i] as number) + shift
    const wide = older.values instanceof Float64Array || newer.values instanceof Float64Array
    const values = wide ? new Float64Array(n + m) : new Int32Array(n + m)
    values.set(older.values)
    values.set(newer.values, n)
    const hashes = new Uint32Array(n + m)
    const order = new Uint32Array(n + m)
    let i = 0
    let j = 0
    for (let k = 0; k < n + m; k++) {
      if (j >= m || (i < n && (older.hashes[i] as number) <= (newer.hashes[j] as number))) {
        hashes[k] = older.hashes[i] as number
        order[k] = older.order[i++] as number
      } else {
        hashes[k] = newer.hashes[j] as number
        order[k] = (newer.order[j++] as number) + n
      }
    }
    return new Packed(flat(older.chars + newer.chars), ends, values, hashes, order)
  }

  /** The number kept for `key` (whose hash is `h`), or `undefined`. */
  get(key: string, h: number): number | undefined {
    const hashes = this.hashes
    let lo = 0
    let hi = hashes.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if ((hashes[mid] as number) < h) lo = mid + 1
      else hi = mid
    }
    // Keys whose hashes collide sit side by side: compare their characters.
    for (let k = lo; k < hashes.length && hashes[k] === h; k++) {
      const i = this.order[k] as number
      if (this.keyIs(i, key)) return this.values[i] as number
    }
    return undefined
  }

  private keyIs(i: number, key: string): boolean {
    const end = this.ends[i] as number
    const start = i === 0 ? 0 : (this.ends[i - 1] as number)
    if (end - start !== key.length) return false
    const chars = this.chars
    for (let c = 0; c < key.length; c++) if (chars.charCodeAt(start + c) !== key.charCodeAt(c)) return false
    return true
  }

  /** The key at `i`, in the order keys were added. */
  key(i: number): string {
    return this.chars.slice(i === 0 ? 0 : (this.ends[i - 1] as number), this.ends[i] as number)
  }

  value(i: number): number {
    return this.values[i] as number
  }

  *entries(): IterableIterator<[string, number]> {
    for (let i = 0; i < this.size; i++) yield [this.key(i), this.value(i)]
  }
}

/** Numbers in 4 bytes each when they all fit, else in 8. */
const valueArray = (values: readonly number[]): Int32Array | Float64Array =>
  values.every((v) => (v | 0) === v) ? Int32Array.from(values) : Float64Array.from(values)

/**
 * A string with its characters in one flat block. Joined and concatenated strings start as
 * trees of their parts (which would keep every part alive); reading one character flattens it.
 */
const flat = (s: string): string => {
  if (s.length > 0) s.charCodeAt(0)
  return s
}

/** Generations from this many keys on are packed; smaller ones stay `Map`s, cheap to add to. */
const PACK_AT = 16

type Generation = ReadonlyMap<string, number> | Packed

const packedOf = (g: Generation): Packed => {
  if (g instanceof Packed) return g
  const keys = [...g.keys()]
  return Packed.of(keys, [...g.values()], keys.map(hashString))
}

/** One generation holding both (no key in both), `newer`'s keys after `older`'s. */
const mergeGenerations = (older: Generation, newer: Generation): Generation => {
  if (older instanceof Map && newer instanceof Map && older.size + newer.size < PACK_AT) {
    const merged = new Map(older)
    for (const [k, v] of newer) merged.set(k, v)
    return merged
  }
  return Packed.merge(packedOf(older), packedOf(newer))
}

/** One shard: its generations, oldest (largest) first. */
type Shard = readonly Generation[]
type Group = readonly Shard[]

const NO_GENERATIONS: Shard = Object.freeze([])
const EMPTY_GROUP: Group = Object.freeze(new Array<Shard>(GROUP).fill(NO_GENERATIONS))

const shardOf = (key: string): number => hashString(key) & SHARD_MASK

/** A shard that also holds `batch`, merged so generation sizes at least double towards the oldest. */
const adoptInto = (shard: Shard, batch: Map<string, number>): Shard => {
  // A batch of PACK_AT keys or more is packed now: left a `Map` until a merge, the last
  // (or only) batch folded would keep its keys at a `Map`'s cost for good.
  const gens = [...shard, batch.size < PACK_AT ? batch : packedOf(batch)]
  while (gens.length >= 2) {
    const last = gens[gens.length - 1] as Generation
    const prev = gens[gens.length - 2] as Generation
    if (prev.size > 2 * last.size) break
    gens.splice(gens.length - 2, 2, mergeGenerations(prev, last))
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
   * An index of keys with their numbers (`keys[i]` keeps `values[i]`; a key given twice keeps
   * its last), built in one pass: each shard gets one generation. For restoring a snapshot.
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
        group.push(m.size === 0 ? NO_GENERATIONS : [m.size < PACK_AT ? m : packedOf(m)])
      }
      groups.push(group)
    }
    // A key given twice counts once (the caller can tell by the size: a snapshot does).
    const size = shards.reduce((n, m) => n + m.size, 0)
    return new IdIndex(groups, size)
  }

  /** The number kept for a key, or `undefined` when the key is new. */
  get(key: string): number | undefined {
    const h = hashString(key)
    const s = h & SHARD_MASK
    const gens = (this.groups[s >>> GROUP_BITS] as Group)[s & (GROUP - 1)] as Shard
    // Newest generations are the smallest and the likeliest to hold a redelivery.
    for (let i = gens.length - 1; i >= 0; i--) {
      const g = gens[i] as Generation
      const v = g instanceof Packed ? g.get(key, h) : g.get(key)
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
    if (batch.size === 1) {
      // One event's id, as `evolve` adds it: two arrays of 16 copied, nothing else made.
      let key = ''
      batch.forEach((_, k) => (key = k))
      const s = shardOf(key)
      const groups = this.groups.slice()
      const group = (groups[s >>> GROUP_BITS] as Group).slice()
      group[s & (GROUP - 1)] = adoptInto(group[s & (GROUP - 1)] as Shard, batch)
      groups[s >>> GROUP_BITS] = group
      return new IdIndex(groups, this.size + 1)
    }
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

  /** The size of the largest generation kept as a `Map` (for tests: from `PACK_AT` keys on, one is packed). */
  get largestMapGeneration(): number {
    let m = 0
    for (const g of this.groups) for (const s of g) for (const gen of s) if (gen instanceof Map) m = Math.max(m, gen.size)
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
    for (const [k] of this.entries()) yield k
  }

  /** Every key with its number, shard by shard, oldest generation first. */
  *entries(): IterableIterator<[string, number]> {
    for (const group of this.groups) for (const s of group) for (const g of s) yield* g.entries()
  }
}
