/** A small network built by `decide`, one command at a time, each at its own `now`. */
import * as E from 'fp-ts/lib/Either.js'
import { decide, type Command, type DomainError } from '../../src/decisions/index.js'
import type { RelationshipEvent } from '../../src/events/index.js'
import { foldEvents, type NetworkState } from '../../src/state/index.js'

export type Draft = Command extends infer C ? (C extends unknown ? Omit<C, 'commandId'> : never) : never

export interface Network {
  readonly state: NetworkState
  readonly events: readonly RelationshipEvent[]
  /** Decides and folds a command; its refusal, or the events it recorded. */
  run(c: Draft, at: string): E.Either<DomainError, RelationshipEvent[]>
  /** As `run`, and throws on a refusal (a setup step). */
  ok(c: Draft, at: string): RelationshipEvent[]
  /** Folds events written by hand. */
  fold(events: readonly RelationshipEvent[]): void
}

export const network = (prefix = 'k'): Network => {
  let state = foldEvents([])
  const events: RelationshipEvent[] = []
  let n = 0
  const net: Network = {
    get state() {
      return state
    },
    get events() {
      return events
    },
    run(c, at) {
      const r = decide({ ...c, commandId: `${prefix}-${++n}` } as Command, state, new Date(at))
      if (E.isRight(r)) net.fold(r.right)
      return r
    },
    ok(c, at) {
      const r = net.run(c, at)
      if (E.isLeft(r)) throw new Error(`setup command refused: ${r.left.message}`)
      return r.right
    },
    fold(more) {
      events.push(...more)
      state = foldEvents(more, state)
    },
  }
  return net
}
