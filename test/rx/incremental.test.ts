import { Subject } from 'rxjs'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { RelationshipEvent } from '../../src/events/index.js'
import {} from '../../src/agenda/index.js'
import { foldEvents } from '../../src/state/index.js'
import { toAgenda, type EventInput } from '../../src/rx/index.js'
import { contact, enroll, ev } from './support.js'
import { agendaOn } from '../support/agenda.js'

// Counts the per-contact agendas the live operator computes: the module it imports from is
// wrapped, so `toAgenda` calls the spy (the batch `agenda` does not go through it).
const calls = vi.hoisted(() => ({ ids: [] as string[] }))
vi.mock('../../src/agenda/agenda.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/agenda/agenda.js')>()
  return {
    ...original,
    contactAgenda: (...args: Parameters<typeof original.contactAgenda>) => {
      calls.ids.push(args[1])
      return original.contactAgenda(...args)
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

  it('recomputes only the contacts an event touches', () => {
    const now = new Date('2026-01-22T15:00:00Z')
    clock$.next(now)
    expect(recomputed(() => send(ev('ny3', 'TouchCompleted', { enrollmentId: 'ny3-client-for-life-33', touchKey: '0/call/1', kind: 'call', channel: 'phone', on: '2026-01-22' }, '2026-01-22T16:00:00Z')))).toEqual(['ny3'])
    // A referral is in the referrer's stream and changes the referee's agenda too (its deadline).
    expect(recomputed(() => send(ev('ny5', 'ReferralReceived', { referralId: 'r1', refereeId: 'ry7' }, '2026-01-22T16:05:00Z')))).toEqual(['ny5', 'ry7'])
    expect(recomputed(() => send(ev('ny5', 'ReferralStageChanged', { referralId: 'r1', stage: 'contacted' }, '2026-01-22T17:00:00Z')))).toEqual(['ny5', 'ry7'])
    expect(recomputed(() => send(ev('ry1', 'FeedbackRecorded', { nps: 9, aboutContactId: 'ny9' }, '2026-01-22T17:10:00Z')))).toEqual(['ny9', 'ry1'])
    // A batch: the union of what its events touch, once each.
    expect(recomputed(() => send(ev('ny1', 'ContactErased', {}, '2026-01-22T17:20:00Z'), ev('ny2', 'ContactRated', { score: 4 }, '2026-01-22T17:20:00Z'), ev('ny2', 'ContactMet', {}, '2026-01-22T17:21:00Z')))).toEqual(['ny2'])
    // A redelivery changes nothing and computes nothing.
    expect(recomputed(() => send(soFar[0] as RelationshipEvent))).toEqual([])
    expect(last).toEqual(agendaOn(foldEvents(soFar), { horizonDays: 3, now }))
  })

  it('on a tick, recomputes only the zones whose local date moved', () => {
    clock$.next(new Date('2026-01-22T15:00:00Z')) // 10:00 in New York, 18:00 in Riyadh
    // Later the same day in both zones: nothing to recompute.
    expect(recomputed(() => clock$.next(new Date('2026-01-22T18:00:00Z')))).toEqual([])
    // Past midnight in Riyadh (00:30 on the 23rd), still the 22nd in New York: Riyadh's 40 only.
    const riyadh = recomputed(() => clock$.next(new Date('2026-01-22T21:30:00Z')))
    expect(riyadh).toHaveLength(40)
    expect(riyadh.every((id) => id.startsWith('ry'))).toBe(true)
    expect(last).toEqual(agendaOn(foldEvents(soFar), { horizonDays: 3, now: new Date('2026-01-22T21:30:00Z') }))
    // The next morning in New York too: New York's 40 only.
    const newYork = recomputed(() => clock$.next(new Date('2026-01-23T14:00:00Z')))
    expect(newYork).toHaveLength(40)
    expect(newYork.every((id) => id.startsWith('ny'))).toBe(true)
    expect(last).toEqual(agendaOn(foldEvents(soFar), { horizonDays: 3, now: new Date('2026-01-23T14:00:00Z') }))
  })

  it('on a tick in the same local day, recomputes the referees whose 24-hour deadline it crosses', () => {
    clock$.next(new Date('2026-01-22T15:00:00Z'))
    send(ev('ny5', 'ReferralReceived', { referralId: 'r1', refereeId: 'ny7' }, '2026-01-22T15:00:00Z'))
    // The deadline is 15:00Z on the 23rd. From 14:30Z to 15:30Z the local date stays the same in
    // New York (09:30 → 10:30) and Riyadh (17:30 → 18:30): only the referee is recomputed.
    clock$.next(new Date('2026-01-23T14:30:00Z'))
    expect(recomputed(() => clock$.next(new Date('2026-01-23T15:30:00Z')))).toEqual(['ny7'])
    expect((last as { referralDeadlines: Array<{ overdue: boolean }> }).referralDeadlines.map((d) => d.overdue)).toEqual([true])
  })
})
