/**
 * What `decide` refuses, as values. Every refusal has a `code` to branch on, the `params`
 * its message is built from, and an English `message`.
 */
import type { DecodeIssue } from '../core/decoding.js'
import { englishList, issuesSummary, type TouchbaseError } from '../core/errors.js'

/** Every code `decide` refuses with. */
export const DOMAIN_ERROR_CODES = [
  'unknown-contact',
  'contact-erased',
  'contact-exists',
  'rating-out-of-range',
  'invalid-command',
  'invalid-now',
  'unknown-command',
  'unknown-plan',
  'unknown-enrollment',
  'enrollment-exists',
  'already-enrolled',
  'enrollment-ended',
  'enrollment-not-active',
  'enrollment-not-paused',
  'resume-before-pause',
  'pause-outside-enrollment',
  'touch-in-future',
  'touch-before-enrollment',
  'reschedule-outside-plan-year',
  'start-date-out-of-range',
  'not-the-referee',
  'empty-feedback',
  'no-graduation',
  'unknown-touch',
  'touch-already-done',
  'channel-refused',
  'self-referral',
  'referral-exists',
  'unknown-referee',
  'referee-has-open-referral',
  'unknown-referral',
  'not-the-referrer',
  'stage-not-forward',
  'referral-closed',
  'referral-lost',
  'lead-is-referred',
  'transaction-exists',
  'not-an-ally',
  'unknown-reward',
  'invalid-reward-transition',
  'command-id-reused',
  'unknown-stage',
  'contact-merged',
  'merge-into-self',
] as const

/** The code of a domain error. */
export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number]

/**
 * A refusal by `decide`: the command asks for something the domain forbids. The shape of
 * every touchbase error (`code`, `params`, an English `message`); an invalid command also
 * lists its `issues`.
 */
export interface DomainError extends TouchbaseError<DomainErrorCode> {
  /** For `invalid-command`: what is wrong with the command, field by field. */
  readonly issues?: readonly DecodeIssue[]
}

/** Builders for each refusal, with a message a person can read. */
export const DomainErrors = {
  unknownContact: (contactId: string): DomainError => ({
    code: 'unknown-contact',
    params: { contactId },
    message: `No contact ${JSON.stringify(contactId)} in the network: add it first.`,
  }),
  contactErased: (contactId: string): DomainError => ({
    code: 'contact-erased',
    params: { contactId },
    message: `Contact ${JSON.stringify(contactId)} was erased (right to be forgotten): nothing more can be recorded about it.`,
  }),
  contactExists: (contactId: string): DomainError => ({
    code: 'contact-exists',
    params: { contactId },
    message: `A contact with id ${JSON.stringify(contactId)} already exists: choose another id.`,
  }),
  ratingOutOfRange: (score: unknown): DomainError => ({
    code: 'rating-out-of-range',
    // A number is a number (Arabic writes it in its digits); anything else is shown as given.
    params: { score: typeof score === 'number' && Number.isFinite(score) ? score : (JSON.stringify(score) ?? String(score)) },
    message: `A referral-ability rating is an integer from 1 to 5, not ${JSON.stringify(score) ?? String(score)}.`,
  }),
  invalidCommand: (issues: readonly DecodeIssue[]): DomainError => ({
    code: 'invalid-command',
    params: { issues: issues.length },
    issues,
    message: `The command is not valid: ${issuesSummary(issues)}`,
  }),
  // One message for every `now` refused (decide's, the agenda's): `formatError` renders by code.
  invalidNow: (): DomainError => ({
    code: 'invalid-now',
    params: {},
    message: '`now` must be a valid Date.',
  }),
  unknownCommand: (commandType: unknown): DomainError => ({
    code: 'unknown-command',
    params: { commandType: JSON.stringify(commandType) ?? String(commandType) },
    message: `Unknown command type ${JSON.stringify(commandType) ?? String(commandType)}.`,
  }),
  unknownPlan: (planId: string): DomainError => ({
    code: 'unknown-plan',
    params: { planId },
    message: `No plan ${JSON.stringify(planId)}: use a built-in plan id or pass your plans in the decision context.`,
  }),
  unknownEnrollment: (contactId: string, enrollmentId: string): DomainError => ({
    code: 'unknown-enrollment',
    params: { contactId, enrollmentId },
    message: `Contact ${JSON.stringify(contactId)} has no enrollment ${JSON.stringify(enrollmentId)}.`,
  }),
  enrollmentExists: (enrollmentId: string): DomainError => ({
    code: 'enrollment-exists',
    params: { enrollmentId },
    message: `An enrollment with id ${JSON.stringify(enrollmentId)} already exists for this contact: choose another id.`,
  }),
  alreadyEnrolled: (planId: string, enrollmentId: string): DomainError => ({
    code: 'already-enrolled',
    params: { planId, enrollmentId },
    message: `The contact is already enrolled in ${planId} (${enrollmentId}); cancel or complete it first.`,
  }),
  enrollmentEnded: (enrollmentId: string, status: string): DomainError => ({
    code: 'enrollment-ended',
    params: { enrollmentId, status },
    message: `Enrollment ${JSON.stringify(enrollmentId)} is ${status}: it takes no more changes.`,
  }),
  enrollmentNotActive: (enrollmentId: string, status: string): DomainError => ({
    code: 'enrollment-not-active',
    params: { enrollmentId, status },
    message: `Enrollment ${JSON.stringify(enrollmentId)} is ${status}, not active: only an active enrollment can be paused.`,
  }),
  enrollmentNotPaused: (enrollmentId: string, status: string): DomainError => ({
    code: 'enrollment-not-paused',
    params: { enrollmentId, status },
    message: `Enrollment ${JSON.stringify(enrollmentId)} is ${status}, not paused: only a paused enrollment can be resumed.`,
  }),
  resumeBeforePause: (on: string, pausedFrom: string): DomainError => ({
    code: 'resume-before-pause',
    params: { on, pausedFrom },
    message: `Cannot resume on ${on}: the pause began on ${pausedFrom}.`,
  }),
  /** `earliest`: the enrollment's start date, or the day the last pause ended. */
  pauseOutsideEnrollment: (from: string, earliest: string): DomainError => ({
    code: 'pause-outside-enrollment',
    params: { from, earliest },
    message: `Cannot pause from ${from}: the earliest a pause may start is ${earliest}. Pauses start inside the enrollment and never overlap.`,
  }),
  touchInFuture: (on: string, today: string): DomainError => ({
    code: 'touch-in-future',
    params: { on, today },
    message: `A touch made on ${on} is in the future: it is ${today} for the contact.`,
  }),
  touchBeforeEnrollment: (on: string, startDate: string): DomainError => ({
    code: 'touch-before-enrollment',
    params: { on, startDate },
    message: `A planned touch cannot be made on ${on}, before its enrollment started (${startDate}); log it with LogTouch instead.`,
  }),
  rescheduleOutsidePlanYear: (to: string, planYearStart: string, planYearEnd: string): DomainError => ({
    code: 'reschedule-outside-plan-year',
    params: { to, planYearStart, planYearEnd },
    message: `Cannot move the touch to ${to}: it belongs to the plan year ${planYearStart} – ${planYearEnd}.`,
  }),
  startDateOutOfRange: (startDate: string): DomainError => ({
    code: 'start-date-out-of-range',
    params: { startDate },
    message: `A plan cannot start on ${startDate}: enrollments start between 1900-01-01 and 2150-12-31 (where calendars are exact).`,
  }),
  notTheReferee: (referralId: string, contactId: string): DomainError => ({
    code: 'not-the-referee',
    params: { referralId, contactId },
    message: `Referral ${JSON.stringify(referralId)} is not about ${JSON.stringify(contactId)}: a sale closes a referral with its referee.`,
  }),
  emptyFeedback: (): DomainError => ({
    code: 'empty-feedback',
    params: {},
    message: 'Feedback needs at least one measure (nps, csi, performance, benefits, costs or effort).',
  }),
  noGraduation: (planId: string): DomainError => ({
    code: 'no-graduation',
    params: { planId },
    message: `Plan ${JSON.stringify(planId)} graduates to no other plan.`,
  }),
  unknownTouch: (enrollmentId: string, touchKey: string): DomainError => ({
    code: 'unknown-touch',
    params: { enrollmentId, touchKey },
    message: `Enrollment ${JSON.stringify(enrollmentId)} has no planned touch ${JSON.stringify(touchKey)}.`,
  }),
  touchAlreadyDone: (touchKey: string): DomainError => ({
    code: 'touch-already-done',
    params: { touchKey },
    message: `Touch ${JSON.stringify(touchKey)} is already done.`,
  }),
  channelRefused: (contactId: string, channel: string): DomainError => ({
    code: 'channel-refused',
    params: { contactId, channel },
    message: `Contact ${JSON.stringify(contactId)} refused the ${channel} channel: no touch may be made on it.`,
  }),
  selfReferral: (contactId: string): DomainError => ({
    code: 'self-referral',
    params: { contactId },
    message: `Contact ${JSON.stringify(contactId)} cannot refer itself.`,
  }),
  referralExists: (referralId: string): DomainError => ({
    code: 'referral-exists',
    params: { referralId },
    message: `A referral with id ${JSON.stringify(referralId)} already exists: choose another id.`,
  }),
  unknownReferee: (contactId: string): DomainError => ({
    code: 'unknown-referee',
    params: { contactId },
    message: `No contact ${JSON.stringify(contactId)} to refer: add it first, or give the new referee's profile in \`referee\`.`,
  }),
  refereeHasOpenReferral: (contactId: string, referralId: string): DomainError => ({
    code: 'referee-has-open-referral',
    params: { contactId, referralId },
    message: `Contact ${JSON.stringify(contactId)} already has an open referral (${referralId}); a new one is allowed once it is closed or lost.`,
  }),
  unknownReferral: (referralId: string): DomainError => ({
    code: 'unknown-referral',
    params: { referralId },
    message: `No referral ${JSON.stringify(referralId)}.`,
  }),
  notTheReferrer: (referralId: string, contactId: string): DomainError => ({
    code: 'not-the-referrer',
    params: { referralId, contactId },
    message: `Referral ${JSON.stringify(referralId)} was not sent by ${JSON.stringify(contactId)}: its events go in the referrer's stream.`,
  }),
  stageNotForward: (id: string, from: string, to: string): DomainError => ({
    code: 'stage-not-forward',
    params: { id, from, to },
    message: `${id} is at ${from}: it cannot move back or stay at ${to}; stages only move forward.`,
  }),
  referralClosed: (id: string, to: string): DomainError => ({
    code: 'referral-closed',
    params: { id, to },
    message: `${id} is closed: no stage (${to}) comes after closed.`,
  }),
  referralLost: (id: string, to: string): DomainError => ({
    code: 'referral-lost',
    params: { id, to },
    message: `${id} was lost: it cannot move to ${to}. A new referral of the same person is allowed.`,
  }),
  leadIsReferred: (contactId: string, referralId: string): DomainError => ({
    code: 'lead-is-referred',
    params: { contactId, referralId },
    message: `Contact ${JSON.stringify(contactId)} is a referred lead: move its referral (${referralId}) instead.`,
  }),
  transactionExists: (transactionId: string): DomainError => ({
    code: 'transaction-exists',
    params: { transactionId },
    message: `A transaction with id ${JSON.stringify(transactionId)} is already recorded for this contact.`,
  }),
  notAnAlly: (contactId: string): DomainError => ({
    code: 'not-an-ally',
    params: { contactId },
    message: `Contact ${JSON.stringify(contactId)} is not an ally: only allies are reviewed.`,
  }),
  unknownReward: (rewardId: string): DomainError => ({
    code: 'unknown-reward',
    params: { rewardId },
    message: `No reward ${JSON.stringify(rewardId)} in the ledger.`,
  }),
  rewardStatus: (rewardId: string, status: string, command: string, from: readonly string[]): DomainError => ({
    code: 'invalid-reward-transition',
    params: { rewardId, status, command, from },
    message: `Reward ${JSON.stringify(rewardId)} is ${status}: ${command} applies to a reward that is ${englishList(from, 'or')}.`,
  }),
  commandIdReused: (commandId: string): DomainError => ({
    code: 'command-id-reused',
    params: { commandId },
    message: `Command id ${JSON.stringify(commandId)} was already used by another command: give each command its own id (a retry of the same command is accepted).`,
  }),
  unknownStage: (stage: unknown): DomainError => ({
    code: 'unknown-stage',
    params: { stage: JSON.stringify(stage) ?? String(stage) },
    message: `Unknown stage ${JSON.stringify(stage) ?? String(stage)}: a stage is one of received, contacted, appointment, under-contract, closed, lost.`,
  }),
  contactMerged: (contactId: string, survivorId: string): DomainError => ({
    code: 'contact-merged',
    params: { contactId, survivorId },
    message: `Contact ${JSON.stringify(contactId)} was merged into ${JSON.stringify(survivorId)}: record it on ${JSON.stringify(survivorId)}.`,
  }),
  mergeIntoSelf: (contactId: string): DomainError => ({
    code: 'merge-into-self',
    params: { contactId },
    message: `A contact cannot be merged into itself (${JSON.stringify(contactId)}): name two contacts.`,
  }),
} as const
