/**
 * Plans: the plan language (steps with timing rules, cadences), its validation, the
 * built-in plans and `schedule`, which turns an enrollment into planned touches.
 */
export * from './definition.js'
export { PlanDefinitionC, validatePlan } from './validate.js'
export {
  PLAN_ERROR_CODES,
  PLAN_ISSUE_CODES,
  type PlanError,
  type PlanErrorCode,
  type PlanIssue,
  type PlanIssueCode,
} from './errors.js'
export { TIMING_RULES, type TimingName } from './timing/registry.js'
export type { AfterStepTiming } from './timing/after-step.js'
export type { InterestTiming } from './timing/interest.js'
export type { MonthlyTiming } from './timing/monthly.js'
export type { MonthsAfterStartTiming } from './timing/months-after-start.js'
export type { ObservanceTiming } from './timing/observance.js'
export type { OffsetTiming } from './timing/offset.js'
export type { PersonalDateTiming } from './timing/personal-date.js'
export type { SeasonalTiming } from './timing/seasonal.js'
export type { SpreadTiming } from './timing/spread.js'
export * from './built-in.js'
export { touchKeyFor, type TouchOccurrence } from './touch-key.js'
export {
  schedule,
  type Anchor,
  type Graduation,
  type PlannedTouch,
  type PlanYear,
  type Schedule,
  type ScheduleNote,
  type ScheduleOptions,
} from './schedule.js'
