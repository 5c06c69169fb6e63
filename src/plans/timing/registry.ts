/**
 * The timing rules, registered: one record keyed by every `Timing['rule']`, each entry every
 * part of its rule. A rule added to the `Timing` union and not registered here, or registered
 * without one of its parts, does not compile (`test/plans/registry.test.ts` proves it) —
 * so a new rule cannot be accepted by `validatePlan` and then schedule nothing.
 */
import type * as t from 'io-ts'
import { assertNever } from '../../core/errors.js'
import { tagged } from '../../core/tagged.js'
import type { Timing } from '../definition.js'
import { afterStep } from './after-step.js'
import { interest } from './interest.js'
import { monthly } from './monthly.js'
import { monthsAfterStart } from './months-after-start.js'
import { observance } from './observance.js'
import { offset } from './offset.js'
import { personalDate } from './personal-date.js'
import type { CheckContext, Placement, StepCount, TimingRule } from './rule.js'
import { seasonal } from './seasonal.js'
import { spread } from './spread.js'

/** The name of a timing rule. */
export type TimingName = Timing['rule']

/** The member of a union of timings whose `rule` is `R`. */
export type TimingOf<R extends string, T extends { readonly rule: string } = Timing> = Extract<T, { readonly rule: R }>

/**
 * A registry of timing rules for a union of timings `T`: an entry with every part of its rule
 * for each of `T`'s rule names, and nothing else.
 */
export type TimingRegistryOf<T extends { readonly rule: string }> = { readonly [R in T['rule']]: TimingRule<TimingOf<R, T>> }

/** The registry of touchbase's timing rules. */
export type TimingRegistry = TimingRegistryOf<Timing>

/** Every timing rule, by name (in the order the docs list them). */
export const timingRules: TimingRegistry = {
  offset,
  'months-after-start': monthsAfterStart,
  monthly,
  observance,
  'personal-date': personalDate,
  'after-step': afterStep,
  seasonal,
  spread,
  interest,
}

/** The timing rules, by name. */
export const TIMING_RULES: readonly TimingName[] = Object.freeze(Object.keys(timingRules) as TimingName[])

/**
 * The rule of a timing. TypeScript cannot see that `timingRules[timing.rule]` belongs to
 * `timing` when `timing` is the whole union, so the callers below take the rule name as a type
 * parameter `R`: for each `R` the entry and the timing are of the same member.
 */
const ruleOf = <R extends TimingName>(rule: R): TimingRule<TimingOf<R>> => timingRules[rule]

/** Places a step's touches in one plan year, by its timing's rule. */
export const placeTiming = <R extends TimingName>(timing: TimingOf<R>, ctx: Placement): void =>
  ruleOf<R>(timing.rule).place(timing, ctx)

/** Runs a timing's checks. */
export const checkTiming = <R extends TimingName>(timing: TimingOf<R>, ctx: CheckContext): void =>
  ruleOf<R>(timing.rule).check(timing, ctx)

/** The id of the step a timing's touches follow, or undefined. */
export const timingFollows = <R extends TimingName>(timing: TimingOf<R>): string | undefined => ruleOf<R>(timing.rule).follows(timing)

/** How many touches a timing gives each plan year. */
export const timingCount = <R extends TimingName>(timing: TimingOf<R>): StepCount => {
  const count = ruleOf<R>(timing.rule).count
  switch (count.type) {
    case 'numbered':
      return { type: 'numbered', perYear: count.perYear(timing) }
    case 'keyed':
      return { type: 'keyed', perYear: count.perYear(timing), keyedBy: count.keyedBy }
    case 'per-contact':
      return count
    default:
      return assertNever(count, 'timing count')
  }
}

/** Whether a timing needs a plan year rather than a window of days. */
export const needsPlanYear = (timing: Timing): boolean => timingRules[timing.rule].needsPlanYear

/** The rules whose touches are numbered 1…n (another step may follow them). */
export const NUMBERED_RULES: readonly TimingName[] = TIMING_RULES.filter((r) => timingRules[r].count.type === 'numbered')

/**
 * The codec of a timing: dispatches on `rule` to the registered rule's codec, so an unknown
 * rule is refused by name ("expected one of 'offset' | …").
 */
export const TimingC = tagged(
  'rule',
  Object.fromEntries(TIMING_RULES.map((r) => [r, timingRules[r].codec])) as { readonly [R in TimingName]: t.Mixed },
  `a timing rule (${TIMING_RULES.join(' | ')})`,
)
