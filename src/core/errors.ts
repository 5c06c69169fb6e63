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

/**
 * An error about one part of a value — one of the reasons a whole value was refused. Its
 * `message` starts with its `path` (`plan.steps[2].timing.step: step \`x\` follows …`).
 */
export interface TouchbaseIssue<C extends string = string> extends TouchbaseError<C> {
  /** Where, from the root of the value checked (`plan`, `policy`, `set`, `event`…). */
  readonly path: string
}

/**
 * Builds an issue: its message is `path: text`, so each issue reads alone in a log.
 * @example touchbaseIssue('duplicate-step-id', 'plan.steps[2].id', 'step id `call` is used twice', { stepId: 'call' })
 */
export const touchbaseIssue = <C extends string>(
  code: C,
  path: string,
  text: string,
  params: Readonly<Record<string, ErrorParam>> = {},
): TouchbaseIssue<C> => touchbaseError(code, `${path}: ${text}`, params, path) as TouchbaseIssue<C>

/** How many issues a summary line shows (the rest are counted). @internal */
export const ISSUES_SHOWN = 5

/**
 * The messages of the first five issues as one line, the rest counted
 * (`a; b; c; d; e; and 3 more`): the `message` of an error that refuses a whole value. @internal
 */
export const issuesSummary = (issues: ReadonlyArray<{ readonly message: string }>): string =>
  issues
    .slice(0, ISSUES_SHOWN)
    .map((i) => i.message)
    .join('; ') + (issues.length > ISSUES_SHOWN ? `; and ${issues.length - ISSUES_SHOWN} more` : '')

const LISTS = {
  and: new Intl.ListFormat('en', { type: 'conjunction' }),
  or: new Intl.ListFormat('en', { type: 'disjunction' }),
}

/**
 * A list in English words, as messages write a list param (`a, b, and c`; `a or b`):
 * `formatError` writes it the same way, in the locale asked for. @internal
 */
export const englishList = (items: readonly string[], type: 'and' | 'or' = 'and'): string => LISTS[type].format(items)

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
