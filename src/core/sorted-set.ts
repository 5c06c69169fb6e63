/**
 * A persistent sorted set: a B+tree with path copying, ordered by a comparator.
 *
 * Why a tree and not a sorted array: the agenda index keeps every pending touch of the
 * network in date order (millions at 100,000 contacts) and an event changes a handful of
 * them. A sorted array would copy itself on every change; this tree copies only the path to
 * the changed leaf — O(log₃₂ n) nodes of at most 32 slots — so an old set stays valid and
 * cheap, and "everything due before day D" is a walk from the first leaf, not a sort.
 *
 * Elements are their own keys: the comparator orders them, and two elements it calls equal
 * are the same entry (adding one replaces the other). Deletes may leave nodes underfull (a
 * node is only dropped when empty): the set stays correct, and rebalancing would cost more
 * copying than the slack costs reading. `batch` lets one build or update mutate the nodes it
 * created itself in place; nodes reachable from any earlier set are always copied first.
 */

/**
 * Slots per node: leaves hold up to this many elements, branches this many children. Each
 * change copies a path of nodes, so the width is what an update allocates (at 64, about 2 KB
 * more an event for the agenda index at 100,000 contacts); narrower means more nodes a read.
 */
const MAX = 32
/** How full a bulk-built leaf is: room for a few inserts before the first split. */
const BULK = 24

/** An edit token: nodes stamped with the live token of a batch may be mutated by it. */
type Edit = { live: boolean } | null

class Leaf<T> {
  constructor(
    public edit: Edit,
    public items: T[],
  ) {}
}

class Branch<T> {
  constructor(
    public edit: Edit,
    public children: Node<T>[],
    /** The greatest element of each child. */
    public maxes: T[],
  ) {}
}

type Node<T> = Leaf<T> | Branch<T>

const owned = (nodeEdit: Edit, edit: Edit): boolean => edit !== null && nodeEdit === edit && edit.live

const maxOf = <T>(node: Node<T>): T =>
  node instanceof Leaf ? (node.items[node.items.length - 1] as T) : (node.maxes[node.maxes.length - 1] as T)

const isEmpty = <T>(node: Node<T>): boolean => (node instanceof Leaf ? node.items.length === 0 : node.children.length === 0)

/** The first index in `xs` whose element is not before `v` (the comparator's lower bound). */
const lowerBound = <T>(xs: readonly T[], v: T, cmp: (a: T, b: T) => number): number => {
  let lo = 0
  let hi = xs.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (cmp(xs[mid] as T, v) < 0) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** The first index whose element `before` does not hold for (`before` is true then false along the order). */
const firstNotBefore = <T>(xs: readonly T[], before: (t: T) => boolean): number => {
  let lo = 0
  let hi = xs.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (before(xs[mid] as T)) lo = mid + 1
    else hi = mid
  }
  return lo
}

interface Out {
  added: boolean
  removed: boolean
}

/** Inserts or replaces `v`; returns the node, or two nodes when it split. */
const insert = <T>(node: Node<T>, v: T, cmp: (a: T, b: T) => number, edit: Edit, out: Out): Node<T> | [Node<T>, Node<T>] => {
  if (node instanceof Leaf) {
    const items = node.items
    const i = lowerBound(items, v, cmp)
    if (i < items.length && cmp(items[i] as T, v) === 0) {
      if (items[i] === v) return node
      if (owned(node.edit, edit)) {
        items[i] = v
        return node
      }
      const copy = items.slice()
      copy[i] = v
      return new Leaf(edit, copy)
    }
    out.added = true
    if (items.length < MAX) {
      if (owned(node.edit, edit)) {
        items.splice(i, 0, v)
        return node
      }
      const copy = items.slice(0, i)
      copy.push(v)
      for (let k = i; k < items.length; k++) copy.push(items[k] as T)
      return new Leaf(edit, copy)
    }
    const all = items.slice(0, i)
    all.push(v)
    for (let k = i; k < items.length; k++) all.push(items[k] as T)
    const half = all.length >>> 1
    return [new Leaf(edit, all.slice(0, half)), new Leaf(edit, all.slice(half))]
  }
  const { children, maxes } = node
  let c = lowerBound(maxes, v, cmp)
  if (c === children.length) c--
  const child = children[c] as Node<T>
  const next = insert(child, v, cmp, edit, out)
  if (next === child) {
    // Unchanged, or changed in place (a batch owns the child, and so this node): its
    // greatest element may have moved.
    if (owned(node.edit, edit)) maxes[c] = maxOf(child)
    return node
  }
  const mine = owned(node.edit, edit)
  const kids = mine ? children : children.slice()
  const ms = mine ? maxes : maxes.slice()
  if (Array.isArray(next)) {
    kids.splice(c, 1, next[0], next[1])
    ms.splice(c, 1, maxOf(next[0]), maxOf(next[1]))
  } else {
    kids[c] = next
    ms[c] = maxOf(next)
  }
  if (kids.length <= MAX) return mine ? node : new Branch(edit, kids, ms)
  const half = kids.length >>> 1
  return [new Branch(edit, kids.slice(0, half), ms.slice(0, half)), new Branch(edit, kids.slice(half), ms.slice(half))]
}

/** Removes the element equal to `v`, if any; returns the same node when there was none. */
const remove = <T>(node: Node<T>, v: T, cmp: (a: T, b: T) => number, edit: Edit, out: Out): Node<T> => {
  if (node instanceof Leaf) {
    const items = node.items
    const i = lowerBound(items, v, cmp)
    if (i === items.length || cmp(items[i] as T, v) !== 0) return node
    out.removed = true
    if (owned(node.edit, edit)) {
      items.splice(i, 1)
      return node
    }
    const copy = items.slice(0, i)
    for (let k = i + 1; k < items.length; k++) copy.push(items[k] as T)
    return new Leaf(edit, copy)
  }
  const { children, maxes } = node
  const c = lowerBound(maxes, v, cmp)
  if (c === children.length) return node
  const child = children[c] as Node<T>
  const next = remove(child, v, cmp, edit, out)
  if (!out.removed) return node
  const mine = owned(node.edit, edit)
  const kids = mine ? children : children.slice()
  const ms = mine ? maxes : maxes.slice()
  if (isEmpty(next)) {
    kids.splice(c, 1)
    ms.splice(c, 1)
  } else {
    kids[c] = next
    ms[c] = maxOf(next)
  }
  return mine ? node : new Branch(edit, kids, ms)
}

/** Visits elements from the first that `before` does not hold for; stops when `visit` returns false. */
const walkFrom = <T>(node: Node<T>, before: (t: T) => boolean, visit: (t: T) => boolean | void): boolean => {
  if (node instanceof Leaf) {
    const items = node.items
    for (let i = firstNotBefore(items, before); i < items.length; i++) if (visit(items[i] as T) === false) return false
    return true
  }
  const start = firstNotBefore(node.maxes, before)
  if (start === node.children.length) return true
  if (!walkFrom(node.children[start] as Node<T>, before, visit)) return false
  for (let c = start + 1; c < node.children.length; c++) if (!walkAll(node.children[c] as Node<T>, visit)) return false
  return true
}

const walkAll = <T>(node: Node<T>, visit: (t: T) => boolean | void): boolean => {
  if (node instanceof Leaf) {
    const items = node.items
    for (let i = 0; i < items.length; i++) if (visit(items[i] as T) === false) return false
    return true
  }
  for (const c of node.children) if (!walkAll(c, visit)) return false
  return true
}

/** Visits the leaves from the one holding the first element `before` does not hold for, with that element's place in it. */
const leavesFrom = <T>(node: Node<T>, before: (t: T) => boolean, visit: (items: readonly T[], start: number) => boolean | void): boolean => {
  if (node instanceof Leaf) return visit(node.items, firstNotBefore(node.items, before)) !== false
  const start = firstNotBefore(node.maxes, before)
  if (start === node.children.length) return true
  if (!leavesFrom(node.children[start] as Node<T>, before, visit)) return false
  for (let c = start + 1; c < node.children.length; c++) if (!leavesAll(node.children[c] as Node<T>, visit)) return false
  return true
}

const leavesAll = <T>(node: Node<T>, visit: (items: readonly T[], start: number) => boolean | void): boolean => {
  if (node instanceof Leaf) return visit(node.items, 0) !== false
  for (const c of node.children) if (!leavesAll(c, visit)) return false
  return true
}

const findIn = <T>(node: Node<T>, v: T, cmp: (a: T, b: T) => number): T | undefined => {
  let n: Node<T> = node
  while (n instanceof Branch) {
    const c = lowerBound(n.maxes, v, cmp)
    if (c === n.children.length) return undefined
    n = n.children[c] as Node<T>
  }
  const i = lowerBound(n.items, v, cmp)
  return i < n.items.length && cmp(n.items[i] as T, v) === 0 ? n.items[i] : undefined
}

/** A root that is a branch with one child is that child: deletes never leave a tall, thin tree. */
const collapse = <T>(node: Node<T>): Node<T> => {
  let n = node
  while (n instanceof Branch && n.children.length === 1) n = n.children[0] as Node<T>
  return n instanceof Branch && n.children.length === 0 ? new Leaf(null, []) : n
}

const rootOf = <T>(r: Node<T> | [Node<T>, Node<T>], edit: Edit): Node<T> =>
  Array.isArray(r) ? new Branch(edit, [r[0], r[1]], [maxOf(r[0]), maxOf(r[1])]) : r

/** What `SortedSet#batch` hands its function: adds and deletes applied in place where the batch owns the nodes. */
export interface SortedSetBatch<T> {
  /** Adds `v`, replacing an element the comparator calls equal. */
  add(v: T): void
  /** Removes the element the comparator calls equal to `v`, if any. */
  delete(v: T): void
}

/**
 * A persistent set of elements ordered by a comparator; every update returns a new set and
 * leaves this one unchanged.
 *
 * @example
 * const s = SortedSet.of((a: number, b: number) => a - b, [5, 1, 3]).add(2)
 * s.toArray() // [1, 2, 3, 5]
 */
export class SortedSet<T> {
  private constructor(
    private readonly root: Node<T>,
    /** Number of elements. */
    readonly size: number,
    /** The order: negative, zero (the same entry) or positive. */
    readonly compare: (a: T, b: T) => number,
  ) {}

  /** The empty set of an order. */
  static empty<T>(compare: (a: T, b: T) => number): SortedSet<T> {
    return new SortedSet<T>(new Leaf<T>(null, []), 0, compare)
  }

  /** A set of the given elements, in any order (of equal ones, the last wins). */
  static of<T>(compare: (a: T, b: T) => number, elements: Iterable<T>): SortedSet<T> {
    const xs = Array.from(elements)
    xs.sort(compare)
    // Equal neighbours after a stable sort: keep the last given.
    const unique: T[] = []
    for (const x of xs) {
      if (unique.length > 0 && compare(unique[unique.length - 1] as T, x) === 0) unique[unique.length - 1] = x
      else unique.push(x)
    }
    return SortedSet.fromSorted(compare, unique)
  }

  /**
   * A set built in O(n) from elements already in strictly increasing order (the caller's
   * promise: nothing is checked, a wrong order makes a wrong set).
   */
  static fromSorted<T>(compare: (a: T, b: T) => number, sorted: readonly T[]): SortedSet<T> {
    if (sorted.length === 0) return SortedSet.empty(compare)
    let level: Node<T>[] = []
    for (let i = 0; i < sorted.length; i += BULK) level.push(new Leaf<T>(null, sorted.slice(i, i + BULK)))
    while (level.length > 1) {
      const up: Node<T>[] = []
      for (let i = 0; i < level.length; i += BULK) {
        const kids = level.slice(i, i + BULK)
        up.push(new Branch<T>(null, kids, kids.map(maxOf)))
      }
      level = up
    }
    return new SortedSet(level[0] as Node<T>, sorted.length, compare)
  }

  /** A set with `v` added (an element the comparator calls equal is replaced); this set is unchanged. */
  add(v: T): SortedSet<T> {
    const out = { added: false, removed: false }
    const r = insert(this.root, v, this.compare, null, out)
    if (r === this.root) return this
    return new SortedSet(rootOf(r, null), this.size + (out.added ? 1 : 0), this.compare)
  }

  /** A set without the element the comparator calls equal to `v`; this set is unchanged. */
  delete(v: T): SortedSet<T> {
    const out = { added: false, removed: false }
    const r = remove(this.root, v, this.compare, null, out)
    return out.removed ? new SortedSet(collapse(r), this.size - 1, this.compare) : this
  }

  /** The element the comparator calls equal to `v`, if any. */
  find(v: T): T | undefined {
    return findIn(this.root, v, this.compare)
  }

  /**
   * Applies many adds and deletes at once: nodes created inside `f` are changed in place,
   * nodes of this (or any earlier) set are copied on first write. This set is unchanged.
   */
  batch(f: (m: SortedSetBatch<T>) => void): SortedSet<T> {
    const edit = { live: true }
    let root = this.root
    let size = this.size
    const cmp = this.compare
    f({
      add(v) {
        const out = { added: false, removed: false }
        root = rootOf(insert(root, v, cmp, edit, out), edit)
        if (out.added) size++
      },
      delete(v) {
        const out = { added: false, removed: false }
        const r = remove(root, v, cmp, edit, out)
        if (out.removed) {
          root = collapse(r)
          size--
        }
      },
    })
    edit.live = false
    return root === this.root ? this : new SortedSet(root, size, cmp)
  }

  /**
   * Visits the elements in order, starting at the first one `before` is false for — `before`
   * must hold for a prefix of the order and for nothing after it — until `visit` returns
   * `false`. Costs O(log n) to find the start, then O(1) an element.
   *
   * @example s.forEachFrom((x) => x < 3, (x) => x <= 10 || false) // 3 … 10
   */
  forEachFrom(before: (t: T) => boolean, visit: (t: T) => boolean | void): void {
    walkFrom(this.root, before, visit)
  }

  /**
   * `forEachFrom` a leaf at a time: `visit` gets each leaf's elements (not to be changed or
   * kept) and where to start in them — the first one `before` is false for in the first leaf,
   * 0 after — until it returns `false`. For a reader whose loop over millions of elements
   * should be its own: one call a leaf, not one an element.
   */
  forEachLeafFrom(before: (t: T) => boolean, visit: (items: readonly T[], start: number) => boolean | void): void {
    leavesFrom(this.root, before, visit)
  }

  /** `forEach` a leaf at a time (see `forEachLeafFrom`). */
  forEachLeaf(visit: (items: readonly T[], start: number) => boolean | void): void {
    leavesAll(this.root, visit)
  }

  /** Visits every element in order, until `visit` returns `false`. */
  forEach(visit: (t: T) => boolean | void): void {
    walkAll(this.root, visit)
  }

  /** The elements in order. */
  toArray(): T[] {
    const out: T[] = []
    walkAll(this.root, (t) => {
      out.push(t)
    })
    return out
  }
}
