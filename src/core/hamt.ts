/**
 * A small persistent hash map (hash array mapped trie) with string keys.
 *
 * Why not immer over a `Map`: immer copies a whole `Map` it changes, which on a
 * 100,000-contact network costs milliseconds per event. A HAMT copies only
 * the path to the changed entry — O(log₃₂ n) — so an old state stays valid and cheap.
 * `withMutations` lets one batch (a fold over many events) mutate the nodes it created
 * itself in place; nodes reachable from any earlier map are always copied first.
 */

import { hashString } from './hash.js'

/** @internal exported for tests: the hash that places a key. */
export { hashString }

const BITS = 5
const WIDTH = 1 << BITS
const MASK = WIDTH - 1

const popcount = (x: number): number => {
  x = x - ((x >>> 1) & 0x55555555)
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333)
  x = (x + (x >>> 4)) & 0x0f0f0f0f
  return Math.imul(x, 0x01010101) >>> 24
}

/** An edit token: nodes stamped with the live token of a batch may be mutated by it. */
type Edit = { live: boolean } | null

class Leaf<V> {
  constructor(
    readonly hash: number,
    readonly key: string,
    readonly value: V,
  ) {}
}

class Collision<V> {
  constructor(
    public edit: Edit,
    readonly hash: number,
    public leaves: Leaf<V>[],
  ) {}
}

class Branch<V> {
  constructor(
    public edit: Edit,
    public bitmap: number,
    public children: Child<V>[],
  ) {}
}

type Child<V> = Leaf<V> | Branch<V> | Collision<V>

const owned = (nodeEdit: Edit, edit: Edit): boolean => edit !== null && nodeEdit === edit && edit.live

const replaceAt = <V>(node: Branch<V>, idx: number, child: Child<V>, edit: Edit): Branch<V> => {
  if (owned(node.edit, edit)) {
    node.children[idx] = child
    return node
  }
  const children = node.children.slice()
  children[idx] = child
  return new Branch(edit, node.bitmap, children)
}

const insertAt = <V>(node: Branch<V>, idx: number, bit: number, child: Child<V>, edit: Edit): Branch<V> => {
  if (owned(node.edit, edit)) {
    node.children.splice(idx, 0, child)
    node.bitmap |= bit
    return node
  }
  const children = node.children.slice(0, idx)
  children.push(child)
  for (let i = idx; i < node.children.length; i++) children.push(node.children[i] as Child<V>)
  return new Branch(edit, node.bitmap | bit, children)
}

const mergeLeaves = <V>(shift: number, a: Leaf<V>, b: Leaf<V>, edit: Edit): Branch<V> | Collision<V> => {
  if (a.hash === b.hash || shift >= 32) {
    // Equal hashes: keep the leaves sorted so that a map's shape depends only on its contents.
    return new Collision(edit, a.hash, a.key < b.key ? [a, b] : [b, a])
  }
  const fa = (a.hash >>> shift) & MASK
  const fb = (b.hash >>> shift) & MASK
  if (fa === fb) return new Branch(edit, 1 << fa, [mergeLeaves(shift + BITS, a, b, edit)])
  return new Branch(edit, (1 << fa) | (1 << fb), fa < fb ? [a, b] : [b, a])
}

interface Added {
  added: boolean
}

const setIn = <V>(
  node: Child<V>,
  shift: number,
  leaf: Leaf<V>,
  edit: Edit,
  out: Added,
): Child<V> => {
  if (node instanceof Leaf) {
    if (node.key === leaf.key) return node.value === leaf.value ? node : leaf
    out.added = true
    return mergeLeaves(shift, node, leaf, edit)
  }
  if (node instanceof Collision) {
    if (node.hash !== leaf.hash) {
      // A collision node sits where the hashes agreed so far; split it like a leaf pair.
      out.added = true
      const fn = (node.hash >>> shift) & MASK
      const fl = (leaf.hash >>> shift) & MASK
      if (fn === fl) return new Branch(edit, 1 << fn, [setIn(node, shift + BITS, leaf, edit, out)])
      return new Branch(edit, (1 << fn) | (1 << fl), fn < fl ? [node, leaf] : [leaf, node])
    }
    const i = node.leaves.findIndex((l) => l.key === leaf.key)
    if (i >= 0) {
      if (node.leaves[i]?.value === leaf.value) return node
      const leaves = node.leaves.slice()
      leaves[i] = leaf
      return new Collision(edit, node.hash, leaves)
    }
    out.added = true
    const leaves = [...node.leaves, leaf].sort((x, y) => (x.key < y.key ? -1 : 1))
    return new Collision(edit, node.hash, leaves)
  }
  const frag = (leaf.hash >>> shift) & MASK
  const bit = 1 << frag
  const idx = popcount(node.bitmap & (bit - 1))
  if ((node.bitmap & bit) === 0) {
    out.added = true
    return insertAt(node, idx, bit, leaf, edit)
  }
  const child = node.children[idx] as Child<V>
  const next = setIn(child, shift + BITS, leaf, edit, out)
  return next === child ? node : replaceAt(node, idx, next, edit)
}

/**
 * `node` without `key`: the same node when the key is absent, `undefined` when nothing is
 * left. A branch left with one leaf or collision gives way to it, as `setIn` would have placed
 * it, so a map's shape still depends only on its contents (the root stays a branch).
 */
const removeIn = <V>(node: Child<V>, shift: number, hash: number, key: string, edit: Edit, out: Added): Child<V> | undefined => {
  if (node instanceof Leaf) {
    if (node.key !== key) return node
    out.added = true
    return undefined
  }
  if (node instanceof Collision) {
    if (node.hash !== hash) return node
    const leaves = node.leaves.filter((l) => l.key !== key)
    if (leaves.length === node.leaves.length) return node
    out.added = true
    return leaves.length === 1 ? leaves[0] : new Collision(edit, node.hash, leaves)
  }
  const bit = 1 << ((hash >>> shift) & MASK)
  if ((node.bitmap & bit) === 0) return node
  const idx = popcount(node.bitmap & (bit - 1))
  const child = node.children[idx] as Child<V>
  const next = removeIn(child, shift + BITS, hash, key, edit, out)
  if (next === child) return node
  if (next === undefined) {
    if (shift > 0 && node.children.length === 1) return undefined
    const children = node.children.filter((_, i) => i !== idx)
    const only = children[0]
    if (shift > 0 && children.length === 1 && !(only instanceof Branch)) return only
    return new Branch(edit, node.bitmap & ~bit, children)
  }
  if (shift > 0 && node.children.length === 1 && !(next instanceof Branch)) return next
  return replaceAt(node, idx, next, edit)
}

const getIn = <V>(root: Child<V>, hash: number, key: string): V | undefined => {
  let node: Child<V> = root
  let shift = 0
  for (;;) {
    if (node instanceof Branch) {
      const bit = 1 << ((hash >>> shift) & MASK)
      if ((node.bitmap & bit) === 0) return undefined
      node = node.children[popcount(node.bitmap & (bit - 1))] as Child<V>
      shift += BITS
    } else if (node instanceof Leaf) {
      return node.key === key ? node.value : undefined
    } else {
      for (const l of node.leaves) if (l.key === key) return l.value
      return undefined
    }
  }
}

function* walk<V>(node: Child<V>): Generator<Leaf<V>> {
  if (node instanceof Leaf) yield node
  else if (node instanceof Collision) yield* node.leaves
  else for (const c of node.children) yield* walk(c)
}

/**
 * Calls `out` with the keys whose values differ between two subtrees at the same depth (by
 * identity: the maps are persistent, so an unchanged value is the same object). A subtree the
 * two share is skipped whole, so two maps one update apart cost O(log n) to compare, not O(n).
 */
const changedIn = <V>(a: Child<V> | undefined, b: Child<V> | undefined, out: (key: string) => void): void => {
  if (a === b) return
  if (a === undefined || b === undefined) {
    for (const l of walk((a ?? b) as Child<V>)) out(l.key)
    return
  }
  if (a instanceof Branch && b instanceof Branch) {
    if (a.bitmap === b.bitmap) {
      // The same slots (the usual case, an entry replaced): only differing children are walked.
      const ac = a.children
      const bc = b.children
      for (let i = 0; i < ac.length; i++) if (ac[i] !== bc[i]) changedIn(ac[i], bc[i], out)
      return
    }
    let bits = a.bitmap | b.bitmap
    while (bits !== 0) {
      const bit = bits & -bits
      bits ^= bit
      const ca = (a.bitmap & bit) === 0 ? undefined : (a.children[popcount(a.bitmap & (bit - 1))] as Child<V>)
      const cb = (b.bitmap & bit) === 0 ? undefined : (b.children[popcount(b.bitmap & (bit - 1))] as Child<V>)
      changedIn(ca, cb, out)
    }
    return
  }
  if (a instanceof Leaf && b instanceof Leaf) {
    // The common bottom of a path: one entry replaced, or two different keys.
    if (a.key === b.key) {
      if (a.value !== b.value) out(a.key)
    } else {
      out(a.key)
      out(b.key)
    }
    return
  }
  // A collision or a branch against a leaf: few entries, compared key by key.
  const before = new Map<string, V>()
  for (const l of walk(a)) before.set(l.key, l.value)
  for (const l of walk(b)) {
    if (!before.has(l.key) || before.get(l.key) !== l.value) out(l.key)
    before.delete(l.key)
  }
  for (const k of before.keys()) out(k)
}

const EMPTY_ROOT: Branch<never> = new Branch(null, 0, [])

/** A persistent map from string keys to values; every update returns a new map. */
export class PMap<V> {
  private constructor(
    private readonly root: Child<V>,
    /** Number of entries. */
    readonly size: number,
  ) {}

  private static readonly EMPTY = new PMap<never>(EMPTY_ROOT, 0)

  /** The empty map. */
  static empty<V>(): PMap<V> {
    return PMap.EMPTY as PMap<V>
  }

  /** A map of the given entries (later entries win). */
  static from<V>(entries: Iterable<readonly [string, V]>): PMap<V> {
    return PMap.empty<V>().withMutations((m) => {
      for (const [k, v] of entries) m.set(k, v)
    })
  }

  /** The value at `key`, or `undefined`. */
  get(key: string): V | undefined {
    return getIn(this.root, hashString(key), key)
  }

  /** Whether `key` has a value. */
  has(key: string): boolean {
    return this.get(key) !== undefined
  }

  /** A map with `key` set to `value`; this map is unchanged. */
  set(key: string, value: V): PMap<V> {
    const out = { added: false }
    const root = setIn(this.root, 0, new Leaf(hashString(key), key, value), null, out)
    return root === this.root ? this : new PMap(root, this.size + (out.added ? 1 : 0))
  }

  /** A map without `key`; this map is unchanged (and returned as it is when `key` is absent). */
  delete(key: string): PMap<V> {
    const out = { added: false }
    const root = removeIn(this.root, 0, hashString(key), key, null, out) as Child<V>
    return out.added ? new PMap(root, this.size - 1) : this
  }

  /**
   * Applies many updates at once: nodes created inside `f` are mutated in place, nodes of
   * this (or any earlier) map are copied on first write. This map is unchanged.
   */
  withMutations(
    f: (m: { set(key: string, value: V): void; delete(key: string): void; get(key: string): V | undefined }) => void,
  ): PMap<V> {
    const edit = { live: true }
    let root = this.root
    let size = this.size
    const out = { added: false }
    f({
      set(key, value) {
        out.added = false
        root = setIn(root, 0, new Leaf(hashString(key), key, value), edit, out)
        if (out.added) size++
      },
      delete(key) {
        out.added = false
        root = removeIn(root, 0, hashString(key), key, edit, out) as Child<V>
        if (out.added) size--
      },
      get(key) {
        return getIn(root, hashString(key), key)
      },
    })
    edit.live = false
    return root === this.root ? this : new PMap(root, size)
  }

  /** Entries in a deterministic order that depends only on the keys. */
  *entries(): IterableIterator<[string, V]> {
    for (const l of walk(this.root)) yield [l.key, l.value]
  }

  /** Values in the order of `entries`. */
  *values(): IterableIterator<V> {
    for (const l of walk(this.root)) yield l.value
  }

  /** Keys in the order of `entries`. */
  *keys(): IterableIterator<string> {
    for (const l of walk(this.root)) yield l.key
  }

  /**
   * The keys whose values differ between this map and `other` — added, removed or set to
   * another value (compared by identity) — each once, in no particular order. Parts of the
   * two maps that are shared (one derived from the other by a few updates) are skipped
   * whole: the cost is O(changes · log n), not O(n).
   *
   * @example
   * const next = map.set('c-9', contact)
   * [...map.changedKeys(next)] // ['c-9']
   */
  changedKeys(other: PMap<V>): IterableIterator<string> {
    const keys: string[] = []
    changedIn(this.root, other.root, (k) => void keys.push(k))
    return keys.values()
  }

  [Symbol.iterator](): IterableIterator<[string, V]> {
    return this.entries()
  }
}
