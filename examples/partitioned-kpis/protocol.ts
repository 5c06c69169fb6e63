/** The messages between the example's main thread and its workers. */
import type { KpiAggregate, StoredEvent } from 'touchbase'

/**
 * How a partial aggregate travels back: `clone` posts the aggregate itself (the structured
 * clone algorithm copies its `Map`s and `Set`s); `json` posts `encodeKpiAggregate` output as
 * a string, as a consumer on another machine would publish it.
 */
export type Transport = 'clone' | 'json'

/** What a worker is given (as `workerData`): its partition, every stream whole and in order. */
export interface PartitionTask {
  readonly partition: number
  readonly events: readonly StoredEvent[]
  readonly transport: Transport
}

/** What a worker posts back. */
export interface PartialResult {
  readonly partition: number
  readonly events: number
  readonly streams: number
  /** When the worker began to aggregate (its thread started, modules loaded, partition received). */
  readonly startedAt: number
  /** `kpiAggregate` of the partition, in ms. */
  readonly aggregateMs: number
  /** Encoding to JSON (0 with `clone`), in ms. */
  readonly encodeMs: number
  /** When the worker posted. Instants are `performance.timeOrigin + performance.now()`: comparable across threads. */
  readonly postedAt: number
  /** The partial aggregate, or its JSON with `json`. */
  readonly aggregate: KpiAggregate | string
}
