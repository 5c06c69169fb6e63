/**
 * Structural equality, once: a canonical plain-JSON view of a value — maps as entry lists
 * sorted by key, object keys sorted, `undefined` fields dropped — its JSON text, and
 * equality through it. Two values compare equal exactly when they hold the same data,
 * whatever order they were built in.
 */
export const plain = (v: unknown): unknown => {
  if (v instanceof Map) {
    return Array.from(v.entries())
      .map(([k, x]) => [k, plain(x)] as const)
      .sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : String(a[0]) > String(b[0]) ? 1 : 0))
  }
  if (v instanceof Set) return Array.from(v, plain).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1))
  if (Array.isArray(v)) return v.map(plain)
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {}
    for (const k of Object.keys(v).sort()) {
      const x = (v as Record<string, unknown>)[k]
      if (x !== undefined) out[k] = plain(x)
    }
    return out
  }
  return v
}

/** The canonical JSON text of a value (see `plain`). */
export const canonicalJson = (v: unknown): string => JSON.stringify(plain(v)) ?? 'null'

/** Whether two values hold the same data (see `plain`). */
export const structurallyEqual = (a: unknown, b: unknown): boolean => a === b || canonicalJson(a) === canonicalJson(b)
