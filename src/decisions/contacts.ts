/**
 * Contact commands and their decisions: add, update, mark met, change role, rate, record
 * personal dates and interests, set consent, erase.
 *
 * A decision reads the state and a clock value passed in, and returns the events to append
 * or a refusal. Event ids derive from the command's `commandId` (`${commandId}/${n}`), so a
 * retried command yields the same events and the fold ignores the redelivery.
 */
import * as E from 'fp-ts/lib/Either.js'
import {
  type Address,
  type AnyEventDraft,
  type AllyCategory,
  type Channel,
  type Circle,
  type InterestCategory,
  type PersonalDateKind,
  type RelationshipEvent,
  type Role,
} from '../events/index.js'
import { resolveContactId, type ContactState, type NetworkState } from '../state/index.js'
import { DomainErrors, type DomainError } from './errors.js'

/** Fields every command carries. */
export interface CommandBase {
  /** Unique per command; event ids derive from it, so a retry is idempotent. */
  readonly commandId: string
  /** The contact the command is about (the stream it writes to). */
  readonly contactId: string
  /** The team member issuing the command. */
  readonly actor?: string
}

/** Profile fields a contact can be added with. */
export interface ProfileFields {
  readonly givenName?: string
  readonly familyName?: string
  readonly company?: string
  readonly emails?: readonly string[]
  readonly phones?: readonly string[]
  readonly address?: Address
  readonly timeZone?: string
  readonly calendarSet?: string
  readonly locale?: string
  readonly circle?: Circle
  readonly notes?: string
}

/** Add a contact to the database, Met or Haven't Met, optionally with a role. */
export interface AddContact extends CommandBase, ProfileFields {
  readonly type: 'AddContact'
  readonly name: string
  readonly met: boolean
  readonly role?: Role
  readonly allyCategory?: AllyCategory
  readonly settlementService?: boolean
}

/** Change profile fields; `null` clears a field. */
export interface UpdateContact extends CommandBase {
  readonly type: 'UpdateContact'
  readonly name?: string
  readonly givenName?: string | null
  readonly familyName?: string | null
  readonly company?: string | null
  readonly emails?: readonly string[]
  readonly phones?: readonly string[]
  readonly address?: Address | null
  readonly timeZone?: string | null
  readonly calendarSet?: string | null
  readonly locale?: string | null
  readonly circle?: Circle | null
  readonly notes?: string | null
}

/** Move a Haven't Met contact to Met. */
export interface MarkMet extends CommandBase {
  readonly type: 'MarkMet'
  readonly note?: string
}

/** Give the contact a role; an ally names its category. */
export interface ChangeRole extends CommandBase {
  readonly type: 'ChangeRole'
  readonly role: Role
  readonly allyCategory?: AllyCategory
  readonly settlementService?: boolean
}

/** Rate how able the contact is to send good referrals, 1–5. */
export interface RateContact extends CommandBase {
  readonly type: 'RateContact'
  readonly score: number
}

/** Record (or replace) a personal date: `YYYY-MM-DD`, `--MM-DD` or `YYYY-MM`. */
export interface RecordPersonalDate extends CommandBase {
  readonly type: 'RecordPersonalDate'
  readonly kind: PersonalDateKind
  readonly date: string
  readonly label?: string
}

/** Remove a personal date. */
export interface RemovePersonalDate extends CommandBase {
  readonly type: 'RemovePersonalDate'
  readonly kind: PersonalDateKind
  readonly label?: string
}

/** Record an interest (a favourite team may carry its season's start, `--MM-DD`). */
export interface RecordInterest extends CommandBase {
  readonly type: 'RecordInterest'
  readonly category: InterestCategory
  readonly name: string
  readonly seasonStart?: string
}

/** Remove an interest. */
export interface RemoveInterest extends CommandBase {
  readonly type: 'RemoveInterest'
  readonly category: InterestCategory
  readonly name: string
}

/** Refuse (or allow again) one channel, or all of them. */
export interface SetConsent extends CommandBase {
  readonly type: 'SetConsent'
  readonly channel: Channel | 'all'
  readonly doNotContact: boolean
}

/** Erase the contact's personal data (right to be forgotten). */
export interface EraseContact extends CommandBase {
  readonly type: 'EraseContact'
}

/**
 * Merge two contacts found to be one person: `mergedId` into `survivorId`. Permanent: the
 * merged id resolves to the survivor from then on and takes no new events.
 */
export interface MergeContacts {
  readonly type: 'MergeContacts'
  readonly commandId: string
  /** The contact that stays; on a field both set, its value wins. */
  readonly survivorId: string
  /** The contact merged into the survivor. */
  readonly mergedId: string
  readonly actor?: string
}

/** Any contact command. */
export type ContactCommand =
  | MergeContacts
  | AddContact
  | UpdateContact
  | MarkMet
  | ChangeRole
  | RateContact
  | RecordPersonalDate
  | RemovePersonalDate
  | RecordInterest
  | RemoveInterest
  | SetConsent
  | EraseContact

/** Result of a decision: the events to append, or why not. */
export type Decision = E.Either<DomainError, RelationshipEvent[]>

/** What a part of `decide` returns: the drafts of the events to append, or why not. */
export type Drafts = E.Either<DomainError, readonly AnyEventDraft[]>

/**
 * The drafts of a command's events, each in the command's contact stream unless it names
 * its own (`contactId`, even `undefined` for a programme event). `decide` stamps them.
 */
export const emit = (command: { readonly contactId?: string | undefined }, drafts: readonly AnyEventDraft[]): Drafts =>
  E.right(drafts.map((d) => ('contactId' in d ? d : { ...d, contactId: command.contactId })))

/** The contact a command may write to: known and not erased. */
export const liveContact = (state: NetworkState, contactId: string): E.Either<DomainError, ContactState> => {
  const c = state.contacts.get(contactId)
  if (c === undefined) return E.left(mergedOrUnknown(state, contactId))
  if (c.erased) return E.left(DomainErrors.contactErased(contactId))
  return E.right(c)
}

/** Why a contact id not in `contacts` takes no command: it was merged into another, or it was never added. */
export const mergedOrUnknown = (state: NetworkState, contactId: string): DomainError => {
  const survivorId = resolveContactId(state, contactId)
  return survivorId === contactId ? DomainErrors.unknownContact(contactId) : DomainErrors.contactMerged(contactId, survivorId)
}

/** The events of a merge: one in each contact's stream, so that each stream (and each KPI partition) knows of it. */
const decideMerge = (command: MergeContacts, state: NetworkState): Drafts => {
  const { survivorId, mergedId } = command
  if (survivorId === mergedId) return E.left(DomainErrors.mergeIntoSelf(survivorId))
  // Checked in this order so that merging the same two again says they were merged.
  for (const id of [mergedId, survivorId]) {
    const c = liveContact(state, id)
    if (E.isLeft(c)) return c
  }
  return E.right([
    { type: 'ContactsMerged', contactId: survivorId, survivorId, mergedId },
    { type: 'ContactsMerged', contactId: mergedId, survivorId, mergedId },
  ])
}

const withContact = (state: NetworkState, command: CommandBase, f: (c: ContactState) => Drafts): Drafts => {
  const c = liveContact(state, command.contactId)
  return E.isLeft(c) ? c : f(c.right)
}

/**
 * The draft of a role change. An ally needs its category: when the command lacks it, the
 * draft goes out without it and the event's codec refuses the command, naming the field.
 */
const roleDraft = (c: { readonly role: Role; readonly allyCategory?: AllyCategory | undefined; readonly settlementService?: boolean | undefined }, contactId?: string): AnyEventDraft => ({
  type: 'ContactRoleChanged',
  ...(contactId === undefined ? {} : { contactId }),
  ...(c.role === 'ally'
    ? { role: 'ally' as const, allyCategory: c.allyCategory as AllyCategory, settlementService: c.settlementService }
    : { role: c.role }),
})

/** Decides a contact command. */
export const decideContact = (command: ContactCommand, state: NetworkState): Drafts => {
  switch (command.type) {
    case 'MergeContacts':
      return decideMerge(command, state)
    case 'AddContact': {
      const existing = state.contacts.get(command.contactId)
      // A merged id is taken for good: it resolves to its survivor.
      if (existing === undefined && state.mergedInto.has(command.contactId)) return E.left(mergedOrUnknown(state, command.contactId))
      if (existing !== undefined) {
        return E.left(existing.erased ? DomainErrors.contactErased(command.contactId) : DomainErrors.contactExists(command.contactId))
      }
      const { type: _t, commandId: _c, actor: _a, role, allyCategory, settlementService, ...profile } = command
      const events: AnyEventDraft[] = [{ ...profile, type: 'ContactAdded' }]
      if (role !== undefined) events.push(roleDraft({ role, allyCategory, settlementService }))
      return emit(command, events)
    }
    case 'UpdateContact':
      return withContact(state, command, () => {
        const { type: _t, commandId: _c, actor: _a, contactId: _id, ...patch } = command
        // Nothing to change: nothing to record.
        if (Object.values(patch).every((v) => v === undefined)) return E.right([])
        return emit(command, [{ ...patch, type: 'ContactUpdated' }])
      })
    case 'MarkMet':
      // Already met: nothing to record.
      return withContact(state, command, (c) =>
        c.network.met ? E.right([]) : emit(command, [{ type: 'ContactMet', note: command.note }]),
      )
    case 'ChangeRole':
      return withContact(state, command, () => emit(command, [roleDraft(command)]))
    case 'RateContact':
      return withContact(state, command, () =>
        Number.isInteger(command.score) && command.score >= 1 && command.score <= 5
          ? emit(command, [{ type: 'ContactRated', score: command.score }])
          : E.left(DomainErrors.ratingOutOfRange(command.score)),
      )
    case 'RecordPersonalDate':
      return withContact(state, command, () =>
        emit(command, [{ type: 'PersonalDateRecorded', kind: command.kind, date: command.date, label: command.label }]),
      )
    case 'RemovePersonalDate':
      return withContact(state, command, () =>
        emit(command, [{ type: 'PersonalDateRemoved', kind: command.kind, label: command.label }]),
      )
    case 'RecordInterest':
      return withContact(state, command, () =>
        emit(command, [
          { type: 'InterestRecorded', category: command.category, name: command.name, seasonStart: command.seasonStart },
        ]),
      )
    case 'RemoveInterest':
      return withContact(state, command, () =>
        emit(command, [{ type: 'InterestRemoved', category: command.category, name: command.name }]),
      )
    case 'SetConsent':
      return withContact(state, command, () =>
        emit(command, [{ type: 'ConsentChanged', channel: command.channel, doNotContact: command.doNotContact }]),
      )
    case 'EraseContact': {
      // Erasure of either of two merged contacts erases both: the merged id's erasure is its survivor's.
      const contactId = resolveContactId(state, command.contactId)
      const c = liveContact(state, contactId)
      return E.isLeft(c) ? c : emit({ contactId }, [{ type: 'ContactErased' }])
    }
  }
}
