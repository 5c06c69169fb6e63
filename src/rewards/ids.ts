/**
 * Reward ids and the ids of the events that issue them, derived from their cause (DESIGN
 * §4.2) so that asking twice, or replaying, never issues twice.
 */
import type { RewardStage } from '../events/vocabulary.js'

/** What a reward id is made of. */
export interface RewardKey {
  readonly referralId: string
  readonly stage: RewardStage
  readonly ruleId: string
  readonly recipientId: string
}

/**
 * The reward id: `reward/${referralId}/${stage}/${ruleId}/${recipientId}`.
 * @example rewardIdOf({ referralId: 'r1', stage: 'closed', ruleId: 'thanks', recipientId: 'c1' }) // 'reward/r1/closed/thanks/c1'
 */
export const rewardIdOf = (key: RewardKey): string =>
  `reward/${key.referralId}/${key.stage}/${key.ruleId}/${key.recipientId}`

/**
 * The id of the `RewardIssued` event of a reward: `${rewardId}/issued`. A retry yields the
 * same event, which a store accepts as an idempotent redelivery.
 * @example rewardIssuedEventId('reward/r1/closed/thanks/c1') // 'reward/r1/closed/thanks/c1/issued'
 */
export const rewardIssuedEventId = (rewardId: string): string => `${rewardId}/issued`

/** The longest id an event may carry (the `Id` codec's limit). */
export const MAX_ID_LENGTH = 256
