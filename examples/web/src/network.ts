/**
 * The page's data: a small referral network in Riyadh, written as the commands a team would
 * have issued from January to June 2026, each with the instant it was issued. `decide` turns
 * them into events, so the stream is one touchbase itself would accept — a refusal here is a
 * bug in the example, and it says so loudly.
 *
 * The known contact is Salma Haddad: a past client in the 33-touch year since January 1, with
 * some touches made (one of them late), one skipped, and phone calls refused since February —
 * so on the page's day every status of a planned touch shows in her year.
 */
import * as E from 'fp-ts/lib/Either.js'
import { decide, foldEvents, type Command, type NetworkState, type RelationshipEvent } from 'touchbase'

/** The contact whose year the page draws. */
export const KNOWN_CONTACT = 'c-salma'
/** Her 33-touch enrollment. */
export const KNOWN_ENROLLMENT = 'en-salma'
/** The page's day when the URL names none: every status shows on it. */
export const DEFAULT_TODAY = '2026-06-16'
/** The zone the network lives in: the contacts' days, and the KPI period's. */
export const NETWORK_ZONE = 'Asia/Riyadh'

/** A command without its id: the stream numbers them. */
type Draft<C> = C extends unknown ? Omit<C, 'commandId'> : never

const sar = (riyals: number) => ({ amount: riyals * 100, currency: 'SAR' })
const riyadh = { timeZone: NETWORK_ZONE, calendarSet: 'sa', locale: 'ar-SA' } as const

/** What the team did, in the order it did it: `[instant, command]`. */
const HISTORY: ReadonlyArray<readonly [string, Draft<Command>]> = [
  // The database.
  ['2026-01-01T06:00:00Z', { type: 'AddContact', contactId: 'c-salma', name: 'Salma Haddad', met: true, role: 'client', circle: 'client', ...riyadh }],
  ['2026-01-01T06:00:00Z', { type: 'RecordPersonalDate', contactId: 'c-salma', kind: 'birthday', date: '--04-12' }],
  ['2026-01-01T06:00:00Z', { type: 'RecordPersonalDate', contactId: 'c-salma', kind: 'wedding-anniversary', date: '2015-09-20' }],
  ['2026-01-01T06:00:00Z', { type: 'EnrollInPlan', contactId: 'c-salma', enrollmentId: KNOWN_ENROLLMENT, planId: 'client-for-life-33', startDate: '2026-01-01' }],
  ['2026-01-01T06:00:00Z', { type: 'AddContact', contactId: 'c-omar', name: 'Omar Farouk', met: true, role: 'advocate', circle: 'friend', ...riyadh }],
  ['2026-01-01T06:00:00Z', { type: 'AddContact', contactId: 'c-khalid', name: 'Khalid Al-Otaibi', met: true, role: 'core', circle: 'colleague', ...riyadh }],
  ['2026-01-01T06:00:00Z', { type: 'AddContact', contactId: 'c-lina', name: 'Lina Mortgage Co.', met: true, role: 'ally', allyCategory: 'lender', circle: 'business-partner', ...riyadh }],
  ['2026-01-01T06:00:00Z', { type: 'EnrollInPlan', contactId: 'c-lina', enrollmentId: 'en-lina', planId: 'ally-cadence', startDate: '2026-01-15' }],
  ['2026-01-01T06:00:00Z', { type: 'RecordCost', category: 'mailing', amount: sar(400), note: 'newsletter printing' }],

  // Salma's year until today: made on time, one late, one skipped, and no more calls.
  ['2026-01-01T09:00:00Z', { type: 'CompleteTouch', contactId: 'c-salma', enrollmentId: KNOWN_ENROLLMENT, touchKey: '0/newsletter/1', on: '2026-01-01' }],
  ['2026-01-22T09:00:00Z', { type: 'CompleteTouch', contactId: 'c-salma', enrollmentId: KNOWN_ENROLLMENT, touchKey: '0/call/1', on: '2026-01-22' }],
  ['2026-01-27T09:00:00Z', { type: 'CompleteTouch', contactId: 'c-salma', enrollmentId: KNOWN_ENROLLMENT, touchKey: '0/great-talking-letter/1', on: '2026-01-27' }],
  ['2026-02-01T09:00:00Z', { type: 'CompleteTouch', contactId: 'c-salma', enrollmentId: KNOWN_ENROLLMENT, touchKey: '0/newsletter/2', on: '2026-02-01' }],
  ['2026-02-08T09:00:00Z', { type: 'CompleteTouch', contactId: 'c-salma', enrollmentId: KNOWN_ENROLLMENT, touchKey: '0/holiday-card/sa-ramadan', on: '2026-02-08' }],
  ['2026-02-12T09:00:00Z', { type: 'CompleteTouch', contactId: 'c-salma', enrollmentId: KNOWN_ENROLLMENT, touchKey: '0/holiday-card/sa-founding-day', on: '2026-02-12' }],
  // She asked not to be called: the four calls left stay in her year, blocked.
  ['2026-02-20T10:00:00Z', { type: 'SetConsent', contactId: 'c-salma', channel: 'phone', doNotContact: true }],
  ['2026-03-01T09:00:00Z', { type: 'CompleteTouch', contactId: 'c-salma', enrollmentId: KNOWN_ENROLLMENT, touchKey: '0/newsletter/3', on: '2026-03-01' }],
  ['2026-03-10T09:00:00Z', { type: 'CompleteTouch', contactId: 'c-salma', enrollmentId: KNOWN_ENROLLMENT, touchKey: '0/holiday-card/sa-eid-al-fitr', on: '2026-03-10' }],
  ['2026-03-16T09:00:00Z', { type: 'SkipTouch', contactId: 'c-salma', enrollmentId: KNOWN_ENROLLMENT, touchKey: '0/observance-card/fallback-1', reason: 'an Eid card went a week before' }],
  ['2026-04-01T09:00:00Z', { type: 'CompleteTouch', contactId: 'c-salma', enrollmentId: KNOWN_ENROLLMENT, touchKey: '0/newsletter/4', on: '2026-04-01' }],
  ['2026-04-01T09:00:00Z', { type: 'CompleteTouch', contactId: 'c-salma', enrollmentId: KNOWN_ENROLLMENT, touchKey: '0/give-away/1', on: '2026-04-01' }],
  ['2026-04-05T09:00:00Z', { type: 'CompleteTouch', contactId: 'c-salma', enrollmentId: KNOWN_ENROLLMENT, touchKey: '0/observance-card/birthday', on: '2026-04-05' }],
  ['2026-05-01T09:00:00Z', { type: 'CompleteTouch', contactId: 'c-salma', enrollmentId: KNOWN_ENROLLMENT, touchKey: '0/newsletter/5', on: '2026-05-01' }],
  ['2026-05-17T09:00:00Z', { type: 'CompleteTouch', contactId: 'c-salma', enrollmentId: KNOWN_ENROLLMENT, touchKey: '0/holiday-card/sa-eid-al-adha', on: '2026-05-17' }],

  // Referrals and leads, through the funnel.
  ['2026-01-20T07:00:00Z', { type: 'ReceiveReferral', contactId: 'c-khalid', referralId: 'r-sami', refereeId: 'c-sami', referee: { name: 'Sami Nasser', ...riyadh }, source: 'dinner' }],
  ['2026-01-20T11:00:00Z', { type: 'AdvanceReferral', contactId: 'c-khalid', referralId: 'r-sami', stage: 'contacted' }],
  ['2026-01-20T12:00:00Z', { type: 'ThankReferrer', contactId: 'c-khalid', referralId: 'r-sami', on: '2026-01-20', channel: 'phone' }],
  ['2026-01-28T10:00:00Z', { type: 'AdvanceReferral', contactId: 'c-khalid', referralId: 'r-sami', stage: 'appointment' }],
  ['2026-02-03T07:00:00Z', { type: 'ReceiveReferral', contactId: 'c-salma', referralId: 'r-nadia', refereeId: 'c-nadia', referee: { name: 'Nadia Saleh', ...riyadh }, source: 'client' }],
  ['2026-02-03T09:00:00Z', { type: 'AdvanceReferral', contactId: 'c-salma', referralId: 'r-nadia', stage: 'contacted' }],
  ['2026-02-03T09:30:00Z', { type: 'ThankReferrer', contactId: 'c-salma', referralId: 'r-nadia', on: '2026-02-03', channel: 'mail' }],
  ['2026-02-10T10:00:00Z', { type: 'LogTouch', contactId: 'c-lina', kind: 'meeting', channel: 'in-person', on: '2026-02-10' }],
  ['2026-02-10T11:00:00Z', { type: 'AdvanceReferral', contactId: 'c-salma', referralId: 'r-nadia', stage: 'appointment' }],
  ['2026-02-15T10:00:00Z', { type: 'AdvanceReferral', contactId: 'c-khalid', referralId: 'r-sami', stage: 'under-contract' }],
  ['2026-03-01T10:00:00Z', { type: 'AdvanceReferral', contactId: 'c-salma', referralId: 'r-nadia', stage: 'under-contract' }],
  ['2026-03-01T12:00:00Z', { type: 'RecordCost', category: 'event', amount: sar(1500), note: 'client appreciation evening' }],
  ['2026-03-05T08:00:00Z', { type: 'AddContact', contactId: 'c-tariq', name: 'Tariq Hamdan', met: false, ...riyadh }],
  ['2026-03-05T08:00:00Z', { type: 'CaptureLead', contactId: 'c-tariq', source: 'open-house' }],
  ['2026-03-06T08:00:00Z', { type: 'AdvanceLead', contactId: 'c-tariq', stage: 'contacted' }],
  ['2026-03-12T07:00:00Z', { type: 'ReceiveReferral', contactId: 'c-omar', referralId: 'r-faisal', refereeId: 'c-faisal', referee: { name: 'Faisal Qahtani', ...riyadh }, source: 'dinner' }],
  ['2026-03-12T10:00:00Z', { type: 'AdvanceReferral', contactId: 'c-omar', referralId: 'r-faisal', stage: 'contacted' }],
  ['2026-03-15T08:00:00Z', { type: 'AdvanceLead', contactId: 'c-tariq', stage: 'appointment' }],
  ['2026-03-20T10:00:00Z', { type: 'AdvanceReferral', contactId: 'c-omar', referralId: 'r-faisal', stage: 'appointment' }],
  ['2026-03-30T10:00:00Z', { type: 'AdvanceReferral', contactId: 'c-khalid', referralId: 'r-sami', stage: 'closed', revenue: sar(38_000) }],
  ['2026-03-30T10:00:00Z', { type: 'CloseTransaction', contactId: 'c-sami', transactionId: 't-sami', value: sar(38_000), servedBy: ['agent-1'], referralId: 'r-sami', closedOn: '2026-03-30' }],
  ['2026-04-02T07:00:00Z', { type: 'ReceiveReferral', contactId: 'c-omar', referralId: 'r-huda', refereeId: 'c-huda', referee: { name: 'Huda Zahrani', ...riyadh }, source: 'dinner' }],
  // Two days to the first call: the 24-hour rule missed.
  ['2026-04-04T09:00:00Z', { type: 'AdvanceReferral', contactId: 'c-omar', referralId: 'r-huda', stage: 'contacted' }],
  ['2026-04-15T10:00:00Z', { type: 'AdvanceReferral', contactId: 'c-salma', referralId: 'r-nadia', stage: 'closed', revenue: sar(45_000) }],
  ['2026-04-15T10:00:00Z', { type: 'CloseTransaction', contactId: 'c-nadia', transactionId: 't-nadia', value: sar(45_000), servedBy: ['agent-1'], referralId: 'r-nadia', closedOn: '2026-04-15' }],
  ['2026-04-16T10:00:00Z', { type: 'RecordCost', contactId: 'c-salma', category: 'gift', amount: sar(300), note: 'thank-you gift' }],
  ['2026-04-20T07:00:00Z', { type: 'ReceiveReferral', contactId: 'c-lina', referralId: 'r-yasser', refereeId: 'c-yasser', referee: { name: 'Yasser Harbi', ...riyadh }, source: 'lender' }],
  ['2026-04-20T09:00:00Z', { type: 'AdvanceReferral', contactId: 'c-lina', referralId: 'r-yasser', stage: 'contacted' }],
  ['2026-04-20T12:00:00Z', { type: 'RecordFeedback', contactId: 'c-salma', nps: 10 }],
  ['2026-04-22T12:00:00Z', { type: 'RecordFeedback', contactId: 'c-nadia', nps: 9 }],
  ['2026-04-30T10:00:00Z', { type: 'AdvanceReferral', contactId: 'c-omar', referralId: 'r-huda', stage: 'lost', reason: 'bought through a relative' }],
  ['2026-05-02T10:00:00Z', { type: 'AdvanceReferral', contactId: 'c-lina', referralId: 'r-yasser', stage: 'appointment' }],
  ['2026-05-05T12:00:00Z', { type: 'RecordFeedback', contactId: 'c-sami', nps: 9 }],
  ['2026-05-10T12:00:00Z', { type: 'RecordFeedback', contactId: 'c-huda', nps: 6 }],
  ['2026-05-18T07:00:00Z', { type: 'ReceiveReferral', contactId: 'c-khalid', referralId: 'r-mona', refereeId: 'c-mona', referee: { name: 'Mona Ghamdi', ...riyadh }, source: 'dinner' }],
  ['2026-05-18T15:00:00Z', { type: 'AdvanceReferral', contactId: 'c-khalid', referralId: 'r-mona', stage: 'contacted' }],
  ['2026-05-25T10:00:00Z', { type: 'AdvanceReferral', contactId: 'c-lina', referralId: 'r-yasser', stage: 'under-contract' }],
  // This morning: a referral to call within 24 hours.
  ['2026-06-16T05:30:00Z', { type: 'ReceiveReferral', contactId: 'c-lina', referralId: 'r-reem', refereeId: 'c-reem', referee: { name: 'Reem Shehri', ...riyadh }, source: 'lender' }],
]

/**
 * The network's events, made by `decide` from the history (ids `web-1/0`, `web-2/0`, …).
 * @throws when touchbase refuses a command: the example's history would be wrong.
 */
export const networkEvents = (): readonly RelationshipEvent[] => {
  let state: NetworkState = foldEvents([])
  const events: RelationshipEvent[] = []
  HISTORY.forEach(([at, draft], i) => {
    const command = { ...draft, commandId: `web-${i + 1}` } as Command
    const decided = decide(command, state, new Date(at))
    if (E.isLeft(decided)) throw new Error(`examples/web: ${command.type} (${command.commandId}) refused: ${decided.left.message}`)
    events.push(...decided.right)
    state = foldEvents(decided.right, state)
  })
  return events
}

/**
 * The network as it stood at `now`: only the events recorded by then, so a page for an
 * earlier day does not know what happened after it.
 */
export const networkAt = (events: readonly RelationshipEvent[], now: Date): NetworkState =>
  foldEvents(events.filter((e) => Date.parse(e.at) <= now.getTime()))
