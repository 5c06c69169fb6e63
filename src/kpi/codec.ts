/**
 * A JSON encoding of `KpiAggregate`, for partials that cross machines or rest in a database.
 *
 * Between worker threads `structuredClone` carries an aggregate as it is (it copies `Map`s and
 * `Set`s). Between machines, or into a database, it must become JSON: a Kafka consumer
 * publishes its partial to a combiner, a PostgreSQL job stores its partition's partial in a
 * `jsonb` column and continues from it on the next run. `JSON.stringify` alone loses every
 * `Map` and `Set` of the stream facts (they print as `{}`), so the aggregate gets an explicit
 * format, versioned because partials outlive the code that wrote them.
 *
 * The encoding is faithful: `decodeKpiAggregate(encodeKpiAggregate(a))` holds the same facts
 * as `a`, including the bookkeeping a stream needs to go on reading (the event ids it has
 * seen, the touches each enrollment has done), so a decoded partial can be continued with
 * `kpiAggregate(moreEvents, decoded)`. It is canonical too: streams are sorted by key and each
 * stream's collections keep the order its events were read in, so two equal aggregates encode
 * to the same string however they were assembled.
 */
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { CIRCLES, COST_CATEGORIES, CsiC, ROLES, STAGES, decodeEvents, decodeWith, encodeEvent } from '../events/index.js'
import { decodeFailure, decodeIssue, type DecodeFailure, type DecodeIssue } from '../core/decoding.js'
import { Flag, MoneyC, intRange, numberRange, oneOf } from '../core/codecs.js'
import { kpiStreamKey, type KpiAggregate } from './aggregate.js'
import type { ReferralFacts, StreamFacts } from './facts.js'

/** What the format is called inside the JSON, so that a stray document is not read as one. */
export const KPI_AGGREGATE_FORMAT = 'touchbase/kpi-aggregate'
/** The format's version; a reader refuses versions it does not know rather than guess. */
export const KPI_AGGREGATE_VERSION = 1

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

const RoleC = oneOf(ROLES)
const StageC = oneOf(STAGES)
const StagesC = t.exact(t.partial(Object.fromEntries(STAGES.map((s) => [s, finite])) as { [K in (typeof STAGES)[number]]: typeof finite }))

const ReferralC = t.exact(
  t.intersection([
    t.type({ referralId: text, refereeId: text, receivedMs: finite, referrerRole: t.union([RoleC, t.null]), stages: StagesC, stage: StageC }),
    t.partial({ source: text, revenue: MoneyC }),
  ]),
  'referral facts',
)
const LeadC = t.exact(t.intersection([t.type({ stage: StageC, stages: StagesC }), t.partial({ source: text, assignee: text, capturedMs: finite })]), 'lead facts')
const TransactionC = t.exact(t.type({ transactionId: text, ms: finite, value: MoneyC }), 'transaction facts')
const CostC = t.exact(t.type({ eventId: text, ms: finite, category: oneOf(COST_CATEGORIES), amount: MoneyC }), 'cost facts')
const zeroToTen = numberRange(0, 10)
const FeedbackC = t.exact(
  t.intersection([
    t.type({ eventId: text, ms: finite }),
    t.partial({
      nps: intRange(0, 10),
      csi: CsiC,
      perceivedPerformance: zeroToTen,
      expectedPerformance: zeroToTen,
      perceivedBenefits: zeroToTen,
      perceivedCosts: zeroToTen,
      referralEffort: zeroToTen,
      aboutContactId: text,
    }),
  ]),
  'feedback facts',
)
const EnrollmentC = t.exact(t.type({ enrollmentId: text, ended: Flag, done: t.array(text) }), 'enrollment bookkeeping')

const StreamC = t.exact(
  t.intersection([
    t.type({
      key: t.string,
      met: Flag,
      roles: t.array(t.tuple([finite, RoleC])),
      referrals: t.array(ReferralC),
      transactions: t.array(TransactionC),
      touches: t.array(finite),
      feedback: t.array(FeedbackC),
      costs: t.array(CostC),
      // Checked by the event decoder below (with upcasting), not here.
      scheduleEvents: t.array(t.unknown),
      seen: t.array(text),
      enrollments: t.array(EnrollmentC),
    }),
    t.partial({
      addedMs: finite,
      erasedMs: finite,
      circle: oneOf(CIRCLES),
      rating: intRange(1, 5),
      promisedMs: finite,
      assignee: text,
      lead: LeadC,
    }),
  ]),
  'stream facts',
)

/**
 * The JSON shape of a KPI aggregate, as `encodeKpiAggregate` writes it: a format tag and
 * version, and the streams sorted by key. Each stream's `Map`s and `Set`s are lists in the
 * order they were filled (`referrals` keyed by `referralId`, `enrollments` by `enrollmentId`);
 * instants are milliseconds since the epoch; `scheduleEvents` are `encodeEvent` output.
 */
export const KpiAggregateJsonC = t.exact(
  t.type({
    format: t.literal(KPI_AGGREGATE_FORMAT),
    version: t.literal(KPI_AGGREGATE_VERSION),
    streams: t.array(StreamC),
  }),
  `a KPI aggregate { format: "${KPI_AGGREGATE_FORMAT}", version: ${KPI_AGGREGATE_VERSION}, streams }`,
)

/** A KPI aggregate as plain JSON (see `KpiAggregateJsonC`). */
export type KpiAggregateJson = t.TypeOf<typeof KpiAggregateJsonC>

type StreamJson = t.TypeOf<typeof StreamC>

/**
 * What a stream holds besides its `StreamFacts`: the accumulator's bookkeeping (which touches
 * each enrollment has done), private to `src/kpi`. The encoding must carry it, or a decoded
 * partial would drop the touches completed after it is continued — the reason this codec
 * belongs in the library, next to the fields it has to know.
 */
interface Bookkept {
  readonly enrollments?: ReadonlyMap<string, { readonly ended: boolean; readonly done: ReadonlySet<string> }>
}

const byKey = (a: StreamFacts, b: StreamFacts): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)

/**
 * Encodes an aggregate as plain JSON, to `JSON.stringify` and store in a `jsonb` column or
 * send as a message. Canonical: equal aggregates give equal JSON. The result shares the
 * aggregate's (immutable) fact objects, so treat it as read-only.
 *
 * @example
 * const json = JSON.stringify(encodeKpiAggregate(kpiAggregate(events)))
 */
export const encodeKpiAggregate = (aggregate: KpiAggregate): KpiAggregateJson => ({
  format: KPI_AGGREGATE_FORMAT,
  version: KPI_AGGREGATE_VERSION,
  streams: [...aggregate.streams.values()].sort(byKey).map((s): StreamJson => {
    const enrollments = (s as StreamFacts & Bookkept).enrollments ?? new Map()
    return {
      key: s.key,
      ...(s.addedMs === undefined ? {} : { addedMs: s.addedMs }),
      ...(s.erasedMs === undefined ? {} : { erasedMs: s.erasedMs }),
      met: s.met,
      ...(s.circle === undefined ? {} : { circle: s.circle }),
      roles: s.roles.map(([ms, role]): [number, (typeof ROLES)[number]] => [ms, role]),
      ...(s.rating === undefined ? {} : { rating: s.rating }),
      ...(s.promisedMs === undefined ? {} : { promisedMs: s.promisedMs }),
      ...(s.assignee === undefined ? {} : { assignee: s.assignee }),
      ...(s.lead === undefined ? {} : { lead: s.lead }),
      referrals: [...s.referrals.values()],
      transactions: [...s.transactions],
      touches: [...s.touches],
      feedback: [...s.feedback],
      costs: [...s.costs],
      scheduleEvents: s.scheduleEvents.map(encodeEvent),
      seen: [...s.seen],
      enrollments: [...enrollments.entries()].map(([enrollmentId, x]) => ({ enrollmentId, ended: x.ended, done: [...x.done] })),
    }
  }),
})

/** An aggregate is as big as the log it summarizes: only nesting is bounded. */
const AGGREGATE_LIMITS = { maxBytes: Number.MAX_SAFE_INTEGER, maxString: 1_000_000, maxNote: 1_000_000, maxArray: Number.MAX_SAFE_INTEGER, maxKeys: 1024, maxIssues: 20 }

const issue = (path: string, expected: string, got: string): DecodeIssue => decodeIssue('invalid-value', path, expected, got)
const failure = decodeFailure

/**
 * Decodes an aggregate from untrusted JSON (a message, a database row). Never throws: every
 * malformed value is a `DecodeFailure` naming its path (`aggregate.streams[3].touches[0]:
 * expected a finite number, got "x"`). Schedule events go through `decodeEvents`, so events
 * of an older schema are upcast. Refuses what no aggregate holds: a stream twice, a referral
 * twice in a stream, a schedule event of another stream.
 *
 * @example
 * const partial = decodeKpiAggregate(JSON.parse(row.aggregate))
 * if (E.isRight(partial)) kpiAggregate(newEvents, partial.right)
 */
export const decodeKpiAggregate = (u: unknown, path = 'aggregate'): E.Either<DecodeFailure, KpiAggregate> => {
  const decoded = decodeWith(KpiAggregateJsonC, u, path, AGGREGATE_LIMITS)
  if (E.isLeft(decoded)) return decoded
  const issues: DecodeIssue[] = []
  const streams = new Map<string, StreamFacts>()
  decoded.right.streams.forEach((s, i) => {
    const at = `${path}.streams[${i}]`
    // Two entries for one stream cannot be merged (`kpiMonoid` is a union of disjoint
    // streams): refuse rather than silently keep one.
    if (streams.has(s.key)) issues.push(issue(`${at}.key`, 'a stream key not seen before in the aggregate', JSON.stringify(s.key)))
    const referrals = new Map<string, ReferralFacts>()
    s.referrals.forEach((r, j) => {
      if (referrals.has(r.referralId)) issues.push(issue(`${at}.referrals[${j}].referralId`, 'a referral id not seen before in the stream', JSON.stringify(r.referralId)))
      // io-ts types optional properties as `T | undefined`; the decoded object has no
      // `undefined` values (the codec is exact and JSON has none), so it is a `ReferralFacts`.
      referrals.set(r.referralId, r as ReferralFacts)
    })
    const events = decodeEvents(s.scheduleEvents, { path: `${at}.scheduleEvents` })
    if (E.isLeft(events)) issues.push(...events.left.issues)
    else
      events.right.forEach((e, j) => {
        if (kpiStreamKey(e) !== s.key) issues.push(issue(`${at}.scheduleEvents[${j}]`, `an event of the stream ${JSON.stringify(s.key)}`, `an event of ${JSON.stringify(kpiStreamKey(e))}`))
      })
    const facts: StreamFacts & Bookkept = {
      ...(s as Omit<StreamJson, 'referrals' | 'scheduleEvents' | 'seen' | 'enrollments'>),
      referrals,
      scheduleEvents: E.isRight(events) ? events.right : [],
      seen: new Set(s.seen),
      enrollments: new Map(s.enrollments.map((x) => [x.enrollmentId, { ended: x.ended, done: new Set(x.done) }])),
    } as StreamFacts & Bookkept
    streams.set(s.key, facts)
  })
  return issues.length > 0 ? E.left(failure(issues)) : E.right({ streams })
}
