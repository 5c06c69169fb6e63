/**
 * Errors in the user's language: `formatError` renders any touchbase error from its `code`
 * and `params` (never by parsing its English `message`), in English or Arabic, and says when
 * it could not do so in the language asked for.
 */
import { isCalendarDate, type CalendarDate } from '../core/calendar-date.js'
import { DECODE_ERROR_CODES } from '../core/decoding.js'
import { ISSUES_SHOWN, type ErrorParam, type TouchbaseError } from '../core/errors.js'
import { CALENDAR_ERROR_CODES } from '../calendars/errors.js'
import { DOMAIN_ERROR_CODES } from '../decisions/errors.js'
import { ICAL_ERROR_CODES } from '../ical/errors.js'
import { IMPORT_ERROR_CODES } from '../import/errors.js'
import { PLAN_ERROR_CODES } from '../plans/errors.js'
import { REWARD_POLICY_ERROR_CODES } from '../rewards/validate.js'
import { isolate, isolateValue, primaryLanguage } from './bidi.js'
import { label } from './dictionary.js'
import { ERROR_MESSAGES, type ErrorCode } from './error-messages.js'
import { formatDate } from './format.js'
import { LABEL_LOCALES, type LabelLocale } from './keys.js'
import type { LabelCategory } from './types.js'

export type { ErrorCode } from './error-messages.js'

/**
 * Every code of every error touchbase returns, family by family: decoding
 * (`DECODE_ERROR_CODES`), `decide` (`DOMAIN_ERROR_CODES`), `validatePlan`
 * (`PLAN_ERROR_CODES`), `validateRewardPolicy` (`REWARD_POLICY_ERROR_CODES`), the
 * calendars (`CALENDAR_ERROR_CODES`), the calendar export (`ICAL_ERROR_CODES`, from
 * `touchbase/ical`) and the imports of `touchbase/import` (`IMPORT_ERROR_CODES`). `formatError`
 * has a message for each in every locale.
 */
export const ERROR_CODES: readonly ErrorCode[] = Object.freeze([
  ...DECODE_ERROR_CODES,
  ...DOMAIN_ERROR_CODES,
  ...PLAN_ERROR_CODES,
  ...REWARD_POLICY_ERROR_CODES,
  ...CALENDAR_ERROR_CODES,
  ...ICAL_ERROR_CODES,
  ...IMPORT_ERROR_CODES,
])

/**
 * Why `formatError` gave something other than the error in the locale's own words:
 *
 * - `unknown-locale`: touchbase has no messages in that language; the text is English;
 * - `unknown-code`: the code is not one of touchbase's (a host-defined error); the text is the
 *   error's own `message`;
 * - `missing-params`: the error has a touchbase code but lacks a param its message needs (an
 *   error built by hand); the text is the error's own `message`.
 */
export type ErrorFallback = 'unknown-locale' | 'unknown-code' | 'missing-params'

/** An error rendered for a person: the text, the language it is in, and whether it fell back. */
export interface FormattedError {
  /** The error in words, ready to show (in Arabic, with every id, name and value isolated). */
  readonly text: string
  /**
   * The language `text` is in: the one asked for, or `'en'` when it fell back. Put it in the
   * element's `lang`, and its direction (`isRtl(locale)`) in `dir`.
   */
  readonly locale: LabelLocale
  /** Whether `text` is not the error in the words of the locale asked for. */
  readonly fellBack: boolean
  /** Why it fell back (empty when it did not); an issue's fallbacks count for its error. */
  readonly fallbacks: readonly ErrorFallback[]
}

const own = (o: unknown, key: string): unknown =>
  typeof o === 'object' && o !== null && Object.prototype.hasOwnProperty.call(o, key) ? (o as Record<string, unknown>)[key] : undefined

/** The locale touchbase has messages in for a BCP 47 tag (`ar-SA` → `ar`), or undefined. */
const knownLocale = (tag: unknown): LabelLocale | undefined => {
  if (typeof tag !== 'string') return undefined
  const language = primaryLanguage(tag)
  return (LABEL_LOCALES as readonly string[]).includes(language) ? (language as LabelLocale) : undefined
}

// Formatters are costly to make: one per locale and shape.
const numberFormats = new Map<LabelLocale, Intl.NumberFormat>()
const listFormats = new Map<string, Intl.ListFormat>()
const monthFormats = new Map<LabelLocale, Intl.DateTimeFormat>()

const formatNumber = (locale: LabelLocale, n: number): string => {
  // English writes numbers as messages do (`65536`, `2020`); Arabic in Arabic-Indic digits, ungrouped.
  if (locale === 'en') return String(n)
  let f = numberFormats.get(locale)
  if (f === undefined) {
    f = new Intl.NumberFormat('ar-u-nu-arab', { useGrouping: false, maximumFractionDigits: 20 })
    numberFormats.set(locale, f)
  }
  return f.format(n)
}

const formatList = (locale: LabelLocale, items: readonly string[], type: 'conjunction' | 'disjunction'): string => {
  const key = `${locale}|${type}`
  let f = listFormats.get(key)
  if (f === undefined) {
    f = new Intl.ListFormat(locale, { type })
    listFormats.set(key, f)
  }
  return f.format(items)
}

const monthName = (locale: LabelLocale, month: number): string | undefined => {
  if (!Number.isInteger(month) || month < 1 || month > 12) return undefined
  let f = monthFormats.get(locale)
  if (f === undefined) {
    f = new Intl.DateTimeFormat(`${locale}-u-ca-gregory`, { month: 'long', timeZone: 'UTC' })
    monthFormats.set(locale, f)
  }
  return f.format(Date.UTC(2000, month - 1, 15))
}

/** A text value: in Arabic always isolated (an id of digits and dashes would reorder too); in English when it holds right-to-left letters. */
const text = (locale: LabelLocale, value: string): string => (locale === 'ar' ? isolate(value, 'auto') : isolateValue(value, locale))

/** One value of a placeholder, or undefined when it cannot be rendered. */
const scalar = (locale: LabelLocale, value: unknown, kind: string | undefined, code: boolean): string | undefined => {
  if (typeof value === 'number') {
    if (kind === 'month') return monthName(locale, value)
    return Number.isFinite(value) ? formatNumber(locale, value) : text(locale, String(value))
  }
  if (typeof value === 'boolean') return locale === 'ar' ? (value ? 'نعم' : 'لا') : String(value)
  if (typeof value !== 'string') return undefined
  if (kind === 'date') return locale === 'ar' && isCalendarDate(value) ? formatDate(value as CalendarDate, locale) : text(locale, value)
  if (kind !== undefined && kind !== 'month') {
    const labelled = label(locale, kind as LabelCategory, value)
    // A key touchbase has no label for (a host's plan) is shown as it is, isolated.
    if (labelled !== value || locale === 'en') return labelled
  }
  const shown = text(locale, value)
  return code && locale === 'en' ? `\`${shown}\`` : shown
}

const PLACEHOLDER = /\{(\w+)(?::(\w+))?((?:\|\w+)*)\}/g

/** The names a template's placeholders read (`path` and `details` included). @internal */
export const placeholdersOf = (template: string): string[] => [...template.matchAll(PLACEHOLDER)].map((m) => m[1] as string)

interface Rendered {
  readonly text: string
  readonly fallbacks: ErrorFallback[]
  /** Whether `text` is the error's own (English) `message`. */
  readonly isMessage: boolean
}

const render = (error: TouchbaseError, locale: LabelLocale): Rendered | undefined => {
  const dictionary = ERROR_MESSAGES[locale]
  const template = own(dictionary.messages, error.code)
  if (typeof template !== 'string') return undefined
  const fallbacks: ErrorFallback[] = []
  let missing = false
  const out = template.replace(PLACEHOLDER, (_, name: string, kind: string | undefined, flags: string) => {
    const options = new Set(flags.split('|').filter((f) => f.length > 0))
    if (name === 'path') {
      if (typeof error.path === 'string') return text(locale, error.path)
    } else if (name === 'details') {
      const issues = own(error, 'issues')
      if (Array.isArray(issues)) return details(issues, locale, fallbacks)
    } else {
      const value = own(error.params, name) as ErrorParam | undefined
      if (Array.isArray(value)) {
        const items = value.map((v) => scalar(locale, v, kind, options.has('code')))
        if (items.every((i): i is string => i !== undefined)) {
          if (options.has('chain')) return items.join(locale === 'ar' ? ' ← ' : ' → ')
          return formatList(locale, items, options.has('or') ? 'disjunction' : 'conjunction')
        }
      } else {
        const one = scalar(locale, value, kind, options.has('code'))
        if (one !== undefined) return one
      }
    }
    missing = true
    return ''
  })
  return missing
    ? { text: typeof error.message === 'string' ? error.message : '', fallbacks: ['missing-params'], isMessage: true }
    : { text: out, fallbacks, isMessage: false }
}

/** The first issues in the locale's words, joined as the locale joins them, the rest counted. */
const details = (issues: readonly unknown[], locale: LabelLocale, fallbacks: ErrorFallback[]): string => {
  const dictionary = ERROR_MESSAGES[locale]
  const shown = issues.slice(0, ISSUES_SHOWN).map((issue) => {
    const r = formatError(issue as TouchbaseError, locale)
    for (const f of r.fallbacks) if (!fallbacks.includes(f)) fallbacks.push(f)
    return r.text
  })
  const more = issues.length > ISSUES_SHOWN ? dictionary.more.replace('{n}', formatNumber(locale, issues.length - ISSUES_SHOWN)) : ''
  return shown.join(dictionary.separator) + more
}

/**
 * Renders any touchbase error for a person, in English or Arabic, from its `code` and
 * `params` alone (and its `path`, and its `issues`): a user interface never parses `message`.
 * In English the text is the error's `message` (word for word for the decoders, `decide` and
 * the validators); in Arabic, numbers are in Arabic-Indic digits,
 * dates spelt out, the domain's words (stages, channels, statuses) by their labels, and every
 * id, name and value the user gave inside an FSI…PDI isolate, with Arabic punctuation.
 *
 * It never throws and never answers silently in another language: `locale` is any BCP 47 tag
 * (`'ar-SA'` is Arabic); one touchbase has no messages in gives English with `fellBack: true`
 * and `fallbacks: ['unknown-locale']`. A code touchbase does not know (a host's own error) gives
 * the error's own `message`, flagged `unknown-code`.
 *
 * @example
 * formatError(decide(…).left, 'ar')
 * // { text: 'لا توجد جهة اتصال «\u2068c-9\u2069» في الشبكة: أضفها أولًا.', locale: 'ar', fellBack: false, fallbacks: [] }
 * @example
 * formatError(error, 'fr') // { text: <the English text>, locale: 'en', fellBack: true, fallbacks: ['unknown-locale'] }
 */
export const formatError = (error: TouchbaseError, locale: string): FormattedError => {
  const asked = knownLocale(locale)
  const l: LabelLocale = asked ?? 'en'
  const fallbacks: ErrorFallback[] = asked === undefined ? ['unknown-locale'] : []
  const code = own(error, 'code')
  const rendered = typeof code === 'string' ? render(error, l) : undefined
  const message = own(error, 'message')
  if (rendered === undefined) {
    fallbacks.push('unknown-code')
    return Object.freeze({ text: typeof message === 'string' ? message : '', locale: 'en', fellBack: true, fallbacks: Object.freeze(fallbacks) })
  }
  for (const f of rendered.fallbacks) if (!fallbacks.includes(f)) fallbacks.push(f)
  // The error's own `message` is English, whatever was asked.
  return Object.freeze({ text: rendered.text, locale: rendered.isMessage ? 'en' : l, fellBack: fallbacks.length > 0, fallbacks: Object.freeze(fallbacks) })
}
