/**
 * Upcasters: functions that lift the raw JSON of an older event schema to the next version.
 *
 * Stored events are never rewritten; they are upcast on decode, one version at a time,
 * until they reach the catalogue's current version. Hosts register their own upcasters by
 * passing `upcasters: [...defaultUpcasters, theirs]` to `decodeEvent`.
 */
import type { EventType } from './catalogue.js'

/** Raw event JSON as stored, before validation. */
export type RawEvent = Readonly<Record<string, unknown>>

/**
 * Lifts an event of `type` from schema version `from` to `from + 1`. `up` receives the raw
 * JSON (already a private copy) and returns the next version's raw JSON; it need not set
 * `schema`, the decoder does.
 */
export interface Upcaster {
  readonly type: EventType
  readonly from: number
  readonly up: (raw: RawEvent) => RawEvent
}

/**
 * `ConsentChanged` v1 → v2. Version 1 had one flag, `doNotContact`, for every channel;
 * version 2 names the channel (or `'all'`).
 */
export const consentChangedV1: Upcaster = {
  type: 'ConsentChanged',
  from: 1,
  up: (raw) => ({ ...raw, channel: 'all' }),
}

/** The upcasters touchbase ships, for its own older schemas. */
export const defaultUpcasters: readonly Upcaster[] = [consentChangedV1]

/** A lookup of upcasters by type and version; later entries win. @internal */
export type UpcasterIndex = ReadonlyMap<string, Upcaster['up']>

const cache = new WeakMap<readonly Upcaster[], UpcasterIndex>()

/** Indexes a list of upcasters (memoized per list). @internal */
export const indexUpcasters = (list: readonly Upcaster[]): UpcasterIndex => {
  let index = cache.get(list)
  if (index === undefined) {
    index = new Map(list.map((u) => [`${u.type}@${u.from}`, u.up] as const))
    cache.set(list, index)
  }
  return index
}
