import * as fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { validateRewardPolicy, type RewardPolicyError } from '../../src/rewards/index.js'
import { runs } from '../support/runs.js'

const good = {
  id: 'p1',
  name: 'Referral thanks',
  jurisdictions: ['us-respa-8'],
  timeZone: 'America/New_York',
  rules: [
    { id: 'thanks', stage: 'received', to: 'referrer', value: { kind: 'gift', tier: 'token', byRole: [{ role: 'core', tier: 'premium' }] } },
    { id: 'share', stage: 'closed', to: 'both', value: { kind: 'percent-of-revenue', basisPoints: 500 }, counting: 'reached' },
    { id: 'team', stage: 'closed', to: 'team', value: { kind: 'points', points: 10 } },
  ],
  caps: [
    { id: 'money', period: 'year', window: 'rolling', value: { kind: 'money', amount: { amount: 100_000, currency: 'USD' } } },
    { id: 'count', period: 'month', count: 4, rules: ['thanks'], sides: ['referrer'], partial: 'refuse' },
  ],
  review: { burstReferrals: 3, burstHours: 6 },
  refundWindow: { days: 30, stages: ['closed'] },
}

const issuesOf = (u: unknown, options?: Parameters<typeof validateRewardPolicy>[1]): RewardPolicyError['issues'] => {
  const r = validateRewardPolicy(u, options)
  return E.isLeft(r) ? r.left.issues : []
}

// Each issue's message starts with its path.
const messages = (u: unknown) => issuesOf(u).map((i) => i.message)

describe('validateRewardPolicy', () => {
  it('accepts a valid policy and keeps only known fields', () => {
    const r = validateRewardPolicy({ ...good, extra: 'dropped' })
    expect(r).toEqual(E.right(good))
  })

  it('names the path and the expected shape of every bad field at once', () => {
    const bad = {
      id: 'p2',
      jurisdictions: 'us-respa-8',
      rules: [
        { id: 'a', stage: 'signed', to: 'referrer', value: { kind: 'money', amount: { amount: 1.5, currency: 'USD' } } },
        { id: 'b', stage: 'closed', to: 'everyone', value: { kind: 'cash' } },
      ],
      caps: [{ id: 'c', period: 'week' }],
    }
    const r = validateRewardPolicy(bad)
    expect(E.isLeft(r) && r.left.code).toBe('invalid-reward-policy')
    expect(E.isLeft(r) && r.left.params.policyId).toBe('p2')
    expect(issuesOf(bad).every((i) => i.code === 'invalid-value' && i.message.startsWith(`${i.path}: `))).toBe(true)
    expect(messages(bad)).toEqual([
      'policy.name: expected a non-empty text of at most 1,000 characters (no control characters or bidi overrides), got nothing',
      'policy.jurisdictions: expected a list of jurisdiction rule names, got "us-respa-8"',
      "policy.rules[0].stage: expected one of 'received' | 'contacted' | 'appointment' | 'under-contract' | 'closed', got \"signed\"",
      'policy.rules[0].value.amount.amount: expected a non-negative integer amount in minor units (e.g. cents), got 1.5',
      "policy.rules[1].to: expected one of 'referrer' | 'referee' | 'both' | 'team', got \"everyone\"",
      "policy.rules[1].value.kind: expected one of 'money' | 'percent-of-revenue' | 'percent' | 'points' | 'quota' | 'gift', got \"cash\"",
      "policy.caps[0].period: expected one of 'month' | 'year' | 'lifetime', got \"week\"",
    ])
  })

  it('refuses what makes no sense, every reason at once', () => {
    const bad = {
      id: 'p3',
      name: 'Muddled',
      jurisdictions: ['us-respa', 'us-respa-8', 'us-respa-8'],
      rules: [
        { id: 'a', stage: 'received', to: 'referrer', value: { kind: 'percent-of-revenue', basisPoints: 100 } },
        {
          id: 'a',
          stage: 'appointment',
          to: 'both',
          value: { kind: 'money', amount: { amount: 0, currency: 'USD' } },
          tiers: [{ from: 5, value: { kind: 'points', points: 1 } }, { from: 3, value: { kind: 'percent-of-revenue', basisPoints: 10 } }],
          milestones: [{ at: 2, value: { kind: 'points', points: 9 } }, { at: 2, value: { kind: 'points', points: 8 } }],
          conditions: { referrerRoles: [] },
        },
        { id: 'g', stage: 'closed', to: 'referrer', value: { kind: 'gift', tier: 'token', byRole: [{ role: 'core', tier: 'premium' }, { role: 'core', tier: 'standard' }] } },
      ],
      caps: [
        { id: 'x', period: 'lifetime', window: 'rolling' },
        { id: 'x', period: 'year', count: 1, rules: ['nope'] },
        { id: 'mb', period: 'month', value: { kind: 'quota', amount: 100, unit: 'MB' } },
      ],
      refundWindow: { days: 3, stages: [] },
    }
    expect(messages(bad)).toEqual([
      'policy.jurisdictions[0]: unknown jurisdiction rule `us-respa`; known: us-respa-8',
      'policy.jurisdictions[2]: jurisdiction rule `us-respa-8` is named twice',
      'policy.rules[0].value: rule `a` pays a percentage of revenue at `received`; revenue is known only at `closed`',
      'policy.rules[1].id: rule id `a` is used twice',
      'policy.rules[1].value.amount.amount: rule `a` pays 0: a reward must be worth more than 0',
      'policy.rules[1].tiers[1].value: rule `a` pays a percentage of revenue at `appointment`; revenue is known only at `closed`',
      'policy.rules[1].tiers[1].from: rule `a`: tiers must start in increasing order (3 after 5)',
      'policy.rules[1].milestones[1]: rule `a` has the milestone at referral 2 twice',
      'policy.rules[1].conditions.referrerRoles: rule `a` allows no referrer role: it could never pay',
      'policy.rules[2].value.byRole[1].role: rule `g` gives role `core` two gifts',
      'policy.caps[0]: cap `x` limits nothing: give it a count, a value or both',
      'policy.caps[0].window: cap `x`: a lifetime cap has no rolling window',
      'policy.caps[1].id: cap id `x` is used twice',
      'policy.caps[1].rules[0]: cap `x` names rule `nope`, which does not exist',
      'policy.caps[2].value: cap `mb` measures a quota in MB, which none of its rules pays',
      'policy.refundWindow.stages: the refund window names no stage: drop it or name the stages it holds',
    ])
    expect(issuesOf(bad).map((i) => i.code)).toEqual([
      'unknown-jurisdiction-rule',
      'duplicate-jurisdiction',
      'revenue-share-before-closed',
      'duplicate-rule-id',
      'reward-not-positive',
      'revenue-share-before-closed',
      'tiers-not-increasing',
      'duplicate-milestone',
      'no-referrer-role',
      'duplicate-gift-role',
      'cap-limits-nothing',
      'lifetime-cap-rolling',
      'duplicate-cap-id',
      'cap-names-unknown-rule',
      'cap-measures-unpaid-quota',
      'refund-window-without-stages',
    ])
    expect(issuesOf(bad)[6]).toMatchObject({ path: 'policy.rules[1].tiers[1].from', params: { ruleId: 'a', from: 3, previous: 5 } })
    const r = validateRewardPolicy(bad)
    expect(E.isLeft(r) && r.left.message.endsWith('; and 11 more')).toBe(true)
  })

  it('refuses a policy without rules, and knows the host’s own jurisdiction rules when given', () => {
    expect(messages({ id: 'p', name: 'Empty', jurisdictions: [], rules: [] })).toEqual(['policy.rules: a policy needs at least one rule'])
    const mine = { ...good, jurisdictions: ['us-respa-8', 'sa-local'] }
    expect(messages(mine)).toEqual(['policy.jurisdictions[1]: unknown jurisdiction rule `sa-local`; known: us-respa-8'])
    const sa = { id: 'sa-local', title: 'Local rule', forbids: () => undefined }
    expect(issuesOf(mine, { jurisdictions: { 'sa-local': sa } })).toEqual([])
  })

  it('refuses what is not a policy at all, and ignores prototype keys', () => {
    expect(messages(null)).toEqual(['policy: expected a reward policy, got null'])
    expect(messages('policy')).toEqual(['policy: expected a reward policy, got "policy"'])
    const polluted = JSON.parse('{"__proto__": {"polluted": true}, "id": "p", "name": "n", "jurisdictions": ["toString"], "rules": []}')
    expect(messages(polluted)).toEqual([
      'policy.rules: a policy needs at least one rule',
      'policy.jurisdictions[0]: unknown jurisdiction rule `toString`; known: us-respa-8',
    ])
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
  })

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.record({ id: fc.string(), name: fc.string(), jurisdictions: fc.anything(), rules: fc.anything() })), (u) => {
        const r = validateRewardPolicy(u)
        expect(E.isLeft(r) ? r.left.issues.length > 0 : true).toBe(true)
      }),
      { numRuns: runs(300) },
    )
  })
})
