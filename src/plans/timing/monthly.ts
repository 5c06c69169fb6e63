/**
 * `monthly`: `count` touches a month apart on a day of the month — the newsletters.
 */
import * as t from 'io-ts'
import { dayNumberToYmd } from '../../core/calendar-date.js'
import { intRange } from '../../core/codecs.js'
import { nth } from '../touch-key.js'
import { ymd } from './dates.js'
import { followsNothing, noCheck, type TimingRule } from './rule.js'

/** `count` touches (1–12) monthly on `dayOfMonth` (1–31, clamped to shorter months). */
export interface MonthlyTiming {
  readonly rule: 'monthly'
  readonly dayOfMonth: number
  readonly count: number
}

/** The `monthly` rule. */
export const monthly: TimingRule<MonthlyTiming> = {
  codec: t.exact(t.type({ rule: t.literal('monthly'), dayOfMonth: intRange(1, 31), count: intRange(1, 12) })),
  count: { type: 'numbered', perYear: (tm) => tm.count },
  needsPlanYear: true,
  follows: followsNothing,
  check: noCheck,
  place: (tm, p) => {
    const { start, last } = p.year
    const first = dayNumberToYmd(start)
    let index = first.year * 12 + first.month - 1
    if (ymd(first.year, first.month, tm.dayOfMonth) < start) index++
    for (let i = 0; i < tm.count; i++, index++) {
      const y = Math.floor(index / 12)
      const m = (index % 12) + 1
      // The last one never leaves the plan year (a Feb 29 start with newsletters on the 28th).
      p.relative(nth(i + 1), Math.min(ymd(y, m, tm.dayOfMonth), last), { type: 'monthly', month: i + 1 })
    }
  },
}
