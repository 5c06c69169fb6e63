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
  MergeContacts,
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
export type {
  AdvanceLead,
  AdvanceReferral,
  ApproveReward,
  AssignLead,
  CaptureLead,
  CloseTransaction,
  NewReferee,
  PromiseReferral,
  ReceiveReferral,
  RecordCost,
  RecordFeedback,
  ReferralCommand,
  RejectReward,
  ReviewAlly,
  RevokeReward,
  ThankReferrer,
  UpdateReferrer,
} from './referrals.js'
export { COMMAND_TYPES, MAX_COMMAND_ID, decide, decider, type Command } from './decide.js'
