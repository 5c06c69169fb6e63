/**
 * fast-check arbitraries of valid relationship-event streams, for properties in a host's
 * own tests (and in touchbase's).
 */
import * as fc from 'fast-check'
import type { RelationshipEvent } from '../events/index.js'
import { seededChooser, simulateStream, type Chooser } from './simulate.js'

/** Options of `arbitraryEventStream`. */
export interface ArbitraryStreamOptions {
  /** Most contacts a stream adds (default 6). */
  readonly maxContacts?: number
  /** Most events in a stream (default 80). */
  readonly maxEvents?: number
  /** Whether contacts may be erased (default true). */
  readonly erasures?: boolean
  /** Whether contacts may be merged (`ContactsMerged`; default false). */
  readonly merges?: boolean
  /** Instant of the first event (default `2025-01-01T09:00:00Z`). */
  readonly start?: string
  /** Days a stream spans (default 730). */
  readonly spanDays?: number
}

/**
 * Replays fast-check's numbers as the first choices, then continues from a seeded PRNG: the
 * stream stays deterministic for fast-check's replay, and shrinking the picks and the event
 * count shrinks the stream.
 */
const replay = (picks: readonly number[], seed: number): Chooser => {
  const rest = seededChooser(seed)
  let i = 0
  return { int: (n) => (n <= 1 ? 0 : i < picks.length ? (picks[i++] as number) % n : rest.int(n)) }
}

/**
 * Valid event streams: every event decodes, streams begin with the contacts they use, stages
 * only move forward, and folding a stream sets nothing aside. Shrinks towards short,
 * simple streams.
 *
 * @example
 * fc.assert(fc.property(arbitraryEventStream(), (events) => {
 *   expect(listAnomalies(foldEvents(events))).toEqual([])
 * }))
 */
export const arbitraryEventStream = (options: ArbitraryStreamOptions = {}): fc.Arbitrary<RelationshipEvent[]> => {
  const maxContacts = Math.max(1, options.maxContacts ?? 6)
  const maxEvents = Math.max(0, options.maxEvents ?? 80)
  return fc
    .record({
      contacts: fc.integer({ min: 1, max: maxContacts }),
      events: fc.integer({ min: 0, max: maxEvents }),
      picks: fc.array(fc.nat(), { maxLength: maxEvents * 6 }),
      seed: fc.integer(),
    })
    .map(({ contacts, events, picks, seed }) =>
      events === 0
        ? []
        : simulateStream(replay(picks, seed), {
            contacts,
            events,
            ...(options.erasures === undefined ? {} : { erasures: options.erasures }),
            ...(options.merges === undefined ? {} : { merges: options.merges }),
            ...(options.start === undefined ? {} : { start: options.start }),
            ...(options.spanDays === undefined ? {} : { spanDays: options.spanDays }),
          }),
    )
}
