import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { addDays, addYears, daysBetween, monthDayInYear, toDayNumber, type CalendarDate, type MonthDay } from '../../src/core/calendar-date.js'
import { builtInCalendars, isBusinessDay } from '../../src/calendars/index.js'
import { builtInPlans, schedule, type PlanDefinition, type PlannedTouch, type Schedule } from '../../src/plans/index.js'
import { contactSpecs, enrolled, enrollmentDates, type ContactSpec } from './support.js'
import { runs } from '../support/runs.js'

const RUNS = { numRuns: runs(300) }
const count = (s: Schedule, year: number, step: string) => s.touches.filter((t) => t.planYear === year && t.stepId === step).length
const setOf = (spec: ContactSpec) => builtInCalendars[spec.calendarSet as keyof typeof builtInCalendars]

const THIRTY_THREE = { newsletter: 12, 'holiday-card': 7, call: 5, 'great-talking-letter': 3, 'observance-card': 4, 'give-away': 2 }

describe('schedule: the 33-touch year (properties)', () => {
  it('has exactly 12 + 7 + 5 + 3 + 4 + 2 = 33 touches in every plan year, for any contact, date, zone and calendar', () => {
    fc.assert(
      fc.property(contactSpecs, enrollmentDates, (spec, start) => {
        const { contact, enrollment } = enrolled(spec, 'client-for-life-33', start)
        const s = schedule(builtInPlans['client-for-life-33'], enrollment, contact, { years: 2 })
        expect(s.planYears.length).toBe(2)
        for (const y of [0, 1]) {
          for (const [step, n] of Object.entries(THIRTY_THREE)) expect([step, count(s, y, step)]).toEqual([step, n])
          expect(s.touches.filter((t) => t.planYear === y).length).toBe(33)
        }
      }),
      RUNS,
    )
  })

  it('Advocate Appreciation adds the value-added items, counted apart', () => {
    fc.assert(
      fc.property(contactSpecs, enrollmentDates, (spec, start) => {
        const { contact, enrollment } = enrolled(spec, 'advocate-appreciation-33', start)
        const s = schedule(builtInPlans['advocate-appreciation-33'], enrollment, contact, { years: 2 })
        const teams = spec.teams.filter((t) => t.seasonStart !== undefined).length
        for (const y of [0, 1]) {
          const inYear = s.touches.filter((t) => t.planYear === y)
          expect(inYear.filter((t) => t.counts === 'plan').length).toBe(33)
          expect(count(s, y, 'school-calendar')).toBe(1)
          expect(count(s, y, 'new-year-calendar')).toBe(1)
          expect(count(s, y, 'inspirational-card')).toBe(4)
          expect(count(s, y, 'team-season-schedule')).toBe(teams)
          expect(inYear.filter((t) => t.counts === 'value-added').length).toBe(6 + teams)
        }
      }),
      RUNS,
    )
  })

  it('puts every touch inside its plan year, sorted, and the same every time', () => {
    fc.assert(
      fc.property(contactSpecs, enrollmentDates, fc.constantFrom('client-for-life-33', 'advocate-appreciation-33', '8x8', '12-direct'), (spec, start, planId) => {
        const { contact, enrollment } = enrolled(spec, planId, start)
        const plan = builtInPlans[planId as keyof typeof builtInPlans]
        const s = schedule(plan, enrollment, contact, { years: 3 })
        // Exact counts per plan year (8x8 runs once; the others renew).
        const perYear = { 'client-for-life-33': 33, '8x8': 8, '12-direct': 12 } as Record<string, number>
        const years = plan.renews ? 3 : 1
        expect(s.planYears.length).toBe(years)
        for (let y = 0; y < years; y++) {
          const plain = s.touches.filter((t) => t.planYear === y && t.counts === 'plan').length
          expect(plain).toBe(perYear[planId] ?? 33)
        }
        for (const t of s.touches) {
          const y = s.planYears[t.planYear]!
          expect(t.due >= y.start && t.due <= y.end).toBe(true)
        }
        const dues = s.touches.map((t) => t.due)
        expect(dues).toEqual([...dues].sort())
        expect(schedule(plan, enrollment, contact, { years: 3 })).toEqual(s)
        expect(new Set(s.touches.map((t) => t.touchKey)).size).toBe(s.touches.length)
        // Plan years follow each other with no gap, each a year long (addYears: Feb 29 → Feb 28).
        s.planYears.forEach((y, k) => {
          if (plan.period.unit === 'year') expect(y.start).toBe(addYears(start, k))
          const next = s.planYears[k + 1]
          if (next !== undefined) expect(daysBetween(y.end, next.start)).toBe(1)
        })
      }),
      RUNS,
    )
  })

  it('puts every person-performed touch on a business day, each letter after its call (the letter rule in detail: letters.test.ts)', () => {
    fc.assert(
      fc.property(contactSpecs, enrollmentDates, (spec, start) => {
        const { contact, enrollment } = enrolled(spec, 'client-for-life-33', start)
        const s = schedule(builtInPlans['client-for-life-33'], enrollment, contact, { years: 2 })
        const byKey = new Map(s.touches.map((t) => [t.touchKey, t]))
        for (const t of s.touches) {
          if (t.performedBy === 'person') expect([t.touchKey, isBusinessDay(setOf(spec), t.due)]).toEqual([t.touchKey, true])
          if (t.stepId !== 'great-talking-letter') continue
          const call = byKey.get((t.anchor as { touchKey: string }).touchKey) as PlannedTouch
          expect(daysBetween(call.due, t.due)).toBeGreaterThanOrEqual(3)
        }
        const calls = s.touches.filter((t) => t.stepId === 'call' && t.planYear === 0)
        expect(calls.map((c) => c.touchKey)).toEqual(['0/call/1', '0/call/2', '0/call/3', '0/call/4', '0/call/5'])
        for (const c of calls) {
          const planned = toDayNumber(start) + (c.anchor as { day: number }).day
          expect(Math.abs(toDayNumber(c.due) - planned)).toBeLessThanOrEqual(14)
        }
      }),
      RUNS,
    )
  })

  it('dues each holiday card its lead time before its holiday: 7 distinct holidays a year', () => {
    fc.assert(
      fc.property(contactSpecs, enrollmentDates, (spec, start) => {
        const { contact, enrollment } = enrolled(spec, 'client-for-life-33', start)
        const s = schedule(builtInPlans['client-for-life-33'], enrollment, contact, { years: 2 })
        for (const y of [0, 1]) {
          const cards = s.touches.filter((t) => t.planYear === y && t.stepId === 'holiday-card')
          expect(new Set(cards.map((c) => (c.anchor as { holidayId: string }).holidayId)).size).toBe(7)
          for (const c of cards) {
            if (c.anchor.type !== 'holiday') throw new Error('holiday card without a holiday')
            expect(daysBetween(c.due, c.anchor.holidayDate)).toBe(10)
            expect(c.anchor.calendarSet).toBe(spec.calendarSet)
          }
        }
      }),
      RUNS,
    )
  })

  it('sits observance cards on the contact’s dates when known, else falls back and says so', () => {
    fc.assert(
      fc.property(contactSpecs, enrollmentDates, (spec, start) => {
        const { contact, enrollment } = enrolled(spec, 'client-for-life-33', start)
        const s = schedule(builtInPlans['client-for-life-33'], enrollment, contact, { years: 1 })
        const cards = s.touches.filter((t) => t.stepId === 'observance-card')
        const year = s.planYears[0] as { start: CalendarDate; end: CalendarDate }
        // A date can anchor a card when one of its occurrences is due (7 days before) inside the
        // plan year; a Feb 29 date can miss a year that falls between two of its occurrences.
        const anchors = (recorded: string): boolean => {
          const md = (recorded.startsWith('--') ? recorded : `--${recorded.slice(5)}`) as MonthDay
          const y0 = Number(year.start.slice(0, 4))
          return [y0, y0 + 1, y0 + 2].some((y) => {
            const due = addDays(monthDayInYear(md, y), -7)
            return due >= year.start && due <= year.end
          })
        }
        const usable = spec.dates.filter((d) => !/^\d{4}-\d{2}$/.test(d.date)).filter((d) => anchors(d.date))
        const dated = cards.filter((c) => c.anchor.type === 'personal-date')
        expect(dated.length).toBe(Math.min(4, usable.length))
        for (const c of dated) {
          if (c.anchor.type !== 'personal-date') continue
          const md = (c.anchor.recorded.startsWith('--') ? c.anchor.recorded : `--${c.anchor.recorded.slice(5)}`) as MonthDay
          expect(c.anchor.date).toBe(monthDayInYear(md, Number(c.anchor.date.slice(0, 4))))
          expect(daysBetween(c.due, c.anchor.date)).toBe(7)
          expect(c.fallback).toBe(false)
        }
        expect(cards.filter((c) => c.fallback).length).toBe(4 - dated.length)
        const missing = s.notes.find((n) => n.type === 'missing-personal-dates')
        expect(missing === undefined ? 0 : (missing as { fallbackCards: number }).fallbackCards).toBe(4 - dated.length)
        const dayless = spec.dates.filter((d) => /^\d{4}-\d{2}$/.test(d.date)).length
        expect(s.notes.filter((n) => n.type === 'date-without-day').length).toBe(dayless)
      }),
      RUNS,
    )
  })

  it('marks refused channels blocked — counted, never dropped', () => {
    fc.assert(
      fc.property(contactSpecs, enrollmentDates, (spec, start) => {
        const { contact, enrollment } = enrolled(spec, 'client-for-life-33', start)
        const s = schedule(builtInPlans['client-for-life-33'], enrollment, contact)
        expect(s.touches.length).toBe(33)
        for (const t of s.touches) expect(t.blocked).toBe(spec.refused.includes(t.channel))
      }),
      RUNS,
    )
  })

  it('never changes its counts or dates with the time zone', () => {
    fc.assert(
      fc.property(contactSpecs, enrollmentDates, fc.constantFrom('America/New_York', 'Asia/Tokyo', 'Pacific/Kiritimati'), (spec, start, zone) => {
        const a = enrolled(spec, 'advocate-appreciation-33', start)
        const b = enrolled({ ...spec, timeZone: zone }, 'advocate-appreciation-33', start)
        const sa = schedule(builtInPlans['advocate-appreciation-33'], a.enrollment, a.contact, { years: 2 })
        const sb = schedule(builtInPlans['advocate-appreciation-33'], b.enrollment, b.contact, { years: 2 })
        expect(sb.touches.map((t) => [t.touchKey, t.due])).toEqual(sa.touches.map((t) => [t.touchKey, t.due]))
      }),
      { numRuns: runs(100) },
    )
  })
})

describe('schedule: relationship plans', () => {
  it('plans no dated touches for the cadence plans (their meetings are cadences)', () => {
    fc.assert(
      fc.property(contactSpecs, enrollmentDates, fc.constantFrom('ally-cadence', 'advocate-cadence', 'core-cadence'), (spec, start, planId) => {
        const { contact, enrollment } = enrolled(spec, planId, start)
        expect(schedule(builtInPlans[planId as keyof typeof builtInPlans], enrollment, contact).touches).toEqual([])
      }),
      { numRuns: runs(50) },
    )
  })
})

describe('schedule: pause and resume', () => {
  it('keeps every touch, lengthens the plan year by the pause and shifts what was ahead', () => {
    fc.assert(
      fc.property(
        contactSpecs,
        enrollmentDates,
        fc.constantFrom('client-for-life-33', 'advocate-appreciation-33', '8x8', '12-direct'),
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 1, max: 120 }),
        (spec, start, planId, from, days) => {
          const plan = builtInPlans[planId as keyof typeof builtInPlans]
          const window = plan.period.unit === 'days' ? plan.period.days : 365
          fc.pre(from < window)
          const plain = enrolled(spec, planId, start)
          const paused = enrolled(spec, planId, start, [[from, days]])
          const s0 = schedule(plan, plain.enrollment, plain.contact)
          const s1 = schedule(plan, paused.enrollment, paused.contact)
          // Nothing dropped, nothing added: the same keys.
          expect(s1.touches.map((t) => t.touchKey).sort()).toEqual(s0.touches.map((t) => t.touchKey).sort())
          expect(s1.planYears[0]!.pausedDays).toBe(days)
          expect(daysBetween(s0.planYears[0]!.end, s1.planYears[0]!.end)).toBe(days)
          const pauseStart = toDayNumber(start) + from
          const before = new Map(s0.touches.map((t) => [t.touchKey, t]))
          for (const t of s1.touches) {
            const was = before.get(t.touchKey) as PlannedTouch
            expect(t.due >= s1.planYears[0]!.start && t.due <= s1.planYears[0]!.end).toBe(true)
            const anchored = t.anchor.type === 'holiday' || t.anchor.type === 'personal-date'
            if (anchored) {
              const inPause = toDayNumber(was.due) >= pauseStart && toDayNumber(was.due) < pauseStart + days
              expect(t.due).toBe(inPause ? addDays(start, from + days) : was.due)
              expect(t.late).toBe(inPause)
            } else if (t.anchor.type !== 'after' && t.performedBy === 'sent') {
              // Sent relative touches ahead of the pause move by exactly its length.
              const ahead = toDayNumber(was.due) >= pauseStart
              expect(daysBetween(was.due, t.due)).toBe(ahead ? days : 0)
            }
          }
        },
      ),
      RUNS,
    )
  })

  it('holds what lies after an open pause', () => {
    const spec: ContactSpec = { calendarSet: 'us', timeZone: 'UTC', dates: [], teams: [], refused: [] }
    const { contact, enrollment } = enrolled(spec, 'client-for-life-33', '2026-01-01' as CalendarDate)
    const open = { ...enrollment, status: 'paused' as const, pauses: [{ from: '2026-06-01' }] }
    const s = schedule(builtInPlans['client-for-life-33'], open, contact)
    expect(s.touches.length).toBe(33)
    expect(s.touches.filter((t) => t.due >= '2026-06-01').every((t) => t.onHold)).toBe(true)
    expect(s.touches.filter((t) => t.due < '2026-06-01').some((t) => t.onHold)).toBe(false)
    expect(s.notes).toContainEqual({ type: 'on-hold', since: '2026-06-01' })
  })
})

describe('schedule: newsletters (DESIGN §4.4, exhaustive)', () => {
  it('gives 12, monthly, inside the plan year, for every enrollment 2020–2040 and every day of month', () => {
    const spec: ContactSpec = { calendarSet: 'us', timeZone: 'UTC', dates: [], teams: [], refused: [] }
    const { contact, enrollment } = enrolled(spec, 'n', '2020-01-01' as CalendarDate)
    const failures: string[] = []
    for (let dom = 1; dom <= 31; dom++) {
      const plan: PlanDefinition = {
        id: 'n',
        name: 'newsletters',
        audience: 'all',
        period: { unit: 'year' },
        renews: true,
        steps: [{ id: 'newsletter', kind: 'newsletter', channel: 'mail', performedBy: 'sent', timing: { rule: 'monthly', dayOfMonth: dom, count: 12 } }],
      }
      for (let n = toDayNumber('2020-01-01' as CalendarDate); n <= toDayNumber('2040-12-31' as CalendarDate); n++) {
        const start = new Date(n * 86_400_000).toISOString().slice(0, 10) as CalendarDate
        const s = schedule(plan, { ...enrollment, startDate: start }, contact)
        const y = s.planYears[0]!
        const dues = s.touches.map((t) => t.due)
        const ok =
          dues.length === 12 &&
          dues.every((d) => d >= y.start && d <= y.end) &&
          new Set(dues.map((d) => d.slice(0, 7))).size === 12 &&
          dues.slice(0, 11).every((d) => Number(d.slice(8)) === Math.min(dom, new Date(Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)), 0)).getUTCDate()))
        if (!ok && failures.length < 5) failures.push(`${start} day ${dom}: ${dues.join(' ')}`)
      }
    }
    expect(failures).toEqual([])
  }, 120_000)
})
