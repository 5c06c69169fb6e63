import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { decodeEvent } from '../../src/events/index.js'
import {
  rewardIdOf,
  rewardLedger,
  rewardsFor,
  validateRewardPolicy,
  type RewardPolicy,
  type RewardsDecision,
} from '../../src/rewards/index.js'
import { World, usd } from './support.js'

/** Validates a policy written in a test (so every example is a valid policy too). */
const policy = (p: unknown): RewardPolicy => {
  const r = validateRewardPolicy(p)
  if (E.isLeft(r)) throw new Error(r.left.message)
  return r.right
}

const values = (d: RewardsDecision) => [...d.issue, ...d.held].map((e) => [e.recipientId, e.side, e.value])
const reasons = (d: RewardsDecision) => d.refused.map((r) => [r.ruleId, r.recipientId, r.side, r.reason])

const storage = policy({
  id: 'storage',
  name: 'Space for referrals',
  jurisdictions: [],
  rules: [{ id: 'space', stage: 'closed', to: 'both', value: { kind: 'quota', amount: 500, unit: 'MB' } }],
  caps: [{ id: 'up-to-16gb', period: 'lifetime', value: { kind: 'quota', amount: 16_000, unit: 'MB' } }],
})

describe('rewardsFor: the 500 MB per referral up to 16 GB example', () => {
  it('pays 32 referrals, refuses the 33rd for the referrer, and still welcomes every referee', () => {
    const w = new World()
    w.contact('ann')
    let last: RewardsDecision | undefined
    for (let i = 1; i <= 33; i++) {
      w.contact(`friend-${i}`)
      w.ask(storage, w.refer('ann', `r${i}`, `friend-${i}`))
      w.tick(1)
      last = w.ask(storage, w.stage('ann', `r${i}`, 'closed'))
      w.tick(1)
    }
    expect(values(last as RewardsDecision)).toEqual([['friend-33', 'referee', { kind: 'quota', amount: 500, unit: 'MB' }]])
    expect(reasons(last as RewardsDecision)).toEqual([['space', 'ann', 'referrer', 'cap-reached']])
    expect(last?.refused[0]?.capId).toBe('up-to-16gb')
    expect(last?.refused[0]?.message).toContain('cap `up-to-16gb` allows 16000 per referrer for life; no room is left')
    const ann = rewardLedger(w.state).accounts.find((a) => a.recipientId === 'ann')
    expect(ann?.payable.quota).toEqual([{ unit: 'MB', amount: 16_000, rewardIds: expect.any(Array) }])
    expect(ann?.payable.quota[0]?.rewardIds).toHaveLength(32)
    expect(rewardLedger(w.state).totals.payable.quota[0]?.amount).toBe(16_000 + 33 * 500)
    expect(w.anomalies()).toEqual([])
  })

  it('issues the remainder that fits under a value cap, or refuses it when the cap says so', () => {
    const run = (partial: 'issue' | 'refuse') => {
      const p = policy({ ...storage, caps: [{ id: 'small', period: 'lifetime', value: { kind: 'quota', amount: 1_200, unit: 'MB' }, partial }] })
      const w = new World()
      w.contact('ann')
      const out: RewardsDecision[] = []
      for (let i = 1; i <= 4; i++) {
        w.contact(`f${i}`)
        w.refer('ann', `r${i}`, `f${i}`)
        out.push(w.ask(p, w.stage('ann', `r${i}`, 'closed')))
      }
      return { w, out }
    }
    const issued = run('issue')
    const referrerAmounts = issued.out.map((d) => d.issue.find((e) => e.side === 'referrer')?.value)
    expect(referrerAmounts).toEqual([
      { kind: 'quota', amount: 500, unit: 'MB' },
      { kind: 'quota', amount: 500, unit: 'MB' },
      { kind: 'quota', amount: 200, unit: 'MB' },
      undefined,
    ])
    expect(issued.out[2]?.adjusted).toEqual([
      {
        rewardId: 'reward/r3/closed/space/ann',
        capId: 'small',
        asked: { kind: 'quota', amount: 500, unit: 'MB' },
        issued: { kind: 'quota', amount: 200, unit: 'MB' },
        message: expect.stringContaining('500 MB asked, 200 MB issued'),
      },
    ])
    expect(reasons(issued.out[3] as RewardsDecision)).toEqual([['space', 'ann', 'referrer', 'cap-reached']])
    const refused = run('refuse')
    expect(refused.out.map((d) => d.issue.filter((e) => e.side === 'referrer').length)).toEqual([1, 1, 0, 0])
    expect(refused.out[2]?.refused[0]?.message).toContain('only 200 is left')
  })
})

describe('rewardsFor: a two-sided policy with a cap', () => {
  const twoSided = policy({
    id: 'two-sided',
    name: '$50 each, three a year',
    jurisdictions: ['us-respa-8'],
    rules: [{ id: 'welcome', stage: 'closed', to: 'both', value: { kind: 'money', amount: usd(5_000) } }],
    caps: [{ id: 'three-a-year', period: 'year', window: 'calendar', count: 3 }],
  })

  it('pays both sides once per closed referral; the referrer up to three a calendar year', () => {
    const w = new World('2026-11-02T09:00:00Z')
    w.contact('ann')
    const decisions: RewardsDecision[] = []
    for (let i = 1; i <= 4; i++) {
      w.contact(`f${i}`)
      w.refer('ann', `r${i}`, `f${i}`)
      w.tick(24 * 7)
      decisions.push(w.ask(twoSided, w.stage('ann', `r${i}`, 'closed')))
    }
    expect(decisions.slice(0, 3).map((d) => d.issue.map((e) => e.side))).toEqual([
      ['referrer', 'referee'],
      ['referrer', 'referee'],
      ['referrer', 'referee'],
    ])
    expect(values(decisions[3] as RewardsDecision)).toEqual([['f4', 'referee', { kind: 'money', amount: usd(5_000) }]])
    expect(reasons(decisions[3] as RewardsDecision)).toEqual([['welcome', 'ann', 'referrer', 'cap-reached']])
    expect(decisions[3]?.refused[0]?.message).toContain('allows 3 reward(s) per referrer a calendar year; ann has 3')
    // A new calendar year has room again.
    w.tick(24 * 60)
    w.contact('f5')
    w.refer('ann', 'r5', 'f5')
    const next = w.ask(twoSided, w.stage('ann', 'r5', 'closed'))
    expect(next.issue.map((e) => [e.recipientId, e.at.slice(0, 4)])).toEqual([
      ['ann', '2027'],
      ['f5', '2027'],
    ])
  })

  it('issues events that decode as they are, with derived ids, the referrer as contactId and the schema version', () => {
    const w = new World()
    w.contact('ann')
    w.contact('bob')
    w.refer('ann', 'r1', 'bob')
    const d = w.ask(twoSided, w.stage('ann', 'r1', 'closed'))
    expect(d.issue).toHaveLength(2)
    for (const e of d.issue) {
      expect(decodeEvent(e)).toEqual(E.right(e))
      expect(e.id).toBe(`${e.rewardId}/issued`)
      expect(e.contactId).toBe('ann')
      expect(e.at).toBe(w.at)
    }
    expect(d.issue[1]?.rewardId).toBe(rewardIdOf({ referralId: 'r1', stage: 'closed', ruleId: 'welcome', recipientId: 'bob' }))
  })

  it('never issues twice: asking again returns nothing to issue, only already-issued refusals', () => {
    const w = new World()
    w.contact('ann')
    w.contact('bob')
    w.refer('ann', 'r1', 'bob')
    const closed = w.stage('ann', 'r1', 'closed')
    const first = w.ask(twoSided, closed)
    const again = rewardsFor(twoSided, w.state, closed, w.now)
    expect(first.issue).toHaveLength(2)
    expect(again.issue).toEqual([])
    expect(again.held).toEqual([])
    expect(reasons(again)).toEqual([
      ['welcome', 'ann', 'referrer', 'already-issued'],
      ['welcome', 'bob', 'referee', 'already-issued'],
    ])
    // A retry before the output was folded gives the same events (same ids): a store dedupes them.
    const retry = rewardsFor(twoSided, foldStateWithout(w, first), closed, w.now)
    expect(retry.issue).toEqual(first.issue)
  })
})

/** The world's state without a decision's events folded (as if the host crashed before appending). */
const foldStateWithout = (w: World, d: RewardsDecision) => {
  const ids = new Set([...d.issue, ...d.held].map((e) => e.id))
  const wx = new World()
  wx.fold(w.events.filter((e) => !ids.has(e.id)))
  return wx.state
}

describe('rewardsFor: US RESPA §8', () => {
  const thanks = policy({
    id: 'thanks',
    name: 'Thank you',
    jurisdictions: ['us-respa-8'],
    rules: [
      { id: 'gift', stage: 'received', to: 'both', value: { kind: 'gift', tier: 'token', description: 'coffee card', value: usd(1_000) } },
      { id: 'team', stage: 'received', to: 'team', value: { kind: 'points', points: 10 } },
    ],
  })

  it('refuses the referrer reward of a lender ally, with the reason; the referee and the team are still rewarded', () => {
    const w = new World()
    w.contact('lena', { company: 'Lena Loans' })
    w.role('lena', 'ally', { allyCategory: 'lender' })
    w.tx('lena', 't0', ['agent-1'])
    w.contact('bob')
    w.tick(1)
    const d = w.ask(thanks, w.refer('lena', 'r1', 'bob'))
    expect(reasons(d)).toEqual([['gift', 'lena', 'referrer', 'forbidden-by-jurisdiction']])
    expect(d.refused[0]?.jurisdiction).toBe('us-respa-8')
    expect(d.refused[0]?.message).toBe(
      'US RESPA §8 forbids giving a thing of value for a referral from a settlement-service provider (ally category `lender`): ' +
        'no reward to lena for referral r1. Send the thank-you touch, which is not a thing of value.',
    )
    expect(values(d)).toEqual([
      ['bob', 'referee', { kind: 'gift', tier: 'token', description: 'coffee card', value: usd(1_000) }],
      ['agent-1', 'team', { kind: 'points', points: 10 }],
    ])
  })

  it('follows the settlementService flag over the category, and leaves other allies alone', () => {
    const cases: Array<[Record<string, unknown>, boolean]> = [
      [{ allyCategory: 'lender', settlementService: false }, true],
      [{ allyCategory: 'decorator', settlementService: true }, false],
      [{ allyCategory: 'home-services' }, true],
      [{ allyCategory: 'title-escrow' }, false],
      [{ allyCategory: 'inspector' }, false],
      [{ allyCategory: 'attorney' }, false],
      [{ allyCategory: 'appraiser' }, false],
      [{ allyCategory: 'insurer' }, false],
      [{ allyCategory: 'mover' }, true],
    ]
    for (const [extra, paid] of cases) {
      const w = new World()
      w.contact('al')
      w.role('al', 'ally', extra)
      w.contact('bob')
      const d = w.ask(thanks, w.refer('al', 'r1', 'bob'))
      expect([extra, d.issue.some((e) => e.side === 'referrer')]).toEqual([extra, paid])
    }
  })

  it('does not apply when the policy does not name it', () => {
    const w = new World()
    w.contact('lena')
    w.role('lena', 'ally', { allyCategory: 'lender' })
    w.contact('bob')
    const d = w.ask({ ...thanks, jurisdictions: [] }, w.refer('lena', 'r1', 'bob'))
    expect(d.issue.map((e) => e.side)).toEqual(['referrer', 'referee'])
  })

  it('refuses everything under a jurisdiction nobody implements, and accepts the host’s own rules', () => {
    const w = new World()
    w.contact('ann')
    w.contact('bob')
    const e = w.refer('ann', 'r1', 'bob')
    const unknown = rewardsFor({ ...thanks, jurisdictions: ['xx-law'] }, w.state, e, w.now)
    expect(unknown.refused.map((r) => r.reason)).toEqual(['unknown-jurisdiction', 'unknown-jurisdiction'])
    const custom = rewardsFor({ ...thanks, jurisdictions: ['no-gifts-to-referees'] }, w.state, e, w.now, {
      jurisdictions: {
        'no-gifts-to-referees': {
          id: 'no-gifts-to-referees',
          title: 'No gifts to referees',
          forbids: ({ side }) => (side === 'referee' ? 'referees get no gifts here' : undefined),
        },
      },
    })
    expect(reasons(custom)).toEqual([['gift', 'bob', 'referee', 'forbidden-by-jurisdiction']])
    expect(custom.refused[0]?.message).toBe('referees get no gifts here')
    const throwing = rewardsFor({ ...thanks, jurisdictions: ['broken'] }, w.state, e, w.now, {
      jurisdictions: { broken: { id: 'broken', title: 'Broken', forbids: () => { throw new Error('boom') } } },
    })
    expect(throwing.issue).toEqual([])
    expect(throwing.refused[0]?.message).toContain('failed (boom)')
  })
})

describe('rewardsFor: tiers and milestones', () => {
  const loyal = policy({
    id: 'loyal',
    name: 'The fifth pays more',
    jurisdictions: [],
    rules: [
      {
        id: 'thanks',
        stage: 'received',
        to: 'referrer',
        value: { kind: 'money', amount: usd(2_500) },
        milestones: [{ at: 5, value: { kind: 'money', amount: usd(10_000) } }],
      },
    ],
  })

  it('pays the 5th referral more', () => {
    const w = new World()
    w.contact('ann')
    const paid: number[] = []
    for (let i = 1; i <= 6; i++) {
      w.contact(`f${i}`)
      const d = w.ask(loyal, w.refer('ann', `r${i}`, `f${i}`))
      const v = d.issue[0]?.value
      paid.push(v?.kind === 'money' ? v.amount.amount : 0)
      w.tick(48)
    }
    expect(paid).toEqual([2_500, 2_500, 2_500, 2_500, 10_000, 2_500])
  })

  it('takes tiers by the referral count, repeating milestones every n, and exact milestones first', () => {
    const p = policy({
      id: 'tiers',
      name: 'Tiers',
      jurisdictions: [],
      rules: [
        {
          id: 'pts',
          stage: 'received',
          to: 'referrer',
          value: { kind: 'points', points: 10 },
          tiers: [{ from: 3, value: { kind: 'points', points: 20 } }, { from: 6, value: { kind: 'points', points: 30 } }],
          milestones: [
            { at: 4, every: true, value: { kind: 'points', points: 100 } },
            { at: 8, value: { kind: 'points', points: 500 } },
          ],
        },
      ],
    })
    const w = new World()
    w.contact('ann')
    const pts: number[] = []
    for (let i = 1; i <= 12; i++) {
      w.contact(`f${i}`)
      const v = w.ask(p, w.refer('ann', `r${i}`, `f${i}`)).issue[0]?.value
      pts.push(v?.kind === 'points' ? v.points : 0)
      w.tick(48)
    }
    expect(pts).toEqual([10, 10, 20, 100, 20, 30, 30, 500, 30, 30, 30, 100])
  })

  it('counts referrals that reached the stage when counting is `reached`, and refuses before `fromReferral`', () => {
    const p = policy({
      id: 'closers',
      name: 'Closers',
      jurisdictions: [],
      rules: [
        {
          id: 'close-bonus',
          stage: 'closed',
          to: 'referrer',
          counting: 'reached',
          value: { kind: 'money', amount: usd(1_000) },
          conditions: { fromReferral: 2 },
          milestones: [{ at: 3, value: { kind: 'money', amount: usd(9_000) } }],
        },
      ],
    })
    const w = new World()
    w.contact('ann')
    for (let i = 1; i <= 5; i++) {
      w.contact(`f${i}`)
      w.refer('ann', `r${i}`, `f${i}`)
    }
    w.stage('ann', 'r2', 'lost')
    const order = ['r5', 'r1', 'r4', 'r3']
    const got = order.map((id) => {
      w.tick(24)
      const d = w.ask(p, w.stage('ann', id, 'closed'))
      return d.issue[0]?.value ?? d.refused[0]?.reason
    })
    expect(got).toEqual([
      'condition-not-met',
      { kind: 'money', amount: usd(1_000) },
      { kind: 'money', amount: usd(9_000) },
      { kind: 'money', amount: usd(1_000) },
    ])
  })

  it('gives core advocates a gift of a higher tier, and checks the referrer role condition', () => {
    const p = policy({
      id: 'gifts',
      name: 'Gifts',
      jurisdictions: [],
      rules: [
        {
          id: 'gift',
          stage: 'closed',
          to: 'referrer',
          value: {
            kind: 'gift',
            tier: 'standard',
            description: 'flowers',
            byRole: [{ role: 'core', tier: 'premium', description: 'dinner for two', value: usd(20_000) }],
          },
          conditions: { referrerRoles: ['advocate', 'core'] },
        },
      ],
    })
    const w = new World()
    for (const [id, role] of [['cora', 'core'], ['ada', 'advocate'], ['cli', 'client']] as const) {
      w.contact(id)
      w.role(id, role)
      w.contact(`${id}-friend`)
      w.refer(id, `r-${id}`, `${id}-friend`)
    }
    const gift = (id: string) => {
      const d = w.ask(p, w.stage(id, `r-${id}`, 'closed'))
      return d.issue[0]?.value ?? d.refused[0]?.message
    }
    expect(gift('cora')).toEqual({ kind: 'gift', tier: 'premium', description: 'dinner for two', value: usd(20_000) })
    expect(gift('ada')).toEqual({ kind: 'gift', tier: 'standard', description: 'flowers' })
    expect(gift('cli')).toBe('rule `gift` (closed) for referrer cli: pays referrers who are advocate or core; cli is client')
  })
})

describe('rewardsFor: percentages and discounts', () => {
  it('pays a percentage of closed revenue in integer minor units, rounded down', () => {
    const p = policy({
      id: 'share',
      name: 'Share',
      jurisdictions: [],
      rules: [{ id: 'share', stage: 'closed', to: 'referrer', value: { kind: 'percent-of-revenue', basisPoints: 250 } }],
    })
    const w = new World()
    w.contact('ann')
    w.contact('bob')
    w.contact('cy')
    w.refer('ann', 'r1', 'bob')
    w.refer('ann', 'r2', 'cy')
    const d = w.ask(p, w.stage('ann', 'r1', 'closed', { revenue: { amount: 123_457, currency: 'SAR' } }))
    expect(d.issue[0]?.value).toEqual({ kind: 'money', amount: { amount: 3_086, currency: 'SAR' } })
    const tiny = w.ask(p, w.stage('ann', 'r2', 'closed', { revenue: { amount: 39, currency: 'SAR' } }))
    expect(reasons(tiny)).toEqual([['share', 'ann', 'referrer', 'nothing-to-pay']])
    expect(tiny.refused[0]?.message).toContain('2.5% of 39 SAR rounds down to 0')
  })

  it('issues a recurring discount as a percent reward', () => {
    const p = policy({
      id: 'discount',
      name: 'Ten percent off every service',
      jurisdictions: [],
      rules: [{ id: 'ten-off', stage: 'closed', to: 'referee', value: { kind: 'percent', basisPoints: 1_000, of: 'each-service', recurring: true } }],
    })
    const w = new World()
    w.contact('ann')
    w.contact('bob')
    w.refer('ann', 'r1', 'bob')
    const d = w.ask(p, w.stage('ann', 'r1', 'closed'))
    expect(values(d)).toEqual([['bob', 'referee', { kind: 'percent', basisPoints: 1_000, of: 'each-service', recurring: true }]])
    expect(rewardLedger(w.state).accounts[0]?.payable.discounts).toEqual([
      { rewardId: 'reward/r1/closed/ten-off/bob', basisPoints: 1_000, of: 'each-service', recurring: true },
    ])
  })
})

describe('rewardsFor: fraud and review', () => {
  const reviewed = policy({
    id: 'reviewed',
    name: 'Reviewed',
    jurisdictions: [],
    rules: [{ id: 'thanks', stage: 'received', to: 'referrer', value: { kind: 'money', amount: usd(1_000) } }],
    caps: [{ id: 'five', period: 'lifetime', count: 5 }],
    review: {},
  })

  it('holds a burst (5 referrals within 24 hours) for review, then pays it once approved', () => {
    const w = new World()
    w.contact('ann')
    const ds: RewardsDecision[] = []
    for (let i = 1; i <= 5; i++) {
      w.contact(`f${i}`)
      ds.push(w.ask(reviewed, w.refer('ann', `r${i}`, `f${i}`)))
      w.tick(5)
    }
    expect(ds.map((d) => [d.issue.length, d.held.length])).toEqual([[1, 0], [1, 0], [1, 0], [1, 0], [0, 1]])
    const held = ds[4]?.held[0]
    expect(held?.hold).toBe('review')
    expect(held?.dueOn).toBeUndefined()
    expect(ds[4]?.holds).toEqual([
      { rewardId: 'reward/r5/received/thanks/ann', hold: 'review', flags: ['burst'], message: 'held for review: the referral came in a burst (5 or more within 24 hours)' },
    ])
    const ledger = () => rewardLedger(w.state).accounts.find((a) => a.recipientId === 'ann')
    expect(ledger()?.held.money).toEqual([{ currency: 'USD', amount: 1_000, rewardIds: ['reward/r5/received/thanks/ann'] }])
    expect(ledger()?.payable.money[0]?.amount).toBe(4_000)
    // The held reward counts toward the cap: a sixth referral (outside the burst) is refused.
    w.tick(48)
    w.contact('f6')
    expect(reasons(w.ask(reviewed, w.refer('ann', 'r6', 'f6')))).toEqual([['thanks', 'ann', 'referrer', 'cap-reached']])
    w.add('RewardApproved', undefined, { rewardId: 'reward/r5/received/thanks/ann' })
    expect(ledger()?.payable.money[0]?.amount).toBe(5_000)
    expect(ledger()?.held.money).toEqual([])
  })

  it('holds a referee who shares an e-mail or phone with the referrer; a rejected reward frees its cap room', () => {
    const w = new World()
    w.contact('ann', { emails: ['Ann@Example.com'], phones: ['+1 (555) 010-2030'] })
    w.contact('alias', { emails: ['ann@example.com '.trim()] })
    w.contact('phone', { emails: ['p@example.com'], phones: ['15550102030'] })
    const a = w.ask(reviewed, w.refer('ann', 'r1', 'alias'))
    expect(a.holds.map((h) => h.flags)).toEqual([['shared-email']])
    w.tick(30)
    const b = w.ask(reviewed, w.refer('ann', 'r2', 'phone'))
    expect(b.holds.map((h) => h.flags)).toEqual([['shared-phone']])
    w.add('RewardRejected', undefined, { rewardId: a.held[0]?.rewardId, reason: 'same person' })
    const ann = rewardLedger(w.state).accounts.find((x) => x.recipientId === 'ann')
    expect(ann?.void.rewardIds).toEqual(['reward/r1/received/thanks/ann'])
    expect(ann?.held.rewardIds).toEqual(['reward/r2/received/thanks/ann'])
  })

  it('refuses a self-referral outright and a second referral of the same referee', () => {
    const w = new World()
    w.contact('ann')
    w.contact('bob')
    w.contact('cy')
    const self = w.ask(reviewed, w.refer('ann', 'r1', 'ann'))
    expect(reasons(self)).toEqual([['thanks', 'ann', 'referrer', 'self-referral']])
    w.ask(reviewed, w.refer('ann', 'r2', 'bob'))
    const dup = w.ask(reviewed, w.refer('cy', 'r3', 'bob'))
    expect(reasons(dup)).toEqual([['thanks', 'cy', 'referrer', 'duplicate-referral']])
    expect(dup.refused[0]?.message).toContain('bob already had an open referral')
    expect(w.anomalies().map((x) => x.reason)).toEqual(['self-referral', 'referee-has-open-referral'])
  })
})

describe('rewardsFor: refund windows', () => {
  const refund = policy({
    id: 'refund',
    name: 'Paid after the refund window',
    jurisdictions: [],
    timeZone: 'Asia/Riyadh',
    rules: [
      { id: 'first-visit', stage: 'appointment', to: 'referrer', value: { kind: 'points', points: 50 } },
      { id: 'sale', stage: 'closed', to: 'referrer', value: { kind: 'money', amount: usd(10_000) } },
    ],
    refundWindow: { days: 30, stages: ['closed'] },
  })

  it('holds rewards until dueOn (the local date + 30 days); the ledger pays them from that day', () => {
    const w = new World('2026-03-02T22:30:00Z') // 01:30 on March 3rd in Riyadh
    w.contact('ann')
    w.contact('bob')
    w.refer('ann', 'r1', 'bob')
    const visit = w.ask(refund, w.stage('ann', 'r1', 'appointment'))
    expect(visit.issue.map((e) => e.ruleId)).toEqual(['first-visit'])
    const sale = w.ask(refund, w.stage('ann', 'r1', 'closed'))
    expect(sale.issue).toEqual([])
    expect(sale.held.map((e) => [e.ruleId, e.hold, e.dueOn])).toEqual([['sale', 'refund-window', '2026-04-02']])
    expect(sale.holds[0]?.message).toBe('held in its refund window: payable from 2026-04-02')
    const money = (today?: string) => rewardLedger(w.state, today === undefined ? {} : { today }).accounts[0]?.payable.money
    expect(money()).toEqual([])
    expect(money('2026-04-01')).toEqual([])
    expect(money('2026-04-02')).toEqual([{ currency: 'USD', amount: 10_000, rewardIds: ['reward/r1/closed/sale/ann'] }])
  })

  it('voids a reward revoked inside its window', () => {
    const w = new World()
    w.contact('ann')
    w.contact('bob')
    w.refer('ann', 'r1', 'bob')
    const sale = w.ask(refund, w.stage('ann', 'r1', 'closed'))
    w.add('RewardRevoked', undefined, { rewardId: sale.held[0]?.rewardId, reason: 'refunded' })
    const account = rewardLedger(w.state, { today: '2027-01-01' }).accounts[0]
    expect(account?.payable.count).toBe(1) // the appointment points, skipped over and paid with the close
    expect(account?.void.money).toEqual([{ currency: 'USD', amount: 10_000, rewardIds: ['reward/r1/closed/sale/ann'] }])
    expect(account?.entries.find((e) => e.ruleId === 'sale')?.reason).toBe('refunded')
  })

  it('holds for review and for the refund window at once: approved, it is payable from dueOn', () => {
    const w = new World()
    w.contact('ann', { emails: ['same@example.com'] })
    w.contact('bob', { emails: ['same@example.com'] })
    w.refer('ann', 'r1', 'bob')
    const sale = w.ask({ ...refund, review: { burst: false } }, w.stage('ann', 'r1', 'closed'))
    const sold = sale.held.find((e) => e.ruleId === 'sale')
    expect([sold?.hold, sold?.dueOn]).toEqual(['review', '2026-04-01'])
    w.add('RewardApproved', undefined, { rewardId: sold?.rewardId })
    const standing = (today: string) => rewardLedger(w.state, { today }).accounts[0]?.entries.find((e) => e.ruleId === 'sale')?.standing
    expect(standing('2026-03-31')).toBe('held')
    expect(standing('2026-04-01')).toBe('payable')
  })
})

describe('rewardsFor: stages', () => {
  const ladder = policy({
    id: 'ladder',
    name: 'Every stage',
    jurisdictions: [],
    rules: ['received', 'contacted', 'appointment', 'under-contract', 'closed'].map((stage) => ({
      id: `at-${stage}`,
      stage,
      to: 'referrer',
      value: { kind: 'points', points: 1 },
    })),
  })

  it('pays the stages a move skips along with it', () => {
    const w = new World()
    w.contact('ann')
    w.contact('bob')
    w.ask(ladder, w.refer('ann', 'r1', 'bob'))
    const d = w.ask(ladder, w.stage('ann', 'r1', 'under-contract'))
    expect(d.issue.map((e) => e.stage)).toEqual(['contacted', 'appointment', 'under-contract'])
  })

  it('refuses the stages a lost referral never reached, and pays nothing for a move the fold set aside', () => {
    const w = new World()
    w.contact('ann')
    w.contact('bob')
    w.ask(ladder, w.refer('ann', 'r1', 'bob'))
    w.ask(ladder, w.stage('ann', 'r1', 'contacted'))
    const lost = w.ask(ladder, w.stage('ann', 'r1', 'lost'))
    expect(lost.issue).toEqual([])
    expect(lost.refused.map((r) => [r.stage, r.reason])).toEqual([
      ['appointment', 'referral-lost'],
      ['under-contract', 'referral-lost'],
      ['closed', 'referral-lost'],
    ])
    const late = w.ask(ladder, w.stage('ann', 'r1', 'closed'))
    expect(late.issue).toEqual([])
    expect(late.refused.map((r) => [r.stage, r.reason])).toEqual([['closed', 'referral-lost']])
    expect(Array.from(w.state.rewards.values()).map((r) => r.stage)).toEqual(expect.arrayContaining(['received', 'contacted']))
    expect(w.state.rewards.size).toBe(2)
  })

  it('says `not-in-state` when asked before folding, and pays nothing for other events', () => {
    const w = new World()
    w.contact('ann')
    w.contact('bob')
    const e = { id: 'x', type: 'ReferralReceived', at: w.at, schema: 1, contactId: 'ann', referralId: 'r1', refereeId: 'bob' } as const
    expect(rewardsFor(ladder, w.state, e, w.now).refused.map((r) => r.reason)).toEqual(['not-in-state'])
    const touch = w.add('TouchLogged', 'ann', { kind: 'call', channel: 'phone', on: '2026-03-02' })
    expect(rewardsFor(ladder, w.state, touch, w.now)).toEqual({ issue: [], held: [], refused: [], holds: [], adjusted: [] })
  })

  it('refuses everything when now is not a valid date', () => {
    const w = new World()
    w.contact('ann')
    w.contact('bob')
    const e = w.refer('ann', 'r1', 'bob')
    const d = rewardsFor(ladder, w.state, e, new Date(Number.NaN))
    expect(d.issue).toEqual([])
    expect(d.refused.map((r) => r.reason)).toEqual(['invalid-now'])
  })

  it('refuses rewards to an erased contact', () => {
    const w = new World()
    w.contact('ann')
    w.contact('bob')
    w.refer('ann', 'r1', 'bob')
    w.add('ContactErased', 'ann')
    const d = w.ask(ladder, w.stage('ann', 'r1', 'contacted'))
    expect(d.refused.map((r) => r.reason)).toEqual(['recipient-erased'])
  })

  it('refuses a reward whose derived id would be too long to be an event id', () => {
    const w = new World()
    const long = 'c'.repeat(250)
    w.contact(long)
    w.contact('bob')
    const d = w.ask(ladder, w.refer(long, 'r1', 'bob'))
    expect(d.refused.map((r) => r.reason)).toEqual(['invalid-id'])
  })
})

describe('rewardsFor: the location bonus and team points', () => {
  const local = policy({
    id: 'local',
    name: 'Neighbours served the same day',
    jurisdictions: [],
    rules: [
      {
        id: 'neighbour',
        stage: 'closed',
        to: 'referrer',
        value: { kind: 'money', amount: usd(2_000) },
        conditions: { location: { postalCodePrefix: 4 } },
      },
      { id: 'team-points', stage: 'closed', to: 'team', value: { kind: 'points', points: 25 } },
    ],
  })

  it('pays when the referee is in the referrer’s postal area and served the same day', () => {
    const w = new World('2026-05-04T08:00:00Z')
    w.contact('ann', { address: { postalCode: 'SW1A 1AA' } })
    w.contact('bob', { address: { postalCode: 'sw1a2bb' } })
    w.tx('ann', 't-ann', ['agent-2', 'agent-1'], { closedOn: '2026-05-04' })
    w.tick(1)
    w.refer('ann', 'r1', 'bob')
    w.tick(4)
    w.tx('bob', 't-bob', ['agent-3'], { closedOn: '2026-05-04', referralId: 'r1' })
    const d = w.ask(local, w.stage('ann', 'r1', 'closed'))
    expect(values(d)).toEqual([
      ['ann', 'referrer', { kind: 'money', amount: usd(2_000) }],
      ['agent-1', 'team', { kind: 'points', points: 25 }],
      ['agent-2', 'team', { kind: 'points', points: 25 }],
    ])
    const team = d.issue.filter((e) => e.side === 'team')
    expect(team.map((e) => 'contactId' in e)).toEqual([false, false])
    const ledger = rewardLedger(w.state)
    expect(ledger.accounts.map((a) => [a.recipient, a.recipientId])).toEqual([
      ['contact', 'ann'],
      ['team-member', 'agent-1'],
      ['team-member', 'agent-2'],
    ])
    expect(ledger.accounts[1]?.payable.points).toEqual({ amount: 25, rewardIds: ['reward/r1/closed/team-points/agent-1'] })
    expect(w.anomalies()).toEqual([])
  })

  it('refuses the bonus outside the area, or on another day; a later TransactionClosed naming the referral asks again', () => {
    const w = new World('2026-05-04T08:00:00Z')
    w.contact('ann', { address: { postalCode: 'SW1A 1AA' } })
    w.contact('far', { address: { postalCode: 'EC1A 1BB' } })
    w.contact('bob', { address: { postalCode: 'SW1A 2BB' } })
    w.tx('ann', 't-ann', [], { closedOn: '2026-05-04' })
    w.refer('ann', 'r1', 'far')
    w.refer('ann', 'r2', 'bob')
    const far = w.ask(local, w.stage('ann', 'r1', 'closed'))
    expect(far.refused.map((r) => r.message)).toEqual(['rule `neighbour` (closed) for referrer ann: no location bonus: the referee is not in the referrer’s postal area'])
    const early = w.ask(local, w.stage('ann', 'r2', 'closed'))
    expect(early.refused.map((r) => r.message)).toEqual(['rule `neighbour` (closed) for referrer ann: no location bonus: the referee was not served on a day the referrer was served'])
    const served = w.ask(local, w.tx('bob', 't-bob', [], { closedOn: '2026-05-04', referralId: 'r2' }))
    expect(values(served)).toEqual([['ann', 'referrer', { kind: 'money', amount: usd(2_000) }]])
  })

  it('gives no team points when nobody served the referrer before the referral', () => {
    const w = new World()
    w.contact('ann')
    w.contact('bob')
    w.refer('ann', 'r1', 'bob')
    w.tick(1)
    w.tx('ann', 't-later', ['agent-9'])
    const d = w.ask(local, w.stage('ann', 'r1', 'closed'))
    expect(d.issue.filter((e) => e.side === 'team')).toEqual([])
  })
})

describe('rewardsFor: purity', () => {
  it('changes neither the state nor the policy (both frozen deep)', () => {
    const freeze = (v: unknown, seen = new Set<unknown>()): void => {
      if (typeof v !== 'object' || v === null || seen.has(v)) return
      seen.add(v)
      Object.freeze(v)
      for (const x of Object.values(v)) freeze(x, seen)
    }
    const w = new World()
    w.contact('ann', { emails: ['a@example.com'] })
    w.contact('bob', { emails: ['a@example.com'] })
    w.refer('ann', 'r1', 'bob')
    const e = w.stage('ann', 'r1', 'closed')
    const p = policy({
      id: 'all',
      name: 'All',
      jurisdictions: ['us-respa-8'],
      rules: [{ id: 'x', stage: 'closed', to: 'both', value: { kind: 'percent-of-revenue', basisPoints: 100 }, milestones: [{ at: 1, value: { kind: 'points', points: 3 } }] }],
      caps: [{ id: 'c', period: 'month', window: 'rolling', count: 4, value: { kind: 'points', points: 5 }, sides: ['referrer', 'referee'] }],
      review: {},
      refundWindow: { days: 7 },
    })
    for (const c of w.state.contacts.values()) freeze(c)
    for (const r of w.state.referrals.values()) freeze(r)
    freeze(p)
    const d = rewardsFor(p, w.state, e, w.now)
    expect(d.held.map((x) => x.value)).toEqual([{ kind: 'points', points: 3 }, { kind: 'points', points: 2 }])
  })
})
