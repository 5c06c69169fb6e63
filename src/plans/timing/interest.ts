/**
 * `interest`: one value-added item per recorded interest of a category with a season start —
 * a favourite team's season schedule, `leadDays` before the season. Relative: a pause shifts
 * it like the other value-added items.
 */
import * as t from 'io-ts'
import { fromDayNumber, isMonthDay } from '../../core/calendar-date.js'
import { intRange } from '../../core/codecs.js'
import { firstOccurrenceDue } from './dates.js'
import { followsNothing, noCheck, type TimingRule } from './rule.js'

/** One touch per interest of `category` with a season start, `leadDays` (0–365) before it. */
export interface InterestTiming {
  readonly rule: 'interest'
  readonly category: 'team'
  readonly leadDays: number
}

/** The `interest` rule. */
export const interest: TimingRule<InterestTiming> = {
  codec: t.exact(t.type({ rule: t.literal('interest'), category: t.literal('team'), leadDays: intRange(0, 365) })),
  count: { type: 'per-contact', per: 'interest with a season start' },
  needsPlanYear: true,
  follows: followsNothing,
  check: noCheck,
  place: (tm, p) => {
    const { contact, planYear, start, last, feb29 } = p.year
    for (const i of contact.profile?.interests ?? []) {
      if (i.category !== tm.category) continue
      if (i.seasonStart === undefined || !isMonthDay(i.seasonStart)) {
        if (planYear === 0) p.note({ type: 'interest-without-season', name: i.name })
        continue
      }
      // Once every plan year, even one that falls between two Feb 29 season starts.
      const season = firstOccurrenceDue(i.seasonStart, tm.leadDays, start, last, feb29, true)
      if (season === undefined) continue
      p.relative({ type: 'interest', name: i.name }, season.due, { type: 'interest', name: i.name, seasonStart: fromDayNumber(season.date) })
    }
  },
}
