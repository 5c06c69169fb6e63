/**
 * `after-step`: touches `days` after given occurrences of another step — the "great talking
 * to you" letter after its call. Placed after the step it
 * follows, from that step's final due dates.
 */
import * as t from 'io-ts'
import { Id, intRange } from '../../core/codecs.js'
import { englishList } from '../../core/errors.js'
import { isBusinessDayNumber } from '../../calendars/business-days.js'
import type { CalendarSet } from '../../calendars/index.js'
import { nth } from '../touch-key.js'
import type { TimingRule } from './rule.js'

/** The most days a touch may follow its step by. */
const MAX_FOLLOW_DAYS = 31

/** Due `days` (0–31) after occurrences `occurrences` (1 = the first) of step `step`. */
export interface AfterStepTiming {
  readonly rule: 'after-step'
  readonly step: string
  readonly occurrences: readonly number[]
  readonly days: number
}

/**
 * Where a touch that follows another lands when a person performs it: on its date (`due`,
 * already `days` after the touch it follows) when that is a business day, else on the next
 * business day — however far a run of days off pushes it. A person writes and posts a
 * letter, and the post is closed on weekends and days-off holidays, so across an Eid holiday
 * next to a weekend it can be 8–10 days after its call, and that is right. Only the plan
 * year's end stops it: past that, it moves back to the plan year's last business day after
 * the touch it follows (and not back into a pause it was shifted over). A plan year with no
 * business day at all after that touch (a host's plan with a call on its last business day)
 * keeps it on its last day, the latest it can be.
 */
const followingBusinessDay = (set: CalendarSet, after: number, due: number, floor: number, end: number): number => {
  for (let d = due; d <= end; d++) if (isBusinessDayNumber(set, d)) return d
  for (let d = end; d > after && d >= floor; d--) if (isBusinessDayNumber(set, d)) return d
  return Math.min(due, end)
}

/** The `after-step` rule. */
export const afterStep: TimingRule<AfterStepTiming> = {
  codec: t.exact(
    t.type({
      rule: t.literal('after-step'),
      step: Id,
      occurrences: t.array(intRange(1, 366), 'a list of occurrence numbers (1 = the first)'),
      days: intRange(0, 365),
    }),
  ),
  // Keyed by the number of the occurrence it follows (`0/great-talking-letter/3` follows
  // `0/call/3`), so they are not numbered 1…n: nothing may follow them in turn.
  count: { type: 'keyed', perYear: (tm) => tm.occurrences.length, keyedBy: 'the occurrence of the step it follows' },
  needsPlanYear: false,
  follows: (tm) => tm.step,
  check: (tm, c) => {
    const id = c.step.id
    const target = c.steps.get(tm.step)
    if (target === undefined) {
      return c.say('step', 'follows-unknown-step', `step \`${id}\` follows step \`${tm.step}\`, which does not exist`, { stepId: id, follows: tm.step })
    }
    if (target.id === id) return c.say('step', 'follows-itself', `step \`${id}\` follows itself`, { stepId: id })
    const count = c.countOf(target)
    if (count.type !== 'numbered') {
      const rules = englishList(c.numberedRules.map((r) => `\`${r}\``), 'or')
      const numberedRules = [...c.numberedRules]
      return count.type === 'keyed'
        ? c.say('step', 'follows-keyed-step', `step \`${id}\` follows \`${tm.step}\`, whose touches are keyed by ${count.keyedBy}; follow a step whose touches are numbered (by rule ${rules})`, {
            stepId: id,
            follows: tm.step,
            keyedBy: count.keyedBy,
            numberedRules,
          })
        : c.say('step', 'follows-per-contact-step', `step \`${id}\` follows \`${tm.step}\`, whose touches vary by contact (one per ${count.per}); follow a step whose touches are numbered (by rule ${rules})`, {
            stepId: id,
            follows: tm.step,
            per: count.per,
            numberedRules,
          })
    }
    tm.occurrences.forEach((o, j) => {
      // A touch's key is the occurrence it follows: two touches after one occurrence would share
      // a key, and one `TouchCompleted` would settle both.
      if (tm.occurrences.indexOf(o) < j) {
        c.say(`occurrences[${j}]`, 'repeated-occurrence', `step \`${id}\` follows touch ${o} of \`${tm.step}\` twice`, { stepId: id, follows: tm.step, occurrence: o })
      }
      if (o > count.perYear) {
        c.say(`occurrences[${j}]`, 'follows-missing-occurrence', `step \`${id}\` follows touch ${o} of \`${tm.step}\`, which has ${count.perYear}`, {
          stepId: id,
          follows: tm.step,
          occurrence: o,
          perYear: count.perYear,
        })
      }
    })
    if (tm.days > MAX_FOLLOW_DAYS) {
      c.say('days', 'follow-gap-too-long', `step \`${id}\` follows its step by ${tm.days} days; at most ${MAX_FOLLOW_DAYS}`, { stepId: id, days: tm.days, max: MAX_FOLLOW_DAYS })
    }
  },
  place: (tm, p) => {
    const { set, pauses, end } = p.year
    for (const o of tm.occurrences) {
      const target = p.placed(tm.step, nth(o))
      if (target === undefined) continue
      // Timed from the touch's due date (after its business-day move), never from when it
      // was done: a call made late does not move its letter.
      let due = target.due + tm.days
      let floor = target.floor
      let onHold = target.onHold
      // A pause that starts between the two shifts the follower like any relative touch.
      for (const q of pauses) {
        if (q.from <= target.due || q.from > due) continue
        if (q.to === undefined) onHold = true
        else {
          due += q.to - q.from
          floor = q.to
        }
      }
      due = p.step.performedBy === 'person' ? followingBusinessDay(set, target.due, due, floor, end) : Math.min(due, end)
      p.exact(nth(o), { due, floor, onHold, anchor: { type: 'after', touchKey: target.key, days: tm.days } })
    }
  },
}
