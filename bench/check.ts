/**
 * Holds the baseline to the fold's work: after the same events, the baseline's collections,
 * normalised the way `networkSnapshot` normalises a state, equal the fold's — every contact,
 * referral, reward, cost and anomaly, and the set of ids seen. If they differ, the
 * comparison in `npm run bench` would not be of equal work, so the run stops.
 */
import { isDeepStrictEqual } from 'node:util'
import type { NetworkState } from '../src/state/index.js'
import type { BaselineState } from './baseline.js'
import { plain } from '../src/core/plain.js'

/** The figures both sides are compared on, for the report. */
export interface Counts {
  readonly contacts: number
  readonly referrals: number
  readonly rewards: number
  readonly costs: number
  readonly anomalies: number
  readonly touches: number
  readonly eventCount: number
  readonly seen: number
}

export const foldCounts = (s: NetworkState): Counts => {
  let touches = 0
  for (const c of s.contacts.values()) touches += c.plans.touches.length
  return {
    contacts: s.contacts.size,
    referrals: s.referrals.size,
    rewards: s.rewards.size,
    costs: s.costs.size,
    anomalies: s.anomalies.size,
    touches,
    eventCount: s.eventCount,
    seen: s.seen.size,
  }
}

export const baselineCounts = (s: BaselineState): Counts => {
  let touches = 0
  for (const c of s.contacts.values()) touches += c.touches.length
  return {
    contacts: s.contacts.size,
    referrals: s.referrals.size,
    rewards: s.rewards.size,
    costs: s.costs.length,
    anomalies: s.anomalies.length,
    touches,
    eventCount: s.eventCount,
    seen: s.seen.size,
  }
}

/**
 * The differences between a folded state and a baseline state over the same events (at most
 * `limit` of them); empty when they hold the same facts.
 */
export const differences = (fold: NetworkState, base: BaselineState, limit = 10): string[] => {
  const out: string[] = []
  const differ = (what: string, a: unknown, b: unknown): void => {
    if (out.length < limit && !isDeepStrictEqual(plain(a), plain(b))) {
      out.push(`${what}: fold ${JSON.stringify(plain(a))?.slice(0, 400)} ≠ baseline ${JSON.stringify(plain(b))?.slice(0, 400)}`)
    }
  }
  differ('counts', foldCounts(fold), baselineCounts(base))
  differ('lastEventAt', fold.lastEventAt, base.lastEventAt)
  const collections = [
    ['contact', fold.contacts, base.contacts],
    ['referral', fold.referrals, base.referrals],
    ['reward', fold.rewards, base.rewards],
  ] as const
  for (const [name, f, b] of collections) {
    for (const [id, x] of f.entries()) differ(`${name} ${id}`, x, (b as Map<string, unknown>).get(id))
    for (const id of b.keys()) if (!f.has(id)) differ(`${name} ${id}`, undefined, (b as Map<string, unknown>).get(id))
  }
  differ('costs', fold.costs.toArray(), base.costs)
  differ('anomalies', fold.anomalies.toArray(), base.anomalies)
  let unseen = 0
  for (const id of base.seen.keys()) if (fold.seen.typeOf(id) !== base.seen.get(id)) unseen++
  if (unseen > 0 && out.length < limit) out.push(`seen: ${unseen} ids differ`)
  return out
}
