/**
 * The plan language: a plan is data — a named list of steps, each a touch kind on a channel,
 * performed by a person or sent, with one timing rule — plus, for relationship plans,
 * cadences that reset on contact. Hosts store their own plans as JSON; `validatePlan`
 * checks one and refuses, with a reason, a plan that cannot be scheduled.
 */
import type { Channel, GiftTier, PersonalDateKind, TouchKind } from '../events/index.js'
import type { AfterStepTiming } from './timing/after-step.js'
import type { InterestTiming } from './timing/interest.js'
import type { MonthlyTiming } from './timing/monthly.js'
import type { MonthsAfterStartTiming } from './timing/months-after-start.js'
import type { ObservanceTiming } from './timing/observance.js'
import type { OffsetTiming } from './timing/offset.js'
import type { PersonalDateTiming } from './timing/personal-date.js'
import type { SeasonalTiming } from './timing/seasonal.js'
import type { SpreadTiming } from './timing/spread.js'

/** Whether a person performs the touch (calls, letters, meetings: on business days) or it is sent. */
export type PerformedBy = 'person' | 'sent'

/** Whether a step counts toward the plan's own total (the 33) or is a value-added item counted apart. */
export type Counts = 'plan' | 'value-added'

/**
 * When a step's touches are due, within each plan year (or the plan's window). Each rule is
 * one file of `src/plans/timing/`, registered in `src/plans/timing/registry.ts`.
 *
 * - `offset`: on the given plan days (0 = the first day of the plan year or window).
 * - `months-after-start`: the given months after the plan year's first day (date-fns `addMonths`).
 * - `monthly`: `count` touches a month apart on `dayOfMonth` (clamped to shorter months), the
 *   first on or after the plan year's first day; never past the plan year's last day.
 * - `observance`: the contact's card holidays (`count` of the calendar set's ranked
 *   candidates), each due `leadDays` before its holiday.
 * - `personal-date`: one card per recorded personal date (in `kinds` order, up to `count`),
 *   due `leadDays` before the date; missing ones filled by `fallback` cards on plan days.
 * - `after-step`: `days` after the given occurrences of another step's due dates; one a
 *   person performs moves forward to the next business day (a letter after its call).
 * - `seasonal`: once a plan year on a month-day (`day` defaults to 1).
 * - `spread`: `count` touches spread evenly across the plan year: plan days
 *   ⌊365 / 2·count⌋ + ⌊365·k / count⌋.
 * - `interest`: one per recorded interest of `category` with a season start, `leadDays` before it.
 */
export type Timing =
  | OffsetTiming
  | MonthsAfterStartTiming
  | MonthlyTiming
  | ObservanceTiming
  | PersonalDateTiming
  | AfterStepTiming
  | SeasonalTiming
  | SpreadTiming
  | InterestTiming

/** One step of a plan. */
export interface PlanStep {
  /** Stable id within the plan (`newsletter`, `call`, `week-4`): part of every touch key. */
  readonly id: string
  readonly kind: TouchKind
  readonly channel: Channel
  readonly performedBy: PerformedBy
  readonly timing: Timing
  /** The value-added item the touch carries (a market report, a school calendar…), as a key the host renders. */
  readonly item?: string
  /** Whether the step counts toward the plan's total (default) or apart, as a value-added item. */
  readonly counts?: Counts
}

/**
 * A cadence: a touch of some kind due `idealDays` after the last touch of that sort, overdue
 * after `maxDays`. Any touch of a `resetBy` kind — planned or logged — resets it.
 */
export interface Cadence {
  readonly id: string
  readonly kind: TouchKind
  readonly channel: Channel
  readonly performedBy: PerformedBy
  readonly resetBy: readonly TouchKind[]
  readonly idealDays: number
  readonly maxDays: number
  /** Gift tier for gifts this cadence brings (core advocates get a higher tier). */
  readonly giftTier?: GiftTier
}

/** How long a plan runs: plan years (renewing or not), or a window of days (8x8). */
export type PlanPeriod = { readonly unit: 'year' } | { readonly unit: 'days'; readonly days: number }

/** A plan, as data. */
export interface PlanDefinition {
  readonly id: string
  readonly name: string
  /** Who the plan is for (`past clients`, `advocates and core advocates`…). */
  readonly audience: string
  readonly period: PlanPeriod
  /** Whether a new plan year starts when one ends, while the enrollment is active. */
  readonly renews: boolean
  readonly steps: readonly PlanStep[]
  readonly cadences?: readonly Cadence[]
  /** The plan a contact is proposed after the plan's last step (the 8x8 graduates to a 33-touch plan). */
  readonly graduatesTo?: string
}

/** The message keys every planned touch carries: the host renders them on the touch. */
// Frozen: every planned touch shares this one list, so no caller can change another's.
export const TOUCH_MESSAGES = Object.freeze(['referral-reminder', 'value-proposition'] as const)
/** A message key carried by every touch. */
export type TouchMessage = (typeof TOUCH_MESSAGES)[number]

/** The ordered personal-date kinds observance cards are taken from. */
export const OBSERVANCE_CARD_KINDS: readonly PersonalDateKind[] = [
  'birthday',
  'wedding-anniversary',
  'home-purchase-anniversary',
  'graduation',
  'custom',
]
