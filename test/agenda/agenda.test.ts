import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { SCHEMA_VERSIONS, type RelationshipEvent } from '../../src/events/index.js'
import * as E from 'fp-ts/lib/Either.js'
import { AGENDA_MAX_DAYS, agendaIndex, digest, foldEvents, mergeAgendas, touchStatus, type NetworkState } from '../../src/index.js'
import { arbitraryEventStream } from '../../src/testing/index.js'
import { agendaOn, contactAgendaOn } from '../support/agenda.js'
import { runs } from '../support/runs.js'

let n = 0
const e = (contactId: string, type: RelationshipEvent['type'], payload: Record<string, unknown> = {}, at = '2026-01-01T09:00:00Z'): RelationshipEvent =>
  ({ id: `a${n++}`, type, at, schema: SCHEMA_VERSIONS[type], contactId, ...payload }) as unknown as RelationshipEvent
const contact = (id: string, extra: Record<string, unknown> = {}) => e(id, 'ContactAdded', { name: `Name ${id}`, met: true, calendarSet: 'us', timeZone: 'America/New_York', ...extra })
const enroll = (id: string, planId: string, startDate = '2026-01-01', enrollmentId = `${id}-${planId}`) => e(id, 'PlanEnrolled', { enrollmentId, planId, startDate })
const at = (iso: string) => new Date(iso)

describe('agenda', () => {
  const base = [contact('c1'), enroll('c1', 'client-for-life-33')]

  it('lists overdue, due and upcoming touches within the horizon, with their contact, plan and anchor', () => {
    const a = agendaOn(foldEvents(base), { now: at('2026-01-22T15:00:00Z'), horizonDays: 7 })
    expect(a.items.map((i) => [i.due, i.touch.touchKey, i.status, i.daysOverdue])).toEqual([
      ['2026-01-01', '0/newsletter/1', 'overdue', 21],
      ['2026-01-22', '0/call/1', 'due', 0],
      ['2026-01-26', '0/great-talking-letter/1', 'upcoming', -4],
    ])
    const call = a.items[1]!
    expect(call).toMatchObject({ contactId: 'c1', contactName: 'Name c1', touch: { planId: 'client-for-life-33', enrollmentId: 'c1-client-for-life-33', messages: ['referral-reminder', 'value-proposition'] } })
    // Calls are due inside the contact's local daytime: 09:00–18:00 in New York.
    expect(call.window).toEqual({ from: '2026-01-22T14:00:00.000Z', to: '2026-01-22T23:00:00.000Z' })
    expect(a.missingDates).toEqual([{ contactId: 'c1', contactName: 'Name c1', enrollmentId: 'c1-client-for-life-33', fallbackCards: 4, withoutDay: [] }])
  })

  it('counts, per contact, the overdue touches older than the lookback — with its name and assignee, in contact-id order', () => {
    const s = foldEvents([contact('c2'), enroll('c2', 'client-for-life-33'), e('c2', 'LeadAssigned', { assignee: 'agent-7' }), ...base])
    const now = at('2026-06-15T15:00:00Z')
    const a = agendaOn(s, { now, horizonDays: 7, lookbackDays: 30 })
    // Listed from 2026-05-16 (30 days back, New York); anything overdue before that is counted.
    const all = agendaOn(s, { now, horizonDays: 7, lookbackDays: 400 })
    const older = all.items.filter((i) => i.contactId === 'c1' && i.due < '2026-05-16')
    // Newsletters 1–5, calls 1 and 2, the letter after call 1, the Valentine's and Easter cards, the first fallback card, the first give-away.
    expect(older.length).toBe(12)
    expect(a.olderOverdue).toEqual([
      { contactId: 'c1', contactName: 'Name c1', count: older.length },
      { contactId: 'c2', contactName: 'Name c2', assignee: 'agent-7', count: older.length },
    ])
    expect(a.items.every((i) => i.due >= '2026-05-16')).toBe(true)
    // The default lookback (60 days) lists May 1's newsletter: eleven are counted.
    expect(agendaOn(s, { now, horizonDays: 7 }).olderOverdue.map((o) => o.count)).toEqual([11, 11])
  })

  it('uses the contact’s own date: late evening in New York is still yesterday there', () => {
    const a = agendaOn(foldEvents(base), { now: at('2026-01-22T03:00:00Z'), horizonDays: 0 })
    expect(a.items.find((i) => i.touch.touchKey === '0/call/1')).toBeUndefined()
    const riyadh = agendaOn(foldEvents([contact('c2', { timeZone: 'Asia/Riyadh' }), enroll('c2', 'client-for-life-33')]), {
      now: at('2026-01-22T03:00:00Z'),
      horizonDays: 0,
    })
    expect(riyadh.items.find((i) => i.touch.touchKey === '0/call/1')?.status).toBe('due')
  })

  it('keeps a call window in local daytime across a DST change', () => {
    const s = foldEvents([contact('c1'), enroll('c1', 'client-for-life-33', '2026-02-15')])
    // Call 1 of a plan starting Feb 15 falls on plan day 21: Sunday March 8, the day US clocks change — moved to Friday March 6.
    const a = agendaOn(s, { now: at('2026-03-01T12:00:00Z'), horizonDays: 14 })
    const call = a.items.find((i) => i.touch.touchKey === '0/call/1')!
    expect(call.due).toBe('2026-03-06')
    expect(call.window).toEqual({ from: '2026-03-06T14:00:00.000Z', to: '2026-03-06T23:00:00.000Z' })
    const later = foldEvents([contact('c3'), enroll('c3', 'client-for-life-33', '2026-02-19')])
    const w = agendaOn(later, { now: at('2026-03-10T12:00:00Z'), horizonDays: 14 }).items.find((i) => i.touch.touchKey === '0/call/1')!
    expect(w.due).toBe('2026-03-12')
    expect(w.window).toEqual({ from: '2026-03-12T13:00:00.000Z', to: '2026-03-12T22:00:00.000Z' })
  })

  it('drops done and skipped touches, and says why blocked ones will not go out', () => {
    const s = foldEvents([
      ...base,
      e('c1', 'TouchCompleted', { enrollmentId: 'c1-client-for-life-33', touchKey: '0/newsletter/1', kind: 'newsletter', channel: 'mail', on: '2026-01-02' }),
      e('c1', 'ConsentChanged', { channel: 'phone', doNotContact: true }),
    ])
    const a = agendaOn(s, { now: at('2026-01-22T15:00:00Z'), horizonDays: 7 })
    expect(a.items.map((i) => i.touch.touchKey)).toEqual(['0/great-talking-letter/1'])
    expect(a.blocked.map((i) => i.touch.touchKey)).toEqual(['0/call/1'])
  })

  it('proposes graduation after week 8 of the 8x8, done or not', () => {
    const s = foldEvents([contact('c1'), enroll('c1', '8x8')])
    expect(agendaOn(s, { now: at('2026-02-19T15:00:00Z') }).graduations).toEqual([])
    expect(agendaOn(s, { now: at('2026-02-20T15:00:00Z') }).graduations).toEqual([
      { contactId: 'c1', contactName: 'Name c1', enrollmentId: 'c1-8x8', fromPlanId: '8x8', toPlanId: 'client-for-life-33', after: '2026-02-19' },
    ])
  })

  it('says which contacts lack dates, and which dates cannot anchor a card', () => {
    const s = foldEvents([
      ...base,
      e('c1', 'PersonalDateRecorded', { kind: 'birthday', date: '--05-05' }),
      e('c1', 'PersonalDateRecorded', { kind: 'graduation', date: '2031-06', label: 'Sam' }),
    ])
    expect(agendaOn(s, { now: at('2026-01-22T15:00:00Z') }).missingDates).toEqual([
      { contactId: 'c1', contactName: 'Name c1', enrollmentId: 'c1-client-for-life-33', fallbackCards: 3, withoutDay: [{ kind: 'graduation', label: 'Sam' }] },
    ])
  })

  it('resets cadences on contact: any touch of the right kind, planned or logged', () => {
    const ally = [contact('al', { timeZone: 'UTC' }), enroll('al', 'ally-cadence')]
    const before = agendaOn(foldEvents(ally), { now: at('2026-04-10T12:00:00Z') }).cadences
    expect(before).toMatchObject([{ contactId: 'al', cadenceId: 'meeting', dueOn: '2026-04-02', overdueAfter: '2026-05-01', status: 'due' }])
    expect(agendaOn(foldEvents(ally), { now: at('2026-05-02T12:00:00Z') }).cadences[0]?.status).toBe('overdue')
    const met = foldEvents([...ally, e('al', 'TouchLogged', { kind: 'meeting', channel: 'in-person', on: '2026-04-12' })])
    expect(agendaOn(met, { now: at('2026-04-20T12:00:00Z'), horizonDays: 7 }).cadences).toEqual([])
    expect(agendaOn(met, { now: at('2026-07-13T12:00:00Z') }).cadences).toMatchObject([{ lastTouch: '2026-04-12', dueOn: '2026-07-12', status: 'due' }])
  })

  it('flags referrals not contacted within 24 hours', () => {
    const s = foldEvents([
      contact('ref'),
      contact('lead'),
      e('ref', 'ReferralReceived', { referralId: 'r1', refereeId: 'lead' }, '2026-01-22T10:00:00Z'),
    ])
    expect(agendaOn(s, { now: at('2026-01-23T09:00:00Z') }).referralDeadlines).toMatchObject([{ referralId: 'r1', deadline: '2026-01-23T10:00:00.000Z', overdue: false }])
    expect(agendaOn(s, { now: at('2026-01-23T11:00:00Z') }).referralDeadlines).toMatchObject([{ referralId: 'r1', overdue: true }])
  })

  it('shows nothing for an erased contact', () => {
    const s = foldEvents([...base, e('c1', 'ContactErased')])
    const a = agendaOn(s, { now: at('2026-01-22T15:00:00Z') })
    expect([a.items, a.blocked, a.missingDates, a.cadences]).toEqual([[], [], [], []])
  })

  it('groups as a digest per team member per day, overdue on the first day', () => {
    const s = foldEvents([...base, e('c1', 'LeadAssigned', { assignee: 'agent-7' }), contact('c2'), enroll('c2', 'client-for-life-33')])
    const d = digest(agendaOn(s, { now: at('2026-01-22T15:00:00Z'), horizonDays: 7 }), '2026-01-22')
    expect(d.map((g) => [g.assignee, g.date, g.items.map((i) => `${i.contactId} ${i.touch.touchKey}`)])).toEqual([
      ['agent-7', '2026-01-22', ['c1 0/newsletter/1', 'c1 0/call/1']],
      ['agent-7', '2026-01-26', ['c1 0/great-talking-letter/1']],
      ['unassigned', '2026-01-22', ['c2 0/newsletter/1', 'c2 0/call/1']],
      ['unassigned', '2026-01-26', ['c2 0/great-talking-letter/1']],
    ])
  })

  it('never throws, never shows a refused channel as due, and honours erasure, for any stream and any day', () => {
    fc.assert(
      fc.property(
        arbitraryEventStream({ maxEvents: 120, maxContacts: 5 }),
        fc.date({ min: new Date('2024-06-01T00:00:00Z'), max: new Date('2028-01-01T00:00:00Z'), noInvalidDate: true }),
        (events, now) => {
          const state: NetworkState = foldEvents(events)
          const a = agendaOn(state, { now, horizonDays: 30 })
          for (const item of a.items) {
            const c = state.contacts.get(item.contactId)!
            expect(c.erased).toBe(false)
            expect(c.consent.refused.includes(item.touch.channel)).toBe(false)
            expect(touchStatus(item.touch, item.due)).not.toBe('blocked')
          }
          for (const b of a.blocked) expect(state.contacts.get(b.contactId)!.consent.refused.includes(b.touch.channel)).toBe(true)
          const erased = new Set([...state.contacts.values()].filter((c) => c.erased).map((c) => c.id))
          for (const x of [...a.items, ...a.blocked, ...a.cadences, ...a.graduations, ...a.missingDates]) expect(erased.has(x.contactId)).toBe(false)
        },
      ),
      { numRuns: runs(200) },
    )
  })

  it('is the merge of every contact’s own agenda', () => {
    fc.assert(
      fc.property(
        arbitraryEventStream({ maxEvents: 120, maxContacts: 5 }),
        fc.date({ min: new Date('2024-06-01T00:00:00Z'), max: new Date('2028-01-01T00:00:00Z'), noInvalidDate: true }),
        (events, now) => {
          const state = foldEvents(events)
          const whole = agendaOn(state, { now, horizonDays: 30 })
          const parts = [...state.contacts.keys()].map((id) => contactAgendaOn(state, id, { now, horizonDays: 30 }))
          expect(mergeAgendas(now, parts)).toEqual(whole)
        },
      ),
      { numRuns: runs(200) },
    )
  })

  it('merges parts larger than a call’s arguments can carry (a network’s agenda at 100,000 contacts)', () => {
    // A spread (`push(...items)`) overflows the stack past about 120,000 items: this part has 250,000.
    const now = new Date('2026-01-20T09:00:00Z')
    const one = agendaOn(foldEvents([contact('c1'), enroll('c1', 'client-for-life-33')]), { now, horizonDays: 30 })
    const item = one.items[0]!
    const n = 250_000
    const big = { ...one, items: Array.from({ length: n }, (_, k) => ({ ...item, contactId: `c${String(n - k).padStart(6, '0')}` })) }
    const merged = mergeAgendas(now, [big, one])
    expect(merged.items).toHaveLength(n + one.items.length)
    expect(merged.items[0]).toEqual({ ...item, contactId: 'c000001' })
    expect(merged.items.filter((i) => i.contactId === 'c1')).toEqual(one.items)
  })

  it('keeps call windows in daytime whatever the options say, and reads bad numbers as defaults', () => {
    const s = foldEvents([contact('c1'), enroll('c1', 'client-for-life-33')])
    const at = (q: { start: `${number}:${number}`; end: `${number}:${number}` }) =>
      agendaOn(s, { now: new Date('2026-01-22T15:00:00Z'), horizonDays: 0, quietHours: q }).items.find((i) => i.touch.touchKey === '0/call/1')?.window
    expect(at({ start: '10:30', end: '16:00' })).toEqual({ from: '2026-01-22T15:30:00.000Z', to: '2026-01-22T21:00:00.000Z' })
    // An overnight or impossible window falls back to 09:00–18:00.
    for (const bad of [{ start: '21:00', end: '08:00' }, { start: '25:00', end: '99:99' }] as const) {
      expect(at(bad)).toEqual({ from: '2026-01-22T14:00:00.000Z', to: '2026-01-22T23:00:00.000Z' })
    }
    const nan = agendaOn(s, { now: new Date('2026-01-22T15:00:00Z'), horizonDays: Number.NaN, lookbackDays: Number.NaN })
    expect(nan.items.map((i) => i.touch.touchKey)).toEqual(agendaOn(s, { now: new Date('2026-01-22T15:00:00Z') }).items.map((i) => i.touch.touchKey))
  })

  it('reads a horizon or lookback past ten years as ten years: a longer one never lists less, and "everything" is the longest', () => {
    const s = foldEvents([contact('c1'), enroll('c1', 'client-for-life-33', '2016-01-01')])
    const now = new Date('2026-01-22T15:00:00Z')
    const keys = (o: { horizonDays?: number; lookbackDays?: number }) => agendaOn(s, { now, ...o }).items.map((i) => `${i.due} ${i.touch.touchKey}`)
    const longest = keys({ horizonDays: AGENDA_MAX_DAYS, lookbackDays: AGENDA_MAX_DAYS })
    // 3,660 days back and ahead of 2026-01-22 (New York): 2016-01-14 to 2036-01-30.
    expect([longest[0]?.slice(0, 10), longest.at(-1)?.slice(0, 10)]).toEqual(['2016-01-22', '2036-01-25'])
    for (const huge of [AGENDA_MAX_DAYS + 1, 2_900_000, 3_000_000, 1e9, Number.MAX_SAFE_INTEGER, Number.POSITIVE_INFINITY]) {
      expect(keys({ horizonDays: huge, lookbackDays: huge })).toEqual(longest)
    }
    let before = 0
    for (const h of [0, 14, 365, 1000, AGENDA_MAX_DAYS, 1e7]) {
      const n = keys({ horizonDays: h }).length
      expect(n).toBeGreaterThanOrEqual(before)
      before = n
    }
    // And the index's coverage: at most ten years, a valid date.
    const index = agendaIndex(s, { now, coverDays: 1e7 })
    expect(E.isRight(index) && index.right.coveredThrough).toBe('2036-01-31')
  })
})
