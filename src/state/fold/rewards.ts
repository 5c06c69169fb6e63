/** The fold of reward events (issued, approved, rejected, revoked) and programme costs. */
import type { EventOf } from '../../events/index.js'
import { rewardMoveAllowed, type RewardMove } from '../../rules/index.js'
import type { ContactState, CostRecord, RewardState } from '../types.js'
import type { Batch, Mutable } from './batch.js'
import type { Handlers } from './handler.js'

const STATUS_AFTER: Readonly<Record<RewardMove, RewardState['status']>> = { approve: 'approved', reject: 'rejected', revoke: 'revoked' }

const moveReward = (b: Batch, e: EventOf<'RewardApproved' | 'RewardRejected' | 'RewardRevoked'>, move: RewardMove, reason?: string): void => {
  const r0 = b.reward(e.rewardId)
  if (r0 === undefined) return b.note(e, 'unknown-reward', false)
  if (!rewardMoveAllowed(r0.status, move)) return b.note(e, 'invalid-reward-transition', false)
  const r = b.writeReward(e.rewardId) as Mutable<RewardState>
  r.status = STATUS_AFTER[move]
  r.statusAt = e.at
  if (reason !== undefined) r.reason = reason
}

export const rewardHandlers: Handlers<'RewardIssued' | 'RewardApproved' | 'RewardRejected' | 'RewardRevoked' | 'CostRecorded'> = {
  RewardIssued: (b, e) => {
    if (b.reward(e.rewardId) !== undefined) return b.note(e, 'reward-exists', false)
    if (b.referral(e.referralId) === undefined) return b.note(e, 'unknown-referral', false)
    // A reward for someone is theirs: they must be a contact (the team's are the programme's).
    if (e.side !== 'team' && b.contact(e.recipientId) === undefined) return b.note(e, 'unknown-contact', false)
    const reward: Mutable<RewardState> = {
      rewardId: e.rewardId,
      referralId: e.referralId,
      stage: e.stage,
      ruleId: e.ruleId,
      recipientId: e.recipientId,
      side: e.side,
      value: e.value,
      issuedAt: e.at,
      status: e.hold === undefined ? 'issued' : 'held',
      statusAt: e.at,
    }
    if (e.dueOn !== undefined) reward.dueOn = e.dueOn
    if (e.hold !== undefined) reward.hold = e.hold
    b.createReward(reward)
    const r = b.writeReferral(e.referralId) as Mutable<NonNullable<ReturnType<Batch['referral']>>>
    r.rewards = b.append(r.rewards, e.rewardId)
    if (e.side !== 'team') {
      const recipient = b.writeContact(e.recipientId) as Mutable<ContactState>
      recipient.rewards = b.append(recipient.rewards, e.rewardId)
    }
  },
  RewardApproved: (b, e) => moveReward(b, e, 'approve'),
  RewardRejected: (b, e) => moveReward(b, e, 'reject', e.reason),
  RewardRevoked: (b, e) => moveReward(b, e, 'revoke', e.reason),
  CostRecorded: (b, e) => {
    const cost: Mutable<CostRecord> = { eventId: e.id, at: e.at, category: e.category, amount: e.amount }
    if (e.contactId !== undefined) cost.contactId = e.contactId
    b.addCost(cost)
  },
}
