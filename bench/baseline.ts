/**
 * The baseline of DESIGN §4.3: a hand-written loop that applies the same pre-decoded events
 * to mutable `Map`s and plain objects, doing the work the fold (`src/state/fold/`) does — the
 * same grouped fields, the same rules, the same anomalies, the same erasure — but mutating in
 * place, with no persistence and no copy-on-write. `foldEvents` is measured against it.
 *
 * It is written handler by handler from the fold. Where the fold builds a new object (or
 * copies one the first time its batch writes it), the baseline updates the one it has: that
 * is the point of a mutable loop. It never skips a check, a field or a record the fold keeps,
 * and where the fold asks a shared function — the acceptance rules of `src/rules`, the
 * content fingerprint (`eventFingerprint`), the erasure of an event (`scrubEvent`), the
 * measures of a feedback (`feedbackMeasures`), the command an id derives from
 * (`commandIdOf`), the open referral about a referee (`openReferralAbout`), whether an
 * event names its ids as strings (`hasWellFormedReferences`) — the baseline asks the same
 * function: that is the same work, not a different way of doing it.
 *
 * The fold commits every 65,536 events and, when a handler throws part-way (only a value that
 * was never decoded can make one throw), redoes its batch without that event, so the event
 * is set aside whole. The baseline has no batch to redo: each of its handlers does everything
 * that can throw on such a value (copies of its lists, measures, rules, dates) before its
 * first write, so a throw leaves nothing behind and the event is set aside as the fold's is.
 *
 * `bench/baseline.test.ts` and the check at the start of `npm run bench` hold it to that:
 * its collections, normalised with `plain`, equal the fold's state.
 */
import {
  CHANNELS,
  EVENT_TYPES,
  eventFingerprint,
  feedbackMeasures,
  hasWellFormedReferences,
  instantMillis,
  isEventType,
  scrubEvent,
  type Address,
  type Channel,
  type ErasureScope,
  type EventOf,
  type EventType,
  type RelationshipEvent,
  type Stage,
} from '../src/events/index.js'
import { acceptedAfterErasure, canAdvance, needsContact, pauseRefusal, referralRefusal, resumeRefusal, rewardMoveAllowed, type RewardMove } from '../src/rules/index.js'
import { commandIdOf } from '../src/state/fold/index.js'
import { openReferralAbout } from '../src/state/index.js'
import type {
  AllyReview,
  Anomaly,
  AnomalyReason,
  ContactProfile,
  ContactState,
  CostRecord,
  EnrollmentState,
  FeedbackRecord,
  InterestEntry,
  LeadState,
  NetworkPlace,
  Pause,
  PersonalDateEntry,
  ReferralState,
  RewardState,
  RoleChange,
  ServiceFeedback,
  TouchOutcome,
  TouchRecord,
  TransactionRecord,
} from '../src/state/types.js'

type Mutable<T> = { -readonly [K in keyof T]: T[K] }
type Stages = Partial<Record<Stage, string>>

// ---------------------------------------------------------------------------------------
// The state: the fold's shapes, as plain mutable objects, arrays and Maps.

export interface BProfile extends Omit<Mutable<ContactProfile>, 'emails' | 'phones' | 'personalDates' | 'interests'> {
  emails: string[]
  phones: string[]
  personalDates: PersonalDateEntry[]
  interests: InterestEntry[]
}

export interface BNetwork extends Omit<Mutable<NetworkPlace>, 'roleHistory'> {
  roleHistory: RoleChange[]
}

export interface BEnrollment extends Omit<Mutable<EnrollmentState>, 'pauses' | 'outcomes' | 'reschedules' | 'rescheduleCounts'> {
  pauses: Mutable<Pause>[]
  outcomes: Map<string, TouchOutcome>
  reschedules: Map<string, string>
  rescheduleCounts: Map<string, number>
}

export interface BLead extends Omit<Mutable<LeadState>, 'stages'> {
  stages: Stages
}

export interface BContact {
  id: string
  addedAt: string
  erased: boolean
  erasedAt?: string
  eventCount: number
  lastEventAt: string
  profile: BProfile | null
  network: BNetwork
  consent: { refused: readonly Channel[] }
  plans: { enrollments: BEnrollment[]; touches: TouchRecord[] }
  referrals: { given: string[]; received: string[]; promisedAt?: string }
  sales: { lead?: BLead; transactions: TransactionRecord[] }
  rewards: string[]
  feedback: { latest?: FeedbackRecord; count: number; about: ServiceFeedback[]; allyReviews: AllyReview[] }
}

export interface BReferral extends Omit<Mutable<ReferralState>, 'stages' | 'rewards'> {
  stages: Stages
  rewards: string[]
}

export type BReward = Mutable<RewardState>

/** The baseline's whole state: native mutable collections. */
export interface BaselineState {
  readonly contacts: Map<string, BContact>
  readonly referrals: Map<string, BReferral>
  readonly rewards: Map<string, BReward>
  readonly costs: CostRecord[]
  readonly anomalies: Anomaly[]
  /** Event id → its type, whether it was redacted, and its content fingerprint, packed as the fold packs them. */
  readonly seen: Map<string, number>
  /** The event ids whose reuse was noted as an `id-conflict` (each once). */
  readonly conflicts: Set<string>
  /** Command id → the fingerprint of the command. */
  readonly commands: Map<string, number>
  eventCount: number
  lastEventAt: string | undefined
  /** What is erased, read off this state: for `scrubEvent`. */
  readonly erased: ErasureScope
}

/** The baseline's shapes are the fold's, writable: these fail to compile if they drift apart. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const shapesAgree: [Same<keyof BContact, keyof ContactState>, Same<keyof BReferral, keyof ReferralState>] = [true, true]
void shapesAgree

export const emptyBaseline = (): BaselineState => {
  const contacts = new Map<string, BContact>()
  const referrals = new Map<string, BReferral>()
  const rewards = new Map<string, BReward>()
  // The fold's scope, over the baseline's maps: a contact erased, a referral or reward that
  // involves an erased contact.
  const contactErased = (id: string): boolean => contacts.get(id)?.erased === true
  const referralErased = (id: string): boolean => {
    const r = referrals.get(id)
    return r !== undefined && (contactErased(r.referrerId) || contactErased(r.refereeId))
  }
  const erased: ErasureScope = {
    contacts: { has: contactErased },
    referrals: { has: referralErased },
    rewards: {
      has: (id) => {
        const w = rewards.get(id)
        if (w === undefined) return false
        return referralErased(w.referralId) || (w.side !== 'team' && contactErased(w.recipientId))
      },
    },
  }
  return {
    contacts,
    referrals,
    rewards,
    costs: [],
    anomalies: [],
    seen: new Map(),
    conflicts: new Set(),
    commands: new Map(),
    eventCount: 0,
    lastEventAt: undefined,
    erased,
  }
}

// ---------------------------------------------------------------------------------------
// Anomalies

/** Sets an event aside (`applied: false`) or notes it; returns `applied`. */
const note = (
  s: BaselineState,
  e: { readonly id: string; readonly type: EventType | null },
  reason: AnomalyReason,
  applied: boolean,
  conflictsWith?: EventType,
): boolean => {
  const a: Mutable<Anomaly> = { eventId: e.id, type: e.type, reason, applied, position: s.eventCount }
  if (conflictsWith !== undefined) a.conflictsWith = conflictsWith
  s.anomalies.push(a)
  return applied
}

// ---------------------------------------------------------------------------------------
// Contacts

const copyAddress = (a: Address): Address => (a.lines === undefined ? { ...a } : { ...a, lines: a.lines.slice() })

const newContact = (e: EventOf<'ContactAdded'>): BContact => {
  const profile: BProfile = {
    name: e.name ?? '',
    emails: e.emails?.slice() ?? [],
    phones: e.phones?.slice() ?? [],
    personalDates: [],
    interests: [],
  }
  if (e.givenName !== undefined) profile.givenName = e.givenName
  if (e.familyName !== undefined) profile.familyName = e.familyName
  if (e.company !== undefined) profile.company = e.company
  if (e.address !== undefined) profile.address = copyAddress(e.address)
  if (e.timeZone !== undefined) profile.timeZone = e.timeZone
  if (e.calendarSet !== undefined) profile.calendarSet = e.calendarSet
  if (e.locale !== undefined) profile.locale = e.locale
  if (e.notes !== undefined) profile.notes = e.notes
  const network: BNetwork = { met: e.met, role: null, roleHistory: [] }
  if (e.met) network.metAt = e.at
  if (e.circle !== undefined) network.circle = e.circle
  return {
    id: e.contactId,
    addedAt: e.at,
    erased: false,
    eventCount: 1,
    lastEventAt: e.at,
    profile,
    network,
    consent: { refused: [] },
    plans: { enrollments: [], touches: [] },
    referrals: { given: [], received: [] },
    sales: { transactions: [] },
    rewards: [],
    feedback: { count: 0, about: [], allyReviews: [] },
  }
}

const CLEARABLE = ['givenName', 'familyName', 'company', 'address', 'timeZone', 'calendarSet', 'locale', 'notes'] as const

/** `ContactUpdated` on a profile, in place: absent fields kept, `null` ones cleared. */
const updateProfile = (p: BProfile, e: EventOf<'ContactUpdated'>): void => {
  // What can throw on a value that was not decoded comes first, as the fold reads before it writes.
  const emails = e.emails === undefined ? undefined : e.emails.slice()
  const phones = e.phones === undefined ? undefined : e.phones.slice()
  const address = e.address === undefined || e.address === null ? e.address : copyAddress(e.address)
  if (e.name !== undefined) p.name = e.name
  if (emails !== undefined) p.emails = emails
  if (phones !== undefined) p.phones = phones
  const fields = p as unknown as Record<string, unknown>
  for (const k of CLEARABLE) {
    const v = k === 'address' ? address : e[k]
    if (v === null) delete fields[k]
    else if (v !== undefined) fields[k] = v
  }
}

// ---------------------------------------------------------------------------------------
// Leads and referrals

const newLead = (at: string): BLead => ({ capturedAt: at, stage: 'received', stages: { received: at } })

/** Moves a stage record (of a referral or lead) to `to`, in place, noting a backdated move. */
const advance = (s: BaselineState, e: RelationshipEvent, target: { stage: Stage; stages: Stages }, to: Stage): void => {
  const previousAt = target.stages[target.stage]
  if (previousAt !== undefined && instantMillis(e.at) < instantMillis(previousAt)) note(s, e, 'backdated', true)
  target.stages[to] = e.at
}

// ---------------------------------------------------------------------------------------
// Erasure: what `src/state/fold/erasure.ts` removes, removed in place.

/** A lead without the free text it took from its source and its loss. */
const plainLead = (lead: BLead): void => {
  if (lead.source !== undefined) delete lead.source
  if (lead.lostReason !== undefined) delete lead.lostReason
}

/** Removes a reward's free text: the reason of its review or revocation, a gift's description. */
const scrubReward = (s: BaselineState, rewardId: string): void => {
  const w = s.rewards.get(rewardId)
  if (w === undefined) return
  if (w.reason !== undefined) delete w.reason
  // The value is the event's own object: replaced, never written.
  if (w.value?.kind === 'gift' && w.value.description !== undefined) {
    const { description: _d, ...gift } = w.value
    w.value = gift
  }
}

/**
 * Removes the free text of a referral an erased contact sent or received — its note, source
 * and lost reason — and of its rewards. (A referred lead copies none of it.)
 */
const scrubReferral = (s: BaselineState, referralId: string): void => {
  const r = s.referrals.get(referralId)
  if (r === undefined) return
  if (r.note !== undefined) delete r.note
  if (r.source !== undefined) delete r.source
  if (r.lostReason !== undefined) delete r.lostReason
  for (const rewardId of r.rewards) scrubReward(s, rewardId)
}

const eraseContact = (s: BaselineState, c: BContact, at: string): void => {
  c.erased = true
  c.erasedAt = at
  c.profile = null
  // Skip reasons are free text.
  for (const x of c.plans.enrollments) {
    for (const [k, o] of x.outcomes) if (o.status === 'skipped' && o.reason !== undefined) x.outcomes.set(k, { status: 'skipped', at: o.at })
  }
  if (c.sales.lead !== undefined) plainLead(c.sales.lead)
  // Its own responses go; ratings of its service and verdicts about it go, their count stays.
  const f = c.feedback
  delete f.latest
  for (let i = 0; i < f.about.length; i++) f.about[i] = { at: (f.about[i] as ServiceFeedback).at }
  for (let i = 0; i < f.allyReviews.length; i++) f.allyReviews[i] = { at: (f.allyReviews[i] as AllyReview).at }
  for (const id of c.referrals.given) scrubReferral(s, id)
  for (const id of c.referrals.received) scrubReferral(s, id)
  for (const id of c.rewards) scrubReward(s, id)
}

// ---------------------------------------------------------------------------------------
// Rewards

const STATUS_AFTER: Readonly<Record<RewardMove, RewardState['status']>> = { approve: 'approved', reject: 'rejected', revoke: 'revoked' }

const moveReward = (s: BaselineState, e: EventOf<'RewardApproved' | 'RewardRejected' | 'RewardRevoked'>, move: RewardMove, reason?: string): void => {
  const r = s.rewards.get(e.rewardId)
  if (r === undefined) return void note(s, e, 'unknown-reward', false)
  if (!rewardMoveAllowed(r.status, move)) return void note(s, e, 'invalid-reward-transition', false)
  r.status = STATUS_AFTER[move]
  r.statusAt = e.at
  if (reason !== undefined) r.reason = reason
}

// ---------------------------------------------------------------------------------------
// The handlers

const enrollmentOf = (c: BContact, enrollmentId: string): BEnrollment | undefined => c.plans.enrollments.find((x) => x.enrollmentId === enrollmentId)

/** An event of a contact that exists and may take it. Returns whether it was applied. */
const applyToContact = (s: BaselineState, c: BContact, e: RelationshipEvent): boolean => {
  switch (e.type) {
    // --- contacts
    case 'ContactUpdated': {
      if (c.profile !== null) updateProfile(c.profile, e)
      if (e.circle === null) delete c.network.circle
      else if (e.circle !== undefined) c.network.circle = e.circle
      return true
    }
    case 'ContactMet':
      if (!c.network.met) {
        c.network.met = true
        c.network.metAt = e.at
      }
      return true
    case 'ContactRoleChanged': {
      const n = c.network
      const category = e.role === 'ally' ? e.allyCategory : undefined
      if (n.role !== e.role || n.allyCategory !== category) {
        n.roleHistory.push(category === undefined ? { role: e.role, at: e.at } : { role: e.role, at: e.at, allyCategory: category })
      }
      n.role = e.role
      if (e.role === 'ally') {
        n.allyCategory = e.allyCategory
        if (e.settlementService !== undefined) n.settlementService = e.settlementService
        else if (n.settlementService !== undefined) delete n.settlementService
      } else {
        if (n.allyCategory !== undefined) delete n.allyCategory
        if (n.settlementService !== undefined) delete n.settlementService
      }
      return true
    }
    case 'ContactRated':
      if (e.score !== undefined && c.profile !== null) c.profile.rating = e.score
      return true
    case 'PersonalDateRecorded': {
      const p = c.profile
      if (e.date === undefined || p === null) return true
      const entry: PersonalDateEntry = e.label === undefined ? { kind: e.kind, date: e.date } : { kind: e.kind, date: e.date, label: e.label }
      const i = p.personalDates.findIndex((d) => d.kind === e.kind && d.label === e.label)
      if (i >= 0) p.personalDates[i] = entry
      else p.personalDates.push(entry)
      return true
    }
    case 'PersonalDateRemoved':
      if (c.profile !== null) c.profile.personalDates = c.profile.personalDates.filter((d) => !(d.kind === e.kind && d.label === e.label))
      return true
    case 'InterestRecorded': {
      const p = c.profile
      if (e.name === undefined || p === null) return true
      const entry: InterestEntry =
        e.seasonStart === undefined ? { category: e.category, name: e.name } : { category: e.category, name: e.name, seasonStart: e.seasonStart }
      const i = p.interests.findIndex((x) => x.category === e.category && x.name === e.name)
      if (i >= 0) p.interests[i] = entry
      else p.interests.push(entry)
      return true
    }
    case 'InterestRemoved':
      if (c.profile !== null) c.profile.interests = c.profile.interests.filter((x) => !(x.category === e.category && x.name === e.name))
      return true
    case 'ConsentChanged': {
      if (e.channel === 'all') c.consent.refused = e.doNotContact ? CHANNELS : []
      else {
        const set = new Set(c.consent.refused)
        if (e.doNotContact) set.add(e.channel)
        else set.delete(e.channel)
        // Canonical order, as the fold keeps it.
        c.consent.refused = CHANNELS.filter((ch) => set.has(ch))
      }
      return true
    }
    case 'ContactErased':
      eraseContact(s, c, e.at)
      return true

    // --- plans and touches
    case 'PlanEnrolled':
      if (enrollmentOf(c, e.enrollmentId) !== undefined) return note(s, e, 'enrollment-exists', false)
      c.plans.enrollments.push({
        enrollmentId: e.enrollmentId,
        planId: e.planId,
        startDate: e.startDate,
        enrolledAt: e.at,
        status: 'active',
        pauses: [],
        outcomes: new Map(),
        reschedules: new Map(),
        rescheduleCounts: new Map(),
      })
      return true
    case 'PlanPaused': {
      const x = enrollmentOf(c, e.enrollmentId)
      if (x === undefined) return note(s, e, 'unknown-enrollment', false)
      if (pauseRefusal(x, e.from) !== undefined) return note(s, e, 'invalid-enrollment-transition', false)
      x.status = 'paused'
      x.pauses.push({ from: e.from })
      return true
    }
    case 'PlanResumed': {
      const x = enrollmentOf(c, e.enrollmentId)
      if (x === undefined) return note(s, e, 'unknown-enrollment', false)
      if (resumeRefusal(x, e.on) !== undefined) return note(s, e, 'invalid-enrollment-transition', false)
      x.status = 'active'
      ;(x.pauses[x.pauses.length - 1] as Mutable<Pause>).to = e.on
      return true
    }
    case 'PlanCancelled':
    case 'PlanCompleted': {
      const x = enrollmentOf(c, e.enrollmentId)
      if (x === undefined) return note(s, e, 'unknown-enrollment', false)
      if (x.status === 'cancelled' || x.status === 'completed') return note(s, e, 'invalid-enrollment-transition', false)
      x.status = e.type === 'PlanCancelled' ? 'cancelled' : 'completed'
      x.endedAt = e.at
      return true
    }
    case 'TouchCompleted': {
      const x = enrollmentOf(c, e.enrollmentId)
      if (x === undefined) return note(s, e, 'unknown-enrollment', false)
      if (x.outcomes.get(e.touchKey)?.status === 'done') return note(s, e, 'touch-already-done', false)
      x.outcomes.set(e.touchKey, { status: 'done', on: e.on, at: e.at, kind: e.kind, channel: e.channel })
      c.plans.touches.push({ kind: e.kind, channel: e.channel, on: e.on, at: e.at, enrollmentId: e.enrollmentId, touchKey: e.touchKey })
      return true
    }
    case 'TouchSkipped': {
      const x = enrollmentOf(c, e.enrollmentId)
      if (x === undefined) return note(s, e, 'unknown-enrollment', false)
      if (x.outcomes.get(e.touchKey)?.status === 'done') return note(s, e, 'touch-already-done', false)
      x.outcomes.set(e.touchKey, e.reason === undefined ? { status: 'skipped', at: e.at } : { status: 'skipped', at: e.at, reason: e.reason })
      return true
    }
    case 'TouchRescheduled': {
      const x = enrollmentOf(c, e.enrollmentId)
      if (x === undefined) return note(s, e, 'unknown-enrollment', false)
      if (x.outcomes.get(e.touchKey)?.status === 'done') return note(s, e, 'touch-already-done', false)
      x.reschedules.set(e.touchKey, e.to)
      x.rescheduleCounts.set(e.touchKey, (x.rescheduleCounts.get(e.touchKey) ?? 0) + 1)
      return true
    }
    case 'TouchLogged': {
      const touch: Mutable<TouchRecord> = { kind: e.kind, channel: e.channel, on: e.on, at: e.at }
      if (e.referralId !== undefined) touch.referralId = e.referralId
      if (e.stage !== undefined) touch.stage = e.stage
      c.plans.touches.push(touch)
      return true
    }

    // --- referrals, leads and sales
    case 'ReferralReceived': {
      const referee = s.contacts.get(e.refereeId)
      const refusal = referralRefusal({
        referrerId: e.contactId,
        refereeId: e.refereeId,
        referralIdTaken: s.referrals.has(e.referralId),
        ...(referee === undefined
          ? {}
          : { referee: { erased: referee.erased, openReferralId: openReferralAbout((id) => s.referrals.get(id), referee) } }),
      })
      if (refusal !== undefined || referee === undefined) return note(s, e, refusal ?? 'unknown-referee', false)
      const r: BReferral = {
        referralId: e.referralId,
        referrerId: e.contactId,
        refereeId: e.refereeId,
        stage: 'received',
        stages: { received: e.at },
        rewards: [],
      }
      if (e.source !== undefined) r.source = e.source
      if (e.note !== undefined) r.note = e.note
      s.referrals.set(e.referralId, r)
      c.referrals.given.push(e.referralId)
      referee.referrals.received.push(e.referralId)
      // The referee enters the funnel as a referred lead; its stages are the referral's. Nothing
      // of the referral's text is copied: the lead reads it through `referralId`.
      const lead = referee.sales.lead
      if (lead === undefined) {
        referee.sales.lead = { capturedAt: e.at, stage: 'received', stages: { received: e.at }, referralId: e.referralId }
      } else {
        lead.referralId = e.referralId
        lead.stage = 'received'
        lead.stages = { received: e.at }
        if (lead.revenue !== undefined) delete lead.revenue
        if (lead.lostReason !== undefined) delete lead.lostReason
      }
      return true
    }
    case 'ReferralStageChanged': {
      const r = s.referrals.get(e.referralId)
      if (r === undefined) return note(s, e, 'unknown-referral', false)
      if (r.referrerId !== e.contactId) return note(s, e, 'not-the-referrer', false)
      if (!canAdvance(r.stage, e.stage)) return note(s, e, 'invalid-stage-transition', false)
      advance(s, e, r, e.stage)
      r.stage = e.stage
      if (e.stage === 'closed') r.revenue = e.revenue
      if (e.stage === 'lost' && e.reason !== undefined) r.lostReason = e.reason
      // Mirror onto the referee's lead while this referral is the one it follows.
      const lead = s.contacts.get(r.refereeId)?.sales.lead
      if (lead?.referralId === r.referralId) {
        lead.stage = e.stage
        lead.stages = r.stages
        if (e.stage === 'closed') lead.revenue = e.revenue
      }
      return true
    }
    case 'ReferralPromised':
      c.referrals.promisedAt = e.at
      return true
    case 'LeadCaptured': {
      // The lead's own source (a referred lead keeps the referral's stages).
      const lead = (c.sales.lead ??= newLead(e.at))
      if (e.source !== undefined) lead.source = e.source
      return true
    }
    case 'LeadAssigned':
      ;(c.sales.lead ??= newLead(e.at)).assignee = e.assignee
      return true
    case 'LeadStageChanged': {
      const lead = c.sales.lead ?? newLead(e.at)
      if (lead.referralId !== undefined) return note(s, e, 'lead-is-referred', false)
      if (!canAdvance(lead.stage, e.stage)) return note(s, e, 'invalid-stage-transition', false)
      advance(s, e, lead, e.stage)
      lead.stage = e.stage
      if (e.stage === 'closed') lead.revenue = e.revenue
      if (e.stage === 'lost' && e.reason !== undefined) lead.lostReason = e.reason
      c.sales.lead = lead
      return true
    }
    case 'TransactionClosed': {
      if (c.sales.transactions.some((x) => x.transactionId === e.transactionId)) return note(s, e, 'transaction-exists', false)
      const tx: Mutable<TransactionRecord> = { transactionId: e.transactionId, value: e.value, at: e.at, servedBy: e.servedBy.slice() }
      if (e.closedOn !== undefined) tx.closedOn = e.closedOn
      if (e.referralId !== undefined) tx.referralId = e.referralId
      c.sales.transactions.push(tx)
      return true
    }

    // --- feedback
    case 'FeedbackRecorded': {
      const record: FeedbackRecord = { at: e.at, ...feedbackMeasures(e) }
      const about = e.aboutContactId !== undefined && e.aboutContactId !== e.contactId ? e.aboutContactId : undefined
      // Read before writing: the ally this feedback is about, if it can still hold it.
      const ally = about === undefined ? undefined : s.contacts.get(about)
      c.feedback.count += 1
      if (about === undefined) {
        c.feedback.latest = record
        return true
      }
      if (ally !== undefined && !ally.erased) ally.feedback.about.push(record)
      return true
    }
    case 'AllyReviewed':
      c.feedback.allyReviews.push(e.verdict === undefined ? { at: e.at } : { at: e.at, verdict: e.verdict })
      return true

    default:
      // ContactAdded, rewards and costs need no contact: `applyProgramme` takes them.
      return true
  }
}

/** An event that needs no existing contact: a contact's first event, rewards and costs. */
const applyProgramme = (s: BaselineState, e: RelationshipEvent): void => {
  switch (e.type) {
    case 'ContactAdded': {
      const existing = s.contacts.get(e.contactId)
      if (existing !== undefined) return void note(s, e, existing.erased ? 'contact-erased' : 'contact-exists', false)
      s.contacts.set(e.contactId, newContact(e))
      return
    }
    case 'RewardIssued': {
      if (s.rewards.has(e.rewardId)) return void note(s, e, 'reward-exists', false)
      const r = s.referrals.get(e.referralId)
      if (r === undefined) return void note(s, e, 'unknown-referral', false)
      // A reward for someone is theirs: they must be a contact (the team's are the programme's).
      const recipient = e.side === 'team' ? undefined : s.contacts.get(e.recipientId)
      if (e.side !== 'team' && recipient === undefined) return void note(s, e, 'unknown-contact', false)
      const reward: BReward = {
        rewardId: e.rewardId,
        referralId: e.referralId,
        stage: e.stage,
        ruleId: e.ruleId,
        recipientId: e.recipientId,
        side: e.side,
        value: e.value,
        issuedAt: e.at,
        status: e.hold === undefined ? 'issued' : 'held',
        statusAt: e.at,
      }
      if (e.dueOn !== undefined) reward.dueOn = e.dueOn
      if (e.hold !== undefined) reward.hold = e.hold
      s.rewards.set(e.rewardId, reward)
      r.rewards.push(e.rewardId)
      if (recipient !== undefined) recipient.rewards.push(e.rewardId)
      return
    }
    case 'RewardApproved':
      return moveReward(s, e, 'approve')
    case 'RewardRejected':
      return moveReward(s, e, 'reject', e.reason)
    case 'RewardRevoked':
      return moveReward(s, e, 'revoke', e.reason)
    case 'CostRecorded': {
      const cost: Mutable<CostRecord> = { eventId: e.id, at: e.at, category: e.category, amount: e.amount }
      if (e.contactId !== undefined) cost.contactId = e.contactId
      s.costs.push(cost)
      return
    }
    default:
      // Every other type needs its contact (`needsContact`): `applyToContact` takes them.
      return
  }
}

// ---------------------------------------------------------------------------------------
// The loop

// The seen entry, packed as the fold packs it (`src/state/fold/index.ts`, private there).
const TYPE_INDEX = new Map<EventType, number>(EVENT_TYPES.map((t, i) => [t, i]))
// An entry fits a small integer (30 bits: 6 of type, 1 redacted, 23 of fingerprint), which the
// engine keeps unboxed in the index's maps: a tenth of the state's memory per event less than
// a 53-bit fingerprint would take. 23 bits tell another event reusing an id from a redelivery
// but once in eight million reuses — reuses are a host's bug, and exact ids stay exact.
const FINGERPRINT_BITS = 2 ** 23
const REDACTED_BIT = 2 ** 23
const TYPE_UNIT = 2 ** 24
const seenEntry = (type: EventType, redacted: boolean, fingerprint: number): number =>
  (TYPE_INDEX.get(type) as number) * TYPE_UNIT + (redacted ? REDACTED_BIT : 0) + (fingerprint % FINGERPRINT_BITS)
const typeOfEntry = (entry: number): EventType => EVENT_TYPES[Math.floor(entry / TYPE_UNIT)] as EventType
const redactedEntry = (entry: number): boolean => Math.floor(entry / REDACTED_BIT) % 2 === 1

/** Whether an event redelivers the one first seen with its id: the same content, or (either redacted) the same type. */
const isRedelivery = (prior: number, entry: number): boolean =>
  prior === entry || ((redactedEntry(prior) || redactedEntry(entry)) && typeOfEntry(prior) === typeOfEntry(entry))

/**
 * Whether a value has the envelope of an event and names every id its type must name as a
 * string (and only strings where it may name one), as the fold asks: anything else is
 * malformed, so no handler meets an id it cannot look up.
 */
const looksLikeEvent = (u: unknown): u is RelationshipEvent => {
  if (typeof u !== 'object' || u === null) return false
  const e = u as Record<string, unknown>
  const type = e['type']
  return isEventType(type) && typeof e['at'] === 'string' && hasWellFormedReferences(type, e)
}

/** Applies one event (or a value that is not one) to the baseline state, in place. */
export const applyBaseline = (s: BaselineState, input: unknown): void => {
  if (!looksLikeEvent(input)) {
    const raw: Record<string, unknown> = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {}
    const id = typeof raw['id'] === 'string' ? raw['id'] : ''
    const type = raw['type']
    return void note(s, { id, type: isEventType(type) ? type : null }, 'malformed-event', false)
  }
  let entry: number
  try {
    entry = seenEntry(input.type, input.redacted === true, eventFingerprint(input))
  } catch {
    return void note(s, input, 'malformed-event', false)
  }
  const prior = s.seen.get(input.id)
  if (prior !== undefined) {
    // A redelivery (even of the event once redacted) changes nothing; another event reusing
    // the id is noted once per id.
    if (!isRedelivery(prior, entry) && !s.conflicts.has(input.id)) {
      s.conflicts.add(input.id)
      note(s, input, 'id-conflict', false, typeOfEntry(prior))
    }
    return
  }
  s.seen.set(input.id, entry)
  if (input.commandHash !== undefined) {
    const commandId = commandIdOf(input.id)
    if (commandId !== undefined && !s.commands.has(commandId)) s.commands.set(commandId, parseInt(input.commandHash, 16))
  }
  try {
    // What names someone already erased arrives without their personal data.
    const e = scrubEvent(input, s.erased)
    if (needsContact(e.type)) {
      const c = s.contacts.get(e.contactId as string)
      if (c === undefined) note(s, e, 'unknown-contact', false)
      else if (c.erased && !acceptedAfterErasure(e.type)) note(s, e, 'contact-erased', false)
      else if (applyToContact(s, c, e)) {
        c.eventCount += 1
        c.lastEventAt = e.at
      }
    } else applyProgramme(s, e)
  } catch {
    // A value that was not decoded (a field of the wrong shape). The fold redoes its batch
    // without the event and sets it aside; the baseline's handlers throw before they write,
    // so there is nothing to undo.
    note(s, input, 'malformed-event', false)
  }
  s.eventCount++
  s.lastEventAt = input.at
}

/** Folds events into a fresh baseline state. */
export const runBaseline = (events: readonly RelationshipEvent[]): BaselineState => {
  const s = emptyBaseline()
  for (let i = 0; i < events.length; i++) applyBaseline(s, events[i])
  return s
}
