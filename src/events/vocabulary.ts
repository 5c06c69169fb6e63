/**
 * The domain's words, as values: every list here is the single source of a union type and
 * of the codec that checks it, so code, docs and tests say the same thing.
 */

/** Roles in the referral network; a contact has at most one at a time. */
export const ROLES = ['lead', 'client', 'advocate', 'core', 'ally'] as const
/** A role in the referral network (`core` = Core Advocate, `ally` = Allied Resource). */
export type Role = (typeof ROLES)[number]

/** The inner circles a contact belongs to. */
export const CIRCLES = ['client', 'friend', 'family', 'colleague', 'business-partner', 'other'] as const
/** An inner circle. */
export type Circle = (typeof CIRCLES)[number]

/**
 * Kinds of business an Allied Resource runs. Settlement-service categories matter to
 * RESPA §8 (US real estate): see the rewards documentation.
 */
export const ALLY_CATEGORIES = [
  'lender',
  'insurer',
  'inspector',
  'appraiser',
  'title-escrow',
  'attorney',
  'home-services',
  'decorator',
  'mover',
  'accountant',
  'financial-planner',
  'other',
] as const
/** The kind of business an ally runs. */
export type AllyCategory = (typeof ALLY_CATEGORIES)[number]

/** Channels a touch travels by; consent can refuse each one, or all. */
export const CHANNELS = ['mail', 'phone', 'email', 'in-person', 'text', 'gift'] as const
/** A channel a touch travels by. */
export type Channel = (typeof CHANNELS)[number]

/** Kinds of touch: one deliberate contact each. */
export const TOUCH_KINDS = [
  'newsletter',
  'holiday-card',
  'call',
  'great-talking-letter',
  'observance-card',
  'give-away',
  'value-added-item',
  'meeting',
  'dinner-invitation',
  'event-invitation',
  'referral-thank-you',
  'referral-status-update',
  'email',
  'text',
  'handwritten-note',
  'letter',
  'mailing',
  'pop-by-gift',
] as const
/** A kind of touch. */
export type TouchKind = (typeof TOUCH_KINDS)[number]

/** Kinds of personal date that anchor observance cards, in the order cards are taken. */
export const PERSONAL_DATE_KINDS = [
  'birthday',
  'wedding-anniversary',
  'home-purchase-anniversary',
  'graduation',
  'custom',
] as const
/** A kind of personal date. */
export type PersonalDateKind = (typeof PERSONAL_DATE_KINDS)[number]

/** Kinds of interest recorded to personalize value-added items. */
export const INTEREST_CATEGORIES = ['team', 'hobby', 'other'] as const
/** A kind of interest (a favourite team has a season). */
export type InterestCategory = (typeof INTEREST_CATEGORIES)[number]

/** Stages of a referral (and of any lead in the funnel), in order; `lost` ends it early. */
export const STAGES = ['received', 'contacted', 'appointment', 'under-contract', 'closed', 'lost'] as const
/** A stage of a referral or lead. */
export type Stage = (typeof STAGES)[number]

/** Stages a reward can be paid at. */
export const REWARD_STAGES = ['received', 'contacted', 'appointment', 'under-contract', 'closed'] as const
/** A stage a reward is paid at. */
export type RewardStage = (typeof REWARD_STAGES)[number]

/** Who a reward goes to. */
export const REWARD_SIDES = ['referrer', 'referee', 'team'] as const
/** Who a reward goes to: the referrer, the referee, or a team member. */
export type RewardSide = (typeof REWARD_SIDES)[number]

/** Value tiers of gifts; core advocates get a higher tier than other groups. */
export const GIFT_TIERS = ['token', 'standard', 'premium'] as const
/** A gift's value tier. */
export type GiftTier = (typeof GIFT_TIERS)[number]

/** Categories of programme cost (the referral programme's and marketing's). */
export const COST_CATEGORIES = ['gift', 'reward', 'event', 'mailing', 'advertising', 'other'] as const
/** A category of cost. */
export type CostCategory = (typeof COST_CATEGORIES)[number]

/** Outcomes of an ally review. */
export const ALLY_VERDICTS = ['keep', 'reconsider', 'end'] as const
/** An ally review's outcome. */
export type AllyVerdict = (typeof ALLY_VERDICTS)[number]
