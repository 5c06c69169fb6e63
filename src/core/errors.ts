/**
 * The one shape of every error touchbase returns as a value — a decode failure, a plan or a
 * reward policy refused, a calendar set refused, a command refused: a `code` to branch on,
 * the `path` of the offending value when there is one, the `params` a message is built
 * from, and an English `message`. `formatError` renders any of them in another locale from
 * `code` and `params` alone, so a user interface never parses `message`.
 */

/** A parameter of an error message: plain data, safe to log (never a person's data). */
export type ErrorParam = string | number | boolean | null | readonly string[]

/** Every error touchbase returns: `{ code, path?, params, message }`. */
export interface TouchbaseError<C extends string = string> {
  /** What went wrong, as a stable kebab-case code. */
  readonly code: C
  /** Where, when the error is about part of a value (`event.score`, `plan.steps[2].timing`). */
  readonly path?: string
  /** The values the message is built from. */
  readonly params: Readonly<Record<string, ErrorParam>>
  /** The error in English, for logs and developers. */
  readonly message: string
}

/**
 * Builds an error value (frozen: an error handed out is never changed by anyone).
 * @example touchbaseError('unknown-plan', 'No plan "x".', { planId: 'x' })
 */
export const touchbaseError = <C extends string>(
  code: C,
  message: string,
  params: Readonly<Record<string, ErrorParam>> = {},
  path?: string,
): TouchbaseError<C> => Object.freeze(path === undefined ? { code, params, message } : { code, path, params, message })

/** Whether a value has the error shape. */
export const isTouchbaseError = (u: unknown): u is TouchbaseError =>
  typeof u === 'object' &&
  u !== null &&
  typeof (u as { code?: unknown }).code === 'string' &&
  typeof (u as { message?: unknown }).message === 'string' &&
  typeof (u as { params?: unknown }).params === 'object'

/**
 * Marks a switch as exhaustive: called with a value the union does not have, it does not
 * compile. At run time it is a bug, so it throws.
 */
export const assertNever = (x: never, what = 'value'): never => {
  throw new TypeError(`unhandled ${what}: ${JSON.stringify(x)}`)
}
