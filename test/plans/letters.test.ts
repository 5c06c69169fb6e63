import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { addDays, type CalendarDate } from '../../src/core/calendar-date.js'
import { builtInCalendars, isBusinessDay, observances, type CalendarSet } from '../../src/calendars/index.js'
import { builtInPlans, schedule, type PlanDefinition, type Schedule } from '../../src/plans/index.js'
import type { EnrollmentState } from '../../src/state/index.js'
import { contactSpecs, enrolled, enrollmentDates } from './support.js'
import { runs } from '../support/runs.js'

const SET_IDS = Object.keys(builtInCalendars) as Array<keyof typeof builtInCalendars>
const THIRTY_THREES = ['client-for-life-33', 'advocate-appreciation-33'] as const

const plain = (calendarSet: string, start: string, planId = 'client-for-life-33') =>
  enrolled({ calendarSet, timeZone: 'UTC', dates: [], teams: [], refused: [] }, planId, start as CalendarDate)

const callsAndLetters = (s: Schedule): string[] =>
  s.touches.filter((t) => t.stepId === 'call' || t.stepId === 'great-talking-letter').map((t) => `${t.touchKey} ${t.due}`)

/**
 * DESIGN §4.4 as amended by §5.1, written out on its own: 3 days after the call's due date,
 * forward to the first business day; past the plan year's end, back to its last business day
 * after the call.
 */
const expectedLetter = (set: CalendarSet, call: CalendarDate, yearEnd: CalendarDate): CalendarDate => {
  for (let d = addDays(call, 3); d <= yearEnd; d = addDays(d, 1)) if (isBusinessDay(set, d)) return d
  for (let d = yearEnd; d > call; d = addDays(d, -1)) if (isBusinessDay(set, d)) return d
  return yearEnd
}

/** Every way a letter of `s` breaks the rule; `exact` also checks its date against `expectedLetter`. */
const letterFaults = (s: Schedule, set: CalendarSet, exact: boolean): string[] => {
  const byKey = new Map(s.touches.map((t) => [t.touchKey, t]))
  const faults: string[] = []
  for (const t of s.touches) {
    if (t.stepId !== 'great-talking-letter') continue
    if (t.anchor.type !== 'after') {
      faults.push(`${t.touchKey}: anchored on ${t.anchor.type}`)
      continue
    }
    const call = byKey.get(t.anchor.touchKey)
    const year = s.planYears[t.planYear]
    if (call === undefined || year === undefined) {
      faults.push(`${t.touchKey}: no call or plan year`)
      continue
    }
    const at = `${set.id} ${s.planYears[0]?.start} ${t.touchKey} ${t.due} (call ${call.due})`
    if (!isBusinessDay(set, t.due)) faults.push(`${at}: not a business day`)
    if (t.due <= call.due) faults.push(`${at}: not after its call`)
    if (t.due < year.start || t.due > year.end) faults.push(`${at}: outside plan year ${year.start} … ${year.end}`)
    if (exact && t.due !== expectedLetter(set, call.due, year.end)) faults.push(`${at}: expected ${expectedLetter(set, call.due, year.end)}`)
  }
  return faults
}

describe('"great talking to you" letters (DESIGN §4.4 as amended by §5.1)', () => {
  it('moves a letter that falls on Eid al-Fitr next to a weekend forward to the next business day, 8 days after its call (sa, 2025)', () => {
    // Enrolled 2025-03-05: call 1 on plan day 21, Wednesday 2025-03-26. Its letter is due three
    // days later, on Saturday 2025-03-29 (29 Ramadan; the weekend is Friday–Saturday), and the
    // Eid al-Fitr holiday runs four days from the day after, Sunday 2025-03-30 to Wednesday
    // 2025-04-02. The first business day from the 29th is Thursday 2025-04-03.
    const { contact, enrollment } = plain('sa', '2025-03-05')
    expect(callsAndLetters(schedule(builtInPlans['client-for-life-33'], enrollment, contact))).toEqual([
      '0/call/1 2025-03-26',
      '0/great-talking-letter/1 2025-04-03',
      '0/call/2 2025-06-04',
      '0/call/3 2025-08-13',
      '0/great-talking-letter/3 2025-08-17',
      '0/call/4 2025-10-22',
      '0/call/5 2025-12-31',
      '0/great-talking-letter/5 2026-01-04',
    ])
  })

  it('times a letter from its call’s due date, even when the call was made late', () => {
    const { contact, enrollment } = plain('sa', '2025-03-05')
    const outcomes = new Map(enrollment.outcomes)
    outcomes.set('0/call/1', { status: 'done', on: '2025-04-06' as CalendarDate, at: '2025-04-06T10:00:00Z', kind: 'call', channel: 'phone' })
    const late = schedule(builtInPlans['client-for-life-33'], { ...enrollment, outcomes }, contact)
    expect(late.touches.find((t) => t.touchKey === '0/great-talking-letter/1')?.due).toBe('2025-04-03')
  })

  it('moves a letter that would leave the plan year back to its last business day after the call', () => {
    // A host's plan with a call on plan day 362 of the year from 2026-01-01: Tuesday 2026-12-29.
    // Three days later is the next plan year's first day; the last business day of this one
    // after the call is Thursday 2026-12-31.
    const plan: PlanDefinition = {
      id: 'year-end',
      name: 'Year-end call',
      audience: 'everyone',
      period: { unit: 'year' },
      renews: true,
      steps: [
        { id: 'call', kind: 'call', channel: 'phone', performedBy: 'person', timing: { rule: 'offset', days: [362] } },
        { id: 'letter', kind: 'great-talking-letter', channel: 'mail', performedBy: 'person', timing: { rule: 'after-step', step: 'call', occurrences: [1], days: 3 } },
      ],
    }
    const { contact, enrollment } = plain('us', '2026-01-01', 'year-end')
    const s = schedule(plan, enrollment, contact)
    expect(s.touches.map((t) => `${t.touchKey} ${t.due}`)).toEqual(['0/call/1 2026-12-29', '0/letter/1 2026-12-31'])
  })

  describe.each(SET_IDS)('in calendar set %s (property)', (setId) => {
    const set = builtInCalendars[setId]
    it('puts every letter of the 33-touch plans on a business day, after its call, inside its plan year, 2020–2040', () => {
      fc.assert(
        fc.property(
          contactSpecs,
          enrollmentDates,
          fc.constantFrom(...THIRTY_THREES),
          fc.option(fc.tuple(fc.integer({ min: 0, max: 330 }), fc.integer({ min: 1, max: 60 })), { nil: undefined }),
          (spec, start, planId, pause) => {
            const { contact, enrollment } = enrolled({ ...spec, calendarSet: setId }, planId, start, pause === undefined ? [] : [pause])
            const s = schedule(builtInPlans[planId], enrollment, contact, { years: 2 })
            expect(s.touches.filter((t) => t.stepId === 'great-talking-letter').length).toBe(6)
            // Without a pause the date itself is checked; with one, where it may land.
            expect(letterFaults(s, set, pause === undefined)).toEqual([])
          },
        ),
        { numRuns: runs(300) },
      )
    })
  })

  it('holds for every enrollment whose letters fall around Eid al-Fitr and Eid al-Adha, 2020–2040 (sa, ae, eg, exhaustive)', () => {
    // Calls 1, 3 and 5 (the ones with letters) fall on plan days 21, 161 and 301. For each Eid
    // of each year, every enrollment that puts one of them from two weeks before the Eid to a
    // week after it — where a letter meets the Eid holiday and the weekend next to it.
    const faults: string[] = []
    let checked = 0
    for (const setId of ['sa', 'ae', 'eg'] as const) {
      const set = builtInCalendars[setId]
      const { contact, enrollment } = plain(setId, '2020-01-01')
      const starts = new Set<CalendarDate>()
      for (let year = 2020; year <= 2040; year++) {
        for (const o of observances(set, year)) {
          if (o.id !== `${setId}-eid-al-fitr` && o.id !== `${setId}-eid-al-adha`) continue
          for (const day of [21, 161, 301]) for (let j = -14; j <= 7; j++) starts.add(addDays(o.date, j - day))
        }
      }
      for (const start of starts) {
        if (start < '2020-01-01' || start > '2040-12-31') continue
        const e: EnrollmentState = { ...enrollment, startDate: start }
        faults.push(...letterFaults(schedule(builtInPlans['client-for-life-33'], e, contact), set, true))
        checked++
      }
    }
    expect(checked).toBeGreaterThan(5000)
    expect(faults.slice(0, 10)).toEqual([])
  }, 120_000)
})
