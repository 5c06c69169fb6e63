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
import { CHANNELS, GIFT_TIERS, PERSONAL_DATE_KINDS, TOUCH_KINDS } from '../events/vocabulary.js'
import type { PlanDefinition, PlanStep, Timing } from './definition.js'

/** Why a plan definition was refused. */
export interface PlanError {
  readonly _tag: 'PlanError'
  readonly planId?: string
  /** Each reason, with where it is (`steps[2].timing.step`). */
  readonly issues: ReadonlyArray<{ readonly path: string; readonly message: string }>
  /** The reasons as one line. */
  readonly message: string
}

const Days = intRange(0, 366)
const list = <C extends t.Mixed>(c: C, name: string) => t.array(c, name)

const TimingC = tagged(
  'rule',
  {
    offset: t.exact(t.type({ rule: t.literal('offset'), days: list(Days, 'a list of plan days 0–366') })),
    'months-after-start': t.exact(
      t.type({ rule: t.literal('months-after-start'), months: list(intRange(0, 11), 'a list of months 0–11') }),
    ),
    monthly: t.exact(t.type({ rule: t.literal('monthly'), dayOfMonth: intRange(1, 31), count: intRange(1, 12) })),
    observance: t.exact(t.type({ rule: t.literal('observance'), leadDays: intRange(0, 365), count: intRange(1, 7) })),
    'personal-date': t.exact(
      t.type({
        rule: t.literal('personal-date'),
        leadDays: intRange(0, 365),
        count: intRange(1, 10),
        kinds: list(oneOf(PERSONAL_DATE_KINDS), 'a list of personal-date kinds'),
        fallback: t.exact(t.type({ item: Id, days: list(Days, 'a list of plan days 0–366') })),
      }),
    ),
    'after-step': t.exact(
      t.type({
        rule: t.literal('after-step'),
        step: Id,
        occurrences: list(intRange(1, 366), 'a list of occurrence numbers (1 = the first)'),
        days: intRange(0, 365),
      }),
    ),
    seasonal: t.exact(
      t.intersection([t.type({ rule: t.literal('seasonal'), month: intRange(1, 12) }), t.partial({ day: intRange(1, 31) })]),
    ),
    spread: t.exact(t.type({ rule: t.literal('spread'), count: intRange(1, 366) })),
    interest: t.exact(t.type({ rule: t.literal('interest'), category: t.literal('team'), leadDays: intRange(0, 365) })),
  },
  'a timing rule (offset | months-after-start | monthly | observance | personal-date | after-step | seasonal | spread | interest)',
)

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

/** How many touches a step has per plan year, when that is fixed by the plan alone. */
const fixedCount = (timing: Timing): number | undefined => {
  switch (timing.rule) {
    case 'offset':
      return timing.days.length
    case 'months-after-start':
      return timing.months.length
    case 'monthly':
    case 'spread':
      return timing.count
    case 'seasonal':
      return 1
    default:
      return undefined
  }
}

/** Rules that need a plan year (calendar months and holidays), not a window of days. */
const YEAR_RULES: ReadonlySet<Timing['rule']> = new Set([
  'months-after-start',
  'monthly',
  'observance',
  'personal-date',
  'seasonal',
  'spread',
  'interest',
])

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
  plan.steps.forEach((s, i) => {
    const at = `steps[${i}].timing`
    const tm = s.timing
    if (plan.period.unit === 'days' && YEAR_RULES.has(tm.rule)) {
      say(at, `step \`${s.id}\`: rule \`${tm.rule}\` needs a plan year, and this plan runs ${length} days`)
    }
    switch (tm.rule) {
      case 'offset':
        if (tm.days.length === 0) say(`${at}.days`, `step \`${s.id}\` has no plan days`)
        tm.days.forEach((d, j) => {
          if (d >= length) say(`${at}.days[${j}]`, `step \`${s.id}\`: plan day ${d} is outside a plan of ${length} days`)
        })
        break
      case 'months-after-start':
        if (tm.months.length === 0) say(`${at}.months`, `step \`${s.id}\` has no months`)
        break
      case 'personal-date':
        if (tm.kinds.length === 0) say(`${at}.kinds`, `step \`${s.id}\` names no personal-date kind`)
        if (tm.fallback.days.length < tm.count) {
          say(`${at}.fallback.days`, `step \`${s.id}\` needs ${tm.count} fallback days for contacts with no dates, has ${tm.fallback.days.length}`)
        }
        tm.fallback.days.forEach((d, j) => {
          if (d >= length) say(`${at}.fallback.days[${j}]`, `step \`${s.id}\`: fallback day ${d} is outside the plan year`)
        })
        break
      case 'after-step': {
        const target = ids.get(tm.step)
        if (target === undefined) {
          say(`${at}.step`, `step \`${s.id}\` follows step \`${tm.step}\`, which does not exist`)
          break
        }
        if (target.id === s.id) {
          say(`${at}.step`, `step \`${s.id}\` follows itself`)
          break
        }
        const n = fixedCount(target.timing)
        if (n === undefined) {
          say(`${at}.step`, `step \`${s.id}\` follows \`${tm.step}\`, whose number of touches varies by contact; follow a step with a fixed count`)
          break
        }
        tm.occurrences.forEach((o, j) => {
          if (o > n) say(`${at}.occurrences[${j}]`, `step \`${s.id}\` follows touch ${o} of \`${tm.step}\`, which has ${n}`)
        })
        if (tm.days > 31) say(`${at}.days`, `step \`${s.id}\` follows its step by ${tm.days} days; at most 31`)
        break
      }
      case 'seasonal': {
        const day = tm.day ?? 1
        const max = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][tm.month - 1] ?? 31
        if (day > max || (tm.month === 2 && day === 29)) {
          say(`${at}.day`, `step \`${s.id}\`: ${tm.month}/${day} is not a day every year has`)
        }
        break
      }
      case 'spread':
        if (tm.count > length) say(`${at}.count`, `step \`${s.id}\` spreads ${tm.count} touches over ${length} days`)
        break
      default:
        break
    }
  })
  // after-step chains must end: no cycles.
  plan.steps.forEach((s, i) => {
    const seen = new Set<string>([s.id])
    let cur: PlanStep | undefined = s
    while (cur?.timing.rule === 'after-step') {
      const next: PlanStep | undefined = ids.get(cur.timing.step)
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
