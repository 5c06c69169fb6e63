/**
 * Partitions of a log that keep every stream whole: a stream's partition is a hash of its
 * stream id modulo a fixed count. PostgreSQL computes the hash once per row, as the
 * `stream_hash` column of `events` (the first 31 bits of the MD5 of the stream id); this is
 * the same function in TypeScript, for tests and for hosts that route events themselves.
 *
 * A stream id names exactly one KPI stream (`contact-<id>` is the contact `<id>`, `programme`
 * the programme's), so partitioning by stream id is partitioning by `kpiStreamKey`: every
 * event of a KPI stream is in one partition, as `kpiMonoid`'s partition law asks.
 */
import { createHash } from 'node:crypto'

/**
 * `events.stream_hash` of a stream id: the first 8 hex digits of its MD5 as a number, sign bit
 * cleared (0 … 2^31 − 1). MD5 is the same everywhere and forever, so a stream never changes
 * partition — unlike PostgreSQL's internal `hashtext`, which is not promised across versions.
 *
 * @example streamHash('programme') % 16 // the programme stream's partition of 16
 */
export const streamHash = (streamId: string): number => Number.parseInt(createHash('md5').update(streamId, 'utf8').digest('hex').slice(0, 8), 16) & 0x7fffffff

/**
 * The partition (0 … partitions − 1) of a stream id.
 *
 * @example streamPartition('contact-c1', 16)
 */
export const streamPartition = (streamId: string, partitions: number): number => streamHash(streamId) % partitions
