/**
 * A contact's erasure, in the state: everything personal the fold kept about the contact
 * goes — its profile (names, contact details, dates, interests, rating), the free text of
 * its plans, lead, referrals (sent and received) and their rewards, the ratings and
 * verdicts about it — and counts stay.
 *
 * It removes exactly what `scrubEvent` removes from the events the state was folded from,
 * so that folding a log whose events were scrubbed gives the same state as folding the
 * original (a property test holds the two together).
 */
import type { ContactState, LeadState, RewardState, TouchOutcome } from '../types.js'
import type { Batch, Mutable } from './batch.js'

/** A lead without the free text it took from its source and its loss. */
const plainLead = (b: Batch, lead: LeadState): LeadState => {
  if (lead.source === undefined && lead.lostReason === undefined) return lead
  const l = b.ownObject(lead)
  delete l.source
  delete l.lostReason
  return l
}

/** Removes a reward's free text: the reason of its review or revocation, a gift's description. */
const scrubReward = (b: Batch, rewardId: string): void => {
  const r = b.reward(rewardId)
  if (r === undefined) return
  // Read defensively: an erasure must go through even over a value a host folded undecoded.
  const described = r.value?.kind === 'gift' && r.value.description !== undefined
  if (r.reason === undefined && !described) return
  const w = b.writeReward(rewardId) as Mutable<RewardState>
  delete w.reason
  if (w.value?.kind === 'gift' && described) {
    const { description: _d, ...gift } = w.value
    w.value = gift
  }
}

/**
 * Removes the free text of a referral that an erased contact sent or received — its note,
 * source and lost reason — and of the rewards paid for it. (A referred lead copies none of
 * it: it reads its referral through `referralId`.)
 */
const scrubReferral = (b: Batch, referralId: string): void => {
  const r = b.referral(referralId)
  if (r === undefined) return
  if (r.note !== undefined || r.source !== undefined || r.lostReason !== undefined) {
    const w = b.writeReferral(referralId) as Mutable<typeof r>
    delete w.note
    delete w.source
    delete w.lostReason
  }
  for (const rewardId of r.rewards) scrubReward(b, rewardId)
}

/** Applies a `ContactErased`: the contact keeps its id, role, counts and history of ids; nothing personal. */
export const eraseContact = (b: Batch, contactId: string, at: string): void => {
  const c = b.writeContact(contactId) as Mutable<ContactState>
  c.erased = true
  c.erasedAt = at
  c.profile = null
  // Skip reasons are free text.
  if (c.plans.enrollments.some((x) => [...x.outcomes.values()].some((o) => o.status === 'skipped' && o.reason !== undefined))) {
    b.group(c, 'plans').enrollments = c.plans.enrollments.map((x) => {
      const outcomes = new Map<string, TouchOutcome>()
      for (const [k, o] of x.outcomes) outcomes.set(k, o.status === 'skipped' ? { status: 'skipped', at: o.at } : o)
      return { ...x, outcomes }
    })
  }
  if (c.sales.lead !== undefined) {
    const next = plainLead(b, c.sales.lead)
    if (next !== c.sales.lead) b.group(c, 'sales').lead = next
  }
  // Its own responses go; ratings of its service and verdicts about it go, their count stays.
  const f = b.group(c, 'feedback')
  delete f.latest
  f.about = f.about.map((x) => ({ at: x.at }))
  f.allyReviews = f.allyReviews.map((x) => ({ at: x.at }))
  for (const id of c.referrals.given) scrubReferral(b, id)
  for (const id of c.referrals.received) scrubReferral(b, id)
  for (const id of c.rewards) scrubReward(b, id)
}
