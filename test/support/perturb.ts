/**
 * Perturbed streams: a valid stream with the mistakes a real log can hold — redeliveries,
 * an id reused for other content, events of contacts never added, stages out of order,
 * events after an erasure, referrals of referees that do not exist or already have an open
 * referral, a referred lead moved on its own. For properties that must hold on any stream,
 * not only on the ones `decide` writes.
 */
import * as fc from 'fast-check'
import type { RelationshipEvent } from '../../src/index.js'
import { arbitraryEventStream } from '../../src/testing/index.js'

type Raw = { id: string; type: string; at: string; contactId?: string; schema?: number; [k: string]: unknown }

const laterAt = (at: string, ms: number): string => new Date(Date.parse(at) + ms).toISOString()

/** One perturbation, applied at a place chosen by `k`. */
const PERTURB: Array<(events: Raw[], k: number, n: number) => void> = [
  // A redelivery of an earlier event, later.
  (es, k) => {
    if (es.length === 0) return
    const e = es[k % es.length] as Raw
    es.splice(Math.min(es.length, (k % es.length) + 1 + (k % 7)), 0, { ...e })
  },
  // Another event reusing an earlier id (other content).
  (es, k) => {
    if (es.length === 0) return
    const e = es[k % es.length] as Raw
    es.splice(Math.min(es.length, (k % es.length) + 1), 0, { ...e, at: laterAt(e.at, 1000) })
  },
  // An event of a contact never added.
  (es, k, n) => {
    const at = es[k % Math.max(1, es.length)]?.at ?? '2025-01-01T09:00:00Z'
    es.splice(k % (es.length + 1), 0, { id: `ghost/${n}`, type: 'TouchLogged', at, schema: 1, contactId: `ghost${n}`, kind: 'call', channel: 'phone', on: at.slice(0, 10) })
  },
  // Two stage changes of a referral swapped.
  (es, k) => {
    const stages = es.flatMap((e, i) => (e.type === 'ReferralStageChanged' ? [i] : []))
    if (stages.length < 2) return
    const a = stages[k % stages.length] as number
    const b = stages.find((i) => i > a && es[i]?.['referralId'] === es[a]?.['referralId'])
    if (b === undefined) return
    const x = es[a] as Raw
    es[a] = es[b] as Raw
    es[b] = x
  },
  // Events of an erased contact after its erasure (new ids).
  (es, k, n) => {
    const erasures = es.flatMap((e, i) => (e.type === 'ContactErased' ? [i] : []))
    if (erasures.length === 0) return
    const i = erasures[k % erasures.length] as number
    const id = (es[i] as Raw).contactId as string
    const mine = es.slice(0, i).filter((e) => e.contactId === id && e.type !== 'ContactAdded')
    const at = laterAt((es[i] as Raw).at, 60_000)
    const copies: Raw[] = mine.slice(-3).map((e, j) => ({ ...e, id: `after/${n}/${j}`, at }))
    // And what others say of it: a referral about it, feedback about it.
    const other = es.find((e) => e.type === 'ContactAdded' && e.contactId !== id)
    if (other !== undefined) {
      copies.push({ id: `after/${n}/ref`, type: 'ReferralReceived', at, schema: 1, contactId: other.contactId as string, referralId: `after-r${n}`, refereeId: id, source: 'after erasure' })
      copies.push({ id: `after/${n}/fb`, type: 'FeedbackRecorded', at, schema: 1, contactId: other.contactId as string, aboutContactId: id, nps: 3 })
    }
    es.splice(i + 1, 0, ...copies)
  },
  // A referral of a referee that does not exist, and a second referral of a referee whose referral is open.
  (es, k, n) => {
    const received = es.flatMap((e, i) => (e.type === 'ReferralReceived' ? [i] : []))
    const adders = es.filter((e) => e.type === 'ContactAdded')
    if (adders.length < 2) return
    const from = adders[k % adders.length] as Raw
    const at = laterAt((es[es.length - 1] as Raw).at, 1000)
    es.push({ id: `nobody/${n}`, type: 'ReferralReceived', at, schema: 1, contactId: from.contactId as string, referralId: `nobody-r${n}`, refereeId: `nobody${n}` })
    if (received.length === 0) return
    const r = es[received[k % received.length] as number] as Raw
    const other = adders.find((a) => a.contactId !== r['refereeId'] && a.contactId !== r.contactId)
    if (other === undefined) return
    es.splice((received[k % received.length] as number) + 1, 0, { id: `again/${n}`, type: 'ReferralReceived', at: laterAt(r.at, 1), schema: 1, contactId: other.contactId as string, referralId: `again-r${n}`, refereeId: r['refereeId'] as string, source: 'twice' })
  },
  // A referred lead moved on its own (refused by the fold: its stages are its referral's).
  (es, k, n) => {
    const received = es.flatMap((e, i) => (e.type === 'ReferralReceived' ? [i] : []))
    if (received.length === 0) return
    const i = received[k % received.length] as number
    const r = es[i] as Raw
    es.splice(i + 1, 0, { id: `lead/${n}`, type: 'LeadStageChanged', at: laterAt(r.at, 1), schema: 1, contactId: r['refereeId'] as string, stage: 'closed', revenue: { amount: 1000, currency: 'USD' } })
  },
]

/** A valid stream, then up to `max` perturbations. */
export const perturbedEventStream = (options: { maxEvents?: number; maxContacts?: number; max?: number } = {}): fc.Arbitrary<RelationshipEvent[]> =>
  fc
    .tuple(
      arbitraryEventStream({ maxEvents: options.maxEvents ?? 120, maxContacts: options.maxContacts ?? 6, merges: true }),
      fc.array(fc.tuple(fc.nat(PERTURB.length - 1), fc.nat()), { maxLength: options.max ?? 8 }),
    )
    .map(([events, changes]) => {
      const es = events.map((e) => ({ ...e }) as unknown as Raw)
      changes.forEach(([which, k], n) => (PERTURB[which] as (events: Raw[], k: number, n: number) => void)(es, k, n))
      return es as unknown as RelationshipEvent[]
    })
