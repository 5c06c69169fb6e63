/**
 * What the network accepts, as plain rules over plain inputs. The fold (which sets aside
 * what breaks them, as anomalies), `decide` (which refuses the command), `rewardsFor` and
 * the KPI aggregate all ask these functions, so they can never disagree.
 */
import type { EventType } from '../events/catalogue.js'

/**
 * Event types an erased contact's stream still takes: a referral it sent goes on (its
 * stages, its rewards), and costs name no one. Anything else about an erased contact is
 * refused — nothing new may be recorded about a person who asked to be forgotten.
 */
const AFTER_ERASURE: ReadonlySet<EventType> = new Set<EventType>([
  'ReferralStageChanged',
  'RewardIssued',
  'RewardApproved',
  'RewardRejected',
  'RewardRevoked',
  'CostRecorded',
])

/** Whether an event of this type may follow its contact's erasure. */
export const acceptedAfterErasure = (type: EventType): boolean => AFTER_ERASURE.has(type)

/**
 * Event types that need no existing contact: a contact's first event, programme events that
 * may name none, and a merge — written to both contacts' streams, it checks both itself (a
 * stream read alone knows only one of the two).
 */
const CONTACT_OPTIONAL: ReadonlySet<EventType> = new Set<EventType>([
  'ContactAdded',
  'ContactsMerged',
  'RewardIssued',
  'RewardApproved',
  'RewardRejected',
  'RewardRevoked',
  'CostRecorded',
])

/** Whether an event of this type needs its `contactId` to name a contact already added. */
export const needsContact = (type: EventType): boolean => !CONTACT_OPTIONAL.has(type)

/** Why a referral cannot be received. */
export type ReferralRefusal = 'self-referral' | 'referral-exists' | 'unknown-referee' | 'contact-erased' | 'referee-has-open-referral'

/** What deciding whether a referral may be received needs to know. */
export interface ReferralCandidate {
  readonly referrerId: string
  readonly refereeId: string
  /** Whether a referral with this id is already in the network. */
  readonly referralIdTaken: boolean
  /** The referee, if it is a contact. */
  readonly referee?: {
    readonly erased: boolean
    /** The referral the referee is the subject of and that is not closed or lost, if any. */
    readonly openReferralId?: string | undefined
  }
}

/**
 * Why a referral may not be received, or `undefined` when it may: no self-referral, one
 * referral per id, the referee must be a contact that is not erased, and a referee with an
 * open referral cannot be referred again (by anyone) until it is closed or lost.
 */
export const referralRefusal = (r: ReferralCandidate): ReferralRefusal | undefined => {
  if (r.refereeId === r.referrerId) return 'self-referral'
  if (r.referralIdTaken) return 'referral-exists'
  if (r.referee === undefined) return 'unknown-referee'
  if (r.referee.erased) return 'contact-erased'
  if (r.referee.openReferralId !== undefined) return 'referee-has-open-referral'
  return undefined
}

/** A reward's status in the ledger. */
export type RewardStatusName = 'held' | 'issued' | 'approved' | 'rejected' | 'revoked'

/** The moves of a reward's review: approve, reject, revoke. */
export type RewardMove = 'approve' | 'reject' | 'revoke'

const REWARD_MOVES: Readonly<Record<RewardMove, readonly RewardStatusName[]>> = {
  // Approving a held reward pays it; approving an issued one confirms it.
  approve: ['held', 'issued'],
  reject: ['held', 'issued'],
  // A paid reward can still be taken back (refund window, clawback).
  revoke: ['held', 'issued', 'approved'],
}

/** Whether a reward in `status` may be moved by `move`. */
export const rewardMoveAllowed = (status: RewardStatusName, move: RewardMove): boolean => REWARD_MOVES[move].includes(status)

/** The statuses a reward may be in for `move`. */
export const rewardMoveFrom = (move: RewardMove): readonly RewardStatusName[] => REWARD_MOVES[move]

/**
 * When a contact became a customer, or `undefined`: its first closed sale, or the close of
 * its lead — a referred lead's stages are its referral's, so a referee whose referral closed
 * is a customer from the close. The one definition every KPI that counts customers uses.
 *
 * @example customerSince({ saleTimes: [], leadClosedAt: 1_700_000_000_000 }) // 1_700_000_000_000
 */
export const customerSince = (c: { readonly saleTimes: Iterable<number>; readonly leadClosedAt?: number | undefined }): number | undefined => {
  let first = c.leadClosedAt ?? Number.POSITIVE_INFINITY
  for (const t of c.saleTimes) if (t < first) first = t
  return Number.isFinite(first) ? first : undefined
}

/** An enrollment's lifecycle, as the rules need it. */
export interface EnrollmentLifecycle {
  readonly status: 'active' | 'paused' | 'cancelled' | 'completed'
  readonly startDate: string
  readonly pauses: ReadonlyArray<{ readonly from: string; readonly to?: string }>
}

/** Whether an enrollment has ended (cancelled or completed): it takes no more changes. */
export const enrollmentEnded = (x: EnrollmentLifecycle): boolean => x.status === 'cancelled' || x.status === 'completed'

/** Why an enrollment may not pause from a date. */
export type PauseRefusal = 'not-active' | 'before-start' | 'before-last-resume'

/**
 * Why an enrollment may not pause from `from`, or `undefined`: only an active enrollment
 * pauses, from a date inside it and after its last pause ended, so pauses never overlap.
 */
export const pauseRefusal = (x: EnrollmentLifecycle, from: string): PauseRefusal | undefined => {
  if (x.status !== 'active') return 'not-active'
  if (from < x.startDate) return 'before-start'
  const lastResume = x.pauses[x.pauses.length - 1]?.to
  if (lastResume !== undefined && from < lastResume) return 'before-last-resume'
  return undefined
}

/** Why an enrollment may not resume on a date. */
export type ResumeRefusal = 'not-paused' | 'before-pause'

/** Why an enrollment may not resume on `on`, or `undefined`: only a paused one, not before its pause began. */
export const resumeRefusal = (x: EnrollmentLifecycle, on: string): ResumeRefusal | undefined => {
  const open = x.pauses[x.pauses.length - 1]
  if (x.status !== 'paused' || open === undefined) return 'not-paused'
  if (on < open.from) return 'before-pause'
  return undefined
}
