/**
 * The KPI aggregate and its monoid. An aggregate is the facts of every stream it has read,
 * by stream; two aggregates of disjoint partitions combine by union, so a host can aggregate
 * partitions anywhere (workers, consumer groups, database partitions) and combine the
 * partials into exactly the aggregate of one pass (DESIGN §3, §4.2).
 */
import type { Monoid } from 'fp-ts/lib/Monoid.js'
import type { RelationshipEvent } from '../events/index.js'
import { addToStream, streamBuilder, type StreamBuilder, type StreamFacts } from './facts.js'

/** The facts behind the KPIs, by stream: a contact id, or `''` for the programme stream. */
export interface KpiAggregate {
  readonly streams: ReadonlyMap<string, StreamFacts>
}

/** The aggregate of no events. */
export const emptyKpiAggregate: KpiAggregate = { streams: new Map() }

/**
 * The key of the stream an event belongs to: its contact, or `''` for the programme (DESIGN
 * §4.2). Partition by it — every event of a stream in the same partition — and partial
 * aggregates combine exactly.
 */
export const kpiStreamKey = (e: RelationshipEvent): string => e.contactId ?? ''

/**
 * The monoid of KPI aggregates: `concat` is the union of their streams (the left one's facts
 * win for a stream both hold, which partitions by contact id never produce), `empty` the
 * aggregate of nothing. Associative, with `empty` as identity; for disjoint partitions,
 * `concat` of the partials equals the aggregate of all events (a property test holds it).
 *
 * @example
 * import { concatAll } from 'fp-ts/Monoid'
 * const whole = concatAll(kpiMonoid)(partitions.map((events) => kpiAggregate(events)))
 */
export const kpiMonoid: Monoid<KpiAggregate> = {
  empty: emptyKpiAggregate,
  concat: (x, y) => {
    if (y.streams.size === 0) return x
    if (x.streams.size === 0) return y
    const streams = new Map(y.streams)
    for (const [k, v] of x.streams) streams.set(k, v)
    return { streams }
  },
}

const cloneBuilder = (f: StreamFacts): StreamBuilder => {
  const b = f as StreamBuilder
  return {
    ...b,
    roles: b.roles.slice(),
    referrals: new Map(b.referrals),
    transactions: b.transactions.slice(),
    touches: b.touches.slice(),
    feedback: b.feedback.slice(),
    costs: b.costs.slice(),
    scheduleEvents: b.scheduleEvents.slice(),
    seen: new Set(b.seen),
    enrollments: new Map([...(b.enrollments ?? new Map()).entries()].map(([k, v]) => [k, { ended: v.ended, done: new Set(v.done) }])),
  }
}

/**
 * Reads events into an aggregate one at a time — O(1) amortized each — and hands out
 * immutable snapshots: a stream's facts are copied the first time they are written after a
 * snapshot, never changed under a caller.
 */
export class KpiAccumulator {
  private readonly streams: Map<string, StreamBuilder>
  /** Streams that a snapshot (or the aggregate it started from) shares: copy before writing. */
  private readonly shared: Set<string>

  constructor(from: KpiAggregate = emptyKpiAggregate) {
    this.streams = new Map(from.streams as ReadonlyMap<string, StreamBuilder>)
    this.shared = new Set(from.streams.keys())
  }

  /** Reads one event. */
  add(e: RelationshipEvent): this {
    const key = kpiStreamKey(e)
    let b = this.streams.get(key)
    if (b === undefined) {
      b = streamBuilder(key)
      this.streams.set(key, b)
    } else if (this.shared.has(key)) {
      b = cloneBuilder(b)
      this.streams.set(key, b)
      this.shared.delete(key)
    }
    addToStream(b, e)
    return this
  }

  /** The aggregate of everything read so far; later reads never change it. */
  snapshot(): KpiAggregate {
    for (const k of this.streams.keys()) this.shared.add(k)
    return { streams: new Map(this.streams) }
  }
}

/**
 * The aggregate of events (continuing from `from`), in stream order. Never changes `from`.
 * @example kpis(kpiAggregate(events), { now })
 */
export const kpiAggregate = (events: Iterable<RelationshipEvent>, from: KpiAggregate = emptyKpiAggregate): KpiAggregate => {
  const acc = new KpiAccumulator(from)
  for (const e of events) acc.add(e)
  return acc.snapshot()
}
