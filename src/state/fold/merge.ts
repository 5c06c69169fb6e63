/**
 * The fold of `ContactsMerged`: two contacts found to be one person become one. The
 * survivor's state becomes the union of both histories — the earliest dates, both referral
 * lists, both touch histories, both sales — and, on a field both set, the survivor's value
 * wins. The merged id leaves `contacts` and resolves to the survivor from then on.
 *
 * The event is written to both streams: the second copy finds the merge done and changes
 * nothing, which is also what makes a merge idempotent.
 */
import { CHANNELS, type EventOf } from '../../events/index.js'
import type {
  ContactProfile,
  ContactState,
  EnrollmentState,
  FeedbackState,
  NetworkPlace,
  PlansState,
  ReferralsState,
  SalesState,
} from '../types.js'
import type { Mutable } from './batch.js'
import type { Handlers } from './handler.js'

const earliest = (a: string | undefined, b: string | undefined): string | undefined =>
  a === undefined ? b : b === undefined ? a : Date.parse(b) < Date.parse(a) ? b : a

const latest = (a: string, b: string): string => (Date.parse(b) > Date.parse(a) ? b : a)

/** Both lists in time order (stable: on equal times, the survivor's first). */
const byTime = <T extends { readonly at: string }>(s: readonly T[], m: readonly T[]): T[] =>
  m.length === 0 ? s.slice() : [...s, ...m].map((x, i) => ({ x, i, t: Date.parse(x.at) })).sort((a, b) => a.t - b.t || a.i - b.i).map((y) => y.x)

/** `s` then the items of `m` whose key `s` does not have: on a key both have, the survivor's wins. */
const unionBy = <T>(s: readonly T[], m: readonly T[], key: (x: T) => string): T[] => {
  const have = new Set(s.map(key))
  return [...s, ...m.filter((x) => !have.has(key(x)))]
}

const PROFILE_OPTIONAL = ['givenName', 'familyName', 'company', 'address', 'timeZone', 'calendarSet', 'locale', 'notes', 'rating'] as const

const mergeProfile = (s: ContactProfile | null, m: ContactProfile | null): ContactProfile | null => {
  // One erased (the fold refuses that merge): a copy of the other, lists and all, so that the draft owns what it holds.
  if (s === null || m === null) {
    const p = s ?? m
    return p === null ? null : { ...p, emails: p.emails.slice(), phones: p.phones.slice(), personalDates: p.personalDates.slice(), interests: p.interests.slice() }
  }
  const p: Record<string, unknown> = { ...s }
  for (const k of PROFILE_OPTIONAL) if (s[k] === undefined && m[k] !== undefined) p[k] = m[k]
  p['emails'] = unionBy(s.emails, m.emails, (x) => x.toLowerCase())
  p['phones'] = unionBy(s.phones, m.phones, (x) => x)
  p['personalDates'] = unionBy(s.personalDates, m.personalDates, (d) => `${d.kind}\u0000${d.label ?? ''}`)
  p['interests'] = unionBy(s.interests, m.interests, (x) => `${x.category}\u0000${x.name}`)
  return p as unknown as ContactProfile
}

const mergeNetwork = (s: NetworkPlace, m: NetworkPlace): NetworkPlace => {
  // The role is one field: the survivor's, with its history, when it has one.
  const roleFrom = s.role !== null || m.role === null ? s : m
  const n: Mutable<NetworkPlace> = { met: s.met || m.met, role: roleFrom.role, roleHistory: roleFrom.roleHistory.slice() }
  const metAt = earliest(s.metAt, m.metAt)
  if (metAt !== undefined) n.metAt = metAt
  const circle = s.circle ?? m.circle
  if (circle !== undefined) n.circle = circle
  if (roleFrom.allyCategory !== undefined) n.allyCategory = roleFrom.allyCategory
  if (roleFrom.settlementService !== undefined) n.settlementService = roleFrom.settlementService
  return n
}

const mergePlans = (s: PlansState, m: PlansState): PlansState => ({
  // An enrollment id both used (two enrollments written apart by hand) keeps the survivor's.
  enrollments: unionBy<EnrollmentState>(s.enrollments, m.enrollments, (x) => x.enrollmentId),
  touches: byTime(s.touches, m.touches),
})

const mergeReferrals = (s: ReferralsState, m: ReferralsState): ReferralsState => {
  const r: Mutable<ReferralsState> = { given: unionBy(s.given, m.given, (x) => x), received: unionBy(s.received, m.received, (x) => x) }
  const promisedAt = earliest(s.promisedAt, m.promisedAt)
  if (promisedAt !== undefined) r.promisedAt = promisedAt
  return r
}

const mergeSales = (s: SalesState, m: SalesState): SalesState => {
  const out: Mutable<SalesState> = { transactions: byTime(s.transactions, m.transactions.filter((x) => !s.transactions.some((y) => y.transactionId === x.transactionId))) }
  const lead = s.lead ?? m.lead
  if (lead !== undefined) out.lead = lead
  return out
}

const mergeFeedback = (s: FeedbackState, m: FeedbackState): FeedbackState => {
  const f: Mutable<FeedbackState> = { count: s.count + m.count, about: byTime(s.about, m.about), allyReviews: byTime(s.allyReviews, m.allyReviews) }
  const latestOne = s.latest === undefined ? m.latest : m.latest === undefined ? s.latest : latest(s.latest.at, m.latest.at) === m.latest.at && m.latest.at !== s.latest.at ? m.latest : s.latest
  if (latestOne !== undefined) f.latest = latestOne
  return f
}

/** The union of two contacts' states, under the survivor's id. */
export const mergeContactStates = (s: ContactState, m: ContactState): Mutable<ContactState> => {
  const refused = new Set([...s.consent.refused, ...m.consent.refused])
  return {
    ...s,
    addedAt: earliest(s.addedAt, m.addedAt) as string,
    eventCount: s.eventCount + m.eventCount,
    lastEventAt: latest(s.lastEventAt, m.lastEventAt),
    profile: mergeProfile(s.profile, m.profile),
    network: mergeNetwork(s.network, m.network),
    // A channel either refused stays refused: a merge never gives consent back.
    consent: { refused: CHANNELS.filter((c) => refused.has(c)) },
    plans: mergePlans(s.plans, m.plans),
    referrals: mergeReferrals(s.referrals, m.referrals),
    sales: mergeSales(s.sales, m.sales),
    rewards: unionBy(s.rewards, m.rewards, (x) => x),
    feedback: mergeFeedback(s.feedback, m.feedback),
  }
}

export const mergeHandlers: Handlers<'ContactsMerged'> = {
  ContactsMerged: (b, e: EventOf<'ContactsMerged'>) => {
    const { survivorId, mergedId } = e
    const into = b.mergedInto(mergedId)
    // The other stream's copy, or a redelivery under another id: the merge is done.
    if (into !== undefined && b.resolve(into) === b.resolve(survivorId)) return
    if (survivorId === mergedId) return b.note(e, 'invalid-merge', false)
    if (into !== undefined || b.mergedInto(survivorId) !== undefined) return b.note(e, 'contact-merged', false)
    const s = b.contact(survivorId)
    const m = b.contact(mergedId)
    if (s === undefined && m === undefined) return b.note(e, 'unknown-contact', false)
    if (s?.erased === true || m?.erased === true) return b.note(e, 'contact-erased', false)
    if (s !== undefined && m !== undefined) {
      const draft = b.writeContact(survivorId) as Mutable<ContactState>
      const merged = mergeContactStates(draft, m)
      Object.assign(draft, merged)
      // The survivor's new groups and lists are this batch's own, as a new contact's are.
      b.adopt(draft)
      for (const id of m.referrals.given) {
        const r = b.writeReferral(id)
        if (r !== undefined && r.referrerId === mergedId) r.referrerId = survivorId
      }
      for (const id of m.referrals.received) {
        const r = b.writeReferral(id)
        if (r !== undefined && r.refereeId === mergedId) r.refereeId = survivorId
      }
      for (const id of m.rewards) {
        const w = b.writeReward(id)
        if (w !== undefined && w.side !== 'team' && w.recipientId === mergedId) w.recipientId = survivorId
      }
    }
    // With one of the two unknown, the state was folded from one stream alone (a command
    // handler reads only the streams it needs): the merge is still recorded, so the merged id
    // refuses new events and resolves to its survivor.
    b.mergeAway(mergedId, survivorId)
  },
}
