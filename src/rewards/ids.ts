/**
 * Reward ids and the ids of the events that issue them, derived from their cause, so that
 * asking twice, or replaying, never issues twice.
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
 * One part of a reward id, with `%` and `/` escaped (`%25`, `%2F`): ids may contain `/`, and
 * without escaping two different rewards could share an id (a rule `R` to referee `ann/ann`
 * and a rule `R/ann` to referrer `ann`). Ids without `%` or `/` are unchanged.
 */
const part = (s: string): string => (s.includes('%') || s.includes('/') ? s.replace(/%/g, '%25').replace(/\//g, '%2F') : s)

/**
 * The reward id: `reward/${referralId}/${stage}/${ruleId}/${recipientId}`, each
 * part with `%` and `/` escaped so that distinct rewards never share an id.
 * @example rewardIdOf({ referralId: 'r1', stage: 'closed', ruleId: 'thanks', recipientId: 'c1' }) // 'reward/r1/closed/thanks/c1'
 * @example rewardIdOf({ referralId: 'r1', stage: 'received', ruleId: 'R', recipientId: 'ann/ann' }) // 'reward/r1/received/R/ann%2Fann'
 */
export const rewardIdOf = (key: RewardKey): string =>
  `reward/${part(key.referralId)}/${key.stage}/${part(key.ruleId)}/${part(key.recipientId)}`

/**
 * The id of the `RewardIssued` event of a reward: `${rewardId}/issued`. A retry yields the
 * same event, which a store accepts as an idempotent redelivery.
 * @example rewardIssuedEventId('reward/r1/closed/thanks/c1') // 'reward/r1/closed/thanks/c1/issued'
 */
export const rewardIssuedEventId = (rewardId: string): string => `${rewardId}/issued`

/** The longest id an event may carry (the `Id` codec's limit). */
export const MAX_ID_LENGTH = 256
