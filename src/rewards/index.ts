/**
 * Rewards: reward policies as data (`validateRewardPolicy`), what a policy pays for a
 * referral event (`rewardsFor`: `RewardIssued` events to issue or hold, and refusals with
 * their reasons), jurisdiction rules (US RESPA §8), and the ledger (`rewardLedger`).
 */
export {
  DEFAULT_BURST,
  POLICY_VALUE_KINDS,
  PolicyValueC,
  RULE_RECIPIENTS,
  RewardPolicyC,
  type CapPeriod,
  type CapValue,
  type CapWindow,
  type Counting,
  type GiftByRole,
  type LocationCondition,
  type PolicyValue,
  type RefundWindow,
  type ReviewSettings,
  type RewardCap,
  type RewardMilestone,
  type RewardPolicy,
  type RewardRule,
  type RewardTier,
  type RuleConditions,
  type RuleRecipients,
} from './policy.js'
export {
  REWARD_POLICY_ERROR_CODES,
  REWARD_POLICY_ISSUE_CODES,
  validateRewardPolicy,
  type RewardPolicyError,
  type RewardPolicyErrorCode,
  type RewardPolicyIssue,
  type RewardPolicyIssueCode,
  type ValidatePolicyOptions,
} from './validate.js'
export {
  SETTLEMENT_SERVICE_CATEGORIES,
  builtInJurisdictions,
  isSettlementServiceProvider,
  jurisdictionRegistry,
  respa8,
  type JurisdictionContext,
  type JurisdictionRule,
} from './jurisdictions.js'
export { MAX_ID_LENGTH, rewardIdOf, rewardIssuedEventId, type RewardKey } from './ids.js'
export {
  rewardsFor,
  type CapAdjustment,
  type HoldNote,
  type RefusalReason,
  type RewardIssuedEvent,
  type RewardRefusal,
  type RewardsDecision,
  type RewardsOptions,
  type ReviewFlag,
} from './rewards-for.js'
export {
  payableOn,
  rewardLedger,
  rewardStanding,
  rewardsPayable,
  type LedgerAccount,
  type LedgerDiscount,
  type LedgerEntry,
  type LedgerOptions,
  type RewardLedger,
  type RewardStanding,
  type RewardTotals,
  type TracedAmount,
} from './ledger.js'
