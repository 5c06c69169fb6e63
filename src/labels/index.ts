/**
 * Labels in English and Arabic for every word of the domain (touch kinds, channels, roles,
 * stages, statuses, plans and steps, value-added items, the messages every touch carries and
 * the agenda's phrases), dates (Gregorian, with the Umm al-Qura date on request) and money
 * through `Intl`, Unicode bidi isolates for mixed-direction text, and every error touchbase
 * returns (`formatError`). Pure functions: the
 * locale is always passed in, never read from the environment. See `docs/labels.md`.
 */
export {
  AGENDA_PHRASE_KEYS,
  AGENDA_PHRASE_PARAMS,
  BUILT_IN_PLAN_KEYS,
  CADENCE_STATUS_KEYS,
  ENROLLMENT_STATUS_KEYS,
  LABEL_LOCALES,
  MESSAGE_KEYS,
  PLAN_STEP_KEYS,
  REWARD_STATUS_KEYS,
  TOUCH_STATUS_KEYS,
  VALUE_ADDED_ITEM_KEYS,
  type AgendaPhraseKey,
  type AgendaPhraseParams,
  type BuiltInPlanKey,
  type CadenceStatusKey,
  type EnrollmentStatusKey,
  type LabelLocale,
  type MessageKey,
  type NoParams,
  type PlanStepKey,
  type RewardStatusKey,
  type TouchStatusKey,
  type ValueAddedItemKey,
} from './keys.js'
export type { LabelCategory, LabelKey, Labels, PhraseTemplate, PluralForms } from './types.js'
export { LABEL_KEYS, agendaPhrase, label, labels, type AgendaPhraseArgs } from './dictionary.js'
export {
  formatDate,
  formatMoney,
  formatPersonalDate,
  intlLocale,
  toLabelLocale,
  type DateStyle,
  type FormatDateOptions,
} from './format.js'
export { bidiIsolate, isRtl, isolate, type BidiDirection } from './bidi.js'
export { ERROR_CODES, formatError, type ErrorCode, type ErrorFallback, type FormattedError } from './errors.js'
