/**
 * The fold of referral and lead events: referrals (received, their stages, promises), the
 * funnel of leads (captured, assigned, their stages) and closed sales.
 */
import { instantMillis, type RelationshipEvent, type Stage } from '../../events/index.js'
import { canAdvance, isFinalStage, referralRefusal } from '../../rules/index.js'
import type { ContactState, LeadState, ReferralState, TransactionRecord } from '../types.js'
import type { Batch, Mutable } from './batch.js'
import { contactOf, draftOf, type Handlers } from './handler.js'

/** The referral a contact is the subject of and that is still open, if any. */
export const openReferralAbout = (referral: (id: string) => ReferralState | undefined, referee: ContactState): string | undefined => {
  // Only the last can be open, unless two contacts were merged: each may bring an open one.
  const received = referee.referrals.received
  for (let i = received.length - 1; i >= 0; i--) {
    const r = referral(received[i] as string)
    if (r !== undefined && !isFinalStage(r.stage)) return r.referralId
  }
  return undefined
}

/** Moves a stage record (of a referral or lead) to `to`, noting a backdated move. */
const advance = (
  b: Batch,
  e: RelationshipEvent,
  target: { readonly stage: Stage; readonly stages: Readonly<Partial<Record<Stage, string>>> },
  to: Stage,
): Partial<Record<Stage, string>> => {
  const previousAt = target.stages[target.stage]
  if (previousAt !== undefined && instantMillis(e.at) < instantMillis(previousAt)) b.note(e, 'backdated', true)
  return { ...target.stages, [to]: e.at }
}

const newLead = (at: string): LeadState => ({ capturedAt: at, stage: 'received', stages: { received: at } })

export const referralHandlers: Handlers<
  'ReferralReceived' | 'ReferralStageChanged' | 'ReferralPromised' | 'LeadCaptured' | 'LeadAssigned' | 'LeadStageChanged' | 'TransactionClosed'
> = {
  ReferralReceived: (b, e) => {
    const referee = b.contact(e.refereeId)
    const refusal = referralRefusal({
      referrerId: e.contactId,
      refereeId: e.refereeId,
      referralIdTaken: b.referral(e.referralId) !== undefined,
      ...(referee === undefined
        ? {}
        : { referee: { erased: referee.erased, openReferralId: openReferralAbout((id) => b.referral(id), referee) } }),
    })
    if (refusal !== undefined) return b.note(e, refusal, false)
    const r: Mutable<ReferralState> = {
      referralId: e.referralId,
      referrerId: e.contactId,
      refereeId: e.refereeId,
      stage: 'received',
      stages: { received: e.at },
      rewards: [],
    }
    if (e.source !== undefined) r.source = e.source
    if (e.note !== undefined) r.note = e.note
    b.createReferral(r)
    const c = draftOf(b, e)
    const given = b.group(c, 'referrals')
    given.given = b.append(given.given, e.referralId)
    const w = b.writeContact(e.refereeId) as Mutable<ContactState>
    const received = b.group(w, 'referrals')
    received.received = b.append(received.received, e.referralId)
    // The referee enters the funnel as a referred lead; its stages are the referral's. Nothing
    // of the referral's text is copied: what the lead shows of it is read through `referralId`.
    const lead: Mutable<LeadState> = { ...(w.sales.lead ?? newLead(e.at)), referralId: e.referralId, stage: 'received', stages: { received: e.at } }
    delete lead.revenue
    delete lead.lostReason
    b.group(w, 'sales').lead = lead
  },
  ReferralStageChanged: (b, e) => {
    const r0 = b.referral(e.referralId)
    if (r0 === undefined) return b.note(e, 'unknown-referral', false)
    if (r0.referrerId !== e.contactId) return b.note(e, 'not-the-referrer', false)
    if (!canAdvance(r0.stage, e.stage)) return b.note(e, 'invalid-stage-transition', false)
    const stages = advance(b, e, r0, e.stage)
    const r = b.writeReferral(e.referralId) as Mutable<ReferralState>
    r.stages = stages
    r.stage = e.stage
    if (e.stage === 'closed') r.revenue = e.revenue
    if (e.stage === 'lost' && e.reason !== undefined) r.lostReason = e.reason
    // Mirror onto the referee's lead while this referral is the one it follows.
    const referee = b.contact(r.refereeId)
    const lead0 = referee?.sales.lead
    if (lead0?.referralId === r.referralId) {
      const w = b.writeContact(r.refereeId) as Mutable<ContactState>
      const lead = b.ownObject(lead0)
      lead.stage = e.stage
      lead.stages = stages
      if (e.stage === 'closed') lead.revenue = e.revenue
      b.group(w, 'sales').lead = lead
    }
  },
  ReferralPromised: (b, e) => {
    b.group(draftOf(b, e), 'referrals').promisedAt = e.at
  },
  LeadCaptured: (b, e) => {
    const c = draftOf(b, e)
    // The lead's own source (a referred lead keeps the referral's stages).
    const lead: Mutable<LeadState> = { ...(c.sales.lead ?? newLead(e.at)) }
    if (e.source !== undefined) lead.source = e.source
    b.group(c, 'sales').lead = lead
  },
  LeadAssigned: (b, e) => {
    const c = draftOf(b, e)
    b.group(c, 'sales').lead = { ...(c.sales.lead ?? newLead(e.at)), assignee: e.assignee }
  },
  LeadStageChanged: (b, e) => {
    const lead0 = contactOf(b, e).sales.lead ?? newLead(e.at)
    if (lead0.referralId !== undefined) return b.note(e, 'lead-is-referred', false)
    if (!canAdvance(lead0.stage, e.stage)) return b.note(e, 'invalid-stage-transition', false)
    const c = draftOf(b, e)
    const lead: Mutable<LeadState> = { ...lead0, stage: e.stage, stages: advance(b, e, lead0, e.stage) }
    if (e.stage === 'closed') lead.revenue = e.revenue
    if (e.stage === 'lost' && e.reason !== undefined) lead.lostReason = e.reason
    b.group(c, 'sales').lead = lead
  },
  TransactionClosed: (b, e) => {
    if (contactOf(b, e).sales.transactions.some((x) => x.transactionId === e.transactionId)) return b.note(e, 'transaction-exists', false)
    const c = draftOf(b, e)
    const tx: Mutable<TransactionRecord> = { transactionId: e.transactionId, value: e.value, at: e.at, servedBy: e.servedBy.slice() }
    if (e.closedOn !== undefined) tx.closedOn = e.closedOn
    if (e.referralId !== undefined) tx.referralId = e.referralId
    const sales = b.group(c, 'sales')
    sales.transactions = b.append(sales.transactions, tx)
  },
}
