import * as fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { decodeEvent, type RelationshipEvent, type RewardStage, type RewardValue } from '../../src/events/index.js'
import { foldEvents, initialNetwork, type NetworkState, type ReferralState, type RewardState } from '../../src/state/index.js'
import {
  rewardsFor,
  validateRewardPolicy,
  type CapValue,
  type PolicyValue,
  type RewardCap,
  type RewardPolicy,
  type RewardsDecision,
} from '../../src/rewards/index.js'
import { arbitraryEventStream } from '../../src/testing/index.js'
import { World } from './support.js'
import { runs } from '../support/runs.js'

const STAGES = ['received', 'contacted', 'appointment', 'under-contract', 'closed'] as const
const RANK: Record<string, number> = { received: 0, contacted: 1, appointment: 2, 'under-contract': 3, closed: 4 }
const ZONES = ['UTC', 'Asia/Riyadh', 'America/New_York'] as const
const HOUR = 3_600_000
const DAY = 24 * HOUR

// ---------------------------------------------------------------------------------------
// Policies

const moneyArb = (max: number) =>
  fc.record({ amount: fc.integer({ min: 1, max }), currency: fc.constantFrom('USD', 'SAR') })

const valueArb = (stage: RewardStage): fc.Arbitrary<PolicyValue> =>
  fc.oneof(
    moneyArb(20_000).map((amount) => ({ kind: 'money' as const, amount })),
    fc.oneof(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 100 })).map((points) => ({ kind: 'points' as const, points })),
    fc.record({ amount: fc.integer({ min: 1, max: 1_000 }), unit: fc.constantFrom('MB', 'GB') }).map((q) => ({ kind: 'quota' as const, ...q })),
    fc
      .record({ tier: fc.constantFrom('token', 'standard', 'premium'), value: fc.option(moneyArb(5_000), { nil: undefined }) })
      .map(({ tier, value }) => ({ kind: 'gift' as const, tier, ...(value === undefined ? {} : { value }), byRole: [{ role: 'core' as const, tier: 'premium' as const }] })),
    fc.integer({ min: 1, max: 10_000 }).map((basisPoints) => ({ kind: 'percent' as const, basisPoints, of: 'next-service', recurring: true })),
    ...(stage === 'closed' ? [fc.integer({ min: 1, max: 10_000 }).map((basisPoints) => ({ kind: 'percent-of-revenue' as const, basisPoints }))] : []),
  )

const ruleArb = (i: number) =>
  fc.constantFrom(...STAGES).chain((stage) =>
    fc.record({
      id: fc.constant(`rule-${i}`),
      stage: fc.constant(stage),
      to: fc.constantFrom('referrer', 'referee', 'both', 'team'),
      value: valueArb(stage),
      milestones: fc.option(fc.array(fc.record({ at: fc.integer({ min: 1, max: 4 }), every: fc.boolean(), value: valueArb(stage) }), { maxLength: 2 }), { nil: undefined }),
      counting: fc.constantFrom('sent', 'reached'),
      conditions: fc.option(
        fc.oneof(
          fc.constant({ location: {} }),
          fc.constant({ location: { sameDay: false } }),
          fc.constant({ referrerRoles: ['core' as const, 'ally' as const] }),
          fc.integer({ min: 1, max: 4 }).map((fromReferral) => ({ fromReferral })),
        ),
        { nil: undefined, freq: 3 },
      ),
    }),
  )

const capValueArb: fc.Arbitrary<CapValue> = fc.oneof(
  moneyArb(60_000).map((amount) => ({ kind: 'money' as const, amount })),
  fc.oneof(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 300 })).map((points) => ({ kind: 'points' as const, points })),
  fc.record({ amount: fc.integer({ min: 1, max: 3_000 }), unit: fc.constantFrom('MB', 'GB') }).map((q) => ({ kind: 'quota' as const, ...q })),
)

const capArb = (i: number, ruleIds: string[]) =>
  fc
    .record({
      period: fc.constantFrom('month', 'year', 'lifetime'),
      window: fc.constantFrom('calendar', 'rolling'),
      count: fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }),
      value: fc.option(capValueArb, { nil: undefined }),
      sides: fc.option(fc.subarray(['referrer', 'referee', 'team'] as const, { minLength: 1 }), { nil: undefined }),
      rules: fc.option(fc.subarray(ruleIds, { minLength: 1 }), { nil: undefined }),
      partial: fc.constantFrom('issue', 'refuse'),
    })
    .map((c): RewardCap => ({
      id: `cap-${i}`,
      period: c.period,
      ...(c.period === 'lifetime' ? {} : { window: c.window }),
      ...(c.count === undefined && c.value === undefined ? { count: 2 } : {}),
      ...(c.count === undefined ? {} : { count: c.count }),
      ...(c.value === undefined ? {} : { value: c.value }),
      ...(c.sides === undefined ? {} : { sides: c.sides }),
      ...(c.rules === undefined ? {} : { rules: c.rules }),
      partial: c.partial,
    }))

/** Random policies: shapes the codec accepts (the semantic validator may still find a cap that measures nothing: that is fine here). */
const policyArb: fc.Arbitrary<RewardPolicy> = fc.integer({ min: 1, max: 4 }).chain((n) =>
  fc
    .record({
      rules: fc.tuple(...Array.from({ length: n }, (_, i) => ruleArb(i))),
      caps: fc.integer({ min: 0, max: 3 }).chain((k) =>
        fc.tuple(...Array.from({ length: k }, (_, i) => capArb(i, Array.from({ length: n }, (_, j) => `rule-${j}`)))),
      ),
      review: fc.option(fc.record({ burstReferrals: fc.integer({ min: 2, max: 4 }), burstHours: fc.integer({ min: 1, max: 48 }) }), { nil: undefined }),
      refund: fc.option(fc.integer({ min: 1, max: 60 }), { nil: undefined }),
      timeZone: fc.constantFrom(...ZONES),
      respa: fc.boolean(),
    })
    .map(({ rules, caps, review, refund, timeZone, respa }) => ({
      id: 'random',
      name: 'Random',
      jurisdictions: respa ? ['us-respa-8'] : [],
      rules: rules.map((r) => ({
        id: r.id,
        stage: r.stage,
        to: r.to,
        value: r.value,
        counting: r.counting,
        ...(r.conditions === undefined ? {} : { conditions: r.conditions }),
        ...(r.milestones === undefined ? {} : { milestones: r.milestones }),
      })),
      caps,
      ...(review === undefined ? {} : { review }),
      ...(refund === undefined ? {} : { refundWindow: { days: refund } }),
      timeZone,
    })),
)

// ---------------------------------------------------------------------------------------
// Sequences of referrals, stage moves and review outcomes

type Op =
  | { t: 'refer'; who: number; shared: boolean; postal: number; hours: number }
  | { t: 'move'; pick: number; how: 'next' | 'skip' | 'lost'; revenue: number; hours: number }
  | { t: 'status'; pick: number; how: 'approve' | 'reject' | 'revoke'; hours: number }
  | { t: 'tx'; pick: number; sameDay: boolean; hours: number }
  | { t: 'back'; hours: number }

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ t: fc.constant('refer' as const), who: fc.nat(2), shared: fc.boolean(), postal: fc.nat(2), hours: fc.oneof(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 300 })) }) },
  {
    weight: 6,
    arbitrary: fc.record({
      t: fc.constant('move' as const),
      pick: fc.nat(),
      how: fc.constantFrom('next', 'next', 'skip', 'lost'),
      revenue: fc.oneof(fc.integer({ min: 0, max: 2_000_000 }), fc.integer({ min: -1_000, max: Number.MAX_SAFE_INTEGER })),
      hours: fc.integer({ min: 0, max: 300 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('status' as const), pick: fc.nat(), how: fc.constantFrom('approve', 'reject', 'revoke'), hours: fc.integer({ min: 0, max: 100 }) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('tx' as const), pick: fc.nat(), sameDay: fc.boolean(), hours: fc.integer({ min: 0, max: 48 }) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('back' as const), hours: fc.integer({ min: 1, max: 24 * 40 }) }) },
)

const NEXT: Record<string, string> = { received: 'contacted', contacted: 'appointment', appointment: 'under-contract', 'under-contract': 'closed' }

interface Run {
  readonly world: World
  readonly asked: Array<{ event: RelationshipEvent; decision: RewardsDecision; again: RewardsDecision; before: NetworkState }>
}

/** The decide-free loop: each op appends an event, asks `rewardsFor`, folds its output, and asks again. */
const run = (policy: RewardPolicy, ops: readonly Op[], currency: 'USD' | 'SAR' = 'USD'): Run => {
  const w = new World('2026-01-20T10:00:00Z')
  const asked: Run['asked'] = []
  const referrers = ['ref-0', 'ref-1', 'ref-2']
  referrers.forEach((id, i) => {
    w.contact(id, { emails: [`${id}@example.com`], address: { postalCode: `P${i}` } })
    if (i === 1) w.role(id, 'ally', { allyCategory: 'lender' })
    if (i === 2) w.role(id, 'core')
    w.tx(id, `tx-${id}`, [`agent-${i}`, 'agent-x'], { closedOn: '2026-01-20' })
  })
  w.tick(1)
  let k = 0
  const ask = (e: RelationshipEvent) => {
    const before = w.state
    const decision = w.ask(policy, e)
    const again = rewardsFor(policy, w.state, e, w.now)
    asked.push({ event: e, decision, again, before })
  }
  for (const op of ops) {
    switch (op.t) {
      case 'refer': {
        w.tick(op.hours)
        const referrer = referrers[op.who] as string
        const referee = `p${k}`
        w.contact(referee, {
          emails: op.shared ? [`${referrer}@example.com`] : [`${referee}@example.com`],
          address: { postalCode: `P${op.postal}` },
        })
        ask(w.refer(referrer, `r${k}`, referee))
        k++
        break
      }
      case 'move': {
        const open = Array.from(w.state.referrals.values()).filter((r) => r.stage !== 'closed' && r.stage !== 'lost')
        if (open.length === 0) break
        const r = open[op.pick % open.length] as ReferralState
        w.tick(op.hours)
        const to = op.how === 'lost' ? 'lost' : op.how === 'skip' ? (NEXT[NEXT[r.stage] ?? ''] ?? 'closed') : (NEXT[r.stage] as string)
        ask(w.stage(r.referrerId, r.referralId, to, to === 'closed' ? { revenue: { amount: op.revenue, currency } } : {}))
        break
      }
      case 'status': {
        const allowed = { approve: ['held', 'issued'], reject: ['held', 'issued'], revoke: ['held', 'issued', 'approved'] }[op.how]
        const rewards = Array.from(w.state.rewards.values()).filter((x) => allowed.includes(x.status))
        if (rewards.length === 0) break
        const x = rewards[op.pick % rewards.length] as RewardState
        w.tick(op.hours)
        const type = op.how === 'approve' ? 'RewardApproved' : op.how === 'reject' ? 'RewardRejected' : 'RewardRevoked'
        w.add(type, undefined, { rewardId: x.rewardId, ...(op.how === 'approve' ? {} : { reason: 'test' }) })
        break
      }
      case 'tx': {
        const refs = Array.from(w.state.referrals.values())
        if (refs.length === 0) break
        const r = refs[op.pick % refs.length] as ReferralState
        w.tick(op.hours)
        ask(w.tx(r.refereeId, `tx-${k++}`, [], { referralId: r.referralId, ...(op.sameDay ? { closedOn: '2026-01-20' } : {}) }))
        break
      }
      case 'back':
        w.tick(-op.hours)
        break
    }
  }
  return { world: w, asked }
}

// ---------------------------------------------------------------------------------------
// The oracle of caps: every window of every cap, per referrer, computed here from scratch.

const measure = (cap: CapValue, v: RewardValue): number => {
  if (cap.kind === 'money') {
    if (v.kind === 'money' && v.amount.currency === cap.amount.currency) return v.amount.amount
    if (v.kind === 'gift' && v.value?.currency === cap.amount.currency) return v.value.amount
    return 0
  }
  if (cap.kind === 'points') return v.kind === 'points' ? v.points : 0
  return v.kind === 'quota' && v.unit === cap.unit ? v.amount : 0
}

const limit = (cap: CapValue): number => (cap.kind === 'money' ? cap.amount.amount : cap.kind === 'points' ? cap.points : cap.amount)

const calendarKey = (ms: number, zone: string, period: 'month' | 'year'): string => {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit' }).formatToParts(new Date(ms))
  const y = parts.find((p) => p.type === 'year')?.value ?? '?'
  const m = parts.find((p) => p.type === 'month')?.value ?? '?'
  return period === 'year' ? y : `${y}-${m}`
}

/** Every window's (count, value) for one cap and referrer, as `[label, count, value]`. */
const windows = (state: NetworkState, policy: RewardPolicy, cap: RewardCap, referrerId: string): Array<[string, number, number]> => {
  const rules = cap.rules ?? policy.rules.map((r) => r.id)
  const sides = cap.sides ?? ['referrer']
  const counted = Array.from(state.rewards.values()).filter(
    (x) =>
      x.status !== 'rejected' &&
      x.status !== 'revoked' &&
      state.referrals.get(x.referralId)?.referrerId === referrerId &&
      rules.includes(x.ruleId) &&
      sides.includes(x.side),
  )
  const total = (xs: RewardState[]): [number, number] => [xs.length, xs.reduce((s, x) => s + (cap.value === undefined ? 0 : measure(cap.value, x.value)), 0)]
  if (cap.period === 'lifetime') return [['lifetime', ...total(counted)]]
  if ((cap.window ?? 'calendar') === 'calendar') {
    const groups = new Map<string, RewardState[]>()
    for (const x of counted) {
      const key = calendarKey(Date.parse(x.issuedAt), policy.timeZone ?? 'UTC', cap.period)
      groups.set(key, [...(groups.get(key) ?? []), x])
    }
    return [...groups.entries()].map(([key, xs]) => [key, ...total(xs)])
  }
  const length = (cap.period === 'month' ? 30 : 365) * DAY
  return counted.map((end) => {
    const t = Date.parse(end.issuedAt)
    return [`rolling to ${end.issuedAt}`, ...total(counted.filter((x) => Date.parse(x.issuedAt) > t - length && Date.parse(x.issuedAt) <= t))]
  })
}

const furthest = (r: ReferralState): number => Math.max(...STAGES.filter((s) => r.stages[s] !== undefined).map((s) => RANK[s] as number))

const RUNS = { numRuns: runs(300) }

describe('rewardsFor: properties of the decide-free loop', () => {
  it('never passes a cap, in any window, for any sequence of referrals, moves and review outcomes', () => {
    fc.assert(
      fc.property(policyArb, fc.array(opArb, { minLength: 5, maxLength: 60, size: 'max' }), (policy, ops) => {
        const { world } = run(policy, ops)
        for (const cap of policy.caps ?? []) {
          for (const referrerId of ['ref-0', 'ref-1', 'ref-2']) {
            for (const [label, count, value] of windows(world.state, policy, cap, referrerId)) {
              if (cap.count !== undefined) expect([cap.id, referrerId, label, count <= cap.count]).toEqual([cap.id, referrerId, label, true])
              if (cap.value !== undefined) expect([cap.id, referrerId, label, value <= limit(cap.value)]).toEqual([cap.id, referrerId, label, true])
            }
          }
        }
      }),
      { numRuns: runs(600) },
    )
  })

  it('never re-issues: asking again about the same event, once its output is folded, issues and holds nothing', () => {
    fc.assert(
      fc.property(policyArb, fc.array(opArb, { minLength: 5, maxLength: 40, size: 'max' }), (policy, ops) => {
        const { world, asked } = run(policy, ops)
        for (const { again } of asked) {
          expect(again.issue).toEqual([])
          expect(again.held).toEqual([])
        }
        // The output always folds cleanly: no reward twice, no unknown referral.
        expect(world.anomalies().filter((a) => !a.applied)).toEqual([])
        // Every event it returns decodes as it is, with an id derived from its reward id.
        for (const { decision } of asked) {
          for (const e of [...decision.issue, ...decision.held]) {
            expect(decodeEvent(e)).toEqual(E.right(e))
            expect(e.id).toBe(`${e.rewardId}/issued`)
            expect(e.rewardId).toBe(`reward/${e.referralId}/${e.stage}/${e.ruleId}/${e.recipientId}`)
          }
        }
      }),
      RUNS,
    )
  })

  it('never pays a stage a referral did not reach: a lost referral never pays a closed-stage reward', () => {
    fc.assert(
      fc.property(policyArb, fc.array(opArb, { minLength: 5, maxLength: 50, size: 'max' }), (policy, ops) => {
        const { world } = run(policy, ops)
        for (const x of world.state.rewards.values()) {
          const r = world.state.referrals.get(x.referralId) as ReferralState
          expect(RANK[x.stage] as number).toBeLessThanOrEqual(furthest(r))
          if (r.stage === 'lost') expect(x.stage).not.toBe('closed')
        }
      }),
      RUNS,
    )
  })

  it('pays a two-sided rule to both sides exactly once per stage reached', () => {
    const twoSided: RewardPolicy = {
      id: 'two-sided',
      name: 'Both sides at every stage',
      jurisdictions: [],
      rules: STAGES.map((stage) => ({ id: `both-${stage}`, stage, to: 'both' as const, value: { kind: 'points' as const, points: 1 } })),
    }
    expect(E.isRight(validateRewardPolicy(twoSided))).toBe(true)
    const moves = fc.array(opArb.filter((o) => o.t === 'refer' || o.t === 'move' || o.t === 'back'), { minLength: 5, maxLength: 50, size: 'max' })
    fc.assert(
      fc.property(moves, (ops) => {
        const { world } = run(twoSided, ops)
        for (const r of world.state.referrals.values()) {
          for (const stage of STAGES) {
            const paid = Array.from(world.state.rewards.values())
              .filter((x) => x.referralId === r.referralId && x.stage === stage)
              .map((x) => `${x.side}:${x.recipientId}`)
              .sort()
            const expected = RANK[stage] as number <= furthest(r) ? [`referee:${r.refereeId}`, `referrer:${r.referrerId}`] : []
            expect([r.referralId, stage, paid]).toEqual([r.referralId, stage, expected])
          }
        }
      }),
      RUNS,
    )
  })

  it('never pays more than revenue × rate, in integer minor units rounded down', () => {
    const shareArb = fc.record({
      basisPoints: fc.integer({ min: 1, max: 10_000 }),
      cap: fc.option(fc.integer({ min: 1, max: 5_000_000 }), { nil: undefined }),
      currency: fc.constantFrom('USD' as const, 'SAR' as const),
    })
    const moves = fc.array(opArb.filter((o) => o.t === 'refer' || o.t === 'move'), { minLength: 5, maxLength: 50, size: 'max' })
    fc.assert(
      fc.property(shareArb, moves, ({ basisPoints, cap, currency }, ops) => {
        const policy: RewardPolicy = {
          id: 'share',
          name: 'Share',
          jurisdictions: [],
          rules: [{ id: 'share', stage: 'closed', to: 'both', value: { kind: 'percent-of-revenue', basisPoints } }],
          ...(cap === undefined ? {} : { caps: [{ id: 'money', period: 'lifetime' as const, value: { kind: 'money' as const, amount: { amount: cap, currency } } }] }),
        }
        const { world } = run(policy, ops, currency)
        for (const r of world.state.referrals.values()) {
          if (r.stage !== 'closed' || r.revenue === undefined) continue
          const exact = (BigInt(r.revenue.amount) * BigInt(basisPoints)) / 10_000n
          const rewards = Array.from(world.state.rewards.values()).filter((x) => x.referralId === r.referralId)
          for (const x of rewards) {
            expect(x.value.kind).toBe('money')
            if (x.value.kind !== 'money') continue
            expect(x.value.amount.currency).toBe(r.revenue.currency)
            expect(x.value.amount.amount).toBeGreaterThan(0)
            expect(BigInt(x.value.amount.amount) <= exact).toBe(true)
            if (cap === undefined) expect(BigInt(x.value.amount.amount)).toBe(exact)
          }
          if (cap === undefined) expect(rewards.length).toBe(exact > 0n ? 2 : 0)
        }
      }),
      RUNS,
    )
  })
})

describe('rewardsFor: any valid stream', () => {
  const rich: RewardPolicy = {
    id: 'rich',
    name: 'Everything at once',
    jurisdictions: ['us-respa-8'],
    timeZone: 'Asia/Riyadh',
    rules: [
      { id: 'thanks', stage: 'received', to: 'referrer', value: { kind: 'gift', tier: 'token', byRole: [{ role: 'core', tier: 'premium' }] }, conditions: { referrerRoles: ['client', 'advocate', 'core', 'ally'] } },
      { id: 'welcome', stage: 'contacted', to: 'referee', value: { kind: 'percent', basisPoints: 1_000, of: 'first-service' } },
      { id: 'team', stage: 'appointment', to: 'team', value: { kind: 'points', points: 5 } },
      { id: 'contract', stage: 'under-contract', to: 'both', value: { kind: 'quota', amount: 500, unit: 'MB' }, milestones: [{ at: 2, every: true, value: { kind: 'quota', amount: 900, unit: 'MB' } }] },
      { id: 'share', stage: 'closed', to: 'referrer', value: { kind: 'percent-of-revenue', basisPoints: 150 }, tiers: [{ from: 3, value: { kind: 'percent-of-revenue', basisPoints: 300 } }], counting: 'reached' },
      { id: 'local', stage: 'closed', to: 'referrer', value: { kind: 'money', amount: { amount: 2_000, currency: 'USD' } }, conditions: { location: {} } },
    ],
    caps: [
      { id: 'usd', period: 'year', window: 'rolling', value: { kind: 'money', amount: { amount: 500_000, currency: 'USD' } } },
      { id: 'mb', period: 'lifetime', value: { kind: 'quota', amount: 2_000, unit: 'MB' }, sides: ['referrer', 'referee'] },
      { id: 'few', period: 'month', count: 3 },
    ],
    review: {},
    refundWindow: { days: 14, stages: ['closed'] },
  }
  expect(E.isRight(validateRewardPolicy(rich))).toBe(true)

  it('never throws on any state of arbitraryEventStream and any event of it, and its output folds cleanly', () => {
    fc.assert(
      fc.property(arbitraryEventStream({ maxEvents: 80, maxContacts: 6 }), fc.option(policyArb, { nil: undefined }), fc.integer({ min: -48, max: 48 }), (events, random, skewHours) => {
        const policy = random ?? rich
        let state = initialNetwork
        for (const e of events) {
          state = foldEvents([e], state)
          const now = new Date(Date.parse(e.at) + skewHours * HOUR)
          const d = rewardsFor(policy, state, e, now)
          const out = [...d.issue, ...d.held]
          for (const x of out) expect(E.isRight(decodeEvent(x))).toBe(true)
          const before = state.anomalies.size
          state = foldEvents(out, state)
          expect(state.anomalies.size).toBe(before)
          const again = rewardsFor(policy, state, e, now)
          expect([...again.issue, ...again.held]).toEqual([])
        }
      }),
      { numRuns: runs(200) },
    )
  })
})
