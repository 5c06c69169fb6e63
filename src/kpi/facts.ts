/**
 * The facts behind the KPIs, stream by stream.
 *
 * Each stream (one per contact, plus the programme's) is read on its own, in its own order:
 * what a KPI needs from a contact comes from that contact's stream alone, so partial
 * aggregates of disjoint partitions (by contact id) hold disjoint streams and merge by
 * union. Facts that join streams — a referral's referee, feedback about an ally — are joined
 * when the report is finalized, never while aggregating.
 *
 * Within a stream the fold's stream-local rules apply (a redelivered id counts once, nothing
 * counts after erasure but a referral's progress, stages only move forward, a touch is done
 * once). Checks that need another stream (does the referee exist?) are the fold's alone.
 */
import { canAdvance } from '../rules/index.js'
import { instantMillis, type Circle, type CostCategory, type FeedbackMeasures, feedbackMeasures, type Money, type RelationshipEvent, type Role, type Stage } from '../events/index.js'

/** A referral as its referrer's stream tells it. */
export interface ReferralFacts {
  readonly referralId: string
  readonly refereeId: string
  readonly source?: string
  readonly receivedMs: number
  /** The referrer's role when the referral arrived. */
  readonly referrerRole: Role | null
  /** When each stage was reached (ms). */
  readonly stages: Readonly<Partial<Record<Stage, number>>>
  readonly stage: Stage
  readonly revenue?: Money
}

/** A feedback response. */
export interface FeedbackFacts extends FeedbackMeasures {
  readonly eventId: string
  readonly ms: number
}

/** A programme cost. */
export interface CostFacts {
  readonly eventId: string
  readonly ms: number
  readonly category: CostCategory
  readonly amount: Money
}

/** A closed sale. */
export interface TransactionFacts {
  readonly transactionId: string
  readonly ms: number
  readonly value: Money
}

/** A lead that did not come by referral (a referred lead's stages are its referral's). */
export interface LeadFacts {
  readonly source?: string
  readonly assignee?: string
  readonly capturedMs?: number
  readonly stage: Stage
  readonly stages: Readonly<Partial<Record<Stage, number>>>
}

/** Everything the KPIs read from one stream. */
export interface StreamFacts {
  /** The contact id, or `''` for the programme stream. */
  readonly key: string
  readonly addedMs?: number
  readonly erasedMs?: number
  readonly met: boolean
  readonly circle?: Circle
  /** Every role taken, in order, with when. */
  readonly roles: ReadonlyArray<readonly [number, Role]>
  readonly rating?: number
  readonly promisedMs?: number
  readonly assignee?: string
  readonly lead?: LeadFacts
  readonly referrals: ReadonlyMap<string, ReferralFacts>
  readonly transactions: readonly TransactionFacts[]
  /** When each touch was made (planned and completed, or logged), in ms. */
  readonly touches: readonly number[]
  readonly feedback: readonly FeedbackFacts[]
  readonly costs: readonly CostFacts[]
  /** The stream's own events that shape its schedules (for plan adherence). */
  readonly scheduleEvents: readonly RelationshipEvent[]
  /** Event ids counted (a redelivery counts once). */
  readonly seen: ReadonlySet<string>
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

/** Stream facts a builder owns and appends to. @internal */
export type StreamBuilder = Mutable<Omit<StreamFacts, 'referrals' | 'transactions' | 'touches' | 'feedback' | 'costs' | 'scheduleEvents' | 'seen' | 'roles'>> & {
  referrals: Map<string, ReferralFacts>
  transactions: TransactionFacts[]
  touches: number[]
  feedback: FeedbackFacts[]
  costs: CostFacts[]
  scheduleEvents: RelationshipEvent[]
  seen: Set<string>
  roles: Array<readonly [number, Role]>
  /** Enrollment bookkeeping, to count a completed touch once, as the fold does. */
  enrollments: Map<string, { ended: boolean; done: Set<string> }>
}

/** A fresh builder for a stream. @internal */
export const streamBuilder = (key: string): StreamBuilder => ({
  key,
  met: false,
  roles: [],
  referrals: new Map(),
  transactions: [],
  touches: [],
  feedback: [],
  costs: [],
  scheduleEvents: [],
  seen: new Set(),
  enrollments: new Map(),
})

/** Events a stream still takes after its contact was erased (a referral it sent goes on). */
const AFTER_ERASURE: ReadonlySet<RelationshipEvent['type']> = new Set(['ReferralStageChanged', 'RewardIssued', 'RewardApproved', 'RewardRejected', 'RewardRevoked', 'CostRecorded'])

/** Events that shape a contact's schedules. */
const SCHEDULE_EVENTS: ReadonlySet<RelationshipEvent['type']> = new Set([
  'ContactAdded',
  'ContactUpdated',
  'PersonalDateRecorded',
  'PersonalDateRemoved',
  'InterestRecorded',
  'InterestRemoved',
  'ConsentChanged',
  'ContactErased',
  'PlanEnrolled',
  'PlanPaused',
  'PlanResumed',
  'PlanCancelled',
  'PlanCompleted',
  'TouchCompleted',
  'TouchSkipped',
  'TouchRescheduled',
])

const roleAt = (b: StreamBuilder): Role | null => {
  const last = b.roles[b.roles.length - 1]
  return last === undefined ? null : last[1]
}

/** Adds one event of the stream `b` reads (mutating the builder the caller owns). @internal */
export const addToStream = (b: StreamBuilder, e: RelationshipEvent): void => {
  if (b.seen.has(e.id)) return
  b.seen.add(e.id)
  const ms = instantMillis(e.at)
  if (e.type === 'CostRecorded') {
    b.costs.push({ eventId: e.id, ms, category: e.category, amount: e.amount })
    return
  }
  if (b.key === '') return
  if (e.type === 'ContactAdded') {
    if (b.addedMs !== undefined) return
    b.addedMs = ms
    b.met = e.met
    if (e.circle !== undefined) b.circle = e.circle
    b.scheduleEvents.push(e)
    return
  }
  if (b.addedMs === undefined) return
  if (b.erasedMs !== undefined && !AFTER_ERASURE.has(e.type)) return
  if (SCHEDULE_EVENTS.has(e.type)) b.scheduleEvents.push(e)
  switch (e.type) {
    case 'ContactUpdated':
      if (e.circle === null) delete b.circle
      else if (e.circle !== undefined) b.circle = e.circle
      return
    case 'ContactMet':
      b.met = true
      return
    case 'ContactRoleChanged':
      b.roles.push([ms, e.role])
      return
    case 'ContactRated':
      if (e.score !== undefined) b.rating = e.score
      return
    case 'ContactErased':
      b.erasedMs = ms
      delete b.rating
      // The schedule events hold the contact's personal data; an erased contact has no schedule.
      b.scheduleEvents = []
      // Sources are free text that can describe people: gone with the contact, as in the fold.
      for (const [id, r] of b.referrals) {
        if (r.source === undefined) continue
        const { source: _s, ...rest } = r
        b.referrals.set(id, rest)
      }
      if (b.lead?.source !== undefined) {
        const { source: _s, ...lead } = b.lead
        b.lead = lead
      }
      return
    case 'ReferralPromised':
      b.promisedMs = ms
      return
    case 'LeadCaptured': {
      const lead = b.lead
      b.lead = {
        ...(lead ?? { stage: 'received', stages: { received: ms } }),
        ...(lead?.source ?? e.source) === undefined ? {} : { source: (lead?.source ?? e.source) as string },
        capturedMs: lead?.capturedMs ?? ms,
      }
      return
    }
    case 'LeadAssigned':
      b.assignee = e.assignee
      if (b.lead !== undefined) b.lead = { ...b.lead, assignee: e.assignee }
      return
    case 'LeadStageChanged': {
      const lead = b.lead ?? { stage: 'received' as Stage, stages: { received: ms } }
      if (!canAdvance(lead.stage, e.stage)) return
      b.lead = {
        ...lead,
        ...(b.assignee === undefined ? {} : { assignee: b.assignee }),
        stage: e.stage,
        stages: { ...lead.stages, [e.stage]: ms },
      }
      return
    }
    case 'PlanEnrolled':
      if (!b.enrollments.has(e.enrollmentId)) b.enrollments.set(e.enrollmentId, { ended: false, done: new Set() })
      return
    case 'PlanCancelled':
    case 'PlanCompleted': {
      const x = b.enrollments.get(e.enrollmentId)
      if (x !== undefined) x.ended = true
      return
    }
    case 'TouchCompleted': {
      const x = b.enrollments.get(e.enrollmentId)
      if (x === undefined || x.done.has(e.touchKey)) return
      x.done.add(e.touchKey)
      b.touches.push(ms)
      return
    }
    case 'TouchLogged':
      b.touches.push(ms)
      return
    case 'ReferralReceived': {
      if (e.refereeId === b.key || b.referrals.has(e.referralId)) return
      b.referrals.set(e.referralId, {
        referralId: e.referralId,
        refereeId: e.refereeId,
        ...(e.source === undefined ? {} : { source: e.source }),
        receivedMs: ms,
        referrerRole: roleAt(b),
        stages: { received: ms },
        stage: 'received',
      })
      return
    }
    case 'ReferralStageChanged': {
      const r = b.referrals.get(e.referralId)
      if (r === undefined || !canAdvance(r.stage, e.stage)) return
      b.referrals.set(e.referralId, {
        ...r,
        stage: e.stage,
        stages: { ...r.stages, [e.stage]: ms },
        ...(e.stage === 'closed' ? { revenue: e.revenue } : {}),
      })
      return
    }
    case 'TransactionClosed':
      if (b.transactions.some((t) => t.transactionId === e.transactionId)) return
      b.transactions.push({ transactionId: e.transactionId, ms, value: e.value })
      return
    case 'FeedbackRecorded': {
      // Feedback about oneself is no ally review.
      const { aboutContactId, ...measures } = feedbackMeasures(e)
      b.feedback.push({ eventId: e.id, ms, ...measures, ...(aboutContactId === undefined || aboutContactId === b.key ? {} : { aboutContactId }) })
      return
    }
    default:
      return
  }
}
