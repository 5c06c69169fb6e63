/**
 * `offset`: touches on given plan days (0 = the first day of the plan year or window) — the
 * calls of the 33-touch year, the weeks of the 8x8.
 */
import * as t from 'io-ts'
import { nth } from '../touch-key.js'
import { PlanDays, followsNothing, type TimingRule } from './rule.js'

/** Due on each of `days`, plan days counted from 0. */
export interface OffsetTiming {
  readonly rule: 'offset'
  readonly days: readonly number[]
}

/** The `offset` rule. */
export const offset: TimingRule<OffsetTiming> = {
  codec: t.exact(t.type({ rule: t.literal('offset'), days: PlanDays })),
  count: { type: 'numbered', perYear: (tm) => tm.days.length },
  needsPlanYear: false,
  follows: followsNothing,
  check: (tm, c) => {
    if (tm.days.length === 0) c.say('days', 'no-plan-days', `step \`${c.step.id}\` has no plan days`, { stepId: c.step.id })
    tm.days.forEach((d, j) => {
      if (d >= c.length) c.say(`days[${j}]`, 'plan-day-outside-plan', `step \`${c.step.id}\`: plan day ${d} is outside a plan of ${c.length} days`, { stepId: c.step.id, day: d, days: c.length })
    })
  },
  place: (tm, p) => {
    tm.days.forEach((day, i) => {
      // A day past a window (refused by validatePlan) would land in the next one: skipped.
      if (day < p.year.length) p.relative(nth(i + 1), p.year.start + day, { type: 'plan-day', day })
    })
  },
}
