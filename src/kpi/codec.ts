/**
 * A JSON encoding of `KpiAggregate`, for partials that cross machines or rest in a database.
 *
 * Between worker threads `structuredClone` carries an aggregate as it is. Between machines,
 * or into a database, it must become JSON: a consumer publishes its partial to a combiner, a
 * job stores its partition's partial in a `jsonb` column and continues from it on the next
 * run. `JSON.stringify` alone would lose the `Map`s and `Set`s of the stream facts, so the
 * aggregate gets an explicit format, versioned because partials outlive the code that wrote
 * them. Each fact's codec comes from the fact table (`FACTS` in `facts.ts`).
 *
 * The encoding is faithful: `decodeKpiAggregate(encodeKpiAggregate(a))` holds the same facts
 * as `a`, including the bookkeeping a stream needs to go on reading (the event ids it has
 * read, the touches each enrollment has done), so a decoded partial can be continued with
 * `kpiAggregate(moreEvents, decoded)`. It is canonical: streams are sorted by key and each
 * stream's collections keep the order its events were read in.
 */
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { decodeFailure, decodeIssue, decodeWith, type DecodeFailure, type DecodeIssue } from '../core/decoding.js'
import { decodeEvents } from '../events/index.js'
import { kpiStreamKey, type KpiAggregate } from './aggregate.js'
import { StreamFactsC, encodeStream, type StreamFacts } from './facts.js'
import { ownContactOf } from './own-contact.js'

/** What the format is called inside the JSON, so that a stray document is not read as one. */
export const KPI_AGGREGATE_FORMAT = 'touchbase/kpi-aggregate'
/** The format's version; a reader refuses versions it does not know rather than guess. */
export const KPI_AGGREGATE_VERSION = 3

/** The JSON shape of a KPI aggregate: a format tag and version, what was read, and the streams sorted by key. */
export const KpiAggregateJsonC = t.exact(
  t.type({
    format: t.literal(KPI_AGGREGATE_FORMAT),
    version: t.literal(KPI_AGGREGATE_VERSION),
    read: t.number,
    streams: t.array(StreamFactsC),
  }),
  `a KPI aggregate { format: "${KPI_AGGREGATE_FORMAT}", version: ${KPI_AGGREGATE_VERSION}, read, streams }`,
)

/** A KPI aggregate as plain JSON (see `KpiAggregateJsonC`). */
export interface KpiAggregateJson {
  readonly format: typeof KPI_AGGREGATE_FORMAT
  readonly version: typeof KPI_AGGREGATE_VERSION
  readonly read: number
  readonly streams: readonly Record<string, unknown>[]
}

/** An aggregate is as big as the log it summarizes: only nesting and keys are bounded. */
const AGGREGATE_LIMITS = { maxBytes: Number.MAX_SAFE_INTEGER, maxString: 1_000_000, maxNote: 1_000_000, maxArray: Number.MAX_SAFE_INTEGER, maxKeys: 1024 }

const byKey = (a: StreamFacts, b: StreamFacts): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)

/**
 * Encodes an aggregate as plain JSON, to `JSON.stringify` and store in a `jsonb` column or
 * send as a message. Canonical: equal aggregates give equal JSON.
 *
 * @example
 * const json = JSON.stringify(encodeKpiAggregate(kpiAggregate(events)))
 */
export const encodeKpiAggregate = (aggregate: KpiAggregate): KpiAggregateJson => ({
  format: KPI_AGGREGATE_FORMAT,
  version: KPI_AGGREGATE_VERSION,
  read: aggregate.read,
  streams: [...aggregate.streams.values()].sort(byKey).map(encodeStream),
})

/**
 * Decodes an aggregate from untrusted JSON (`JSON.parse` of what `encodeKpiAggregate`
 * wrote). Never throws; a failure names the path (`aggregate.streams[3].touches[0]:
 * expected a finite number, got "x"`). Schedule events go through `decodeEvents`, so events
 * of an older schema are upcast.
 */
export const decodeKpiAggregate = (u: unknown, path = 'aggregate'): E.Either<DecodeFailure, KpiAggregate> => {
  const decoded = decodeWith(KpiAggregateJsonC, u, path, AGGREGATE_LIMITS)
  if (E.isLeft(decoded)) return decoded
  const issues: DecodeIssue[] = []
  const streams = new Map<string, StreamFacts>()
  decoded.right.streams.forEach((s, i) => {
    const at = `${path}.streams[${i}]`
    if (streams.has(s.key)) issues.push(decodeIssue('invalid-value', `${at}.key`, 'a stream key not seen before in the aggregate', JSON.stringify(s.key)))
    const events = decodeEvents(s.scheduleEvents, { path: `${at}.scheduleEvents` })
    if (E.isLeft(events)) {
      issues.push(...events.left.issues)
      return
    }
    for (const [j, e] of events.right.entries()) {
      if (kpiStreamKey(e) !== s.key) issues.push(decodeIssue('invalid-value', `${at}.scheduleEvents[${j}]`, `an event of the stream ${JSON.stringify(s.key)}`, `an event of ${JSON.stringify(kpiStreamKey(e))}`))
    }
    const facts = { ...(s as unknown as StreamFacts), scheduleEvents: events.right }
    streams.set(s.key, { ...facts, ownContact: ownContactOf(facts) })
  })
  return issues.length > 0 ? E.left(decodeFailure(issues)) : E.right({ streams, read: decoded.right.read })
}
