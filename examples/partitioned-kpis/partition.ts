/**
 * Partitioning a log by stream, as a host's engine would: a hash of the stream key picks the
 * partition, so every event of a stream lands in the same partition, in the order it was read.
 * That is all the partition law of `kpiMonoid` asks; which hash is used does
 * not matter (Kafka's default partitioner uses murmur2, PostgreSQL its own hash functions).
 */
import { kpiStreamKey, streamIdOf, type RelationshipEvent, type StoredEvent } from 'touchbase'

/**
 * The partition (`0 … partitions − 1`) of a stream key: 32-bit FNV-1a of its UTF-16 code
 * units, modulo the count. Deterministic across threads, processes and machines, which is
 * what matters: a stream must map to one partition wherever the question is asked.
 */
export const partitionOf = (key: string, partitions: number): number => {
  let h = 0x811c9dc5
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return (h >>> 0) % partitions
}

/**
 * The events as a store's log holds them: each with its global position (its place in the
 * log, from 1) and its stream version. A partition must carry the positions, so that the
 * KPIs resolve referrals across streams in the log's order.
 */
export const asStored = (events: Iterable<RelationshipEvent>): StoredEvent[] => {
  const versions = new Map<string, number>()
  let position = 0
  const out: StoredEvent[] = []
  for (const event of events) {
    const streamId = streamIdOf(event)
    const streamVersion = (versions.get(streamId) ?? 0) + 1
    versions.set(streamId, streamVersion)
    out.push({ streamId, streamVersion, position: ++position, event })
  }
  return out
}

/**
 * Splits stored events into `partitions` lists by `kpiStreamKey` (the contact id, or `''`
 * for the programme stream), keeping each stream's events in their order.
 */
export const partitionByStream = (events: Iterable<StoredEvent>, partitions: number): StoredEvent[][] => {
  const parts: StoredEvent[][] = Array.from({ length: partitions }, () => [])
  // Hashing once per stream rather than once per event: streams are few, events many.
  const assigned = new Map<string, StoredEvent[]>()
  for (const s of events) {
    const key = kpiStreamKey(s.event)
    let part = assigned.get(key)
    if (part === undefined) {
      part = parts[partitionOf(key, partitions)] as StoredEvent[]
      assigned.set(key, part)
    }
    part.push(s)
  }
  return parts
}
