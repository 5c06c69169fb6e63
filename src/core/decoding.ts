/**
 * Decoding untrusted input, with bounds. Every decoder of touchbase (events, plans, reward
 * policies, calendar sets, KPI aggregates, snapshots) goes through here:
 *
 * 1. A bounded private copy: the input is walked once, copied into fresh plain objects and
 *    arrays, and refused at the first limit it passes (size, string length, list length,
 *    nesting, keys) or at anything that is not plain data (a `Date`, a `Map`, a boxed number,
 *    a class instance). The walk stops at the limit, so a hostile input costs time
 *    proportional to the limit, not to the input; and the decoded value never shares an
 *    object with the caller.
 * 2. The io-ts codec, on the copy.
 * 3. Issues that name the path and the expectation. A value the codec marks `personal` is
 *    described ("a string of 31 characters"), never printed: decode errors go to logs.
 */
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { isPersonalCodec } from './codecs.js'
import { issuesSummary, type TouchbaseError, type TouchbaseIssue } from './errors.js'

/** Bounds on one decoded value. Over a bound, decoding fails at once with a `limit-exceeded` issue. */
export interface DecodeLimits {
  /** The largest value, as its JSON would be encoded, in bytes (default 65,536). */
  readonly maxBytes: number
  /** The longest string, in characters (default 4,096). */
  readonly maxString: number
  /** The longest string under a `note`, `notes` or `comment` key (default 16,384). */
  readonly maxNote: number
  /** The most items in one array (default 100). */
  readonly maxArray: number
  /** The most keys in one object (default 64). */
  readonly maxKeys: number
  /** The deepest nesting of objects and arrays (default 16). */
  readonly maxDepth: number
  /** The most issues collected before decoding stops (default 20). */
  readonly maxIssues: number
}

/** The default bounds: generous for any real event, tight enough that hostile input costs nothing. */
export const DEFAULT_DECODE_LIMITS: DecodeLimits = Object.freeze({
  maxBytes: 65_536,
  maxString: 4_096,
  maxNote: 16_384,
  maxArray: 100,
  maxKeys: 64,
  maxDepth: 16,
  maxIssues: 20,
})

/** Limits with some bounds replaced (each must be a positive integer; others keep their default). */
export const decodeLimits = (overrides: Partial<DecodeLimits> | undefined): DecodeLimits => {
  if (overrides === undefined) return DEFAULT_DECODE_LIMITS
  const out: Record<string, number> = { ...DEFAULT_DECODE_LIMITS }
  for (const k of Object.keys(DEFAULT_DECODE_LIMITS) as (keyof DecodeLimits)[]) {
    const v = overrides[k]
    if (typeof v === 'number' && Number.isSafeInteger(v) && v > 0) out[k] = v
  }
  return out as unknown as DecodeLimits
}

/** Codes of decode issues: each issue of a `DecodeFailure` has one. */
export const DECODE_ISSUE_CODES = ['invalid-value', 'limit-exceeded', 'not-plain-data', 'unreadable'] as const

/** The code of a decode issue. */
export type DecodeIssueCode = (typeof DECODE_ISSUE_CODES)[number]

/** Every code of the decoders: `decode-failed` and the codes of its issues. */
export const DECODE_ERROR_CODES = ['decode-failed', ...DECODE_ISSUE_CODES] as const

/** The code of a decode failure or of one of its issues. */
export type DecodeErrorCode = (typeof DECODE_ERROR_CODES)[number]

/**
 * One reason a value is not valid: where, what was expected, what was found. `expected` and
 * `got` describe values in English words (`an integer 1–5`, `a string of 31 characters`).
 */
export interface DecodeIssue extends TouchbaseIssue<DecodeIssueCode> {
  /** Where: `event.address.postalCode`, `events[3].score`. */
  readonly path: string
  readonly params: { readonly expected: string; readonly got: string }
}

/** Why a value could not be decoded: every issue found (up to the limit), and a readable summary. */
export interface DecodeFailure extends TouchbaseError<'decode-failed'> {
  readonly issues: readonly DecodeIssue[]
  readonly params: { readonly issues: number }
}

const NOTE_KEYS = new Set(['note', 'notes', 'comment'])

/** Describes a value for a message without printing objects, long strings, or (when `secret`) any string. */
export const describeValue = (u: unknown, secret = false): string => {
  if (u === undefined) return 'nothing'
  if (u === null) return 'null'
  if (typeof u === 'string') {
    if (secret) return `a string of ${u.length} character${u.length === 1 ? '' : 's'}`
    return JSON.stringify(u.length > 40 ? `${u.slice(0, 40)}…` : u)
  }
  if (typeof u === 'number' || typeof u === 'boolean' || typeof u === 'bigint') return String(u)
  if (Array.isArray(u)) return `an array of ${u.length}`
  if (u instanceof Date) return 'a Date object (use an ISO-8601 string)'
  if (typeof u === 'object') {
    const proto = Object.getPrototypeOf(u)
    if (proto === Object.prototype || proto === null) return 'an object'
    // ORM rows and class instances: say what it is, since "an object" would puzzle.
    const name = (proto as { constructor?: { name?: unknown } } | null)?.constructor?.name
    return `an instance of ${typeof name === 'string' && name !== '' ? name : 'a class'} (pass a plain object)`
  }
  return `a ${typeof u}`
}

/** An issue value. */
export const decodeIssue = (code: DecodeIssueCode, path: string, expected: string, got: string): DecodeIssue =>
  Object.freeze({ code, path, params: Object.freeze({ expected, got }), message: `${path}: expected ${expected}, got ${got}` })

/** The issue of a value that threw when read (a hostile getter, a host's upcaster that throws). */
export const unreadableIssue = (path: string, error: unknown): DecodeIssue => {
  const raw = error instanceof Error ? error.message : String(error)
  const reason = raw.length > 100 ? `${raw.slice(0, 100)}…` : raw
  return Object.freeze({ code: 'unreadable' as const, path, params: Object.freeze({ expected: 'a readable value', got: reason }), message: `${path}: could not be read (${reason})` })
}

/** A failure of the given issues (the first five in the message). */
export const decodeFailure = (issues: readonly DecodeIssue[]): DecodeFailure =>
  Object.freeze({ code: 'decode-failed' as const, params: Object.freeze({ issues: issues.length }), message: issuesSummary(issues), issues })

const isPlainRecord = (u: object): boolean => {
  const proto = Object.getPrototypeOf(u)
  return proto === Object.prototype || proto === null
}

/**
 * A bounded private copy of plain JSON-like data (see the module's comment): `Right(copy)`,
 * or `Left(issue)` at the first bound passed or the first value that is not plain data.
 * `__proto__` keys are dropped and `undefined` properties vanish.
 */
export const boundedCopy = (u: unknown, root: string, limits: DecodeLimits = DEFAULT_DECODE_LIMITS): E.Either<DecodeIssue, unknown> => {
  let budget = limits.maxBytes
  let failed: DecodeIssue | undefined
  const fail = (code: DecodeIssueCode, path: string, expected: string, got: string): undefined => {
    failed ??= decodeIssue(code, path, expected, got)
    return undefined
  }
  const walk = (v: unknown, path: string, depth: number, key: string): unknown => {
    if (failed !== undefined) return undefined
    switch (typeof v) {
      case 'string': {
        const max = NOTE_KEYS.has(key) ? limits.maxNote : limits.maxString
        if (v.length > max) return fail('limit-exceeded', path, `a string of at most ${max} characters`, `${v.length} characters`)
        budget -= v.length + 2
        break
      }
      case 'number':
      case 'boolean':
        budget -= 8
        break
      case 'undefined':
        return undefined
      case 'object': {
        if (v === null) {
          budget -= 4
          break
        }
        if (depth >= limits.maxDepth) return fail('limit-exceeded', path, `nesting of at most ${limits.maxDepth} levels`, 'deeper nesting (or a cycle)')
        if (Array.isArray(v)) {
          if (Object.getPrototypeOf(v) !== Array.prototype) return fail('not-plain-data', path, 'a plain array', describeValue(v))
          if (v.length > limits.maxArray) return fail('limit-exceeded', path, `a list of at most ${limits.maxArray} items`, `${v.length} items`)
          budget -= 2
          const out: unknown[] = new Array(v.length)
          for (let i = 0; i < v.length; i++) {
            out[i] = walk(v[i], `${path}[${i}]`, depth + 1, key)
            if (failed !== undefined) return undefined
          }
          return out
        }
        if (!isPlainRecord(v)) return fail('not-plain-data', path, 'plain data (an object, array, string, number, boolean or null)', describeValue(v))
        budget -= 2
        const out: Record<string, unknown> = {}
        let keys = 0
        // for…in stops when we do: an object with a million keys is not enumerated to its end.
        for (const k in v) {
          if (!Object.prototype.hasOwnProperty.call(v, k)) continue
          if (++keys > limits.maxKeys) return fail('limit-exceeded', path, `an object of at most ${limits.maxKeys} keys`, 'more keys')
          if (k === '__proto__') continue
          budget -= k.length + 3
          const x = walk((v as Record<string, unknown>)[k], `${path}.${k}`, depth + 1, k)
          if (failed !== undefined) return undefined
          if (x !== undefined) out[k] = x
        }
        if (budget < 0) return fail('limit-exceeded', root, `at most ${limits.maxBytes} bytes of JSON`, 'more')
        return out
      }
      case 'bigint':
        return fail('not-plain-data', path, 'a number (not a bigint)', describeValue(v))
      default:
        return fail('not-plain-data', path, 'plain data', describeValue(v))
    }
    if (budget < 0) return fail('limit-exceeded', root, `at most ${limits.maxBytes} bytes of JSON`, 'more')
    return v
  }
  try {
    const copy = walk(u, root, 0, '')
    return failed === undefined ? E.right(copy) : E.left(failed)
  } catch (e) {
    // Only hostile input (throwing getters, revoked proxies) can get here.
    return E.left(unreadableIssue(root, e))
  }
}

/** The readable path of an io-ts context, skipping the indices io-ts adds inside unions and intersections. */
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

/** io-ts errors as issues: said once each, at most `max`. */
export const issuesOf = (errors: t.Errors, root: string, max: number): DecodeIssue[] => {
  const seen = new Set<string>()
  const out: DecodeIssue[] = []
  for (const e of errors) {
    if (out.length >= max) break
    const last = e.context[e.context.length - 1]
    const secret = last !== undefined && isPersonalCodec(last.type)
    const i = decodeIssue('invalid-value', pathOf(e.context, root), last?.type.name ?? 'a valid value', describeValue(e.value, secret))
    // io-ts may report one failure once per enclosing branch; say it once.
    if (!seen.has(i.message)) {
      seen.add(i.message)
      out.push(i)
    }
  }
  return out
}

/** Decodes a bounded copy of `u` with `codec`: the value, or its issues. Never throws. */
export const decodeBounded = <A>(
  codec: t.Decoder<unknown, A>,
  u: unknown,
  root: string,
  limits: DecodeLimits = DEFAULT_DECODE_LIMITS,
): E.Either<DecodeIssue[], A> => {
  const copy = boundedCopy(u, root, limits)
  if (E.isLeft(copy)) return E.left([copy.left])
  try {
    const result = codec.decode(copy.right)
    return E.isRight(result) ? E.right(result.right) : E.left(issuesOf(result.left, root, limits.maxIssues))
  } catch (e) {
    // A codec of the host's (an upcaster's output, a custom refinement) that throws.
    return E.left([unreadableIssue(root, e)])
  }
}

/**
 * Decodes untrusted input with any io-ts codec, with the guarantees of `decodeEvent`:
 * bounded, never throws, fresh output, issues rooted at `path` that never print personal data.
 *
 * @example
 * decodeWith(MoneyC, { amount: 1.5, currency: 'USD' }, 'price')
 * // Left: "price.amount: expected a non-negative integer amount in minor units (e.g. cents), got 1.5"
 */
export const decodeWith = <A>(
  codec: t.Decoder<unknown, A>,
  u: unknown,
  path = 'value',
  limits?: Partial<DecodeLimits>,
): E.Either<DecodeFailure, A> => E.mapLeft(decodeFailure)(decodeBounded(codec, u, path, decodeLimits(limits)))

/** Whether a value is a decode failure. */
export const isDecodeFailure = (u: unknown): u is DecodeFailure =>
  typeof u === 'object' && u !== null && (u as { code?: unknown }).code === 'decode-failed' && Array.isArray((u as { issues?: unknown }).issues)
