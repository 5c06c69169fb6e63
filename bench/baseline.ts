/**
 * The baseline of DESIGN §4.3: a hand-written loop that applies the same pre-decoded events
 * to mutable `Map`s and plain objects, doing the work `src/state/fold.ts` does — the same
 * fields, the same rules, the same anomalies — but mutating in place, with no persistence
 * and no copy-on-write. `foldEvents` is measured against it.
 *
 * It is written handler by handler from the fold. Where the fold builds a new object, the
 * baseline updates the one it has (that is the point of a mutable loop); it never skips a
 * check, a field or a record the fold keeps. `bench/baseline.test.ts` and the check at the
 * start of `npm run bench` hold it to that: its result, normalised, equals the fold's state.
 */
import { CHANNELS, instantMillis, type Channel, type EventOf, type RelationshipEvent, type Stage } from '../src/events/index.js'
import { canAdvance, isFinalStage } from '../src/state/stages.js'
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

export interface BEnrollment extends Omit<Mutable<EnrollmentState>, 'pauses' | 'outcomes' | 'reschedules'> {
  pauses: Mutable<Pause>[]
  outcomes: Map<string, TouchOutcome>
  reschedules: Map<string, string>
}

export interface BLead extends Omit<Mutable<LeadState>, 'stages'> {
  stages: Stages
}

type ArrayFields =
  | 'profile'
  | 'roleHistory'
  | 'personalDates'
  | 'interests'
  | 'consent'
  | 'enrollments'
  | 'touches'
  | 'referralsGiven'
  | 'referralsReceived'
  | 'rewards'
  | 'transactions'
  | 'feedbackAbout'
  | 'lead'
  | 'allyReviews'

export interface BContact extends Omit<Mutable<ContactState>, ArrayFields> {
  profile: Mutable<ContactProfile> | null
  roleHistory: RoleChange[]
  personalDates: PersonalDateEntry[]
  interests: InterestEntry[]
  consent: { refused: readonly Channel[] }
  enrollments: BEnrollment[]
  touches: TouchRecord[]
  referralsGiven: string[]
  referralsReceived: string[]
  rewards: string[]
  transactions: TransactionRecord[]
  feedbackAbout: ServiceFeedback[]
  lead?: BLead
  allyReviews: AllyReview[]
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
  /** Event id → the type it was first seen with. */
  readonly seen: Map<string, string>
  eventCount: number
  lastEventAt: string | undefined
}

export const emptyBaseline = (): BaselineState => ({
  contacts: new Map(),
  referrals: new Map(),
  rewards: new Map(),
  costs: [],
  anomalies: [],
  seen: new Map(),
  eventCount: 0,
  lastEventAt: undefined,
})

/** Sets an event aside (or notes it); returns whether the event still counts as applied. */
const note = (s: BaselineState, e: RelationshipEvent, reason: AnomalyReason, applied: boolean): boolean => {
  s.anomalies.push({ eventId: e.id, type: e.type, reason, applied, position: s.eventCount })
  return applied
}

const newContact = (e: EventOf<'ContactAdded'>): BContact => {
  const profile: Mutable<ContactProfile> = { name: e.name, emails: e.emails ?? [], phones: e.phones ?? [] }
  if (e.givenName !== undefined) profile.givenName = e.givenName
  if (e.familyName !== undefined) profile.familyName = e.familyName
  if (e.company !== undefined) profile.company = e.company
  if (e.address !== undefined) profile.address = e.address
  if (e.timeZone !== undefined) profile.timeZone = e.timeZone
  if (e.calendarSet !== undefined) profile.calendarSet = e.calendarSet
  if (e.locale !== undefined) profile.locale = e.locale
  if (e.notes !== undefined) profile.notes = e.notes
  const c: BContact = {
    id: e.contactId,
    addedAt: e.at,
    erased: false,
    profile,
    met: e.met,
    role: null,
    roleHistory: [],
    personalDates: [],
    interests: [],
    consent: { refused: [] },
    enrollments: [],
    touches: [],
    referralsGiven: [],
    referralsReceived: [],
    rewards: [],
    transactions: [],
    feedbackCount: 0,
    feedbackAbout: [],
    allyReviews: [],
    eventCount: 1,
    lastEventAt: e.at,
  }
  if (e.met) c.metAt = e.at
  if (e.circle !== undefined) c.circle = e.circle
  return c
}

const CLEARABLE = ['givenName', 'familyName', 'company', 'address', 'timeZone', 'calendarSet', 'locale', 'notes'] as const

const enrollmentIndex = (c: BContact, id: string): number => c.enrollments.findIndex((x) => x.enrollmentId === id)

/** Moves a stage record to `to` in place, noting a backdated move (applied). */
const advance = (s: BaselineState, e: RelationshipEvent, target: { stage: Stage; stages: Stages }, to: Stage): void => {
  const previousAt = target.stages[target.stage]
  if (previousAt !== undefined && instantMillis(e.at) < instantMillis(previousAt)) note(s, e, 'backdated', true)
  target.stages[to] = e.at
}

const feedbackOf = (e: EventOf<'FeedbackRecorded'>): FeedbackRecord => {
  const f: Mutable<FeedbackRecord> = { at: e.at }
  if (e.nps !== undefined) f.nps = e.nps
  if (e.csi !== undefined) f.csi = e.csi
  if (e.perceivedPerformance !== undefined) f.perceivedPerformance = e.perceivedPerformance
  if (e.expectedPerformance !== undefined) f.expectedPerformance = e.expectedPerformance
  if (e.perceivedBenefits !== undefined) f.perceivedBenefits = e.perceivedBenefits
  if (e.perceivedCosts !== undefined) f.perceivedCosts = e.perceivedCosts
  if (e.referralEffort !== undefined) f.referralEffort = e.referralEffort
  if (e.aboutContactId !== undefined) f.aboutContactId = e.aboutContactId
  return f
}

/** Removes the free text of a referral an erased contact sent or received, as the fold does. */
const scrubReferral = (s: BaselineState, referralId: string): void => {
  const r = s.referrals.get(referralId)
  if (r === undefined) return
  delete r.note
  delete r.source
  delete r.lostReason
  const lead = s.contacts.get(r.refereeId)?.lead
  if (lead !== undefined && lead.referralId === referralId) {
    delete lead.source
    delete lead.lostReason
  }
  for (const id of r.rewards) scrubReward(s, id)
}

const scrubReward = (s: BaselineState, rewardId: string): void => {
  const w = s.rewards.get(rewardId)
  if (w === undefined) return
  delete w.reason
  if (w.value.kind === 'gift' && w.value.description !== undefined) {
    const { description: _d, ...gift } = w.value
    w.value = gift
  }
}

const rewardStatus = (
  s: BaselineState,
  e: EventOf<'RewardApproved'> | EventOf<'RewardRejected'> | EventOf<'RewardRevoked'>,
  status: RewardState['status'],
  fromApproved: boolean,
  reason?: string,
): void => {
  const r = s.rewards.get(e.rewardId)
  if (r === undefined) return void note(s, e, 'unknown-reward', false)
  if (!(r.status === 'issued' || r.status === 'held' || (fromApproved && r.status === 'approved'))) {
    return void note(s, e, 'invalid-reward-transition', false)
  }
  r.status = status
  r.statusAt = e.at
  if (reason !== undefined) r.reason = reason
}

/** An event of a contact that exists (and may take it). Returns whether it was applied. */
const applyToContact = (s: BaselineState, c: BContact, e: RelationshipEvent): boolean => {
  switch (e.type) {
    case 'ContactUpdated': {
      const p = c.profile
      if (p !== null) {
        if (e.name !== undefined) p.name = e.name
        if (e.emails !== undefined) p.emails = e.emails
        if (e.phones !== undefined) p.phones = e.phones
        for (const k of CLEARABLE) {
          const v = e[k]
          if (v === null) delete p[k]
          else if (v !== undefined) (p as Record<string, unknown>)[k] = v
        }
      }
      if (e.circle === null) delete c.circle
      else if (e.circle !== undefined) c.circle = e.circle
      return true
    }
    case 'ContactMet':
      if (!c.met) {
        c.met = true
        c.metAt = e.at
      }
      return true
    case 'ContactRoleChanged': {
      const category = e.role === 'ally' ? e.allyCategory : undefined
      if (c.role !== e.role || c.allyCategory !== category) {
        c.roleHistory.push(category === undefined ? { role: e.role, at: e.at } : { role: e.role, at: e.at, allyCategory: category })
      }
      c.role = e.role
      if (e.role === 'ally') {
        c.allyCategory = e.allyCategory
        if (e.settlementService !== undefined) c.settlementService = e.settlementService
        else delete c.settlementService
      } else {
        delete c.allyCategory
        delete c.settlementService
      }
      return true
    }
    case 'ContactRated':
      c.rating = e.score
      return true
    case 'PersonalDateRecorded': {
      const entry = e.label === undefined ? { kind: e.kind, date: e.date } : { kind: e.kind, date: e.date, label: e.label }
      const i = c.personalDates.findIndex((d) => d.kind === e.kind && d.label === e.label)
      if (i >= 0) c.personalDates[i] = entry
      else c.personalDates.push(entry)
      return true
    }
    case 'PersonalDateRemoved':
      c.personalDates = c.personalDates.filter((d) => !(d.kind === e.kind && d.label === e.label))
      return true
    case 'InterestRecorded': {
      const entry =
        e.seasonStart === undefined ? { category: e.category, name: e.name } : { category: e.category, name: e.name, seasonStart: e.seasonStart }
      const i = c.interests.findIndex((x) => x.category === e.category && x.name === e.name)
      if (i >= 0) c.interests[i] = entry
      else c.interests.push(entry)
      return true
    }
    case 'InterestRemoved':
      c.interests = c.interests.filter((x) => !(x.category === e.category && x.name === e.name))
      return true
    case 'ConsentChanged': {
      if (e.channel === 'all') c.consent.refused = e.doNotContact ? CHANNELS : []
      else {
        const set = new Set(c.consent.refused)
        if (e.doNotContact) set.add(e.channel)
        else set.delete(e.channel)
        c.consent.refused = CHANNELS.filter((ch) => set.has(ch))
      }
      return true
    }
    case 'ContactErased': {
      c.erased = true
      c.erasedAt = e.at
      c.profile = null
      delete c.rating
      c.personalDates = []
      c.interests = []
      delete c.latestFeedback
      for (const x of c.enrollments) {
        for (const [k, o] of x.outcomes) if (o.status === 'skipped') x.outcomes.set(k, { status: 'skipped', at: o.at })
      }
      if (c.lead !== undefined) {
        delete c.lead.source
        delete c.lead.lostReason
      }
      for (const id of c.referralsGiven) scrubReferral(s, id)
      for (const id of c.referralsReceived) scrubReferral(s, id)
      return true
    }
    case 'PlanEnrolled':
      if (enrollmentIndex(c, e.enrollmentId) >= 0) return note(s, e, 'enrollment-exists', false)
      c.enrollments.push({
        enrollmentId: e.enrollmentId,
        planId: e.planId,
        startDate: e.startDate,
        enrolledAt: e.at,
        status: 'active',
        pauses: [],
        outcomes: new Map(),
        reschedules: new Map(),
      })
      return true
    case 'PlanPaused': {
      const x = c.enrollments[enrollmentIndex(c, e.enrollmentId)]
      if (x === undefined) return note(s, e, 'unknown-enrollment', false)
      const lastResume = x.pauses[x.pauses.length - 1]?.to
      if (x.status !== 'active' || e.from < x.startDate || (lastResume !== undefined && e.from < lastResume)) {
        return note(s, e, 'invalid-enrollment-transition', false)
      }
      x.status = 'paused'
      x.pauses.push({ from: e.from })
      return true
    }
    case 'PlanResumed': {
      const x = c.enrollments[enrollmentIndex(c, e.enrollmentId)]
      if (x === undefined) return note(s, e, 'unknown-enrollment', false)
      const open = x.pauses[x.pauses.length - 1]
      if (x.status !== 'paused' || open === undefined || e.on < open.from) return note(s, e, 'invalid-enrollment-transition', false)
      x.status = 'active'
      open.to = e.on
      return true
    }
    case 'PlanCancelled':
    case 'PlanCompleted': {
      const x = c.enrollments[enrollmentIndex(c, e.enrollmentId)]
      if (x === undefined) return note(s, e, 'unknown-enrollment', false)
      if (x.status === 'cancelled' || x.status === 'completed') return note(s, e, 'invalid-enrollment-transition', false)
      x.status = e.type === 'PlanCancelled' ? 'cancelled' : 'completed'
      x.endedAt = e.at
      return true
    }
    case 'TouchCompleted': {
      const x = c.enrollments[enrollmentIndex(c, e.enrollmentId)]
      if (x === undefined) return note(s, e, 'unknown-enrollment', false)
      if (x.outcomes.get(e.touchKey)?.status === 'done') return note(s, e, 'touch-already-done', false)
      x.outcomes.set(e.touchKey, { status: 'done', on: e.on, at: e.at, kind: e.kind, channel: e.channel })
      c.touches.push({ kind: e.kind, channel: e.channel, on: e.on, at: e.at, enrollmentId: e.enrollmentId, touchKey: e.touchKey })
      return true
    }
    case 'TouchSkipped': {
      const x = c.enrollments[enrollmentIndex(c, e.enrollmentId)]
      if (x === undefined) return note(s, e, 'unknown-enrollment', false)
      if (x.outcomes.get(e.touchKey)?.status === 'done') return note(s, e, 'touch-already-done', false)
      x.outcomes.set(e.touchKey, { status: 'skipped', at: e.at, reason: e.reason })
      return true
    }
    case 'TouchRescheduled': {
      const x = c.enrollments[enrollmentIndex(c, e.enrollmentId)]
      if (x === undefined) return note(s, e, 'unknown-enrollment', false)
      if (x.outcomes.get(e.touchKey)?.status === 'done') return note(s, e, 'touch-already-done', false)
      x.reschedules.set(e.touchKey, e.to)
      return true
    }
    case 'TouchLogged':
      {
        const touch: Mutable<TouchRecord> = { kind: e.kind, channel: e.channel, on: e.on, at: e.at }
        if (e.referralId !== undefined) touch.referralId = e.referralId
        if (e.stage !== undefined) touch.stage = e.stage
        c.touches.push(touch)
      }
      return true
    case 'ReferralReceived': {
      if (e.refereeId === e.contactId) return note(s, e, 'self-referral', false)
      if (s.referrals.has(e.referralId)) return note(s, e, 'referral-exists', false)
      const referee = s.contacts.get(e.refereeId)
      if (referee === undefined) return note(s, e, 'unknown-referee', false)
      if (referee.erased) return note(s, e, 'contact-erased', false)
      const lastId = referee.referralsReceived[referee.referralsReceived.length - 1]
      const last = lastId === undefined ? undefined : s.referrals.get(lastId)
      if (last !== undefined && !isFinalStage(last.stage)) return note(s, e, 'referee-has-open-referral', false)
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
      c.referralsGiven.push(e.referralId)
      referee.referralsReceived.push(e.referralId)
      // The referee becomes (or stays) a lead that follows this referral.
      const lead = referee.lead
      if (lead === undefined) {
        referee.lead = { source: e.source ?? 'referral', capturedAt: e.at, referralId: e.referralId, stage: 'received', stages: { received: e.at } }
      } else {
        if (lead.source === undefined) lead.source = e.source ?? 'referral'
        lead.referralId = e.referralId
        lead.stage = 'received'
        lead.stages = { received: e.at }
        delete lead.revenue
        delete lead.lostReason
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
      if (e.stage === 'lost') r.lostReason = e.reason
      const lead = s.contacts.get(r.refereeId)?.lead
      if (lead?.referralId === r.referralId) {
        lead.stage = e.stage
        lead.stages = r.stages
        if (e.stage === 'closed') lead.revenue = e.revenue
        if (e.stage === 'lost') lead.lostReason = e.reason
      }
      return true
    }
    case 'ReferralPromised':
      c.promisedAt = e.at
      return true
    case 'LeadCaptured': {
      const lead = c.lead
      if (lead === undefined) c.lead = { source: e.source, capturedAt: e.at, stage: 'received', stages: { received: e.at } }
      else if (lead.referralId !== undefined) lead.source = lead.source ?? e.source
      else lead.source = e.source
      return true
    }
    case 'LeadAssigned':
      if (c.lead === undefined) c.lead = { capturedAt: e.at, stage: 'received', stages: { received: e.at }, assignee: e.assignee }
      else c.lead.assignee = e.assignee
      return true
    case 'LeadStageChanged': {
      const lead = c.lead ?? { capturedAt: e.at, stage: 'received', stages: { received: e.at } }
      if (lead.referralId !== undefined) return note(s, e, 'lead-is-referred', false)
      if (!canAdvance(lead.stage, e.stage)) return note(s, e, 'invalid-stage-transition', false)
      advance(s, e, lead, e.stage)
      lead.stage = e.stage
      if (e.stage === 'closed') lead.revenue = e.revenue
      if (e.stage === 'lost') lead.lostReason = e.reason
      c.lead = lead
      return true
    }
    case 'TransactionClosed': {
      if (c.transactions.some((x) => x.transactionId === e.transactionId)) return note(s, e, 'transaction-exists', false)
      const tx: Mutable<TransactionRecord> = { transactionId: e.transactionId, value: e.value, at: e.at, servedBy: e.servedBy.slice() }
      if (e.closedOn !== undefined) tx.closedOn = e.closedOn
      if (e.referralId !== undefined) tx.referralId = e.referralId
      c.transactions.push(tx)
      return true
    }
    case 'FeedbackRecorded': {
      const f = feedbackOf(e)
      c.latestFeedback = f
      c.feedbackCount += 1
      if (e.aboutContactId !== undefined && e.aboutContactId !== e.contactId) {
        const about = s.contacts.get(e.aboutContactId)
        if (about !== undefined && !about.erased) about.feedbackAbout.push({ ...f, fromContactId: e.contactId })
      }
      return true
    }
    case 'AllyReviewed':
      c.allyReviews.push({ at: e.at, verdict: e.verdict })
      return true
    default:
      // ContactAdded, rewards and costs never come here (see `applyBaseline`).
      return true
  }
}

/** Applies one event to the baseline state, in place. */
export const applyBaseline = (s: BaselineState, e: RelationshipEvent): void => {
  const prior = s.seen.get(e.id)
  if (prior !== undefined) {
    if (prior !== e.type) {
      note(s, e, 'id-reused', false)
      s.eventCount++
    }
    return
  }
  s.seen.set(e.id, e.type)
  switch (e.type) {
    // Events that do not need their contact to exist.
    case 'ContactAdded': {
      const existing = s.contacts.get(e.contactId)
      if (existing !== undefined) note(s, e, existing.erased ? 'contact-erased' : 'contact-exists', false)
      else s.contacts.set(e.contactId, newContact(e))
      break
    }
    case 'RewardIssued': {
      if (s.rewards.has(e.rewardId)) {
        note(s, e, 'reward-exists', false)
        break
      }
      const r = s.referrals.get(e.referralId)
      if (r === undefined) {
        note(s, e, 'unknown-referral', false)
        break
      }
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
      if (e.side !== 'team') s.contacts.get(e.recipientId)?.rewards.push(e.rewardId)
      break
    }
    case 'RewardApproved':
      rewardStatus(s, e, 'approved', false)
      break
    case 'RewardRejected':
      rewardStatus(s, e, 'rejected', false, e.reason)
      break
    case 'RewardRevoked':
      rewardStatus(s, e, 'revoked', true, e.reason)
      break
    case 'CostRecorded': {
      const cost: Mutable<CostRecord> = { eventId: e.id, at: e.at, category: e.category, amount: e.amount }
      if (e.contactId !== undefined) cost.contactId = e.contactId
      s.costs.push(cost)
      break
    }
    default: {
      // Every other event needs its contact, and an erased contact takes only a referral's progress.
      const c = s.contacts.get(e.contactId)
      if (c === undefined) note(s, e, 'unknown-contact', false)
      else if (c.erased && e.type !== 'ReferralStageChanged') note(s, e, 'contact-erased', false)
      else if (applyToContact(s, c, e)) {
        c.eventCount += 1
        c.lastEventAt = e.at
      }
    }
  }
  s.eventCount++
  s.lastEventAt = e.at
}

/** Folds events into a fresh baseline state. */
export const runBaseline = (events: readonly RelationshipEvent[]): BaselineState => {
  const s = emptyBaseline()
  for (let i = 0; i < events.length; i++) applyBaseline(s, events[i] as RelationshipEvent)
  return s
}
