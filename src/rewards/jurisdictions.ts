/**
 * Jurisdiction rules: what the law a policy runs under forbids. A policy names its rules
 * (`jurisdictions: ['us-respa-8']`); `rewardsFor` refuses, with the rule's reason, a reward a
 * rule forbids. touchbase gives no legal advice: the host chooses the rules that apply to its
 * business, and may add its own.
 */
import type { AllyCategory, RewardSide } from '../events/vocabulary.js'
import type { ContactState, NetworkState, ReferralState } from '../state/types.js'
import type { RewardRule } from './policy.js'

/** What a jurisdiction rule sees of a reward it is asked about. */
export interface JurisdictionContext {
  readonly state: NetworkState
  readonly referral: ReferralState
  /** The referrer, if the network knows it. */
  readonly referrer: ContactState | undefined
  readonly rule: RewardRule
  readonly side: RewardSide
  readonly recipientId: string
}

/** A rule of law a policy can run under. */
export interface JurisdictionRule {
  /** The name a policy uses (`us-respa-8`). */
  readonly id: string
  /** What the rule is, for people. */
  readonly title: string
  /** Why the rule forbids this reward, or `undefined` when it allows it. Must not throw. */
  readonly forbids: (context: JurisdictionContext) => string | undefined
}

/**
 * Ally categories that are settlement-service providers for RESPA §8 when the ally's
 * `settlementService` flag is absent: lenders, title and escrow, appraisers, insurers,
 * attorneys and inspectors. The flag on `ContactRoleChanged` overrides the category either
 * way (a life insurer is not a settlement service; a mover who also does title work is).
 */
export const SETTLEMENT_SERVICE_CATEGORIES: ReadonlySet<AllyCategory> = new Set<AllyCategory>([
  'lender',
  'title-escrow',
  'appraiser',
  'insurer',
  'attorney',
  'inspector',
])

/**
 * Whether a contact is a settlement-service provider: an ally whose `settlementService`
 * flag is true, or, when the flag is absent, whose category is one of
 * `SETTLEMENT_SERVICE_CATEGORIES`.
 *
 * @example
 * isSettlementServiceProvider(state.contacts.get('ally-lender')!) // true for an ally in 'lender'
 */
export const isSettlementServiceProvider = (contact: ContactState | undefined): boolean => {
  if (contact === undefined || contact.network.role !== 'ally') return false
  if (contact.network.settlementService !== undefined) return contact.network.settlementService
  return contact.network.allyCategory !== undefined && SETTLEMENT_SERVICE_CATEGORIES.has(contact.network.allyCategory)
}

/**
 * US RESPA §8 (12 U.S.C. §2607): no thing of value — money, points, a gift, a discount;
 * there is no de minimis exception — for the referral of settlement-service business. The
 * rule refuses every referrer-side reward when the referrer is a settlement-service
 * provider (`isSettlementServiceProvider`). It leaves the referee's reward (the customer's
 * own) and team rewards (an employer paying its own employees) alone. The thank-you touch
 * still goes out: a thank-you is not a thing of value.
 */
export const respa8: JurisdictionRule = {
  id: 'us-respa-8',
  title: 'US RESPA §8: no thing of value for a referral of settlement-service business',
  forbids: ({ referrer, side, referral }) => {
    if (side !== 'referrer' || !isSettlementServiceProvider(referrer)) return undefined
    const what =
      referrer?.network.settlementService === true
        ? 'a settlement-service provider'
        : `a settlement-service provider (ally category \`${referrer?.network.allyCategory ?? 'unknown'}\`)`
    return (
      `US RESPA §8 forbids giving a thing of value for a referral from ${what}: ` +
      `no reward to ${referral.referrerId} for referral ${referral.referralId}. ` +
      'Send the thank-you touch, which is not a thing of value.'
    )
  },
}

/** The jurisdiction rules touchbase ships, by name. */
export const builtInJurisdictions: Readonly<Record<string, JurisdictionRule>> = {
  'us-respa-8': respa8,
}

/** A lookup of jurisdiction rules by name: the built-in ones, then the host's (which may replace them). */
export const jurisdictionRegistry = (extra?: Readonly<Record<string, JurisdictionRule>>): ReadonlyMap<string, JurisdictionRule> => {
  const m = new Map<string, JurisdictionRule>(Object.entries(builtInJurisdictions))
  if (extra !== undefined) for (const [k, v] of Object.entries(extra)) m.set(k, v)
  return m
}
