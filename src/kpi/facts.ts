/**
 * The facts behind the KPIs, stream by stream, each declared once.
 *
 * A stream (a contact's, or the programme's) is read on its own, in its order, with the
 * fold's own rules for what a stream accepts (`src/rules`): a redelivered id counts once,
 * nothing counts before the contact is added or after it is erased (but a referral's
 * progress), a touch is done once, a sale is recorded once. Acceptance that needs another
 * stream — does the referee exist, does it have an open referral, is the ally still there —
 * is decided when the aggregate is resolved (`resolve.ts`), in the order the fold would have
 * met the events (`seq`: their global position, or their index in one pass). So the KPIs
 * count exactly what the fold accepted, and partial aggregates of disjoint partitions still
 * merge by union.
 *
 * Every fact is one entry of `FACTS`: its empty value, its copy, its JSON codec and the
 * events that change it. Adding a fact is adding an entry; the builder, the copy-on-write,
 * the codec and the types all follow from the table.
 */
import * as t from 'io-ts'
import { Flag, MoneyC, intRange, numberRange, oneOf } from '../core/codecs.js'
import {
  CIRCLES,
  COST_CATEGORIES,
  ROLES,
  STAGES,
  encodeEvent,
  eventFingerprint,
  feedbackMeasures,
  instantMillis,
  type Circle,
  type CostCategory,
  type EventOf,
  type EventType,
  type Money,
  type RelationshipEvent,
  type Role,
  type Stage,
} from '../events/index.js'
import { acceptedAfterErasure, canAdvance, needsContact } from '../rules/index.js'
import { OWN_CONTACT_EVENTS, type ContactState } from '../state/index.js'

/** A contact's own facts: when it was added (and erased), Met or not, its circle. */
export interface ContactFacts {
  readonly addedSeq: number
  readonly addedMs: number
  readonly met: boolean
  readonly circle?: Circle
  readonly erasedSeq?: number
  readonly erasedMs?: number
}

/** A `ReferralReceived` the stream accepted; whether the network accepts it is resolved later. */
export interface ReferralCandidate {
  readonly referralId: string
  readonly refereeId: string
  readonly seq: number
  readonly ms: number
  /** How the referee heard of the team (free text: dropped when the referrer or referee is erased). */
  readonly source?: string
  /** The referrer's role when the referral arrived. */
  readonly referrerRole: Role | null
}

/** A `ReferralStageChanged` of the stream; it applies if the referral is this stream's and may advance. */
export interface StageChange {
  readonly referralId: string
  readonly seq: number
  readonly ms: number
  readonly stage: Stage
  readonly revenue?: Money
}

/** A stage the contact's own (not referred) lead reached, in order. */
export interface LeadStageFacts {
  readonly seq: number
  readonly ms: number
  readonly stage: Stage
  readonly revenue?: Money
}

/** The contact's own lead: when captured, and who it is assigned to. */
export interface OwnLeadFacts {
  readonly capturedMs?: number
  readonly assignee?: string
}

/** A closed sale. */
export interface TransactionFacts {
  readonly transactionId: string
  readonly ms: number
  readonly value: Money
}

/**
 * A feedback response: its measures (the CSI as its 0–100 value), and the ally it is about,
 * if any (resolved later: the ally must exist and not be erased when the response comes).
 */
export interface FeedbackFacts {
  readonly eventId: string
  readonly seq: number
  readonly ms: number
  readonly about?: string
  readonly nps?: number
  readonly csi?: number
  readonly perceivedPerformance?: number
  readonly expectedPerformance?: number
  readonly perceivedBenefits?: number
  readonly perceivedCosts?: number
  readonly referralEffort?: number
}

/** Whether a response still holds measures (a response about an erased ally keeps only when and about whom). @internal */
export const hasMeasures = (f: FeedbackFacts): boolean =>
  f.nps !== undefined ||
  f.csi !== undefined ||
  f.perceivedPerformance !== undefined ||
  f.expectedPerformance !== undefined ||
  f.perceivedBenefits !== undefined ||
  f.perceivedCosts !== undefined ||
  f.referralEffort !== undefined

/** A `ContactsMerged` the stream read (each of the two streams reads its own copy). */
export interface MergeFacts {
  readonly survivorId: string
  readonly mergedId: string
  readonly seq: number
  readonly ms: number
}

/** A programme cost. */
export interface CostFacts {
  readonly ms: number
  readonly category: CostCategory
  readonly amount: Money
}

/** What reading an event needs to know besides the event. */
export interface ReadContext {
  /** The event's place in the order the fold meets events. */
  readonly seq: number
  /** Its instant, in ms. */
  readonly ms: number
  /** The stream's contact facts as they were before this event. */
  readonly contact: ContactFacts | null
  /** The contact's role before this event. */
  readonly role: Role | null
}

/** One fact: its empty value, a copy (for copy-on-write), its JSON codec, and how events change it. */
interface Fact<V, J> {
  readonly empty: () => V
  readonly copy: (v: V) => V
  readonly codec: t.Type<V, J, unknown>
  readonly on: { readonly [K in EventType]?: (v: V, e: EventOf<K>, x: ReadContext) => V }
}

const fact = <V, J>(f: Fact<V, J>): Fact<V, J> => f

const finite = new t.Type<number, number, unknown>(
  'a finite number',
  (u): u is number => typeof u === 'number' && Number.isFinite(u),
  (u, c) => (typeof u === 'number' && Number.isFinite(u) ? t.success(u) : t.failure(u, c)),
  (a) => a,
)
const text = new t.Type<string, string, unknown>(
  'a non-empty string',
  (u): u is string => typeof u === 'string' && u.length > 0,
  (u, c) => (typeof u === 'string' && u.length > 0 ? t.success(u) : t.failure(u, c)),
  (a) => a,
)
const nullable = <C extends t.Mixed>(c: C) => t.union([c, t.null])
const RoleC = oneOf(ROLES)
const StageC = oneOf(STAGES)
const zeroToTen = numberRange(0, 10)
const list = <C extends t.Mixed>(c: C) => t.array(c)
const copyList = <T>(xs: readonly T[]): T[] => xs.slice()

/** A `Map` as a list of entries in JSON. */
const mapOf = <K, V, KO, VO>(k: t.Type<K, KO, unknown>, v: t.Type<V, VO, unknown>, name: string) => {
  const entries = t.array(t.tuple([k, v]))
  return new t.Type<Map<K, V>, Array<[KO, VO]>, unknown>(
    name,
    (u): u is Map<K, V> => u instanceof Map,
    (u, c) => {
      const r = entries.validate(u, c)
      return r._tag === 'Left' ? r : t.success(new Map(r.right as Array<[K, V]>))
    },
    (m) => [...m].map(([a, b]) => [k.encode(a), v.encode(b)]),
  )
}

const setOf = <V>(v: t.Type<V, V, unknown>, name: string) =>
  new t.Type<Set<V>, V[], unknown>(
    name,
    (u): u is Set<V> => u instanceof Set,
    (u, c) => {
      const r = t.array(v).validate(u, c)
      return r._tag === 'Left' ? r : t.success(new Set(r.right))
    },
    (s) => [...s],
  )

const ContactFactsC = t.exact(
  t.intersection([
    t.type({ addedSeq: finite, addedMs: finite, met: Flag }),
    t.partial({ circle: oneOf(CIRCLES), erasedSeq: finite, erasedMs: finite }),
  ]),
)

/** A referral candidate (or anything with a source) without its free-text source. @internal */
export const withoutSource = <T extends { readonly source?: string }>(x: T): T => {
  if (x.source === undefined) return x
  const { source: _s, ...rest } = x
  return rest as T
}

/** Measures of a response as facts: the CSI as its value, no free text. */
const feedbackFacts = (e: EventOf<'FeedbackRecorded'>, x: ReadContext): FeedbackFacts => {
  const { aboutContactId, csi, ...measures } = feedbackMeasures(e)
  const about = aboutContactId === undefined || aboutContactId === e.contactId ? undefined : aboutContactId
  const csiValue = csi === undefined ? undefined : csiValueOf(csi)
  return { eventId: e.id, seq: x.seq, ms: x.ms, ...measures, ...(about === undefined ? {} : { about }), ...(csiValue === undefined ? {} : { csi: csiValue }) }
}

/**
 * The CSI of a response, 0–100: the recorded score, or the attributes' satisfaction (1–10)
 * weighted by importance, × 10.
 * @example csiValueOf({ method: 'attributes', attributes: [{ satisfaction: 8, importance: 2 }, { satisfaction: 6, importance: 1 }] }) // 73.33…
 */
export const csiValueOf = (
  csi: { readonly method: 'score'; readonly score: number } | { readonly method: 'attributes'; readonly attributes: ReadonlyArray<{ readonly satisfaction: number; readonly importance: number }> },
): number | undefined => {
  if (csi.method === 'score') return csi.score
  let num = 0
  let den = 0
  for (const a of csi.attributes) {
    num += a.satisfaction * a.importance
    den += a.importance
  }
  return den === 0 ? undefined : (num / den) * 10
}

/**
 * Events that shape a contact's schedules (for plan adherence), kept until the contact is
 * erased: the events a stream's own contact is folded from (`OWN_CONTACT_EVENTS`, one list with
 * the fold's side, so the kept contact and the kept events cannot drift apart), and the merges.
 * @internal
 */
export const SCHEDULE_EVENTS: ReadonlySet<EventType> = new Set<EventType>([
  ...OWN_CONTACT_EVENTS,
  // Where a merge falls among the contact's own events: the two schedules are folded into one there.
  'ContactsMerged',
])

const pushSchedule = (v: RelationshipEvent[], e: RelationshipEvent): RelationshipEvent[] => (v.push(e), v)

/** Every fact a stream keeps. */
export const FACTS = {
  contact: fact<ContactFacts | null, unknown>({
    empty: () => null,
    copy: (v) => v,
    codec: nullable(ContactFactsC) as unknown as t.Type<ContactFacts | null, unknown, unknown>,
    on: {
      ContactAdded: (_v, e, x) => ({ addedSeq: x.seq, addedMs: x.ms, met: e.met, ...(e.circle === undefined ? {} : { circle: e.circle }) }),
      ContactMet: (v) => (v === null ? v : { ...v, met: true }),
      ContactUpdated: (v, e) => {
        if (v === null || e.circle === undefined) return v
        if (e.circle !== null) return { ...v, circle: e.circle }
        const { circle: _c, ...rest } = v
        return rest
      },
      ContactErased: (v, _e, x) => (v === null ? v : { ...v, erasedSeq: x.seq, erasedMs: x.ms }),
    },
  }),
  roles: fact<Array<readonly [number, Role]>, Array<[number, Role]>>({
    empty: () => [],
    copy: copyList,
    codec: list(t.tuple([finite, RoleC])) as unknown as t.Type<Array<readonly [number, Role]>, Array<[number, Role]>, unknown>,
    on: { ContactRoleChanged: (v, e, x) => (v.push([x.ms, e.role]), v) },
  }),
  rating: fact<number | null, number | null>({
    empty: () => null,
    copy: (v) => v,
    codec: nullable(intRange(1, 5)),
    on: { ContactRated: (v, e) => e.score ?? v, ContactErased: () => null },
  }),
  promisedMs: fact<number | null, number | null>({
    empty: () => null,
    copy: (v) => v,
    codec: nullable(finite),
    on: { ReferralPromised: (_v, _e, x) => x.ms },
  }),
  lead: fact<OwnLeadFacts, unknown>({
    empty: () => ({}),
    copy: (v) => v,
    codec: t.exact(t.partial({ capturedMs: finite, assignee: text })) as unknown as t.Type<OwnLeadFacts, unknown, unknown>,
    on: {
      LeadCaptured: (v, _e, x) => (v.capturedMs === undefined ? { ...v, capturedMs: x.ms } : v),
      LeadAssigned: (v, e, x) => ({ ...v, capturedMs: v.capturedMs ?? x.ms, assignee: e.assignee }),
      LeadStageChanged: (v, _e, x) => (v.capturedMs === undefined ? { ...v, capturedMs: x.ms } : v),
    },
  }),
  leadStages: fact<LeadStageFacts[], unknown[]>({
    empty: () => [],
    copy: copyList,
    codec: list(t.exact(t.intersection([t.type({ seq: finite, ms: finite, stage: StageC }), t.partial({ revenue: MoneyC })]))) as unknown as t.Type<LeadStageFacts[], unknown[], unknown>,
    on: {
      // The lead's own chain of stages, as if it were never referred: the stages after its
      // first referral are cut when the aggregate is resolved (a referred lead's stages are its referral's).
      LeadStageChanged: (v, e, x) => {
        const from = v[v.length - 1]?.stage ?? 'received'
        if (!canAdvance(from, e.stage)) return v
        v.push({ seq: x.seq, ms: x.ms, stage: e.stage, ...(e.stage === 'closed' ? { revenue: e.revenue } : {}) })
        return v
      },
    },
  }),
  referrals: fact<ReferralCandidate[], unknown[]>({
    empty: () => [],
    copy: copyList,
    codec: list(
      t.exact(
        t.intersection([
          t.type({ referralId: text, refereeId: text, seq: finite, ms: finite, referrerRole: nullable(RoleC) }),
          t.partial({ source: text }),
        ]),
      ),
    ) as unknown as t.Type<ReferralCandidate[], unknown[], unknown>,
    on: {
      ReferralReceived: (v, e, x) => {
        if (e.refereeId === e.contactId) return v
        v.push({ referralId: e.referralId, refereeId: e.refereeId, seq: x.seq, ms: x.ms, referrerRole: x.role, ...(e.source === undefined ? {} : { source: e.source }) })
        return v
      },
      // Its free text goes with the referrer.
      ContactErased: (v) => v.map(withoutSource),
    },
  }),
  stageChanges: fact<StageChange[], unknown[]>({
    empty: () => [],
    copy: copyList,
    codec: list(t.exact(t.intersection([t.type({ referralId: text, seq: finite, ms: finite, stage: StageC }), t.partial({ revenue: MoneyC })]))) as unknown as t.Type<StageChange[], unknown[], unknown>,
    on: {
      ReferralStageChanged: (v, e, x) => (v.push({ referralId: e.referralId, seq: x.seq, ms: x.ms, stage: e.stage, ...(e.stage === 'closed' ? { revenue: e.revenue } : {}) }), v),
    },
  }),
  transactions: fact<TransactionFacts[], unknown[]>({
    empty: () => [],
    copy: copyList,
    codec: list(t.exact(t.type({ transactionId: text, ms: finite, value: MoneyC }))) as unknown as t.Type<TransactionFacts[], unknown[], unknown>,
    on: {
      TransactionClosed: (v, e, x) => (v.some((s) => s.transactionId === e.transactionId) ? v : (v.push({ transactionId: e.transactionId, ms: x.ms, value: e.value }), v)),
    },
  }),
  touches: fact<number[], number[]>({
    empty: () => [],
    copy: copyList,
    codec: list(finite),
    on: { TouchCompleted: (v, _e, x) => (v.push(x.ms), v), TouchLogged: (v, _e, x) => (v.push(x.ms), v) },
  }),
  feedback: fact<FeedbackFacts[], unknown[]>({
    empty: () => [],
    copy: copyList,
    codec: list(
      t.exact(
        t.intersection([
          t.type({ eventId: text, seq: finite, ms: finite }),
          t.partial({
            about: text,
            nps: intRange(0, 10),
            csi: numberRange(0, 100),
            perceivedPerformance: zeroToTen,
            expectedPerformance: zeroToTen,
            perceivedBenefits: zeroToTen,
            perceivedCosts: zeroToTen,
            referralEffort: zeroToTen,
          }),
        ]),
      ),
    ) as unknown as t.Type<FeedbackFacts[], unknown[], unknown>,
    on: { FeedbackRecorded: (v, e, x) => (v.push(feedbackFacts(e, x)), v) },
  }),
  costs: fact<CostFacts[], unknown[]>({
    empty: () => [],
    copy: copyList,
    codec: list(t.exact(t.type({ ms: finite, category: oneOf(COST_CATEGORIES), amount: MoneyC }))) as unknown as t.Type<CostFacts[], unknown[], unknown>,
    on: { CostRecorded: (v, e, x) => (v.push({ ms: x.ms, category: e.category, amount: e.amount }), v) },
  }),
  /**
   * Each enrollment's done touch keys: a touch counts once, as in the fold. A survivor's
   * stream may complete a touch of an enrollment that came with a merged contact: it is
   * noted here under that enrollment, which the merged contact's stream holds.
   */
  enrollments: fact<Map<string, Set<string>>, unknown>({
    empty: () => new Map(),
    copy: (m) => new Map([...m].map(([k, s]) => [k, new Set(s)])),
    codec: mapOf(text, setOf(text, 'touch keys'), 'enrollments') as unknown as t.Type<Map<string, Set<string>>, unknown, unknown>,
    on: {
      PlanEnrolled: (v, e) => (v.has(e.enrollmentId) ? v : v.set(e.enrollmentId, new Set())),
      TouchCompleted: (v, e) => ((v.get(e.enrollmentId) ?? v.set(e.enrollmentId, new Set()).get(e.enrollmentId))?.add(e.touchKey), v),
    },
  }),
  /** The merges the stream read: the contacts merged into it, or the one it was merged into. */
  merges: fact<MergeFacts[], unknown[]>({
    empty: () => [],
    copy: copyList,
    codec: list(t.exact(t.type({ survivorId: text, mergedId: text, seq: finite, ms: finite }))) as unknown as t.Type<MergeFacts[], unknown[], unknown>,
    on: { ContactsMerged: (v, e, x) => (v.push({ survivorId: e.survivorId, mergedId: e.mergedId, seq: x.seq, ms: x.ms }), v) },
  }),
  /** The contact's own events that shape its schedules, for plan adherence; none once it is erased. */
  scheduleEvents: fact<RelationshipEvent[], unknown[]>({
    empty: () => [],
    copy: copyList,
    codec: list(t.unknown) as unknown as t.Type<RelationshipEvent[], unknown[], unknown>,
    on: Object.fromEntries([...[...SCHEDULE_EVENTS].map((k) => [k, pushSchedule]), ['ContactErased', () => []]]) as Fact<RelationshipEvent[], unknown[]>['on'],
  }),
  /** Event ids read, with their fingerprint: a redelivery counts once. */
  seen: fact<Map<string, number>, unknown>({
    empty: () => new Map(),
    copy: (m) => new Map(m),
    codec: mapOf(text, finite, 'event ids') as unknown as t.Type<Map<string, number>, unknown, unknown>,
    on: {},
  }),
} as const

/** The facts, by name. */
export type FactName = keyof typeof FACTS

/** The names of the facts, in table order. */
export const FACT_NAMES = Object.keys(FACTS) as readonly FactName[]

type FactValue<K extends FactName> = ReturnType<(typeof FACTS)[K]['empty']>

/**
 * The contact a stream's schedule events make (`foldOwnContact` of them), kept up by the
 * accumulator as the events arrive (`own-contact.ts`) so that plan adherence need not rebuild
 * it; `null` once the stream reads a merge or is erased, or while its events make no contact.
 * Derived from `scheduleEvents`, so not a fact of the table: the JSON leaves it out and
 * decoding rebuilds it.
 */
type OwnContact = { readonly ownContact: ContactState | null }

/** Everything the KPIs read from one stream (the contact id, or `''` for the programme stream). */
export type StreamFacts = { readonly key: string } & { readonly [K in FactName]: FactValue<K> } & OwnContact

/** Stream facts a builder owns and writes. @internal */
export type StreamBuilder = { key: string } & { -readonly [K in FactName]: FactValue<K> } & { -readonly [K in keyof OwnContact]: OwnContact[K] }

/** A fresh builder for a stream. @internal */
export const streamBuilder = (key: string): StreamBuilder => {
  const b: Record<string, unknown> = { key }
  for (const name of FACT_NAMES) b[name] = FACTS[name].empty()
  b['ownContact'] = null
  return b as StreamBuilder
}

/** A builder that owns copies of a stream's facts (copy-on-write after a snapshot). @internal */
export const copyStream = (s: StreamFacts): StreamBuilder => {
  const b: Record<string, unknown> = { key: s.key }
  for (const name of FACT_NAMES) b[name] = (FACTS[name].copy as (v: unknown) => unknown)(s[name])
  // A contact is never written once a stream holds it: the copy shares it.
  b['ownContact'] = s.ownContact
  return b as StreamBuilder
}

/** Whether the stream accepts an event, by the fold's rules for one stream. */
const accepts = (b: StreamBuilder, e: RelationshipEvent): boolean => {
  if (e.type === 'CostRecorded') return true
  if (b.key === '') return false
  const c = b.contact
  if (e.type === 'ContactAdded') return c === null
  // A merge checks both contacts itself in the fold; a stream reads it when its own contact is there.
  if (!needsContact(e.type) && e.type !== 'ContactsMerged') return false
  if (c === null) return false
  if (c.erasedSeq !== undefined && !acceptedAfterErasure(e.type)) return false
  switch (e.type) {
    case 'TouchCompleted':
    case 'TouchSkipped':
    case 'TouchRescheduled': {
      const done = b.enrollments.get(e.enrollmentId)
      // An enrollment this stream does not know may be a merged contact's (its stream has it).
      if (done === undefined) return b.merges.some((m) => m.survivorId === b.key)
      return !done.has(e.touchKey)
    }
    case 'PlanEnrolled':
      return !b.enrollments.has(e.enrollmentId)
    default:
      return true
  }
}

/**
 * Reads one event into the stream's builder (which the caller owns); `fingerprint` is the
 * event's as it was read (before any erasure scrubbed it). Returns `false` for an
 * id the stream has read already (a redelivery, or another event reusing the id: the first
 * stays), which reads nothing. @internal
 */
export const addToStream = (b: StreamBuilder, e: RelationshipEvent, seq: number, fingerprint: number = eventFingerprint(e)): boolean => {
  if (b.seen.has(e.id)) return false
  b.seen.set(e.id, fingerprint)
  if (!accepts(b, e)) return true
  const last = b.roles[b.roles.length - 1]
  const x: ReadContext = { seq, ms: instantMillis(e.at), contact: b.contact, role: last === undefined ? null : last[1] }
  const w = b as unknown as Record<FactName, unknown>
  for (const name of FACT_NAMES) {
    const on = FACTS[name].on as Partial<Record<EventType, (v: unknown, e: RelationshipEvent, x: ReadContext) => unknown>>
    const f = on[e.type]
    if (f !== undefined) w[name] = f(w[name], e, x)
  }
  // What the finalize must fold itself (a merge joins two streams), or what makes no contact.
  if (e.type === 'ContactsMerged' || e.type === 'ContactErased') b.ownContact = null
  return true
}

/**
 * Erases a stream's facts as its own `ContactErased` would, at `seq` and `ms`: for a contact
 * merged into one that was erased (erasing either erases both). @internal
 */
export const eraseStream = (b: StreamBuilder, seq: number, ms: number): void => {
  const e = { id: '', type: 'ContactErased', at: new Date(ms).toISOString(), schema: 1, contactId: b.key } as unknown as EventOf<'ContactErased'>
  const last = b.roles[b.roles.length - 1]
  const x: ReadContext = { seq, ms, contact: b.contact, role: last === undefined ? null : last[1] }
  const w = b as unknown as Record<FactName, unknown>
  for (const name of FACT_NAMES) {
    const f = (FACTS[name].on as Partial<Record<EventType, (v: unknown, e: RelationshipEvent, x: ReadContext) => unknown>>).ContactErased
    if (f !== undefined) w[name] = f(w[name], e, x)
  }
  b.ownContact = null
}

/**
 * Merged id → the id it was merged into, read off the streams' merges (the first merge of an
 * id stands: the fold sets a second one aside). @internal
 */
export const mergesOf = (streams: Iterable<StreamFacts>): Map<string, MergeFacts> => {
  const out = new Map<string, MergeFacts>()
  for (const s of streams) {
    for (const m of s.merges) {
      if (m.survivorId === m.mergedId) continue
      const prior = out.get(m.mergedId)
      if (prior === undefined || m.seq < prior.seq) out.set(m.mergedId, m)
    }
  }
  return out
}

/** The JSON codec of a stream's facts, from the table. @internal */
export const StreamFactsC = t.exact(
  t.type({
    key: t.string,
    ...(Object.fromEntries(FACT_NAMES.map((name) => [name, FACTS[name].codec])) as { [K in FactName]: (typeof FACTS)[K]['codec'] }),
  }),
  'stream facts',
)

/** Encodes one stream's facts as JSON (schedule events through `encodeEvent`). @internal */
export const encodeStream = (s: StreamFacts): Record<string, unknown> => {
  const out: Record<string, unknown> = { key: s.key }
  for (const name of FACT_NAMES) out[name] = (FACTS[name].codec.encode as (v: unknown) => unknown)(s[name])
  out['scheduleEvents'] = s.scheduleEvents.map(encodeEvent)
  return out
}
