/**
 * Plans: the plan language (steps with timing rules, cadences), its validation, the
 * built-in plans and `schedule`, which turns an enrollment into planned touches.
 */
export * from './definition.js'
export { PlanDefinitionC, validatePlan, type PlanError } from './validate.js'
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
