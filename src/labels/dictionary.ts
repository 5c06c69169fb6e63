/**
 * The label dictionaries, a lookup with a fallback for host-defined keys, and the agenda's
 * phrases rendered with their counts and values.
 */
import {
  ALLY_CATEGORIES,
  ALLY_VERDICTS,
  CHANNELS,
  CIRCLES,
  COST_CATEGORIES,
  GIFT_TIERS,
  INTEREST_CATEGORIES,
  PERSONAL_DATE_KINDS,
  REWARD_SIDES,
  ROLES,
  STAGES,
  TOUCH_KINDS,
} from '../events/vocabulary.js'
import { ar } from './ar.js'
import { isolateValue } from './bidi.js'
import { en } from './en.js'
import { intlLocale } from './format.js'
import {
  AGENDA_PHRASE_KEYS,
  BUILT_IN_PLAN_KEYS,
  CADENCE_STATUS_KEYS,
  ENROLLMENT_STATUS_KEYS,
  MESSAGE_KEYS,
  PLAN_STEP_KEYS,
  REWARD_STATUS_KEYS,
  TOUCH_STATUS_KEYS,
  VALUE_ADDED_ITEM_KEYS,
  type AgendaPhraseKey,
  type AgendaPhraseParams,
  type LabelLocale,
} from './keys.js'
import type { LabelCategory, LabelKey, Labels, PhraseTemplate } from './types.js'

/**
 * Every key of every category, in the order of its list (the vocabulary's lists for the
 * domain's words): what a dictionary must label, for tests and for a host's own translations.
 * @example LABEL_KEYS.roles // ['lead', 'client', 'advocate', 'core', 'ally']
 */
export const LABEL_KEYS: { readonly [C in keyof Labels]: readonly (keyof Labels[C])[] } = Object.freeze({
  touchKinds: TOUCH_KINDS,
  channels: CHANNELS,
  roles: ROLES,
  circles: CIRCLES,
  allyCategories: ALLY_CATEGORIES,
  personalDateKinds: PERSONAL_DATE_KINDS,
  interestCategories: INTEREST_CATEGORIES,
  stages: STAGES,
  rewardSides: REWARD_SIDES,
  giftTiers: GIFT_TIERS,
  costCategories: COST_CATEGORIES,
  allyVerdicts: ALLY_VERDICTS,
  touchStatuses: TOUCH_STATUS_KEYS,
  cadenceStatuses: CADENCE_STATUS_KEYS,
  enrollmentStatuses: ENROLLMENT_STATUS_KEYS,
  rewardStatuses: REWARD_STATUS_KEYS,
  plans: BUILT_IN_PLAN_KEYS,
  planSteps: PLAN_STEP_KEYS,
  valueAddedItems: VALUE_ADDED_ITEM_KEYS,
  messages: MESSAGE_KEYS,
  agenda: AGENDA_PHRASE_KEYS,
})

/** Freezes a dictionary, its categories and its plural forms (all owned by this module). */
const freezeDictionary = (d: Labels): Labels => {
  for (const category of Object.values(d) as object[]) {
    for (const entry of Object.values(category) as unknown[]) if (typeof entry === 'object' && entry !== null) Object.freeze(entry)
    Object.freeze(category)
  }
  return Object.freeze(d)
}

const DICTIONARIES: { readonly [L in LabelLocale]: Labels } = Object.freeze({
  en: freezeDictionary(en),
  ar: freezeDictionary(ar),
})

/**
 * The label dictionary of a language: a frozen object with a label for every value of every
 * category (touch kinds, channels, roles, circles, ally categories, personal-date kinds,
 * interests, stages, reward sides, gift tiers, cost categories, ally verdicts, touch, cadence,
 * enrollment and reward statuses, built-in plans and steps, value-added items, messages and
 * agenda phrases). The same object on every call; anything but `'ar'` gets English.
 * @example labels('en').touchKinds['great-talking-letter'] // '“Great talking to you” letter'
 * @example labels('ar').roles.ally // 'حليف'
 * @example labels('ar').plans['client-for-life-33'] // '٣٣ لمسة: عميل مدى الحياة'
 * @example labels('en').messages['referral-reminder'] // 'Referrals are always welcome: introduce us to anyone we could help.'
 */
export const labels = (locale: LabelLocale): Labels => (locale === 'ar' ? DICTIONARIES.ar : DICTIONARIES.en)

const own = (o: unknown, key: string): unknown =>
  typeof o === 'object' && o !== null && Object.prototype.hasOwnProperty.call(o, key) ? (o as Record<string, unknown>)[key] : undefined

/**
 * One label: `label(locale, category, key)` is `labels(locale)[category][key]` for the keys
 * touchbase knows, and the key itself for any other (a host-defined plan or step, a value from a
 * newer version). Never throws, whatever it is given.
 * @example label('en', 'stages', 'under-contract') // 'Under contract'
 * @example label('ar', 'channels', 'phone') // 'الهاتف'
 * @example label('ar', 'plans', 'my-spring-plan') // 'my-spring-plan' (host-defined: the key itself)
 */
export const label = <C extends LabelCategory>(locale: LabelLocale, category: C, key: LabelKey<C> | (string & {})): string => {
  const value = own(own(labels(locale), category), key)
  return typeof value === 'string' && value.length > 0 ? value : String(key)
}

const pluralRules = new Map<LabelLocale, Intl.PluralRules>()
const numberFormats = new Map<LabelLocale, Intl.NumberFormat>()

const pluralRule = (locale: LabelLocale, n: number): Intl.LDMLPluralRule => {
  let rules = pluralRules.get(locale)
  if (rules === undefined) {
    rules = new Intl.PluralRules(locale)
    pluralRules.set(locale, rules)
  }
  return rules.select(n)
}

const formatCount = (locale: LabelLocale, n: number): string => {
  let f = numberFormats.get(locale)
  if (f === undefined) {
    f = new Intl.NumberFormat(intlLocale(locale))
    numberFormats.set(locale, f)
  }
  return f.format(n)
}

/** The template a phrase uses for the count `n` (its plural form; `other` when none fits). */
const formOf = (locale: LabelLocale, template: PhraseTemplate, n: number | undefined): string => {
  if (typeof template === 'string') return template
  const rule = n === undefined || !Number.isFinite(n) ? 'other' : pluralRule(locale, n)
  return template[rule] ?? template.other
}

/** The values an agenda phrase takes: none for most, `{ n }`, `{ date }` or `{ reason }` for some. */
export type AgendaPhraseArgs<K extends AgendaPhraseKey> = keyof AgendaPhraseParams[K] extends never
  ? []
  : [values: AgendaPhraseParams[K]]

/**
 * An agenda phrase in a language, with its values put in: the count `n` chooses the plural form
 * (`Intl.PluralRules`: Arabic has six) and is printed in the language's digits; text values
 * (`date`, `reason`) are put in as given, inside an FSI…PDI isolate when they hold letters or
 * digits of the other direction (a Latin reason in Arabic), so they keep their order. Never
 * throws; an unknown key gives the key itself.
 * @example agendaPhrase('en', 'overdue-by-days', { n: 1 }) // 'overdue by 1 day'
 * @example agendaPhrase('en', 'overdue-by-days', { n: 3 }) // 'overdue by 3 days'
 * @example agendaPhrase('ar', 'overdue-by-days', { n: 2 }) // 'متأخرة منذ يومين'
 * @example agendaPhrase('ar', 'overdue-by-days', { n: 3 }) // 'متأخرة منذ ٣ أيام'
 * @example agendaPhrase('ar', 'overdue-by-days', { n: 11 }) // 'متأخرة منذ ١١ يومًا'
 * @example agendaPhrase('en', 'graduation-proposed') // 'graduation to the 33-touch plan proposed'
 * @example agendaPhrase('ar', 'due-on', { date: formatDate('2026-11-26', 'ar') }) // 'مستحقة في ٢٦ نوفمبر ٢٠٢٦'
 */
export const agendaPhrase = <K extends AgendaPhraseKey>(locale: LabelLocale, key: K, ...args: AgendaPhraseArgs<K>): string => {
  const l: LabelLocale = locale === 'ar' ? 'ar' : 'en'
  const template = own(labels(l).agenda, key) as PhraseTemplate | undefined
  if (template === undefined) return String(key)
  const values: Readonly<Record<string, unknown>> = typeof args[0] === 'object' && args[0] !== null ? args[0] : {}
  const n = typeof values['n'] === 'number' ? values['n'] : undefined
  return formOf(l, template, n).replace(/\{(\w+)\}/g, (placeholder, name: string) => {
    const value = own(values, name)
    if (value === undefined) return placeholder
    if (typeof value === 'number') return formatCount(l, value)
    return isolateValue(String(value), l)
  })
}
