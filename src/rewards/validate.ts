/**
 * Validating reward policies: the io-ts codec checks the shape, then the checks that make a
 * policy mean something (unique ids, percentages of revenue only at `closed`, caps that
 * measure what the policy pays, known jurisdiction rules). Every reason at once, with paths.
 */
import * as E from 'fp-ts/lib/Either.js'
import { decodeWith } from '../core/decoding.js'
import { jurisdictionRegistry, type JurisdictionRule } from './jurisdictions.js'
import { RewardPolicyC, type CapValue, type PolicyValue, type RewardPolicy, type RewardRule } from './policy.js'

/** One reason a policy was refused, with where it is (`policy.rules[2].value`). */
export interface RewardPolicyIssue {
  readonly path: string
  readonly message: string
}

/** Why a reward policy was refused. */
export interface RewardPolicyError {
  readonly _tag: 'RewardPolicyError'
  readonly policyId?: string
  /** Every reason found. */
  readonly issues: readonly RewardPolicyIssue[]
  /** The first reasons as one line. */
  readonly message: string
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

const describeCap = (c: CapValue): string =>
  c.kind === 'money' ? `money in ${c.amount.currency}` : c.kind === 'points' ? 'points' : `a quota in ${c.unit}`

/** The semantic checks; returns the issues found (paths relative to the policy). */
const check = (policy: RewardPolicy, known: ReadonlyMap<string, JurisdictionRule>): RewardPolicyIssue[] => {
  const issues: RewardPolicyIssue[] = []
  const say = (path: string, message: string) => issues.push({ path, message })

  if (policy.rules.length === 0) say('rules', 'a policy needs at least one rule')
  const seenJ = new Set<string>()
  policy.jurisdictions.forEach((j, i) => {
    if (!known.has(j)) say(`jurisdictions[${i}]`, `unknown jurisdiction rule \`${j}\`; known: ${[...known.keys()].join(', ')}`)
    if (seenJ.has(j)) say(`jurisdictions[${i}]`, `jurisdiction rule \`${j}\` is named twice`)
    seenJ.add(j)
  })

  const ruleIds = new Map<string, RewardRule>()
  policy.rules.forEach((rule, i) => {
    const at = `rules[${i}]`
    if (ruleIds.has(rule.id)) say(`${at}.id`, `rule id \`${rule.id}\` is used twice`)
    ruleIds.set(rule.id, rule)
    for (const { path, value } of valuesOf(rule, at)) {
      if (value.kind === 'percent-of-revenue' && rule.stage !== 'closed') {
        say(path, `rule \`${rule.id}\` pays a percentage of revenue at \`${rule.stage}\`; revenue is known only at \`closed\``)
      }
      if (value.kind === 'money' && value.amount.amount <= 0) {
        say(`${path}.amount.amount`, `rule \`${rule.id}\` pays ${value.amount.amount}: a reward must be worth more than 0`)
      }
      if (value.kind === 'gift') {
        if (value.value !== undefined && value.value.amount < 0) say(`${path}.value.amount`, `rule \`${rule.id}\`: a gift's value cannot be negative`)
        const roles = new Set<string>()
        ;(value.byRole ?? []).forEach((g, j) => {
          if (roles.has(g.role)) say(`${path}.byRole[${j}].role`, `rule \`${rule.id}\` gives role \`${g.role}\` two gifts`)
          roles.add(g.role)
          if (g.value !== undefined && g.value.amount < 0) say(`${path}.byRole[${j}].value.amount`, `rule \`${rule.id}\`: a gift's value cannot be negative`)
        })
      }
    }
    const froms = (rule.tiers ?? []).map((x) => x.from)
    froms.forEach((f, j) => {
      const prev = froms[j - 1]
      if (prev !== undefined && f <= prev) {
        say(`${at}.tiers[${j}].from`, `rule \`${rule.id}\`: tiers must start in increasing order (${f} after ${prev})`)
      }
    })
    const milestones = new Set<string>()
    ;(rule.milestones ?? []).forEach((m, j) => {
      const key = `${m.every === true ? 'every' : 'at'} ${m.at}`
      if (milestones.has(key)) say(`${at}.milestones[${j}]`, `rule \`${rule.id}\` has the milestone "${key}" twice`)
      milestones.add(key)
    })
    if (rule.conditions?.referrerRoles !== undefined && rule.conditions.referrerRoles.length === 0) {
      say(`${at}.conditions.referrerRoles`, `rule \`${rule.id}\` allows no referrer role: it could never pay`)
    }
  })

  const capIds = new Set<string>()
  ;(policy.caps ?? []).forEach((cap, i) => {
    const at = `caps[${i}]`
    if (capIds.has(cap.id)) say(`${at}.id`, `cap id \`${cap.id}\` is used twice`)
    capIds.add(cap.id)
    if (cap.count === undefined && cap.value === undefined) say(at, `cap \`${cap.id}\` limits nothing: give it a count, a value or both`)
    if (cap.period === 'lifetime' && cap.window === 'rolling') say(`${at}.window`, `cap \`${cap.id}\`: a lifetime cap has no rolling window`)
    if (cap.value?.kind === 'money' && cap.value.amount.amount <= 0) {
      say(`${at}.value.amount.amount`, `cap \`${cap.id}\` allows ${cap.value.amount.amount}: a value cap must be more than 0`)
    }
    if (cap.sides !== undefined && cap.sides.length === 0) say(`${at}.sides`, `cap \`${cap.id}\` counts no side: it would limit nothing`)
    if (cap.rules !== undefined && cap.rules.length === 0) say(`${at}.rules`, `cap \`${cap.id}\` counts no rule: it would limit nothing`)
    ;(cap.rules ?? []).forEach((r, j) => {
      if (!ruleIds.has(r)) say(`${at}.rules[${j}]`, `cap \`${cap.id}\` names rule \`${r}\`, which does not exist`)
    })
    const capValue = cap.value
    if (capValue !== undefined) {
      const scope = cap.rules === undefined ? policy.rules : policy.rules.filter((r) => cap.rules?.includes(r.id))
      const measures = scope.some((r) => valuesOf(r, '').some(({ value }) => measuredBy(capValue, value)))
      if (!measures && scope.length > 0) {
        say(`${at}.value`, `cap \`${cap.id}\` measures ${describeCap(capValue)}, which none of its rules pays`)
      }
    }
  })

  const rw = policy.refundWindow
  if (rw?.stages !== undefined && rw.stages.length === 0) say('refundWindow.stages', 'the refund window names no stage: drop it or name the stages it holds')
  return issues
}

const policyError = (policyId: string | undefined, issues: readonly RewardPolicyIssue[]): RewardPolicyError => ({
  _tag: 'RewardPolicyError',
  ...(policyId === undefined ? {} : { policyId }),
  issues,
  message:
    issues
      .slice(0, 5)
      .map((i) => `${i.path}: ${i.message}`)
      .join('; ') + (issues.length > 5 ? `; and ${issues.length - 5} more` : ''),
})

/**
 * Validates a reward policy (parsed JSON or a typed value): its shape, then its meaning.
 * Returns every reason at once, each with its path. Never throws.
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
  if (E.isLeft(shape)) {
    const id =
      typeof u === 'object' && u !== null && typeof (u as { id?: unknown }).id === 'string' ? (u as { id: string }).id : undefined
    return E.left(policyError(id, shape.left.issues.map((i) => ({ path: i.path, message: `expected ${i.params.expected}, got ${i.params.got}` }))))
  }
  const policy: RewardPolicy = shape.right
  const issues = check(policy, jurisdictionRegistry(options.jurisdictions)).map((i) => ({ path: `policy.${i.path}`, message: i.message }))
  return issues.length > 0 ? E.left(policyError(policy.id, issues)) : E.right(policy)
}
