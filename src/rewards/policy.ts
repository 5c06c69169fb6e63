/**
 * The reward policy language: a policy is data — rules that pay at a stage of a referral,
 * to the referrer, the referee, both, or the team members who served the referrer — with
 * conditions, tiers and milestones, caps per referrer, review holds, a refund window, and
 * the jurisdiction rules it runs under. Hosts store policies as JSON; `validateRewardPolicy`
 * checks one and refuses it with every reason at once.
 */
import * as t from 'io-ts'
import { Flag, Id, MoneyC, PositiveInt, ShortText, TimeZoneC, intRange, oneOf } from '../core/codecs.js'
import { tagged } from '../core/tagged.js'
import {
  GIFT_TIERS,
  REWARD_SIDES,
  REWARD_STAGES,
  ROLES,
  type GiftTier,
  type RewardSide,
  type RewardStage,
  type Role,
} from '../events/vocabulary.js'
import type { Money } from '../core/codecs.js'

// ---------------------------------------------------------------------------------------
// Types

/** A gift given instead of a rule's gift when the recipient has a role (core advocates get `premium`). */
export interface GiftByRole {
  readonly role: Role
  readonly tier: GiftTier
  readonly description?: string
  /** The gift's declared value (counts toward money caps in its currency). */
  readonly value?: Money
}

/**
 * What a rule pays.
 *
 * - `money`: a fixed amount (integer minor units).
 * - `percent-of-revenue`: basis points of the referral's closed revenue, paid as money in
 *   the revenue's currency, in integer minor units rounded down. Only at stage `closed`.
 * - `percent`: a discount — `basisPoints` off `of` (e.g. `next-service`); with
 *   `recurring: true`, off each future service. Issued as is (a percent reward).
 * - `points`, `quota` (an amount of a unit: 500 `MB`).
 * - `gift`: a gift of a value tier; `byRole` gives another gift to recipients of a role.
 */
export type PolicyValue =
  | { readonly kind: 'money'; readonly amount: Money }
  | { readonly kind: 'percent-of-revenue'; readonly basisPoints: number }
  | { readonly kind: 'percent'; readonly basisPoints: number; readonly of: string; readonly recurring?: boolean }
  | { readonly kind: 'points'; readonly points: number }
  | { readonly kind: 'quota'; readonly amount: number; readonly unit: string }
  | {
      readonly kind: 'gift'
      readonly tier: GiftTier
      readonly description?: string
      readonly value?: Money
      readonly byRole?: readonly GiftByRole[]
    }

/** The kinds of value a rule can pay. */
export const POLICY_VALUE_KINDS = ['money', 'percent-of-revenue', 'percent', 'points', 'quota', 'gift'] as const

/** A tier: from the referrer's `from`-th referral on, the rule pays `value` (the highest tier reached wins). */
export interface RewardTier {
  readonly from: number
  readonly value: PolicyValue
}

/**
 * A milestone: the referrer's `at`-th referral pays `value` (with `every: true`, every
 * `at`-th: the 5th, 10th, 15th…). An exact milestone wins over a repeating one, and among
 * repeating ones the largest `at` wins; a milestone wins over the tiers.
 */
export interface RewardMilestone {
  readonly at: number
  readonly every?: boolean
  readonly value: PolicyValue
}

/**
 * The location bonus condition: the referee's postal code equals the referrer's (compared
 * in upper case without spaces; only the first `postalCodePrefix` characters when given:
 * `SW1A` of `SW1A 1AA`) and, unless `sameDay` is `false`, the referee was served the same
 * day as the referrer: the referee has a `TransactionClosed` naming this referral, or
 * recorded at or after the referral was received, whose service date (`closedOn`, else the
 * date of its `at` in the policy's time zone) is the service date of one of the referrer's
 * `TransactionClosed`.
 */
export interface LocationCondition {
  readonly postalCodePrefix?: number
  readonly sameDay?: boolean
}

/** Conditions a rule's reward must meet, else it is refused (`condition-not-met`). */
export interface RuleConditions {
  /** The referrer's role (now) must be one of these. */
  readonly referrerRoles?: readonly Role[]
  /** The referral must be at least the referrer's `fromReferral`-th (see `counting`). */
  readonly fromReferral?: number
  /** The location bonus: same postal area and, by default, served the same day. */
  readonly location?: LocationCondition
}

/** Who a rule pays: the referrer, the referee, both, or the team members who served the referrer. */
export type RuleRecipients = 'referrer' | 'referee' | 'both' | 'team'

/** Who a rule pays, by name. */
export const RULE_RECIPIENTS = ['referrer', 'referee', 'both', 'team'] as const

/**
 * How a referral's number (its ordinal, for tiers, milestones and `fromReferral`) is taken:
 * `sent` — its place among every referral the referrer sent (the 5th referral); `reached`
 * — its place among the referrer's referrals that reached the rule's stage, in the order
 * they reached it (the 5th referral that closed).
 */
export type Counting = 'sent' | 'reached'

/** One rule of a policy. */
export interface RewardRule {
  /** Unique in the policy; part of every reward id it issues (keep it unique across policies). */
  readonly id: string
  /** The stage the rule pays at. */
  readonly stage: RewardStage
  readonly to: RuleRecipients
  /** What it pays (unless a milestone or tier says otherwise). */
  readonly value: PolicyValue
  readonly description?: string
  readonly conditions?: RuleConditions
  readonly tiers?: readonly RewardTier[]
  readonly milestones?: readonly RewardMilestone[]
  /** How the referral's number is taken (default `sent`). */
  readonly counting?: Counting
}

/** What a value cap measures: money in one currency, points, or a quota of one unit. */
export type CapValue =
  | { readonly kind: 'money'; readonly amount: Money }
  | { readonly kind: 'points'; readonly points: number }
  | { readonly kind: 'quota'; readonly amount: number; readonly unit: string }

/** A cap's period. */
export type CapPeriod = 'month' | 'year' | 'lifetime'

/**
 * A cap's window: `calendar` (the calendar month or year of `now` in the policy's time
 * zone) or `rolling` (the 30 or 365 days up to any moment).
 */
export type CapWindow = 'calendar' | 'rolling'

/**
 * A cap per referrer: at most `count` rewards and/or at most `value` (of one currency or
 * unit) in each window, counting the rewards — held, issued or approved; never rejected or
 * revoked — of every referral the referrer sent.
 */
export interface RewardCap {
  readonly id: string
  readonly period: CapPeriod
  /** Default `calendar`; a lifetime cap has no window. */
  readonly window?: CapWindow
  readonly count?: number
  readonly value?: CapValue
  /** The rules whose rewards the cap counts and limits (default: every rule of the policy). */
  readonly rules?: readonly string[]
  /** The sides it counts and limits (default: `['referrer']`: the referee's welcome reward is not the referrer's cap). */
  readonly sides?: readonly RewardSide[]
  /**
   * When only part of a reward fits under the value cap: `issue` the part that fits (the
   * default; money, points and quota only — a gift is never split) or `refuse` the reward.
   */
  readonly partial?: 'issue' | 'refuse'
}

/**
 * When rewards are held for review: the referee shares an e-mail address or phone number
 * with the referrer (`sharedContact`, default on), or the referral is part of a burst —
 * `burstReferrals` or more referrals from the referrer within `burstHours` hours (default
 * on, 5 within 24 hours).
 */
export interface ReviewSettings {
  readonly sharedContact?: boolean
  readonly burst?: boolean
  readonly burstReferrals?: number
  readonly burstHours?: number
}

/** Default burst: 5 referrals from one referrer within 24 hours. */
export const DEFAULT_BURST = { referrals: 5, hours: 24 } as const

/** A refund window: rewards (of the given stages, default all) are held until `days` after issue. */
export interface RefundWindow {
  readonly days: number
  readonly stages?: readonly RewardStage[]
}

/** A reward policy. */
export interface RewardPolicy {
  readonly id: string
  readonly name: string
  /** The jurisdiction rules it runs under (built in: `us-respa-8`). Hosts name them; touchbase gives no legal advice. */
  readonly jurisdictions: readonly string[]
  readonly rules: readonly RewardRule[]
  readonly caps?: readonly RewardCap[]
  /** When present, suspicious referrals are held for review. */
  readonly review?: ReviewSettings
  readonly refundWindow?: RefundWindow
  /** The IANA zone of calendar cap windows and of `dueOn` dates (default `UTC`). */
  readonly timeZone?: string
  readonly description?: string
}

// ---------------------------------------------------------------------------------------
// Codecs

const list = <C extends t.Mixed>(c: C, name: string) => t.array(c, name)

const GiftByRoleC = t.exact(
  t.intersection([
    t.type({ role: oneOf(ROLES), tier: oneOf(GIFT_TIERS) }),
    t.partial({ description: ShortText, value: MoneyC }),
  ]),
  'a gift by role { role, tier, description?, value? }',
)

/** The codec of what a rule pays. */
export const PolicyValueC = tagged(
  'kind',
  {
    money: t.exact(t.type({ kind: t.literal('money'), amount: MoneyC })),
    'percent-of-revenue': t.exact(t.type({ kind: t.literal('percent-of-revenue'), basisPoints: intRange(1, 10_000) })),
    percent: t.exact(
      t.intersection([
        t.type({ kind: t.literal('percent'), basisPoints: intRange(1, 10_000), of: ShortText }),
        t.partial({ recurring: Flag }),
      ]),
    ),
    points: t.exact(t.type({ kind: t.literal('points'), points: PositiveInt })),
    quota: t.exact(t.type({ kind: t.literal('quota'), amount: PositiveInt, unit: ShortText })),
    gift: t.exact(
      t.intersection([
        t.type({ kind: t.literal('gift'), tier: oneOf(GIFT_TIERS) }),
        t.partial({ description: ShortText, value: MoneyC, byRole: list(GiftByRoleC, 'a list of gifts by role') }),
      ]),
    ),
  },
  'a reward value (money | percent-of-revenue | percent | points | quota | gift)',
)

const TierC = t.exact(t.type({ from: PositiveInt, value: PolicyValueC }), 'a tier { from, value }')

const MilestoneC = t.exact(
  t.intersection([t.type({ at: PositiveInt, value: PolicyValueC }), t.partial({ every: Flag })]),
  'a milestone { at, value, every? }',
)

const ConditionsC = t.exact(
  t.partial({
    referrerRoles: list(oneOf(ROLES), 'a list of roles'),
    fromReferral: PositiveInt,
    location: t.exact(
      t.partial({ postalCodePrefix: intRange(1, 20), sameDay: Flag }),
      'a location condition { postalCodePrefix?, sameDay? }',
    ),
  }),
  'rule conditions { referrerRoles?, fromReferral?, location? }',
)

const RuleC = t.exact(
  t.intersection([
    t.type({
      id: Id,
      stage: oneOf(REWARD_STAGES),
      to: oneOf(RULE_RECIPIENTS),
      value: PolicyValueC,
    }),
    t.partial({
      description: ShortText,
      conditions: ConditionsC,
      tiers: list(TierC, 'a list of tiers'),
      milestones: list(MilestoneC, 'a list of milestones'),
      counting: oneOf(['sent', 'reached'] as const),
    }),
  ]),
  'a reward rule { id, stage, to, value, conditions?, tiers?, milestones?, counting? }',
)

const CapValueC = tagged(
  'kind',
  {
    money: t.exact(t.type({ kind: t.literal('money'), amount: MoneyC })),
    points: t.exact(t.type({ kind: t.literal('points'), points: PositiveInt })),
    quota: t.exact(t.type({ kind: t.literal('quota'), amount: PositiveInt, unit: ShortText })),
  },
  'a cap value (money | points | quota)',
)

const CapC = t.exact(
  t.intersection([
    t.type({ id: Id, period: oneOf(['month', 'year', 'lifetime'] as const) }),
    t.partial({
      window: oneOf(['calendar', 'rolling'] as const),
      count: PositiveInt,
      value: CapValueC,
      rules: list(Id, 'a list of rule ids'),
      sides: list(oneOf(REWARD_SIDES), 'a list of sides'),
      partial: oneOf(['issue', 'refuse'] as const),
    }),
  ]),
  'a cap { id, period, window?, count?, value?, rules?, sides?, partial? }',
)

const ReviewC = t.exact(
  t.partial({
    sharedContact: Flag,
    burst: Flag,
    burstReferrals: intRange(2, 10_000),
    burstHours: intRange(1, 8_784),
  }),
  'review settings { sharedContact?, burst?, burstReferrals?, burstHours? }',
)

const RefundWindowC = t.exact(
  t.intersection([
    t.type({ days: intRange(1, 3_650) }),
    t.partial({ stages: list(oneOf(REWARD_STAGES), 'a list of reward stages') }),
  ]),
  'a refund window { days, stages? }',
)

/** The io-ts codec of a reward policy's shape (checked further by `validateRewardPolicy`). */
export const RewardPolicyC = t.exact(
  t.intersection([
    t.type({
      id: Id,
      name: ShortText,
      jurisdictions: list(Id, 'a list of jurisdiction rule names'),
      rules: list(RuleC, 'a list of reward rules'),
    }),
    t.partial({
      caps: list(CapC, 'a list of caps'),
      review: ReviewC,
      refundWindow: RefundWindowC,
      timeZone: TimeZoneC,
      description: ShortText,
    }),
  ]),
  'a reward policy',
)
