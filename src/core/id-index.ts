/**
 * A persistent set of string keys with a number each: the event ids a state has seen (with
 * their type and content fingerprint), the commands it has folded (with theirs).
 *
 * Idempotency needs every id ever applied; a persistent trie of a million ids would
 * dominate the fold's cost. Instead the index is a few frozen generations of native
 * `Map`s, merged like a binary counter (a log-structured merge): a batch of events adds
 * one generation, small generations are merged into new ones, and no generation a caller
 * can reach is ever mutated. Lookups cost O(log n) `Map` probes; each id is copied
 * O(log n) times over its life, so one `evolve` stays cheap on a large state.
 */
export class IdIndex {
  private constructor(
    private readonly generations: readonly ReadonlyMap<string, number>[],
    /** Number of distinct keys. */
    readonly size: number,
  ) {}

  private static readonly EMPTY = new IdIndex([], 0)

  /** The index that holds nothing. */
  static empty(): IdIndex {
    return IdIndex.EMPTY
  }

  /** The number kept for a key, or `undefined` when the key is new. */
  get(key: string): number | undefined {
    // Newest generations are the smallest and the likeliest to hold a redelivery.
    for (let i = this.generations.length - 1; i >= 0; i--) {
      const v = (this.generations[i] as ReadonlyMap<string, number>).get(key)
      if (v !== undefined) return v
    }
    return undefined
  }

  /** Whether the index holds a key. */
  has(key: string): boolean {
    return this.get(key) !== undefined
  }

  /**
   * An index that also holds `batch` (keys not already here). `batch` is adopted, not
   * copied: the caller must not touch it afterwards.
   */
  adopt(batch: Map<string, number>): IdIndex {
    if (batch.size === 0) return this
    const gens = [...this.generations, batch]
    // Keep generation sizes at least doubling towards the oldest, so there are O(log n).
    while (gens.length >= 2) {
      const last = gens[gens.length - 1] as ReadonlyMap<string, number>
      const prev = gens[gens.length - 2] as ReadonlyMap<string, number>
      if (prev.size > 2 * last.size) break
      const merged = new Map(prev)
      for (const [k, v] of last) merged.set(k, v)
      gens.splice(gens.length - 2, 2, merged)
    }
    return new IdIndex(gens, this.size + batch.size)
  }

  /** Every key, oldest generation first. */
  *keys(): IterableIterator<string> {
    for (const g of this.generations) yield* g.keys()
  }

  /** Every key with its number, oldest generation first. */
  *entries(): IterableIterator<[string, number]> {
    for (const g of this.generations) yield* g.entries()
  }
}
