/**
 * Many streams' own contacts, folded as their events arrive: the state side of the KPI
 * aggregate's `ownContact`.
 *
 * `foldOwnContact` rebuilds one contact from its own schedule events when asked. A reader that
 * sees those events one at a time (the KPI accumulator) can instead hand each to this folder as
 * it reads it: the same checks (`looksLikeEvent`) and the same dispatch to the fold's own
 * handlers as `foldOwnContact`, in the same order, so the contact is there when the report
 * asks, without walking every kept event again.
 *
 * One batch holds every stream, kept apart by construction: the folder takes only
 * {@link OWN_CONTACT_EVENTS}, and only the event of the stream's own contact, and a handler of
 * those writes only its event's contact. A merge joins two streams, which only the whole
 * aggregate sees: the folder refuses it, as anything else it cannot fold alone, and the caller
 * folds that stream's events itself.
 */
import type { EventType, RelationshipEvent } from '../../events/index.js'
import type { ContactState, NetworkState } from '../types.js'
import { Batch } from './batch.js'
import { dispatch, initialNetwork, looksLikeEvent } from './index.js'

/**
 * The events that shape one contact's schedules and that its own stream folds alone: its
 * profile, personal dates, interests, consent, plans and touches. The KPI aggregate keeps these
 * for plan adherence (with the merges, which join two streams and are folded whole). One list,
 * so that what the aggregate keeps and what the folder folds cannot drift apart. @internal
 */
export const OWN_CONTACT_EVENTS = [
  'ContactAdded',
  'ContactUpdated',
  'PersonalDateRecorded',
  'PersonalDateRemoved',
  'InterestRecorded',
  'InterestRemoved',
  'ConsentChanged',
  'PlanEnrolled',
  'PlanPaused',
  'PlanResumed',
  'PlanCancelled',
  'PlanCompleted',
  'TouchCompleted',
  'TouchSkipped',
  'TouchRescheduled',
] as const satisfies readonly EventType[]

const OWN: ReadonlySet<EventType> = new Set<EventType>(OWN_CONTACT_EVENTS)

/** Streams' own contacts as of a commit: never written again, whatever the folder folds later. @internal */
export type OwnContactsSnapshot = (contactId: string) => ContactState | undefined

/**
 * A folder of many streams' own contacts (see the module's comment). Stateful by design — it
 * is the accumulator's private draft — but what `commit` hands out is never written again.
 * @internal
 */
export interface OwnContactsFolder {
  /**
   * Folds the next event of stream `contactId`, as `foldOwnContact` of the stream's events
   * would. `false` when the stream cannot be kept here from now on — the event is not one of
   * {@link OWN_CONTACT_EVENTS} of that contact, or its handler threw (a value never decoded,
   * which may have left part of it written) — and the caller must fold the stream's events
   * itself. An event without an event's envelope is skipped, as `foldOwnContact` skips it.
   */
  apply(contactId: string, e: RelationshipEvent): boolean
  /** Commits what was folded so far and hands it out; later events write copies. */
  commit(): OwnContactsSnapshot
  /**
   * Lets go of a stream's contact (erased, merged, or refused): the folder keeps nothing of it
   * from now on — an erased person's profile must not live on in a long-running aggregate.
   * What earlier commits handed out is unchanged.
   */
  forget(contactId: string): void
}

/** A fresh folder, holding no stream. @internal */
export const ownContactsFolder = (): OwnContactsFolder => {
  let committed: NetworkState = initialNetwork
  let batch = new Batch(committed)
  let pending = false
  return {
    apply(contactId, e) {
      if (!looksLikeEvent(e)) return true
      if (!OWN.has(e.type) || e.contactId !== contactId) return false
      batch.setAside = false
      try {
        dispatch(batch, e)
      } catch {
        return false
      }
      // As the fold counts it (a batch that counted nothing commits nothing).
      batch.eventCount++
      pending = true
      return true
    },
    commit() {
      if (pending) {
        // Anomalies the handlers noted are the fold's business, not the caller's: none are kept.
        committed = { ...batch.commit(), anomalies: initialNetwork.anomalies }
        batch = new Batch(committed)
        pending = false
      }
      const contacts = committed.contacts
      return (contactId) => contacts.get(contactId)
    },
    forget(contactId) {
      // Rare (an erasure, a merge): commit what is pending, then drop the contact from the state.
      if (pending) committed = { ...batch.commit(), anomalies: initialNetwork.anomalies }
      else if (committed.contacts.get(contactId) === undefined) return
      committed = { ...committed, contacts: committed.contacts.delete(contactId) }
      batch = new Batch(committed)
      pending = false
    },
  }
}
