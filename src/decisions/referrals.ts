/**
 * Referral, lead, sale, cost, feedback, ally-review and reward commands. A referral lives in its
 * referrer's stream; a new referee is added (and made a lead) in its own stream first.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { AllyVerdict, AnyEventDraft, Channel, CostCategory, FeedbackMeasures, Money, Stage } from '../events/index.js'
import { referralRefusal, rewardMoveAllowed, rewardMoveFrom, stageMoveRefusal, type RewardMove } from '../rules/index.js'
import { openReferralAbout, type ContactState, type NetworkState, type ReferralState } from '../state/index.js'
import { emit, liveContact, mergedOrUnknown, type Drafts, type ProfileFields } from './contacts.js'
import { DomainErrors, type DomainError } from './errors.js'

/** Fields of commands that write to a contact's stream. */
interface ContactCommandBase {
  readonly commandId: string
  readonly contactId: string
  readonly actor?: string
}

/** Fields of programme commands, which may name no contact. */
interface ProgrammeCommandBase {
  readonly commandId: string
  readonly contactId?: string
  readonly actor?: string
}

/** The referee of a new referral, when it is not a contact yet. */
export interface NewReferee extends ProfileFields {
  readonly name: string
  /** Whether the user has met the referee (default false: a referral is usually a stranger). */
  readonly met?: boolean
}

/** The contact (`contactId`, the referrer) refers someone: an existing contact, or a new one. */
export interface ReceiveReferral extends ContactCommandBase {
  readonly type: 'ReceiveReferral'
  readonly referralId: string
  readonly refereeId: string
  /** Give it to add the referee as a new contact (with the role `lead`). */
  readonly referee?: NewReferee
  readonly source?: string
  readonly note?: string
}

/** Move a referral to a later stage; `closed` needs the revenue, `lost` the reason. */
export interface AdvanceReferral extends ContactCommandBase {
  readonly type: 'AdvanceReferral'
  readonly referralId: string
  readonly stage: Exclude<Stage, 'received'>
  readonly revenue?: Money
  readonly reason?: string
}

/** The contact promises to refer. */
export interface PromiseReferral extends ContactCommandBase {
  readonly type: 'PromiseReferral'
  readonly note?: string
}

/** Thank the referrer for a referral (recorded as a touch). */
export interface ThankReferrer extends ContactCommandBase {
  readonly type: 'ThankReferrer'
  readonly referralId: string
  readonly on: string
  readonly channel?: Channel
  readonly note?: string
}

/** Tell the referrer where a referral stands (recorded as a touch), by default its current stage. */
export interface UpdateReferrer extends ContactCommandBase {
  readonly type: 'UpdateReferrer'
  readonly referralId: string
  readonly on: string
  readonly stage?: Stage
  readonly channel?: Channel
  readonly note?: string
}

/** A lead that did not come by referral enters the funnel, with its source. */
export interface CaptureLead extends ContactCommandBase {
  readonly type: 'CaptureLead'
  readonly source: string
  readonly note?: string
}

/** Assign a lead to one team member (again to reassign). */
export interface AssignLead extends ContactCommandBase {
  readonly type: 'AssignLead'
  readonly assignee: string
}

/** Move a lead that did not come by referral to a later stage. */
export interface AdvanceLead extends ContactCommandBase {
  readonly type: 'AdvanceLead'
  readonly stage: Exclude<Stage, 'received'>
  readonly revenue?: Money
  readonly reason?: string
}

/** A sale closes with the contact. */
export interface CloseTransaction extends ContactCommandBase {
  readonly type: 'CloseTransaction'
  readonly transactionId: string
  readonly value: Money
  readonly servedBy: readonly string[]
  readonly referralId?: string
  readonly closedOn?: string
}

/** A programme cost (a contact is optional: a gift to someone, or none). */
export interface RecordCost extends ProgrammeCommandBase {
  readonly type: 'RecordCost'
  readonly category: CostCategory
  readonly amount: Money
  readonly note?: string
}

/** Feedback from the contact (any measures asked). */
export interface RecordFeedback extends ContactCommandBase, FeedbackMeasures {
  readonly type: 'RecordFeedback'
  readonly comment?: string
}

/** Review an ally's referral exchange and service. */
export interface ReviewAlly extends ContactCommandBase {
  readonly type: 'ReviewAlly'
  readonly verdict: AllyVerdict
  readonly note?: string
}

/** Approve a reward held for review. */
export interface ApproveReward extends ProgrammeCommandBase {
  readonly type: 'ApproveReward'
  readonly rewardId: string
}

/** Reject a reward held for review. */
export interface RejectReward extends ProgrammeCommandBase {
  readonly type: 'RejectReward'
  readonly rewardId: string
  readonly reason: string
}

/** Take back a reward (refund, clawback). */
export interface RevokeReward extends ProgrammeCommandBase {
  readonly type: 'RevokeReward'
  readonly rewardId: string
  readonly reason: string
}

/** Any referral, lead, sale, cost, feedback, review or reward command. */
export type ReferralCommand =
  | ReceiveReferral
  | AdvanceReferral
  | PromiseReferral
  | ThankReferrer
  | UpdateReferrer
  | CaptureLead
  | AssignLead
  | AdvanceLead
  | CloseTransaction
  | RecordCost
  | RecordFeedback
  | ReviewAlly
  | ApproveReward
  | RejectReward
  | RevokeReward

/** The command types of `ReferralCommand`. */
export const REFERRAL_COMMANDS: ReadonlySet<string> = new Set<ReferralCommand['type']>([
  'ReceiveReferral',
  'AdvanceReferral',
  'PromiseReferral',
  'ThankReferrer',
  'UpdateReferrer',
  'CaptureLead',
  'AssignLead',
  'AdvanceLead',
  'CloseTransaction',
  'RecordCost',
  'RecordFeedback',
  'ReviewAlly',
  'ApproveReward',
  'RejectReward',
  'RevokeReward',
])

/** Commands that may name no contact. */
export const PROGRAMME_COMMANDS: ReadonlySet<string> = new Set<ReferralCommand['type']>([
  'RecordCost',
  'ApproveReward',
  'RejectReward',
  'RevokeReward',
])

/** Why a stage move is refused, or none (the rule is `stageMoveRefusal`'s). */
const stageRefusal = (id: string, from: Stage, to: unknown): DomainError | undefined => {
  switch (stageMoveRefusal(from, to)) {
    case undefined:
      return undefined
    case 'unknown-stage':
      return DomainErrors.unknownStage(to)
    case 'already-lost':
      return DomainErrors.referralLost(id, String(to))
    case 'already-closed':
      return DomainErrors.referralClosed(id, String(to))
    case 'not-forward':
      return DomainErrors.stageNotForward(id, from, String(to))
  }
}

/**
 * The payload of a stage move: `closed` carries its revenue, `lost` its reason. When the
 * command lacks one, the draft goes out without it and the event's codec refuses the
 * command, naming the field.
 */
const stagePayload = (stage: Exclude<Stage, 'received'>, revenue: Money | undefined, reason: string | undefined) =>
  stage === 'closed'
    ? { stage, revenue: revenue as Money }
    : stage === 'lost'
      ? { stage, reason: reason as string }
      : { stage }

/** The referral a command names, in the commanding contact's stream. */
const ownReferral = (state: NetworkState, referrer: ContactState, referralId: string): E.Either<DomainError, ReferralState> => {
  const r = state.referrals.get(referralId)
  if (r === undefined) return E.left(DomainErrors.unknownReferral(referralId))
  if (r.referrerId !== referrer.id) return E.left(DomainErrors.notTheReferrer(referralId, referrer.id))
  return E.right(r)
}

const REWARD_MOVE: Readonly<Record<'ApproveReward' | 'RejectReward' | 'RevokeReward', RewardMove>> = {
  ApproveReward: 'approve',
  RejectReward: 'reject',
  RevokeReward: 'revoke',
}

/** Decides a referral, lead, sale, cost, feedback, review or reward command. */
export const decideReferral = (command: ReferralCommand, state: NetworkState): Drafts => {
  switch (command.type) {
    case 'RecordCost': {
      if (command.contactId !== undefined) {
        const c = liveContact(state, command.contactId)
        if (E.isLeft(c)) return c
      }
      return emit(command, [{ type: 'CostRecorded', category: command.category, amount: command.amount, note: command.note }])
    }
    case 'ApproveReward':
    case 'RejectReward':
    case 'RevokeReward': {
      const reward = state.rewards.get(command.rewardId)
      if (reward === undefined) return E.left(DomainErrors.unknownReward(command.rewardId))
      const move = REWARD_MOVE[command.type]
      if (!rewardMoveAllowed(reward.status, move)) return E.left(DomainErrors.rewardStatus(command.rewardId, reward.status, command.type, rewardMoveFrom(move)))
      // The review's outcome goes where the reward is: the referrer's stream, or the programme's.
      const referral = state.referrals.get(reward.referralId)
      const contactId = reward.side === 'team' ? undefined : referral?.referrerId
      const rewardId = command.rewardId
      return emit({ contactId }, [
        command.type === 'ApproveReward'
          ? { type: 'RewardApproved', contactId, rewardId }
          : { type: command.type === 'RejectReward' ? 'RewardRejected' : 'RewardRevoked', contactId, rewardId, reason: command.reason },
      ])
    }
    default:
      break
  }
  const contact = liveContact(state, command.contactId as string)
  if (E.isLeft(contact)) return contact
  const c = contact.right
  switch (command.type) {
    case 'ReceiveReferral': {
      const existing = state.contacts.get(command.refereeId)
      // A merged id is its survivor's now: refer the survivor.
      if (existing === undefined && state.mergedInto.has(command.refereeId)) return E.left(mergedOrUnknown(state, command.refereeId))
      // A referee given with its profile is added in the same command: it counts as known.
      const referee = existing ?? (command.referee === undefined ? undefined : { erased: false, referrals: { received: [] as readonly string[] } })
      const openReferralId = existing === undefined ? undefined : openReferralAbout((id) => state.referrals.get(id), existing)
      switch (referralRefusal({ referrerId: c.id, refereeId: command.refereeId, referralIdTaken: state.referrals.has(command.referralId), ...(referee === undefined ? {} : { referee: { erased: referee.erased, openReferralId } }) })) {
        case 'self-referral':
          return E.left(DomainErrors.selfReferral(c.id))
        case 'referral-exists':
          return E.left(DomainErrors.referralExists(command.referralId))
        case 'unknown-referee':
          return E.left(DomainErrors.unknownReferee(command.refereeId))
        case 'contact-erased':
          return E.left(DomainErrors.contactErased(command.refereeId))
        case 'referee-has-open-referral':
          return E.left(DomainErrors.refereeHasOpenReferral(command.refereeId, openReferralId as string))
        case undefined:
          break
      }
      const events: AnyEventDraft[] = []
      if (existing === undefined) {
        const { met, ...profile } = command.referee as NewReferee
        events.push({ ...profile, type: 'ContactAdded', contactId: command.refereeId, met: met ?? false })
        events.push({ type: 'ContactRoleChanged', contactId: command.refereeId, role: 'lead' })
      } else if (existing.network.role === null) {
        // An existing contact with no role becomes a lead; a client referred again keeps its role.
        events.push({ type: 'ContactRoleChanged', contactId: command.refereeId, role: 'lead' })
      }
      events.push({ type: 'ReferralReceived', referralId: command.referralId, refereeId: command.refereeId, source: command.source, note: command.note })
      return emit(command, events)
    }
    case 'AdvanceReferral': {
      const r = ownReferral(state, c, command.referralId)
      if (E.isLeft(r)) return r
      const refusal = stageRefusal(command.referralId, r.right.stage, command.stage)
      if (refusal !== undefined) return E.left(refusal)
      return emit(command, [{ type: 'ReferralStageChanged', referralId: command.referralId, ...stagePayload(command.stage, command.revenue, command.reason) }])
    }
    case 'PromiseReferral':
      return emit(command, [{ type: 'ReferralPromised', note: command.note }])
    case 'ThankReferrer':
    case 'UpdateReferrer': {
      const r = ownReferral(state, c, command.referralId)
      if (E.isLeft(r)) return r
      const thank = command.type === 'ThankReferrer'
      const channel = command.channel ?? (thank ? 'mail' : 'phone')
      if (c.consent.refused.includes(channel)) return E.left(DomainErrors.channelRefused(c.id, channel))
      const stage = thank ? undefined : (command.stage ?? r.right.stage)
      return emit(command, [
        { type: 'TouchLogged', kind: thank ? 'referral-thank-you' : 'referral-status-update', channel, on: command.on, referralId: command.referralId, stage, note: command.note },
      ])
    }
    case 'CaptureLead':
      return emit(command, [{ type: 'LeadCaptured', source: command.source, note: command.note }])
    case 'AssignLead':
      return emit(command, [{ type: 'LeadAssigned', assignee: command.assignee }])
    case 'AdvanceLead': {
      if (c.sales.lead?.referralId !== undefined) return E.left(DomainErrors.leadIsReferred(c.id, c.sales.lead.referralId))
      const refusal = stageRefusal(c.id, c.sales.lead?.stage ?? 'received', command.stage)
      if (refusal !== undefined) return E.left(refusal)
      return emit(command, [{ type: 'LeadStageChanged', ...stagePayload(command.stage, command.revenue, command.reason) }])
    }
    case 'CloseTransaction':
      if (c.sales.transactions.some((x) => x.transactionId === command.transactionId)) return E.left(DomainErrors.transactionExists(command.transactionId))
      if (command.referralId !== undefined) {
        const r = state.referrals.get(command.referralId)
        if (r === undefined) return E.left(DomainErrors.unknownReferral(command.referralId))
        if (r.refereeId !== c.id) return E.left(DomainErrors.notTheReferee(command.referralId, c.id))
      }
      return emit(command, [
        {
          type: 'TransactionClosed',
          transactionId: command.transactionId,
          value: command.value,
          servedBy: command.servedBy,
          referralId: command.referralId,
          closedOn: command.closedOn,
        },
      ])
    case 'RecordFeedback': {
      const { type: _t, commandId: _c, actor: _a, contactId: _id, ...measures } = command
      const { aboutContactId, comment: _comment, ...scores } = measures
      if (Object.values(scores).every((v) => v === undefined)) return E.left(DomainErrors.emptyFeedback())
      if (aboutContactId !== undefined) {
        const about = liveContact(state, aboutContactId)
        if (E.isLeft(about)) return about
      }
      return emit(command, [{ type: 'FeedbackRecorded', ...measures }])
    }
    case 'ReviewAlly':
      if (c.network.role !== 'ally') return E.left(DomainErrors.notAnAlly(c.id))
      return emit(command, [{ type: 'AllyReviewed', verdict: command.verdict, note: command.note }])
  }
}
