/**
 * The content of an event as one comparable string. Two events with the same id are "the
 * same event" (an idempotent retry) exactly when these strings are equal: key order, and
 * whatever an object held besides its encoded fields, make no difference.
 */
import { canonicalJson } from '../core/plain.js'
import { encodeEvent, type RelationshipEvent } from '../events/index.js'

/**
 * The canonical JSON of an event: `encodeEvent(event)` with object keys sorted at every
 * depth. Stores compare a duplicate id's content with it; a host adapter may keep it in a
 * column to compare without decoding.
 *
 * @example
 * canonicalEventJson({ type: 'ContactRated', id: 'e1', ... }) ===
 *   canonicalEventJson({ id: 'e1', type: 'ContactRated', ... }) // true
 */
export const canonicalEventJson = (event: RelationshipEvent): string => canonicalJson(encodeEvent(event))

/**
 * Whether two events have the same content (same canonical JSON).
 *
 * @example
 * sameEventContent(e, { ...e }) // true
 */
export const sameEventContent = (a: RelationshipEvent, b: RelationshipEvent): boolean =>
  canonicalEventJson(a) === canonicalEventJson(b)
