/**
 * A given/when/then helper to specify deciders, in the manner of Emmett's
 * `DeciderSpecification`: given past events, when a command is decided, then these events
 * (or this refusal). Throws an `Error` with both sides printed when a specification fails,
 * so it works in any test runner.
 */
import * as E from 'fp-ts/lib/Either.js'
import { structurallyEqual } from '../core/plain.js'

/** The shape `deciderSpec` specifies: `decide`, `evolve` and `initialState`. */
export interface SpecifiableDecider<Command, State, Event, Err> {
  readonly decide: (command: Command, state: State, now: Date) => E.Either<Err, Event[]>
  readonly evolve: (state: State, event: Event) => State
  readonly initialState: () => State
}

/** What to check once a command has been decided. */
export interface ThenClause<Event, Err> {
  /**
   * The decision emits exactly `expected` (deep equality; an event's `commandHash` is
   * compared only when `expected` gives one), or passes a check of your own.
   */
  then(expected: readonly Event[] | ((events: Event[]) => void)): void
  /** The decision emits no events (and is not a refusal). */
  thenNothing(): void
  /** The decision refuses: with this `code`, or passing a check of your own. */
  thenFails(expected?: string | ((error: Err) => void)): void
}

const DEFAULT_NOW = new Date('2026-01-01T09:00:00Z')

/**
 * The events as the expectation writes them: a command's fingerprint (`commandHash`) is
 * left out unless the expected event names one, since no one writes a hash by hand.
 */
const comparable = (actual: unknown, expected: unknown): unknown => {
  if (!Array.isArray(actual) || !Array.isArray(expected)) return actual
  return actual.map((a, i) => {
    const x = expected[i] as { commandHash?: unknown } | undefined
    if (typeof a !== 'object' || a === null || !('commandHash' in a) || (x !== undefined && x.commandHash !== undefined)) return a
    const { commandHash: _h, ...rest } = a as Record<string, unknown>
    return rest
  })
}

const show = (u: unknown): string => JSON.stringify(u, null, 2) ?? String(u)

/**
 * Specifies a decider by example.
 *
 * @example
 * const spec = deciderSpec(decider, { now: new Date('2026-11-26T09:00:00Z') })
 * spec.given([contactAdded]).when({ type: 'RateContact', commandId: 'k', contactId: 'c1', score: 9 })
 *   .thenFails('rating-out-of-range')
 */
export const deciderSpec = <Command, State, Event, Err>(
  decider: SpecifiableDecider<Command, State, Event, Err>,
  options: { readonly now?: Date } = {},
) => ({
  given: (events: readonly Event[]) => ({
    when: (command: Command, now?: Date): ThenClause<Event, Err> => {
      const state = events.reduce(decider.evolve, decider.initialState())
      const result = decider.decide(command, state, now ?? options.now ?? DEFAULT_NOW)
      const events_ = (): Event[] => {
        if (E.isLeft(result)) throw new Error(`Expected events, but the command was refused:\n${show(result.left)}`)
        return result.right
      }
      return {
        then(expected) {
          const actual = events_()
          if (typeof expected === 'function') return expected(actual)
          if (!structurallyEqual(comparable(actual, expected), expected)) {
            throw new Error(`The decision emitted other events.\nExpected:\n${show(expected)}\nActual:\n${show(actual)}`)
          }
        },
        thenNothing() {
          const actual = events_()
          if (actual.length > 0) throw new Error(`Expected no events, got:\n${show(actual)}`)
        },
        thenFails(expected) {
          if (E.isRight(result)) throw new Error(`Expected a refusal, but the decision emitted:\n${show(result.right)}`)
          const error = result.left
          if (typeof expected === 'function') return expected(error)
          const code = (error as { code?: unknown } | null)?.code
          if (expected !== undefined && code !== expected) {
            throw new Error(`Expected a refusal with code ${JSON.stringify(expected)}, got:\n${show(error)}`)
          }
        },
      }
    },
  }),
})
