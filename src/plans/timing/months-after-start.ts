/**
 * `months-after-start`: touches whole months after the plan year's first day (date-fns
 * `addMonths`: a month without the day ends on its last) — the give-aways at +3 and +9 months.
 */
import * as t from 'io-ts'
import { addMonths, fromDayNumber, toDayNumber } from '../../core/calendar-date.js'
import { intRange } from '../../core/codecs.js'
import { nth } from '../touch-key.js'
import { followsNothing, type TimingRule } from './rule.js'

/** Due `months` after the plan year's first day, each 0–11. */
export interface MonthsAfterStartTiming {
  readonly rule: 'months-after-start'
  readonly months: readonly number[]
}

/** The `months-after-start` rule. */
export const monthsAfterStart: TimingRule<MonthsAfterStartTiming> = {
  codec: t.exact(t.type({ rule: t.literal('months-after-start'), months: t.array(intRange(0, 11), 'a list of months 0–11') })),
  count: { type: 'numbered', perYear: (tm) => tm.months.length },
  needsPlanYear: true,
  follows: followsNothing,
  check: (tm, c) => {
    if (tm.months.length === 0) c.say('months', 'no-months', `step \`${c.step.id}\` has no months`, { stepId: c.step.id })
  },
  place: (tm, p) => {
    tm.months.forEach((m, i) => {
      p.relative(nth(i + 1), toDayNumber(addMonths(fromDayNumber(p.year.start), m)), { type: 'months-after-start', months: m })
    })
  },
}
