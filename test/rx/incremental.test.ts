import { Subject } from 'rxjs'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { RelationshipEvent } from '../../src/events/index.js'
import { foldEvents } from '../../src/state/index.js'
import { toAgenda, type EventInput } from '../../src/rx/index.js'
import { contact, enroll, ev } from './support.js'
import { agendaOn } from '../support/agenda.js'

// Counts the contacts the live agenda computes: the module that makes a contact's part of
// the agenda index is wrapped, so `toAgenda` calls the spy (the batch `agenda` does not go
// through it). A contact that shows nothing (erased) is not counted: nothing is computed.
const calls = vi.hoisted(() => ({ ids: [] as string[] }))
vi.mock('../../src/agenda/index-parts.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/agenda/index-parts.js')>()
  return {
    ...original,
    contactPart: (...args: Parameters<typeof original.contactPart>) => {
      const part = original.contactPart(...args)
      if (part !== undefined) calls.ids.push(part.id)
      return part
    },
  }
})

// 40 contacts in New York and 40 in Riyadh, each in the 33-touch year.
const people = (zone: string, prefix: string) =>
  Array.from({ length: 40 }, (_, i) => [contact(`${prefix}${i}`, { timeZone: zone }), enroll(`${prefix}${i}`)]).flat()
const history: RelationshipEvent[] = [...people('America/New_York', 'ny'), ...people('Asia/Riyadh', 'ry')]

describe('toAgenda is incremental', () => {
  let events$: Subject<EventInput>
  let clock$: Subject<Date>
  let last: unknown
  let soFar: RelationshipEvent[]
  const send = (...events: RelationshipEvent[]) => {
    soFar.push(...events)
    events$.next(events)
  }
  const recomputed = (f: () => void): string[] => {
    calls.ids.length = 0
    f()
    return [...calls.ids].sort()
  }

  beforeEach(() => {
    events$ = new Subject()
    clock$ = new Subject()
    soFar = [...history]
    events$.pipe(toAgenda(clock$, { horizonDays: 3 })).subscribe((a) => (last = a))
    events$.next(history)
  })

  it('computes nothing before the first tick, every contact once on it', () => {
    expect(calls.ids).toEqual([])
    expect(recomputed(() => clock$.next(new Date('2026-01-22T15:00:00Z')))).toHaveLength(80)
    expect(last).toEqual(agendaOn(foldEvents(soFar), { horizonDays: 3, now: new Date('2026-01-22T15:00:00Z') }))
  })

  it('recomputes only the contacts an event changes', () => {
    const now = new Date('2026-01-22T15:00:00Z')
    clock$.next(now)
    expect(recomputed(() => send(ev('ny3', 'TouchCompleted', { enrollmentId: 'ny3-client-for-life-33', touchKey: '0/call/1', kind: 'call', channel: 'phone', on: '2026-01-22' }, '2026-01-22T16:00:00Z')))).toEqual(['ny3'])
    // A referral is in the referrer's stream and changes the referee's agenda too (its deadline).
    expect(recomputed(() => send(ev('ny5', 'ReferralReceived', { referralId: 'r1', refereeId: 'ry7' }, '2026-01-22T16:05:00Z')))).toEqual(['ny5', 'ry7'])
    expect(recomputed(() => send(ev('ny5', 'ReferralStageChanged', { referralId: 'r1', stage: 'contacted' }, '2026-01-22T17:00:00Z')))).toEqual(['ny5', 'ry7'])
    expect(recomputed(() => send(ev('ry1', 'FeedbackRecorded', { nps: 9, aboutContactId: 'ny9' }, '2026-01-22T17:10:00Z')))).toEqual(['ny9', 'ry1'])
    // A batch: the union of what its events change, once each (the erased contact drops out).
    expect(recomputed(() => send(ev('ny1', 'ContactErased', {}, '2026-01-22T17:20:00Z'), ev('ny2', 'ContactRated', { score: 4 }, '2026-01-22T17:20:00Z'), ev('ny2', 'ContactMet', {}, '2026-01-22T17:21:00Z')))).toEqual(['ny2'])
    // A redelivery changes nothing and computes nothing.
    expect(recomputed(() => send(soFar[0] as RelationshipEvent))).toEqual([])
    expect(last).toEqual(agendaOn(foldEvents(soFar), { horizonDays: 3, now }))
  })

  it('recomputes no contact on a tick: the index holds dates, and any day is read from it', () => {
    clock$.next(new Date('2026-01-22T15:00:00Z')) // 10:00 in New York, 18:00 in Riyadh
    for (const at of ['2026-01-22T18:00:00Z', '2026-01-22T21:30:00Z', '2026-01-23T14:00:00Z', '2026-02-20T14:00:00Z']) {
      // Later the same day, past midnight in Riyadh only, the next morning in both, a month on.
      expect(recomputed(() => clock$.next(new Date(at)))).toEqual([])
      expect(last).toEqual(agendaOn(foldEvents(soFar), { horizonDays: 3, now: new Date(at) }))
    }
  })

  it('on a tick across a 24-hour deadline, recomputes nothing and flags it overdue', () => {
    clock$.next(new Date('2026-01-22T15:00:00Z'))
    send(ev('ny5', 'ReferralReceived', { referralId: 'r1', refereeId: 'ny7' }, '2026-01-22T15:00:00Z'))
    clock$.next(new Date('2026-01-23T14:30:00Z'))
    expect(recomputed(() => clock$.next(new Date('2026-01-23T15:30:00Z')))).toEqual([])
    expect((last as { referralDeadlines: Array<{ overdue: boolean }> }).referralDeadlines.map((d) => d.overdue)).toEqual([true])
  })

  it('schedules each enrollment’s next plan year once, as the days bring it into reach', () => {
    // Built on November 1st, the index covers a month: plan year 1 (from 2027-01-01) is not scheduled yet.
    const start = Date.parse('2026-11-01T15:00:00Z')
    clock$.next(new Date(start))
    calls.ids.length = 0
    // Day by day across the renewal: every contact once, when its plan year comes into reach.
    for (let day = 1; day <= 70; day++) clock$.next(new Date(start + day * 86_400_000))
    expect([...calls.ids].sort()).toEqual([...new Set(history.filter((e) => e.type === 'ContactAdded').map((e) => e.contactId as string))].sort())
    expect(last).toEqual(agendaOn(foldEvents(soFar), { horizonDays: 3, now: new Date(start + 70 * 86_400_000) }))
  })
})
