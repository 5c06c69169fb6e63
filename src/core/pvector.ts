/**
 * A persistent append-only vector (a 32-way trie with a tail, as Clojure's vector).
 *
 * The network's programme-wide lists (costs, anomalies) grow with the stream; copying an
 * array on every event would make one `evolve` cost O(n). Here `push` copies at most one
 * path of the trie, and a batch may append in place to the nodes it created itself.
 */

const BITS = 5
const WIDTH = 32
const MASK = 31

type Edit = { live: boolean } | null

interface TrieNode {
  edit: Edit
  items: unknown[]
}

const node = (edit: Edit, items: unknown[]): TrieNode => ({ edit, items })

const owned = (n: TrieNode, edit: Edit): boolean => edit !== null && n.edit === edit && edit.live

const pushTail = (size: number, shift: number, parent: TrieNode, tail: TrieNode, edit: Edit): TrieNode => {
  const ret = owned(parent, edit) ? parent : node(edit, parent.items.slice())
  const sub = ((size - 1) >>> shift) & MASK
  if (shift === BITS) {
    ret.items[sub] = tail
    return ret
  }
  const child = ret.items[sub] as TrieNode | undefined
  ret.items[sub] = child === undefined ? newPath(shift - BITS, tail, edit) : pushTail(size, shift - BITS, child, tail, edit)
  return ret
}

const newPath = (shift: number, n: TrieNode, edit: Edit): TrieNode =>
  shift === 0 ? n : node(edit, [newPath(shift - BITS, n, edit)])

interface Parts {
  size: number
  shift: number
  root: TrieNode
  tail: unknown[]
}

const pushInto = (p: Parts, value: unknown, edit: Edit, tailOwned: boolean): Parts => {
  const tailOffset = p.size < WIDTH ? 0 : ((p.size - 1) >>> BITS) << BITS
  if (p.size - tailOffset < WIDTH) {
    const tail = tailOwned ? p.tail : p.tail.slice()
    tail.push(value)
    return { size: p.size + 1, shift: p.shift, root: p.root, tail }
  }
  const tailNode = node(edit, p.tail)
  let root: TrieNode
  let shift = p.shift
  if (p.size >>> BITS > 1 << p.shift) {
    root = node(edit, [p.root, newPath(p.shift, tailNode, edit)])
    shift += BITS
  } else {
    root = pushTail(p.size, p.shift, p.root, tailNode, edit)
  }
  return { size: p.size + 1, shift, root, tail: [value] }
}

const EMPTY_NODE = node(null, [])

/** A persistent vector: `push` returns a new vector and leaves this one as it was. */
export class PVector<T> {
  private constructor(private readonly p: Parts) {}

  private static readonly EMPTY = new PVector<never>({ size: 0, shift: BITS, root: EMPTY_NODE, tail: [] })

  /** The empty vector. */
  static empty<T>(): PVector<T> {
    return PVector.EMPTY as PVector<T>
  }

  /** A vector of the given items, in order. */
  static from<T>(items: Iterable<T>): PVector<T> {
    return PVector.empty<T>().pushAll(items)
  }

  /** Number of items. */
  get size(): number {
    return this.p.size
  }

  /** A vector with `value` appended. */
  push(value: T): PVector<T> {
    return new PVector(pushInto(this.p, value, null, false))
  }

  /** A vector with every item of `values` appended; mutates only nodes it creates. */
  pushAll(values: Iterable<T>): PVector<T> {
    const edit = { live: true }
    let p = this.p
    let tailOwned = false
    for (const v of values) {
      const before = p.tail
      p = pushInto(p, v, edit, tailOwned)
      // A fresh tail (copied or started) belongs to this batch from now on.
      tailOwned = p.tail !== before || tailOwned
    }
    edit.live = false
    return p === this.p ? this : new PVector(p)
  }

  /** The item at `index`, or `undefined` outside `0 … size − 1`. */
  get(index: number): T | undefined {
    if (!Number.isInteger(index) || index < 0 || index >= this.p.size) return undefined
    const tailOffset = this.p.size < WIDTH ? 0 : ((this.p.size - 1) >>> BITS) << BITS
    if (index >= tailOffset) return this.p.tail[index - tailOffset] as T
    let n = this.p.root
    for (let level = this.p.shift; level > 0; level -= BITS) n = n.items[(index >>> level) & MASK] as TrieNode
    return n.items[index & MASK] as T
  }

  *[Symbol.iterator](): IterableIterator<T> {
    for (let i = 0; i < this.p.size; i++) yield this.get(i) as T
  }

  /** The items as a new array. */
  toArray(): T[] {
    return Array.from(this)
  }
}
