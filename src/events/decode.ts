/**
 * Decoding and encoding events. `decodeEvent` accepts anything and never throws: it returns
 * `Right(event)` or `Left(DecodeFailure)` whose issues name the path, what was expected and
 * what was found (`events[3].score: expected an integer 1–5, got 7`).
 */
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { EVENT_CODECS, EVENT_TYPES, SCHEMA_VERSIONS, isEventType, type RelationshipEvent } from './catalogue.js'
import { defaultUpcasters, indexUpcasters, type RawEvent, type Upcaster } from './upcast.js'

/** One reason a value is not a valid event. */
export interface DecodeIssue {
  /** Where: `event.address.postalCode`, `events[3].score`. */
  readonly path: string
  /** What the value should be, in words. */
  readonly expected: string
  /** What it was, briefly (strings are quoted and shortened; objects are not printed). */
  readonly got: string
  /** `path: expected …, got …`. */
  readonly message: string
}

/** Why a value is not a valid event (or list of events). */
export interface DecodeFailure {
  readonly _tag: 'DecodeFailure'
  /** Every issue found, in order. */
  readonly issues: readonly DecodeIssue[]
  /** The first issues as one readable line. */
  readonly message: string
}

/** Options of the decoders. */
export interface DecodeOptions {
  /** Upcasters to apply to older schemas; defaults to `defaultUpcasters`. */
  readonly upcasters?: readonly Upcaster[]
  /** The value's name in messages (default `event`; `decodeEvents` uses `events[i]`). */
  readonly path?: string
}

const MAX_DEPTH = 32

/** Marks a value nested deeper than any event can be (and cycles). */
class TooDeep {}

const isPlainObject = (u: unknown): u is Record<string, unknown> => {
  if (typeof u !== 'object' || u === null || Array.isArray(u)) return false
  const proto = Object.getPrototypeOf(u)
  return proto === Object.prototype || proto === null
}

/**
 * A private copy of plain JSON-like input: the decoded event owns its data (a caller who
 * later mutates the input changes nothing), `__proto__` keys are dropped, `undefined`
 * properties vanish, and cycles end at a depth limit instead of a stack overflow.
 */
const toPlain = (u: unknown, depth: number): unknown => {
  if (depth > MAX_DEPTH) return new TooDeep()
  if (Array.isArray(u)) return u.map((x) => toPlain(x, depth + 1))
  if (isPlainObject(u)) {
    const out: Record<string, unknown> = {}
    for (const k of Object.keys(u)) {
      if (k === '__proto__') continue
      const v = u[k]
      if (v !== undefined) out[k] = toPlain(v, depth + 1)
    }
    return out
  }
  return u
}

/** Describes a value for a message without printing whole objects (they may hold personal data). */
const describe = (u: unknown): string => {
  if (u === undefined) return 'nothing'
  if (u === null) return 'null'
  if (u instanceof TooDeep) return 'a value nested too deeply (or a cycle)'
  if (u instanceof Date) return 'a Date object (use an ISO-8601 string)'
  if (typeof u === 'string') {
    const s = u.length > 40 ? `${u.slice(0, 40)}…` : u
    return JSON.stringify(s)
  }
  if (typeof u === 'number' || typeof u === 'boolean' || typeof u === 'bigint') return String(u)
  if (Array.isArray(u)) return `an array of ${u.length}`
  if (typeof u === 'object' && !isPlainObject(u)) {
    // ORM rows and class instances: say what it is, since "an object" would puzzle.
    const name = (Object.getPrototypeOf(u) as { constructor?: { name?: unknown } } | null)?.constructor?.name
    return `an instance of ${typeof name === 'string' && name !== '' ? name : 'a class'} (pass a plain object)`
  }
  if (typeof u === 'object') return 'an object'
  return `a ${typeof u}`
}

const issue = (path: string, expected: string, got: unknown): DecodeIssue => {
  const g = describe(got)
  return { path, expected, got: g, message: `${path}: expected ${expected}, got ${g}` }
}

const failure = (issues: readonly DecodeIssue[]): DecodeFailure => {
  const shown = issues.slice(0, 5).map((i) => i.message)
  const more = issues.length > 5 ? `; and ${issues.length - 5} more` : ''
  return { _tag: 'DecodeFailure', issues, message: shown.join('; ') + more }
}

/** The readable path of an io-ts context, skipping the indices io-ts adds inside unions. */
const pathOf = (context: t.Context, root: string): string => {
  let path = root
  for (let i = 1; i < context.length; i++) {
    const parent = context[i - 1] as t.ContextEntry
    const entry = context[i] as t.ContextEntry
    if (Array.isArray(parent.actual)) path += `[${entry.key}]`
    // A numeric key under an object is io-ts naming a branch of an intersection or union.
    else if (!/^\d+$/.test(entry.key)) path += `.${entry.key}`
  }
  return path
}

const fromIoTs = (errors: t.Errors, root: string): DecodeIssue[] => {
  const seen = new Set<string>()
  const out: DecodeIssue[] = []
  for (const e of errors) {
    const last = e.context[e.context.length - 1]
    const i = issue(pathOf(e.context, root), last?.type.name ?? 'a valid value', e.value)
    // io-ts may report one failure once per enclosing branch; say it once.
    if (!seen.has(i.message)) {
      seen.add(i.message)
      out.push(i)
    }
  }
  return out
}

const TYPE_LIST = `a known event type (${EVENT_TYPES.join(', ')})`

const decodeAt = (u: unknown, root: string, options: DecodeOptions | undefined): E.Either<DecodeIssue[], RelationshipEvent> => {
  const raw = toPlain(u, 0)
  if (!isPlainObject(raw)) return E.left([issue(root, 'an object (a relationship event)', raw)])
  const type = raw['type']
  if (!isEventType(type)) return E.left([issue(`${root}.type`, TYPE_LIST, type)])
  const schema = raw['schema']
  if (typeof schema !== 'number' || !Number.isSafeInteger(schema) || schema < 0) {
    return E.left([issue(`${root}.schema`, 'a schema version (a non-negative integer)', schema)])
  }
  const current = SCHEMA_VERSIONS[type]
  if (schema > current) {
    return E.left([
      issue(`${root}.schema`, `a schema version up to ${current} for ${type} (written by a newer touchbase?)`, schema),
    ])
  }
  let lifted: RawEvent = raw
  if (schema < current) {
    const index = indexUpcasters(options?.upcasters ?? defaultUpcasters)
    for (let v = schema; v < current; v++) {
      const up = index.get(`${type}@${v}`)
      if (up === undefined) {
        return E.left([issue(`${root}.schema`, `a version with an upcaster (none lifts ${type} v${v})`, v)])
      }
      lifted = toPlain(up(lifted), 0) as RawEvent
      if (!isPlainObject(lifted)) return E.left([issue(root, `an object from the ${type} v${v} upcaster`, lifted)])
    }
    lifted = { ...lifted, schema: current }
  }
  const result = (EVENT_CODECS[type] as t.Mixed).decode(lifted)
  return E.isRight(result) ? E.right(result.right as RelationshipEvent) : E.left(fromIoTs(result.left, root))
}

const guarded = <A>(root: string, f: () => E.Either<DecodeIssue[], A>): E.Either<DecodeIssue[], A> => {
  try {
    return f()
  } catch (e) {
    // Only hostile input (throwing getters, revoked proxies) or a host upcaster can get here.
    const reason = e instanceof Error ? e.message : String(e)
    return E.left([{ path: root, expected: 'a readable value', got: reason, message: `${root}: could not be read (${reason})` }])
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
  return E.mapLeft(failure)(guarded(root, () => decodeAt(u, root, options)))
}

/**
 * Decodes a list of events; all or nothing, reporting the issues of every bad event
 * (`events[3].score: …`). Never throws.
 */
export const decodeEvents = (u: unknown, options?: DecodeOptions): E.Either<DecodeFailure, RelationshipEvent[]> =>
  E.mapLeft(failure)(
    guarded(options?.path ?? 'events', () => {
      const root = options?.path ?? 'events'
      if (!Array.isArray(u)) return E.left([issue(root, 'an array of events', toPlain(u, 0))])
      const out: RelationshipEvent[] = []
      const issues: DecodeIssue[] = []
      for (let i = 0; i < u.length; i++) {
        const r = guarded(`${root}[${i}]`, () => decodeAt(u[i], `${root}[${i}]`, options))
        if (E.isRight(r)) out.push(r.right)
        else issues.push(...r.left)
      }
      return issues.length > 0 ? E.left(issues) : E.right(out)
    }),
  )

/**
 * Encodes an event as plain JSON (a fresh object, safe to `JSON.stringify` and store).
 * `decodeEvent(encodeEvent(e))` gives back `e`.
 */
export const encodeEvent = (event: RelationshipEvent): Record<string, unknown> =>
  toPlain((EVENT_CODECS[event.type] as t.Mixed).encode(event), 0) as Record<string, unknown>

/**
 * Decodes untrusted input with any io-ts codec, with the same guarantees and messages as
 * `decodeEvent`: never throws, fresh output, readable issues rooted at `path`.
 *
 * @example
 * decodeWith(MoneyC, { amount: 1.5, currency: 'USD' }, 'price')
 * // Left: "price.amount: expected an integer amount in minor units (e.g. cents), got 1.5"
 */
export const decodeWith = <A>(codec: t.Decoder<unknown, A>, u: unknown, path = 'value'): E.Either<DecodeFailure, A> =>
  E.mapLeft(failure)(
    guarded(path, () => {
      const result = codec.decode(toPlain(u, 0))
      return E.isRight(result) ? E.right(result.right) : E.left(fromIoTs(result.left, path))
    }),
  )

/** Whether a value is a decode failure. */
export const isDecodeFailure = (u: unknown): u is DecodeFailure =>
  typeof u === 'object' && u !== null && (u as { _tag?: unknown })._tag === 'DecodeFailure'
