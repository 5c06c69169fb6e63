/**
 * A worker of `examples/partitioned-kpis.ts`: aggregates its partition and posts the partial
 * back. It reads nothing but its own partition — it could as well be a process on another
 * machine consuming a Kafka partition.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { kpiAggregate } from 'touchbase'
import { encodeKpiAggregate } from 'touchbase'
import type { PartialResult, PartitionTask } from './protocol.js'

const task = workerData as PartitionTask
const started = performance.now()
const aggregate = kpiAggregate(task.events)
const aggregated = performance.now()
const payload = task.transport === 'json' ? JSON.stringify(encodeKpiAggregate(aggregate)) : aggregate
const result: PartialResult = {
  partition: task.partition,
  events: task.events.length,
  startedAt: performance.timeOrigin + started,
  streams: aggregate.streams.size,
  aggregateMs: aggregated - started,
  encodeMs: performance.now() - aggregated,
  postedAt: performance.timeOrigin + performance.now(),
  aggregate: payload,
}
parentPort?.postMessage(result)
