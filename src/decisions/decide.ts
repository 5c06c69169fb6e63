/**
 * `decide`: the command side. A pure function of a command, the state and `now`.
 *
 * Each part (contacts, plans, referrals) turns a command into the drafts of its events or a
 * refusal; `decide` then stamps them the same way for every command: ids derived from the
 * command id (`${commandId}/${n}`, so a retry yields the same ids), `at` = `now`, the schema
 * version, the actor, and the command's fingerprint (so a reused command id is told from a
 * retry). Every event is checked by its codec — a command is refused for exactly what its
 * events could not carry — and leaves without the personal data of anyone already erased.
 */
import * as E from 'fp-ts/lib/Either.js'
import { Id } from '../core/codecs.js'
import { decodeIssue, describeValue } from '../core/decoding.js'
import { fingerprint } from '../core/hash.js'
import { canonicalJson } from '../core/plain.js'
import { SCHEMA_VERSIONS, decodeEvent, scrubEvent, type AnyEventDraft, type RelationshipEvent } from '../events/index.js'
import { erasureScopeOf, evolve, initialNetwork, type NetworkState } from '../state/index.js'
import { decideContact, type ContactCommand, type Decision } from './contacts.js'
import { DomainErrors } from './errors.js'
import { PLAN_COMMANDS, decidePlan, type DecisionContext, type PlanCommand } from './plans.js'
import { PROGRAMME_COMMANDS, REFERRAL_COMMANDS, decideReferral, type ReferralCommand } from './referrals.js'

/** The longest command id: the ids of its events (`${commandId}/${n}`) must stay within 256 characters. */
export const MAX_COMMAND_ID = 240

/** Any command `decide` understands. */
export type Command = ContactCommand | PlanCommand | ReferralCommand

const CONTACT_COMMANDS: ReadonlySet<string> = new Set<ContactCommand['type']>([
  'MergeContacts',
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
 * The fingerprint of a command: 14 hex digits of a hash of its canonical JSON. Events carry
 * it, so `decide` can tell a retry of a command (same fingerprint) from another command that
 * reuses its id.
 * @example commandFingerprint({ type: 'RateContact', commandId: 'c7', contactId: 'c1', score: 4 })
 */
export const commandFingerprint = (command: Command): string => fingerprint(canonicalJson(command))

/** The events of a command's drafts, stamped and checked. */
const stamp = (
  command: { readonly commandId: string; readonly actor?: string | undefined },
  hash: string,
  now: Date,
  drafts: readonly AnyEventDraft[],
  state: NetworkState,
): Decision => {
  const at = now.toISOString()
  const scope = erasureScopeOf(state)
  const events: RelationshipEvent[] = []
  for (let n = 0; n < drafts.length; n++) {
    const d = drafts[n] as AnyEventDraft
    const raw: Record<string, unknown> = { ...d, id: `${command.commandId}/${n}`, at, schema: SCHEMA_VERSIONS[d.type], commandHash: hash }
    if (command.actor !== undefined) raw['actor'] = command.actor
    const decoded = decodeEvent(raw, { path: 'command' })
    if (E.isLeft(decoded)) return E.left(DomainErrors.invalidCommand(decoded.left.issues))
    // Nothing new is recorded about a person who asked to be forgotten: what a command says
    // of an erased contact (a referral lost, its reason) is kept without the text.
    events.push(scrubEvent(decoded.right, scope))
  }
  return E.right(events)
}

/**
 * Decides a command against the state at `now`: the events to append (ids derived from the
 * command's `commandId`, stamped with `now`), or a typed refusal. Never throws. A retry of a
 * command already folded into the state decides nothing (`Right([])`); another command
 * reusing its id is refused (`command-id-reused`). Plan commands look plans up in
 * `context.plans` (default: the built-in plans).
 *
 * @example
 * const r = decide({ type: 'RateContact', commandId: 'cmd-7', contactId: 'c-1', score: 6 }, state, now)
 * // Left({ code: 'rating-out-of-range', params: { score: 6 }, message: 'A referral-ability rating is an integer from 1 to 5, not 6.' })
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
  const optionalContact = PROGRAMME_COMMANDS.has(c.type) && (c as { contactId?: unknown }).contactId === undefined
  // A merge names its two contacts instead of one.
  const ids = c.type === 'MergeContacts' ? (['commandId', 'survivorId', 'mergedId'] as const) : (['commandId', 'contactId'] as const)
  const r = c as Record<string, unknown>
  const bad = ids.filter((k) => !(k === 'contactId' && optionalContact) && !Id.is(r[k]))
  // Event ids are `${commandId}/${n}`: the command id must leave room for the suffix.
  if (!bad.includes('commandId') && typeof c.commandId === 'string' && c.commandId.length > MAX_COMMAND_ID) {
    return E.left(
      DomainErrors.invalidCommand([
        decodeIssue('invalid-value', 'command.commandId', `an id of at most ${MAX_COMMAND_ID} characters (event ids add /0, /1…)`, `${c.commandId.length} characters`),
      ]),
    )
  }
  if (bad.length > 0) {
    return E.left(DomainErrors.invalidCommand(bad.map((k) => decodeIssue('invalid-value', `command.${k}`, Id.name, describeValue(r[k])))))
  }
  const hash = commandFingerprint(command)
  const seen = state.commands.get(command.commandId)
  if (seen !== undefined) return seen === parseInt(hash, 16) ? E.right([]) : E.left(DomainErrors.commandIdReused(command.commandId))
  // Its events were folded without a fingerprint (written by hand, or before fingerprints): not a retry we can prove.
  if (state.seen.has(`${command.commandId}/0`)) return E.left(DomainErrors.commandIdReused(command.commandId))
  const drafts = CONTACT_COMMANDS.has(command.type)
    ? decideContact(command as ContactCommand, state)
    : PLAN_COMMANDS.has(command.type)
      ? decidePlan(command as PlanCommand, state, now, context)
      : decideReferral(command as ReferralCommand, state)
  return E.isLeft(drafts) ? drafts : stamp(command, hash, now, drafts.right, state)
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
