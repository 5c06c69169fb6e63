/**
 * Decisions: the command side. `decide(command, state, now)` returns the events to append or
 * a typed, readable refusal.
 */
export * from './errors.js'
export type {
  AddContact,
  ChangeRole,
  CommandBase,
  ContactCommand,
  Decision,
  EraseContact,
  MarkMet,
  ProfileFields,
  RateContact,
  RecordInterest,
  RecordPersonalDate,
  RemoveInterest,
  RemovePersonalDate,
  SetConsent,
  UpdateContact,
} from './contacts.js'
export type {
  AcceptGraduation,
  CancelPlan,
  CompletePlan,
  CompleteTouch,
  DecisionContext,
  EnrollInPlan,
  LogTouch,
  PausePlan,
  PlanCommand,
  RescheduleTouch,
  ResumePlan,
  SkipTouch,
} from './plans.js'
export { decide, decider, type Command } from './decide.js'
