/**
 * The fold: `evolve` and `foldEvents` turn a stream of relationship events into a
 * `NetworkState`. Pure and total — no event makes it throw; an event the domain cannot
 * apply is set aside as an anomaly with its reason.
 *
 * How it stays fast without mutating anything a caller holds: a fold runs as one *batch*.
 * The first time a batch writes a contact (or referral, or reward) it takes a shallow copy
 * and remembers it owns that copy; nested arrays and maps are copied the first time they
 * are written, then appended to in place. At the end the copies are committed into the
 * persistent maps in one pass. Objects of the input state are never written.
 */
import { Immer, castDraft } from 'immer'
import { PMap } from '../core/hamt.js'
import { IdIndex } from '../core/id-index.js'
import { PVector } from '../core/pvector.js'
import {
  CHANNELS,
  instantMillis,
  type Address,
  type Channel,
  type EventOf,
  type EventType,
  feedbackMeasures,
  type RelationshipEvent,
  type Stage,
} from '../events/index.js'
import { canAdvance, isFinalStage } from './stages.js'
import type {
  Anomaly,
  AnomalyReason,
  ContactProfile,
  ContactState,
  CostRecord,
  EnrollmentState,
  FeedbackRecord,
  LeadState,
  NetworkState,
  ReferralState,
  RewardState,
  TouchOutcome,
  TouchRecord,
} from './types.js'

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

/** The state before any event. */
export const initialNetwork: NetworkState = {
  contacts: PMap.empty(),
  referrals: PMap.empty(),
  rewards: PMap.empty(),
  costs: PVector.empty(),
  anomalies: PVector.empty(),
  seen: IdIndex.empty(),
  eventCount: 0,
}

/** The batch's draft of an entity: made once, a shallow copy of the committed one; undefined when there is none. */
const draftIn = <T extends object>(drafts: Map<string, Mutable<T>>, committed: PMap<T>, id: string): Mutable<T> | undefined => {
  let draft = drafts.get(id)
  if (draft === undefined) {
    const current = committed.get(id)
    if (current === undefined) return undefined
    draft = { ...current }
    drafts.set(id, draft)
  }
  return draft
}

/** One fold over a run of events: private copies of what it writes, committed at the end. */
class Batch {
  private readonly owned = new WeakSet<object>()
  private readonly contacts = new Map<string, Mutable<ContactState>>()
  private readonly referrals = new Map<string, Mutable<ReferralState>>()
  private readonly rewards = new Map<string, Mutable<RewardState>>()
  private readonly ids = new Map<string, string>()
  private readonly costs: CostRecord[] = []
  private readonly anomalies: Anomaly[] = []
  eventCount: number
  lastEventAt: string | undefined

  constructor(private readonly base: NetworkState) {
    this.eventCount = base.eventCount
    this.lastEventAt = base.lastEventAt
  }

  /** The type an id was seen with, in this batch or before. */
  seenType(id: string): string | undefined {
    return this.ids.get(id) ?? this.base.seen.typeOf(id)
  }

  markSeen(id: string, type: string): void {
    this.ids.set(id, type)
  }

  contact(id: string): ContactState | undefined {
    return this.contacts.get(id) ?? this.base.contacts.get(id)
  }

  writeContact(id: string): Mutable<ContactState> | undefined {
    return draftIn(this.contacts, this.base.contacts, id)
  }

  createContact(c: ContactState): void {
    this.contacts.set(c.id, c as Mutable<ContactState>)
    // A new contact's arrays are the batch's own.
    for (const v of Object.values(c)) if (Array.isArray(v)) this.owned.add(v)
  }

  referral(id: string): ReferralState | undefined {
    return this.referrals.get(id) ?? this.base.referrals.get(id)
  }

  writeReferral(id: string): Mutable<ReferralState> | undefined {
    return draftIn(this.referrals, this.base.referrals, id)
  }

  createReferral(r: ReferralState): void {
    this.referrals.set(r.referralId, r as Mutable<ReferralState>)
    this.owned.add(r.rewards)
  }

  reward(id: string): RewardState | undefined {
    return this.rewards.get(id) ?? this.base.rewards.get(id)
  }

  writeReward(id: string): Mutable<RewardState> | undefined {
    return draftIn(this.rewards, this.base.rewards, id)
  }

  createReward(r: RewardState): void {
    this.rewards.set(r.rewardId, r as Mutable<RewardState>)
  }

  /** `list` with `item` appended: copied once per batch, then appended in place. */
  append<T>(list: readonly T[], item: T): T[] {
    const own = this.ownArray(list)
    own.push(item)
    return own
  }

  /** An array this batch may write: `list` itself if the batch made it, else a copy. */
  ownArray<T>(list: readonly T[]): T[] {
    if (this.owned.has(list)) return list as T[]
    const copy = list.slice()
    this.owned.add(copy)
    return copy
  }

  /** An object this batch may write (a shallow copy unless the batch made it). */
  ownObject<T extends object>(o: T): Mutable<T> {
    if (this.owned.has(o)) return o as Mutable<T>
    const copy = { ...o }
    this.owned.add(copy)
    return copy
  }

  /** A map this batch may write. */
  ownMap<K, V>(m: ReadonlyMap<K, V>): Map<K, V> {
    if (this.owned.has(m)) return m as Map<K, V>
    const copy = new Map(m)
    this.owned.add(copy)
    return copy
  }

  addCost(c: CostRecord): void {
    this.costs.push(c)
  }

  /** Whether the event being applied was set aside. */
  setAside = false

  note(e: RelationshipEvent, reason: AnomalyReason, applied: boolean): void {
    this.anomalies.push({ eventId: e.id, type: e.type, reason, applied, position: this.eventCount })
    if (!applied) this.setAside = true
  }

  commit(): NetworkState {
    const b = this.base
    if (this.eventCount === b.eventCount && this.anomalies.length === 0 && this.ids.size === 0) return b
    const next: Mutable<NetworkState> = {
      contacts: commitMap(b.contacts, this.contacts),
      referrals: commitMap(b.referrals, this.referrals),
      rewards: commitMap(b.rewards, this.rewards),
      costs: this.costs.length > 0 ? b.costs.pushAll(this.costs) : b.costs,
      anomalies: this.anomalies.length > 0 ? b.anomalies.pushAll(this.anomalies) : b.anomalies,
      seen: b.seen.adopt(this.ids),
      eventCount: this.eventCount,
    }
    if (this.lastEventAt !== undefined) next.lastEventAt = this.lastEventAt
    return next
  }
}

const commitMap = <V>(base: PMap<V>, drafts: Map<string, V>): PMap<V> =>
  drafts.size === 0
    ? base
    : base.withMutations((m) => {
        for (const [k, v] of drafts) m.set(k, v)
      })

// ---------------------------------------------------------------------------------------
// Applying one event. Each handler either applies the event or notes why it cannot.

type Handler<K extends EventType> = (b: Batch, e: EventOf<K>) => void

/** The draft of the event's contact; `applyEvent` has checked that it exists. */
const draftOf = (b: Batch, e: { readonly contactId: string }): Mutable<ContactState> =>
  b.writeContact(e.contactId) as Mutable<ContactState>

const ALL_REFUSED: readonly Channel[] = CHANNELS

const newContact = (e: EventOf<'ContactAdded'>): ContactState => {
  // Copies, not references: the state owns its data whatever the caller does to its events.
  const profile: Mutable<ContactProfile> = {
    name: e.name,
    emails: e.emails?.slice() ?? [],
    phones: e.phones?.slice() ?? [],
  }
  if (e.givenName !== undefined) profile.givenName = e.givenName
  if (e.familyName !== undefined) profile.familyName = e.familyName
  if (e.company !== undefined) profile.company = e.company
  if (e.address !== undefined) profile.address = copyAddress(e.address)
  if (e.timeZone !== undefined) profile.timeZone = e.timeZone
  if (e.calendarSet !== undefined) profile.calendarSet = e.calendarSet
  if (e.locale !== undefined) profile.locale = e.locale
  if (e.notes !== undefined) profile.notes = e.notes
  const c: Mutable<ContactState> = {
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

// A private immer: auto-freezing would freeze values taken from the caller's events.
const { produce } = new Immer({ autoFreeze: false })

/** A profile patched by `ContactUpdated`: absent fields kept, `null` ones cleared (immer keeps it readable). */
const updateProfile = (p: ContactProfile, e: EventOf<'ContactUpdated'>): ContactProfile =>
  produce(p, (d) => {
    if (e.name !== undefined) d.name = e.name
    if (e.emails !== undefined) d.emails = castDraft(e.emails.slice())
    if (e.phones !== undefined) d.phones = castDraft(e.phones.slice())
    const clearable = ['givenName', 'familyName', 'company', 'address', 'timeZone', 'calendarSet', 'locale', 'notes'] as const
    for (const k of clearable) {
      const v = e[k]
      if (v === null) delete d[k]
      else if (v !== undefined) (d as Record<string, unknown>)[k] = k === 'address' ? copyAddress(v as Address) : v
    }
  })

const copyAddress = (a: Address): Address => (a.lines === undefined ? { ...a } : { ...a, lines: a.lines.slice() })

const enrollmentIndex = (c: ContactState, enrollmentId: string): number =>
  c.enrollments.findIndex((x) => x.enrollmentId === enrollmentId)

/** Writes the enrollment at `i` of a contact draft through `f`. */
const writeEnrollment = (b: Batch, c: Mutable<ContactState>, i: number, f: (x: Mutable<EnrollmentState>) => void): void => {
  const list = b.ownArray(c.enrollments)
  const x = b.ownObject(list[i] as EnrollmentState)
  f(x)
  list[i] = x
  c.enrollments = list
}

/** Ends an enrollment that has not ended yet: cancelled or completed. */
const endEnrollment = (b: Batch, e: EventOf<'PlanCancelled' | 'PlanCompleted'>, status: 'cancelled' | 'completed'): void => {
  const c = draftOf(b, e)
  const i = enrollmentIndex(c, e.enrollmentId)
  if (i < 0) return b.note(e, 'unknown-enrollment', false)
  const s = c.enrollments[i]?.status
  if (s === 'cancelled' || s === 'completed') return b.note(e, 'invalid-enrollment-transition', false)
  writeEnrollment(b, c, i, (x) => {
    x.status = status
    x.endedAt = e.at
  })
}

const feedbackOf = (e: EventOf<'FeedbackRecorded'>): FeedbackRecord => ({ at: e.at, ...feedbackMeasures(e) })

/** Moves a stage record (of a referral or lead) to `to`, noting a backdated move. */
const advance = (
  b: Batch,
  e: RelationshipEvent,
  target: { stage: Stage; stages: Readonly<Partial<Record<Stage, string>>> },
  to: Stage,
): Partial<Record<Stage, string>> => {
  const previousAt = target.stages[target.stage]
  if (previousAt !== undefined && instantMillis(e.at) < instantMillis(previousAt)) b.note(e, 'backdated', true)
  return { ...target.stages, [to]: e.at }
}

/**
 * Removes the free text of a referral an erased contact sent or received — its note, source
 * and lost reason, which can describe people — from the referral, the referee's lead that
 * mirrors it, and the rewards paid for it.
 */
const scrubReferral = (b: Batch, referralId: string): void => {
  const r = b.referral(referralId)
  if (r === undefined) return
  if (r.note !== undefined || r.source !== undefined || r.lostReason !== undefined) {
    const w = b.writeReferral(referralId) as Mutable<ReferralState>
    delete w.note
    delete w.source
    delete w.lostReason
  }
  const referee = b.contact(r.refereeId)
  if (referee?.lead?.referralId === referralId && (referee.lead.source !== undefined || referee.lead.lostReason !== undefined)) {
    const w = b.writeContact(r.refereeId) as Mutable<ContactState>
    const lead = b.ownObject(referee.lead)
    delete lead.source
    delete lead.lostReason
    w.lead = lead
  }
  for (const rewardId of r.rewards) scrubReward(b, rewardId)
}

/** Removes a reward's free text: the reason of its review or revocation, a gift's description. */
const scrubReward = (b: Batch, rewardId: string): void => {
  const r = b.reward(rewardId)
  if (r === undefined) return
  const described = r.value.kind === 'gift' && r.value.description !== undefined
  if (r.reason === undefined && !described) return
  const w = b.writeReward(rewardId) as Mutable<RewardState>
  delete w.reason
  if (w.value.kind === 'gift' && described) {
    const { description: _d, ...gift } = w.value
    w.value = gift
  }
}

const handlers: { [K in EventType]: Handler<K> } = {
  ContactAdded: (b, e) => {
    const existing = b.contact(e.contactId)
    if (existing !== undefined) return b.note(e, existing.erased ? 'contact-erased' : 'contact-exists', false)
    b.createContact(newContact(e))
  },
  ContactUpdated: (b, e) => {
    const c = draftOf(b, e)
    if (c.profile !== null) c.profile = updateProfile(c.profile, e)
    if (e.circle === null) delete c.circle
    else if (e.circle !== undefined) c.circle = e.circle
  },
  ContactMet: (b, e) => {
    const c = draftOf(b, e)
    if (!c.met) {
      c.met = true
      c.metAt = e.at
    }
  },
  ContactRoleChanged: (b, e) => {
    const c = draftOf(b, e)
    const category = e.role === 'ally' ? e.allyCategory : undefined
    if (c.role !== e.role || c.allyCategory !== category) {
      c.roleHistory = b.append(c.roleHistory, category === undefined ? { role: e.role, at: e.at } : { role: e.role, at: e.at, allyCategory: category })
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
  },
  ContactRated: (b, e) => {
    const c = draftOf(b, e)
    c.rating = e.score
  },
  PersonalDateRecorded: (b, e) => {
    const c = draftOf(b, e)
    const entry = e.label === undefined ? { kind: e.kind, date: e.date } : { kind: e.kind, date: e.date, label: e.label }
    const list = b.ownArray(c.personalDates)
    const i = list.findIndex((d) => d.kind === e.kind && d.label === e.label)
    if (i >= 0) list[i] = entry
    else list.push(entry)
    c.personalDates = list
  },
  PersonalDateRemoved: (b, e) => {
    const c = draftOf(b, e)
    c.personalDates = c.personalDates.filter((d) => !(d.kind === e.kind && d.label === e.label))
  },
  InterestRecorded: (b, e) => {
    const c = draftOf(b, e)
    const entry =
      e.seasonStart === undefined
        ? { category: e.category, name: e.name }
        : { category: e.category, name: e.name, seasonStart: e.seasonStart }
    const list = b.ownArray(c.interests)
    const i = list.findIndex((x) => x.category === e.category && x.name === e.name)
    if (i >= 0) list[i] = entry
    else list.push(entry)
    c.interests = list
  },
  InterestRemoved: (b, e) => {
    const c = draftOf(b, e)
    c.interests = c.interests.filter((x) => !(x.category === e.category && x.name === e.name))
  },
  ConsentChanged: (b, e) => {
    const c = draftOf(b, e)
    let refused: readonly Channel[]
    if (e.channel === 'all') refused = e.doNotContact ? ALL_REFUSED : []
    else {
      const set = new Set(c.consent.refused)
      if (e.doNotContact) set.add(e.channel)
      else set.delete(e.channel)
      // Canonical order, so equal consents are equal values.
      refused = CHANNELS.filter((ch) => set.has(ch))
    }
    c.consent = { refused }
  },
  ContactErased: (b, e) => {
    const c = draftOf(b, e)
    c.erased = true
    c.erasedAt = e.at
    c.profile = null
    // An assessment of a person is personal data too; role, met and counts are not.
    delete c.rating
    c.personalDates = []
    c.interests = []
    delete c.latestFeedback
    // Free text elsewhere: skip reasons, the lead's source and lost reason, referrals, rewards.
    if (c.enrollments.some((x) => [...x.outcomes.values()].some((o) => o.status === 'skipped' && o.reason !== undefined))) {
      c.enrollments = c.enrollments.map((x) => {
        const outcomes = new Map<string, TouchOutcome>()
        for (const [k, o] of x.outcomes) outcomes.set(k, o.status === 'skipped' ? { status: 'skipped', at: o.at } : o)
        return { ...x, outcomes }
      })
    }
    if (c.lead !== undefined) {
      const lead = { ...c.lead }
      delete lead.source
      delete lead.lostReason
      c.lead = lead
    }
    for (const id of c.referralsGiven) scrubReferral(b, id)
    for (const id of c.referralsReceived) scrubReferral(b, id)
  },
  PlanEnrolled: (b, e) => {
    const c = draftOf(b, e)
    if (enrollmentIndex(c, e.enrollmentId) >= 0) return b.note(e, 'enrollment-exists', false)
    c.enrollments = b.append(c.enrollments, {
      enrollmentId: e.enrollmentId,
      planId: e.planId,
      startDate: e.startDate,
      enrolledAt: e.at,
      status: 'active',
      pauses: [],
      outcomes: new Map(),
      reschedules: new Map(),
    })
  },
  PlanPaused: (b, e) => {
    const c = draftOf(b, e)
    const i = enrollmentIndex(c, e.enrollmentId)
    if (i < 0) return b.note(e, 'unknown-enrollment', false)
    const x0 = c.enrollments[i] as EnrollmentState
    // A pause starts inside the enrollment, after the last one ended: pauses never overlap.
    const lastResume = x0.pauses[x0.pauses.length - 1]?.to
    if (x0.status !== 'active' || e.from < x0.startDate || (lastResume !== undefined && e.from < lastResume)) {
      return b.note(e, 'invalid-enrollment-transition', false)
    }
    writeEnrollment(b, c, i, (x) => {
      x.status = 'paused'
      x.pauses = b.append(x.pauses, { from: e.from })
    })
  },
  PlanResumed: (b, e) => {
    const c = draftOf(b, e)
    const i = enrollmentIndex(c, e.enrollmentId)
    if (i < 0) return b.note(e, 'unknown-enrollment', false)
    const x0 = c.enrollments[i] as EnrollmentState
    const open = x0.pauses[x0.pauses.length - 1]
    if (x0.status !== 'paused' || open === undefined || e.on < open.from) {
      return b.note(e, 'invalid-enrollment-transition', false)
    }
    writeEnrollment(b, c, i, (x) => {
      x.status = 'active'
      const pauses = b.ownArray(x.pauses)
      pauses[pauses.length - 1] = { from: open.from, to: e.on }
      x.pauses = pauses
    })
  },
  PlanCancelled: (b, e) => endEnrollment(b, e, 'cancelled'),
  PlanCompleted: (b, e) => endEnrollment(b, e, 'completed'),
  TouchCompleted: (b, e) => {
    const c = draftOf(b, e)
    const i = enrollmentIndex(c, e.enrollmentId)
    if (i < 0) return b.note(e, 'unknown-enrollment', false)
    if ((c.enrollments[i] as EnrollmentState).outcomes.get(e.touchKey)?.status === 'done') {
      return b.note(e, 'touch-already-done', false)
    }
    writeEnrollment(b, c, i, (x) => {
      const outcomes = b.ownMap(x.outcomes)
      outcomes.set(e.touchKey, { status: 'done', on: e.on, at: e.at, kind: e.kind, channel: e.channel })
      x.outcomes = outcomes
    })
    c.touches = b.append(c.touches, {
      kind: e.kind,
      channel: e.channel,
      on: e.on,
      at: e.at,
      enrollmentId: e.enrollmentId,
      touchKey: e.touchKey,
    })
  },
  TouchSkipped: (b, e) => {
    const c = draftOf(b, e)
    const i = enrollmentIndex(c, e.enrollmentId)
    if (i < 0) return b.note(e, 'unknown-enrollment', false)
    if ((c.enrollments[i] as EnrollmentState).outcomes.get(e.touchKey)?.status === 'done') {
      return b.note(e, 'touch-already-done', false)
    }
    writeEnrollment(b, c, i, (x) => {
      const outcomes = b.ownMap(x.outcomes)
      outcomes.set(e.touchKey, { status: 'skipped', at: e.at, reason: e.reason })
      x.outcomes = outcomes
    })
  },
  TouchRescheduled: (b, e) => {
    const c = draftOf(b, e)
    const i = enrollmentIndex(c, e.enrollmentId)
    if (i < 0) return b.note(e, 'unknown-enrollment', false)
    if ((c.enrollments[i] as EnrollmentState).outcomes.get(e.touchKey)?.status === 'done') {
      return b.note(e, 'touch-already-done', false)
    }
    writeEnrollment(b, c, i, (x) => {
      const reschedules = b.ownMap(x.reschedules)
      reschedules.set(e.touchKey, e.to)
      x.reschedules = reschedules
    })
  },
  TouchLogged: (b, e) => {
    const c = draftOf(b, e)
    const touch: Mutable<TouchRecord> = { kind: e.kind, channel: e.channel, on: e.on, at: e.at }
    if (e.referralId !== undefined) touch.referralId = e.referralId
    if (e.stage !== undefined) touch.stage = e.stage
    c.touches = b.append(c.touches, touch)
  },
  ReferralReceived: (b, e) => {
    const c = draftOf(b, e)
    if (e.refereeId === e.contactId) return b.note(e, 'self-referral', false)
    if (b.referral(e.referralId) !== undefined) return b.note(e, 'referral-exists', false)
    const referee = b.contact(e.refereeId)
    if (referee === undefined) return b.note(e, 'unknown-referee', false)
    if (referee.erased) return b.note(e, 'contact-erased', false)
    const lastId = referee.referralsReceived[referee.referralsReceived.length - 1]
    const last = lastId === undefined ? undefined : b.referral(lastId)
    if (last !== undefined && !isFinalStage(last.stage)) return b.note(e, 'referee-has-open-referral', false)
    const r: Mutable<ReferralState> = {
      referralId: e.referralId,
      referrerId: e.contactId,
      refereeId: e.refereeId,
      stage: 'received',
      stages: { received: e.at },
      rewards: [],
    }
    if (e.source !== undefined) r.source = e.source
    if (e.note !== undefined) r.note = e.note
    b.createReferral(r)
    c.referralsGiven = b.append(c.referralsGiven, e.referralId)
    const w = b.writeContact(e.refereeId) as Mutable<ContactState>
    w.referralsReceived = b.append(w.referralsReceived, e.referralId)
    // The referee enters the funnel as a referred lead; its stages are the referral's.
    const lead: Mutable<LeadState> = {
      ...(w.lead ?? {}),
      capturedAt: w.lead?.capturedAt ?? e.at,
      referralId: e.referralId,
      stage: 'received',
      stages: { received: e.at },
    }
    if (w.lead?.source === undefined) lead.source = e.source ?? 'referral'
    delete lead.revenue
    delete lead.lostReason
    w.lead = lead
  },
  ReferralStageChanged: (b, e) => {
    const r0 = b.referral(e.referralId)
    if (r0 === undefined) return b.note(e, 'unknown-referral', false)
    if (r0.referrerId !== e.contactId) return b.note(e, 'not-the-referrer', false)
    if (!canAdvance(r0.stage, e.stage)) return b.note(e, 'invalid-stage-transition', false)
    const r = b.writeReferral(e.referralId) as Mutable<ReferralState>
    r.stages = advance(b, e, r0, e.stage)
    r.stage = e.stage
    if (e.stage === 'closed') r.revenue = e.revenue
    if (e.stage === 'lost') r.lostReason = e.reason
    // Mirror onto the referee's lead while this referral is the one it follows.
    const referee = b.contact(r.refereeId)
    if (referee?.lead?.referralId === r.referralId) {
      const w = b.writeContact(r.refereeId) as Mutable<ContactState>
      const lead = b.ownObject(referee.lead)
      lead.stage = e.stage
      lead.stages = r.stages
      if (e.stage === 'closed') lead.revenue = e.revenue
      if (e.stage === 'lost') lead.lostReason = e.reason
      w.lead = lead
    }
  },
  ReferralPromised: (b, e) => {
    const c = draftOf(b, e)
    c.promisedAt = e.at
  },
  RewardIssued: (b, e) => {
    if (b.reward(e.rewardId) !== undefined) return b.note(e, 'reward-exists', false)
    const r = b.writeReferral(e.referralId)
    if (r === undefined) return b.note(e, 'unknown-referral', false)
    const reward: Mutable<RewardState> = {
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
    b.createReward(reward)
    r.rewards = b.append(r.rewards, e.rewardId)
    const recipient = e.side === 'team' ? undefined : b.writeContact(e.recipientId)
    if (recipient !== undefined) recipient.rewards = b.append(recipient.rewards, e.rewardId)
  },
  RewardApproved: (b, e) => rewardStatus(b, e, 'approved', ['held', 'issued']),
  RewardRejected: (b, e) => rewardStatus(b, e, 'rejected', ['held', 'issued'], e.reason),
  RewardRevoked: (b, e) => rewardStatus(b, e, 'revoked', ['held', 'issued', 'approved'], e.reason),
  LeadCaptured: (b, e) => {
    const c = draftOf(b, e)
    if (c.lead?.referralId !== undefined) {
      // Already a referred lead: keep the referral's stages, record the source if unknown.
      c.lead = { ...c.lead, source: c.lead.source ?? e.source }
      return
    }
    c.lead = {
      ...(c.lead ?? {}),
      source: e.source,
      capturedAt: c.lead?.capturedAt ?? e.at,
      stage: c.lead?.stage ?? 'received',
      stages: c.lead?.stages ?? { received: e.at },
    }
  },
  LeadAssigned: (b, e) => {
    const c = draftOf(b, e)
    c.lead = { ...(c.lead ?? { capturedAt: e.at, stage: 'received', stages: { received: e.at } }), assignee: e.assignee }
  },
  LeadStageChanged: (b, e) => {
    const c = draftOf(b, e)
    const lead0: LeadState = c.lead ?? { capturedAt: e.at, stage: 'received', stages: { received: e.at } }
    if (lead0.referralId !== undefined) return b.note(e, 'lead-is-referred', false)
    if (!canAdvance(lead0.stage, e.stage)) return b.note(e, 'invalid-stage-transition', false)
    const lead: Mutable<LeadState> = { ...lead0, stage: e.stage, stages: advance(b, e, lead0, e.stage) }
    if (e.stage === 'closed') lead.revenue = e.revenue
    if (e.stage === 'lost') lead.lostReason = e.reason
    c.lead = lead
  },
  TransactionClosed: (b, e) => {
    const c = draftOf(b, e)
    if (c.transactions.some((x) => x.transactionId === e.transactionId)) return b.note(e, 'transaction-exists', false)
    const tx: Mutable<ContactState['transactions'][number]> = {
      transactionId: e.transactionId,
      value: e.value,
      at: e.at,
      servedBy: e.servedBy.slice(),
    }
    if (e.closedOn !== undefined) tx.closedOn = e.closedOn
    if (e.referralId !== undefined) tx.referralId = e.referralId
    c.transactions = b.append(c.transactions, tx)
  },
  CostRecorded: (b, e) => {
    const cost: Mutable<CostRecord> = { eventId: e.id, at: e.at, category: e.category, amount: e.amount }
    if (e.contactId !== undefined) cost.contactId = e.contactId
    b.addCost(cost)
  },
  FeedbackRecorded: (b, e) => {
    const c = draftOf(b, e)
    const f = feedbackOf(e)
    c.latestFeedback = f
    c.feedbackCount += 1
    if (e.aboutContactId !== undefined && e.aboutContactId !== e.contactId) {
      const about = b.writeContact(e.aboutContactId)
      if (about !== undefined && !about.erased) {
        about.feedbackAbout = b.append(about.feedbackAbout, { ...f, fromContactId: e.contactId })
      }
    }
  },
  AllyReviewed: (b, e) => {
    const c = draftOf(b, e)
    c.allyReviews = b.append(c.allyReviews, { at: e.at, verdict: e.verdict })
  },
}

const rewardStatus = (
  b: Batch,
  e: EventOf<'RewardApproved'> | EventOf<'RewardRejected'> | EventOf<'RewardRevoked'>,
  status: RewardState['status'],
  from: readonly RewardState['status'][],
  reason?: string,
): void => {
  const r0 = b.reward(e.rewardId)
  if (r0 === undefined) return b.note(e, 'unknown-reward', false)
  if (!from.includes(r0.status)) return b.note(e, 'invalid-reward-transition', false)
  const r = b.writeReward(e.rewardId) as Mutable<RewardState>
  r.status = status
  r.statusAt = e.at
  if (reason !== undefined) r.reason = reason
}

/** Event types an erased contact's stream may still carry: a referral it sent goes on. */
const ALLOWED_AFTER_ERASURE: ReadonlySet<EventType> = new Set<EventType>([
  'ReferralStageChanged',
  'RewardIssued',
  'RewardApproved',
  'RewardRejected',
  'RewardRevoked',
  'CostRecorded',
])

/** Event types that do not need their contact to exist. */
const CONTACT_OPTIONAL: ReadonlySet<EventType> = new Set<EventType>([
  'ContactAdded',
  'RewardIssued',
  'RewardApproved',
  'RewardRejected',
  'RewardRevoked',
  'CostRecorded',
])

const applyEvent = (b: Batch, e: RelationshipEvent): void => {
  const prior = b.seenType(e.id)
  if (prior !== undefined) {
    // A redelivery changes nothing; the same id on another type is a host bug worth seeing.
    if (prior !== e.type) {
      b.note(e, 'id-reused', false)
      b.eventCount++
    }
    return
  }
  b.markSeen(e.id, e.type)
  if (!CONTACT_OPTIONAL.has(e.type)) {
    const c = b.contact(e.contactId as string)
    if (c === undefined) {
      b.note(e, 'unknown-contact', false)
    } else if (c.erased && !ALLOWED_AFTER_ERASURE.has(e.type)) {
      b.note(e, 'contact-erased', false)
    } else {
      b.setAside = false
      ;(handlers[e.type] as Handler<EventType>)(b, e as never)
      if (!b.setAside) countOnContact(b, e)
    }
  } else {
    ;(handlers[e.type] as Handler<EventType>)(b, e as never)
  }
  b.eventCount++
  b.lastEventAt = e.at
}

/** Counts an applied event on its contact. */
const countOnContact = (b: Batch, e: RelationshipEvent): void => {
  if (e.type === 'ContactAdded' || e.contactId === undefined) return
  const c = b.writeContact(e.contactId)
  if (c !== undefined) {
    c.eventCount += 1
    c.lastEventAt = e.at
  }
}

/**
 * Folds events onto a state (the empty network by default), in stream order.
 * Never throws and never changes `from`.
 *
 * @example
 * const state = foldEvents(events)
 * const later = foldEvents(moreEvents, state) // same as foldEvents([...events, ...moreEvents])
 */
export const foldEvents = (events: Iterable<RelationshipEvent>, from: NetworkState = initialNetwork): NetworkState => {
  const b = new Batch(from)
  for (const e of events) applyEvent(b, e)
  return b.commit()
}

/**
 * Applies one event to a state. Costs O(log n) in the size of the network — an old state
 * is never copied — and never changes `state`.
 */
export const evolve = (state: NetworkState, event: RelationshipEvent): NetworkState => foldEvents([event], state)
