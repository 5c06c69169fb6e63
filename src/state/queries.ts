/**
 * Reading a `NetworkState`: contacts, referrals, rewards, anomalies, and a plain-JSON
 * snapshot of the whole state (for caching, debugging and comparing states).
 */
import * as O from 'fp-ts/lib/Option.js'
import type { Anomaly, ContactState, CostRecord, NetworkState, ReferralState, RewardState } from './types.js'
import { plain } from '../core/plain.js'
import type { ErasureScope } from '../events/index.js'

const byKey = <T>(key: (t: T) => string) => (a: T, b: T): number => {
  const ka = key(a)
  const kb = key(b)
  return ka < kb ? -1 : ka > kb ? 1 : 0
}

/**
 * The id a contact id stands for now: the id itself, or — when it was merged into another
 * (`ContactsMerged`) — its survivor's, following a survivor's own merge in turn.
 * @example resolveContactId(state, 'c-dup') // 'c-1' once c-dup was merged into c-1
 */
export const resolveContactId = (state: NetworkState, contactId: string): string => {
  let at = contactId
  // Merges never form a cycle; the bound is a guard.
  for (let i = 0; i < 64; i++) {
    const next = state.mergedInto.get(at)
    if (next === undefined) return at
    at = next
  }
  return at
}

/**
 * The state of one contact, if the network knows it (erased contacts are kept, without
 * personal data). A merged id gives its survivor.
 * @example pipe(getContact(state, 'c-1'), O.map((c) => c.role))
 */
export const getContact = (state: NetworkState, contactId: string): O.Option<ContactState> =>
  O.fromNullable(state.contacts.get(resolveContactId(state, contactId)))

/** Every contact, ordered by id. */
export const listContacts = (state: NetworkState): ContactState[] =>
  Array.from(state.contacts.values()).sort(byKey((c) => c.id))

/** One referral, if known. */
export const getReferral = (state: NetworkState, referralId: string): O.Option<ReferralState> =>
  O.fromNullable(state.referrals.get(referralId))

/** Every referral, ordered by id. */
export const listReferrals = (state: NetworkState): ReferralState[] =>
  Array.from(state.referrals.values()).sort(byKey((r) => r.referralId))

/** One reward, if issued. */
export const getReward = (state: NetworkState, rewardId: string): O.Option<RewardState> =>
  O.fromNullable(state.rewards.get(rewardId))

/** Every reward, ordered by id. */
export const listRewards = (state: NetworkState): RewardState[] =>
  Array.from(state.rewards.values()).sort(byKey((r) => r.rewardId))

/** The events the fold set aside or noted, in stream order. */
export const listAnomalies = (state: NetworkState): Anomaly[] => state.anomalies.toArray()

/**
 * Why the fold set an event aside (or noted it), if it did: its anomaly. Anomalies are few,
 * so this reads them in order.
 * @example O.map((a) => a.reason)(anomalyOf(state, 'cmd-9/0')) // Some('referee-has-open-referral')
 */
export const anomalyOf = (state: NetworkState, eventId: string): O.Option<Anomaly> =>
  O.fromNullable(state.anomalies.toArray().find((a) => a.eventId === eventId))

/** Programme costs, in stream order. */
export const listCosts = (state: NetworkState): CostRecord[] => state.costs.toArray()

/** Whether the state has seen (folded) an event id. */
export const hasSeenEvent = (state: NetworkState, eventId: string): boolean => state.seen.has(eventId)

/** A plain-JSON view of a network state. */
export interface NetworkSnapshot {
  readonly contacts: unknown[]
  readonly referrals: unknown[]
  readonly rewards: unknown[]
  readonly costs: unknown[]
  readonly anomalies: unknown[]
  /** Merged contact ids and the id each was merged into, sorted. */
  readonly mergedInto: Array<[string, string]>
  readonly seen: string[]
  readonly eventCount: number
  readonly lastEventAt: string | null
}

/**
 * A plain-JSON snapshot of a state: collections sorted by id, maps as sorted entry lists.
 * Two states hold the same facts exactly when their snapshots are deep-equal.
 */
export const networkSnapshot = (state: NetworkState): NetworkSnapshot => ({
  contacts: listContacts(state).map(plain),
  referrals: listReferrals(state).map(plain),
  rewards: listRewards(state).map(plain),
  costs: listCosts(state).map(plain),
  anomalies: listAnomalies(state).map(plain),
  mergedInto: Array.from(state.mergedInto.entries()).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)),
  seen: Array.from(state.seen.keys()).sort(),
  eventCount: state.eventCount,
  lastEventAt: state.lastEventAt ?? null,
})

/**
 * What a state knows to be erased, as the scope `scrubEvent` takes: its erased contacts,
 * the referrals they sent or received, and the rewards of those referrals or paid to them.
 *
 * @example scrubEvent(event, erasureScopeOf(state))
 */
export const erasureScopeOf = (state: NetworkState): ErasureScope => {
  // A merged id is erased with its survivor.
  const erased = (id: string): boolean => state.contacts.get(resolveContactId(state, id))?.erased === true
  const referralErased = (id: string): boolean => {
    const r = state.referrals.get(id)
    return r !== undefined && (erased(r.referrerId) || erased(r.refereeId))
  }
  return {
    contacts: { has: erased },
    referrals: { has: referralErased },
    rewards: {
      has: (id) => {
        const w = state.rewards.get(id)
        return w !== undefined && (referralErased(w.referralId) || (w.side !== 'team' && erased(w.recipientId)))
      },
    },
  }
}
