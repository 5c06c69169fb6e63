import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { foldEvents, type RewardState } from '../../src/state/index.js'
import {
  payableOn,
  rewardLedger,
  rewardStanding,
  rewardsPayable,
  type RewardTotals,
} from '../../src/rewards/index.js'
import { rewardIdOf } from '../../src/rewards/index.js'
import { arbitraryEventStream } from '../../src/testing/index.js'
import { World } from './support.js'
import { runs } from '../support/runs.js'

/** A world with rewards of every kind written by hand (as a host's own policy engine might). */
const world = () => {
  const w = new World('2026-06-01T09:00:00Z')
  w.contact('ann')
  w.contact('bob')
  w.refer('ann', 'r1', 'bob')
  let n = 0
  const issue = (recipientId: string, side: string, value: unknown, extra: Record<string, unknown> = {}) => {
    const rewardId = `rw-${n++}`
    w.add('RewardIssued', side === 'team' ? undefined : 'ann', { rewardId, referralId: 'r1', stage: 'received', ruleId: 'manual', recipientId, side, value, ...extra })
    return rewardId
  }
  const ids = {
    usd1: issue('ann', 'referrer', { kind: 'money', amount: { amount: 1_000, currency: 'USD' } }),
    usd2: issue('ann', 'referrer', { kind: 'money', amount: { amount: 2_500, currency: 'USD' } }),
    sar: issue('ann', 'referrer', { kind: 'money', amount: { amount: 700, currency: 'SAR' } }),
    pts: issue('ann', 'referrer', { kind: 'points', points: 40 }),
    mb: issue('ann', 'referrer', { kind: 'quota', amount: 500, unit: 'MB' }),
    gb: issue('ann', 'referrer', { kind: 'quota', amount: 1, unit: 'GB' }),
    gift: issue('ann', 'referrer', { kind: 'gift', tier: 'premium' }),
    token: issue('ann', 'referrer', { kind: 'gift', tier: 'token' }),
    refund: issue('ann', 'referrer', { kind: 'money', amount: { amount: 9_000, currency: 'USD' } }, { hold: 'refund-window', dueOn: '2026-07-01' }),
    review: issue('ann', 'referrer', { kind: 'points', points: 5 }, { hold: 'review' }),
    revoked: issue('ann', 'referrer', { kind: 'money', amount: { amount: 300, currency: 'USD' } }),
    discount: issue('bob', 'referee', { kind: 'percent', basisPoints: 1_500, of: 'next-service' }),
    team: issue('ann', 'team', { kind: 'points', points: 7 }),
  }
  w.add('RewardRevoked', undefined, { rewardId: ids.revoked, reason: 'refund' })
  return { w, ids }
}

describe('rewardLedger', () => {
  it('totals each recipient’s rewards per kind, money per currency, kept apart as payable, held and void', () => {
    const { w, ids } = world()
    const ledger = rewardLedger(w.state, { today: '2026-06-15' })
    expect(ledger.today).toBe('2026-06-15')
    expect(ledger.accounts.map((a) => [a.recipient, a.recipientId])).toEqual([
      ['contact', 'ann'],
      ['contact', 'bob'],
      ['team-member', 'ann'],
    ])
    const ann = ledger.accounts[0]
    expect(ann?.payable.money).toEqual([
      { currency: 'SAR', amount: 700, rewardIds: [ids.sar] },
      { currency: 'USD', amount: 3_500, rewardIds: [ids.usd1, ids.usd2] },
    ])
    expect(ann?.payable.points).toEqual({ amount: 40, rewardIds: [ids.pts] })
    expect(ann?.payable.quota).toEqual([
      { unit: 'GB', amount: 1, rewardIds: [ids.gb] },
      { unit: 'MB', amount: 500, rewardIds: [ids.mb] },
    ])
    expect(ann?.payable.gifts).toEqual([
      { tier: 'token', amount: 1, rewardIds: [ids.token] },
      { tier: 'premium', amount: 1, rewardIds: [ids.gift] },
    ])
    expect(ann?.held.rewardIds).toEqual([ids.refund, ids.review])
    expect(ann?.held.money).toEqual([{ currency: 'USD', amount: 9_000, rewardIds: [ids.refund] }])
    expect(ann?.void).toMatchObject({ count: 1, money: [{ currency: 'USD', amount: 300, rewardIds: [ids.revoked] }] })
    expect(ann?.entries.map((e) => [e.rewardId, e.status, e.standing])).toContainEqual([ids.revoked, 'revoked', 'void'])
    expect(ledger.accounts[1]?.payable.discounts).toEqual([{ rewardId: ids.discount, basisPoints: 1_500, of: 'next-service', recurring: false }])
    expect(ledger.accounts[2]?.payable.points).toEqual({ amount: 7, rewardIds: [ids.team] })
    expect(ledger.totals.payable.points.amount).toBe(47)
  })

  it('pays a refund-window reward from its dueOn, and a review hold once approved', () => {
    const { w, ids } = world()
    const standing = (id: string, today?: string) => rewardStanding(w.state.rewards.get(id) as RewardState, today)
    expect(standing(ids.refund)).toBe('held')
    expect(standing(ids.refund, '2026-06-30')).toBe('held')
    expect(standing(ids.refund, '2026-07-01')).toBe('payable')
    expect(standing(ids.refund, 'July 1st')).toBe('held')
    expect(standing(ids.review, '2099-01-01')).toBe('held')
    w.add('RewardApproved', undefined, { rewardId: ids.review })
    expect(standing(ids.review)).toBe('payable')
    expect(payableOn(w.state.rewards.get(ids.refund) as RewardState, '2026-07-01')).toBe(true)
    expect(rewardsPayable(w.state, '2026-06-30').map((r) => r.rewardId)).not.toContain(ids.refund)
    expect(rewardsPayable(w.state, '2026-07-01').map((r) => r.rewardId)).toContain(ids.refund)
    expect(rewardsPayable(w.state, '2026-07-01').map((r) => r.rewardId)).not.toContain(ids.revoked)
  })

  it('shows one recipient when asked', () => {
    const { w } = world()
    const ledger = rewardLedger(w.state, { recipientId: 'bob' })
    expect(ledger.accounts.map((a) => a.recipientId)).toEqual(['bob'])
    expect(ledger.totals.payable.count).toBe(1)
  })

  it('is auditable: every total adds up exactly the rewards it names, and each reward is counted once', () => {
    const sumOf = (ids: readonly string[], rewards: Map<string, RewardState>, pick: (r: RewardState) => number) =>
      ids.reduce((s, id) => s + pick(rewards.get(id) as RewardState), 0)
    const check = (t: RewardTotals, rewards: Map<string, RewardState>) => {
      for (const m of t.money) {
        expect(m.amount).toBe(sumOf(m.rewardIds, rewards, (r) => (r.value.kind === 'money' && r.value.amount.currency === m.currency ? r.value.amount.amount : Number.NaN)))
      }
      expect(t.points.amount).toBe(sumOf(t.points.rewardIds, rewards, (r) => (r.value.kind === 'points' ? r.value.points : Number.NaN)))
      for (const q of t.quota) expect(q.amount).toBe(sumOf(q.rewardIds, rewards, (r) => (r.value.kind === 'quota' && r.value.unit === q.unit ? r.value.amount : Number.NaN)))
      for (const g of t.gifts) expect(g.amount).toBe(g.rewardIds.length)
      const traced = [...t.money.flatMap((m) => m.rewardIds), ...t.points.rewardIds, ...t.quota.flatMap((q) => q.rewardIds), ...t.gifts.flatMap((g) => g.rewardIds), ...t.discounts.map((d) => d.rewardId)]
      expect([...traced].sort()).toEqual([...t.rewardIds].sort())
      expect(t.count).toBe(t.rewardIds.length)
    }
    fc.assert(
      fc.property(arbitraryEventStream({ maxEvents: 120 }), fc.constantFrom(undefined, '2025-06-01', '2027-01-01'), (events, today) => {
        const state = foldEvents(events)
        const rewards = new Map(Array.from(state.rewards.values()).map((r) => [r.rewardId, r]))
        const ledger = rewardLedger(state, today === undefined ? {} : { today })
        const all: string[] = []
        for (const a of ledger.accounts) {
          for (const t of [a.payable, a.held, a.void]) {
            check(t, rewards)
            all.push(...t.rewardIds)
          }
          expect(a.entries.map((e) => e.rewardId).sort()).toEqual([...a.payable.rewardIds, ...a.held.rewardIds, ...a.void.rewardIds].sort())
        }
        expect(all.sort()).toEqual([...rewards.keys()].sort())
        for (const t of [ledger.totals.payable, ledger.totals.held, ledger.totals.void]) check(t, rewards)
      }),
      { numRuns: runs(200) },
    )
  })
})

describe('reward ids', () => {
  it('never give two different rewards one id, whatever the ids contain', () => {
    const id = fc.string({ minLength: 1, maxLength: 6, unit: fc.constantFrom('a', '/', '%', '2', 'F') })
    fc.assert(
      fc.property(id, id, id, id, id, id, (r1, u1, c1, r2, u2, c2) => {
        const a = { referralId: r1, stage: 'received' as const, ruleId: u1, recipientId: c1 }
        const b = { referralId: r2, stage: 'received' as const, ruleId: u2, recipientId: c2 }
        if (rewardIdOf(a) === rewardIdOf(b)) expect(a).toEqual(b)
      }),
      { numRuns: runs(2000) },
    )
    expect(rewardIdOf({ referralId: 'r', stage: 'received', ruleId: 'R', recipientId: 'ann/ann' })).not.toBe(
      rewardIdOf({ referralId: 'r', stage: 'received', ruleId: 'R/ann', recipientId: 'ann' }),
    )
  })
})
