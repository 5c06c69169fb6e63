import { describe, expect, it } from 'vitest'
import type { CalendarDate } from '../../src/core/calendar-date.js'
import { builtInPlans, schedule } from '../../src/plans/index.js'
import { enrolled } from './support.js'

describe('a known year: 33 Touch: Client for Life from 2026-01-01 (US calendar)', () => {
  it('places every touch where DESIGN §4.4 says, checked by hand', () => {
    // Birthday March 14 and wedding anniversary June 15 known; two seasonal greetings stand in.
    // Calls: plan days 21, 91, 161, 231, 301 (all Thursdays in 2026); letters 3 days after
    // calls 1, 3 and 5, moved forward off Sundays; give-aways at +3 and +9 months; holiday
    // cards 10 days before the US set's first seven ranked holidays in the plan year.
    const { contact, enrollment } = enrolled(
      {
        calendarSet: 'us',
        timeZone: 'America/New_York',
        dates: [
          { kind: 'birthday', date: '--03-14' },
          { kind: 'wedding-anniversary', date: '2001-06-15' },
        ],
        teams: [],
        refused: [],
      },
      'client-for-life-33',
      '2026-01-01' as CalendarDate,
    )
    const s = schedule(builtInPlans['client-for-life-33'], enrollment, contact)
    const describeAnchor = (t: (typeof s.touches)[number]): string =>
      t.anchor.type === 'holiday'
        ? `${t.anchor.holidayId} ${t.anchor.holidayDate}`
        : t.anchor.type === 'personal-date'
          ? `${t.anchor.kind} ${t.anchor.date}`
          : t.anchor.type === 'after'
            ? `after ${t.anchor.touchKey}`
            : t.anchor.type
    expect(s.planYears).toEqual([{ index: 0, start: '2026-01-01', end: '2026-12-31', pausedDays: 0 }])
    expect(s.touches.map((t) => [t.due, t.touchKey, describeAnchor(t)])).toEqual([
      ['2026-01-01', '0/newsletter/1', 'monthly'],
      ['2026-01-22', '0/call/1', 'plan-day'],
      ['2026-01-26', '0/great-talking-letter/1', 'after 0/call/1'],
      ['2026-02-01', '0/newsletter/2', 'monthly'],
      ['2026-02-04', '0/holiday-card/us-valentines-day', 'us-valentines-day 2026-02-14'],
      ['2026-03-01', '0/newsletter/3', 'monthly'],
      ['2026-03-07', '0/observance-card/birthday', 'birthday 2026-03-14'],
      ['2026-03-17', '0/observance-card/fallback-1', 'fallback'],
      ['2026-03-26', '0/holiday-card/us-easter', 'us-easter 2026-04-05'],
      ['2026-04-01', '0/newsletter/4', 'monthly'],
      ['2026-04-01', '0/give-away/1', 'months-after-start'],
      ['2026-04-02', '0/call/2', 'plan-day'],
      ['2026-05-01', '0/newsletter/5', 'monthly'],
      ['2026-06-01', '0/newsletter/6', 'monthly'],
      ['2026-06-08', '0/observance-card/wedding-anniversary', 'wedding-anniversary 2026-06-15'],
      ['2026-06-11', '0/call/3', 'plan-day'],
      ['2026-06-15', '0/great-talking-letter/3', 'after 0/call/3'],
      ['2026-06-16', '0/observance-card/fallback-2', 'fallback'],
      ['2026-06-24', '0/holiday-card/us-independence-day', 'us-independence-day 2026-07-04'],
      ['2026-07-01', '0/newsletter/7', 'monthly'],
      ['2026-08-01', '0/newsletter/8', 'monthly'],
      ['2026-08-20', '0/call/4', 'plan-day'],
      ['2026-09-01', '0/newsletter/9', 'monthly'],
      ['2026-10-01', '0/newsletter/10', 'monthly'],
      ['2026-10-01', '0/give-away/2', 'months-after-start'],
      ['2026-10-21', '0/holiday-card/us-halloween', 'us-halloween 2026-10-31'],
      ['2026-10-29', '0/call/5', 'plan-day'],
      ['2026-11-01', '0/newsletter/11', 'monthly'],
      ['2026-11-02', '0/great-talking-letter/5', 'after 0/call/5'],
      ['2026-11-16', '0/holiday-card/us-thanksgiving', 'us-thanksgiving 2026-11-26'],
      ['2026-12-01', '0/newsletter/12', 'monthly'],
      ['2026-12-15', '0/holiday-card/us-christmas', 'us-christmas 2026-12-25'],
      ['2026-12-22', '0/holiday-card/us-new-year', 'us-new-year 2027-01-01'],
    ])
  })
})

describe('a Feb 29 birthday across a leap day', () => {
  it('has no card in a plan year that falls between two of its occurrences: a seasonal greeting stands in (DESIGN §4.4)', () => {
    // Plan year 2035-02-22 … 2036-02-21. The 2035 birthday (observed Feb 28) is due Feb 21 2035,
    // before the year; the 2036 one (Feb 29) is due Feb 22 2036, the day after it.
    const { contact, enrollment } = enrolled(
      {
        calendarSet: 'us',
        timeZone: 'America/New_York',
        dates: [{ kind: 'birthday', date: '--02-29' }],
        teams: [],
        refused: [],
      },
      'client-for-life-33',
      '2035-02-22' as CalendarDate,
    )
    const s = schedule(builtInPlans['client-for-life-33'], enrollment, contact, { years: 2 })
    const cards = s.touches.filter((t) => t.stepId === 'observance-card')
    expect(cards.filter((t) => t.planYear === 0 && !t.fallback)).toEqual([])
    expect(cards.filter((t) => t.planYear === 0 && t.fallback)).toHaveLength(4)
    expect(s.notes).toContainEqual({ type: 'missing-personal-dates', planYear: 0, fallbackCards: 4 })
    // The next plan year (2036-02-22 … 2037-02-21) has the card, 7 days before Feb 29 2036.
    expect(cards.filter((t) => t.planYear === 1 && !t.fallback).map((t) => [t.due, t.anchor])).toEqual([
      ['2036-02-22', { type: 'personal-date', kind: 'birthday', recorded: '--02-29', date: '2036-02-29' }],
    ])
  })
})
