/**
 * Validating plan definitions: an io-ts codec for the shape, then the checks that make a plan
 * schedulable. A host's JSON plan is refused with every reason at once ("step `letter`
 * follows step `cal`, which does not exist").
 */
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { decodeWith } from '../core/decoding.js'
import { touchbaseIssue, type ErrorParam, type TouchbaseIssue } from '../core/errors.js'
import { Flag, Id, ShortText, intRange, oneOf } from '../core/codecs.js'
import { tagged } from '../core/tagged.js'
import { CHANNELS, GIFT_TIERS, TOUCH_KINDS } from '../events/vocabulary.js'
import type { PlanDefinition, PlanStep } from './definition.js'
import { planError, type PlanError, type PlanIssueCode } from './errors.js'
import { NUMBERED_RULES, TimingC, checkTiming, needsPlanYear, timingCount, timingFollows } from './timing/registry.js'

const list = <C extends t.Mixed>(c: C, name: string) => t.array(c, name)

const StepC = t.exact(
  t.intersection([
    t.type({
      id: Id,
      kind: oneOf(TOUCH_KINDS),
      channel: oneOf(CHANNELS),
      performedBy: oneOf(['person', 'sent'] as const),
      timing: TimingC,
    }),
    t.partial({ item: Id, counts: oneOf(['plan', 'value-added'] as const) }),
  ]),
  'a plan step { id, kind, channel, performedBy, timing, item?, counts? }',
)

const CadenceC = t.exact(
  t.intersection([
    t.type({
      id: Id,
      kind: oneOf(TOUCH_KINDS),
      channel: oneOf(CHANNELS),
      performedBy: oneOf(['person', 'sent'] as const),
      resetBy: list(oneOf(TOUCH_KINDS), 'a list of touch kinds'),
      idealDays: intRange(1, 366),
      maxDays: intRange(1, 731),
    }),
    t.partial({ giftTier: oneOf(GIFT_TIERS) }),
  ]),
  'a cadence { id, kind, channel, performedBy, resetBy, idealDays, maxDays, giftTier? }',
)

const PeriodC = tagged(
  'unit',
  {
    year: t.exact(t.type({ unit: t.literal('year') })),
    days: t.exact(t.type({ unit: t.literal('days'), days: intRange(7, 366) })),
  },
  "a period { unit: 'year' } or { unit: 'days', days }",
)

/** The io-ts codec of a plan definition's shape (checked further by `validatePlan`). */
export const PlanDefinitionC = t.exact(
  t.intersection([
    t.type({
      id: Id,
      name: ShortText,
      audience: ShortText,
      period: PeriodC,
      renews: Flag,
      steps: list(StepC, 'a list of plan steps'),
    }),
    t.partial({ cadences: list(CadenceC, 'a list of cadences'), graduatesTo: Id }),
  ]),
  'a plan definition',
)

/** The checks that make a plan schedulable; returns the issues found (paths from `plan`). */
const check = (plan: PlanDefinition): Array<TouchbaseIssue<PlanIssueCode>> => {
  const issues: Array<TouchbaseIssue<PlanIssueCode>> = []
  const say = (path: string, code: PlanIssueCode, text: string, params: Readonly<Record<string, ErrorParam>> = {}) =>
    issues.push(touchbaseIssue(code, `plan.${path}`, text, params))
  // The shortest plan year is 365 days: a plan day must exist in every one.
  const length = plan.period.unit === 'year' ? 365 : plan.period.days
  const ids = new Map<string, PlanStep>()
  plan.steps.forEach((s, i) => {
    if (ids.has(s.id)) say(`steps[${i}].id`, 'duplicate-step-id', `step id \`${s.id}\` is used twice`, { stepId: s.id })
    ids.set(s.id, s)
  })
  if (plan.period.unit === 'days' && plan.renews) say('renews', 'window-plan-renews', 'a plan with a window of days cannot renew; use a plan year')
  if (plan.steps.length === 0 && (plan.cadences ?? []).length === 0) say('steps', 'plan-without-touches', 'a plan needs at least one step or cadence')
  plan.steps.forEach((step, i) => {
    const at = `steps[${i}].timing`
    if (plan.period.unit === 'days' && needsPlanYear(step.timing)) {
      say(at, 'rule-needs-plan-year', `step \`${step.id}\`: rule \`${step.timing.rule}\` needs a plan year, and this plan runs ${length} days`, {
        stepId: step.id,
        rule: step.timing.rule,
        days: length,
      })
    }
    checkTiming(step.timing, {
      plan,
      step,
      length,
      steps: ids,
      countOf: (s) => timingCount(s.timing),
      numberedRules: NUMBERED_RULES,
      say: (path, code, text, params) => say(path === '' ? at : `${at}.${path}`, code, text, params),
    })
  })
  // Steps that follow steps must end somewhere: no circles.
  plan.steps.forEach((s, i) => {
    const seen = new Set<string>([s.id])
    let cur: PlanStep = s
    for (let follows = timingFollows(s.timing); follows !== undefined; follows = timingFollows(cur.timing)) {
      const next: PlanStep | undefined = ids.get(follows)
      if (next === undefined) break
      if (seen.has(next.id)) {
        const steps = [...seen]
        say(`steps[${i}].timing.step`, 'steps-in-circle', `steps ${steps.map((x) => `\`${x}\``).join(' → ')} follow each other in a circle`, { steps })
        break
      }
      seen.add(next.id)
      cur = next
    }
  })
  const cadenceIds = new Set<string>()
  ;(plan.cadences ?? []).forEach((c, i) => {
    if (cadenceIds.has(c.id)) say(`cadences[${i}].id`, 'duplicate-cadence-id', `cadence id \`${c.id}\` is used twice`, { cadenceId: c.id })
    cadenceIds.add(c.id)
    if (c.maxDays < c.idealDays) {
      say(`cadences[${i}].maxDays`, 'cadence-max-below-ideal', `cadence \`${c.id}\`: the maximum interval (${c.maxDays} days) is shorter than the ideal (${c.idealDays})`, {
        cadenceId: c.id,
        maxDays: c.maxDays,
        idealDays: c.idealDays,
      })
    }
    if (c.resetBy.length === 0) say(`cadences[${i}].resetBy`, 'cadence-without-reset', `cadence \`${c.id}\` is reset by no kind of touch`, { cadenceId: c.id })
  })
  return issues
}

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
 * Validates a plan definition (parsed JSON or a typed value): its shape, then that it can be
 * scheduled. Never throws. `Left` is an `invalid-plan` error whose `issues` give every reason,
 * each with its path, code and params.
 *
 * @example
 * validatePlan({ ...myPlan, steps: [{ id: 'letter', kind: 'great-talking-letter', channel: 'mail',
 *   performedBy: 'person', timing: { rule: 'after-step', step: 'cal', occurrences: [1], days: 3 } }] })
 * // Left: "plan.steps[0].timing.step: step `letter` follows step `cal`, which does not exist"
 */
export const validatePlan = (u: unknown): E.Either<PlanError, PlanDefinition> => {
  const shape = decodeWith(PlanDefinitionC, u, 'plan')
  if (E.isLeft(shape)) return E.left(planError(idOf(u), shape.left.issues))
  const plan = shape.right as PlanDefinition
  const issues = check(plan)
  return issues.length > 0 ? E.left(planError(plan.id, issues)) : E.right(plan)
}
