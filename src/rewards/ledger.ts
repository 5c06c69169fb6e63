/**
 * The reward ledger: per recipient (a contact, or a team member), every reward with its
 * status, and totals per kind — money per currency, points, quota per unit, gifts per tier,
 * discounts — kept apart as payable, held and void. Every total lists the reward ids it adds
 * up, so each number can be traced.
 */
import { isCalendarDate } from '../core/calendar-date.js'
import type { RewardValue } from '../events/catalogue.js'
import { GIFT_TIERS, type GiftTier, type RewardSide, type RewardStage } from '../events/vocabulary.js'
import type { NetworkState, RewardState, RewardStatus } from '../state/types.js'

/**
 * Where a reward stands on a day: `payable` (nothing holds it), `held` (awaiting review, or
 * inside its refund window) or `void` (rejected by review, or revoked).
 */
export type RewardStanding = 'payable' | 'held' | 'void'

/**
 * Where a reward stands on `today` (a `YYYY-MM-DD` date; without it, a refund window counts
 * as still running). Two gates, each lifted on its own:
 *
 * - review: a reward issued with `hold: 'review'` waits for `RewardApproved`;
 * - refund window: a reward with a `dueOn` waits until `today` ≥ `dueOn`.
 *
 * Rejected and revoked rewards are `void`.
 *
 * @example rewardStanding({ ...reward, status: 'held', hold: 'refund-window', dueOn: '2026-04-01' }, '2026-04-01') // 'payable'
 * @example rewardStanding({ ...reward, status: 'held', hold: 'review' }, '2030-01-01') // 'held' (until approved)
 */
export const rewardStanding = (reward: RewardState, today?: string): RewardStanding => {
  if (reward.status === 'rejected' || reward.status === 'revoked') return 'void'
  if (reward.hold === 'review' && reward.status !== 'approved') return 'held'
  if (reward.dueOn !== undefined) {
    if (today === undefined || !isCalendarDate(today) || today < reward.dueOn) return 'held'
  }
  return 'payable'
}

/**
 * Whether a reward is payable on `today` (`YYYY-MM-DD`): not rejected or revoked, approved
 * if it was held for review, and past its refund window (`today` ≥ `dueOn`).
 * @example payableOn(reward, '2026-05-01') // true once its refund window ended by May 1st
 */
export const payableOn = (reward: RewardState, today: string): boolean => rewardStanding(reward, today) === 'payable'

/**
 * Every reward payable on `today`, ordered by reward id.
 * @example rewardsPayable(state, '2026-05-01').map((r) => r.rewardId)
 */
export const rewardsPayable = (state: NetworkState, today: string): RewardState[] =>
  Array.from(state.rewards.values())
    .filter((r) => payableOn(r, today))
    .sort((a, b) => (a.rewardId < b.rewardId ? -1 : a.rewardId > b.rewardId ? 1 : 0))

/** An amount and the rewards it adds up. */
export interface TracedAmount {
  readonly amount: number
  readonly rewardIds: readonly string[]
}

/** A discount reward (a percentage off a service): discounts are listed, never summed. */
export interface LedgerDiscount {
  readonly rewardId: string
  readonly basisPoints: number
  readonly of: string
  readonly recurring: boolean
}

/** Totals of a set of rewards, per kind. Money is never summed across currencies. */
export interface RewardTotals {
  /** How many rewards, and which. */
  readonly count: number
  readonly rewardIds: readonly string[]
  /** Money per currency (integer minor units), ordered by currency. */
  readonly money: ReadonlyArray<TracedAmount & { readonly currency: string }>
  readonly points: TracedAmount
  /** Quota per unit, ordered by unit. */
  readonly quota: ReadonlyArray<TracedAmount & { readonly unit: string }>
  /** Gifts per tier (count in `amount`), in tier order; tiers with none are left out. */
  readonly gifts: ReadonlyArray<TracedAmount & { readonly tier: GiftTier }>
  readonly discounts: readonly LedgerDiscount[]
}

/** A reward in the ledger: its facts and where it stands. */
export interface LedgerEntry {
  readonly rewardId: string
  readonly referralId: string
  readonly stage: RewardStage
  readonly ruleId: string
  readonly side: RewardSide
  readonly value: RewardValue
  readonly status: RewardStatus
  readonly standing: RewardStanding
  readonly issuedAt: string
  readonly statusAt: string
  readonly hold?: 'review' | 'refund-window'
  readonly dueOn?: string
  readonly reason?: string
}

/** One recipient's account. */
export interface LedgerAccount {
  readonly recipientId: string
  /** A contact (referrer or referee sides) or a team member (team side). */
  readonly recipient: 'contact' | 'team-member'
  /** Every reward, ordered by issue time, then id. */
  readonly entries: readonly LedgerEntry[]
  /** Issued or approved, and past any refund window. */
  readonly payable: RewardTotals
  /** Awaiting review, or inside a refund window. */
  readonly held: RewardTotals
  /** Rejected or revoked. */
  readonly void: RewardTotals
}

/** The reward ledger of the network. */
export interface RewardLedger {
  /** The day standings were taken on, if given. */
  readonly today?: string
  /** Accounts ordered by recipient kind (contacts first), then id. */
  readonly accounts: readonly LedgerAccount[]
  /** Totals over every account. */
  readonly totals: { readonly payable: RewardTotals; readonly held: RewardTotals; readonly void: RewardTotals }
}

/** Options of `rewardLedger`. */
export interface LedgerOptions {
  /** The day (`YYYY-MM-DD`) to take standings on: refund windows ended by then are payable. Without it they count as held. */
  readonly today?: string
  /** Only this recipient's account(s). */
  readonly recipientId?: string
}

/** A mutable accumulator of totals. */
class Totals {
  readonly ids: string[] = []
  readonly money = new Map<string, { amount: number; ids: string[] }>()
  readonly points = { amount: 0, ids: [] as string[] }
  readonly quota = new Map<string, { amount: number; ids: string[] }>()
  readonly gifts = new Map<GiftTier, { amount: number; ids: string[] }>()
  readonly discounts: LedgerDiscount[] = []

  add(r: RewardState): void {
    this.ids.push(r.rewardId)
    const v = r.value
    const into = (m: Map<string, { amount: number; ids: string[] }>, key: string, amount: number) => {
      const x = m.get(key) ?? { amount: 0, ids: [] }
      x.amount += amount
      x.ids.push(r.rewardId)
      m.set(key, x)
    }
    switch (v.kind) {
      case 'money':
        into(this.money, v.amount.currency, v.amount.amount)
        break
      case 'points':
        this.points.amount += v.points
        this.points.ids.push(r.rewardId)
        break
      case 'quota':
        into(this.quota, v.unit, v.amount)
        break
      case 'gift': {
        const x = this.gifts.get(v.tier) ?? { amount: 0, ids: [] }
        x.amount += 1
        x.ids.push(r.rewardId)
        this.gifts.set(v.tier, x)
        break
      }
      case 'percent':
        this.discounts.push({ rewardId: r.rewardId, basisPoints: v.basisPoints, of: v.of, recurring: v.recurring === true })
        break
    }
  }

  done(): RewardTotals {
    const keyed = <K extends string>(m: Map<string, { amount: number; ids: string[] }>, name: K) =>
      [...m.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, x]) => ({ [name]: k, amount: x.amount, rewardIds: x.ids }) as TracedAmount & Record<K, string>)
    return {
      count: this.ids.length,
      rewardIds: this.ids,
      money: keyed(this.money, 'currency'),
      points: { amount: this.points.amount, rewardIds: this.points.ids },
      quota: keyed(this.quota, 'unit'),
      gifts: GIFT_TIERS.flatMap((tier) => {
        const x = this.gifts.get(tier)
        return x === undefined ? [] : [{ tier, amount: x.amount, rewardIds: x.ids }]
      }),
      discounts: this.discounts,
    }
  }
}

class Account {
  readonly entries: LedgerEntry[] = []
  readonly totals: Record<RewardStanding, Totals> = { payable: new Totals(), held: new Totals(), void: new Totals() }
  constructor(
    readonly recipientId: string,
    readonly recipient: 'contact' | 'team-member',
  ) {}
}

const entryOf = (r: RewardState, standing: RewardStanding): LedgerEntry => ({
  rewardId: r.rewardId,
  referralId: r.referralId,
  stage: r.stage,
  ruleId: r.ruleId,
  side: r.side,
  value: r.value,
  status: r.status,
  standing,
  issuedAt: r.issuedAt,
  statusAt: r.statusAt,
  ...(r.hold === undefined ? {} : { hold: r.hold }),
  ...(r.dueOn === undefined ? {} : { dueOn: r.dueOn }),
  ...(r.reason === undefined ? {} : { reason: r.reason }),
})

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/**
 * The reward ledger: per recipient, every reward with its status and standing, and totals
 * per kind kept apart as payable, held and void (rejected or revoked). Pass `today` to count
 * rewards whose refund window has ended as payable.
 *
 * @example
 * const ledger = rewardLedger(state, { today: '2026-06-01' })
 * ledger.accounts[0]?.payable.money // [{ currency: 'USD', amount: 10000, rewardIds: ['reward/r1/closed/thanks/c1', …] }]
 * ledger.accounts[0]?.held.quota    // [{ unit: 'MB', amount: 500, rewardIds: ['reward/r9/received/storage/c1'] }]
 */
export const rewardLedger = (state: NetworkState, options: LedgerOptions = {}): RewardLedger => {
  const accounts = new Map<string, Account>()
  const overall: Record<RewardStanding, Totals> = { payable: new Totals(), held: new Totals(), void: new Totals() }
  const rewards = Array.from(state.rewards.values())
    .filter((r) => options.recipientId === undefined || r.recipientId === options.recipientId)
    .sort((a, b) => Date.parse(a.issuedAt) - Date.parse(b.issuedAt) || compare(a.rewardId, b.rewardId))
  for (const r of rewards) {
    const kind = r.side === 'team' ? 'team-member' : 'contact'
    const key = `${kind}\u0000${r.recipientId}`
    let account = accounts.get(key)
    if (account === undefined) {
      account = new Account(r.recipientId, kind)
      accounts.set(key, account)
    }
    const standing = rewardStanding(r, options.today)
    account.entries.push(entryOf(r, standing))
    account.totals[standing].add(r)
    overall[standing].add(r)
  }
  const list = [...accounts.values()]
    .sort((a, b) => compare(a.recipient, b.recipient) || compare(a.recipientId, b.recipientId))
    .map(
      (a): LedgerAccount => ({
        recipientId: a.recipientId,
        recipient: a.recipient,
        entries: a.entries,
        payable: a.totals.payable.done(),
        held: a.totals.held.done(),
        void: a.totals.void.done(),
      }),
    )
  return {
    ...(options.today === undefined ? {} : { today: options.today }),
    accounts: list,
    totals: { payable: overall.payable.done(), held: overall.held.done(), void: overall.void.done() },
  }
}
