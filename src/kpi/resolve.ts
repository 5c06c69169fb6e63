/**
 * Resolving an aggregate: the cross-stream rules, applied once, in the order the fold meets
 * the events (`seq`). A referral counts when the network accepts it — the referee exists and
 * is not erased, the id is free, the referee has no open referral — and its stages when its
 * referrer moved it forward; a referred lead's stages are its referral's; feedback about an
 * ally counts for that ally while it exists. The rules are `src/rules`', the same the fold
 * applies, so what the KPIs count is exactly what the state holds.
 */
import type { Money, RelationshipEvent, Role, Stage } from '../events/index.js'
import { canAdvance, customerSince, isFinalStage, referralRefusal } from '../rules/index.js'
import type { KpiAggregate } from './aggregate.js'
import { mergesOf, type FeedbackFacts, type LeadStageFacts, type MergeFacts, type ReferralCandidate, type StageChange, type StreamFacts } from './facts.js'

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
  | { readonly kind: 'merge'; readonly seq: number; readonly m: MergeFacts }

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
  // Merges, as the fold applies them: from its first copy on, a merged id is its survivor.
  // One whose two contacts are not both here (a partial aggregate) waits for the other part.
  const merges = new Map([...mergesOf(streams)].filter(([, m]) => byId.has(m.survivorId) && byId.has(m.mergedId)))
  const resolveAt = (id: string, seq: number): string => {
    if (merges.size === 0) return id
    let at = id
    for (let i = 0; i < 64; i++) {
      const m = merges.get(at)
      if (m === undefined || m.seq >= seq) break
      at = m.survivorId
    }
    return at
  }
  const resolve = (id: string): string => resolveAt(id, Number.POSITIVE_INFINITY)
  const existsAt = (id: string, seq: number): StreamFacts | undefined => {
    const s = byId.get(id)
    return s !== undefined && (s.contact as NonNullable<StreamFacts['contact']>).addedSeq < seq ? s : undefined
  }
  const erasedAt = (s: StreamFacts, seq: number): boolean => {
    const e = s.contact?.erasedSeq
    return e !== undefined && e < seq
  }

  // Referrals and their stages, in the fold's order, each party as it was at the time.
  const timeline: Timeline[] = []
  for (const s of byId.values()) {
    for (const c of s.referrals) timeline.push({ kind: 'received', seq: c.seq, referrerId: resolveAt(s.key, c.seq), c })
    for (const st of s.stageChanges) timeline.push({ kind: 'stage', seq: st.seq, streamId: resolveAt(s.key, st.seq), s: st })
  }
  for (const m of merges.values()) timeline.push({ kind: 'merge', seq: m.seq, m })
  timeline.sort((a, b) => a.seq - b.seq)
  const accepted = new Map<string, Walking>()
  // The referrals about each contact, in the order they came (merged contacts bring theirs).
  const aboutSoFar = new Map<string, Walking[]>()
  const order: Walking[] = []
  for (const x of timeline) {
    if (x.kind === 'merge') {
      const brought = aboutSoFar.get(x.m.mergedId)
      if (brought !== undefined) aboutSoFar.set(x.m.survivorId, [...(aboutSoFar.get(x.m.survivorId) ?? []), ...brought])
      aboutSoFar.delete(x.m.mergedId)
    } else if (x.kind === 'received') {
      const refereeId = resolveAt(x.c.refereeId, x.seq)
      const referee = existsAt(refereeId, x.seq)
      // Only the last can be open, unless a merge brought two.
      const about = aboutSoFar.get(refereeId) ?? []
      let open: Walking | undefined
      for (let i = about.length - 1; i >= 0 && open === undefined; i--) if (!isFinalStage((about[i] as Walking).stage)) open = about[i]
      const refusal = referralRefusal({
        referrerId: x.referrerId,
        refereeId,
        referralIdTaken: accepted.has(x.c.referralId),
        ...(referee === undefined ? {} : { referee: { erased: erasedAt(referee, x.seq), openReferralId: open?.referralId } }),
      })
      if (refusal !== undefined) continue
      const w: Walking = {
        referralId: x.c.referralId,
        referrerId: x.referrerId,
        refereeId,
        referrerRole: x.c.referrerRole,
        receivedSeq: x.seq,
        receivedMs: x.c.ms,
        stage: 'received',
        stages: { received: x.c.ms },
      }
      if (x.c.source !== undefined) w.source = x.c.source
      accepted.set(w.referralId, w)
      ;(aboutSoFar.get(refereeId) ?? aboutSoFar.set(refereeId, []).get(refereeId))?.push(w)
      order.push(w)
    } else {
      const r = accepted.get(x.s.referralId)
      if (r === undefined || resolveAt(r.referrerId, x.seq) !== x.streamId || !canAdvance(r.stage, x.s.stage)) continue
      r.stage = x.s.stage
      // The walk's own object, handed out only once the walk is done: written in place.
      r.stages[x.s.stage] = x.s.ms
      if (x.s.revenue !== undefined) r.revenue = x.s.revenue
    }
  }
  // From the merge on, the fold's referrals name the survivor.
  if (merges.size > 0) {
    for (const w of order) {
      w.referrerId = resolve(w.referrerId)
      w.refereeId = resolve(w.refereeId)
    }
  }

  // One contact per person: a survivor's facts are the union of its merged contacts'.
  const combined = new Map<string, StreamFacts>()
  const combinedOf = (id: string): StreamFacts => {
    const done = combined.get(id)
    if (done !== undefined) return done
    let acc = byId.get(id) as StreamFacts
    const into = [...merges.values()].filter((m) => m.survivorId === id).sort((a, b) => a.seq - b.seq)
    for (const m of into) acc = combineFacts(acc, combinedOf(m.mergedId), m)
    combined.set(id, acc)
    return acc
  }
  const people = new Map<string, StreamFacts>()
  for (const id of byId.keys()) if (!merges.has(id)) people.set(id, merges.size === 0 ? (byId.get(id) as StreamFacts) : combinedOf(id))
  // A person's role is one history (the survivor's, when it had one): a referral a merged
  // contact sent is counted under the role the person had when it came.
  if (merges.size > 0) {
    for (const w of order) {
      const person = people.get(w.referrerId)
      if (person === undefined || person === byId.get(w.referrerId)) continue
      let role: Role | null = null
      for (const [ms, r] of person.roles) if (ms <= w.receivedMs) role = r
      w.referrerRole = role
    }
  }

  const erased = (id: string): boolean => people.get(id)?.contact?.erasedSeq !== undefined
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
  for (const s of people.values()) {
    const c = s.contact as NonNullable<StreamFacts['contact']>
    const referred = about.get(s.key) ?? []
    const firstReferred = referred[0]?.receivedSeq ?? Number.POSITIVE_INFINITY
    // Shared, not copied, when no referral cuts it (the facts are never written).
    const leadStages = referred.length === 0 ? s.leadStages : s.leadStages.filter((l) => l.seq < firstReferred)
    let leadClosedAt: number | undefined = leadStages.find((l) => l.stage === 'closed')?.ms
    for (const r of referred) {
      const closed = r.stages.closed
      if (closed !== undefined && (leadClosedAt === undefined || closed < leadClosedAt)) leadClosedAt = closed
    }
    const since = customerSince({ saleTimes: s.transactions.map((t) => t.ms), leadClosedAt })
    // Built here and only then handed out: the optional fields are set, not spread in.
    const contact: { -readonly [K in keyof ResolvedContact]: ResolvedContact[K] } = {
      id: s.key,
      facts: s,
      addedMs: c.addedMs,
      leadStages,
      referralsAbout: referred,
      referralsGiven: given.get(s.key) ?? [],
    }
    if (c.erasedMs !== undefined) contact.erasedMs = c.erasedMs
    if (since !== undefined) contact.customerSince = since
    contacts.set(s.key, contact)
  }

  const teamFeedback: ResolvedFeedback[] = []
  const allyFeedback = new Map<string, ResolvedFeedback[]>()
  for (const s of byId.values()) {
    const contactId = resolve(s.key)
    for (const f of s.feedback) {
      if (f.about === undefined) {
        teamFeedback.push({ contactId, facts: f })
        continue
      }
      // The fold files a response under the ally only while the ally exists and is not erased.
      const about = resolveAt(f.about, f.seq)
      const ally = existsAt(about, f.seq)
      if (ally === undefined || erasedAt(ally, f.seq)) continue
      const allyId = resolve(about)
      ;(allyFeedback.get(allyId) ?? allyFeedback.set(allyId, []).get(allyId))?.push({ contactId, facts: f })
    }
  }

  const resolved: ResolvedKpiFacts = { contacts, referrals, teamFeedback, allyFeedback, streams }
  cache.set(aggregate, resolved)
  return resolved
}

const minOf = (a: number | null, b: number | null): number | null => (a === null ? b : b === null ? a : Math.min(a, b))

/** The events of a schedule around a merge: each side's before it, the merge, then each side's after. */
const spliceSchedules = (s: readonly RelationshipEvent[], m: readonly RelationshipEvent[], merge: MergeFacts): RelationshipEvent[] => {
  const at = (xs: readonly RelationshipEvent[]) =>
    xs.findIndex((e) => e.type === 'ContactsMerged' && e.survivorId === merge.survivorId && e.mergedId === merge.mergedId)
  const i = at(s)
  const j = at(m)
  if (i < 0 || j < 0) return [...m, ...s]
  return [...m.slice(0, j), ...s.slice(0, i), s[i] as RelationshipEvent, ...m.slice(j + 1), ...s.slice(i + 1)]
}

/**
 * A survivor's facts with a merged contact's joined in, as the fold joins their states: the
 * earliest dates, both histories, and on what is one value (role, lead, rating, circle) the
 * survivor's when it had one at the merge.
 */
const combineFacts = (s: StreamFacts, m: StreamFacts, merge: MergeFacts): StreamFacts => {
  const sc = s.contact as NonNullable<StreamFacts['contact']>
  const mc = m.contact as NonNullable<StreamFacts['contact']>
  const first = mc.addedSeq < sc.addedSeq ? mc : sc
  const circle = sc.circle ?? mc.circle
  const erasedBy = sc.erasedSeq !== undefined ? sc : mc.erasedSeq !== undefined ? mc : undefined
  const contact = {
    addedSeq: first.addedSeq,
    addedMs: first.addedMs,
    met: sc.met || mc.met,
    ...(circle === undefined ? {} : { circle }),
    ...(erasedBy === undefined ? {} : { erasedSeq: erasedBy.erasedSeq as number, erasedMs: erasedBy.erasedMs as number }),
  }
  // A role, and a lead, are one each: the survivor's when it had one at the merge.
  const hadRole = s.roles.some(([ms]) => ms <= merge.ms)
  const hadLead = s.lead.capturedMs !== undefined && s.lead.capturedMs <= merge.ms
  const leadStages: LeadStageFacts[] = []
  for (const l of hadLead ? s.leadStages : [...m.leadStages, ...s.leadStages].sort((a, b) => a.seq - b.seq)) {
    if (canAdvance(leadStages[leadStages.length - 1]?.stage ?? 'received', l.stage)) leadStages.push(l)
  }
  const assignee = s.lead.assignee ?? m.lead.assignee
  const enrollments = new Map<string, Set<string>>()
  for (const [k, v] of [...m.enrollments, ...s.enrollments]) enrollments.set(k, new Set([...(enrollments.get(k) ?? []), ...v]))
  return {
    ...s,
    contact,
    roles: hadRole ? s.roles : [...m.roles, ...s.roles],
    rating: s.rating ?? m.rating,
    promisedMs: minOf(s.promisedMs, m.promisedMs),
    lead: hadLead || m.lead.capturedMs === undefined ? s.lead : { capturedMs: m.lead.capturedMs, ...(assignee === undefined ? {} : { assignee }) },
    leadStages,
    referrals: [...s.referrals, ...m.referrals],
    stageChanges: [...s.stageChanges, ...m.stageChanges],
    transactions: [...s.transactions, ...m.transactions.filter((t) => !s.transactions.some((u) => u.transactionId === t.transactionId))].sort((a, b) => a.ms - b.ms),
    touches: [...s.touches, ...m.touches].sort((a, b) => a - b),
    feedback: [...s.feedback, ...m.feedback],
    costs: [...s.costs, ...m.costs],
    enrollments,
    scheduleEvents: spliceSchedules(s.scheduleEvents, m.scheduleEvents, merge),
    // The person's schedules are the fold of both streams' events: plan adherence folds them.
    ownContact: null,
    merges: [...s.merges, ...m.merges],
  }
}
