/**
 * The event catalogue: one io-ts codec per relationship event, and their union.
 *
 * Every event has the envelope `id` (the idempotency key), `type`, `at` (an ISO-8601
 * instant: business time), `schema` (its version), an optional `actor` (the team member who
 * did it) and — except for programme-wide events — the `contactId` whose stream it belongs
 * to. A referral's events belong to the **referrer**.
 */
import * as t from 'io-ts'
import {
  CalendarDateC,
  CountryC,
  EmailC,
  Flag,
  Id,
  InstantC,
  LocaleC,
  MoneyC,
  MonthDayC,
  Note,
  PersonalDateC,
  PhoneC,
  PositiveInt,
  ShortText,
  Term,
  TimeZoneC,
  arrayOf,
  intRange,
  nonEmptyArray,
  numberRange,
  oneOf,
  personal,
} from '../core/codecs.js'
import { tagged } from '../core/tagged.js'
import {
  ALLY_CATEGORIES,
  ALLY_VERDICTS,
  CHANNELS,
  CIRCLES,
  COST_CATEGORIES,
  GIFT_TIERS,
  INTEREST_CATEGORIES,
  PERSONAL_DATE_KINDS,
  REWARD_SIDES,
  REWARD_STAGES,
  ROLES,
  STAGES,
  TOUCH_KINDS,
} from './vocabulary.js'

/** A codec that also accepts `null` (in updates, `null` clears a field); `inner` is the codec it wraps. */
const nullable = <C extends t.Mixed>(codec: C): t.Type<t.TypeOf<C> | null, t.OutputOf<C> | null, unknown> & { readonly inner: C } =>
  Object.assign(
    new t.Type<t.TypeOf<C> | null, t.OutputOf<C> | null, unknown>(
      `${codec.name}, or null to clear it`,
      (u): u is t.TypeOf<C> | null => u === null || codec.is(u),
      (u, c) => (u === null ? t.success(null) : codec.validate(u, c)),
      (a) => (a === null ? null : codec.encode(a)),
    ),
    { inner: codec },
  )

const ChannelC = oneOf(CHANNELS)
const TouchKindC = oneOf(TOUCH_KINDS)
const CircleC = oneOf(CIRCLES)

/** A postal address; `postalCode` drives location bonuses. Its lines, locality, region and postal code are personal data. */
export const AddressC = t.exact(
  t.partial({
    lines: arrayOf(ShortText, 'a list of address lines', 10),
    locality: ShortText,
    region: ShortText,
    postalCode: ShortText,
    country: CountryC,
  }),
  'an address { lines?, locality?, region?, postalCode?, country? }',
)
/** A postal address. */
export type Address = t.TypeOf<typeof AddressC>

/** The envelope every event has. */
const envelope = { id: Id, at: InstantC, schema: PositiveInt }
/**
 * The envelope's optional fields: the team member who acted; the fingerprint of the command
 * that wrote the event (so a reused command id is told from a retry); and `redacted`, set
 * when erasure removed the event's personal fields (which a redacted event may then lack).
 */
const envelopeOptional = { actor: Id, commandHash: Id, redacted: t.literal(true) }

/**
 * An event codec whose `redactable` fields are personal data that a live event must carry
 * and a redacted one has lost: present unless `redacted` is true. `base` and `redactable`
 * stay reachable for tools that walk the catalogue (erasure, docs, the marker test).
 */
export interface EventCodec<A, Q extends t.Props> extends t.Type<A, unknown, unknown> {
  readonly base: t.Mixed
  readonly redactable: Q
}

const presentUnlessRedacted = <C extends t.Mixed, Q extends t.Props>(base: C, redactable: Q, name: string): EventCodec<t.TypeOf<C>, Q> => {
  const keys = Object.keys(redactable)
  const codec = new t.Type<t.TypeOf<C>, unknown, unknown>(
    name,
    (u): u is t.TypeOf<C> =>
      base.is(u) && ((u as { redacted?: unknown }).redacted === true || keys.every((k) => (u as Record<string, unknown>)[k] !== undefined)),
    (u, c) => {
      const r = base.validate(u, c)
      if (keys.length === 0 || r._tag === 'Left') return r
      const v = r.right as Record<string, unknown>
      if (v['redacted'] === true) return r
      const missing = keys.filter((k) => v[k] === undefined)
      if (missing.length === 0) return r
      return t.failures(missing.map((k): t.ValidationError => ({ value: undefined, context: [...c, { key: k, type: redactable[k] as t.Decoder<unknown, unknown>, actual: undefined }] })))
    },
    (a) => base.encode(a),
  )
  return Object.assign(codec, { base, redactable })
}

/** Builds the codec of an event of a contact's stream: the envelope plus the payload. */
const contactEvent = <T extends string, R extends t.Props, P extends t.Props, Q extends t.Props = {}>(
  type: T,
  required: R,
  optional: P,
  redactable: Q = {} as Q,
) =>
  presentUnlessRedacted(
    t.exact(
      t.intersection([
        t.type({ ...envelope, type: t.literal(type), contactId: Id, ...required }),
        t.partial({ ...envelopeOptional, ...optional, ...redactable }),
      ]),
      type,
    ),
    redactable,
    type,
  )

/** Builds the codec of a programme-wide event, which may name no contact (costs, team rewards). */
const programmeEvent = <T extends string, R extends t.Props, P extends t.Props, Q extends t.Props = {}>(
  type: T,
  required: R,
  optional: P,
  redactable: Q = {} as Q,
) =>
  presentUnlessRedacted(
    t.exact(
      t.intersection([
        t.type({ ...envelope, type: t.literal(type), ...required }),
        t.partial({ contactId: Id, ...envelopeOptional, ...optional, ...redactable }),
      ]),
      type,
    ),
    redactable,
    type,
  )

const profileOptional = {
  givenName: ShortText,
  familyName: ShortText,
  company: ShortText,
  emails: arrayOf(EmailC, 'a list of e-mail addresses', 20),
  phones: arrayOf(PhoneC, 'a list of phone numbers', 20),
  address: AddressC,
  timeZone: TimeZoneC,
  calendarSet: Id,
  locale: LocaleC,
  circle: CircleC,
  notes: Note,
}

/** A contact enters the database (Met or Haven't Met). */
export const ContactAddedC = contactEvent('ContactAdded', { met: Flag }, profileOptional, { name: ShortText })

/** Profile fields change; a field set to `null` is cleared, an absent one is kept. */
export const ContactUpdatedC = contactEvent('ContactUpdated', {}, {
  name: ShortText,
  givenName: nullable(ShortText),
  familyName: nullable(ShortText),
  company: nullable(ShortText),
  emails: arrayOf(EmailC, 'a list of e-mail addresses', 20),
  phones: arrayOf(PhoneC, 'a list of phone numbers', 20),
  address: nullable(AddressC),
  timeZone: nullable(TimeZoneC),
  calendarSet: nullable(Id),
  locale: nullable(LocaleC),
  circle: nullable(CircleC),
  notes: nullable(Note),
})

/** A Haven't Met contact is now met in person: it moves to the Met database. */
export const ContactMetC = contactEvent('ContactMet', {}, { note: Note })

const roleChange = <R extends (typeof ROLES)[number]>(role: R) =>
  contactEvent('ContactRoleChanged', { role: t.literal(role) }, {})

/** The contact takes a role in the referral network; an ally names its category. */
export const ContactRoleChangedC = tagged(
  'role',
  {
    lead: roleChange('lead'),
    client: roleChange('client'),
    advocate: roleChange('advocate'),
    core: roleChange('core'),
    ally: contactEvent('ContactRoleChanged', { role: t.literal('ally'), allyCategory: oneOf(ALLY_CATEGORIES) },
      // Overrides the category's default for settlement-service rules (RESPA §8).
      { settlementService: Flag },
    ),
  },
  'ContactRoleChanged',
)

/** The user rates how able the contact is to send good referrals (1–5). */
export const ContactRatedC = contactEvent('ContactRated', {}, {}, { score: personal(intRange(1, 5)) })

/** A personal date (birthday, anniversary…) is recorded or replaced; `label` tells two customs or two graduations apart. */
export const PersonalDateRecordedC = contactEvent('PersonalDateRecorded', { kind: oneOf(PERSONAL_DATE_KINDS) },
  { label: ShortText },
  { date: PersonalDateC },
)

/** A personal date is removed. */
export const PersonalDateRemovedC = contactEvent('PersonalDateRemoved', { kind: oneOf(PERSONAL_DATE_KINDS) },
  { label: ShortText },
)

/** An interest (a favourite team, a hobby) is recorded; a team may give its season's start. */
export const InterestRecordedC = contactEvent('InterestRecorded', { category: oneOf(INTEREST_CATEGORIES) },
  { seasonStart: MonthDayC },
  { name: ShortText },
)

/** An interest is removed. */
export const InterestRemovedC = contactEvent('InterestRemoved', { category: oneOf(INTEREST_CATEGORIES) }, {}, { name: ShortText })

/** Consent changes on one channel or on all: `doNotContact: true` refuses it. */
export const ConsentChangedC = contactEvent('ConsentChanged', { channel: oneOf([...CHANNELS, 'all'] as const), doNotContact: Flag },
  {},
)

/** The contact exercises the right to be forgotten: personal data leaves every projection. */
export const ContactErasedC = contactEvent('ContactErased', {}, {})

/** The contact is enrolled in a plan from a start date (the first day of plan year 0). */
export const PlanEnrolledC = contactEvent('PlanEnrolled', { enrollmentId: Id, planId: Id, startDate: CalendarDateC },
  {},
)

/** An enrollment pauses from a date. */
export const PlanPausedC = contactEvent('PlanPaused', { enrollmentId: Id, from: CalendarDateC }, {})

/** A paused enrollment resumes on a date; what remains shifts forward, nothing is dropped. */
export const PlanResumedC = contactEvent('PlanResumed', { enrollmentId: Id, on: CalendarDateC }, {})

/** An enrollment is cancelled. */
export const PlanCancelledC = contactEvent('PlanCancelled', { enrollmentId: Id }, { reason: ShortText })

/** An enrollment is completed (e.g. an 8x8 that graduated). */
export const PlanCompletedC = contactEvent('PlanCompleted', { enrollmentId: Id }, {})

/** A planned touch was made, on a local date; kind and channel are recorded as made. */
export const TouchCompletedC = contactEvent('TouchCompleted', { enrollmentId: Id, touchKey: Id, kind: TouchKindC, channel: ChannelC, on: CalendarDateC },
  { note: Note },
)

/** A planned touch is skipped, with the reason. */
export const TouchSkippedC = contactEvent('TouchSkipped', { enrollmentId: Id, touchKey: Id }, {}, { reason: ShortText })

/** A planned touch moves to another date. */
export const TouchRescheduledC = contactEvent('TouchRescheduled', { enrollmentId: Id, touchKey: Id, to: CalendarDateC },
  {},
)

/**
 * A touch made outside any plan; it counts and resets cadences like a planned one. A
 * referral thank-you or status update names its referral (and, for an update, the stage).
 */
export const TouchLoggedC = contactEvent('TouchLogged', { kind: TouchKindC, channel: ChannelC, on: CalendarDateC },
  { note: Note, referralId: Id, stage: oneOf(STAGES) },
)

/** The contact (the referrer) sends a referral about a referee, who is a contact too. */
export const ReferralReceivedC = contactEvent('ReferralReceived', { referralId: Id, refereeId: Id },
  { source: ShortText, note: Note },
)

const referralStage = <S extends string, R extends t.Props, Q extends t.Props = {}>(stage: S, extra: R, redactable: Q = {} as Q) =>
  contactEvent('ReferralStageChanged', { referralId: Id, stage: t.literal(stage), ...extra }, {}, redactable)

/** A referral moves on: contacted, appointment, under contract, closed (revenue) or lost (reason). */
export const ReferralStageChangedC = tagged(
  'stage',
  {
    contacted: referralStage('contacted', {}),
    appointment: referralStage('appointment', {}),
    'under-contract': referralStage('under-contract', {}),
    closed: referralStage('closed', { revenue: MoneyC }),
    lost: referralStage('lost', {}, { reason: ShortText }),
  },
  'ReferralStageChanged',
)

/** The contact promised to refer (grade A; suggests the advocate role). */
export const ReferralPromisedC = contactEvent('ReferralPromised', {}, { note: Note })

const rewardValueMembers = {
  money: t.exact(t.type({ kind: t.literal('money'), amount: MoneyC })),
  percent: t.exact(
    t.intersection([
      t.type({ kind: t.literal('percent'), basisPoints: intRange(1, 10_000), of: Term }),
      t.partial({ recurring: Flag }),
    ]),
  ),
  points: t.exact(t.type({ kind: t.literal('points'), points: PositiveInt })),
  quota: t.exact(t.type({ kind: t.literal('quota'), amount: PositiveInt, unit: Term })),
  gift: t.exact(
    t.intersection([
      t.type({ kind: t.literal('gift'), tier: oneOf(GIFT_TIERS) }),
      t.partial({ description: ShortText, value: MoneyC }),
    ]),
  ),
}

/** What a reward is worth: money, a percentage (basis points) of something, points, a quota or a gift. */
export const RewardValueC = tagged('kind', rewardValueMembers, 'a reward value (money | percent | points | quota | gift)')
/** What a reward is worth. */
export type RewardValue = t.TypeOf<typeof RewardValueC>

/** A reward is issued for a referral at a stage, by a policy rule, to a recipient. */
export const RewardIssuedC = programmeEvent('RewardIssued', {
    rewardId: Id,
    referralId: Id,
    stage: oneOf(REWARD_STAGES),
    ruleId: Id,
    recipientId: Id,
    side: oneOf(REWARD_SIDES),
    value: RewardValueC,
  },
  {
    dueOn: CalendarDateC,
    // Why the reward is held, if it is: a review (suspicious referral) or a refund window.
    hold: oneOf(['review', 'refund-window'] as const),
  },
)

/** A reward held for review is approved (or an issued one confirmed). */
export const RewardApprovedC = programmeEvent('RewardApproved', { rewardId: Id }, {})

/** A reward held for review is rejected: it will not be paid. */
export const RewardRejectedC = programmeEvent('RewardRejected', { rewardId: Id }, {}, { reason: ShortText })

/** An issued reward is taken back (refund window, clawback). */
export const RewardRevokedC = programmeEvent('RewardRevoked', { rewardId: Id }, {}, { reason: ShortText })

/** A lead enters the funnel, with how they heard of the team. */
export const LeadCapturedC = contactEvent('LeadCaptured', {}, { note: Note }, { source: ShortText })

/** A lead is assigned to one team member (reassignment is another such event). */
export const LeadAssignedC = contactEvent('LeadAssigned', { assignee: Id }, {})

const leadStage = <S extends string, R extends t.Props, Q extends t.Props = {}>(stage: S, extra: R, redactable: Q = {} as Q) =>
  contactEvent('LeadStageChanged', { stage: t.literal(stage), ...extra }, {}, redactable)

/** A lead that did not come by referral moves through the same stages. */
export const LeadStageChangedC = tagged(
  'stage',
  {
    contacted: leadStage('contacted', {}),
    appointment: leadStage('appointment', {}),
    'under-contract': leadStage('under-contract', {}),
    closed: leadStage('closed', { revenue: MoneyC }),
    lost: leadStage('lost', {}, { reason: ShortText }),
  },
  'LeadStageChanged',
)

/** A sale closes with a client; `servedBy` earns team points, `referralId` ties it to a referral. */
export const TransactionClosedC = contactEvent('TransactionClosed', { transactionId: Id, value: MoneyC, servedBy: arrayOf(Id, 'a list of team member ids') },
  { referralId: Id, closedOn: CalendarDateC },
)

/** A cost of the programme (gifts, rewards, events, mailings, advertising). */
export const CostRecordedC = programmeEvent('CostRecorded', { category: oneOf(COST_CATEGORIES), amount: MoneyC },
  { note: Note },
)

// The attribute's name is free text (personal data): optional, so that erasure can remove it
// and keep the ratings, which the CSI is computed from.
const CsiAttributeC = t.exact(
  t.intersection([t.type({ satisfaction: intRange(1, 10), importance: intRange(1, 10) }), t.partial({ attribute: ShortText })]),
  'a CSI attribute { attribute?, satisfaction 1–10, importance 1–10 }',
)

/** A customer satisfaction index: a 0–100 score, or attributes rated for satisfaction and importance. */
export const CsiC = tagged(
  'method',
  {
    score: t.exact(t.type({ method: t.literal('score'), score: numberRange(0, 100) })),
    attributes: t.exact(
      t.type({
        method: t.literal('attributes'),
        attributes: nonEmptyArray(CsiAttributeC, 'a list of CSI attributes', 20),
      }),
    ),
  },
  'a CSI { method: score | attributes }',
)
/** A customer satisfaction index response. */
export type Csi = t.TypeOf<typeof CsiC>

/**
 * A measure of feedback. About the team's own service it is no one's personal data (counts
 * survive the responder's erasure); about an ally's service (`aboutContactId`) it is a rating
 * of that ally, erased with the ally.
 */
const aboutRating = <C extends t.Mixed>(codec: C): t.Type<t.TypeOf<C>, t.OutputOf<C>, unknown> & { readonly personalTo: 'aboutContactId'; readonly inner: C } =>
  Object.assign(new t.Type<t.TypeOf<C>, t.OutputOf<C>, unknown>(codec.name, codec.is, codec.validate, codec.encode), {
    personalTo: 'aboutContactId' as const,
    inner: codec,
  })

/**
 * Feedback from a contact: NPS (0–10), CSI, perceived vs expected performance, perceived
 * benefits and costs, and the effort of referring (all 0–10). `aboutContactId` names an ally
 * whose service the feedback is about.
 */
export const FeedbackRecordedC = contactEvent('FeedbackRecorded', {}, {
  nps: aboutRating(intRange(0, 10)),
  csi: aboutRating(CsiC),
  perceivedPerformance: aboutRating(numberRange(0, 10)),
  expectedPerformance: aboutRating(numberRange(0, 10)),
  perceivedBenefits: aboutRating(numberRange(0, 10)),
  perceivedCosts: aboutRating(numberRange(0, 10)),
  referralEffort: aboutRating(numberRange(0, 10)),
  aboutContactId: Id,
  comment: Note,
})

/** The measures a feedback response may carry: every one optional, the free comment aside. */
export interface FeedbackMeasures {
  readonly nps?: number
  readonly csi?: Csi
  readonly perceivedPerformance?: number
  readonly expectedPerformance?: number
  readonly perceivedBenefits?: number
  readonly perceivedCosts?: number
  readonly referralEffort?: number
  /** The ally whose service the response is about. */
  readonly aboutContactId?: string
}

/**
 * The measures of a `FeedbackRecorded` event, without its free text: no comment, and CSI
 * attributes without their names (the ratings are what the CSI is computed from).
 * @example feedbackMeasures(event) // { nps: 9, perceivedPerformance: 8 }
 */
export const feedbackMeasures = (e: t.TypeOf<typeof FeedbackRecordedC>): FeedbackMeasures => {
  const m: { -readonly [K in keyof FeedbackMeasures]: FeedbackMeasures[K] } = {}
  if (e.nps !== undefined) m.nps = e.nps
  if (e.csi !== undefined) {
    m.csi =
      e.csi.method === 'score'
        ? { method: 'score', score: e.csi.score }
        : { method: 'attributes', attributes: e.csi.attributes.map((a) => ({ satisfaction: a.satisfaction, importance: a.importance })) }
  }
  if (e.perceivedPerformance !== undefined) m.perceivedPerformance = e.perceivedPerformance
  if (e.expectedPerformance !== undefined) m.expectedPerformance = e.expectedPerformance
  if (e.perceivedBenefits !== undefined) m.perceivedBenefits = e.perceivedBenefits
  if (e.perceivedCosts !== undefined) m.perceivedCosts = e.perceivedCosts
  if (e.referralEffort !== undefined) m.referralEffort = e.referralEffort
  if (e.aboutContactId !== undefined) m.aboutContactId = e.aboutContactId
  return m
}

/** An ally's referral exchange and service were reviewed. */
export const AllyReviewedC = contactEvent('AllyReviewed', {}, { note: Note }, { verdict: personal(oneOf(ALLY_VERDICTS)) })

/**
 * Two contacts were found to be one person: `mergedId` is merged into `survivorId`. Written
 * to both streams (`contactId` is the stream's contact, one of the two), so each stream — and
 * each partition of the KPIs — knows of the merge. From then on the merged id resolves to the
 * survivor; a merge is permanent.
 */
export const ContactsMergedC = contactEvent('ContactsMerged', { survivorId: Id, mergedId: Id }, {})

/** Every event codec, by `type`. */
export const EVENT_CODECS = {
  ContactAdded: ContactAddedC,
  ContactUpdated: ContactUpdatedC,
  ContactMet: ContactMetC,
  ContactRoleChanged: ContactRoleChangedC,
  ContactRated: ContactRatedC,
  PersonalDateRecorded: PersonalDateRecordedC,
  PersonalDateRemoved: PersonalDateRemovedC,
  InterestRecorded: InterestRecordedC,
  InterestRemoved: InterestRemovedC,
  ConsentChanged: ConsentChangedC,
  ContactErased: ContactErasedC,
  PlanEnrolled: PlanEnrolledC,
  PlanPaused: PlanPausedC,
  PlanResumed: PlanResumedC,
  PlanCancelled: PlanCancelledC,
  PlanCompleted: PlanCompletedC,
  TouchCompleted: TouchCompletedC,
  TouchSkipped: TouchSkippedC,
  TouchRescheduled: TouchRescheduledC,
  TouchLogged: TouchLoggedC,
  ReferralReceived: ReferralReceivedC,
  ReferralStageChanged: ReferralStageChangedC,
  ReferralPromised: ReferralPromisedC,
  RewardIssued: RewardIssuedC,
  RewardApproved: RewardApprovedC,
  RewardRejected: RewardRejectedC,
  RewardRevoked: RewardRevokedC,
  LeadCaptured: LeadCapturedC,
  LeadAssigned: LeadAssignedC,
  LeadStageChanged: LeadStageChangedC,
  TransactionClosed: TransactionClosedC,
  CostRecorded: CostRecordedC,
  FeedbackRecorded: FeedbackRecordedC,
  AllyReviewed: AllyReviewedC,
  // Last: an event type's place in this list is stored (the fold's index of event ids).
  ContactsMerged: ContactsMergedC,
} as const

/** The name of an event type. */
export type EventType = keyof typeof EVENT_CODECS

/** Every event type, in catalogue order. */
export const EVENT_TYPES = Object.keys(EVENT_CODECS) as readonly EventType[]

/** The event of a given type. */
export type EventOf<K extends EventType> = t.TypeOf<(typeof EVENT_CODECS)[K]>

/** Any relationship event: a flat union discriminated by `type`. */
export type RelationshipEvent = { [K in EventType]: EventOf<K> }[EventType]

type OptionalKeys<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? K : never }[keyof T]
type Ro<T> = T extends ReadonlyArray<infer U> ? readonly U[] : T
/** `T` with `undefined` allowed on its optional fields (they are dropped when the event is made), and readonly lists. */
type Loose<T> = { [K in Exclude<keyof T, OptionalKeys<T>>]: Ro<T[K]> } & { [K in OptionalKeys<T>]?: Ro<T[K]> | undefined }

type LiveOf<C> = C extends { readonly members: infer M }
  ? { [k in keyof M]: LiveOf<M[k]> }[keyof M]
  : C extends EventCodec<infer A, infer Q>
    ? A & t.TypeOf<t.TypeC<Q>>
    : never

/**
 * An event of type `K` as its author writes it: a live event, whose personal fields are all
 * there (`EventOf<K>` lets a redacted event lack them).
 */
export type LiveEventOf<K extends EventType> = LiveOf<(typeof EVENT_CODECS)[K]>

type DraftOf<E> = E extends unknown ? Loose<Omit<E, 'id' | 'at' | 'schema' | 'redacted' | 'commandHash' | 'contactId' | 'actor'>> & { readonly contactId?: string | undefined; readonly actor?: string | undefined } : never

/**
 * The payload of an event of type `K` that a decision writes: everything but the envelope,
 * which `decide` stamps (id, time, schema, command fingerprint). Typed per event type, so a
 * misspelt field does not compile.
 */
export type EventDraft<K extends EventType> = DraftOf<LiveEventOf<K>>

/** The draft of any event type. */
export type AnyEventDraft = { [K in EventType]: EventDraft<K> }[EventType]

/** The codec of any relationship event (dispatches on `type`). */
export const RelationshipEventC: t.Type<RelationshipEvent, unknown, unknown> = tagged(
  'type',
  EVENT_CODECS,
  'a relationship event',
) as t.Type<RelationshipEvent, unknown, unknown>

/**
 * The current schema version of each event type. `ConsentChanged` is at 2: version 1 had a
 * single `doNotContact` flag for every channel (see the upcasters).
 */
export const SCHEMA_VERSIONS: { readonly [K in EventType]: number } = {
  ...(Object.fromEntries(EVENT_TYPES.map((k) => [k, 1])) as { [K in EventType]: number }),
  ConsentChanged: 2,
}

/** Whether `s` names an event type of the catalogue. */
export const isEventType = (s: unknown): s is EventType =>
  typeof s === 'string' && Object.prototype.hasOwnProperty.call(EVENT_CODECS, s)

/**
 * Event types that may name no contact. Without a `contactId` they belong to the
 * `programme` stream (costs, team rewards); with one — a reward for a referral — they
 * belong to that contact's stream, like the referral itself.
 */
export const PROGRAMME_EVENT_TYPES: ReadonlySet<EventType> = new Set<EventType>([
  'RewardIssued',
  'RewardApproved',
  'RewardRejected',
  'RewardRevoked',
  'CostRecorded',
])
