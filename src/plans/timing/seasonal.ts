/**
 * `seasonal`: once a plan year on a month-day — the school calendar (August 1) and the New
 * Year calendar (December 1). A fixed month-day falls exactly once in any plan year.
 */
import * as t from 'io-ts'
import { intRange } from '../../core/codecs.js'
import { nth } from '../touch-key.js'
import { monthDayOnOrAfter } from './dates.js'
import { followsNothing, type TimingRule } from './rule.js'

/** Once a plan year on `month`-`day` (`day` defaults to 1; never Feb 29). */
export interface SeasonalTiming {
  readonly rule: 'seasonal'
  readonly month: number
  readonly day?: number
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const

/** The `seasonal` rule. */
export const seasonal: TimingRule<SeasonalTiming> = {
  codec: t.exact(t.intersection([t.type({ rule: t.literal('seasonal'), month: intRange(1, 12) }), t.partial({ day: intRange(1, 31) })])),
  count: { type: 'numbered', perYear: () => 1 },
  needsPlanYear: true,
  follows: followsNothing,
  check: (tm, c) => {
    const day = tm.day ?? 1
    const max = DAYS_IN_MONTH[tm.month - 1] ?? 31
    // Feb 29 is not in every plan year, so it could not come once in each.
    if (day > max || (tm.month === 2 && day === 29)) c.say('day', 'day-not-every-year', `step \`${c.step.id}\`: ${tm.month}/${day} is not a day every year has`, { stepId: c.step.id, month: tm.month, day })
  },
  place: (tm, p) => {
    const date = monthDayOnOrAfter(tm.month, tm.day ?? 1, p.year.start)
    const md = `--${String(tm.month).padStart(2, '0')}-${String(tm.day ?? 1).padStart(2, '0')}`
    p.relative(nth(1), date, { type: 'season', monthDay: md })
  },
}
