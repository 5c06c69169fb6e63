/**
 * Errors as touchbase builds them, from real failing inputs: commands `decide` refuses, plans,
 * reward policies and calendar sets the validators refuse, values the decoders refuse, options
 * the calendar export refuses. Used
 * to check that every code has a message whose params the library actually provides.
 */
import * as E from 'fp-ts/lib/Either.js'
import {
  agenda,
  builtInCalendars,
  builtInPlans,
  cardHolidaysForPlanYear,
  decide,
  decodeEvent,
  decodeEvents,
  decodeWith,
  foldEvents,
  schedule,
  validateCalendarSet,
  validatePlan,
  validateRewardPolicy,
  type CalendarDate,
  type Command,
  type NetworkState,
  type PlanDefinition,
  type TouchbaseError,
} from '../../src/index.js'
import { DomainErrors } from '../../src/decisions/errors.js'
import { agendaToICalendar, scheduleToICalendar } from '../../src/ical/index.js'
import { RewardPolicyC } from '../../src/rewards/policy.js'
import { importSamples } from '../import/error-samples.js'

const now = new Date('2026-11-26T09:00:00Z')

/** Each error with what produced it. */
export interface Sample {
  readonly from: string
  readonly error: TouchbaseError
}

const lefts = <L extends TouchbaseError>(from: string, r: E.Either<L, unknown>): Sample[] => (E.isLeft(r) ? [{ from, error: r.left }] : [])

// —— decide: a small network built by decide, then commands it refuses ——

type Draft = Command extends infer C ? (C extends unknown ? Omit<C, 'commandId'> : never) : never

const network = (): { state: NetworkState; run: (c: Draft) => E.Either<TouchbaseError, unknown> } => {
  let state = foldEvents([])
  let n = 0
  const run = (c: Draft): E.Either<TouchbaseError, unknown> => {
    const r = decide({ ...c, commandId: `k-${++n}` } as Command, state, now)
    if (E.isRight(r)) state = foldEvents(r.right, state)
    return r
  }
  return {
    get state() {
      return state
    },
    run,
  }
}

const decideSamples = (): Sample[] => {
  const net = network()
  const ok = (c: Draft): void => {
    const r = net.run(c)
    if (E.isLeft(r)) throw new Error(`setup command refused: ${r.left.message}`)
  }
  ok({ type: 'AddContact', contactId: 'c-a', name: 'A', met: true, role: 'client', timeZone: 'UTC', calendarSet: 'us' })
  ok({ type: 'AddContact', contactId: 'c-b', name: 'B', met: true, timeZone: 'UTC', calendarSet: 'us' })
  ok({ type: 'AddContact', contactId: 'c-c', name: 'C', met: true, timeZone: 'UTC', calendarSet: 'us' })
  ok({ type: 'AddContact', contactId: 'c-gone', name: 'G', met: true })
  ok({ type: 'EraseContact', contactId: 'c-gone' })
  ok({ type: 'SetConsent', contactId: 'c-a', channel: 'text', doNotContact: true })
  ok({ type: 'EnrollInPlan', contactId: 'c-a', enrollmentId: 'en-a', planId: 'client-for-life-33', startDate: '2026-10-15' })
  ok({ type: 'EnrollInPlan', contactId: 'c-b', enrollmentId: 'en-b', planId: '8x8', startDate: '2026-09-21' })
  ok({ type: 'CancelPlan', contactId: 'c-b', enrollmentId: 'en-b' })
  ok({ type: 'EnrollInPlan', contactId: 'c-c', enrollmentId: 'en-c', planId: 'client-for-life-33', startDate: '2026-10-01' })
  ok({ type: 'PausePlan', contactId: 'c-c', enrollmentId: 'en-c', from: '2026-10-20' })
  ok({ type: 'CompleteTouch', contactId: 'c-a', enrollmentId: 'en-a', touchKey: '0/newsletter/1', on: '2026-11-01' })
  ok({ type: 'ReceiveReferral', contactId: 'c-a', referralId: 'r-1', refereeId: 'c-b' })
  ok({ type: 'ReceiveReferral', contactId: 'c-a', referralId: 'r-2', refereeId: 'c-lost', referee: { name: 'L' } })
  ok({ type: 'AdvanceReferral', contactId: 'c-a', referralId: 'r-2', stage: 'lost', reason: 'moved away' })
  ok({ type: 'AddContact', contactId: 'c-twin', name: 'T', met: true })
  ok({ type: 'MergeContacts', survivorId: 'c-c', mergedId: 'c-twin' })

  const refused: Array<[string, Draft]> = [
    ['rate 8', { type: 'RateContact', contactId: 'c-a', score: 8 }],
    ['add twice', { type: 'AddContact', contactId: 'c-a', name: 'Again', met: true }],
    ['about nobody', { type: 'MarkMet', contactId: 'c-nobody' }],
    ['about the erased', { type: 'MarkMet', contactId: 'c-gone' }],
    ['an impossible date', { type: 'RecordPersonalDate', contactId: 'c-a', kind: 'birthday', date: '1990-02-30' }],
    ['no such command', { type: 'Dance', contactId: 'c-a' } as unknown as Draft],
    ['no such plan', { type: 'EnrollInPlan', contactId: 'c-b', enrollmentId: 'en-x', planId: 'nope', startDate: '2026-10-01' }],
    ['enrolled twice', { type: 'EnrollInPlan', contactId: 'c-a', enrollmentId: 'en-a2', planId: 'client-for-life-33', startDate: '2026-10-01' }],
    ['an enrollment id taken', { type: 'EnrollInPlan', contactId: 'c-a', enrollmentId: 'en-a', planId: '8x8', startDate: '2026-10-01' }],
    ['before 1900', { type: 'EnrollInPlan', contactId: 'c-b', enrollmentId: 'en-old', planId: '8x8', startDate: '1850-01-01' }],
    ['no such enrollment', { type: 'PausePlan', contactId: 'c-a', enrollmentId: 'en-nope', from: '2026-11-01' }],
    ['a cancelled enrollment', { type: 'CompleteTouch', contactId: 'c-b', enrollmentId: 'en-b', touchKey: '0/week-1/1', on: '2026-09-21' }],
    ['pause a paused one', { type: 'PausePlan', contactId: 'c-c', enrollmentId: 'en-c', from: '2026-11-01' }],
    ['resume an active one', { type: 'ResumePlan', contactId: 'c-a', enrollmentId: 'en-a', on: '2026-11-01' }],
    ['resume before the pause', { type: 'ResumePlan', contactId: 'c-c', enrollmentId: 'en-c', on: '2026-10-10' }],
    ['pause before the start', { type: 'PausePlan', contactId: 'c-a', enrollmentId: 'en-a', from: '2026-10-01' }],
    ['a touch tomorrow', { type: 'CompleteTouch', contactId: 'c-a', enrollmentId: 'en-a', touchKey: '0/newsletter/2', on: '2026-12-01' }],
    ['a touch before the start', { type: 'CompleteTouch', contactId: 'c-a', enrollmentId: 'en-a', touchKey: '0/newsletter/2', on: '2026-10-01' }],
    ['moved out of its year', { type: 'RescheduleTouch', contactId: 'c-a', enrollmentId: 'en-a', touchKey: '0/newsletter/2', to: '2028-01-01' }],
    ['no such touch', { type: 'SkipTouch', contactId: 'c-a', enrollmentId: 'en-a', touchKey: '0/nothing/1', reason: 'x' } as Draft],
    ['done twice', { type: 'CompleteTouch', contactId: 'c-a', enrollmentId: 'en-a', touchKey: '0/newsletter/1', on: '2026-11-02' }],
    ['a refused channel', { type: 'LogTouch', contactId: 'c-a', kind: 'text', channel: 'text', on: '2026-11-02' }],
    ['no graduation', { type: 'AcceptGraduation', contactId: 'c-a', enrollmentId: 'en-a', newEnrollmentId: 'en-z', startDate: '2026-11-20' }],
    ['refers itself', { type: 'ReceiveReferral', contactId: 'c-a', referralId: 'r-9', refereeId: 'c-a' }],
    ['a referral id taken', { type: 'ReceiveReferral', contactId: 'c-a', referralId: 'r-1', refereeId: 'c-c' }],
    ['an unknown referee', { type: 'ReceiveReferral', contactId: 'c-a', referralId: 'r-8', refereeId: 'c-unknown' }],
    ['referred while open', { type: 'ReceiveReferral', contactId: 'c-c', referralId: 'r-7', refereeId: 'c-b' }],
    ['no such referral', { type: 'AdvanceReferral', contactId: 'c-a', referralId: 'r-nope', stage: 'contacted' }],
    ['not the referrer', { type: 'AdvanceReferral', contactId: 'c-c', referralId: 'r-1', stage: 'contacted' }],
    ['a stage that is not one', { type: 'AdvanceReferral', contactId: 'c-a', referralId: 'r-1', stage: 'won' } as unknown as Draft],
    ['after lost', { type: 'AdvanceReferral', contactId: 'c-a', referralId: 'r-2', stage: 'contacted' }],
    ['a lead that is referred', { type: 'AdvanceLead', contactId: 'c-b', stage: 'contacted' } as Draft],
    ['empty feedback', { type: 'RecordFeedback', contactId: 'c-a' } as Draft],
    ['review a client', { type: 'ReviewAlly', contactId: 'c-a', verdict: 'keep' }],
    ['no such reward', { type: 'ApproveReward', rewardId: 'rw-nope' } as Draft],
    ['a merged contact', { type: 'MarkMet', contactId: 'c-twin' }],
    ['merged into itself', { type: 'MergeContacts', survivorId: 'c-c', mergedId: 'c-c' }],
  ]
  const out: Sample[] = []
  for (const [from, c] of refused) out.push(...lefts(`decide: ${from}`, net.run(c)))
  out.push(...lefts('decide: an invalid now', decide({ type: 'MarkMet', commandId: 'k', contactId: 'c-a' }, net.state, new Date(Number.NaN))))
  return out
}

/**
 * decide's refusals that need a longer story than a test of messages should tell (a stage
 * move back, a closed referral, a transaction, a reward's status, a reused command id): built
 * by the same builders `decide` calls.
 */
const builderSamples = (): Sample[] =>
  [
    DomainErrors.stageNotForward('r-1', 'appointment', 'contacted'),
    DomainErrors.referralClosed('r-1', 'lost'),
    DomainErrors.notTheReferee('r-1', 'c-c'),
    DomainErrors.transactionExists('t-1'),
    DomainErrors.rewardStatus('rw-1', 'approved', 'ApproveReward', ['held', 'issued']),
    DomainErrors.rewardStatus('rw-1', 'revoked', 'RevokeReward', ['held', 'issued', 'approved']),
    DomainErrors.commandIdReused('k-1'),
    // A host's plan has no label: its id is shown, isolated.
    DomainErrors.alreadyEnrolled('my-own-plan', 'en-a'),
  ].map((error) => ({ from: `DomainErrors.${error.code}`, error }))

// —— Plans ——

const plan = builtInPlans['client-for-life-33'] as PlanDefinition
const call = { id: 'call', kind: 'call', channel: 'phone', performedBy: 'person', timing: { rule: 'offset', days: [10, 100] } } as const
const step = (id: string, timing: unknown, kind = 'letter') => ({ id, kind, channel: 'mail', performedBy: 'person', timing })
const custom = (steps: unknown[], more: object = {}) => ({ id: 'custom', name: 'Custom', audience: 'everyone', period: { unit: 'year' }, renews: true, steps, ...more })
const cadence = (more: object) => ({ id: 'm', kind: 'meeting', channel: 'in-person', performedBy: 'person', resetBy: ['meeting'], idealDays: 30, maxDays: 45, ...more })

const planSamples = (): Sample[] =>
  [
    ['a step id twice', custom([call, { ...call }])],
    ['a window that renews', { ...builtInPlans['8x8'], renews: true }],
    ['no steps', custom([])],
    ['a holiday rule in a window', { ...builtInPlans['8x8'], steps: [step('h', { rule: 'observance', leadDays: 10, count: 7 }, 'holiday-card')] }],
    ['a circle', custom([step('a', { rule: 'after-step', step: 'b', occurrences: [1], days: 1 }), step('b', { rule: 'after-step', step: 'a', occurrences: [1], days: 1 })])],
    ['cadences', custom([call], { cadences: [cadence({ maxDays: 20 }), cadence({ resetBy: [] })] })],
    ['no plan days', custom([step('o', { rule: 'offset', days: [] }), step('p', { rule: 'offset', days: [365] })])],
    ['no months', custom([step('m', { rule: 'months-after-start', months: [] })])],
    ['a dense spread', { ...builtInPlans['8x8'], steps: [step('s', { rule: 'spread', count: 60 })] }],
    ['Feb 29', custom([step('f', { rule: 'seasonal', month: 2, day: 29 })])],
    ['follows nothing', custom([call, step('x', { rule: 'after-step', step: 'cal', occurrences: [1], days: 3 })])],
    ['follows itself', custom([step('x', { rule: 'after-step', step: 'x', occurrences: [1], days: 3 })])],
    ['follows a keyed step', custom([call, step('l', { rule: 'after-step', step: 'call', occurrences: [1], days: 3 }), step('x', { rule: 'after-step', step: 'l', occurrences: [1], days: 3 })])],
    [
      'follows a step per contact',
      custom([step('team', { rule: 'interest', category: 'team', leadDays: 14 }, 'value-added-item'), step('x', { rule: 'after-step', step: 'team', occurrences: [1], days: 1 })]),
    ],
    ['a missing occurrence, a long gap', custom([call, step('x', { rule: 'after-step', step: 'call', occurrences: [3], days: 40 })])],
    ['an occurrence followed twice', custom([call, step('x', { rule: 'after-step', step: 'call', occurrences: [1, 1], days: 2 })])],
    [
      'personal dates',
      custom([
        step('p', { rule: 'personal-date', kinds: [], leadDays: 7, count: 4, fallback: { days: [365], item: 'seasonal-greeting' } }, 'observance-card'),
      ]),
    ],
    ['a bad shape', { ...plan, steps: 'none' }],
  ].flatMap(([from, u]) => lefts(`validatePlan: ${from as string}`, validatePlan(u)))

// —— Reward policies ——

const money = (amount: number, currency = 'USD') => ({ kind: 'money', amount: { amount, currency } })
const policy = (more: object) => ({ id: 'p', name: 'Thanks', jurisdictions: [], rules: [{ id: 'r', stage: 'closed', to: 'both', value: money(5000) }], ...more })

const policySamples = (): Sample[] =>
  [
    ['no rules', policy({ rules: [] })],
    ['jurisdictions', policy({ jurisdictions: ['us-respa', 'us-respa-8', 'us-respa-8'] })],
    [
      'rules',
      policy({
        rules: [
          { id: 'a', stage: 'received', to: 'referrer', value: { kind: 'percent-of-revenue', basisPoints: 100 } },
          {
            id: 'a',
            stage: 'appointment',
            to: 'both',
            value: money(0),
            tiers: [{ from: 5, value: { kind: 'points', points: 1 } }, { from: 3, value: { kind: 'points', points: 2 } }],
            milestones: [
              { at: 2, value: { kind: 'points', points: 9 } },
              { at: 2, value: { kind: 'points', points: 8 } },
              { at: 3, every: true, value: { kind: 'points', points: 1 } },
              { at: 3, every: true, value: { kind: 'points', points: 1 } },
            ],
            conditions: { referrerRoles: [] },
          },
          { id: 'g', stage: 'closed', to: 'referrer', value: { kind: 'gift', tier: 'token', byRole: [{ role: 'core', tier: 'premium' }, { role: 'core', tier: 'standard' }] } },
        ],
      }),
    ],
    [
      'caps',
      policy({
        caps: [
          { id: 'x', period: 'lifetime', window: 'rolling' },
          { id: 'x', period: 'year', count: 1, rules: ['nope'] },
          { id: 'v', period: 'year', value: money(0) },
          { id: 's', period: 'year', count: 1, sides: [], rules: [] },
          { id: 'eur', period: 'year', value: money(100, 'EUR') },
          { id: 'pts', period: 'year', value: { kind: 'points', points: 10 } },
          { id: 'mb', period: 'month', value: { kind: 'quota', amount: 100, unit: 'MB' } },
        ],
        refundWindow: { days: 3, stages: [] },
      }),
    ],
    ['a bad shape', { id: 'p', rules: 'none' }],
  ].flatMap(([from, u]) => lefts(`validateRewardPolicy: ${from as string}`, validateRewardPolicy(u)))

// —— Calendars ——

const us = JSON.parse(JSON.stringify(builtInCalendars.us)) as Record<string, unknown> & { observances: unknown[]; cardHolidays: string[] }
const observance = (id: string, rule: object, more: object = {}) => ({ id, names: { en: id, ar: 'س' }, rule, ...more })

const calendarSamples = (): Sample[] => {
  const late = (id: string, month: number) => observance(id, { kind: 'fixed', month, day: 10 }, { fromYear: 2035 })
  const off = (id: string, day: number) => observance(id, { kind: 'fixed', month: 1, day }, { dayOff: { days: 14 } })
  const d = (s: string) => s as CalendarDate
  return [
    ...[
      ['a repeated weekend day', { ...us, weekend: [6, 6] }],
      ['a weekend of seven days', { ...us, weekend: [0, 1, 2, 3, 4, 5, 6] }],
      ['April 31, reversed years', { ...us, observances: [...us.observances, observance('x', { kind: 'fixed', month: 4, day: 31 }, { fromYear: 2030, toYear: 2020 })] }],
      ['an observance twice', { ...us, observances: [...us.observances, observance('us-christmas', { kind: 'fixed', month: 1, day: 2 })] }],
      ['eight candidates', { ...us, cardHolidays: us.cardHolidays.slice(0, 8) }],
      ['an unknown candidate', { ...us, cardHolidays: [...us.cardHolidays, 'us-arbor-day'] }],
      ['a candidate twice', { ...us, cardHolidays: [...us.cardHolidays, 'us-easter'] }],
      [
        'six in 2020',
        {
          ...us,
          observances: [...us.observances, late('late-a', 1), late('late-b', 5), late('late-c', 9)],
          cardHolidays: ['us-thanksgiving', 'us-new-year', 'us-independence-day', 'us-valentines-day', 'us-halloween', 'us-christmas', 'late-a', 'late-b', 'late-c'],
        },
      ],
      ['no business day', { ...us, observances: [...us.observances, off('off-a', 1), off('off-b', 15), off('off-c', 29)] }],
      ['a bad shape', { ...us, country: 'usa' }],
    ].flatMap(([from, u]) => lefts(`validateCalendarSet: ${from as string}`, validateCalendarSet(u))),
    ...lefts('cardHolidaysForPlanYear: a year backwards', cardHolidaysForPlanYear(builtInCalendars.us, d('2026-01-01'), d('2025-12-31'))),
    ...lefts('cardHolidaysForPlanYear: a lead time of 2.5', cardHolidaysForPlanYear(builtInCalendars.us, d('2026-01-01'), d('2026-12-31'), 2.5)),
  ]
}

// —— The calendar export ——

const icalSamples = (): Sample[] => {
  const at = '2026-11-26T09:00:00Z'
  const state = foldEvents([
    { id: 'i1', type: 'ContactAdded', at, schema: 1, contactId: 'c1', name: 'Ada', met: true },
    { id: 'i2', type: 'ContactAdded', at, schema: 1, contactId: 'c2', name: 'Bo', met: true },
    { id: 'i3', type: 'PlanEnrolled', at, schema: 1, contactId: 'c1', enrollmentId: 'e1', planId: 'client-for-life-33', startDate: '2026-11-26' },
    { id: 'i4', type: 'PlanEnrolled', at, schema: 1, contactId: 'c2', enrollmentId: 'e2', planId: 'client-for-life-33', startDate: '2026-11-26' },
  ])
  const scheduleOf = (id: string) => {
    const c = state.contacts.get(id)!
    return schedule(builtInPlans['client-for-life-33'], c.plans.enrollments[0]!, c)
  }
  const s1 = scheduleOf('c1')
  const good = { uidDomain: 'crm.example.com', stamp: now }
  const today = agenda(state, { now })
  return [
    ...lefts('scheduleToICalendar: no uidDomain', scheduleToICalendar(s1, { stamp: now } as never)),
    ...lefts('scheduleToICalendar: an invalid stamp', scheduleToICalendar(s1, { ...good, stamp: new Date(Number.NaN) })),
    ...lefts('scheduleToICalendar: names everyone', scheduleToICalendar(s1, { ...good, names: 'everyone' as never })),
    ...lefts('scheduleToICalendar: two contacts', scheduleToICalendar([s1, scheduleOf('c2')], good)),
    ...(E.isRight(today) ? lefts('agendaToICalendar: locale fr', agendaToICalendar(today.right, { ...good, locale: 'fr' as never })) : []),
  ]
}

// —— Decoding ——

const decodeSamples = (): Sample[] => {
  const hostile = {
    get id(): string {
      throw new Error('no')
    },
  }
  return [
    ...lefts('decodeEvent: a score of 7', decodeEvent({ id: 'e1', type: 'ContactRated', at: '2026-11-26T09:00:00Z', schema: 1, contactId: 'c1', score: 7 })),
    ...lefts('decodeEvent: a Date', decodeEvent({ id: 'e1', type: 'ContactRated', at: new Date(), schema: 1, contactId: 'c1', score: 3 })),
    ...lefts('decodeEvent: a long name', decodeEvent({ id: 'e1', type: 'ContactAdded', at: '2026-11-26T09:00:00Z', schema: 1, contactId: 'c1', name: 'x'.repeat(5000), met: true })),
    ...lefts('decodeEvent: a getter that throws', decodeEvent(hostile)),
    ...lefts('decodeEvents: seven bad events', decodeEvents(Array.from({ length: 7 }, (_, i) => ({ id: `e${i}`, type: 'ContactRated', schema: 1 })))),
    ...lefts('decodeWith: a policy', decodeWith(RewardPolicyC, { id: 'p' }, 'policy')),
  ]
}

/** Every sample, with the issues of each error as samples of their own. */
export const errorSamples = (): Sample[] => {
  const top = [...decodeSamples(), ...decideSamples(), ...builderSamples(), ...planSamples(), ...policySamples(), ...calendarSamples(), ...icalSamples(), ...importSamples()]
  const issues = top.flatMap(({ from, error }) =>
    (((error as { issues?: readonly TouchbaseError[] }).issues ?? []) as readonly TouchbaseError[]).map((issue) => ({ from: `${from} (issue)`, error: issue })),
  )
  return [...top, ...issues]
}
