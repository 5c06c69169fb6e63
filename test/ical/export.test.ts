import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { addDays, type CalendarDate } from '../../src/core/calendar-date.js'
import { agenda, builtInPlans, foldEvents, label, schedule, type PlannedTouch, type RelationshipEvent, type Schedule } from '../../src/index.js'
import { agendaToICalendar, scheduleToICalendar, touchUid } from '../../src/ical/index.js'
import { OPTIONS, STAMP, contactOf, ev, lineFaults, read, right, salma, scheduleOf, unfold, type ReadEvent } from './support.js'

const exportOf = (s: Schedule | readonly Schedule[], more: Record<string, unknown> = {}): string =>
  right(scheduleToICalendar(s, { ...OPTIONS, contactName: 'Salma Haddad', ...more }))

const byUid = (events: readonly ReadEvent[]): Map<string, ReadEvent> => new Map(events.map((e) => [e.uid, e]))
const uidOf = (t: PlannedTouch): string => touchUid('crm.example.com', t.contactId, t.enrollmentId, t.touchKey)

describe('scheduleToICalendar', () => {
  it('writes one all-day event per planned touch, on its due date, as the schedule says', () => {
    const s = scheduleOf(salma())
    const { name, events } = read(exportOf(s))
    expect(name).toBe(`${label('en', 'plans', 'client-for-life-33')} — Salma Haddad`)
    expect(events.length).toBe(s.touches.length)
    expect(events.map((e) => [e.uid, e.start, e.allDay, e.end, e.sequence, e.status, e.summary, e.stamp])).toEqual(
      s.touches.map((t) => [uidOf(t), t.due, true, addDays(t.due, 1), 0, 'CONFIRMED', `${label('en', 'touchKinds', t.kind)} — Salma Haddad`, '2026-01-02T08:30:00Z']),
    )
    expect(events.map((e) => e.uid)).toContain('c-salma/en-salma/0/observance-card/custom%3AShop%20opening@crm.example.com')
    expect(new Set(events.map((e) => e.uid)).size).toBe(events.length)
  })

  it('writes DTSTART as a DATE value and the DTSTAMP it is given, whatever the time zone of the machine', () => {
    const text = exportOf(scheduleOf(salma()))
    expect(text).toMatch(/\r\nDTSTART;VALUE=DATE:2026\d{4}\r\n/)
    expect(text).not.toMatch(/DTSTART:/)
    expect([...text.matchAll(/\r\nDTSTAMP:(.*)\r\n/g)].every((m) => m[1] === '20260102T083000Z')).toBe(true)
  })

  it('describes each touch in the locale: channel and step, anchor, item, messages', () => {
    const s = scheduleOf(salma())
    for (const locale of ['en', 'ar'] as const) {
      const events = byUid(read(exportOf(s, { locale })).events)
      const birthday = s.touches.find((t) => t.touchKey === '0/observance-card/birthday')!
      const e = events.get(uidOf(birthday))!
      expect(e.summary).toBe(`${label(locale, 'touchKinds', birthday.kind)} — Salma Haddad`)
      expect(e.description.split('\n')).toEqual([
        `${label(locale, 'channels', birthday.channel)} · ${label(locale, 'planSteps', birthday.stepId)}`,
        label(locale, 'personalDateKinds', 'birthday'),
        ...birthday.messages.map((m) => label(locale, 'messages', m)),
      ])
      if (locale === 'ar') expect(e.summary).toMatch(/^[\u0600-\u06FF]/)
    }
  })

  it('keeps every UID and raises SEQUENCE on exactly the touches a pause moved', () => {
    const start = salma()
    const paused = [...start, ev('PlanPaused', { enrollmentId: 'en-salma', from: '2026-03-02' })]
    const resumed = [...paused, ev('PlanResumed', { enrollmentId: 'en-salma', on: '2026-03-16' })]
    const before = byUid(read(exportOf(scheduleOf(start))).events)
    const after = read(exportOf(scheduleOf(resumed))).events
    expect(after.map((e) => e.uid).sort()).toEqual([...before.keys()].sort())
    const moved = after.filter((e) => e.start !== before.get(e.uid)!.start)
    expect(moved.length).toBeGreaterThan(10)
    for (const e of after) {
      const was = before.get(e.uid)!
      expect([e.uid, e.sequence]).toEqual([e.uid, was.sequence + (e.start === was.start ? 0 : 1)])
    }
    // The birthday card fell inside the pause: it moves to the resume date.
    expect(after.find((e) => e.uid.endsWith('/0/observance-card/birthday@crm.example.com'))).toMatchObject({ start: '2026-03-16', sequence: 1 })
  })

  it('keeps every UID and raises SEQUENCE on the one touch a reschedule moved, once per reschedule', () => {
    const start = salma()
    const once = [...start, ev('TouchRescheduled', { enrollmentId: 'en-salma', touchKey: '0/call/2', to: '2026-04-08' })]
    const twice = [...once, ev('TouchRescheduled', { enrollmentId: 'en-salma', touchKey: '0/call/2', to: '2026-04-09' })]
    const [a, b, c] = [start, once, twice].map((events) => byUid(read(exportOf(scheduleOf(events))).events))
    const call = 'c-salma/en-salma/0/call/2@crm.example.com'
    expect([...b!.keys()].sort()).toEqual([...a!.keys()].sort())
    expect([...c!.keys()].sort()).toEqual([...a!.keys()].sort())
    expect([a!.get(call)?.sequence, b!.get(call)?.sequence, c!.get(call)?.sequence]).toEqual([0, 1, 2])
    expect([b!.get(call)?.start, c!.get(call)?.start]).toEqual(['2026-04-08', '2026-04-09'])
    const others = (m: Map<string, ReadEvent>) => [...m.values()].filter((e) => e.uid !== call).map((e) => [e.uid, e.start, e.sequence])
    expect(others(c!)).toEqual(others(a!))
  })

  it('marks a skipped touch and one on a refused channel CANCELLED, one on hold TENTATIVE, a done one CONFIRMED', () => {
    const events = [
      ...salma(),
      ev('TouchSkipped', { enrollmentId: 'en-salma', touchKey: '0/call/1', reason: 'travelling' }),
      ev('TouchCompleted', { enrollmentId: 'en-salma', touchKey: '0/newsletter/1', kind: 'newsletter', channel: 'mail', on: '2026-01-01' }),
      ev('ConsentChanged', { channel: 'email', doNotContact: true }),
      ev('ConsentChanged', { channel: 'phone', doNotContact: true }),
      ev('PlanPaused', { enrollmentId: 'en-salma', from: '2026-06-01' }),
    ]
    const s = scheduleOf(events)
    const read1 = byUid(read(exportOf(s)).events)
    const status = (key: string) => read1.get(`c-salma/en-salma/${key}@crm.example.com`)
    expect(status('0/call/1')).toMatchObject({ status: 'CANCELLED', sequence: 0 })
    expect(status('0/call/1')?.description).toContain('skipped: travelling')
    expect(status('0/newsletter/1')?.status).toBe('CONFIRMED')
    expect(status('0/call/2')?.status).toBe('CANCELLED') // the phone is refused
    for (const t of s.touches) {
      const expected = t.outcome?.status === 'skipped' || (t.blocked && t.outcome?.status !== 'done') ? 'CANCELLED' : t.onHold ? 'TENTATIVE' : 'CONFIRMED'
      expect([t.touchKey, read1.get(uidOf(t))?.status]).toEqual([t.touchKey, expected])
    }
    const held = s.touches.filter((t) => t.onHold && !t.blocked && t.outcome === undefined)
    expect(held.length).toBeGreaterThan(5)
    expect(read1.get(uidOf(held[0]!))?.description).toContain('on hold since June 1, 2026')
  })

  it('leaves out the touches a cancelled enrollment will not make', () => {
    const events = [...salma(), { ...ev('PlanCancelled', { enrollmentId: 'en-salma' }), at: '2026-04-01T12:00:00Z' } as RelationshipEvent]
    const s = scheduleOf(events)
    const all = scheduleOf(salma())
    const uids = read(exportOf(s)).events.map((e) => e.uid)
    expect(uids).toEqual(s.touches.map(uidOf))
    expect(uids.length).toBeLessThan(all.touches.length)
    expect(s.touches.every((t) => t.due <= '2026-04-01')).toBe(true)
  })

  it('with names: initials or none, keeps the name (and the contact’s own words) out, and every UID the same', () => {
    const events = [
      ...salma('Salma Haddad'),
      ev('TouchSkipped', { enrollmentId: 'en-salma', touchKey: '0/call/1', reason: 'at Salma’s sister' }),
      ev('PlanEnrolled', { enrollmentId: 'en-adv', planId: 'advocate-appreciation-33', startDate: '2026-01-01' }),
    ]
    const contact = contactOf(foldEvents(events))
    const both = [scheduleOf(events), schedule(builtInPlans['advocate-appreciation-33'], contact.plans.enrollments[1]!, contact)]
    const touches = both.flatMap((x) => x.touches)
    const full = exportOf(both)
    expect(unfold(full)).toContain('Shop opening')
    expect(unfold(full)).toContain('Arsenal')
    expect(unfold(full)).toContain('c-salma/en-adv/0/team-season-schedule/Arsenal@crm.example.com')
    const plans = `${label('en', 'plans', 'client-for-life-33')} · ${label('en', 'plans', 'advocate-appreciation-33')}`
    expect(read(full).name).toBe(`${plans} — Salma Haddad`)
    for (const [names, shown] of [
      ['initials', ' — S. H.'],
      ['none', ''],
    ] as const) {
      const text = exportOf(both, { names })
      const { name, events: read1 } = read(text)
      // Out of the text, but in the UIDs (which never change with `names`): the interest's name.
      for (const word of ['Salma', 'Haddad', 'Shop opening', 'sister']) expect(unfold(text)).not.toContain(word)
      expect(read1.filter((e) => e.description.includes('Arsenal') || e.summary.includes('Arsenal'))).toEqual([])
      expect(read1.map((e) => e.summary)).toEqual(touches.map((t) => `${label('en', 'touchKinds', t.kind)}${shown}`))
      expect(name).toBe(`${plans}${shown}`)
      expect(read1.map((e) => e.uid)).toEqual(read(full).events.map((e) => e.uid))
    }
    expect(read(exportOf(scheduleOf(salma('سلمى حداد')), { names: 'initials', contactName: 'سلمى حداد' })).events[0]?.summary).toMatch(/ — س\. ح\.$/)
  })

  it('takes several schedules of one contact; refuses schedules of several', () => {
    const two = scheduleOf(salma(), 'c-salma', 2)
    const one = scheduleOf(salma(), 'c-salma', 1)
    // A touch given twice is written once.
    expect(read(exportOf([one, two])).events.length).toBe(two.touches.length)
    const other = { ...one, contactId: 'c-other', touches: one.touches.map((t) => ({ ...t, contactId: 'c-other' })) }
    const r = scheduleToICalendar([one, other], OPTIONS)
    expect(E.isLeft(r) && r.left).toMatchObject({ code: 'schedules-of-several-contacts', params: { contactIds: ['c-other', 'c-salma'] } })
  })

  it('writes the calendar name it is given, and a refresh interval', () => {
    const text = exportOf(scheduleOf(salma()), { calendarName: 'Salma, "VIP"; a\\b', refreshSeconds: 3600 })
    expect(read(text).name).toBe('Salma, "VIP"; a\\b')
    expect(text).toContain('\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n')
    expect(text).toContain('\r\nX-PUBLISHED-TTL:PT1H\r\n')
  })

  it('gives the same text for the same schedule and stamp (nothing read from a clock)', () => {
    const s = scheduleOf(salma())
    expect(exportOf(s)).toBe(exportOf(s))
    expect(exportOf(s)).not.toBe(right(scheduleToICalendar(s, { ...OPTIONS, stamp: new Date(STAMP.getTime() + 1000), contactName: 'Salma Haddad' })))
  })
})

describe('lines', () => {
  it('end with CRLF, the last one too; hold at most 75 octets; never split a UTF-8 sequence', () => {
    const arabic = 'سلمى بنت عبد الرحمن الحدّاد، "أمّ خالد"; مديرة \\ المبيعات\nفي الرياض 🌙👩🏽‍💼'
    for (const locale of ['en', 'ar'] as const) {
      const text = right(scheduleToICalendar(scheduleOf(salma(arabic)), { ...OPTIONS, locale, contactName: arabic, calendarName: arabic.repeat(3) }))
      expect(lineFaults(text)).toEqual([])
      expect(text.split('\r\n').some((l) => l.startsWith(' '))).toBe(true) // some lines were folded
      expect(read(text).events.every((e) => e.summary.endsWith(` — ${arabic}`))).toBe(true)
      expect(read(text).name).toBe(arabic.repeat(3))
    }
  })

  it('are seen to fail when they should: the check finds a long line, a bare LF, a split surrogate pair and a missing last CRLF', () => {
    expect(lineFaults(`BEGIN:VCALENDAR\r\n${'X'.repeat(76)}\r\n`)).toHaveLength(1)
    expect(lineFaults('BEGIN:VCALENDAR\nEND:VCALENDAR\r\n')).toHaveLength(1)
    expect(lineFaults('SUMMARY:\uD83C\r\n \uDF19\r\n')).toHaveLength(2)
    expect(lineFaults('A:\u00e9\r\nEND:VCALENDAR')).toEqual(['the last line does not end with CRLF', 'text after the last CRLF'])
    expect(lineFaults('A:\u00e9\r\nEND:VCALENDAR\r\n')).toEqual([])
  })

  it('drop control characters a calendar cannot hold, and write CR and CRLF line breaks as one line break', () => {
    const name = 'Salma\u0007 \u001b[31mHaddad\r\nSecond\rThird'
    const text = right(scheduleToICalendar(scheduleOf(salma()), { ...OPTIONS, contactName: name }))
    expect(lineFaults(text)).toEqual([])
    expect(read(text).events[0]?.summary.endsWith(' — Salma [31mHaddad\nSecond\nThird')).toBe(true)
  })
})

describe('agendaToICalendar', () => {
  it('writes the agenda’s touches, with the schedule’s UIDs and SEQUENCE, each with its contact’s name; blocked ones CANCELLED', () => {
    const events = [
      ...salma(),
      ev('ContactAdded', { name: 'Omar; "the builder", Jr.', met: true, calendarSet: 'sa', timeZone: 'Asia/Riyadh' }, 'c-omar'),
      ev('ConsentChanged', { channel: 'phone', doNotContact: true }, 'c-omar'),
      ev('PlanEnrolled', { enrollmentId: 'en-omar', planId: 'client-for-life-33', startDate: '2026-01-05' }, 'c-omar'),
      ev('TouchRescheduled', { enrollmentId: 'en-salma', touchKey: '0/call/1', to: '2026-01-27' }),
    ]
    const today = right(agenda(foldEvents(events), { now: new Date('2026-01-20T12:00:00Z'), horizonDays: 30 }))
    expect(today.blocked.length).toBeGreaterThan(0)
    const text = right(agendaToICalendar(today, { ...OPTIONS, locale: 'ar' }))
    expect(lineFaults(text)).toEqual([])
    const { name, events: read1 } = read(text)
    expect(name).toBe('جدول الأعمال')
    const items = [...today.items, ...today.blocked]
    expect(read1.map((e) => e.uid).sort()).toEqual(items.map((i) => uidOf(i.touch)).sort())
    const got = byUid(read1)
    for (const i of items) {
      expect(got.get(uidOf(i.touch))).toMatchObject({
        start: i.due,
        allDay: true,
        sequence: i.touch.revision,
        status: i.touch.blocked ? 'CANCELLED' : 'CONFIRMED',
        summary: `${label('ar', 'touchKinds', i.touch.kind)} — ${i.contactName}`,
      })
    }
    expect(got.get('c-salma/en-salma/0/call/1@crm.example.com')?.sequence).toBe(1)
    // The same touch has the same UID in a contact's calendar and in the agenda's.
    const own = read(exportOf(scheduleOf(events))).events.map((e) => e.uid)
    expect(read1.filter((e) => e.uid.startsWith('c-salma/')).every((e) => own.includes(e.uid))).toBe(true)
  })

  it('with names: none, names no one', () => {
    const today = right(agenda(foldEvents(salma()), { now: new Date('2026-01-20T12:00:00Z'), horizonDays: 30 }))
    const text = right(agendaToICalendar(today, { ...OPTIONS, names: 'none' }))
    expect(text).not.toContain('Salma')
    expect(read(text).events.map((e) => e.summary)).toEqual([...today.items].sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : a.touch.touchKey < b.touch.touchKey ? -1 : 1)).map((i) => label('en', 'touchKinds', i.touch.kind)))
  })
})

describe('the date of an all-day event', () => {
  it('is the due date in any time zone of the machine (the dates are written from UTC)', () => {
    const s = scheduleOf(salma())
    const t = { ...s.touches[0]!, due: '2026-12-31' as CalendarDate }
    const text = right(scheduleToICalendar({ ...s, touches: [t] }, OPTIONS))
    expect(read(text).events[0]).toMatchObject({ start: '2026-12-31', end: '2027-01-01' })
  })
})
