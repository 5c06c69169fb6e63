/**
 * `rewardsFor`: what a reward policy pays for one referral event, as `RewardIssued` events
 * ready to append — issued now, or held (review, refund window) — and the refusals, each
 * with its rule, recipient and reason. Pure: the clock is the `now` passed in, the state is
 * read, never changed.
 */
import { addDays } from '../core/calendar-date.js'
import { localDateOf } from '../core/zones.js'
import * as O from 'fp-ts/lib/Option.js'
import { assertNever } from '../core/errors.js'
import { SCHEMA_VERSIONS, type EventOf, type EventType, type RelationshipEvent, type RewardValue } from '../events/catalogue.js'
import { anomalyOf } from '../state/queries.js'
import { REWARD_STAGES, type RewardSide, type RewardStage } from '../events/vocabulary.js'
import type { ContactState, NetworkState, ReferralState, RewardState } from '../state/types.js'
import { capLimit, capMeasure, capUsage, type CountedReward } from './caps.js'
import { MAX_ID_LENGTH, rewardIdOf, rewardIssuedEventId } from './ids.js'
import { jurisdictionRegistry, type JurisdictionRule } from './jurisdictions.js'
import { DEFAULT_BURST, type PolicyValue, type RewardCap, type RewardPolicy, type RewardRule } from './policy.js'

/** A `RewardIssued` event, as `rewardsFor` returns it. */
export type RewardIssuedEvent = EventOf<'RewardIssued'>

/**
 * Why a reward was refused.
 *
 * - `self-referral`: the referrer referred themselves (refused outright).
 * - `duplicate-referral`: the referee already had an open referral, or the referral id was
 *   taken: the fold set the referral aside.
 * - `not-in-state`: the state does not hold what the event says (the fold set it aside, or
 *   the host asked before folding it), or does not know the recipient.
 * - `referral-lost`: the referral was lost before reaching the rule's stage.
 * - `already-issued`: the reward exists (idempotency: asking again issues nothing).
 * - `recipient-erased`: the recipient exercised the right to be forgotten.
 * - `forbidden-by-jurisdiction`: a jurisdiction rule of the policy forbids it (US RESPA §8).
 * - `unknown-jurisdiction`: the policy names a jurisdiction rule nobody registered (fail safe).
 * - `condition-not-met`: the referrer's role, the referral's number or the location bonus.
 * - `nothing-to-pay`: the value comes to nothing (a percentage of no revenue, or of too little).
 * - `cap-reached`: a cap per referrer (count or value) has no room left.
 * - `invalid-id`: the derived reward id would not be a valid id (over 256 characters).
 * - `invalid-now`: `now` is not a valid date.
 */
export type RefusalReason =
  | 'self-referral'
  | 'duplicate-referral'
  | 'not-in-state'
  | 'referral-lost'
  | 'already-issued'
  | 'recipient-erased'
  | 'forbidden-by-jurisdiction'
  | 'unknown-jurisdiction'
  | 'condition-not-met'
  | 'nothing-to-pay'
  | 'cap-reached'
  | 'invalid-id'
  | 'invalid-now'

/** A reward `rewardsFor` refused, with why. */
export interface RewardRefusal {
  readonly rewardId: string
  readonly referralId: string
  readonly stage: RewardStage
  readonly ruleId: string
  readonly recipientId: string
  readonly side: RewardSide
  readonly reason: RefusalReason
  /** The reason in words, for a person. */
  readonly message: string
  /** The jurisdiction rule that forbids it (`forbidden-by-jurisdiction`, `unknown-jurisdiction`). */
  readonly jurisdiction?: string
  /** The cap that has no room (`cap-reached`). */
  readonly capId?: string
}

/** Why a referral looks suspicious: the referee shares an e-mail or phone with the referrer, or it came in a burst. */
export type ReviewFlag = 'shared-email' | 'shared-phone' | 'burst'

/** Why a held reward is held. */
export interface HoldNote {
  readonly rewardId: string
  readonly hold: 'review' | 'refund-window'
  /** The review flags (empty for a refund window alone). */
  readonly flags: readonly ReviewFlag[]
  /** The end of the refund window, when one applies. */
  readonly dueOn?: string
  readonly message: string
}

/** A reward issued for less than its rule's value, because a value cap had less room. */
export interface CapAdjustment {
  readonly rewardId: string
  readonly capId: string
  /** What the rule pays. */
  readonly asked: RewardValue
  /** What fits under the cap, and is issued. */
  readonly issued: RewardValue
  readonly message: string
}

/** What `rewardsFor` decided. */
export interface RewardsDecision {
  /** Rewards to issue now: `RewardIssued` events to append. */
  readonly issue: readonly RewardIssuedEvent[]
  /** Rewards held (`hold`: review or refund window, with `dueOn`): `RewardIssued` events to append too. */
  readonly held: readonly RewardIssuedEvent[]
  /** Rewards refused, each with its rule, recipient and reason. */
  readonly refused: readonly RewardRefusal[]
  /** Why each held reward is held. */
  readonly holds: readonly HoldNote[]
  /** Rewards issued or held for less than their rule's value because a value cap had less room. */
  readonly adjusted: readonly CapAdjustment[]
}

/** Options of `rewardsFor`. */
export interface RewardsOptions {
  /** The host's own jurisdiction rules, by name (they may replace a built-in one). */
  readonly jurisdictions?: Readonly<Record<string, JurisdictionRule>>
}

const RANK: Readonly<Record<RewardStage, number>> = {
  received: 0,
  contacted: 1,
  appointment: 2,
  'under-contract': 3,
  closed: 4,
}

/** A fresh empty decision (never a shared object a caller could change). */
const empty = (): RewardsDecision => ({ issue: [], held: [], refused: [], holds: [], adjusted: [] })

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/

/** The rank of the furthest reward stage a referral reached (a lost referral: before it was lost). */
const furthestRank = (r: ReferralState): number => {
  let best = 0
  for (const s of REWARD_STAGES) if (r.stages[s] !== undefined) best = Math.max(best, RANK[s])
  if (r.stage !== 'lost' && r.stage in RANK) best = Math.max(best, RANK[r.stage as RewardStage])
  return best
}

/** Whether a referral reached a stage (a stage skipped on the way to a later one counts). */
const reached = (r: ReferralState, stage: RewardStage): boolean => RANK[stage] <= furthestRank(r)

/** When a referral reached a stage: the earliest instant of it or a later stage. */
const reachedAtMs = (r: ReferralState, stage: RewardStage): number => {
  let best = Number.POSITIVE_INFINITY
  for (const s of REWARD_STAGES) {
    const at = r.stages[s]
    if (RANK[s] >= RANK[stage] && at !== undefined) best = Math.min(best, Date.parse(at))
  }
  return best
}

const receivedMs = (r: ReferralState): number => {
  const at = r.stages.received
  return at === undefined ? Number.NaN : Date.parse(at)
}

const normalEmail = (s: string): string => s.trim().toLowerCase()
const normalPhone = (s: string): string => s.replace(/\D/g, '')
const normalPostal = (s: string): string => s.toUpperCase().replace(/\s+/g, '')

/** Divides `amount × basisPoints` by 10,000, rounding down (toward −∞), exactly. */
const shareOf = (amount: number, basisPoints: number): number => {
  const p = BigInt(amount) * BigInt(basisPoints)
  const q = p / 10_000n
  const floor = p < 0n && q * 10_000n !== p ? q - 1n : q
  return Number(floor)
}

/** The people a referral involves. */
interface Parties {
  readonly referralId: string
  readonly referrerId: string
  readonly refereeId: string
  /** Team members who served the referrer before the referral (sorted). */
  readonly team: readonly string[]
}

interface Candidate {
  readonly referral: ReferralState
  readonly parties: Parties
  readonly stage: RewardStage
  readonly rule: RewardRule
  readonly side: RewardSide
  readonly recipientId: string
  readonly rewardId: string
}

/** Team members who served the referrer in a transaction recorded at or before `beforeMs`. */
const teamOf = (referrer: ContactState | undefined, beforeMs: number): string[] => {
  const ids = new Set<string>()
  for (const tx of referrer?.sales.transactions ?? []) {
    if (!(Date.parse(tx.at) <= beforeMs)) continue
    for (const m of tx.servedBy) ids.add(m)
  }
  return [...ids].sort()
}

const recipientsOf = (rule: RewardRule, p: Parties): Array<{ side: RewardSide; recipientId: string }> => {
  switch (rule.to) {
    case 'referrer':
      return [{ side: 'referrer', recipientId: p.referrerId }]
    case 'referee':
      return [{ side: 'referee', recipientId: p.refereeId }]
    case 'both':
      return [
        { side: 'referrer', recipientId: p.referrerId },
        { side: 'referee', recipientId: p.refereeId },
      ]
    case 'team':
      return p.team.map((recipientId) => ({ side: 'team' as const, recipientId }))
  }
}

const describeValue = (v: RewardValue): string => {
  switch (v.kind) {
    case 'money':
      return `${v.amount.amount} ${v.amount.currency} (minor units)`
    case 'percent':
      return `${v.basisPoints / 100}% off ${v.of}${v.recurring === true ? ' (recurring)' : ''}`
    case 'points':
      return `${v.points} points`
    case 'quota':
      return `${v.amount} ${v.unit}`
    case 'gift':
      return `a ${v.tier} gift`
  }
}

/** One evaluation: the policy, the state and the clock, and what has been decided so far. */
class Evaluation {
  private readonly issue: RewardIssuedEvent[] = []
  private readonly held: RewardIssuedEvent[] = []
  private readonly refused: RewardRefusal[] = []
  private readonly holds: HoldNote[] = []
  private readonly adjusted: CapAdjustment[] = []
  /** Rewards accepted (issued or held) in this evaluation: they count toward caps. */
  private readonly accepted: Array<{ rewardId: string; ruleId: string; side: RewardSide; value: RewardValue }> = []
  private readonly acceptedIds = new Set<string>()
  private readonly nowMs: number
  private readonly validNow: boolean
  private readonly registry: ReadonlyMap<string, JurisdictionRule>
  private readonly ruleIds: readonly string[]
  private readonly flagsMemo = new Map<string, ReviewFlag[]>()
  private readonly countedMemo = new Map<string, CountedReward[]>()

  constructor(
    private readonly policy: RewardPolicy,
    private readonly state: NetworkState,
    now: Date,
    options: RewardsOptions,
  ) {
    this.nowMs = now instanceof Date ? now.getTime() : Number.NaN
    this.validNow = Number.isFinite(this.nowMs)
    this.registry = jurisdictionRegistry(options.jurisdictions)
    this.ruleIds = policy.rules.map((r) => r.id)
  }

  result(): RewardsDecision {
    return { issue: this.issue, held: this.held, refused: this.refused, holds: this.holds, adjusted: this.adjusted }
  }

  partiesOf(referral: ReferralState): Parties {
    return {
      referralId: referral.referralId,
      referrerId: referral.referrerId,
      refereeId: referral.refereeId,
      team: teamOf(this.state.contacts.get(referral.referrerId), receivedMs(referral)),
    }
  }

  /** Every (rule, recipient) of the given stages, in stage, rule and recipient order. */
  *candidates(
    referral: ReferralState,
    parties: Parties,
    stages: readonly RewardStage[],
    filter: (rule: RewardRule) => boolean = () => true,
  ): Generator<Candidate> {
    const sorted = [...stages].sort((a, b) => RANK[a] - RANK[b])
    for (const stage of sorted) {
      for (const rule of this.policy.rules) {
        if (rule.stage !== stage || !filter(rule)) continue
        for (const { side, recipientId } of recipientsOf(rule, parties)) {
          const rewardId = rewardIdOf({ referralId: parties.referralId, stage, ruleId: rule.id, recipientId })
          yield { referral, parties, stage, rule, side, recipientId, rewardId }
        }
      }
    }
  }

  refuse(c: Candidate, reason: RefusalReason, message: string, extra: { jurisdiction?: string; capId?: string } = {}): void {
    this.refused.push({
      rewardId: c.rewardId,
      referralId: c.parties.referralId,
      stage: c.stage,
      ruleId: c.rule.id,
      recipientId: c.recipientId,
      side: c.side,
      reason,
      message,
      ...extra,
    })
  }

  /** Refuses every reward of the given stages for one reason. */
  refuseAll(referral: ReferralState, parties: Parties, stages: readonly RewardStage[], reason: RefusalReason, message: (c: Candidate) => string): void {
    for (const c of this.candidates(referral, parties, stages)) this.refuse(c, reason, message(c))
  }

  /** Evaluates every reward of the given stages. */
  evaluate(referral: ReferralState, stages: readonly RewardStage[], filter?: (rule: RewardRule) => boolean): void {
    const parties = this.partiesOf(referral)
    for (const c of this.candidates(referral, parties, stages, filter)) this.consider(c)
  }

  /** Decides one reward: refused, issued or held. */
  consider(c: Candidate): void {
    const { state, policy } = this
    const what = `rule \`${c.rule.id}\` (${c.stage}) for ${c.side} ${c.recipientId}`
    if (!this.validNow) return this.refuse(c, 'invalid-now', `${what}: now is not a valid date`)
    const eventId = rewardIssuedEventId(c.rewardId)
    if (eventId.length > MAX_ID_LENGTH || CONTROL.test(eventId)) {
      return this.refuse(c, 'invalid-id', `${what}: its reward id would be over ${MAX_ID_LENGTH - '/issued'.length} characters; use shorter referral, rule or recipient ids`)
    }
    const existing = state.rewards.get(c.rewardId)
    if (existing !== undefined || this.acceptedIds.has(c.rewardId)) {
      return this.refuse(c, 'already-issued', `${what}: reward ${c.rewardId} was already issued${existing === undefined ? '' : ` (${existing.status})`}`)
    }
    const recipient = c.side === 'team' ? undefined : state.contacts.get(c.recipientId)
    if (c.side !== 'team') {
      if (recipient === undefined) return this.refuse(c, 'not-in-state', `${what}: the network does not know contact ${c.recipientId}`)
      if (recipient.erased) return this.refuse(c, 'recipient-erased', `${what}: the contact was erased (right to be forgotten)`)
    }
    const referrer = state.contacts.get(c.parties.referrerId)

    for (const j of policy.jurisdictions) {
      const rule = this.registry.get(j)
      if (rule === undefined) {
        return this.refuse(c, 'unknown-jurisdiction', `${what}: the policy runs under \`${j}\`, which no jurisdiction rule implements; nothing is paid until it does`, { jurisdiction: j })
      }
      let why: string | undefined
      try {
        why = rule.forbids({ state, referral: c.referral, referrer, rule: c.rule, side: c.side, recipientId: c.recipientId })
      } catch (e) {
        why = `jurisdiction rule \`${j}\` failed (${e instanceof Error ? e.message : String(e)}); nothing is paid while it fails`
      }
      if (why !== undefined) return this.refuse(c, 'forbidden-by-jurisdiction', why, { jurisdiction: j })
    }

    const conditions = c.rule.conditions
    if (conditions?.referrerRoles !== undefined) {
      const role = referrer?.network.role ?? null
      if (role === null || !conditions.referrerRoles.includes(role)) {
        return this.refuse(c, 'condition-not-met', `${what}: pays referrers who are ${conditions.referrerRoles.join(' or ')}; ${c.parties.referrerId} is ${role ?? 'without a role'}`)
      }
    }
    const ordinal = this.ordinalOf(c)
    if (conditions?.fromReferral !== undefined && ordinal < conditions.fromReferral) {
      return this.refuse(c, 'condition-not-met', `${what}: pays from the referrer's referral number ${conditions.fromReferral} on; this is number ${ordinal}`)
    }
    if (conditions?.location !== undefined) {
      const miss = this.locationMiss(c, conditions.location.postalCodePrefix, conditions.location.sameDay ?? true)
      if (miss !== undefined) return this.refuse(c, 'condition-not-met', `${what}: no location bonus: ${miss}`)
    }

    const policyValue = this.valueFor(c, ordinal, recipient)
    const asked = this.rewardValue(c, policyValue)
    if (typeof asked === 'string') return this.refuse(c, 'nothing-to-pay', `${what}: ${asked}`)

    let value = asked
    let reducedBy: string | undefined
    for (const cap of this.capsFor(c)) {
      const counted = [...this.countedFor(c.parties, cap), ...this.acceptedFor(cap)]
      const usage = capUsage(cap, counted, this.nowMs, policy.timeZone)
      if (cap.count !== undefined && usage.count + 1 > cap.count) {
        return this.refuse(c, 'cap-reached', `${what}: cap \`${cap.id}\` allows ${cap.count} reward(s) per referrer ${periodWords(cap)}; ${c.parties.referrerId} has ${usage.count}`, { capId: cap.id })
      }
      if (cap.value === undefined) continue
      const measure = capMeasure(cap.value, value)
      if (measure === undefined) continue
      const room = capLimit(cap.value) - usage.value
      if (measure <= room) continue
      const divisible = value.kind === 'money' || value.kind === 'points' || value.kind === 'quota'
      if (room <= 0 || !divisible || cap.partial === 'refuse') {
        return this.refuse(
          c,
          'cap-reached',
          `${what}: cap \`${cap.id}\` allows ${capLimit(cap.value)} per referrer ${periodWords(cap)}; ${room <= 0 ? 'no room is left' : `only ${room} is left, and ${describeValue(value)} ${divisible ? 'is not split under this cap' : 'cannot be split'}`}`,
          { capId: cap.id },
        )
      }
      value = withAmount(value, room)
      reducedBy = cap.id
    }

    const flags = this.flagsFor(c.referral)
    const rw = policy.refundWindow
    const refund = rw !== undefined && (rw.stages === undefined || rw.stages.includes(c.stage))
    const dueOn = refund ? addDays(localDateOf(this.nowMs, policy.timeZone), rw.days) : undefined
    const hold = flags.length > 0 ? ('review' as const) : refund ? ('refund-window' as const) : undefined

    const event: RewardIssuedEvent = {
      id: eventId,
      type: 'RewardIssued',
      at: new Date(this.nowMs).toISOString(),
      schema: SCHEMA_VERSIONS.RewardIssued,
      ...(c.side === 'team' ? {} : { contactId: c.parties.referrerId }),
      rewardId: c.rewardId,
      referralId: c.parties.referralId,
      stage: c.stage,
      ruleId: c.rule.id,
      recipientId: c.recipientId,
      side: c.side,
      value,
      ...(dueOn === undefined ? {} : { dueOn }),
      ...(hold === undefined ? {} : { hold }),
    }
    this.accepted.push({ rewardId: c.rewardId, ruleId: c.rule.id, side: c.side, value })
    this.acceptedIds.add(c.rewardId)
    if (reducedBy !== undefined) {
      this.adjusted.push({
        rewardId: c.rewardId,
        capId: reducedBy,
        asked,
        issued: value,
        message: `${what}: ${describeValue(asked)} asked, ${describeValue(value)} issued: the rest would pass cap \`${reducedBy}\``,
      })
    }
    if (hold === undefined) {
      this.issue.push(event)
      return
    }
    this.held.push(event)
    const reasons = flags.map((f) =>
      f === 'shared-email'
        ? 'the referee shares an e-mail address with the referrer'
        : f === 'shared-phone'
          ? 'the referee shares a phone number with the referrer'
          : `the referral came in a burst (${policy.review?.burstReferrals ?? DEFAULT_BURST.referrals} or more within ${policy.review?.burstHours ?? DEFAULT_BURST.hours} hours)`,
    )
    const message =
      hold === 'review'
        ? `held for review: ${reasons.join('; ')}${dueOn === undefined ? '' : `; then its refund window runs to ${dueOn}`}`
        : `held in its refund window: payable from ${dueOn ?? '?'}`
    this.holds.push({ rewardId: c.rewardId, hold, flags, ...(dueOn === undefined ? {} : { dueOn }), message })
  }

  /** The referral's number for a rule (tiers, milestones, `fromReferral`). */
  ordinalOf(c: Candidate): number {
    const referrer = this.state.contacts.get(c.parties.referrerId)
    const given = referrer?.referrals.given ?? []
    if ((c.rule.counting ?? 'sent') === 'sent') {
      const i = given.indexOf(c.parties.referralId)
      return i >= 0 ? i + 1 : given.length + 1
    }
    const mine = { id: c.parties.referralId, at: reachedAtMs(c.referral, c.stage), i: given.indexOf(c.parties.referralId) }
    let before = 0
    given.forEach((id, i) => {
      if (id === mine.id) return
      const r = this.state.referrals.get(id)
      if (r === undefined || !reached(r, c.stage)) return
      const at = reachedAtMs(r, c.stage)
      if (at < mine.at || (at === mine.at && i < mine.i)) before++
    })
    return before + 1
  }

  /** The value a rule pays for this referral number and recipient: milestone, else tier, else the rule's; a gift by the recipient's role. */
  valueFor(c: Candidate, ordinal: number, recipient: ContactState | undefined): PolicyValue {
    const ms = c.rule.milestones ?? []
    let chosen: PolicyValue | undefined = ms.find((m) => m.every !== true && m.at === ordinal)?.value
    if (chosen === undefined) {
      let best = 0
      for (const m of ms) {
        if (m.every === true && m.at > best && ordinal % m.at === 0) {
          best = m.at
          chosen = m.value
        }
      }
    }
    if (chosen === undefined) {
      let best = 0
      for (const tier of c.rule.tiers ?? []) {
        if (tier.from <= ordinal && tier.from > best) {
          best = tier.from
          chosen = tier.value
        }
      }
    }
    const value = chosen ?? c.rule.value
    if (value.kind === 'gift' && recipient?.network.role != null) {
      const byRole = value.byRole?.find((g) => g.role === recipient.network.role)
      if (byRole !== undefined) {
        return {
          kind: 'gift',
          tier: byRole.tier,
          ...(byRole.description === undefined ? {} : { description: byRole.description }),
          ...(byRole.value === undefined ? {} : { value: byRole.value }),
        }
      }
    }
    return value
  }

  /** The reward value to issue, or why there is nothing to pay. */
  rewardValue(c: Candidate, v: PolicyValue): RewardValue | string {
    switch (v.kind) {
      case 'money':
        if (!(v.amount.amount > 0)) return `the rule pays ${v.amount.amount}`
        return { kind: 'money', amount: { amount: v.amount.amount, currency: v.amount.currency } }
      case 'percent-of-revenue': {
        const revenue = c.referral.revenue
        if (revenue === undefined || c.referral.stage !== 'closed') return 'a percentage of revenue needs a closed referral with its revenue'
        const amount = shareOf(revenue.amount, v.basisPoints)
        if (!(amount > 0)) return `${v.basisPoints / 100}% of ${revenue.amount} ${revenue.currency} rounds down to ${amount}`
        return { kind: 'money', amount: { amount, currency: revenue.currency } }
      }
      case 'percent':
        return { kind: 'percent', basisPoints: v.basisPoints, of: v.of, ...(v.recurring === undefined ? {} : { recurring: v.recurring }) }
      case 'points':
        if (!(v.points > 0)) return `the rule pays ${v.points} points`
        return { kind: 'points', points: v.points }
      case 'quota':
        if (!(v.amount > 0)) return `the rule pays ${v.amount} ${v.unit}`
        return { kind: 'quota', amount: v.amount, unit: v.unit }
      case 'gift':
        return {
          kind: 'gift',
          tier: v.tier,
          ...(v.description === undefined ? {} : { description: v.description }),
          ...(v.value === undefined ? {} : { value: { amount: v.value.amount, currency: v.value.currency } }),
        }
    }
  }

  /** The caps that count and limit a reward of this rule and side. */
  capsFor(c: Candidate): RewardCap[] {
    return (this.policy.caps ?? []).filter((cap) => inScope(cap, this.ruleIds, c.rule.id, c.side))
  }

  /** The rewards of the referrer's referrals a cap counts (held, issued or approved). */
  countedFor(p: Parties, cap: RewardCap): CountedReward[] {
    const key = `${cap.id}\u0000${p.referrerId}`
    const memo = this.countedMemo.get(key)
    if (memo !== undefined) return memo
    const out: CountedReward[] = []
    const given = this.state.contacts.get(p.referrerId)?.referrals.given ?? []
    const ids = given.includes(p.referralId) ? given : [...given, p.referralId]
    for (const referralId of ids) {
      const referral = this.state.referrals.get(referralId)
      if (referral === undefined || referral.referrerId !== p.referrerId) continue
      for (const rewardId of referral.rewards) {
        const w: RewardState | undefined = this.state.rewards.get(rewardId)
        if (w === undefined || w.status === 'rejected' || w.status === 'revoked') continue
        if (!inScope(cap, this.ruleIds, w.ruleId, w.side)) continue
        out.push({ rewardId: w.rewardId, value: w.value, atMs: Date.parse(w.issuedAt) })
      }
    }
    this.countedMemo.set(key, out)
    return out
  }

  /** The rewards accepted in this evaluation that a cap counts (all at `now`). */
  acceptedFor(cap: RewardCap): CountedReward[] {
    return this.accepted
      .filter((a) => inScope(cap, this.ruleIds, a.ruleId, a.side))
      .map((a) => ({ rewardId: a.rewardId, value: a.value, atMs: this.nowMs }))
  }

  /** Why a referral looks suspicious, when the policy reviews. */
  flagsFor(referral: ReferralState): ReviewFlag[] {
    const review = this.policy.review
    if (review === undefined) return []
    const memo = this.flagsMemo.get(referral.referralId)
    if (memo !== undefined) return memo
    const flags: ReviewFlag[] = []
    const referrer = this.state.contacts.get(referral.referrerId)?.profile
    const referee = this.state.contacts.get(referral.refereeId)?.profile
    if ((review.sharedContact ?? true) && referrer != null && referee != null) {
      const emails = new Set(referrer.emails.map(normalEmail))
      if (referee.emails.some((e) => emails.has(normalEmail(e)))) flags.push('shared-email')
      const phones = new Set(referrer.phones.map(normalPhone).filter((p) => p.length >= 6))
      if (referee.phones.some((p) => phones.has(normalPhone(p)))) flags.push('shared-phone')
    }
    if ((review.burst ?? true) && this.inBurst(referral, review.burstReferrals ?? DEFAULT_BURST.referrals, review.burstHours ?? DEFAULT_BURST.hours)) {
      flags.push('burst')
    }
    this.flagsMemo.set(referral.referralId, flags)
    return flags
  }

  /** Whether `n` or more of the referrer's referrals, this one among them, were received within some span of `hours`. */
  inBurst(referral: ReferralState, n: number, hours: number): boolean {
    const t = receivedMs(referral)
    if (!Number.isFinite(t)) return false
    const given = this.state.contacts.get(referral.referrerId)?.referrals.given ?? [referral.referralId]
    const times = given
      .map((id) => {
        const r = this.state.referrals.get(id)
        return r === undefined ? Number.NaN : receivedMs(r)
      })
      .filter((x) => Number.isFinite(x))
      .sort((a, b) => a - b)
    const span = hours * 3_600_000
    let j = 0
    for (let i = 0; i < times.length; i++) {
      const s = times[i] as number
      if (s < t - span) continue
      if (s > t) break
      j = Math.max(j, i)
      while (j < times.length && (times[j] as number) <= s + span) j++
      if (j - i >= n) return true
    }
    return false
  }

  /** Why the location bonus does not apply, or `undefined` when it does. */
  locationMiss(c: Candidate, prefix: number | undefined, sameDay: boolean): string | undefined {
    const referrer = this.state.contacts.get(c.parties.referrerId)
    const referee = this.state.contacts.get(c.parties.refereeId)
    const a = referrer?.profile?.address?.postalCode
    const b = referee?.profile?.address?.postalCode
    if (a === undefined || b === undefined) return 'the referrer and the referee both need a postal code'
    const cut = (s: string) => (prefix === undefined ? normalPostal(s) : normalPostal(s).slice(0, prefix))
    if (cut(a) !== cut(b)) return 'the referee is not in the referrer\u2019s postal area'
    if (!sameDay) return undefined
    const tz = this.policy.timeZone
    const serviceDate = (tx: ContactState['sales']['transactions'][number]): string => tx.closedOn ?? localDateOf(Date.parse(tx.at), tz)
    const referrerDays = new Set((referrer?.sales.transactions ?? []).map(serviceDate))
    const since = receivedMs(c.referral)
    const served = (referee?.sales.transactions ?? []).some(
      (tx) => (tx.referralId === c.parties.referralId || Date.parse(tx.at) >= since) && referrerDays.has(serviceDate(tx)),
    )
    return served ? undefined : 'the referee was not served on a day the referrer was served'
  }
}

const inScope = (cap: RewardCap, ruleIds: readonly string[], ruleId: string, side: RewardSide): boolean =>
  (cap.rules ?? ruleIds).includes(ruleId) && (cap.sides ?? ['referrer']).includes(side)

const periodWords = (cap: RewardCap): string =>
  cap.period === 'lifetime' ? 'for life' : `a ${(cap.window ?? 'calendar') === 'calendar' ? 'calendar' : 'rolling'} ${cap.period}`

const withAmount = (v: RewardValue, amount: number): RewardValue => {
  switch (v.kind) {
    case 'money':
      return { kind: 'money', amount: { amount, currency: v.amount.currency } }
    case 'points':
      return { kind: 'points', points: amount }
    case 'quota':
      return { kind: 'quota', amount, unit: v.unit }
    // A percentage or a gift has no amount a value cap could trim.
    case 'percent':
    case 'gift':
      return v
  }
}

/**
 * What a reward policy pays for one referral event. `state` already includes `event` (fold
 * it first, then ask). Returns `RewardIssued` events to append — `issue` (payable now) and
 * `held` (with `hold: 'review'` for a suspicious referral, or `'refund-window'` and the
 * `dueOn` date its refund window ends) — and `refused`, each refusal with its rule,
 * recipient, reason code and message. Events are ready to append as they are: `id` =
 * `${rewardId}/issued`, `at` = `now`, `contactId` = the referrer (absent for team rewards).
 *
 * It answers `ReferralReceived` (rules at `received`), `ReferralStageChanged` (rules at the
 * new stage, and at any stage the move skipped; a move to `lost` refuses the stages never
 * reached) and `TransactionClosed` naming a referral (location-bonus rules only, at every
 * stage reached). Any other event pays nothing. It never issues a reward twice (the reward
 * id is checked against `state.rewards`), never passes a cap, and never throws.
 *
 * @example
 * const state = foldEvents([...earlier, received])
 * const { issue, held, refused } = rewardsFor(policy, state, received, new Date('2026-03-02T10:00:00Z'))
 * const next = foldEvents([...issue, ...held], state) // asking again now issues nothing
 *
 * @example
 * // A lender ally refers a client under `us-respa-8`: the referrer's reward is refused.
 * refused[0] // { reason: 'forbidden-by-jurisdiction', jurisdiction: 'us-respa-8', message: 'US RESPA §8 forbids …', … }
 */
export const rewardsFor = (
  policy: RewardPolicy,
  state: NetworkState,
  event: RelationshipEvent,
  now: Date,
  options: RewardsOptions = {},
): RewardsDecision => {
  const ev = new Evaluation(policy, state, now, options)
  switch (event.type) {
    case 'ReferralReceived': {
      const r = state.referrals.get(event.referralId)
      const applied =
        r !== undefined && r.referrerId === event.contactId && r.refereeId === event.refereeId && r.stages.received === event.at
      if (applied) {
        ev.evaluate(r, ['received'])
        return ev.result()
      }
      // The fold set the referral aside: say why, for every reward it would have paid.
      const referrer = state.contacts.get(event.contactId)
      const stub: ReferralState = {
        referralId: event.referralId,
        referrerId: event.contactId,
        refereeId: event.refereeId,
        stage: 'received',
        stages: { received: event.at },
        rewards: [],
      }
      const parties: Parties = {
        referralId: event.referralId,
        referrerId: event.contactId,
        refereeId: event.refereeId,
        team: teamOf(referrer, Date.parse(event.at)),
      }
      // Why the fold set it aside is in the state's anomalies: read it, do not work it out again.
      switch (O.toUndefined(anomalyOf(state, event.id))?.reason) {
        case 'self-referral':
          ev.refuseAll(stub, parties, ['received'], 'self-referral', () => `${event.contactId} referred themselves: a self-referral is never rewarded`)
          break
        case 'referee-has-open-referral':
          ev.refuseAll(stub, parties, ['received'], 'duplicate-referral', () => `${event.refereeId} already had an open referral: a second referral of the same referee is not rewarded`)
          break
        case 'referral-exists':
          ev.refuseAll(stub, parties, ['received'], 'duplicate-referral', () => `referral id ${event.referralId} is taken by another referral`)
          break
        default:
          ev.refuseAll(stub, parties, ['received'], 'not-in-state', () => `the state does not hold referral ${event.referralId}: fold the event first (or the fold set it aside)`)
      }
      return ev.result()
    }
    case 'ReferralStageChanged': {
      const r = state.referrals.get(event.referralId)
      if (r === undefined) return empty()
      const parties = ev.partiesOf(r)
      if (event.stage === 'lost') {
        if (r.stage !== 'lost' || r.stages.lost !== event.at) return empty()
        const never = REWARD_STAGES.filter((s) => !reached(r, s))
        ev.refuseAll(r, parties, never, 'referral-lost', (c) => `referral ${r.referralId} was lost before \`${c.stage}\`: a stage it never reached pays nothing`)
        return ev.result()
      }
      const stage = event.stage
      const applied = r.referrerId === event.contactId && r.stages[stage] === event.at
      if (!applied) {
        if (!reached(r, stage) && r.stage === 'lost') {
          ev.refuseAll(r, parties, [stage], 'referral-lost', () => `referral ${r.referralId} was lost before \`${stage}\`: a stage it never reached pays nothing`)
        } else {
          ev.refuseAll(r, parties, [stage], 'not-in-state', () => `the state does not record this move of referral ${r.referralId} to \`${stage}\`: fold the event first (or the fold set it aside)`)
        }
        return ev.result()
      }
      // Stages this move skipped (received → appointment skips contacted) are paid with it.
      let previous = 0
      for (const s of REWARD_STAGES) if (RANK[s] < RANK[stage] && r.stages[s] !== undefined) previous = Math.max(previous, RANK[s])
      const stages = REWARD_STAGES.filter((s) => s === stage || (RANK[s] > previous && RANK[s] < RANK[stage]))
      ev.evaluate(r, stages)
      return ev.result()
    }
    case 'TransactionClosed': {
      if (event.referralId === undefined) return empty()
      const r = state.referrals.get(event.referralId)
      if (r === undefined || (event.contactId !== r.refereeId && event.contactId !== r.referrerId)) return empty()
      const tx = state.contacts.get(event.contactId)?.sales.transactions.find((x) => x.transactionId === event.transactionId)
      if (tx === undefined || tx.at !== event.at) return empty()
      ev.evaluate(
        r,
        REWARD_STAGES.filter((s) => reached(r, s)),
        (rule) => rule.conditions?.location !== undefined,
      )
      return ev.result()
    }
    default:
      // Every other event earns nothing; `EARNS_NOTHING` lists them, so a new event type must be placed.
      return EARNS_NOTHING[event.type] ? empty() : assertNever(event as never, 'event type of rewardsFor')
  }
}

/** The event types no reward policy pays for: a new event type does not compile until it is listed here or handled above. */
export type EarnsNothingTable = { readonly [K in Exclude<EventType, 'ReferralReceived' | 'ReferralStageChanged' | 'TransactionClosed'>]: true }
const EARNS_NOTHING: EarnsNothingTable = {
  ContactAdded: true,
  ContactUpdated: true,
  ContactMet: true,
  ContactRoleChanged: true,
  ContactRated: true,
  PersonalDateRecorded: true,
  PersonalDateRemoved: true,
  InterestRecorded: true,
  InterestRemoved: true,
  ConsentChanged: true,
  ContactErased: true,
  PlanEnrolled: true,
  PlanPaused: true,
  PlanResumed: true,
  PlanCancelled: true,
  PlanCompleted: true,
  TouchCompleted: true,
  TouchSkipped: true,
  TouchRescheduled: true,
  TouchLogged: true,
  ReferralPromised: true,
  RewardIssued: true,
  RewardApproved: true,
  RewardRejected: true,
  RewardRevoked: true,
  LeadCaptured: true,
  LeadAssigned: true,
  LeadStageChanged: true,
  CostRecorded: true,
  FeedbackRecorded: true,
  AllyReviewed: true,
  ContactsMerged: true,
}
