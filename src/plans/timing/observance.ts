/**
 * `observance`: holiday cards — the calendar set's ranked card holidays, the first `count`
 * distinct ones whose card (due `leadDays` before the holiday) falls in the plan year
 *. Anchored: a pause never moves a card, unless it was due inside the pause.
 */
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { fromDayNumber, toDayNumber } from '../../core/calendar-date.js'
import { intRange } from '../../core/codecs.js'
import { cardHolidaysForPlanYear, type CardHoliday } from '../../calendars/index.js'
import { followsNothing, noCheck, type TimingRule } from './rule.js'

/** `count` (1–7) cards, each due `leadDays` (0–365) before its holiday. */
export interface ObservanceTiming {
  readonly rule: 'observance'
  readonly leadDays: number
  readonly count: number
}

/**
 * The first `count` cards in rank order. Remembered per list of cards, which
 * `cardHolidaysForPlanYear` shares between the contacts with the same set and plan year.
 */
const bestCards = (cards: readonly CardHoliday[], count: number): readonly CardHoliday[] => {
  let byCount = chosenCards.get(cards)
  if (byCount === undefined) chosenCards.set(cards, (byCount = new Map()))
  let chosen = byCount.get(count)
  if (chosen === undefined) byCount.set(count, (chosen = [...cards].sort((a, b) => a.rank - b.rank).slice(0, count)))
  return chosen
}
const chosenCards = new WeakMap<readonly CardHoliday[], Map<number, readonly CardHoliday[]>>()

/** The `observance` rule. */
export const observance: TimingRule<ObservanceTiming> = {
  codec: t.exact(t.type({ rule: t.literal('observance'), leadDays: intRange(0, 365), count: intRange(1, 7) })),
  // Exact for any set `validateCalendarSet` accepts; a host's set with fewer card holidays
  // in a plan year gets a `too-few-holidays` note.
  count: { type: 'keyed', perYear: (tm) => tm.count, keyedBy: 'holiday' },
  needsPlanYear: true,
  follows: followsNothing,
  check: noCheck,
  place: (tm, p) => {
    const { set, start, last, planYear } = p.year
    const cards = cardHolidaysForPlanYear(set, fromDayNumber(start), fromDayNumber(last), tm.leadDays)
    if (E.isLeft(cards)) {
      p.note({ type: 'too-few-holidays', planYear, found: 0, wanted: tm.count })
      return
    }
    const chosen = bestCards(cards.right, tm.count)
    if (chosen.length < tm.count) p.note({ type: 'too-few-holidays', planYear, found: chosen.length, wanted: tm.count })
    for (const c of chosen) {
      p.anchored({ type: 'holiday', holidayId: c.id }, toDayNumber(c.dueDate), {
        type: 'holiday',
        holidayId: c.id,
        // Shared by the touch with every read of it: frozen, copied when the set's own is not.
        names: Object.isFrozen(c.names) ? c.names : Object.freeze({ en: c.names.en, ar: c.names.ar }),
        holidayDate: c.holidayDate,
        calendarSet: set.id,
      })
    }
  },
}
