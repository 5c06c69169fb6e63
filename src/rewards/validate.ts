/**
 * Validating reward policies: the io-ts codec checks the shape, then the checks that make a
 * policy mean something (unique ids, percentages of revenue only at `closed`, caps that
 * measure what the policy pays, known jurisdiction rules). Every reason at once, with paths.
 */
import * as E from 'fp-ts/lib/Either.js'
import { Id } from '../core/codecs.js'
import { decodeWith, type DecodeIssue } from '../core/decoding.js'
import { englishList, issuesSummary, touchbaseIssue, type ErrorParam, type TouchbaseError, type TouchbaseIssue } from '../core/errors.js'
import { jurisdictionRegistry, type JurisdictionRule } from './jurisdictions.js'
import { RewardPolicyC, type CapValue, type PolicyValue, type RewardPolicy, type RewardRule } from './policy.js'

/** The codes of the reasons a well-shaped reward policy means nothing, or something wrong. */
export const REWARD_POLICY_ISSUE_CODES = [
  'policy-without-rules',
  'unknown-jurisdiction-rule',
  'duplicate-jurisdiction',
  'duplicate-rule-id',
  'revenue-share-before-closed',
  'reward-not-positive',
  'duplicate-gift-role',
  'tiers-not-increasing',
  'duplicate-milestone',
  'duplicate-recurring-milestone',
  'no-referrer-role',
  'duplicate-cap-id',
  'cap-limits-nothing',
  'lifetime-cap-rolling',
  'cap-not-positive',
  'cap-without-sides',
  'cap-without-rules',
  'cap-names-unknown-rule',
  'cap-measures-unpaid-money',
  'cap-measures-unpaid-points',
  'cap-measures-unpaid-quota',
  'refund-window-without-stages',
] as const

/** The code of a reason a reward policy was refused (beyond its shape). */
export type RewardPolicyIssueCode = (typeof REWARD_POLICY_ISSUE_CODES)[number]

/** Every code of a reward-policy refusal: `invalid-reward-policy`, and the codes of its issues. */
export const REWARD_POLICY_ERROR_CODES = ['invalid-reward-policy', ...REWARD_POLICY_ISSUE_CODES] as const

/** The code of a reward-policy refusal or of one of its issues. */
export type RewardPolicyErrorCode = (typeof REWARD_POLICY_ERROR_CODES)[number]

/**
 * One reason a policy was refused, with where it is (`policy.rules[2].value`): a decode issue
 * (its shape) or a reason it means nothing.
 */
export type RewardPolicyIssue = DecodeIssue | TouchbaseIssue<RewardPolicyIssueCode>

/**
 * Why a reward policy was refused: `code: 'invalid-reward-policy'`, every reason in `issues`
 * (each with its path, from `policy`), the first five as the `message`.
 */
export interface RewardPolicyError extends TouchbaseError<'invalid-reward-policy'> {
  /** The policy's id when it has a valid one, and how many issues there are. */
  readonly params: { readonly policyId: string | null; readonly issues: number }
  /** Every reason found. */
  readonly issues: readonly RewardPolicyIssue[]
}

/** Options of `validateRewardPolicy`. */
export interface ValidatePolicyOptions {
  /** The host's own jurisdiction rules (besides the built-in ones) a policy may name. */
  readonly jurisdictions?: Readonly<Record<string, JurisdictionRule>>
}

/** Every value a rule can pay, with its path: the base value, tiers and milestones. */
const valuesOf = (rule: RewardRule, at: string): Array<{ path: string; value: PolicyValue }> => [
  { path: `${at}.value`, value: rule.value },
  ...(rule.tiers ?? []).map((x, i) => ({ path: `${at}.tiers[${i}].value`, value: x.value })),
  ...(rule.milestones ?? []).map((x, i) => ({ path: `${at}.milestones[${i}].value`, value: x.value })),
]

/** Whether a value a rule pays is measured by a value cap. */
const measuredBy = (cap: CapValue, v: PolicyValue): boolean => {
  switch (cap.kind) {
    case 'money':
      return (
        v.kind === 'percent-of-revenue' ||
        (v.kind === 'money' && v.amount.currency === cap.amount.currency) ||
        (v.kind === 'gift' &&
          (v.value?.currency === cap.amount.currency || (v.byRole ?? []).some((g) => g.value?.currency === cap.amount.currency)))
      )
    case 'points':
      return v.kind === 'points'
    case 'quota':
      return v.kind === 'quota' && v.unit === cap.unit
  }
}

/** The checks of meaning; returns the issues found (paths from `policy`). */
const check = (policy: RewardPolicy, known: ReadonlyMap<string, JurisdictionRule>): Array<TouchbaseIssue<RewardPolicyIssueCode>> => {
  const issues: Array<TouchbaseIssue<RewardPolicyIssueCode>> = []
  const say = (path: string, code: RewardPolicyIssueCode, text: string, params: Readonly<Record<string, ErrorParam>> = {}) =>
    issues.push(touchbaseIssue(code, `policy.${path}`, text, params))

  if (policy.rules.length === 0) say('rules', 'policy-without-rules', 'a policy needs at least one rule')
  const seenJ = new Set<string>()
  policy.jurisdictions.forEach((j, i) => {
    if (!known.has(j)) {
      const names = [...known.keys()]
      say(`jurisdictions[${i}]`, 'unknown-jurisdiction-rule', `unknown jurisdiction rule \`${j}\`; known: ${englishList(names)}`, { jurisdiction: j, known: names })
    }
    if (seenJ.has(j)) say(`jurisdictions[${i}]`, 'duplicate-jurisdiction', `jurisdiction rule \`${j}\` is named twice`, { jurisdiction: j })
    seenJ.add(j)
  })

  const ruleIds = new Map<string, RewardRule>()
  policy.rules.forEach((rule, i) => {
    const at = `rules[${i}]`
    const ruleId = rule.id
    if (ruleIds.has(ruleId)) say(`${at}.id`, 'duplicate-rule-id', `rule id \`${ruleId}\` is used twice`, { ruleId })
    ruleIds.set(ruleId, rule)
    for (const { path, value } of valuesOf(rule, at)) {
      if (value.kind === 'percent-of-revenue' && rule.stage !== 'closed') {
        say(path, 'revenue-share-before-closed', `rule \`${ruleId}\` pays a percentage of revenue at \`${rule.stage}\`; revenue is known only at \`closed\``, { ruleId, stage: rule.stage })
      }
      if (value.kind === 'money' && value.amount.amount <= 0) {
        say(`${path}.amount.amount`, 'reward-not-positive', `rule \`${ruleId}\` pays ${value.amount.amount}: a reward must be worth more than 0`, { ruleId, amount: value.amount.amount })
      }
      // A gift's value is money, which the codec already keeps from being negative.
      if (value.kind === 'gift') {
        const roles = new Set<string>()
        ;(value.byRole ?? []).forEach((g, j) => {
          if (roles.has(g.role)) say(`${path}.byRole[${j}].role`, 'duplicate-gift-role', `rule \`${ruleId}\` gives role \`${g.role}\` two gifts`, { ruleId, role: g.role })
          roles.add(g.role)
        })
      }
    }
    const froms = (rule.tiers ?? []).map((x) => x.from)
    froms.forEach((f, j) => {
      const previous = froms[j - 1]
      if (previous !== undefined && f <= previous) {
        say(`${at}.tiers[${j}].from`, 'tiers-not-increasing', `rule \`${ruleId}\`: tiers must start in increasing order (${f} after ${previous})`, { ruleId, from: f, previous })
      }
    })
    const milestones = new Set<string>()
    ;(rule.milestones ?? []).forEach((m, j) => {
      const key = `${m.every === true ? 'every' : 'at'} ${m.at}`
      if (milestones.has(key)) {
        if (m.every === true) {
          say(`${at}.milestones[${j}]`, 'duplicate-recurring-milestone', `rule \`${ruleId}\` has the milestone every ${m.at} referrals twice`, { ruleId, at: m.at })
        } else {
          say(`${at}.milestones[${j}]`, 'duplicate-milestone', `rule \`${ruleId}\` has the milestone at referral ${m.at} twice`, { ruleId, at: m.at })
        }
      }
      milestones.add(key)
    })
    if (rule.conditions?.referrerRoles !== undefined && rule.conditions.referrerRoles.length === 0) {
      say(`${at}.conditions.referrerRoles`, 'no-referrer-role', `rule \`${ruleId}\` allows no referrer role: it could never pay`, { ruleId })
    }
  })

  const capIds = new Set<string>()
  ;(policy.caps ?? []).forEach((cap, i) => {
    const at = `caps[${i}]`
    const capId = cap.id
    if (capIds.has(capId)) say(`${at}.id`, 'duplicate-cap-id', `cap id \`${capId}\` is used twice`, { capId })
    capIds.add(capId)
    if (cap.count === undefined && cap.value === undefined) say(at, 'cap-limits-nothing', `cap \`${capId}\` limits nothing: give it a count, a value or both`, { capId })
    if (cap.period === 'lifetime' && cap.window === 'rolling') say(`${at}.window`, 'lifetime-cap-rolling', `cap \`${capId}\`: a lifetime cap has no rolling window`, { capId })
    if (cap.value?.kind === 'money' && cap.value.amount.amount <= 0) {
      say(`${at}.value.amount.amount`, 'cap-not-positive', `cap \`${capId}\` allows ${cap.value.amount.amount}: a value cap must be more than 0`, { capId, amount: cap.value.amount.amount })
    }
    if (cap.sides !== undefined && cap.sides.length === 0) say(`${at}.sides`, 'cap-without-sides', `cap \`${capId}\` counts no side: it would limit nothing`, { capId })
    if (cap.rules !== undefined && cap.rules.length === 0) say(`${at}.rules`, 'cap-without-rules', `cap \`${capId}\` counts no rule: it would limit nothing`, { capId })
    ;(cap.rules ?? []).forEach((ruleId, j) => {
      if (!ruleIds.has(ruleId)) say(`${at}.rules[${j}]`, 'cap-names-unknown-rule', `cap \`${capId}\` names rule \`${ruleId}\`, which does not exist`, { capId, ruleId })
    })
    const capValue = cap.value
    if (capValue !== undefined) {
      const scope = cap.rules === undefined ? policy.rules : policy.rules.filter((r) => cap.rules?.includes(r.id))
      const measures = scope.some((r) => valuesOf(r, '').some(({ value }) => measuredBy(capValue, value)))
      if (!measures && scope.length > 0) {
        const where = `${at}.value`
        const unpaid = ', which none of its rules pays'
        if (capValue.kind === 'money') {
          say(where, 'cap-measures-unpaid-money', `cap \`${capId}\` measures money in ${capValue.amount.currency}${unpaid}`, { capId, currency: capValue.amount.currency })
        } else if (capValue.kind === 'points') {
          say(where, 'cap-measures-unpaid-points', `cap \`${capId}\` measures points${unpaid}`, { capId })
        } else {
          say(where, 'cap-measures-unpaid-quota', `cap \`${capId}\` measures a quota in ${capValue.unit}${unpaid}`, { capId, unit: capValue.unit })
        }
      }
    }
  })

  const rw = policy.refundWindow
  if (rw?.stages !== undefined && rw.stages.length === 0) {
    say('refundWindow.stages', 'refund-window-without-stages', 'the refund window names no stage: drop it or name the stages it holds')
  }
  return issues
}

const policyError = (policyId: string | undefined, issues: readonly RewardPolicyIssue[]): RewardPolicyError =>
  Object.freeze({
    code: 'invalid-reward-policy' as const,
    params: Object.freeze({ policyId: policyId ?? null, issues: issues.length }),
    message: issuesSummary(issues),
    issues: Object.freeze([...issues]),
  })

/**
 * The id of a refused value when it is a valid id (it goes into params, which a user interface
 * shows); read in a guard, since the value is anyone's.
 */
const idOf = (u: unknown): string | undefined => {
  try {
    const id = typeof u === 'object' && u !== null ? (u as { id?: unknown }).id : undefined
    return Id.is(id) ? id : undefined
  } catch {
    return undefined
  }
}

/**
 * Validates a reward policy (parsed JSON or a typed value): its shape, then its meaning.
 * Returns every reason at once: `Left` is an `invalid-reward-policy` error whose `issues` each
 * have a path, a code and params. Never throws.
 *
 * @example
 * validateRewardPolicy({ id: 'p', name: 'Thanks', jurisdictions: ['us-respa-8'],
 *   rules: [{ id: 'share', stage: 'received', to: 'referrer', value: { kind: 'percent-of-revenue', basisPoints: 1000 } }] })
 * // Left: "policy.rules[0].value: rule `share` pays a percentage of revenue at `received`; revenue is known only at `closed`"
 *
 * @example
 * validateRewardPolicy({ id: 'p', name: 'Thanks', jurisdictions: [], rules: [{ id: 'r', stage: 'closed', to: 'both',
 *   value: { kind: 'money', amount: { amount: 5000, currency: 'USD' } } }] })
 * // Right: the policy
 */
export const validateRewardPolicy = (u: unknown, options: ValidatePolicyOptions = {}): E.Either<RewardPolicyError, RewardPolicy> => {
  const shape = decodeWith(RewardPolicyC, u, 'policy')
  if (E.isLeft(shape)) return E.left(policyError(idOf(u), shape.left.issues))
  const policy: RewardPolicy = shape.right
  const issues = check(policy, jurisdictionRegistry(options.jurisdictions))
  return issues.length > 0 ? E.left(policyError(policy.id, issues)) : E.right(policy)
}
