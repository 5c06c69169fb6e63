/**
 * Decoding and encoding events. `decodeEvent` accepts anything and never throws: it returns
 * `Right(event)` or `Left(DecodeFailure)` whose issues name the path, what was expected and
 * what was found (`events[3].score: expected an integer 1–5, got 7`) — without printing
 * personal data. Input is bounded before the codec looks at it (see `DecodeLimits`): an
 * oversized or over-nested value costs time proportional to the limit, not to its size.
 */
import * as E from 'fp-ts/lib/Either.js'
import type * as t from 'io-ts'
import {
  boundedCopy,
  decodeFailure,
  decodeIssue,
  decodeLimits,
  describeValue,
  issuesOf,
  unreadableIssue,
  type DecodeFailure,
  type DecodeIssue,
  type DecodeLimits,
} from '../core/decoding.js'
import { EVENT_CODECS, EVENT_TYPES, SCHEMA_VERSIONS, isEventType, type RelationshipEvent } from './catalogue.js'
import { defaultUpcasters, indexUpcasters, type RawEvent, type Upcaster } from './upcast.js'

export {
  DEFAULT_DECODE_LIMITS,
  decodeWith,
  isDecodeFailure,
  type DecodeFailure,
  type DecodeIssue,
  type DecodeIssueCode,
  type DecodeLimits,
} from '../core/decoding.js'

/** Options of the decoders. */
export interface DecodeOptions {
  /** Upcasters to apply to older schemas; defaults to `defaultUpcasters`. */
  readonly upcasters?: readonly Upcaster[]
  /** The value's name in messages (default `event`; `decodeEvents` uses `events[i]`). */
  readonly path?: string
  /** Bounds on each event (defaults: `DEFAULT_DECODE_LIMITS`). */
  readonly limits?: Partial<DecodeLimits>
}

const TYPE_LIST = `a known event type (${EVENT_TYPES.join(', ')})`

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u)

const decodeAt = (u: unknown, root: string, upcasters: readonly Upcaster[], limits: DecodeLimits): E.Either<DecodeIssue[], RelationshipEvent> => {
  const copy = boundedCopy(u, root, limits)
  if (E.isLeft(copy)) return E.left([copy.left])
  const raw = copy.right
  if (!isRecord(raw)) return E.left([decodeIssue('invalid-value', root, 'an object (a relationship event)', describeValue(raw))])
  const type = raw['type']
  if (!isEventType(type)) return E.left([decodeIssue('invalid-value', `${root}.type`, TYPE_LIST, describeValue(type))])
  const schema = raw['schema']
  if (typeof schema !== 'number' || !Number.isSafeInteger(schema) || schema < 0) {
    return E.left([decodeIssue('invalid-value', `${root}.schema`, 'a schema version (a non-negative integer)', describeValue(schema))])
  }
  const current = SCHEMA_VERSIONS[type]
  if (schema > current) {
    return E.left([
      decodeIssue('invalid-value', `${root}.schema`, `a schema version up to ${current} for ${type} (written by a newer touchbase?)`, String(schema)),
    ])
  }
  let lifted: RawEvent = raw
  if (schema < current) {
    const index = indexUpcasters(upcasters)
    for (let v = schema; v < current; v++) {
      const up = index.get(`${type}@${v}`)
      if (up === undefined) {
        return E.left([decodeIssue('invalid-value', `${root}.schema`, `a version with an upcaster (none lifts ${type} v${v})`, String(v))])
      }
      // An upcaster is the host's code: its output is bounded and copied like any input.
      const next = boundedCopy(up(lifted), root, limits)
      if (E.isLeft(next)) return E.left([next.left])
      if (!isRecord(next.right)) return E.left([decodeIssue('invalid-value', root, `an object from the ${type} v${v} upcaster`, describeValue(next.right))])
      lifted = next.right
    }
    lifted = { ...lifted, schema: current }
  }
  const result = (EVENT_CODECS[type] as t.Mixed).decode(lifted)
  return E.isRight(result) ? E.right(result.right as RelationshipEvent) : E.left(issuesOf(result.left, root, limits.maxIssues))
}

const guarded = <A>(root: string, f: () => E.Either<DecodeIssue[], A>): E.Either<DecodeIssue[], A> => {
  try {
    return f()
  } catch (e) {
    // Only a host's upcaster that throws can get here (input is read inside a guard already).
    return E.left([unreadableIssue(root, e)])
  }
}

/**
 * Decodes one event from untrusted input (parsed JSON, a database row's payload).
 * Older schemas are upcast first. Never throws.
 *
 * @example
 * decodeEvent({ id: 'e1', type: 'ContactRated', at: '2026-11-26T09:00:00Z', schema: 1,
 *               contactId: 'c1', score: 7 })
 * // Left: "event.score: expected an integer 1–5, got 7"
 */
export const decodeEvent = (u: unknown, options?: DecodeOptions): E.Either<DecodeFailure, RelationshipEvent> => {
  const root = options?.path ?? 'event'
  const limits = decodeLimits(options?.limits)
  return E.mapLeft(decodeFailure)(guarded(root, () => decodeAt(u, root, options?.upcasters ?? defaultUpcasters, limits)))
}

/**
 * Decodes a list of events; all or nothing, reporting the issues of the bad events
 * (`events[3].score: …`) up to the issue limit, where it stops. Never throws.
 */
export const decodeEvents = (u: unknown, options?: DecodeOptions): E.Either<DecodeFailure, RelationshipEvent[]> => {
  const root = options?.path ?? 'events'
  const limits = decodeLimits(options?.limits)
  const upcasters = options?.upcasters ?? defaultUpcasters
  if (!Array.isArray(u)) return E.left(decodeFailure([decodeIssue('invalid-value', root, 'an array of events', describeValue(u))]))
  const out: RelationshipEvent[] = []
  const issues: DecodeIssue[] = []
  for (let i = 0; i < u.length && issues.length < limits.maxIssues; i++) {
    const at = `${root}[${i}]`
    const r = guarded(at, () => decodeAt(u[i], at, upcasters, limits))
    if (E.isRight(r)) out.push(r.right)
    else issues.push(...r.left.slice(0, limits.maxIssues - issues.length))
  }
  return issues.length > 0 ? E.left(decodeFailure(issues)) : E.right(out)
}

const plainCopy = (u: unknown): unknown => {
  if (Array.isArray(u)) return u.map(plainCopy)
  if (typeof u === 'object' && u !== null) {
    const out: Record<string, unknown> = {}
    for (const k of Object.keys(u)) {
      const v = (u as Record<string, unknown>)[k]
      if (v !== undefined && k !== '__proto__') out[k] = plainCopy(v)
    }
    return out
  }
  return u
}

/**
 * Encodes an event as plain JSON (a fresh object, safe to `JSON.stringify` and store).
 * `decodeEvent(encodeEvent(e))` gives back `e`.
 */
export const encodeEvent = (event: RelationshipEvent): Record<string, unknown> =>
  plainCopy((EVENT_CODECS[event.type] as t.Mixed).encode(event)) as Record<string, unknown>
