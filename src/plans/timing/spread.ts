/**
 * `spread`: `count` touches spread evenly across the plan year, on plan days
 * ⌊365 / 2·count⌋ + ⌊365·k / count⌋ — the inspirational cards (45, 136, 227, 318).
 */
import * as t from 'io-ts'
import { intRange } from '../../core/codecs.js'
import { nth } from '../touch-key.js'
import { followsNothing, type TimingRule } from './rule.js'

/** `count` touches (1–366) evenly across the plan year. */
export interface SpreadTiming {
  readonly rule: 'spread'
  readonly count: number
}

/** The `spread` rule. */
export const spread: TimingRule<SpreadTiming> = {
  codec: t.exact(t.type({ rule: t.literal('spread'), count: intRange(1, 366) })),
  count: { type: 'numbered', perYear: (tm) => tm.count },
  needsPlanYear: true,
  follows: followsNothing,
  check: (tm, c) => {
    if (tm.count > c.length) c.say('count', 'spread-too-dense', `step \`${c.step.id}\` spreads ${tm.count} touches over ${c.length} days`, { stepId: c.step.id, count: tm.count, days: c.length })
  },
  place: (tm, p) => {
    for (let i = 0; i < tm.count; i++) {
      const day = Math.floor(365 / (2 * tm.count)) + Math.floor((365 * i) / tm.count)
      p.relative(nth(i + 1), p.year.start + day, { type: 'plan-day', day })
    }
  },
}
