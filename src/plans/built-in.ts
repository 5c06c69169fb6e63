/**
 * The built-in plans, as data. Hosts may replace any of them with a
 * plan of their own under the same id, or add new ones.
 */
import type { PlanDefinition, PlanStep } from './definition.js'

/**
 * The 33 touches of a plan year: 12 newsletters, 7 holiday cards, 5 calls, 3 "great talking
 * to you" letters (after calls 1, 3 and 5), 4 personal observance cards and 2 usable
 * give-aways. Calls fall about every ten weeks from plan day 21.
 */
const THIRTY_THREE: readonly PlanStep[] = [
  {
    id: 'newsletter',
    kind: 'newsletter',
    channel: 'mail',
    performedBy: 'sent',
    timing: { rule: 'monthly', dayOfMonth: 1, count: 12 },
  },
  {
    id: 'holiday-card',
    kind: 'holiday-card',
    channel: 'mail',
    performedBy: 'sent',
    timing: { rule: 'observance', leadDays: 10, count: 7 },
  },
  {
    id: 'call',
    kind: 'call',
    channel: 'phone',
    performedBy: 'person',
    timing: { rule: 'offset', days: [21, 91, 161, 231, 301] },
  },
  {
    id: 'great-talking-letter',
    kind: 'great-talking-letter',
    channel: 'mail',
    performedBy: 'person',
    timing: { rule: 'after-step', step: 'call', occurrences: [1, 3, 5], days: 3 },
  },
  {
    id: 'observance-card',
    kind: 'observance-card',
    channel: 'mail',
    performedBy: 'sent',
    timing: {
      rule: 'personal-date',
      leadDays: 7,
      count: 4,
      kinds: ['birthday', 'wedding-anniversary', 'home-purchase-anniversary', 'graduation', 'custom'],
      // Contacts with fewer than four usable dates get seasonal greeting cards instead,
      // spread through the plan year away from the inspirational cards' days.
      fallback: { item: 'seasonal-greeting', days: [75, 166, 257, 348] },
    },
  },
  {
    id: 'give-away',
    kind: 'give-away',
    channel: 'mail',
    performedBy: 'sent',
    item: 'magnetic-calendar',
    timing: { rule: 'months-after-start', months: [3, 9] },
  },
]

/** 33 Touch: Client for Life — for past clients; renews every plan year. */
export const clientForLife33: PlanDefinition = {
  id: 'client-for-life-33',
  name: '33 Touch: Client for Life',
  audience: 'past clients',
  period: { unit: 'year' },
  renews: true,
  steps: THIRTY_THREE,
}

/** 33 Touch: Advocate Appreciation — the 33, plus value-added items counted apart. */
export const advocateAppreciation33: PlanDefinition = {
  id: 'advocate-appreciation-33',
  name: '33 Touch: Advocate Appreciation',
  audience: 'advocates and core advocates',
  period: { unit: 'year' },
  renews: true,
  steps: [
    ...THIRTY_THREE,
    {
      id: 'school-calendar',
      kind: 'value-added-item',
      channel: 'mail',
      performedBy: 'sent',
      item: 'school-calendar',
      counts: 'value-added',
      // The 1st of the month before the school year (September by default).
      timing: { rule: 'seasonal', month: 8, day: 1 },
    },
    {
      id: 'new-year-calendar',
      kind: 'value-added-item',
      channel: 'mail',
      performedBy: 'sent',
      item: 'new-year-calendar',
      counts: 'value-added',
      timing: { rule: 'seasonal', month: 12, day: 1 },
    },
    {
      id: 'team-season-schedule',
      kind: 'value-added-item',
      channel: 'mail',
      performedBy: 'sent',
      item: 'team-season-schedule',
      counts: 'value-added',
      timing: { rule: 'interest', category: 'team', leadDays: 14 },
    },
    {
      id: 'inspirational-card',
      kind: 'value-added-item',
      channel: 'mail',
      performedBy: 'sent',
      item: 'inspirational-card',
      counts: 'value-added',
      // Plan days 45, 136, 227 and 318.
      timing: { rule: 'spread', count: 4 },
    },
  ],
}

/**
 * 8x8 — eight touches over the first eight weeks (the default composition, from a weak
 * public source: hosts may replace it), then a proposal to graduate to a 33 Touch plan.
 */
export const eightByEight: PlanDefinition = {
  id: '8x8',
  name: '8x8',
  audience: 'new Met contacts and new leads',
  period: { unit: 'days', days: 56 },
  renews: false,
  graduatesTo: 'client-for-life-33',
  steps: [
    { id: 'week-1', kind: 'handwritten-note', channel: 'mail', performedBy: 'person', item: 'market-report', timing: { rule: 'offset', days: [0] } },
    { id: 'week-2', kind: 'value-added-item', channel: 'mail', performedBy: 'sent', item: 'market-statistics', timing: { rule: 'offset', days: [7] } },
    { id: 'week-3', kind: 'value-added-item', channel: 'email', performedBy: 'sent', item: 'updated-market-statistics', timing: { rule: 'offset', days: [14] } },
    { id: 'week-4', kind: 'call', channel: 'phone', performedBy: 'person', timing: { rule: 'offset', days: [21] } },
    { id: 'week-5', kind: 'value-added-item', channel: 'mail', performedBy: 'sent', item: 'free-report', timing: { rule: 'offset', days: [28] } },
    { id: 'week-6', kind: 'letter', channel: 'mail', performedBy: 'sent', item: 'home-advice', timing: { rule: 'offset', days: [35] } },
    { id: 'week-7', kind: 'give-away', channel: 'mail', performedBy: 'sent', item: 'branded-item', timing: { rule: 'offset', days: [42] } },
    { id: 'week-8', kind: 'call', channel: 'phone', performedBy: 'person', item: 'referral-request', timing: { rule: 'offset', days: [49] } },
  ],
}

/** 12 Direct — a mailing a month for Haven't Met contacts. */
export const twelveDirect: PlanDefinition = {
  id: '12-direct',
  name: '12 Direct',
  audience: "Haven't Met contacts",
  period: { unit: 'year' },
  renews: true,
  steps: [{ id: 'mailing', kind: 'mailing', channel: 'mail', performedBy: 'sent', timing: { rule: 'monthly', dayOfMonth: 1, count: 12 } }],
}

/** Ally cadence — a one-on-one meeting every quarter, with a review of the referral exchange. */
export const allyCadence: PlanDefinition = {
  id: 'ally-cadence',
  name: 'Ally meetings',
  audience: 'allied resources',
  period: { unit: 'year' },
  renews: true,
  steps: [],
  cadences: [
    { id: 'meeting', kind: 'meeting', channel: 'in-person', performedBy: 'person', resetBy: ['meeting', 'dinner-invitation'], idealDays: 91, maxDays: 120 },
  ],
}

/** Advocate cadence — a meeting at least monthly. */
export const advocateCadence: PlanDefinition = {
  id: 'advocate-cadence',
  name: 'Advocate meetings',
  audience: 'advocates',
  period: { unit: 'year' },
  renews: true,
  steps: [],
  cadences: [
    { id: 'meeting', kind: 'meeting', channel: 'in-person', performedBy: 'person', resetBy: ['meeting', 'dinner-invitation'], idealDays: 30, maxDays: 45 },
  ],
}

/**
 * Core cadence — a monthly meeting, personal calls and dinner invitations; gifts of a higher
 * value tier than other groups.
 */
export const coreCadence: PlanDefinition = {
  id: 'core-cadence',
  name: 'Core advocate relationship',
  audience: 'core advocates',
  period: { unit: 'year' },
  renews: true,
  steps: [],
  cadences: [
    { id: 'meeting', kind: 'meeting', channel: 'in-person', performedBy: 'person', resetBy: ['meeting', 'dinner-invitation'], idealDays: 30, maxDays: 45 },
    { id: 'personal-call', kind: 'call', channel: 'phone', performedBy: 'person', resetBy: ['call', 'meeting', 'dinner-invitation'], idealDays: 14, maxDays: 21 },
    { id: 'dinner-invitation', kind: 'dinner-invitation', channel: 'in-person', performedBy: 'person', resetBy: ['dinner-invitation'], idealDays: 91, maxDays: 120, giftTier: 'premium' },
  ],
}

/** The built-in plans, keyed by id. */
export const builtInPlans = {
  'client-for-life-33': clientForLife33,
  'advocate-appreciation-33': advocateAppreciation33,
  '8x8': eightByEight,
  '12-direct': twelveDirect,
  'ally-cadence': allyCadence,
  'advocate-cadence': advocateCadence,
  'core-cadence': coreCadence,
} as const satisfies Readonly<Record<string, PlanDefinition>>

/** The id of a built-in plan. */
export type BuiltInPlanId = keyof typeof builtInPlans

/** Plans by id: the built-in ones, or a host's own record of plans. */
export type PlanCatalogue = Readonly<Record<string, PlanDefinition>>

/**
 * The plan with an id in a catalogue, or `undefined` — own keys only, so an id such as
 * `constructor` or `__proto__` finds nothing.
 * @example findPlan(builtInPlans, '8x8')?.name // '8x8'
 */
export const findPlan = (plans: PlanCatalogue, id: string): PlanDefinition | undefined =>
  Object.prototype.hasOwnProperty.call(plans, id) ? plans[id] : undefined
