/**
 * `decide`: the command side. A pure function of a command, the state and `now`.
 */
import * as E from 'fp-ts/lib/Either.js'
import { Id } from '../events/primitives.js'
import { evolve, initialNetwork, type NetworkState } from '../state/index.js'
import { decideContact, type ContactCommand, type Decision } from './contacts.js'
import { DomainErrors } from './errors.js'
import { PLAN_COMMANDS, decidePlan, type DecisionContext, type PlanCommand } from './plans.js'
import { PROGRAMME_COMMANDS, REFERRAL_COMMANDS, decideReferral, type ReferralCommand } from './referrals.js'
import type { RelationshipEvent } from '../events/index.js'

/** The longest command id: the ids of its events (`${commandId}/${n}`) must stay within 256 characters. */
export const MAX_COMMAND_ID = 240

/** Any command `decide` understands. */
export type Command = ContactCommand | PlanCommand | ReferralCommand

const CONTACT_COMMANDS: ReadonlySet<string> = new Set<ContactCommand['type']>([
  'AddContact',
  'UpdateContact',
  'MarkMet',
  'ChangeRole',
  'RateContact',
  'RecordPersonalDate',
  'RemovePersonalDate',
  'RecordInterest',
  'RemoveInterest',
  'SetConsent',
  'EraseContact',
])

/** Every command type `decide` understands. */
export const COMMAND_TYPES: ReadonlySet<Command['type']> = new Set([
  ...(CONTACT_COMMANDS as ReadonlySet<Command['type']>),
  ...(PLAN_COMMANDS as ReadonlySet<Command['type']>),
  ...(REFERRAL_COMMANDS as ReadonlySet<Command['type']>),
])

/**
 * Decides a command against the state at `now`: the events to append (ids derived from the
 * command's `commandId`, stamped with `now`), or a typed refusal. Never throws. Plan
 * commands look plans up in `context.plans` (default: the built-in plans).
 *
 * @example
 * const r = decide({ type: 'RateContact', commandId: 'cmd-7', contactId: 'c-1', score: 6 }, state, now)
 * // Left({ code: 'rating-out-of-range', message: 'A referral-ability rating is an integer from 1 to 5, not 6.' })
 */
export const decide = (command: Command, state: NetworkState, now: Date, context: DecisionContext = {}): Decision => {
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) return E.left(DomainErrors.invalidNow())
  const c = command as Partial<Command> | null
  if (
    typeof c !== 'object' ||
    c === null ||
    typeof c.type !== 'string' ||
    !(CONTACT_COMMANDS.has(c.type) || PLAN_COMMANDS.has(c.type) || REFERRAL_COMMANDS.has(c.type))
  ) {
    return E.left(DomainErrors.unknownCommand(c?.type))
  }
  // Programme commands (costs, reward reviews) may name no contact.
  const optionalContact = PROGRAMME_COMMANDS.has(c.type) && c.contactId === undefined
  const bad = (['commandId', 'contactId'] as const).filter((k) => !(k === 'contactId' && optionalContact) && !Id.is(c[k]))
  // Event ids are `${commandId}/${n}`: the command id must leave room for the suffix.
  if (!bad.includes('commandId') && typeof c.commandId === 'string' && c.commandId.length > MAX_COMMAND_ID) {
    return E.left(
      DomainErrors.invalidCommand([
        {
          path: 'command.commandId',
          expected: `an id of at most ${MAX_COMMAND_ID} characters (event ids add /0, /1…)`,
          got: `${c.commandId.length} characters`,
          message: `command.commandId: expected an id of at most ${MAX_COMMAND_ID} characters (event ids add /0, /1…), got ${c.commandId.length} characters`,
        },
      ]),
    )
  }
  if (bad.length > 0) {
    return E.left(
      DomainErrors.invalidCommand(
        bad.map((k) => ({
          path: `command.${k}`,
          expected: Id.name,
          got: JSON.stringify(c[k]) ?? 'nothing',
          message: `command.${k}: expected ${Id.name}, got ${JSON.stringify(c[k]) ?? 'nothing'}`,
        })),
      ),
    )
  }
  if (CONTACT_COMMANDS.has(command.type)) return decideContact(command as ContactCommand, state, now)
  if (PLAN_COMMANDS.has(command.type)) return decidePlan(command as PlanCommand, state, now, context)
  return decideReferral(command as ReferralCommand, state, now)
}

/**
 * The decider: `decide`, `evolve` and `initialState` in the shape of Emmett's deciders,
 * for `deciderSpec` and for hosts that run command handlers generically.
 */
export const decider = {
  decide,
  evolve: (state: NetworkState, event: RelationshipEvent): NetworkState => evolve(state, event),
  initialState: (): NetworkState => initialNetwork,
} as const
