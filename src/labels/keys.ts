/**
 * The keys that have labels but no list in `src/events/vocabulary.ts`: derived statuses, the
 * built-in plans and their steps, value-added items, the message keys a host renders on every
 * touch and the agenda's phrases. Each list is the single source of its key type, so a
 * dictionary that misses one (in either language) does not compile.
 */

/** The languages labels exist in. */
export const LABEL_LOCALES = ['en', 'ar'] as const
/** A language labels exist in: English or Arabic. */
export type LabelLocale = (typeof LABEL_LOCALES)[number]

/** Statuses of a planned touch (derived, never stored). */
export const TOUCH_STATUS_KEYS = ['upcoming', 'due', 'overdue', 'done', 'skipped', 'blocked'] as const
/** A planned touch's status: `blocked` means a refused channel (consent). */
export type TouchStatusKey = (typeof TOUCH_STATUS_KEYS)[number]

/** Statuses of a cadence ("at least monthly", "every quarter"). */
export const CADENCE_STATUS_KEYS = ['on-track', 'due', 'overdue'] as const
/** A cadence's status. */
export type CadenceStatusKey = (typeof CADENCE_STATUS_KEYS)[number]

/** Statuses of an enrollment in a plan. */
export const ENROLLMENT_STATUS_KEYS = ['active', 'paused', 'cancelled', 'completed'] as const
/** An enrollment's status. */
export type EnrollmentStatusKey = (typeof ENROLLMENT_STATUS_KEYS)[number]

/** Statuses of a reward. */
export const REWARD_STATUS_KEYS = ['held', 'issued', 'approved', 'rejected', 'revoked'] as const
/** A reward's status. */
export type RewardStatusKey = (typeof REWARD_STATUS_KEYS)[number]

/** Ids of the built-in plans. */
export const BUILT_IN_PLAN_KEYS = [
  'client-for-life-33',
  'advocate-appreciation-33',
  '8x8',
  '12-direct',
  'ally-cadence',
  'advocate-cadence',
  'core-cadence',
] as const
/** The id of a built-in plan. */
export type BuiltInPlanKey = (typeof BUILT_IN_PLAN_KEYS)[number]

/** Ids of the built-in plans' steps. */
export const PLAN_STEP_KEYS = [
  'newsletter',
  'holiday-card',
  'call',
  'great-talking-letter',
  'observance-card',
  'give-away',
  'school-calendar',
  'new-year-calendar',
  'team-season-schedule',
  'inspirational-card',
  'week-1',
  'week-2',
  'week-3',
  'week-4',
  'week-5',
  'week-6',
  'week-7',
  'week-8',
  'mailing',
  'meeting',
  'personal-call',
  'dinner-invitation',
] as const
/** The id of a built-in plan step. */
export type PlanStepKey = (typeof PLAN_STEP_KEYS)[number]

/** Keys of the value-added items (what a touch brings: the 8x8's contents, give-aways, calendars…). */
export const VALUE_ADDED_ITEM_KEYS = [
  'market-report',
  'market-statistics',
  'updated-market-statistics',
  'free-report',
  'home-advice',
  'branded-item',
  'referral-request',
  'magnetic-calendar',
  'note-cube',
  'school-calendar',
  'new-year-calendar',
  'team-season-schedule',
  'inspirational-card',
  'seasonal-greeting',
] as const
/** The key of a value-added item. */
export type ValueAddedItemKey = (typeof VALUE_ADDED_ITEM_KEYS)[number]

/** Keys of the messages a host renders on every touch. */
export const MESSAGE_KEYS = ['referral-reminder', 'value-proposition'] as const
/** The key of a message rendered on every touch. */
export type MessageKey = (typeof MESSAGE_KEYS)[number]

/** A phrase that takes no value. */
export type NoParams = Readonly<Record<never, never>>

/**
 * The agenda's phrases and the values each one takes: numbers are counts, printed in the
 * locale's digits (`n` also chooses the plural form); text values (`date`, `reason`, `name`…)
 * are what the host has already formatted (a date from `formatDate`, a reason someone typed,
 * an id).
 */
export interface AgendaPhraseParams {
  readonly 'due-today': NoParams
  readonly 'due-tomorrow': NoParams
  readonly 'due-in-days': { readonly n: number }
  readonly 'due-on': { readonly date: string }
  readonly 'overdue-by-days': { readonly n: number }
  readonly 'late-after-pause': NoParams
  readonly 'graduation-proposed': NoParams
  readonly 'no-personal-dates': NoParams
  readonly 'personal-dates-missing': { readonly n: number }
  readonly 'date-without-day': NoParams
  readonly 'interest-without-season': { readonly name: string }
  readonly 'unknown-calendar-set': { readonly calendarSet: string; readonly used: string }
  readonly 'too-few-holidays': { readonly n: number; readonly wanted: number }
  readonly 'on-hold': { readonly date: string }
  readonly 'fallback-card': NoParams
  readonly 'channel-refused': NoParams
  readonly 'do-not-contact': NoParams
  readonly paused: NoParams
  readonly 'referee-contact-due': NoParams
  readonly 'referee-contact-overdue': NoParams
  readonly 'ally-review-due': NoParams
  readonly 'ally-reconsider': NoParams
  readonly 'last-touch-days-ago': { readonly n: number }
  readonly 'never-touched': NoParams
  readonly 'skipped-with-reason': { readonly reason: string }
}
/** The key of an agenda phrase. */
export type AgendaPhraseKey = keyof AgendaPhraseParams

/** The names of the values each agenda phrase takes (the runtime twin of {@link AgendaPhraseParams}). */
export const AGENDA_PHRASE_PARAMS: { readonly [K in AgendaPhraseKey]: readonly (keyof AgendaPhraseParams[K])[] } = Object.freeze({
  'due-today': [],
  'due-tomorrow': [],
  'due-in-days': ['n'],
  'due-on': ['date'],
  'overdue-by-days': ['n'],
  'late-after-pause': [],
  'graduation-proposed': [],
  'no-personal-dates': [],
  'personal-dates-missing': ['n'],
  'date-without-day': [],
  'interest-without-season': ['name'],
  'unknown-calendar-set': ['calendarSet', 'used'],
  'too-few-holidays': ['n', 'wanted'],
  'on-hold': ['date'],
  'fallback-card': [],
  'channel-refused': [],
  'do-not-contact': [],
  paused: [],
  'referee-contact-due': [],
  'referee-contact-overdue': [],
  'ally-review-due': [],
  'ally-reconsider': [],
  'last-touch-days-ago': ['n'],
  'never-touched': [],
  'skipped-with-reason': ['reason'],
})

/** Keys of the agenda phrases, in a stable order. */
export const AGENDA_PHRASE_KEYS = Object.freeze(Object.keys(AGENDA_PHRASE_PARAMS) as AgendaPhraseKey[])
