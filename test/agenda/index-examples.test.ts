/**
 * The agenda index on known days: what it shows for a contact on the 33-touch year, across
 * zones, past its coverage, for a touch moved back from a later plan year, for a cadence
 * reset by a touch logged ahead of its day, on days the calendar cannot name — each pinned,
 * and each the same as `agenda`.
 */
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { PMap } from '../../src/core/hamt.js'
import { SCHEMA_VERSIONS, type RelationshipEvent } from '../../src/events/index.js'
import { agenda, agendaFromIndex, agendaIndex, agendaPageFromIndex, builtInPlans, foldEvents, updateAgendaIndex, validatePlan, type Agenda, type AgendaDay, type AgendaIndex, type ContactState, type NetworkState, type PlanDefinition } from '../../src/index.js'
import { indexContents } from '../../src/agenda/agenda-index.js'
import { canonicalJson } from '../../src/core/plain.js'

let n = 0
const e = (contactId: string, type: RelationshipEvent['type'], payload: Record<string, unknown> = {}, at = '2026-01-01T09:00:00Z'): RelationshipEvent =>
  ({ id: `x${n++}`, type, at, schema: SCHEMA_VERSIONS[type], contactId, ...payload }) as unknown as RelationshipEvent
const contact = (id: string, extra: Record<string, unknown> = {}) => e(id, 'ContactAdded', { name: `Name ${id}`, met: true, calendarSet: 'us', timeZone: 'America/New_York', ...extra })
const enroll = (id: string, planId = 'client-for-life-33', startDate = '2026-01-01') => e(id, 'PlanEnrolled', { enrollmentId: `${id}-${planId}`, planId, startDate })

const right = <A>(x: E.Either<{ readonly message: string }, A>): A => {
  if (E.isLeft(x)) throw new Error(x.left.message)
  return x.right
}
const build = (state: NetworkState, now: string, coverDays?: number): AgendaIndex => right(agendaIndex(state, { now: new Date(now), ...(coverDays === undefined ? {} : { coverDays }) }))
/** The day read from the index, checked against `agenda` on the same state. */
const read = (index: AgendaIndex, day: AgendaDay): Agenda => {
  const got = right(agendaFromIndex(index, day))
  expect(got).toEqual(right(agenda(index.state, day)))
  return got
}
const keys = (a: Agenda) => a.items.map((i) => `${i.due} ${i.status} ${i.touch.touchKey}`)


/** The paths of the objects and arrays reachable from `x` (the arrays' elements, the objects' fields) that are not frozen. */
const unfrozenIn = (x: unknown, path = '$'): string[] => {
  if (typeof x !== 'object' || x === null) return []
  const own = Object.isFrozen(x) || Array.isArray(x) && path === '$' ? [] : [path]
  return [...own, ...Object.entries(x).flatMap(([k, v]) => unfrozenIn(v, `${path}.${k}`))]
}

describe('the agenda index on known days', () => {
  const ada = foldEvents([contact('ada'), enroll('ada')])

  it('shows the 33-touch year’s first weeks as agenda does', () => {
    const a = read(build(ada, '2026-01-22T15:00:00Z'), { now: new Date('2026-01-22T15:00:00Z'), horizonDays: 7 })
    expect(keys(a)).toEqual(['2026-01-01 overdue 0/newsletter/1', '2026-01-22 due 0/call/1', '2026-01-26 upcoming 0/great-talking-letter/1'])
    expect(a.items[1]?.window).toEqual({ from: '2026-01-22T14:00:00.000Z', to: '2026-01-22T23:00:00.000Z' })
    expect(a.missingDates).toEqual([{ contactId: 'ada', contactName: 'Name ada', enrollmentId: 'ada-client-for-life-33', fallbackCards: 4, withoutDay: [] }])
  })

  it('reads each contact’s day in its zone: 03:00 UTC is still yesterday in New York, already today in Riyadh', () => {
    const s = foldEvents([contact('ny'), enroll('ny'), contact('ry', { timeZone: 'Asia/Riyadh' }), enroll('ry')])
    const a = read(build(s, '2026-01-01T00:00:00Z'), { now: new Date('2026-01-22T03:00:00Z'), horizonDays: 0 })
    expect(a.items.filter((i) => i.touch.touchKey === '0/call/1').map((i) => `${i.contactId} ${i.status}`)).toEqual(['ry due'])
  })

  it('pages a status across zones: a touch due on New York’s today is already overdue in Riyadh', () => {
    const s = foldEvents([contact('ny'), enroll('ny'), contact('ry', { timeZone: 'Asia/Riyadh' }), enroll('ry', 'client-for-life-33', '2025-12-31')])
    const index = build(s, '2026-01-01T00:00:00Z')
    const day = { now: new Date('2026-01-22T03:00:00Z'), horizonDays: 7 }
    const whole = read(index, day)
    const late = whole.items.filter((i) => i.status === 'overdue')
    expect(late.map((i) => `${i.contactId} ${i.due} ${i.touch.touchKey}`)).toContain('ry 2026-01-21 0/call/1')
    const pages = [right(agendaPageFromIndex(index, { ...day, status: 'overdue', limit: 1 }))]
    for (let next = pages[0]?.next; next !== undefined; next = pages.at(-1)?.next) pages.push(right(agendaPageFromIndex(index, { ...day, status: 'overdue', limit: 1, after: next })))
    expect(pages.flatMap((p) => p.items)).toEqual(late)
    expect(pages.length).toBe(late.length)
  })

  it('pages the blocked list as it reads: a refused call due today is listed as upcoming, never as due', () => {
    const s = foldEvents([contact('ada'), enroll('ada'), e('ada', 'ConsentChanged', { channel: 'phone', doNotContact: true }, '2026-01-02T09:00:00Z')])
    const index = build(s, '2026-01-01T00:00:00Z')
    const day = { now: new Date('2026-01-22T15:00:00Z'), horizonDays: 0 }
    const blocked = read(index, day).blocked
    expect(blocked.map((i) => `${i.due} ${i.status} ${i.touch.touchKey}`)).toEqual(['2026-01-22 upcoming 0/call/1'])
    const page = (status: 'due' | 'upcoming' | 'overdue') => right(agendaPageFromIndex(index, { ...day, list: 'blocked', status })).items
    expect(page('upcoming')).toEqual(blocked)
    expect(page('due')).toEqual([])
    expect(page('overdue')).toEqual([])
  })

  it('a day past its coverage: the next plan year is scheduled for that read', () => {
    // Built in January covering no days ahead; read at the turn of the year, when plan year 1 begins.
    const index = build(ada, '2026-01-22T15:00:00Z', 0)
    expect(index.coveredThrough).toBe('2026-01-23')
    const a = read(index, { now: new Date('2026-12-30T15:00:00Z'), horizonDays: 5, lookbackDays: 0 })
    expect(keys(a)).toContain('2027-01-01 upcoming 1/newsletter/1')
  })

  it('a paused enrollment whose plan year ends within the horizon is not scheduled again for each day, and reads as agenda reads it', () => {
    // Paused (no end) in March: plan year 1 (from 2027-01-01) waits for the resume, whatever the coverage.
    const paused = foldEvents([e('ada', 'PlanPaused', { enrollmentId: 'ada-client-for-life-33', from: '2026-03-01' })], ada)
    const index = build(paused, '2026-12-20T15:00:00Z')
    const beyond = (i: AgendaIndex) => (indexContents(i) as { beyond: unknown[] }).beyond
    expect(beyond(index)).toEqual([])
    for (const now of ['2026-12-20T15:00:00Z', '2026-12-31T15:00:00Z', '2027-01-02T15:00:00Z', '2027-03-01T15:00:00Z']) read(index, { now: new Date(now), horizonDays: 14 })
    // Resumed: plan year 1 follows again, and the index says when.
    const resumed = updateAgendaIndex(index, foldEvents([e('ada', 'PlanResumed', { enrollmentId: 'ada-client-for-life-33', on: '2026-12-21' }, '2026-12-21T09:00:00Z')], paused))
    expect(beyond(resumed)).toHaveLength(1)
    for (const now of ['2026-12-21T15:00:00Z', '2027-10-20T15:00:00Z', '2027-12-31T15:00:00Z']) read(resumed, { now: new Date(now), horizonDays: 30 })
  })

  it('a touch moved back from a later plan year waits for its plan year to be scheduled', () => {
    // Plan year 1 starts 2027-01-01; its first call is moved to March 2026.
    const s = foldEvents([contact('ada'), enroll('ada'), e('ada', 'TouchRescheduled', { enrollmentId: 'ada-client-for-life-33', touchKey: '1/call/1', to: '2026-03-02' })])
    const index = build(s, '2026-01-22T15:00:00Z', 400)
    // In March 2026 the horizon does not reach 2027: `agenda` does not schedule plan year 1.
    expect(keys(read(index, { now: new Date('2026-03-02T15:00:00Z'), horizonDays: 3 }))).not.toContain('2026-03-02 due 1/call/1')
    // With a horizon that reaches it, the moved call is due.
    expect(keys(read(index, { now: new Date('2026-03-02T15:00:00Z'), horizonDays: 400 }))).toContain('2026-03-02 due 1/call/1')
  })

  it('a cadence counts a touch logged ahead only from its day', () => {
    const s = foldEvents([contact('al', { timeZone: 'UTC' }), enroll('al', 'ally-cadence'), e('al', 'TouchLogged', { kind: 'meeting', channel: 'in-person', on: '2026-05-20' })])
    const index = build(s, '2026-04-10T12:00:00Z')
    expect(read(index, { now: new Date('2026-04-10T12:00:00Z') }).cadences).toMatchObject([{ cadenceId: 'meeting', dueOn: '2026-04-02', status: 'due' }])
    expect(read(index, { now: new Date('2026-05-21T12:00:00Z') }).cadences).toEqual([])
    expect(read(index, { now: new Date('2026-08-20T12:00:00Z') }).cadences).toMatchObject([{ lastTouch: '2026-05-20', dueOn: '2026-08-19', status: 'due' }])
  })

  it('days the calendar cannot name (a horizon past 9999, a day before year 1) read as agenda reads them', () => {
    const index = build(ada, '2026-01-22T15:00:00Z')
    for (const now of ['9999-12-28T12:00:00Z', '0001-01-03T00:00:00Z', '-000500-06-01T00:00:00Z']) read(index, { now: new Date(now), horizonDays: 14 })
  })

  it('hands out no part of itself a caller could change: lists and items are each read’s own, what it shares is frozen', () => {
    const s = foldEvents([
      contact('ada', { calendarSet: 'nowhere' }),
      enroll('ada'),
      e('ada', 'PersonalDateRecorded', { kind: 'birthday', date: '1990-11' }),
      contact('bo'),
      enroll('bo', '8x8', '2025-10-01'),
      e('bo', 'ReferralReceived', { referralId: 'r1', refereeId: 'ada' }, '2026-01-20T09:00:00Z'),
    ])
    const index = build(s, '2026-01-22T15:00:00Z')
    const day = { now: new Date('2026-01-22T15:00:00Z'), horizonDays: 7 }
    const a = read(index, day)
    const b = read(index, day)
    expect(a.items.some((i) => i.window !== undefined) && a.missingDates.length > 0 && a.notes.length > 0 && a.graduations.length > 0 && a.referralTouches.length > 0).toBe(true)
    for (const key of Object.keys(a) as (keyof Agenda)[]) if (typeof a[key] === 'object') expect(a[key]).not.toBe(b[key])
    for (const [i, item] of a.items.entries()) {
      expect(item).not.toBe(b.items[i])
      expect(unfrozenIn(item.touch)).toEqual([])
      expect(unfrozenIn(item.window)).toEqual([])
    }
    expect(unfrozenIn(a.missingDates.flatMap((m) => [m, m.withoutDay]))).toEqual([])
    expect(unfrozenIn(a.notes)).toEqual([])
    expect(unfrozenIn(a.graduations)).toEqual([])
    // A year ahead: six kinds of anchor (holidays with their names among them), each touch's messages.
    const year = read(index, { ...day, horizonDays: 366 })
    expect([...new Set(year.items.map((i) => i.touch.anchor.type))].sort()).toEqual(['after', 'fallback', 'holiday', 'monthly', 'months-after-start', 'plan-day'])
    for (const item of year.items) expect(unfrozenIn(item.touch)).toEqual([])
    expect(() => (year.items[0]?.touch.messages as string[]).push('changed')).toThrow(TypeError)
    for (const [i, r] of a.referralTouches.entries()) expect(r).not.toBe(b.referralTouches[i])
    for (const [i, o] of a.olderOverdue.entries()) expect(o).not.toBe(b.olderOverdue[i])
    // What a caller may change is its own: the next read is as before.
    ;(a.items as unknown[]).length = 0
    ;(a.olderOverdue as unknown[]).push({ contactId: 'ada', contactName: 'Ada', count: 99 })
    expect(read(index, day)).toStrictEqual(b)
  })

  it('leaves an index handed out as it was', () => {
    const index = build(ada, '2026-01-22T15:00:00Z')
    const before = canonicalJson(indexContents(index))
    const next = updateAgendaIndex(index, foldEvents([e('ada', 'TouchCompleted', { enrollmentId: 'ada-client-for-life-33', touchKey: '0/call/1', kind: 'call', channel: 'phone', on: '2026-01-22' })], ada))
    expect(keys(read(next, { now: new Date('2026-01-22T15:00:00Z'), horizonDays: 7 }))).not.toContain('2026-01-22 due 0/call/1')
    expect(canonicalJson(indexContents(index))).toBe(before)
    expect(keys(read(index, { now: new Date('2026-01-22T15:00:00Z'), horizonDays: 7 }))).toContain('2026-01-22 due 0/call/1')
  })

  it('follows a state in which an outcome was taken back (no fold does this; an index takes any state)', () => {
    const done = foldEvents([e('ada', 'TouchCompleted', { enrollmentId: 'ada-client-for-life-33', touchKey: '0/call/1', kind: 'call', channel: 'phone', on: '2026-01-22' })], ada)
    const index = build(done, '2026-01-22T15:00:00Z')
    // The same contact with the call's outcome removed, everything else shared.
    const c = done.contacts.get('ada') as ContactState
    const en = c.plans.enrollments[0] as ContactState['plans']['enrollments'][number]
    const outcomes = new Map(en.outcomes)
    outcomes.delete('0/call/1')
    const undone: NetworkState = { ...done, contacts: done.contacts.set('ada', { ...c, plans: { ...c.plans, enrollments: [{ ...en, outcomes }] } }) as PMap<ContactState> }
    expect(keys(read(updateAgendaIndex(index, undone), { now: new Date('2026-01-22T15:00:00Z'), horizonDays: 7 }))).toContain('2026-01-22 due 0/call/1')
  })

  it('an outcome settles every touch of its key, when a plan repeats one (a plan validatePlan refuses, given as is)', () => {
    const definition = {
      id: 'twice',
      name: 'Twice',
      audience: 'anyone',
      period: { unit: 'year' },
      renews: false,
      steps: [
        { id: 'call', kind: 'call', channel: 'phone', performedBy: 'person', timing: { rule: 'offset', days: [10] } },
        { id: 'letter', kind: 'great-talking-letter', channel: 'mail', performedBy: 'person', timing: { rule: 'after-step', step: 'call', occurrences: [1, 1], days: 2 } },
      ],
    }
    expect(E.isLeft(validatePlan(definition))).toBe(true)
    const plan = definition as unknown as PlanDefinition
    const plans = { ...builtInPlans, twice: plan }
    const before = foldEvents([contact('bo'), e('bo', 'PlanEnrolled', { enrollmentId: 'bo-twice', planId: 'twice', startDate: '2026-01-01' })])
    const now = new Date('2026-01-02T00:00:00Z')
    const index = right(agendaIndex(before, { now, plans }))
    const after = foldEvents([e('bo', 'TouchSkipped', { enrollmentId: 'bo-twice', touchKey: '0/letter/1' }, '2026-01-03T00:00:00Z')], before)
    const kept = updateAgendaIndex(index, after)
    expect(canonicalJson(indexContents(kept))).toBe(canonicalJson(indexContents(right(agendaIndex(after, { now, plans })))))
    const day = { now: new Date('2026-01-14T15:00:00Z'), horizonDays: 7 }
    expect(keys(right(agendaFromIndex(kept, day)))).toEqual(keys(right(agenda(after, { ...day, plans }))))
    expect(keys(right(agendaFromIndex(kept, day)))).toEqual(['2026-01-09 overdue 0/call/1'])
  })
})
