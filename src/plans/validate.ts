/**
 * Validating plan definitions: an io-ts codec for the shape, then the checks that make a plan
 * schedulable. A host's JSON plan is refused with every reason at once ("step `letter`
 * follows step `cal`, which does not exist").
 */
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { decodeWith } from '../core/decoding.js'
import { Flag, Id, ShortText, intRange, oneOf } from '../core/codecs.js'
import { tagged } from '../core/tagged.js'
import { CHANNELS, GIFT_TIERS, TOUCH_KINDS } from '../events/vocabulary.js'
import type { PlanDefinition, PlanStep } from './definition.js'
import { NUMBERED_RULES, TimingC, checkTiming, needsPlanYear, timingCount, timingFollows } from './timing/registry.js'

/** Why a plan definition was refused. */
export interface PlanError {
  readonly _tag: 'PlanError'
  readonly planId?: string
  /** Each reason, with where it is (`steps[2].timing.step`). */
  readonly issues: ReadonlyArray<{ readonly path: string; readonly message: string }>
  /** The reasons as one line. */
  readonly message: string
}

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

/** The semantic checks; returns the issues found. */
const check = (plan: PlanDefinition): Array<{ path: string; message: string }> => {
  const issues: Array<{ path: string; message: string }> = []
  const say = (path: string, message: string) => issues.push({ path, message })
  // The shortest plan year is 365 days: a plan day must exist in every one.
  const length = plan.period.unit === 'year' ? 365 : plan.period.days
  const ids = new Map<string, PlanStep>()
  plan.steps.forEach((s, i) => {
    if (ids.has(s.id)) say(`steps[${i}].id`, `step id \`${s.id}\` is used twice`)
    ids.set(s.id, s)
  })
  if (plan.period.unit === 'days' && plan.renews) say('renews', 'a plan with a window of days cannot renew; use a plan year')
  if (plan.steps.length === 0 && (plan.cadences ?? []).length === 0) say('steps', 'a plan needs at least one step or cadence')
  plan.steps.forEach((step, i) => {
    const at = `steps[${i}].timing`
    if (plan.period.unit === 'days' && needsPlanYear(step.timing)) {
      say(at, `step \`${step.id}\`: rule \`${step.timing.rule}\` needs a plan year, and this plan runs ${length} days`)
    }
    checkTiming(step.timing, {
      plan,
      step,
      length,
      steps: ids,
      countOf: (s) => timingCount(s.timing),
      numberedRules: NUMBERED_RULES,
      say: (path, message) => say(path === '' ? at : `${at}.${path}`, message),
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
        say(`steps[${i}].timing.step`, `steps \`${[...seen].join('` → `')}\` follow each other in a circle`)
        break
      }
      seen.add(next.id)
      cur = next
    }
  })
  const cadenceIds = new Set<string>()
  ;(plan.cadences ?? []).forEach((c, i) => {
    if (cadenceIds.has(c.id)) say(`cadences[${i}].id`, `cadence id \`${c.id}\` is used twice`)
    cadenceIds.add(c.id)
    if (c.maxDays < c.idealDays) say(`cadences[${i}].maxDays`, `cadence \`${c.id}\`: the maximum interval (${c.maxDays} days) is shorter than the ideal (${c.idealDays})`)
    if (c.resetBy.length === 0) say(`cadences[${i}].resetBy`, `cadence \`${c.id}\` is reset by no kind of touch`)
  })
  return issues
}

const planError = (planId: string | undefined, issues: ReadonlyArray<{ path: string; message: string }>): PlanError => ({
  _tag: 'PlanError',
  ...(planId === undefined ? {} : { planId }),
  issues,
  message: issues
    .slice(0, 5)
    .map((i) => `${i.path}: ${i.message}`)
    .join('; '),
})

/**
 * Validates a plan definition (parsed JSON or a typed value): its shape, then that it can be
 * scheduled. Never throws.
 *
 * @example
 * validatePlan({ ...myPlan, steps: [{ id: 'letter', kind: 'great-talking-letter', channel: 'mail',
 *   performedBy: 'person', timing: { rule: 'after-step', step: 'cal', occurrences: [1], days: 3 } }] })
 * // Left: "plan.steps[0].timing.step: step `letter` follows step `cal`, which does not exist"
 */
export const validatePlan = (u: unknown): E.Either<PlanError, PlanDefinition> => {
  const shape = decodeWith(PlanDefinitionC, u, 'plan')
  if (E.isLeft(shape)) {
    const id = typeof u === 'object' && u !== null && typeof (u as { id?: unknown }).id === 'string' ? (u as { id: string }).id : undefined
    return E.left(planError(id, shape.left.issues.map((i) => ({ path: i.path, message: `expected ${i.params.expected}, got ${i.params.got}` }))))
  }
  const plan = shape.right as PlanDefinition
  const issues = check(plan).map((i) => ({ path: `plan.${i.path}`, message: i.message }))
  return issues.length > 0 ? E.left(planError(plan.id, issues)) : E.right(plan)
}
