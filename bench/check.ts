/**
 * Holds the baseline to the fold's work: after the same events, the baseline's collections,
 * normalised with `plain`, equal the fold's — every contact (each of its groups), referral,
 * reward, cost and anomaly, every event id seen with its packed type and fingerprint, every
 * event id noted as an id-conflict, every command with its fingerprint, the event count and
 * the last event's time. If they differ,
 * the comparison in `npm run bench` would not be of equal work, so the run stops.
 */
import { isDeepStrictEqual } from 'node:util'
import type { IdIndex } from '../src/core/id-index.js'
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
  readonly conflicts: number
  readonly commands: number
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
    conflicts: s.conflicts.size,
    commands: s.commands.size,
  }
}

export const baselineCounts = (s: BaselineState): Counts => {
  let touches = 0
  for (const c of s.contacts.values()) touches += c.plans.touches.length
  return {
    contacts: s.contacts.size,
    referrals: s.referrals.size,
    rewards: s.rewards.size,
    costs: s.costs.length,
    anomalies: s.anomalies.length,
    touches,
    eventCount: s.eventCount,
    seen: s.seen.size,
    conflicts: s.conflicts.size,
    commands: s.commands.size,
  }
}

/** The keys on which an id index and a map disagree (a missing key, or another number), at most `limit`. */
const indexDifferences = (fold: IdIndex, base: ReadonlyMap<string, number>, limit: number): string[] => {
  const out: string[] = []
  let n = 0
  for (const [k, v] of fold.entries()) {
    n++
    const b = base.get(k)
    if (b !== v && !(Number.isNaN(b) && Number.isNaN(v)) && out.length < limit) out.push(`${JSON.stringify(k)}: fold ${v} ≠ baseline ${String(b)}`)
  }
  if (n !== fold.size) out.push(`the index holds ${n} entries but says ${fold.size}`)
  if (base.size !== fold.size) {
    for (const k of base.keys()) if (!fold.has(k) && out.length < limit) out.push(`${JSON.stringify(k)}: fold none ≠ baseline ${String(base.get(k))}`)
  }
  return out
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
  for (const [name, f, b] of [['cost', fold.costs.toArray(), base.costs], ['anomaly', fold.anomalies.toArray(), base.anomalies]] as const) {
    // Item by item, so that a difference names the first item that differs.
    for (let i = 0; i < Math.max(f.length, b.length); i++) differ(`${name} ${i}`, f[i], b[i])
  }
  for (const [name, f, b] of [['seen', fold.seen, base.seen], ['command', fold.commands, base.commands]] as const) {
    for (const d of indexDifferences(f, b, limit)) if (out.length < limit) out.push(`${name} ${d}`)
  }
  // The fold keeps a number with each conflicted id (where its batch noted it); only the ids are facts.
  for (const id of fold.conflicts.keys()) if (!base.conflicts.has(id) && out.length < limit) out.push(`conflict ${JSON.stringify(id)}: fold noted ≠ baseline none`)
  for (const id of base.conflicts) if (!fold.conflicts.has(id) && out.length < limit) out.push(`conflict ${JSON.stringify(id)}: fold none ≠ baseline noted`)
  return out
}
