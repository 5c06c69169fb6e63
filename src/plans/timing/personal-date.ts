/**
 * `personal-date`: personal observance cards — one per recorded date, in the plan's kind
 * order, due `leadDays` before the date's first occurrence whose due date falls in the plan
 * year; missing ones filled by fallback cards (seasonal greetings) on plan days.
 */
import * as t from 'io-ts'
import { fromDayNumber, type MonthDay } from '../../core/calendar-date.js'
import { Id, intRange, oneOf } from '../../core/codecs.js'
import { PERSONAL_DATE_KINDS, type PersonalDateKind } from '../../events/index.js'
import type { PersonalDateEntry } from '../../state/index.js'
import { OBSERVANCE_CARD_KINDS } from '../definition.js'
import type { Anchor } from '../schedule.js'
import { firstOccurrenceDue, monthDayOf } from './dates.js'
import { PlanDays, followsNothing, type TimingRule } from './rule.js'

/**
 * One card per recorded date of `kinds` (in that order, up to `count`), due `leadDays` before
 * it; `fallback.item` cards on `fallback.days` (plan days) stand in for missing ones.
 */
export interface PersonalDateTiming {
  readonly rule: 'personal-date'
  readonly leadDays: number
  readonly count: number
  readonly kinds: readonly PersonalDateKind[]
  readonly fallback: { readonly item: string; readonly days: readonly number[] }
}

const ORDER = new Map<PersonalDateKind, number>(OBSERVANCE_CARD_KINDS.map((k, i) => [k, i]))

/** The personal dates that can anchor cards, in the plan's kind order (then label). */
const anchorableDates = (
  dates: readonly PersonalDateEntry[],
  kinds: readonly PersonalDateKind[],
): Array<PersonalDateEntry & { md: MonthDay }> => {
  if (dates.length === 0) return []
  const rank = new Map(kinds.map((k, i) => [k, i]))
  return dates
    .filter((d) => rank.has(d.kind))
    .flatMap((d) => {
      const md = monthDayOf(d.date)
      return md === undefined ? [] : [{ ...d, md }]
    })
    .sort(
      (a, b) =>
        (rank.get(a.kind) ?? 0) - (rank.get(b.kind) ?? 0) ||
        (ORDER.get(a.kind) ?? 0) - (ORDER.get(b.kind) ?? 0) ||
        (a.label ?? '').localeCompare(b.label ?? ''),
    )
}

/** The `personal-date` rule. */
export const personalDate: TimingRule<PersonalDateTiming> = {
  codec: t.exact(
    t.type({
      rule: t.literal('personal-date'),
      leadDays: intRange(0, 365),
      count: intRange(1, 10),
      kinds: t.array(oneOf(PERSONAL_DATE_KINDS), 'a list of personal-date kinds'),
      fallback: t.exact(t.type({ item: Id, days: PlanDays })),
    }),
  ),
  // Exact: the contact's dates first, fallback cards for the rest (validatePlan makes sure
  // there are enough fallback days).
  count: { type: 'keyed', perYear: (tm) => tm.count, keyedBy: 'personal date' },
  needsPlanYear: true,
  follows: followsNothing,
  check: (tm, c) => {
    const id = c.step.id
    if (tm.kinds.length === 0) c.say('kinds', 'no-personal-date-kinds', `step \`${id}\` names no personal-date kind`, { stepId: id })
    if (tm.fallback.days.length < tm.count) {
      c.say('fallback.days', 'too-few-fallback-days', `step \`${id}\` needs ${tm.count} fallback days for contacts with no dates, has ${tm.fallback.days.length}`, {
        stepId: id,
        count: tm.count,
        has: tm.fallback.days.length,
      })
    }
    tm.fallback.days.forEach((d, j) => {
      if (d >= c.length) c.say(`fallback.days[${j}]`, 'fallback-day-outside-plan-year', `step \`${id}\`: fallback day ${d} is outside the plan year`, { stepId: id, day: d })
    })
  },
  place: (tm, p) => {
    const { contact, planYear, start, last, length, feb29 } = p.year
    const dates = contact.profile?.personalDates ?? []
    if (planYear === 0) {
      // Said once per enrollment, not once per plan year.
      for (const d of dates) {
        if (tm.kinds.includes(d.kind) && monthDayOf(d.date) === undefined) {
          p.note(d.label === undefined ? { type: 'date-without-day', kind: d.kind } : { type: 'date-without-day', kind: d.kind, label: d.label })
        }
      }
    }
    let placed = 0
    for (const d of anchorableDates(dates, tm.kinds)) {
      if (placed >= tm.count) break
      const found = firstOccurrenceDue(d.md, tm.leadDays, start, last, feb29, false)
      if (found === undefined) continue
      placed++
      const anchor: Anchor =
        d.label === undefined
          ? { type: 'personal-date', kind: d.kind, recorded: d.date, date: fromDayNumber(found.date) }
          : { type: 'personal-date', kind: d.kind, label: d.label, recorded: d.date, date: fromDayNumber(found.date) }
      p.anchored({ type: 'personal-date', kind: d.kind, label: d.label }, found.due, anchor)
    }
    const missing = tm.count - placed
    if (missing > 0) p.note({ type: 'missing-personal-dates', planYear, fallbackCards: missing })
    for (let j = 0; j < missing; j++) {
      const day = tm.fallback.days[j]
      if (day === undefined || day >= length) continue
      p.relative({ type: 'fallback', slot: j + 1 }, start + day, { type: 'fallback', slot: j + 1, day }, tm.fallback.item)
    }
  },
}
