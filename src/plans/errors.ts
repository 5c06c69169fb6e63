/**
 * Why `validatePlan` refuses a plan definition: one `invalid-plan` error listing every
 * reason, each an issue with its path, its code and the params its message is built from.
 */
import type { DecodeIssue } from '../core/decoding.js'
import { issuesSummary, type TouchbaseError, type TouchbaseIssue } from '../core/errors.js'

/**
 * The codes of the reasons a plan cannot be scheduled (its shape may be right). A plan whose
 * shape is wrong has decode issues instead (`invalid-value`, `limit-exceeded`…).
 */
export const PLAN_ISSUE_CODES = [
  'duplicate-step-id',
  'window-plan-renews',
  'plan-without-touches',
  'rule-needs-plan-year',
  'steps-in-circle',
  'duplicate-cadence-id',
  'cadence-max-below-ideal',
  'cadence-without-reset',
  // The checks of the timing rules.
  'no-plan-days',
  'plan-day-outside-plan',
  'no-months',
  'spread-too-dense',
  'day-not-every-year',
  'follows-unknown-step',
  'follows-itself',
  'follows-keyed-step',
  'follows-per-contact-step',
  'follows-missing-occurrence',
  'repeated-occurrence',
  'follow-gap-too-long',
  'no-personal-date-kinds',
  'too-few-fallback-days',
  'fallback-day-outside-plan-year',
] as const

/** The code of a reason a plan cannot be scheduled. */
export type PlanIssueCode = (typeof PLAN_ISSUE_CODES)[number]

/** Every code of a plan refusal: `invalid-plan`, and the codes of its issues. */
export const PLAN_ERROR_CODES = ['invalid-plan', ...PLAN_ISSUE_CODES] as const

/** The code of a plan refusal or of one of its issues. */
export type PlanErrorCode = (typeof PLAN_ERROR_CODES)[number]

/** One reason a plan was refused: a decode issue (its shape) or a reason it cannot be scheduled. */
export type PlanIssue = DecodeIssue | TouchbaseIssue<PlanIssueCode>

/**
 * Why a plan definition was refused: `code: 'invalid-plan'`, every reason in `issues` (each
 * with its path, from `plan`), and the first five as the `message`.
 */
export interface PlanError extends TouchbaseError<'invalid-plan'> {
  /** The plan's id when it has one, and how many issues there are. */
  readonly params: { readonly planId: string | null; readonly issues: number }
  /** Each reason, with where it is (`plan.steps[2].timing.step`). */
  readonly issues: readonly PlanIssue[]
}

/** The refusal of a plan for its issues. @internal */
export const planError = (planId: string | undefined, issues: readonly PlanIssue[]): PlanError =>
  Object.freeze({
    code: 'invalid-plan' as const,
    params: Object.freeze({ planId: planId ?? null, issues: issues.length }),
    message: issuesSummary(issues),
    issues: Object.freeze([...issues]),
  })
