/**
 * Hashes of strings and plain values: pure, deterministic, the same on every platform.
 * Used to place keys in the persistent maps, to tell a redelivered event from another
 * event that reuses its id, and to fingerprint a command.
 */

/** FNV-1a over UTF-16 code units with a final avalanche: 32 bits, cheap, well spread for ids. */
export const hashString = (s: string): number => {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  // Final avalanche so that ids differing only in their last characters spread.
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  return h >>> 0
}

const mix = (a: number, b: number): number => {
  let h = Math.imul(a ^ (b + 0x9e3779b9 + (a << 6) + (a >>> 2)), 0x85ebca6b)
  h ^= h >>> 15
  return h >>> 0
}

/**
 * A 32-bit hash of plain data (strings, numbers, booleans, null, arrays, plain objects) that
 * ignores the order of object keys and `undefined` properties: two values with the same
 * content hash alike however they were built.
 */
export const structuralHash = (value: unknown): number => {
  switch (typeof value) {
    case 'string':
      return mix(1, hashString(value))
    case 'number':
      return mix(2, hashString(String(value)))
    case 'boolean':
      return value ? 3 : 4
    case 'object': {
      if (value === null) return 5
      if (Array.isArray(value)) {
        let h = 6
        for (const x of value) h = mix(h, structuralHash(x))
        return h
      }
      // A sum of per-key hashes: independent of key order.
      let sum = 7
      for (const k in value) {
        const x = (value as Record<string, unknown>)[k]
        if (x === undefined || !Object.prototype.hasOwnProperty.call(value, k)) continue
        sum = (sum + mix(hashString(k), structuralHash(x))) >>> 0
      }
      return mix(8, sum)
    }
    default:
      return 9
  }
}

/**
 * A 53-bit fingerprint of a string, as 14 hexadecimal digits (cyrb53). Collisions are
 * negligible for telling two commands apart; it is not a cryptographic hash.
 * @example fingerprint('{"a":1}') // '0b5c1e8f3a2d7c' (14 hex digits)
 */
export const fingerprint = (s: string): string => {
  let h1 = 0xdeadbeef
  let h2 = 0x41c6ce57
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i)
    h1 = Math.imul(h1 ^ ch, 2654435761)
    h2 = Math.imul(h2 ^ ch, 1597334677)
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507)
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909)
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507)
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909)
  const n = 4294967296 * (2097151 & h2) + (h1 >>> 0)
  return n.toString(16).padStart(14, '0')
}
