/**
 * The shape of a `NetworkState` as key paths, at the type level and at run time, for the test
 * that pins `SNAPSHOT_VERSION` against it. A path names a field through its containers:
 * `contacts{}.plans.enrollments[].outcomes{}.status` — `{}` a keyed collection (a persistent
 * map, a `Map`, an id index), `[]` a list (an array, a persistent vector).
 */
import { PMap } from '../../src/core/hamt.js'
import { IdIndex } from '../../src/core/id-index.js'
import { PVector } from '../../src/core/pvector.js'
import type { NetworkState } from '../../src/state/index.js'

type Leaf = string | number | boolean | null | undefined

/** Every key path of a type (see the module's comment). */
export type PathsOf<T, P extends string> = T extends Leaf
  ? P
  : T extends PMap<infer V>
    ? PathsOf<V, `${P}{}`>
    : T extends PVector<infer V>
      ? PathsOf<V, `${P}[]`>
      : T extends IdIndex
        ? `${P}{}`
        : T extends ReadonlyMap<string, infer V>
          ? PathsOf<V, `${P}{}`>
          : T extends readonly (infer V)[]
            ? PathsOf<V, `${P}[]`>
            : T extends object
              ? { [K in keyof T & string]-?: PathsOf<Exclude<T[K], undefined>, P extends '' ? K : `${P}.${K}`> }[keyof T & string]
              : never

/** Every key path of `NetworkState`. */
export type StatePaths = PathsOf<NetworkState, ''>

/** The key paths a state's values actually take (only those present in this state). */
export const observedPaths = (state: NetworkState): Set<string> => {
  const out = new Set<string>()
  const walk = (v: unknown, p: string): void => {
    if (v === undefined) return
    if (v === null || typeof v !== 'object') {
      out.add(p)
      return
    }
    // An empty collection says nothing of its values' shape: only values name paths.
    if (v instanceof PMap || v instanceof Map) {
      for (const x of v.values()) walk(x, `${p}{}`)
      return
    }
    if (v instanceof IdIndex) {
      out.add(`${p}{}`)
      return
    }
    if (v instanceof PVector || Array.isArray(v)) {
      const items = v instanceof PVector ? v.toArray() : v
      for (const x of items) walk(x, `${p}[]`)
      return
    }
    for (const [k, x] of Object.entries(v)) walk(x, p === '' ? k : `${p}.${k}`)
  }
  walk(state, '')
  return out
}
