/**
 * Cap windows: how much of a cap the rewards already counted use, as seen by a reward
 * issued at `now`.
 *
 * - `lifetime`: every counted reward.
 * - `calendar` month or year: the counted rewards issued in the same calendar month (or
 *   year) as `now`, in the policy's time zone.
 * - `rolling` month or year: windows of 30 or 365 days, `(t − length, t]`. A reward issued at
 *   `now` lies in every window that ends in `[now, now + length)`; the usage is the largest
 *   in any of them, so the cap holds in every window even when `now` is earlier than rewards
 *   already counted.
 */
import type { RewardValue } from '../events/catalogue.js'
import { localDateOf } from '../core/zones.js'
import type { CapValue, RewardCap } from './policy.js'

/** A reward a cap counts: its value and when it was issued. */
export interface CountedReward {
  readonly rewardId: string
  readonly value: RewardValue
  /** Milliseconds since the epoch of its `issuedAt`. */
  readonly atMs: number
}

/** Days in a rolling window. */
export const ROLLING_DAYS: Readonly<Record<'month' | 'year', number>> = { month: 30, year: 365 }

const DAY_MS = 86_400_000

/**
 * What a value cap measures of a reward value: money in the cap's currency (a gift counts
 * its declared `value`), points, or a quota of the cap's unit. `undefined` when the cap does
 * not measure it (another currency or unit, a discount, a gift without a value).
 *
 * @example capMeasure({ kind: 'quota', amount: 16_000, unit: 'MB' }, { kind: 'quota', amount: 500, unit: 'MB' }) // 500
 */
export const capMeasure = (cap: CapValue, value: RewardValue): number | undefined => {
  switch (cap.kind) {
    case 'money':
      if (value.kind === 'money' && value.amount.currency === cap.amount.currency) return value.amount.amount
      if (value.kind === 'gift' && value.value?.currency === cap.amount.currency) return value.value.amount
      return undefined
    case 'points':
      return value.kind === 'points' ? value.points : undefined
    case 'quota':
      return value.kind === 'quota' && value.unit === cap.unit ? value.amount : undefined
  }
}

/**
 * The limit of a value cap, in its own measure.
 * @example capLimit({ kind: 'money', amount: { amount: 100_000, currency: 'USD' } }) // 100000
 */
export const capLimit = (cap: CapValue): number => (cap.kind === 'money' ? cap.amount.amount : cap.kind === 'points' ? cap.points : cap.amount)

/** How much of a cap is used: the count of rewards and the measured value, in the fullest window a reward at `now` falls in. */
export interface CapUsage {
  readonly count: number
  readonly value: number
}

const sum = (rs: readonly CountedReward[], cap: RewardCap): { count: number; value: number } => {
  let value = 0
  for (const r of rs) value += cap.value === undefined ? 0 : (capMeasure(cap.value, r.value) ?? 0)
  return { count: rs.length, value }
}

/**
 * The usage of `cap` by `counted`, for a reward issued at `nowMs`.
 * @example capUsage({ id: 'c', period: 'lifetime', count: 32 }, counted, Date.now(), 'UTC') // { count: counted.length, value: 0 }
 */
export const capUsage = (cap: RewardCap, counted: readonly CountedReward[], nowMs: number, timeZone: string | undefined): CapUsage => {
  if (cap.period === 'lifetime') return sum(counted, cap)
  if ((cap.window ?? 'calendar') === 'calendar') {
    const keyLength = cap.period === 'month' ? 7 : 4
    const key = localDateOf(nowMs, timeZone).slice(0, keyLength)
    return sum(
      counted.filter((r) => localDateOf(r.atMs, timeZone).slice(0, keyLength) === key),
      cap,
    )
  }
  const length = ROLLING_DAYS[cap.period] * DAY_MS
  // Windows (t − length, t] for t in [now, now + length): check t = now and each later reward.
  const near = counted.filter((r) => r.atMs > nowMs - length && r.atMs < nowMs + length)
  const ends = [nowMs, ...near.filter((r) => r.atMs > nowMs).map((r) => r.atMs)]
  let count = 0
  let value = 0
  for (const t of ends) {
    const u = sum(
      near.filter((r) => r.atMs > t - length && r.atMs <= t),
      cap,
    )
    count = Math.max(count, u.count)
    value = Math.max(value, u.value)
  }
  return { count, value }
}
