import { describe, expect, it } from 'vitest'
import type { CalendarDate } from '../../src/core/calendar-date.js'
import { builtInPlans, schedule, touchKeyFor } from '../../src/plans/index.js'
import { enrolled, type ContactSpec } from './support.js'

// Stored `TouchCompleted`, `TouchSkipped` and `TouchRescheduled` events name touches by these
// keys: a refactoring of `schedule` must never change one. Pinned from the schedule as it was
// before touch keys were built by one function, for a contact that has every kind of key —
// numbered steps, holidays, a Feb 29 birthday, a labelled custom date, fallback cards, a team
// and an after-step anchor — over two plan years from a Feb 28 enrollment.
const spec: ContactSpec = {
  calendarSet: 'sa',
  timeZone: 'Asia/Riyadh',
  dates: [
    { kind: 'birthday', date: '--02-29' },
    { kind: 'custom', date: '--05-20', label: 'Shop opening' },
    { kind: 'graduation', date: '2031-06' },
  ],
  teams: [{ name: 'Hilal', seasonStart: '--08-20' }, { name: 'Arsenal' }],
  refused: [],
}

const YEAR = (k: number): string[] => [
  `${k}/call/1`,
  `${k}/call/2`,
  `${k}/call/3`,
  `${k}/call/4`,
  `${k}/call/5`,
  `${k}/give-away/1`,
  `${k}/give-away/2`,
  `${k}/great-talking-letter/1 after ${k}/call/1`,
  `${k}/great-talking-letter/3 after ${k}/call/3`,
  `${k}/great-talking-letter/5 after ${k}/call/5`,
  `${k}/holiday-card/sa-eid-al-adha`,
  `${k}/holiday-card/sa-eid-al-fitr`,
  `${k}/holiday-card/sa-founding-day`,
  `${k}/holiday-card/sa-hijri-new-year`,
  `${k}/holiday-card/sa-national-day`,
  `${k}/holiday-card/sa-new-year`,
  `${k}/holiday-card/sa-ramadan`,
  `${k}/inspirational-card/1`,
  `${k}/inspirational-card/2`,
  `${k}/inspirational-card/3`,
  `${k}/inspirational-card/4`,
  `${k}/new-year-calendar/1`,
  ...[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((n) => `${k}/newsletter/${n}`),
  `${k}/observance-card/birthday`,
  `${k}/observance-card/custom:Shop opening`,
  `${k}/observance-card/fallback-1`,
  `${k}/observance-card/fallback-2`,
  `${k}/school-calendar/1`,
  `${k}/team-season-schedule/Hilal`,
]

describe('touch keys (stored events reference them)', () => {
  it('are what they were for a known contact and two plan years of Advocate Appreciation', () => {
    const { contact, enrollment } = enrolled(spec, 'advocate-appreciation-33', '2027-02-28' as CalendarDate)
    const s = schedule(builtInPlans['advocate-appreciation-33'], enrollment, contact, { years: 2 })
    const keys = s.touches.map((t) => (t.anchor.type === 'after' ? `${t.touchKey} after ${t.anchor.touchKey}` : t.touchKey))
    expect(keys.sort()).toEqual([...YEAR(0), ...YEAR(1)].sort())
  })

  it('are what they were for the 8x8', () => {
    const { contact, enrollment } = enrolled(spec, '8x8', '2027-02-28' as CalendarDate)
    expect(schedule(builtInPlans['8x8'], enrollment, contact).touches.map((t) => t.touchKey)).toEqual(
      [1, 2, 3, 4, 5, 6, 7, 8].map((n) => `0/week-${n}/1`),
    )
  })
})

describe('touchKeyFor', () => {
  it('writes each kind of occurrence as the keys above have it', () => {
    expect(touchKeyFor(0, 'call', { type: 'nth', n: 3 })).toBe('0/call/3')
    expect(touchKeyFor(2, 'holiday-card', { type: 'holiday', holidayId: 'us-easter' })).toBe('2/holiday-card/us-easter')
    expect(touchKeyFor(0, 'observance-card', { type: 'personal-date', kind: 'birthday' })).toBe('0/observance-card/birthday')
    expect(touchKeyFor(1, 'observance-card', { type: 'personal-date', kind: 'custom', label: 'Shop opening' })).toBe('1/observance-card/custom:Shop opening')
    expect(touchKeyFor(0, 'observance-card', { type: 'fallback', slot: 2 })).toBe('0/observance-card/fallback-2')
    expect(touchKeyFor(0, 'team-season-schedule', { type: 'interest', name: 'Arsenal' })).toBe('0/team-season-schedule/Arsenal')
  })
})
