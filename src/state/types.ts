/**
 * The shape of the folded network: what `foldEvents` makes of a stream.
 *
 * Every value here is immutable: the fold never changes a state it has returned. The
 * big collections (contacts, referrals, rewards) are persistent maps, so one event costs
 * O(log n) and an old state stays valid.
 */
import type { IdIndex } from '../core/id-index.js'
import type { PMap } from '../core/hamt.js'
import type { PVector } from '../core/pvector.js'
import type {
  Address,
  AllyCategory,
  AllyVerdict,
  Channel,
  Circle,
  CostCategory,
  EventType,
  FeedbackMeasures,
  InterestCategory,
  Money,
  PersonalDate,
  PersonalDateKind,
  RewardSide,
  RewardStage,
  RewardValue,
  Role,
  Stage,
  TouchKind,
} from '../events/index.js'

/** A calendar date `YYYY-MM-DD`, as events carry it. */
type CalendarDate = string

/**
 * The personal data of a contact: who they are, how to reach them, their dates, interests
 * and rating. `null` on a contact once erased: all of it goes at once.
 */
export interface ContactProfile {
  readonly name: string
  readonly givenName?: string
  readonly familyName?: string
  readonly company?: string
  readonly emails: readonly string[]
  readonly phones: readonly string[]
  readonly address?: Address
  readonly timeZone?: string
  readonly calendarSet?: string
  readonly locale?: string
  readonly notes?: string
  /** Personal dates (anchors of observance cards), in the order recorded. */
  readonly personalDates: readonly PersonalDateEntry[]
  /** Interests (a favourite team, a hobby) that personalize value-added items. */
  readonly interests: readonly InterestEntry[]
  /** How able the contact is to send good referrals, 1–5 (the user's assessment). */
  readonly rating?: number
}

/** One role a contact took, and when. */
export interface RoleChange {
  readonly role: Role
  readonly at: string
  readonly allyCategory?: AllyCategory
}

/** A recorded personal date (an anchor for observance cards). */
export interface PersonalDateEntry {
  readonly kind: PersonalDateKind
  readonly date: PersonalDate
  readonly label?: string
}

/** A recorded interest. */
export interface InterestEntry {
  readonly category: InterestCategory
  readonly name: string
  readonly seasonStart?: string
}

/** What a contact has consented to: the channels refused (all of them = do not contact). */
export interface ConsentState {
  readonly refused: readonly Channel[]
}

/** The outcome of a planned touch, as recorded by events. Statuses such as "due" are derived elsewhere. */
export type TouchOutcome =
  | { readonly status: 'done'; readonly on: CalendarDate; readonly at: string; readonly kind: TouchKind; readonly channel: Channel }
  | { readonly status: 'skipped'; readonly at: string; readonly reason?: string }

/** A pause of an enrollment; `to` is the resume date once resumed. */
export interface Pause {
  readonly from: CalendarDate
  readonly to?: CalendarDate
}

/** Lifecycle status of an enrollment. */
export type EnrollmentStatus = 'active' | 'paused' | 'cancelled' | 'completed'

/** A contact's enrollment in a plan. */
export interface EnrollmentState {
  readonly enrollmentId: string
  readonly planId: string
  readonly startDate: CalendarDate
  readonly enrolledAt: string
  readonly status: EnrollmentStatus
  readonly pauses: readonly Pause[]
  /** Completed and skipped touches, by touch key. */
  readonly outcomes: ReadonlyMap<string, TouchOutcome>
  /** Touches moved to another date, by touch key. */
  readonly reschedules: ReadonlyMap<string, CalendarDate>
  /** How many times each touch was rescheduled (a calendar feed's SEQUENCE grows with it). */
  readonly rescheduleCounts: ReadonlyMap<string, number>
  readonly endedAt?: string
}

/** A touch that was made (planned and completed, or logged outside any plan). */
export interface TouchRecord {
  readonly kind: TouchKind
  readonly channel: Channel
  readonly on: CalendarDate
  readonly at: string
  readonly enrollmentId?: string
  readonly touchKey?: string
  /** The referral a thank-you or status update was about. */
  readonly referralId?: string
  /** The stage a referral status update reported. */
  readonly stage?: Stage
}

/** A closed sale with a client. */
export interface TransactionRecord {
  readonly transactionId: string
  readonly value: Money
  readonly at: string
  readonly closedOn?: CalendarDate
  readonly referralId?: string
  readonly servedBy: readonly string[]
}

/**
 * The measures of one feedback response. No free text is kept in the state: not the
 * comment, not the names of CSI attributes (their ratings are kept).
 */
export interface FeedbackRecord extends FeedbackMeasures {
  readonly at: string
}

/**
 * Feedback about this contact's service (an ally's clients), without who gave it. Once the
 * ally is erased only `at` remains: ratings of a person are personal data, the count is not.
 */
export type ServiceFeedback = FeedbackRecord

/** An ally review; once the ally is erased only `at` remains (a verdict about a person is personal data). */
export interface AllyReview {
  readonly at: string
  readonly verdict?: AllyVerdict
}

/**
 * A lead's place in the funnel. A referred lead's stages are its referral's (mirrored here);
 * its source and any reason it was lost are the referral's, read through `referralId` — the
 * lead copies no text of the referral, so an erasure of the referrer has nothing to chase.
 */
export interface LeadState {
  /** How the lead heard of the team, as captured (`LeadCaptured`). */
  readonly source?: string
  readonly assignee?: string
  readonly capturedAt: string
  /** Set when the lead came by referral: its stages follow that referral. */
  readonly referralId?: string
  readonly stage: Stage
  readonly stages: Readonly<Partial<Record<Stage, string>>>
  readonly revenue?: Money
  /** Why the lead (not referred) was lost. */
  readonly lostReason?: string
}

/** A contact's place in the referral network: Met or Haven't Met, circle and role. */
export interface NetworkPlace {
  readonly met: boolean
  readonly metAt?: string
  readonly circle?: Circle
  readonly role: Role | null
  readonly allyCategory?: AllyCategory
  /** An ally's own answer to "is it a settlement-service provider?" (RESPA §8), over its category's default. */
  readonly settlementService?: boolean
  readonly roleHistory: readonly RoleChange[]
}

/** A contact's enrollments in plans, and the touches made with it. */
export interface PlansState {
  readonly enrollments: readonly EnrollmentState[]
  /** Touches made (planned and completed, or logged outside any plan), in order. */
  readonly touches: readonly TouchRecord[]
}

/** The referrals a contact sent and received. */
export interface ReferralsState {
  /** Referrals this contact sent (as referrer), in order. */
  readonly given: readonly string[]
  /** Referrals about this contact (as referee), in order. */
  readonly received: readonly string[]
  /** When the contact promised to refer. */
  readonly promisedAt?: string
}

/** A contact as a lead and a customer: its place in the funnel and its closed sales. */
export interface SalesState {
  readonly lead?: LeadState
  readonly transactions: readonly TransactionRecord[]
}

/** The feedback a contact gave, the feedback about its service (an ally's), and its reviews as an ally. */
export interface FeedbackState {
  /** Its latest response about the team's own service (feedback about an ally goes to the ally's `about`). */
  readonly latest?: FeedbackRecord
  /** Responses it gave. */
  readonly count: number
  /** Feedback other contacts gave about this contact's service (an ally's clients). */
  readonly about: readonly ServiceFeedback[]
  readonly allyReviews: readonly AllyReview[]
}

/**
 * Everything the fold knows about one contact, grouped as the fold's parts are: the
 * profile (personal data), its place in the network, consent, plans and touches, referrals,
 * sales, rewards and feedback.
 */
export interface ContactState {
  readonly id: string
  readonly addedAt: string
  readonly erased: boolean
  readonly erasedAt?: string
  /** Events applied to this contact. */
  readonly eventCount: number
  readonly lastEventAt: string
  /** Personal data; `null` once the contact is erased. */
  readonly profile: ContactProfile | null
  readonly network: NetworkPlace
  readonly consent: ConsentState
  readonly plans: PlansState
  readonly referrals: ReferralsState
  readonly sales: SalesState
  /** Rewards this contact received (ids into `NetworkState.rewards`). */
  readonly rewards: readonly string[]
  readonly feedback: FeedbackState
}

/** A referral: in its referrer's stream, about a referee. */
export interface ReferralState {
  readonly referralId: string
  readonly referrerId: string
  readonly refereeId: string
  readonly source?: string
  /** The referrer's note about the referee; removed when either is erased. */
  readonly note?: string
  readonly stage: Stage
  /** When each stage was reached (ISO instants). */
  readonly stages: Readonly<Partial<Record<Stage, string>>>
  readonly revenue?: Money
  readonly lostReason?: string
  readonly rewards: readonly string[]
}

/**
 * Status of a reward in the ledger: `held` until a review approves it (or, for a refund
 * window, until its `dueOn`), `issued`, `approved`, `rejected` by review, `revoked` (refund
 * or clawback).
 */
export type RewardStatus = 'held' | 'issued' | 'approved' | 'rejected' | 'revoked'

/** A reward in the ledger. */
export interface RewardState {
  readonly rewardId: string
  readonly referralId: string
  readonly stage: RewardStage
  readonly ruleId: string
  readonly recipientId: string
  readonly side: RewardSide
  readonly value: RewardValue
  readonly issuedAt: string
  readonly dueOn?: CalendarDate
  /** Why it was held when issued, if it was. */
  readonly hold?: 'review' | 'refund-window'
  readonly status: RewardStatus
  readonly statusAt: string
  /** Why it was rejected or revoked (removed if its referrer or recipient is erased). */
  readonly reason?: string
}

/** A programme cost. */
export interface CostRecord {
  readonly eventId: string
  readonly at: string
  readonly category: CostCategory
  readonly amount: Money
  readonly contactId?: string
}

/** Why the fold set an event aside (or noted it). */
export type AnomalyReason =
  | 'id-conflict'
  | 'malformed-event'
  | 'unknown-contact'
  | 'contact-exists'
  | 'contact-erased'
  | 'unknown-referee'
  | 'self-referral'
  | 'referral-exists'
  | 'referee-has-open-referral'
  | 'unknown-referral'
  | 'not-the-referrer'
  | 'invalid-stage-transition'
  | 'lead-is-referred'
  | 'unknown-enrollment'
  | 'enrollment-exists'
  | 'invalid-enrollment-transition'
  | 'touch-already-done'
  | 'unknown-reward'
  | 'reward-exists'
  | 'invalid-reward-transition'
  | 'transaction-exists'
  | 'backdated'
  | 'contact-merged'
  | 'invalid-merge'

/**
 * An event the fold set aside (`applied: false`) or applied but noted (`applied: true`,
 * e.g. a stage dated before the previous one). Only the id, type and reason are kept —
 * never the payload — so no personal data survives erasure through an anomaly.
 */
export interface Anomaly {
  readonly eventId: string
  /** The event's type; `null` for a value that is not an event at all (`malformed-event`). */
  readonly type: EventType | null
  readonly reason: AnomalyReason
  /** For an `id-conflict`: the type of the event first seen with this id (which stays). */
  readonly conflictsWith?: EventType
  readonly applied: boolean
  /** 0-based position of the event among the events this state has folded. */
  readonly position: number
}

/** The folded state of the whole referral network. */
export interface NetworkState {
  readonly contacts: PMap<ContactState>
  readonly referrals: PMap<ReferralState>
  readonly rewards: PMap<RewardState>
  readonly costs: PVector<CostRecord>
  readonly anomalies: PVector<Anomaly>
  /**
   * Contacts merged into another (`ContactsMerged`): merged id → the id it was merged into.
   * A merged id is no longer in `contacts`; every event and query that names it is resolved
   * to its survivor (`resolveContactId`), following merges of survivors in turn.
   */
  readonly mergedInto: PMap<string>
  /**
   * Every event id folded, with its type and a fingerprint of its content: a redelivery
   * changes nothing, another event reusing an id is an `id-conflict`.
   */
  readonly seen: IdIndex
  /** The event ids whose reuse was noted as an `id-conflict` (each is noted once). */
  readonly conflicts: IdIndex
  /** Every command whose events were folded, with its fingerprint: `decide` tells a retry from a reused command id. */
  readonly commands: IdIndex
  /** Events folded, duplicates excluded. */
  readonly eventCount: number
  readonly lastEventAt?: string
}
