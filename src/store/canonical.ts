/**
 * The content of an event as one comparable string. Two events with the same id are "the
 * same event" (an idempotent retry) exactly when these strings are equal: key order, and
 * whatever an object held besides its encoded fields, make no difference.
 */
import { encodeEvent, type RelationshipEvent } from '../events/index.js'

const canonical = (u: unknown): string => {
  if (Array.isArray(u)) return `[${u.map(canonical).join(',')}]`
  if (typeof u === 'object' && u !== null) {
    const o = u as Record<string, unknown>
    // Sorted keys: the same content written in another key order compares equal.
    const keys = Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(',')}}`
  }
  // `encodeEvent` yields plain JSON: strings, finite numbers, booleans and null remain.
  return JSON.stringify(u) ?? 'null'
}

/**
 * The canonical JSON of an event: `encodeEvent(event)` with object keys sorted at every
 * depth. Stores compare a duplicate id's content with it (DESIGN §4.6); a host adapter may
 * keep it in a column to compare without decoding.
 *
 * @example
 * canonicalEventJson({ type: 'ContactRated', id: 'e1', ... }) ===
 *   canonicalEventJson({ id: 'e1', type: 'ContactRated', ... }) // true
 */
export const canonicalEventJson = (event: RelationshipEvent): string => canonical(encodeEvent(event))

/**
 * Whether two events have the same content (same canonical JSON).
 *
 * @example
 * sameEventContent(e, { ...e }) // true
 */
export const sameEventContent = (a: RelationshipEvent, b: RelationshipEvent): boolean =>
  canonicalEventJson(a) === canonicalEventJson(b)
