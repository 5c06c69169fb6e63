/**
 * What `decide` refuses, as values. Every refusal has a `code` to branch on and a
 * `message` to show a person.
 */
import type { DecodeIssue } from '../events/index.js'

/** A refusal by `decide`: the command asks for something the domain forbids. */
export type DomainError =
  | { readonly code: 'unknown-contact'; readonly contactId: string; readonly message: string }
  | { readonly code: 'contact-erased'; readonly contactId: string; readonly message: string }
  | { readonly code: 'contact-exists'; readonly contactId: string; readonly message: string }
  | { readonly code: 'rating-out-of-range'; readonly score: unknown; readonly message: string }
  | { readonly code: 'invalid-command'; readonly issues: readonly DecodeIssue[]; readonly message: string }
  | { readonly code: 'invalid-now'; readonly message: string }
  | { readonly code: 'unknown-command'; readonly commandType: unknown; readonly message: string }
  | { readonly code: 'unknown-plan'; readonly planId: string; readonly message: string }
  | { readonly code: 'unknown-enrollment'; readonly enrollmentId: string; readonly message: string }
  | { readonly code: 'enrollment-exists'; readonly enrollmentId: string; readonly message: string }
  | { readonly code: 'already-enrolled'; readonly planId: string; readonly enrollmentId: string; readonly message: string }
  | { readonly code: 'enrollment-ended'; readonly enrollmentId: string; readonly message: string }
  | { readonly code: 'enrollment-not-active'; readonly enrollmentId: string; readonly message: string }
  | { readonly code: 'enrollment-not-paused'; readonly enrollmentId: string; readonly message: string }
  | { readonly code: 'resume-before-pause'; readonly message: string }
  | { readonly code: 'pause-outside-enrollment'; readonly message: string }
  | { readonly code: 'touch-in-future'; readonly message: string }
  | { readonly code: 'touch-before-enrollment'; readonly message: string }
  | { readonly code: 'reschedule-outside-plan-year'; readonly message: string }
  | { readonly code: 'start-date-out-of-range'; readonly message: string }
  | { readonly code: 'not-the-referee'; readonly referralId: string; readonly contactId: string; readonly message: string }
  | { readonly code: 'empty-feedback'; readonly message: string }
  | { readonly code: 'no-graduation'; readonly planId: string; readonly message: string }
  | { readonly code: 'unknown-touch'; readonly enrollmentId: string; readonly touchKey: string; readonly message: string }
  | { readonly code: 'touch-already-done'; readonly touchKey: string; readonly message: string }
  | { readonly code: 'channel-refused'; readonly contactId: string; readonly channel: string; readonly message: string }
  | { readonly code: 'self-referral'; readonly contactId: string; readonly message: string }
  | { readonly code: 'referral-exists'; readonly referralId: string; readonly message: string }
  | { readonly code: 'unknown-referee'; readonly contactId: string; readonly message: string }
  | { readonly code: 'referee-has-open-referral'; readonly contactId: string; readonly referralId: string; readonly message: string }
  | { readonly code: 'unknown-referral'; readonly referralId: string; readonly message: string }
  | { readonly code: 'not-the-referrer'; readonly referralId: string; readonly contactId: string; readonly message: string }
  | { readonly code: 'stage-not-forward'; readonly id: string; readonly from: string; readonly to: string; readonly message: string }
  | { readonly code: 'referral-closed'; readonly id: string; readonly to: string; readonly message: string }
  | { readonly code: 'referral-lost'; readonly id: string; readonly to: string; readonly message: string }
  | { readonly code: 'lead-is-referred'; readonly contactId: string; readonly referralId: string; readonly message: string }
  | { readonly code: 'transaction-exists'; readonly transactionId: string; readonly message: string }
  | { readonly code: 'not-an-ally'; readonly contactId: string; readonly message: string }
  | { readonly code: 'unknown-reward'; readonly rewardId: string; readonly message: string }
  | { readonly code: 'invalid-reward-transition'; readonly rewardId: string; readonly status: string; readonly message: string }

/** The code of a domain error. */
export type DomainErrorCode = DomainError['code']

/** Builders for each refusal, with a message a person can read. */
export const DomainErrors = {
  unknownContact: (contactId: string): DomainError => ({
    code: 'unknown-contact',
    contactId,
    message: `No contact ${JSON.stringify(contactId)} in the network: add it first.`,
  }),
  contactErased: (contactId: string): DomainError => ({
    code: 'contact-erased',
    contactId,
    message: `Contact ${JSON.stringify(contactId)} was erased (right to be forgotten): nothing more can be recorded about it.`,
  }),
  contactExists: (contactId: string): DomainError => ({
    code: 'contact-exists',
    contactId,
    message: `A contact with id ${JSON.stringify(contactId)} already exists: choose another id.`,
  }),
  ratingOutOfRange: (score: unknown): DomainError => ({
    code: 'rating-out-of-range',
    score,
    message: `A referral-ability rating is an integer from 1 to 5, not ${JSON.stringify(score) ?? String(score)}.`,
  }),
  invalidCommand: (issues: readonly DecodeIssue[]): DomainError => ({
    code: 'invalid-command',
    issues,
    message: `The command is not valid: ${issues
      .slice(0, 5)
      .map((i) => i.message)
      .join('; ')}`,
  }),
  invalidNow: (): DomainError => ({
    code: 'invalid-now',
    message: '`now` must be a valid Date: decide stamps events with it.',
  }),
  unknownCommand: (commandType: unknown): DomainError => ({
    code: 'unknown-command',
    commandType,
    message: `Unknown command type ${JSON.stringify(commandType) ?? String(commandType)}.`,
  }),
  unknownPlan: (planId: string): DomainError => ({
    code: 'unknown-plan',
    planId,
    message: `No plan ${JSON.stringify(planId)}: use a built-in plan id or pass your plans in the decision context.`,
  }),
  unknownEnrollment: (contactId: string, enrollmentId: string): DomainError => ({
    code: 'unknown-enrollment',
    enrollmentId,
    message: `Contact ${JSON.stringify(contactId)} has no enrollment ${JSON.stringify(enrollmentId)}.`,
  }),
  enrollmentExists: (enrollmentId: string): DomainError => ({
    code: 'enrollment-exists',
    enrollmentId,
    message: `An enrollment with id ${JSON.stringify(enrollmentId)} already exists for this contact: choose another id.`,
  }),
  alreadyEnrolled: (planId: string, enrollmentId: string): DomainError => ({
    code: 'already-enrolled',
    planId,
    enrollmentId,
    message: `The contact is already enrolled in ${planId} (${enrollmentId}); cancel or complete it first.`,
  }),
  enrollmentEnded: (enrollmentId: string, status: string): DomainError => ({
    code: 'enrollment-ended',
    enrollmentId,
    message: `Enrollment ${JSON.stringify(enrollmentId)} is ${status}: it takes no more changes.`,
  }),
  enrollmentNotActive: (enrollmentId: string, status: string): DomainError => ({
    code: 'enrollment-not-active',
    enrollmentId,
    message: `Enrollment ${JSON.stringify(enrollmentId)} is ${status}, not active: only an active enrollment can be paused.`,
  }),
  enrollmentNotPaused: (enrollmentId: string, status: string): DomainError => ({
    code: 'enrollment-not-paused',
    enrollmentId,
    message: `Enrollment ${JSON.stringify(enrollmentId)} is ${status}, not paused: only a paused enrollment can be resumed.`,
  }),
  resumeBeforePause: (on: string, from: string): DomainError => ({
    code: 'resume-before-pause',
    message: `Cannot resume on ${on}: the pause began on ${from}.`,
  }),
  pauseOutsideEnrollment: (from: string, why: string): DomainError => ({
    code: 'pause-outside-enrollment',
    message: `Cannot pause from ${from}: ${why}. Pauses start inside the enrollment and never overlap.`,
  }),
  touchInFuture: (on: string, today: string): DomainError => ({
    code: 'touch-in-future',
    message: `A touch made on ${on} is in the future: it is ${today} for the contact.`,
  }),
  touchBeforeEnrollment: (on: string, start: string): DomainError => ({
    code: 'touch-before-enrollment',
    message: `A planned touch cannot be made on ${on}, before its enrollment started (${start}); log it with LogTouch instead.`,
  }),
  rescheduleOutsidePlanYear: (to: string, start: string, end: string): DomainError => ({
    code: 'reschedule-outside-plan-year',
    message: `Cannot move the touch to ${to}: it belongs to the plan year ${start} – ${end}.`,
  }),
  startDateOutOfRange: (startDate: string): DomainError => ({
    code: 'start-date-out-of-range',
    message: `A plan cannot start on ${startDate}: enrollments start between 1900-01-01 and 2150-12-31 (where calendars are exact).`,
  }),
  notTheReferee: (referralId: string, contactId: string): DomainError => ({
    code: 'not-the-referee',
    referralId,
    contactId,
    message: `Referral ${JSON.stringify(referralId)} is not about ${JSON.stringify(contactId)}: a sale closes a referral with its referee.`,
  }),
  emptyFeedback: (): DomainError => ({
    code: 'empty-feedback',
    message: 'Feedback needs at least one measure (nps, csi, performance, benefits, costs or effort).',
  }),
  noGraduation: (planId: string): DomainError => ({
    code: 'no-graduation',
    planId,
    message: `Plan ${JSON.stringify(planId)} graduates to no other plan.`,
  }),
  unknownTouch: (enrollmentId: string, touchKey: string): DomainError => ({
    code: 'unknown-touch',
    enrollmentId,
    touchKey,
    message: `Enrollment ${JSON.stringify(enrollmentId)} has no planned touch ${JSON.stringify(touchKey)}.`,
  }),
  touchAlreadyDone: (touchKey: string): DomainError => ({
    code: 'touch-already-done',
    touchKey,
    message: `Touch ${JSON.stringify(touchKey)} is already done.`,
  }),
  channelRefused: (contactId: string, channel: string): DomainError => ({
    code: 'channel-refused',
    contactId,
    channel,
    message: `Contact ${JSON.stringify(contactId)} refused the ${channel} channel: no touch may be made on it.`,
  }),
  selfReferral: (contactId: string): DomainError => ({
    code: 'self-referral',
    contactId,
    message: `Contact ${JSON.stringify(contactId)} cannot refer itself.`,
  }),
  referralExists: (referralId: string): DomainError => ({
    code: 'referral-exists',
    referralId,
    message: `A referral with id ${JSON.stringify(referralId)} already exists: choose another id.`,
  }),
  unknownReferee: (contactId: string): DomainError => ({
    code: 'unknown-referee',
    contactId,
    message: `No contact ${JSON.stringify(contactId)} to refer: add it first, or give the new referee's profile in \`referee\`.`,
  }),
  refereeHasOpenReferral: (contactId: string, referralId: string): DomainError => ({
    code: 'referee-has-open-referral',
    contactId,
    referralId,
    message: `Contact ${JSON.stringify(contactId)} already has an open referral (${referralId}); a new one is allowed once it is closed or lost.`,
  }),
  unknownReferral: (referralId: string): DomainError => ({
    code: 'unknown-referral',
    referralId,
    message: `No referral ${JSON.stringify(referralId)}.`,
  }),
  notTheReferrer: (referralId: string, contactId: string): DomainError => ({
    code: 'not-the-referrer',
    referralId,
    contactId,
    message: `Referral ${JSON.stringify(referralId)} was not sent by ${JSON.stringify(contactId)}: its events go in the referrer's stream.`,
  }),
  stageNotForward: (id: string, from: string, to: string): DomainError => ({
    code: 'stage-not-forward',
    id,
    from,
    to,
    message: `${id} is at ${from}: it cannot move back or stay at ${to}; stages only move forward.`,
  }),
  referralClosed: (id: string, to: string): DomainError => ({
    code: 'referral-closed',
    id,
    to,
    message: `${id} is closed: no stage (${to}) comes after closed.`,
  }),
  referralLost: (id: string, to: string): DomainError => ({
    code: 'referral-lost',
    id,
    to,
    message: `${id} was lost: it cannot move to ${to}. A new referral of the same person is allowed.`,
  }),
  leadIsReferred: (contactId: string, referralId: string): DomainError => ({
    code: 'lead-is-referred',
    contactId,
    referralId,
    message: `Contact ${JSON.stringify(contactId)} is a referred lead: move its referral (${referralId}) instead.`,
  }),
  transactionExists: (transactionId: string): DomainError => ({
    code: 'transaction-exists',
    transactionId,
    message: `A transaction with id ${JSON.stringify(transactionId)} is already recorded for this contact.`,
  }),
  notAnAlly: (contactId: string): DomainError => ({
    code: 'not-an-ally',
    contactId,
    message: `Contact ${JSON.stringify(contactId)} is not an ally: only allies are reviewed.`,
  }),
  unknownReward: (rewardId: string): DomainError => ({
    code: 'unknown-reward',
    rewardId,
    message: `No reward ${JSON.stringify(rewardId)} in the ledger.`,
  }),
  rewardStatus: (rewardId: string, status: string, command: string): DomainError => ({
    code: 'invalid-reward-transition',
    rewardId,
    status,
    message: `Reward ${JSON.stringify(rewardId)} is ${status}: ${command} does not apply.`,
  }),
} as const
