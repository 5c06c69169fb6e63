/**
 * The KPI aggregate and its monoid. An aggregate is the facts of every stream it has read,
 * by stream; two aggregates of disjoint partitions combine by union, so a host can aggregate
 * partitions anywhere (workers, consumer groups, database partitions) and combine the
 * partials into exactly the aggregate of one pass.
 *
 * Order across streams matters for what the network accepts (a referral about a referee
 * who already has an open one is refused), so every fact carries its `seq`: the event's
 * global position when the events are read from a store (`StoredEvent`s), or its index in
 * the one pass (`RelationshipEvent`s). Partitions must be read as stored events, so that
 * their seqs are global.
 */
import type { Monoid } from 'fp-ts/lib/Monoid.js'
import { eventFingerprint, scrubEvent, type ErasureScope, type RelationshipEvent } from '../events/index.js'
import type { StoredEvent } from '../store/index.js'
import { SCHEDULE_EVENTS, addToStream, copyStream, eraseStream, hasMeasures, mergesOf, streamBuilder, withoutSource, type StreamBuilder, type StreamFacts } from './facts.js'
import { OwnContacts } from './own-contact.js'

/** The facts behind the KPIs, by stream: a contact id, or `''` for the programme stream. */
export interface KpiAggregate {
  readonly streams: ReadonlyMap<string, StreamFacts>
  /** The highest `seq` read: a plain event read next gets `read + 1`. */
  readonly read: number
}

/** The aggregate of no events. */
export const emptyKpiAggregate: KpiAggregate = { streams: new Map(), read: 0 }

/**
 * The key of the stream an event belongs to: its contact, or `''` for the programme. Partition
 * by it — every event of a stream in the same partition — and partial aggregates combine exactly.
 */
export const kpiStreamKey = (e: RelationshipEvent): string => e.contactId ?? ''

/** A set of erased contact ids, as far as these functions read it. */
type Erased = { has(contactId: string): boolean; readonly size: number }

/** Whether a stream holds what is an erased contact's: a source of a referral about it, a rating of its service. */
const speaksOf = (s: StreamFacts, erased: Erased): boolean =>
  s.referrals.some((r) => r.source !== undefined && erased.has(r.refereeId)) ||
  s.feedback.some((f) => f.about !== undefined && erased.has(f.about) && hasMeasures(f))

/** Removes from a writable stream what is an erased contact's (see `speaksOf`). */
const forget = (w: StreamBuilder, erased: Erased): void => {
  w.referrals = w.referrals.map((r) => (erased.has(r.refereeId) ? withoutSource(r) : r))
  w.feedback = w.feedback.map((f) => (f.about !== undefined && erased.has(f.about) ? { eventId: f.eventId, seq: f.seq, ms: f.ms, about: f.about } : f))
}

/**
 * The erased contacts of some streams, with when each was erased — and the contacts merged
 * with an erased one, erased with it (one person), at the same seq and time.
 */
const erasedIn = (streams: Iterable<StreamFacts>, also: Iterable<string> = []): Map<string, { seq: number; ms: number }> => {
  const list = [...streams]
  const out = new Map<string, { seq: number; ms: number }>()
  for (const s of list) if (s.contact?.erasedSeq !== undefined) out.set(s.key, { seq: s.contact.erasedSeq, ms: s.contact.erasedMs ?? 0 })
  for (const id of also) if (!out.has(id)) out.set(id, { seq: 0, ms: 0 })
  const merges = [...mergesOf(list).values()]
  for (let grew = out.size > 0 && merges.length > 0; grew; ) {
    grew = false
    for (const m of merges) {
      const at = out.get(m.survivorId) ?? out.get(m.mergedId)
      if (at === undefined || (out.has(m.survivorId) && out.has(m.mergedId))) continue
      out.set(m.survivorId, out.get(m.survivorId) ?? at)
      out.set(m.mergedId, out.get(m.mergedId) ?? at)
      grew = true
    }
  }
  return out
}

/**
 * Forgets erased contacts in every stream of a map that speaks of them, copying what it
 * writes; the stream of a contact erased through its merge partner is erased as its own
 * erasure would.
 */
const forgetAll = (streams: Map<string, StreamFacts>, erased: ReadonlyMap<string, { seq: number; ms: number }>, keep: ReadonlySet<string> = new Set()): void => {
  if (erased.size === 0) return
  for (const s of [...streams.values()]) {
    const at = s.contact !== null && s.contact.erasedSeq === undefined && !keep.has(s.key) ? erased.get(s.key) : undefined
    if (at === undefined && !speaksOf(s, erased)) continue
    const w = copyStream(s)
    if (at !== undefined) eraseStream(w, at.seq, at.ms)
    forget(w, erased)
    streams.set(s.key, w)
  }
}

/**
 * The monoid of KPI aggregates: `concat` is the union of their streams (the left one's facts
 * win for a stream both hold, which partitions by contact id never produce), `empty` the
 * aggregate of nothing. A contact erased in one part is forgotten in the facts of the other
 * (the source of referrals about it, the ratings of its service), as one pass would. For
 * disjoint partitions, `concat` of the partials equals the aggregate of all events.
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
    const streams = new Map<string, StreamFacts>(y.streams)
    for (const [k, v] of x.streams) streams.set(k, v)
    forgetAll(streams, erasedIn(streams.values()))
    return { streams, read: Math.max(x.read, y.read) }
  },
}

/**
 * Forgets erased contacts in an aggregate that does not hold their own streams — a partial of
 * another partition, stored before they were erased: the sources of referrals about them and
 * the ratings of their service go. Never changes `aggregate`.
 */
export const forgetInKpiAggregate = (aggregate: KpiAggregate, contactIds: Iterable<string>): KpiAggregate => {
  const streams = new Map(aggregate.streams)
  // The ids named, and those merged with them as far as this aggregate knows its merges: a
  // partner's stream here is erased with them (the named ones' own streams are the host's).
  const named = new Set(contactIds)
  forgetAll(streams, withMergesIn(streams, named), named)
  return { streams, read: aggregate.read }
}

/** The ids named and those merged with them, by this aggregate's merges, with when they were erased (when it knows). */
const withMergesIn = (streams: ReadonlyMap<string, StreamFacts>, contactIds: ReadonlySet<string>): Map<string, { seq: number; ms: number }> => {
  const all = erasedIn(streams.values(), contactIds)
  // Only what the caller named and its partners: contacts erased in the aggregate itself are forgotten already.
  const named = new Set(contactIds)
  const merges = [...mergesOf(streams.values()).values()]
  for (let grew = true; grew; ) {
    grew = false
    for (const m of merges) {
      if (named.has(m.survivorId) !== named.has(m.mergedId)) {
        named.add(m.survivorId)
        named.add(m.mergedId)
        grew = true
      }
    }
  }
  return new Map([...all].filter(([id]) => named.has(id)))
}

const isStored = (x: RelationshipEvent | StoredEvent): x is StoredEvent =>
  typeof (x as StoredEvent).position === 'number' && typeof (x as StoredEvent).event === 'object'

/**
 * Reads events into an aggregate one at a time — O(1) amortized each — and hands out
 * immutable snapshots: a stream's facts are copied the first time they are written after a
 * snapshot, never changed under a caller.
 */
export class KpiAccumulator {
  private readonly streams: Map<string, StreamBuilder>
  /** Streams that a snapshot (or the aggregate it started from) shares: copy before writing. */
  private readonly shared: Set<string>
  private read: number

  constructor(from: KpiAggregate = emptyKpiAggregate) {
    this.streams = new Map(from.streams as ReadonlyMap<string, StreamBuilder>)
    this.shared = new Set(from.streams.keys())
    this.read = from.read
    for (const m of mergesOf(from.streams.values()).values()) this.mergedTo.set(m.mergedId, m.survivorId)
  }

  private writable(key: string): StreamBuilder {
    let b = this.streams.get(key)
    if (b === undefined) {
      b = streamBuilder(key)
      this.streams.set(key, b)
    } else if (this.shared.has(key)) {
      b = copyStream(b)
      this.streams.set(key, b)
      this.shared.delete(key)
    }
    return b
  }

  /** Reads one event (or one stored event: its position is its seq). */
  add(x: RelationshipEvent | StoredEvent): this {
    // What names a contact already erased arrives without its personal data, as in the fold.
    const raw = isStored(x) ? x.event : x
    const e = scrubEvent(raw, this.erased)
    const seq = isStored(x) ? x.position : this.read + 1
    const b = this.writable(kpiStreamKey(e))
    const wasErased = b.contact?.erasedSeq !== undefined
    // A redelivery takes no place in the order (as the fold does not count it).
    if (!addToStream(b, e, seq, e === raw ? undefined : eventFingerprint(raw))) return this
    this.read = Math.max(this.read, seq)
    if (SCHEDULE_EVENTS.has(e.type) || e.type === 'ContactErased') this.own.read(b, e)
    if (e.type === 'ContactsMerged' && e.survivorId !== e.mergedId && !this.mergedTo.has(e.mergedId)) this.mergedTo.set(e.mergedId, e.survivorId)
    if (!wasErased && b.contact?.erasedSeq !== undefined) {
      // Erased here: what other streams hold of the contact goes too — and of the contacts
      // merged with it (into it, or it into them), whose own streams are erased with it: one person.
      const root = this.resolve(b.key)
      const erased = new Set([b.key, root, ...this.mergedInto(root)])
      for (const id of erased) {
        const s = id === b.key ? undefined : this.streams.get(id)
        if (s !== undefined && s.contact !== null && s.contact.erasedSeq === undefined) {
          eraseStream(this.writable(id), seq, b.contact.erasedMs ?? 0)
          this.own.kill(id)
        }
      }
      for (const id of erased) {
        for (const key of this.mentioning(id)) {
          const s = this.streams.get(key)
          if (s !== undefined && speaksOf(s, erased)) forget(this.writable(key), erased)
        }
      }
    } else if (e.type === 'ReferralReceived' || (e.type === 'FeedbackRecorded' && e.aboutContactId !== undefined)) {
      const about = e.type === 'ReferralReceived' ? e.refereeId : (e.aboutContactId as string)
      this.mentions?.get(about)?.add(b.key) ?? this.mentions?.set(about, new Set([b.key]))
    }
    return this
  }

  /** Merged id → the id it was merged into, as the merges read so far say. */
  private readonly mergedTo = new Map<string, string>()

  /** The ids merged into a contact, directly or through a chain of merges. */
  private mergedInto(id: string): string[] {
    if (this.mergedTo.size === 0) return []
    const out: string[] = []
    for (const m of this.mergedTo.keys()) if (m !== id && this.resolve(m) === id) out.push(m)
    return out
  }

  private resolve(id: string): string {
    let at = id
    // Merges never form a cycle; the bound is a guard.
    for (let i = 0; i < 64 && this.mergedTo.size > 0; i++) {
      const next = this.mergedTo.get(at)
      if (next === undefined) break
      at = next
    }
    return at
  }

  private readonly erased: ErasureScope = {
    // A merged id is erased with its survivor.
    contacts: { has: (id) => this.streams.get(this.resolve(id))?.contact?.erasedSeq !== undefined || this.streams.get(id)?.contact?.erasedSeq !== undefined },
    referrals: { has: () => false },
    rewards: { has: () => false },
  }

  /**
   * Which streams mention a contact (as a referee, or as the ally a response is about): built
   * at the first erasure, then kept up, so erasures cost what they touch.
   */
  private mentions: Map<string, Set<string>> | undefined

  private mentioning(contactId: string): Iterable<string> {
    if (this.mentions === undefined) {
      const m = new Map<string, Set<string>>()
      const note = (about: string, key: string) => (m.get(about) ?? m.set(about, new Set()).get(about))?.add(key)
      for (const s of this.streams.values()) {
        for (const r of s.referrals) note(r.refereeId, s.key)
        for (const f of s.feedback) if (f.about !== undefined) note(f.about, s.key)
      }
      this.mentions = m
    }
    return this.mentions.get(contactId) ?? []
  }

  /** Each stream's own contact, folded as its schedule events arrive. */
  private readonly own = new OwnContacts()

  /** The aggregate of everything read so far; later reads never change it. */
  snapshot(): KpiAggregate {
    this.own.snapshot(this.streams)
    for (const k of this.streams.keys()) this.shared.add(k)
    return { streams: new Map(this.streams), read: this.read }
  }
}

/**
 * The aggregate of events (continuing from `from`), in stream order. Read stored events
 * (`StoredEvent`, with their positions) when aggregating a partition of a store. Never
 * changes `from`.
 * @example kpis(kpiAggregate(events), { now })
 */
export const kpiAggregate = (events: Iterable<RelationshipEvent | StoredEvent>, from: KpiAggregate = emptyKpiAggregate): KpiAggregate => {
  const acc = new KpiAccumulator(from)
  for (const e of events) acc.add(e)
  return acc.snapshot()
}
