/**
 * A live agenda with `touchbase/rx`: events arrive on one Subject, a clock ticks on another,
 * and the agenda's due items are printed each time it is emitted — on every tick, and after
 * every event that changes it. The clock is a Subject this script drives, so the output is
 * the same on every run (touchbase never reads the system clock).
 *
 * Run: npx tsx examples/live-agenda.ts
 */
import { Subject } from 'rxjs'
import { SCHEMA_VERSIONS, type Agenda, type RelationshipEvent } from 'touchbase'
import { toAgenda } from 'touchbase/rx'

const events$ = new Subject<RelationshipEvent | RelationshipEvent[]>()
const clock$ = new Subject<Date>()

// Events as a host's store would hold them (normally made by `decide` from commands).
let n = 0
const event = (type: RelationshipEvent['type'], contactId: string, at: string, payload: Record<string, unknown> = {}): RelationshipEvent =>
  ({ id: `evt-${++n}`, type, at, schema: SCHEMA_VERSIONS[type], contactId, ...payload }) as unknown as RelationshipEvent

const late = (days: number) => (days > 0 ? `, ${days} day${days === 1 ? '' : 's'} late` : '')

/** The agenda's due and overdue work, one line each. */
const show = (a: Agenda): void => {
  const lines = [
    ...a.items.filter((i) => i.status !== 'upcoming').map((i) => `${i.contactName}: ${i.touch.kind} (${i.status}${late(i.daysOverdue)})`),
    ...a.referralDeadlines.map((d) => `${d.refereeName}: first contact by ${d.deadline.slice(0, 16)}Z${d.overdue ? ' (overdue)' : ''}`),
    ...a.referralTouches
      .filter((t) => t.status !== 'upcoming')
      .map((t) => `${t.referrerName}: ${t.kind}${t.stage === undefined ? '' : ` (${t.stage})`} by ${t.channel} (${t.status}${late(t.daysOverdue)})`),
  ]
  for (const line of lines.length > 0 ? lines : ['nothing due']) console.log(`  ${line}`)
}

events$.pipe(toAgenda(clock$, { horizonDays: 0 })).subscribe(show)

const tick = (iso: string) => {
  console.log(`tick ${iso}`)
  clock$.next(new Date(iso))
}
const send = (what: string, ...events: RelationshipEvent[]) => {
  console.log(`event: ${what}`)
  events$.next(events)
}

send(
  'Ada (New York) joins the 33-touch year on Jan 1',
  event('ContactAdded', 'ada', '2026-01-01T14:00:00Z', { name: 'Ada', met: true, timeZone: 'America/New_York', calendarSet: 'us' }),
  event('PlanEnrolled', 'ada', '2026-01-01T14:00:00Z', { enrollmentId: 'ada-33', planId: 'client-for-life-33', startDate: '2026-01-01' }),
)
tick('2026-01-21T14:00:00Z')
send('the January newsletter goes out', event('TouchCompleted', 'ada', '2026-01-21T15:00:00Z', { enrollmentId: 'ada-33', touchKey: '0/newsletter/1', kind: 'newsletter', channel: 'mail', on: '2026-01-21' }))
tick('2026-01-22T14:00:00Z')
send(
  'Ada refers her neighbour Omar',
  event('ContactAdded', 'omar', '2026-01-22T15:00:00Z', { name: 'Omar', met: false, timeZone: 'America/New_York' }),
  event('ReferralReceived', 'ada', '2026-01-22T15:00:00Z', { referralId: 'r1', refereeId: 'omar' }),
)
send('the call with Ada is made', event('TouchCompleted', 'ada', '2026-01-22T16:00:00Z', { enrollmentId: 'ada-33', touchKey: '0/call/1', kind: 'call', channel: 'phone', on: '2026-01-22' }))
tick('2026-01-23T16:00:00Z')
send('Omar is reached: the referral moves to contacted', event('ReferralStageChanged', 'ada', '2026-01-23T17:00:00Z', { referralId: 'r1', stage: 'contacted' }))
send(
  'Ada is thanked and told',
  event('TouchLogged', 'ada', '2026-01-23T18:00:00Z', { kind: 'referral-thank-you', channel: 'mail', on: '2026-01-23', referralId: 'r1' }),
  event('TouchLogged', 'ada', '2026-01-23T18:05:00Z', { kind: 'referral-status-update', channel: 'phone', on: '2026-01-23', referralId: 'r1', stage: 'contacted' }),
)
tick('2026-01-26T14:00:00Z')

events$.complete()
clock$.complete()
