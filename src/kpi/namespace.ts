/**
 * Aggregates of several networks in one report. Each network — one agent's, one team's — has
 * ids of its own: two networks may both hold a contact `c1`, a referral `r1`, an event `e1`.
 * Merged as they are, `kpiMonoid` would take them for one stream (and drop one of them), and
 * the finalize would join one network's referral to the other's referee. Namespacing each
 * network's aggregate first — every contact, referral and event id it holds prefixed with the
 * network — makes the networks' streams disjoint, and the merge is again a plain union.
 */
import type { KpiAggregate } from './aggregate.js'
import type { StreamFacts } from './facts.js'
import { ownContactOf } from './own-contact.js'

/**
 * An id of a network, namespaced: the network name (percent-encoded, so that it never holds a
 * `/`), a `/`, and the id. Two different (network, id) pairs never give the same key. The
 * programme stream's key `''` becomes `network/`.
 *
 * @example networkKey('team-a', 'c1') // 'team-a/c1'
 * @example networkKey('north/east', 'c1') // 'north%2Feast/c1'
 */
export const networkKey = (network: string, id: string): string => `${encodeURIComponent(network)}/${id}`

/**
 * An aggregate with every id of its network namespaced by `networkKey(network, …)`: stream keys
 * (contacts, and the programme's), the referrals' ids and referees, the stage changes'
 * referrals, the allies feedback is about, event ids (counted ids and responses), and the
 * contact of each stream's schedule events. Plan ids, enrollments, touch keys, sale ids and
 * team members (`assignee`) are left as they are: plans are the library's or the host's,
 * shared by every network, and the others are only compared within one stream. Never changes
 * `aggregate`.
 *
 * Merge namespaced aggregates of different networks with `kpiMonoid`: the union of their
 * streams is then the aggregate of all their events with ids namespaced, and `kpis` of it is
 * the report of the networks together — a team's, a brokerage's — in which each contact counts
 * once per network. Positions (`seq`) stay those of each network's log: the finalize only
 * orders facts of streams that name each other, which are always in one network.
 *
 * A namespaced aggregate is for merging and reporting. Do not continue it with
 * `kpiAggregate(events, namespaced)` (its events would carry ids without the namespace), and
 * keep each network's partials stored as they are: namespace them when a report merges them.
 *
 * @example
 * import { concatAll } from 'fp-ts/Monoid'
 * const brokerage = concatAll(kpiMonoid)([namespaceKpiAggregate(north, 'north'), namespaceKpiAggregate(south, 'south')])
 * kpis(brokerage, { now })
 */
export const namespaceKpiAggregate = (aggregate: KpiAggregate, network: string): KpiAggregate => {
  const key = (id: string): string => networkKey(network, id)
  const streams = new Map<string, StreamFacts>()
  for (const s of aggregate.streams.values()) {
    const k = key(s.key)
    const namespaced: StreamFacts = {
      ...s,
      key: k,
      referrals: s.referrals.map((r) => ({ ...r, referralId: key(r.referralId), refereeId: key(r.refereeId) })),
      stageChanges: s.stageChanges.map((c) => ({ ...c, referralId: key(c.referralId) })),
      feedback: s.feedback.map((f) => ({ ...f, eventId: key(f.eventId), ...(f.about === undefined ? {} : { about: key(f.about) }) })),
      scheduleEvents: s.scheduleEvents.map((e) => ({ ...e, id: key(e.id), contactId: k })),
      ownContact: null,
      seen: new Map([...s.seen].map(([id, fingerprint]) => [key(id), fingerprint])),
    }
    // Rebuilt from the namespaced events, so that it names the namespaced contact.
    streams.set(k, s.ownContact === null ? namespaced : { ...namespaced, ownContact: ownContactOf(namespaced) })
  }
  return { streams, read: aggregate.read }
}
