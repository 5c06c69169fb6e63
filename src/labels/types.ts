/**
 * The shape of a label dictionary: one record per category, keyed by every value of the
 * category's list, so a dictionary that misses a key (or adds an unknown one) does not compile.
 */
import type {
  AllyCategory,
  AllyVerdict,
  Channel,
  Circle,
  CostCategory,
  GiftTier,
  InterestCategory,
  PersonalDateKind,
  RewardSide,
  Role,
  Stage,
  TouchKind,
} from '../events/vocabulary.js'
import type {
  AgendaPhraseKey,
  BuiltInPlanKey,
  CadenceStatusKey,
  EnrollmentStatusKey,
  MessageKey,
  PlanStepKey,
  RewardStatusKey,
  TouchStatusKey,
  ValueAddedItemKey,
} from './keys.js'

/**
 * A phrase's plural forms, chosen by `Intl.PluralRules` for the count `n` (Arabic has all six:
 * `zero`, `one`, `two`, `few`, `many`, `other`; English `one` and `other`). A missing form falls
 * back to `other`.
 */
export interface PluralForms {
  /** Arabic 0. */
  readonly zero?: string
  /** English and Arabic 1. */
  readonly one?: string
  /** Arabic 2. */
  readonly two?: string
  /** Arabic 3–10 (and 103–110…). */
  readonly few?: string
  /** Arabic 11–99 (and 111–199…). */
  readonly many?: string
  /** Every other count (English 0, 2, 3…; Arabic 100–102…), and the fallback of a missing form. */
  readonly other: string
}

/** An agenda phrase: a template with `{name}` placeholders, or its plural forms. */
export type PhraseTemplate = string | PluralForms

/** A label dictionary: a label for every value of every category, in one language. */
export interface Labels {
  /** Kinds of touch (`TOUCH_KINDS`). */
  readonly touchKinds: Readonly<Record<TouchKind, string>>
  /** Channels a touch travels by (`CHANNELS`). */
  readonly channels: Readonly<Record<Channel, string>>
  /** Roles in the referral network (`ROLES`). */
  readonly roles: Readonly<Record<Role, string>>
  /** Inner circles (`CIRCLES`). */
  readonly circles: Readonly<Record<Circle, string>>
  /** Kinds of business an ally runs (`ALLY_CATEGORIES`). */
  readonly allyCategories: Readonly<Record<AllyCategory, string>>
  /** Kinds of personal date (`PERSONAL_DATE_KINDS`). */
  readonly personalDateKinds: Readonly<Record<PersonalDateKind, string>>
  /** Kinds of interest (`INTEREST_CATEGORIES`). */
  readonly interestCategories: Readonly<Record<InterestCategory, string>>
  /** Stages of a referral or lead (`STAGES`; reward stages are among them). */
  readonly stages: Readonly<Record<Stage, string>>
  /** Who a reward goes to (`REWARD_SIDES`). */
  readonly rewardSides: Readonly<Record<RewardSide, string>>
  /** Gift value tiers (`GIFT_TIERS`). */
  readonly giftTiers: Readonly<Record<GiftTier, string>>
  /** Categories of programme cost (`COST_CATEGORIES`). */
  readonly costCategories: Readonly<Record<CostCategory, string>>
  /** Outcomes of an ally review (`ALLY_VERDICTS`). */
  readonly allyVerdicts: Readonly<Record<AllyVerdict, string>>
  /** Statuses of a planned touch. */
  readonly touchStatuses: Readonly<Record<TouchStatusKey, string>>
  /** Statuses of a cadence. */
  readonly cadenceStatuses: Readonly<Record<CadenceStatusKey, string>>
  /** Statuses of an enrollment. */
  readonly enrollmentStatuses: Readonly<Record<EnrollmentStatusKey, string>>
  /** Statuses of a reward. */
  readonly rewardStatuses: Readonly<Record<RewardStatusKey, string>>
  /** Built-in plans, by id. */
  readonly plans: Readonly<Record<BuiltInPlanKey, string>>
  /** Built-in plan steps, by id. */
  readonly planSteps: Readonly<Record<PlanStepKey, string>>
  /** Value-added items, by key. */
  readonly valueAddedItems: Readonly<Record<ValueAddedItemKey, string>>
  /** Messages rendered on every touch, by key. */
  readonly messages: Readonly<Record<MessageKey, string>>
  /** Agenda phrases (templates: render them with `agendaPhrase`). */
  readonly agenda: Readonly<Record<AgendaPhraseKey, PhraseTemplate>>
}

/** A category whose labels are plain strings (every category but `agenda`). */
export type LabelCategory = Exclude<keyof Labels, 'agenda'>

/** The keys of a category: `LabelKey<'roles'>` is `Role`. */
export type LabelKey<C extends LabelCategory> = keyof Labels[C] & string
