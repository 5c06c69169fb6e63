import * as E from 'fp-ts/lib/Either.js'
import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  agenda,
  CALENDAR_ERROR_CODES,
  DECODE_ERROR_CODES,
  DOMAIN_ERROR_CODES,
  ERROR_CODES,
  LABEL_LOCALES,
  LABEL_KEYS,
  PLAN_ERROR_CODES,
  REWARD_POLICY_ERROR_CODES,
  foldEvents,
  formatError,
  touchbaseError,
  type TouchbaseError,
} from '../../src/index.js'
import { ICAL_ERROR_CODES } from '../../src/ical/index.js'
import { IMPORT_ERROR_CODES } from '../../src/import/index.js'
import { ERROR_MESSAGES } from '../../src/labels/error-messages.js'
import { placeholdersOf } from '../../src/labels/errors.js'
import { errorSamples } from './error-corpus.js'

const FAMILIES = {
  decoding: DECODE_ERROR_CODES,
  decide: DOMAIN_ERROR_CODES,
  plans: PLAN_ERROR_CODES,
  'reward policies': REWARD_POLICY_ERROR_CODES,
  calendars: CALENDAR_ERROR_CODES,
  'calendar export': ICAL_ERROR_CODES,
  imports: IMPORT_ERROR_CODES,
} as const

const samples = errorSamples()
const ISOLATED = /[\u2066-\u2068][^\u2066-\u2069]*\u2069/g
/** Text outside the isolates: what the Arabic sentence itself is made of. */
const outside = (s: string): string => s.replace(ISOLATED, '')

describe('error codes', () => {
  it('each family lists its codes once, and no two families share a code', () => {
    const all = Object.values(FAMILIES).flat()
    expect(new Set(all).size).toBe(all.length)
    expect([...ERROR_CODES].sort()).toEqual([...all].sort())
  })
})

describe('every code has a message in every built-in locale', () => {
  for (const [family, codes] of Object.entries(FAMILIES)) {
    for (const locale of LABEL_LOCALES) {
      it(`${family}, in ${locale}`, () => {
        const missing = codes.filter((code) => {
          const template = (ERROR_MESSAGES[locale].messages as Record<string, string | undefined>)[code]
          return typeof template !== 'string' || template.trim().length === 0
        })
        expect(missing).toEqual([])
      })
    }
  }

  it('and no message for a code that is not one', () => {
    for (const locale of LABEL_LOCALES) expect(Object.keys(ERROR_MESSAGES[locale].messages).sort()).toEqual([...ERROR_CODES].sort())
  })

  it('in every locale, a template reads the same params as in English, and names only categories that exist', () => {
    const categories = new Set([...Object.keys(LABEL_KEYS), 'date', 'month'])
    for (const code of ERROR_CODES) {
      const en = new Set(placeholdersOf(ERROR_MESSAGES.en.messages[code]))
      for (const locale of LABEL_LOCALES) {
        const template = ERROR_MESSAGES[locale].messages[code]
        // Another language may leave out a detail English gives; it may not need a param English does not.
        expect(placeholdersOf(template).filter((p) => !en.has(p)), `${locale} ${code}`).toEqual([])
        for (const m of template.matchAll(/\{\w+:(\w+)/g)) expect(categories.has(m[1] as string), `${locale} ${code}: ${m[1]}`).toBe(true)
      }
    }
  })
})

describe('the errors touchbase builds', () => {
  it('cover every code of every family (from real failing inputs, and decide’s builders for the rest)', () => {
    const seen = new Set(samples.map((s) => s.error.code))
    expect(ERROR_CODES.filter((c) => !seen.has(c))).toEqual([])
    // Builders stand in only for refusals a short test cannot reach through decide.
    const viaBuilders = new Set(samples.filter((s) => s.from.startsWith('DomainErrors.')).map((s) => s.error.code))
    const viaInputs = new Set(samples.filter((s) => !s.from.startsWith('DomainErrors.')).map((s) => s.error.code))
    expect([...viaBuilders].filter((c) => !viaInputs.has(c)).length).toBeLessThanOrEqual(6)
  })

  it('carry every param their messages use, in every locale', () => {
    for (const { from, error } of samples) {
      for (const locale of LABEL_LOCALES) {
        for (const name of placeholdersOf(ERROR_MESSAGES[locale].messages[error.code as keyof typeof ERROR_MESSAGES.en.messages])) {
          const present =
            name === 'path'
              ? typeof error.path === 'string'
              : name === 'details'
                ? Array.isArray((error as { issues?: unknown }).issues)
                : error.params[name] !== undefined && error.params[name] !== null
          expect(present, `${from}: ${error.code} needs ${name} (${locale})`).toBe(true)
        }
      }
    }
  })

  it('have the shape { code, path?, params, message }, and an issue’s message starts with its path', () => {
    for (const { from, error } of samples) {
      expect(Object.keys(error).filter((k) => !['code', 'path', 'params', 'message', 'issues'].includes(k)), from).toEqual([])
      expect(typeof error.message === 'string' && error.message.length > 0, from).toBe(true)
      if (from.endsWith('(issue)')) expect(error.message.startsWith(`${error.path}: `), from).toBe(true)
    }
  })

  it('in English, formatError gives each error’s message, word for word', () => {
    for (const { from, error } of samples) expect(formatError(error, 'en'), from).toEqual({ text: error.message, locale: 'en', fellBack: false, fallbacks: [] })
  })

  it('in Arabic: no fallback, Arabic-Indic digits, every id and value isolated, Arabic punctuation', () => {
    for (const { from, error } of samples) {
      const r = formatError(error, 'ar')
      expect(r.locale, from).toBe('ar')
      expect(r.fellBack, from).toBe(false)
      expect(r.text, from).not.toMatch(/[{}]/)
      const own = outside(r.text)
      expect(own, `${from}: ${r.text}`).not.toMatch(/[A-Za-z0-9]/)
      expect(own, `${from}: ${r.text}`).not.toMatch(/[;,?]/)
      expect(own, `${from}: ${r.text}`).toMatch(/\p{Script=Arabic}/u)
    }
  })
})

describe('formatError', () => {
  const unknownContact: TouchbaseError = touchbaseError('unknown-contact', 'No contact "c-9" in the network: add it first.', { contactId: 'c-9' })

  it('renders in Arabic from code and params, never from the message', () => {
    const r = formatError({ ...unknownContact, message: 'anything' }, 'ar')
    expect(r).toEqual({ text: 'لا توجد جهة اتصال «\u2068c-9\u2069» في الشبكة: أضفها أولًا.', locale: 'ar', fellBack: false, fallbacks: [] })
  })

  it('takes any BCP 47 tag of a language it has', () => {
    expect(formatError(unknownContact, 'ar-SA').locale).toBe('ar')
    expect(formatError(unknownContact, 'en-GB')).toMatchObject({ locale: 'en', fellBack: false })
  })

  it('reports a locale it has no messages in, and answers in English', () => {
    expect(formatError(unknownContact, 'fr')).toEqual({ text: unknownContact.message, locale: 'en', fellBack: true, fallbacks: ['unknown-locale'] })
    expect(formatError(unknownContact, '')).toMatchObject({ locale: 'en', fellBack: true, fallbacks: ['unknown-locale'] })
  })

  it('gives a host’s own error its own message, flagged', () => {
    const mine = touchbaseError('quota-exceeded', 'Your plan allows 500 contacts.', { limit: 500 })
    expect(formatError(mine, 'ar')).toEqual({ text: mine.message, locale: 'en', fellBack: true, fallbacks: ['unknown-code'] })
    expect(formatError(mine, 'fr').fallbacks).toEqual(['unknown-locale', 'unknown-code'])
  })

  it('gives an error built by hand without the params its message needs its own message, flagged', () => {
    const r = formatError(touchbaseError('unknown-contact', 'No such contact.'), 'ar')
    expect(r).toEqual({ text: 'No such contact.', locale: 'en', fellBack: true, fallbacks: ['missing-params'] })
  })

  it('says the issues of an error in the locale, joined with Arabic semicolons, the rest counted', () => {
    const refused = samples.find((s) => s.from === 'decodeEvents: seven bad events')?.error as TouchbaseError & { issues: readonly TouchbaseError[] }
    expect(refused.issues.length).toBeGreaterThan(5)
    const r = formatError(refused, 'ar')
    expect(r.text.split('؛ ').length).toBe(6)
    expect(r.text.endsWith(`وأسباب أخرى عددها ${(refused.issues.length - 5).toLocaleString('ar-u-nu-arab')}`)).toBe(true)
  })

  it('says the domain’s words by their labels, dates spelt out, numbers in Arabic-Indic digits', () => {
    const channel = touchbaseError('channel-refused', '', { contactId: 'c-1', channel: 'phone' })
    expect(formatError(channel, 'ar').text).toContain('قناة «الهاتف»')
    const future = touchbaseError('touch-in-future', '', { on: '2026-12-01', today: '2026-11-26' })
    expect(formatError(future, 'ar').text).toContain('١ ديسمبر ٢٠٢٦')
    const rating = touchbaseError('rating-out-of-range', '', { score: 12 })
    expect(formatError(rating, 'ar').text).toContain('وليس ١٢.')
  })

  it('keeps a name’s own period inside its isolate, and the sentence’s after it', () => {
    const r = formatError(touchbaseError('unknown-plan', '', { planId: 'Acme Co.' }), 'ar')
    expect(r.text).toContain('«\u2068Acme Co.\u2069»')
    expect(r.text.endsWith('.')).toBe(true)
  })

  it('renders agenda’s invalid-now too (its message says more than the shared English text)', () => {
    const r = agenda(foldEvents([]), { now: new Date(Number.NaN) })
    expect(E.isLeft(r) && r.left.code).toBe('invalid-now')
    if (E.isLeft(r)) {
      expect(formatError(r.left, 'ar')).toMatchObject({ locale: 'ar', fellBack: false })
      expect(r.left.message.startsWith(formatError(r.left, 'en').text.slice(0, -1))).toBe(true)
    }
  })

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), fc.constantFrom(...ERROR_CODES, 'x'), fc.oneof(fc.string(), fc.constantFrom('ar', 'en', 'ar-EG')), (params, junk, code, locale) => {
        expect(() => formatError({ code, params, message: 'm' } as TouchbaseError, locale)).not.toThrow()
        expect(() => formatError(junk as TouchbaseError, locale)).not.toThrow()
        expect(() => formatError({ code, params: {}, message: 'm', issues: [junk] } as unknown as TouchbaseError, locale)).not.toThrow()
      }),
      { numRuns: 300 },
    )
  })
})
