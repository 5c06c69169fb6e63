/**
 * Resolving an aggregate: the cross-stream rules, applied once, in the order the fold meets
 * the events (`seq`). A referral counts when the network accepts it — the referee exists and
 * is not erased, the id is free, the referee has no open referral — and its stages when its
 * referrer moved it forward; a referred lead's stages are its referral's; feedback about an
 * ally counts for that ally while it exists. The rules are `src/rules`', the same the fold
 * applies, so what the KPIs count is exactly what the state holds.
 */
import type { Money, Role, Stage } from '../events/index.js'
import { canAdvance, customerSince, isFinalStage, referralRefusal } from '../rules/index.js'
import type { KpiAggregate } from './aggregate.js'
import type { FeedbackFacts, LeadStageFacts, ReferralCandidate, StageChange, StreamFacts } from './facts.js'

/** A referral the network accepted, with its stages as its referrer moved it (times in ms). */
export interface ResolvedReferral {
  readonly referralId: string
  readonly referrerId: string
  readonly refereeId: string
  /** How the referee heard of the team; absent once the referrer or the referee is erased. */
  readonly source?: string
  readonly referrerRole: Role | null
  readonly receivedSeq: number
  readonly receivedMs: number
  readonly stage: Stage
  readonly stages: Readonly<Partial<Record<Stage, number>>>
  readonly revenue?: Money
}

/** A contact as the KPIs see it once the streams are joined. */
export interface ResolvedContact {
  readonly id: string
  readonly facts: StreamFacts
  readonly addedMs: number
  readonly erasedMs?: number
  /** Its own lead's stages, up to its first referral (after it, a referred lead's stages are its referral's). */
  readonly leadStages: readonly LeadStageFacts[]
  /** Referrals about it that the network accepted, in order. */
  readonly referralsAbout: readonly ResolvedReferral[]
  /** Referrals it sent that the network accepted, in order. */
  readonly referralsGiven: readonly ResolvedReferral[]
  /** When it became a customer (its first closed sale, or the close of its lead or of a referral about it), in ms. */
  readonly customerSince?: number
}

/** A feedback response that counts: about the team's own service, or about an ally that existed. */
export interface ResolvedFeedback {
  readonly contactId: string
  readonly facts: FeedbackFacts
}

/** The facts of an aggregate, joined across streams. */
export interface ResolvedKpiFacts {
  /** Contacts, by id (streams whose contact was added). */
  readonly contacts: ReadonlyMap<string, ResolvedContact>
  /** Accepted referrals, in the order they were received. */
  readonly referrals: readonly ResolvedReferral[]
  /** Responses about the team's own service. */
  readonly teamFeedback: readonly ResolvedFeedback[]
  /** Responses about an ally's service, by ally. */
  readonly allyFeedback: ReadonlyMap<string, readonly ResolvedFeedback[]>
  /** Every stream, the programme's included (for costs). */
  readonly streams: readonly StreamFacts[]
}

type Timeline =
  | { readonly kind: 'received'; readonly seq: number; readonly referrerId: string; readonly c: ReferralCandidate }
  | { readonly kind: 'stage'; readonly seq: number; readonly streamId: string; readonly s: StageChange }

interface Walking {
  referralId: string
  referrerId: string
  refereeId: string
  source?: string
  referrerRole: Role | null
  receivedSeq: number
  receivedMs: number
  stage: Stage
  stages: Partial<Record<Stage, number>>
  revenue?: Money
}

const cache = new WeakMap<KpiAggregate, ResolvedKpiFacts>()

const byKey = (a: StreamFacts, b: StreamFacts): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)

/**
 * The aggregate's facts joined across streams (memoized per aggregate: every report of the
 * same aggregate shares the work).
 */
export const resolveKpiFacts = (aggregate: KpiAggregate): ResolvedKpiFacts => {
  const hit = cache.get(aggregate)
  if (hit !== undefined) return hit
  const streams = [...aggregate.streams.values()].sort(byKey)
  const byId = new Map<string, StreamFacts>()
  for (const s of streams) if (s.key !== '' && s.contact !== null) byId.set(s.key, s)
  const existsAt = (id: string, seq: number): StreamFacts | undefined => {
    const s = byId.get(id)
    return s !== undefined && (s.contact as NonNullable<StreamFacts['contact']>).addedSeq < seq ? s : undefined
  }
  const erasedAt = (s: StreamFacts, seq: number): boolean => {
    const e = s.contact?.erasedSeq
    return e !== undefined && e < seq
  }

  // Referrals and their stages, in the fold's order.
  const timeline: Timeline[] = []
  for (const s of byId.values()) {
    for (const c of s.referrals) timeline.push({ kind: 'received', seq: c.seq, referrerId: s.key, c })
    for (const st of s.stageChanges) timeline.push({ kind: 'stage', seq: st.seq, streamId: s.key, s: st })
  }
  timeline.sort((a, b) => a.seq - b.seq)
  const accepted = new Map<string, Walking>()
  const lastAbout = new Map<string, Walking>()
  const order: Walking[] = []
  for (const x of timeline) {
    if (x.kind === 'received') {
      const referee = existsAt(x.c.refereeId, x.seq)
      const last = lastAbout.get(x.c.refereeId)
      const refusal = referralRefusal({
        referrerId: x.referrerId,
        refereeId: x.c.refereeId,
        referralIdTaken: accepted.has(x.c.referralId),
        ...(referee === undefined ? {} : { referee: { erased: erasedAt(referee, x.seq), openReferralId: last !== undefined && !isFinalStage(last.stage) ? last.referralId : undefined } }),
      })
      if (refusal !== undefined) continue
      const w: Walking = {
        referralId: x.c.referralId,
        referrerId: x.referrerId,
        refereeId: x.c.refereeId,
        referrerRole: x.c.referrerRole,
        receivedSeq: x.seq,
        receivedMs: x.c.ms,
        stage: 'received',
        stages: { received: x.c.ms },
      }
      if (x.c.source !== undefined) w.source = x.c.source
      accepted.set(w.referralId, w)
      lastAbout.set(w.refereeId, w)
      order.push(w)
    } else {
      const r = accepted.get(x.s.referralId)
      if (r === undefined || r.referrerId !== x.streamId || !canAdvance(r.stage, x.s.stage)) continue
      r.stage = x.s.stage
      r.stages = { ...r.stages, [x.s.stage]: x.s.ms }
      if (x.s.revenue !== undefined) r.revenue = x.s.revenue
    }
  }

  const erased = (id: string): boolean => byId.get(id)?.contact?.erasedSeq !== undefined
  const referrals: ResolvedReferral[] = order.map((w) => {
    // A source is free text about the referee: gone when either party is erased.
    if (w.source !== undefined && (erased(w.referrerId) || erased(w.refereeId))) delete w.source
    return w
  })
  const about = new Map<string, ResolvedReferral[]>()
  const given = new Map<string, ResolvedReferral[]>()
  for (const r of referrals) {
    ;(about.get(r.refereeId) ?? about.set(r.refereeId, []).get(r.refereeId))?.push(r)
    ;(given.get(r.referrerId) ?? given.set(r.referrerId, []).get(r.referrerId))?.push(r)
  }

  const contacts = new Map<string, ResolvedContact>()
  for (const s of byId.values()) {
    const c = s.contact as NonNullable<StreamFacts['contact']>
    const referred = about.get(s.key) ?? []
    const firstReferred = referred[0]?.receivedSeq ?? Number.POSITIVE_INFINITY
    const leadStages = s.leadStages.filter((l) => l.seq < firstReferred)
    let leadClosedAt: number | undefined = leadStages.find((l) => l.stage === 'closed')?.ms
    for (const r of referred) {
      const closed = r.stages.closed
      if (closed !== undefined && (leadClosedAt === undefined || closed < leadClosedAt)) leadClosedAt = closed
    }
    const since = customerSince({ saleTimes: s.transactions.map((t) => t.ms), leadClosedAt })
    contacts.set(s.key, {
      id: s.key,
      facts: s,
      addedMs: c.addedMs,
      ...(c.erasedMs === undefined ? {} : { erasedMs: c.erasedMs }),
      leadStages,
      referralsAbout: referred,
      referralsGiven: given.get(s.key) ?? [],
      ...(since === undefined ? {} : { customerSince: since }),
    })
  }

  const teamFeedback: ResolvedFeedback[] = []
  const allyFeedback = new Map<string, ResolvedFeedback[]>()
  for (const s of byId.values()) {
    for (const f of s.feedback) {
      if (f.about === undefined) {
        teamFeedback.push({ contactId: s.key, facts: f })
        continue
      }
      // The fold files a response under the ally only while the ally exists and is not erased.
      const ally = existsAt(f.about, f.seq)
      if (ally === undefined || erasedAt(ally, f.seq)) continue
      ;(allyFeedback.get(f.about) ?? allyFeedback.set(f.about, []).get(f.about))?.push({ contactId: s.key, facts: f })
    }
  }

  const resolved: ResolvedKpiFacts = { contacts, referrals, teamFeedback, allyFeedback, streams }
  cache.set(aggregate, resolved)
  return resolved
}
