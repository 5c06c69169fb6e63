/**
 * The fold: `evolve` and `foldEvents` turn a stream of relationship events into a
 * `NetworkState`. Pure and total — no input makes it throw; an event the domain cannot
 * apply is set aside as an anomaly with its reason.
 *
 * It is split as the domain is: contacts, plans and touches, referrals and leads, rewards
 * and costs, feedback — one handler per event type, and the compiler checks that every
 * type has one.
 */
import { PMap } from '../../core/hamt.js'
import { IdIndex } from '../../core/id-index.js'
import { PVector } from '../../core/pvector.js'
import { EVENT_TYPES, eventFingerprint, hasWellFormedReferences, isEventType, scrubEvent, type EventType, type RelationshipEvent } from '../../events/index.js'
import { acceptedAfterErasure, needsContact } from '../../rules/index.js'
import type { ContactState, NetworkState } from '../types.js'
import { Batch } from './batch.js'
import { contactHandlers } from './contacts.js'
import { feedbackHandlers } from './feedback.js'
import { mergeHandlers } from './merge.js'
import type { Handler, Handlers } from './handler.js'
import { planHandlers } from './plans.js'
import { referralHandlers } from './referrals.js'
import { rewardHandlers } from './rewards.js'

/** Every event type's handler: a missing one does not compile. */
const handlers: Handlers<EventType> = { ...contactHandlers, ...planHandlers, ...referralHandlers, ...rewardHandlers, ...feedbackHandlers, ...mergeHandlers }

/** The state before any event. */
export const initialNetwork: NetworkState = {
  contacts: PMap.empty(),
  referrals: PMap.empty(),
  rewards: PMap.empty(),
  costs: PVector.empty(),
  anomalies: PVector.empty(),
  mergedInto: PMap.empty(),
  seen: IdIndex.empty(),
  conflicts: IdIndex.empty(),
  commands: IdIndex.empty(),
  eventCount: 0,
}

const TYPE_INDEX = new Map<EventType, number>(EVENT_TYPES.map((t, i) => [t, i]))
// An entry fits a small integer (30 bits: 6 of type, 1 redacted, 23 of fingerprint), which the
// engine keeps unboxed in the index's maps: a tenth of the state's memory per event less than
// a 53-bit fingerprint would take. 23 bits tell another event reusing an id from a redelivery
// but once in eight million reuses — reuses are a host's bug, and exact ids stay exact.
const FINGERPRINT_BITS = 2 ** 23
const REDACTED_BIT = 2 ** 23
const TYPE_UNIT = 2 ** 24

/** An event id's entry in the seen index: its type, whether it was redacted, and the fingerprint of its content. */
const seenEntry = (type: EventType, redacted: boolean, fingerprint: number): number =>
  (TYPE_INDEX.get(type) as number) * TYPE_UNIT + (redacted ? REDACTED_BIT : 0) + (fingerprint % FINGERPRINT_BITS)
const typeOfEntry = (entry: number): EventType => EVENT_TYPES[Math.floor(entry / TYPE_UNIT)] as EventType
const redactedEntry = (entry: number): boolean => Math.floor(entry / REDACTED_BIT) % 2 === 1

/**
 * Whether an event is a redelivery of the one first seen with its id: the same content, or —
 * when either was redacted by an erasure — the same type (erasure changed the content, not
 * the event).
 */
const isRedelivery = (prior: number, entry: number): boolean =>
  prior === entry || ((redactedEntry(prior) || redactedEntry(entry)) && typeOfEntry(prior) === typeOfEntry(entry))

/** The command an event id derives from (`${commandId}/${n}`), if it has that shape. */
export const commandIdOf = (eventId: string): string | undefined => {
  const slash = eventId.lastIndexOf('/')
  return slash > 0 && /^\d+$/.test(eventId.slice(slash + 1)) ? eventId.slice(0, slash) : undefined
}

/**
 * Whether a value has the envelope of an event and names, as strings, every id its type must
 * name (and only strings where it may name one). Anything else is set aside as malformed
 * before a handler sees it, so no handler meets an id it cannot look up.
 */
export const looksLikeEvent = (u: unknown): u is RelationshipEvent => {
  if (typeof u !== 'object' || u === null) return false
  const e = u as Record<string, unknown>
  const type = e['type']
  return typeof e['id'] === 'string' && isEventType(type) && typeof e['at'] === 'string' && hasWellFormedReferences(type, e)
}

/** The fields of an event that name a contact (a team reward's `recipientId` names a team member). */
const CONTACT_FIELDS = ['contactId', 'refereeId', 'aboutContactId', 'recipientId'] as const

/**
 * The event with every contact it names resolved through merges: a merged id stands for its
 * survivor. The event itself (`===`) when it names no merged id — always, until a merge. A
 * merge names its two ids as they were written.
 */
const resolveContacts = (b: Batch, e: RelationshipEvent): RelationshipEvent => {
  if (!b.hasMerges || e.type === 'ContactsMerged') return e
  let out: Record<string, unknown> | undefined
  const r = e as unknown as Record<string, unknown>
  for (const k of CONTACT_FIELDS) {
    const id = r[k]
    if (typeof id !== 'string' || (k === 'recipientId' && r['side'] === 'team')) continue
    const to = b.resolve(id)
    if (to === id) continue
    out ??= { ...r }
    out[k] = to
  }
  return out === undefined ? e : (out as unknown as RelationshipEvent)
}

/**
 * Applies one event to the batch. Returns `false` when a handler threw — only a value that
 * was never decoded (a field of the wrong shape) can do that — since the handler may have
 * written part of the event: the caller then redoes the batch without it. With `malformed`
 * the event is set aside as malformed without running its handler (that redo).
 */
const applyEvent = (b: Batch, input: RelationshipEvent, malformed = false): boolean => {
  if (!looksLikeEvent(input)) {
    const raw: Record<string, unknown> = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {}
    const id = typeof raw['id'] === 'string' ? raw['id'] : ''
    const type = raw['type']
    b.note({ id, type: isEventType(type) ? type : null }, 'malformed-event', false)
    return true
  }
  let entry: number
  try {
    entry = seenEntry(input.type, input.redacted === true, eventFingerprint(input))
  } catch {
    b.note({ id: input.id, type: input.type }, 'malformed-event', false)
    return true
  }
  const prior = b.seen(input.id)
  if (prior !== undefined) {
    // A redelivery (even of the event once redacted) changes nothing. Another event reusing
    // the id is a host's bug worth seeing, once per id; the first event stays.
    if (!isRedelivery(prior, entry) && !b.conflicted(input.id)) b.noteConflict(input, typeOfEntry(prior))
    return true
  }
  b.ids.set(input.id, entry)
  if (input.commandHash !== undefined) {
    const commandId = commandIdOf(input.id)
    if (commandId !== undefined && b.command(commandId) === undefined) b.addCommand(commandId, parseInt(input.commandHash, 16))
  }
  b.setAside = false
  let applied = true
  if (malformed) b.note(input, 'malformed-event', false)
  else try {
    // What names someone already erased arrives without their personal data; what names a
    // merged contact is about its survivor.
    dispatch(b, resolveContacts(b, scrubEvent(input, b.erased)))
  } catch {
    applied = false
  }
  b.eventCount++
  b.lastEventAt = input.at
  return applied
}

/**
 * Hands a checked event to its handler: an event about a contact needs the contact, alive (or
 * an event the fold accepts after an erasure), and counts on it when the handler kept it.
 */
export const dispatch = (b: Batch, e: RelationshipEvent): void => {
  if (needsContact(e.type)) {
    const c = b.contact(e.contactId as string)
    if (c === undefined) b.note(e, 'unknown-contact', false)
    else if (c.erased && !acceptedAfterErasure(e.type)) b.note(e, 'contact-erased', false)
    else {
      ;(handlers[e.type] as Handler<EventType>)(b, e as never)
      if (!b.setAside) countOnContact(b, e)
    }
  } else {
    ;(handlers[e.type] as Handler<EventType>)(b, e as never)
  }
}

/**
 * One contact's state from its own stream, when the events are known to be decoded and each
 * id to come once (a KPI aggregate's schedule facts): the fold's own handlers, without the
 * idempotency index, the fingerprints or the chunked commits a stream from outside needs.
 * Any surprise (a handler that throws) falls back to `foldEvents`. @internal
 */
export const foldOwnContact = (events: readonly RelationshipEvent[], contactId: string): ContactState | undefined => {
  const b = new Batch(initialNetwork)
  for (const input of events) {
    if (!looksLikeEvent(input)) continue
    const e = resolveContacts(b, input)
    b.setAside = false
    try {
      dispatch(b, e)
    } catch {
      return foldEvents(events).contacts.get(contactId)
    }
    b.eventCount++
    b.lastEventAt = e.at
  }
  return b.contact(contactId)
}

/** Counts an applied event on its contact. */
const countOnContact = (b: Batch, e: RelationshipEvent): void => {
  if (e.type === 'ContactAdded' || e.contactId === undefined) return
  const c = b.writeContact(e.contactId)
  if (c !== undefined) {
    c.eventCount += 1
    c.lastEventAt = e.at
  }
}

/**
 * Folds events onto a state (the empty network by default), in stream order.
 * Never throws and never changes `from`.
 *
 * @example
 * const state = foldEvents(events)
 * const later = foldEvents(moreEvents, state) // same as foldEvents([...events, ...moreEvents])
 */
export const foldEvents = (events: Iterable<RelationshipEvent>, from: NetworkState = initialNetwork): NetworkState => foldInChunks(events, from, CHUNK, EVENTS_PER_COPY)

/**
 * Events folded between commits, at least. A batch copies a contact the first time it writes
 * it, so the more events a batch holds, the fewer copies: at 300,000 contacts a batch of 65,536
 * events copied nearly every contact it wrote, one event each, and the fold ran at 43% of a
 * mutable loop's speed; at 2^20 it runs at 59% (and at 100,000 contacts 51% → 73%). What a
 * batch keeps until its commit — the ids it saw first, the events since the last commit (to
 * redo them if a handler throws) — is a few tens of megabytes at this size.
 */
const CHUNK = 1_048_576

/**
 * A batch that has copied many contacts goes on past `CHUNK` until it holds this many events
 * for each contact it copied (up to `MAX_CHUNK`): each commit's copies are then paid by as
 * many events, whatever the network's size. At 300,000 contacts and 10 events each, the 3 M
 * events fold in one batch instead of three, 8% faster (two runs each, 55–57 s against
 * 61 s). What it keeps a while longer, ~60 bytes an event, is a small part of the state
 * those contacts take (several kilobytes each).
 */
const EVENTS_PER_COPY = 16

/** The most events between commits: what a batch keeps stays under a few hundred megabytes. */
const MAX_CHUNK = 4 * CHUNK

/** Whether a batch holding `pending` events has enough of them to commit. */
const batchIsFull = (b: Batch, pending: number, chunk: number, eventsPerCopy: number): boolean =>
  pending >= chunk && (pending >= MAX_CHUNK || pending >= eventsPerCopy * b.contactsWritten)

/**
 * `foldEvents` with the number of events between commits given (tests fold with small ones),
 * and how many events a batch holds for each contact it copied before it commits (0: none).
 */
export const foldInChunks = (events: Iterable<RelationshipEvent>, from: NetworkState, chunk: number, eventsPerCopy = 0): NetworkState => {
  // The batch is committed once it is full (`batchIsFull`), keeping the events since the last commit: if a
  // handler throws part-way (an event never decoded), the batch is redone from that commit
  // without it, so the event is set aside whole and no event is redone twice.
  let committed = from
  let b = new Batch(committed)
  let pending: RelationshipEvent[] = []
  for (const e of events) {
    if (applyEvent(b, e)) {
      pending.push(e)
      if (!batchIsFull(b, pending.length, chunk, eventsPerCopy)) continue
    } else {
      b = new Batch(committed)
      for (const p of pending) applyEvent(b, p)
      applyEvent(b, e, true)
    }
    committed = b.commit(true)
    b = new Batch(committed)
    pending = []
  }
  return b.commit(true)
}

/**
 * Applies one event to a state. Costs O(log n) in the size of the network — an old state
 * is never copied — and never changes `state`.
 */
export const evolve = (state: NetworkState, event: RelationshipEvent): NetworkState => {
  // `foldEvents([event], state)`, without the chunking a single event never needs.
  const b = new Batch(state)
  if (applyEvent(b, event)) return b.commit()
  const redo = new Batch(state)
  applyEvent(redo, event, true)
  return redo.commit()
}
