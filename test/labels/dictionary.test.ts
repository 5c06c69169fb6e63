import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
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
  REWARD_STAGES,
  ROLES,
  STAGES,
  TOUCH_KINDS,
} from '../../src/events/vocabulary.js'
import type { EnrollmentStatus, RewardStatus } from '../../src/state/types.js'
import {
  AGENDA_PHRASE_KEYS,
  AGENDA_PHRASE_PARAMS,
  LABEL_KEYS,
  LABEL_LOCALES,
  agendaPhrase,
  label,
  labels,
  type AgendaPhraseKey,
  type EnrollmentStatusKey,
  type LabelCategory,
  type Labels,
  type PhraseTemplate,
  type RewardStatusKey,
} from '../../src/labels/index.js'

const ARABIC_LETTER = /\p{Script=Arabic}/u
const ASCII_DIGIT = /[0-9]/
const PLACEHOLDER = /\{(\w+)\}/g

/** Every text of a template: the string, or each of its plural forms. */
const formsOf = (t: PhraseTemplate): string[] => (typeof t === 'string' ? [t] : Object.values(t))

const categories = Object.keys(LABEL_KEYS) as (keyof Labels)[]

// Compile-time checks (run by `tsc --noEmit`): a dictionary missing a key, or with a key the
// vocabulary does not have, does not compile; the status keys match the state's own types.
// @ts-expect-error — 'ally' is missing
export const missingKey: Labels['roles'] = { lead: 'Lead', client: 'Client', advocate: 'Advocate', core: 'Core Advocate' }
export const unknownKey: Labels['giftTiers'] = {
  token: 'Token',
  standard: 'Standard',
  premium: 'Premium',
  // @ts-expect-error — not a gift tier
  platinum: 'Platinum',
}
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
export const statusesAgree: [Same<EnrollmentStatus, EnrollmentStatusKey>, Same<RewardStatus, RewardStatusKey>] = [true, true]

describe('labels: every key of every list, in both languages', () => {
  it('LABEL_KEYS holds the vocabulary lists themselves', () => {
    expect(LABEL_KEYS.touchKinds).toBe(TOUCH_KINDS)
    expect(LABEL_KEYS.channels).toBe(CHANNELS)
    expect(LABEL_KEYS.roles).toBe(ROLES)
    expect(LABEL_KEYS.circles).toBe(CIRCLES)
    expect(LABEL_KEYS.allyCategories).toBe(ALLY_CATEGORIES)
    expect(LABEL_KEYS.personalDateKinds).toBe(PERSONAL_DATE_KINDS)
    expect(LABEL_KEYS.interestCategories).toBe(INTEREST_CATEGORIES)
    expect(LABEL_KEYS.stages).toBe(STAGES)
    expect(LABEL_KEYS.rewardSides).toBe(REWARD_SIDES)
    expect(LABEL_KEYS.giftTiers).toBe(GIFT_TIERS)
    expect(LABEL_KEYS.costCategories).toBe(COST_CATEGORIES)
    expect(LABEL_KEYS.allyVerdicts).toBe(ALLY_VERDICTS)
    expect(LABEL_KEYS.agenda).toBe(AGENDA_PHRASE_KEYS)
  })

  it('has the statuses, plans, steps, items and messages the brief names', () => {
    expect(LABEL_KEYS.touchStatuses).toEqual(['upcoming', 'due', 'overdue', 'done', 'skipped', 'blocked'])
    expect(LABEL_KEYS.cadenceStatuses).toEqual(['on-track', 'due', 'overdue'])
    expect(LABEL_KEYS.plans).toEqual([
      'client-for-life-33', 'advocate-appreciation-33', '8x8', '12-direct', 'ally-cadence', 'advocate-cadence', 'core-cadence',
    ])
    expect(LABEL_KEYS.planSteps).toEqual(expect.arrayContaining([
      'newsletter', 'holiday-card', 'call', 'great-talking-letter', 'observance-card', 'give-away', 'school-calendar',
      'new-year-calendar', 'team-season-schedule', 'inspirational-card', 'week-1', 'week-2', 'week-3', 'week-4', 'week-5',
      'week-6', 'week-7', 'week-8', 'mailing', 'meeting', 'personal-call', 'dinner-invitation',
    ]))
    expect(LABEL_KEYS.valueAddedItems).toEqual(expect.arrayContaining([
      'market-report', 'market-statistics', 'updated-market-statistics', 'free-report', 'home-advice', 'branded-item',
      'referral-request', 'magnetic-calendar', 'note-cube', 'school-calendar', 'new-year-calendar', 'team-season-schedule',
      'inspirational-card', 'seasonal-greeting',
    ]))
    expect(LABEL_KEYS.messages).toEqual(['referral-reminder', 'value-proposition'])
  })

  for (const locale of LABEL_LOCALES) {
    describe(locale, () => {
      const dict = labels(locale)

      it('labels exactly the keys of each list, each with non-empty text', () => {
        expect(Object.keys(dict).sort()).toEqual([...categories].sort())
        for (const category of categories) {
          const record = dict[category] as Readonly<Record<string, PhraseTemplate>>
          expect(Object.keys(record).sort(), category).toEqual([...LABEL_KEYS[category]].map(String).sort())
          for (const key of LABEL_KEYS[category]) {
            const forms = formsOf(record[key as string] as PhraseTemplate)
            for (const text of forms) expect(text.trim().length, `${locale} ${category}.${String(key)}`).toBeGreaterThan(0)
          }
        }
      })

      it('has no leading or trailing spaces and no doubled spaces', () => {
        for (const category of categories)
          for (const template of Object.values(dict[category] as Record<string, PhraseTemplate>))
            for (const text of formsOf(template)) expect(text).toBe(text.trim().replace(/ {2,}/g, ' '))
      })

      it('labels the reward stages through the stages', () => {
        for (const stage of REWARD_STAGES) expect(dict.stages[stage].length).toBeGreaterThan(0)
      })

      it('is frozen, all the way down, and the same object each time', () => {
        expect(labels(locale)).toBe(dict)
        expect(Object.isFrozen(dict)).toBe(true)
        for (const category of categories) {
          expect(Object.isFrozen(dict[category])).toBe(true)
          for (const template of Object.values(dict[category] as Record<string, PhraseTemplate>))
            if (typeof template === 'object') expect(Object.isFrozen(template)).toBe(true)
        }
        expect(() => {
          ;(dict.roles as Record<string, string>)['lead'] = 'changed'
        }).toThrow(TypeError)
        expect(dict.roles.lead).not.toBe('changed')
      })

      it('agenda templates use exactly the values their phrase declares', () => {
        for (const key of AGENDA_PHRASE_KEYS) {
          const declared: readonly string[] = AGENDA_PHRASE_PARAMS[key]
          const template = dict.agenda[key]
          for (const text of formsOf(template)) {
            const used = [...text.matchAll(PLACEHOLDER)].map((m) => m[1])
            for (const name of used) expect(declared, `${locale} ${key}: {${name}}`).toContain(name)
            // Text values appear in every form; a count may be spelled out (يوم واحد, يومين).
            for (const name of declared.filter((d) => d !== 'n')) expect(used, `${locale} ${key}`).toContain(name)
          }
          if (declared.includes('n')) {
            const other = typeof template === 'string' ? template : template.other
            expect(other, `${locale} ${key}`).toContain('{n}')
          }
        }
      })
    })
  }

  it('Arabic labels are written in Arabic letters, with Arabic-Indic digits only', () => {
    const dict = labels('ar')
    for (const category of categories)
      for (const [key, template] of Object.entries(dict[category] as Record<string, PhraseTemplate>))
        for (const text of formsOf(template)) {
          expect(text, `ar ${category}.${key}`).toMatch(ARABIC_LETTER)
          expect(text, `ar ${category}.${key}`).not.toMatch(ASCII_DIGIT)
        }
  })

  it('English labels have no Arabic letters, and differ from the Arabic ones', () => {
    for (const category of categories)
      for (const [key, template] of Object.entries(labels('en')[category] as Record<string, PhraseTemplate>)) {
        for (const text of formsOf(template)) expect(text, `en ${category}.${key}`).not.toMatch(ARABIC_LETTER)
        expect(template).not.toEqual((labels('ar')[category] as Record<string, PhraseTemplate>)[key])
      }
  })

  it('uses the domain terms of the Arabic literature', () => {
    const ar = labels('ar')
    expect(ar.roles.ally).toBe('حليف')
    expect(ar.roles.advocate).toBe('مؤيد')
    expect(ar.roles.core).toContain('النواة')
    expect(ar.plans['ally-cadence']).toContain('الحلفاء')
    expect(ar.plans['client-for-life-33']).toBe('٣٣ لمسة: عميل مدى الحياة')
    expect(ar.plans['advocate-appreciation-33']).toBe('٣٣ لمسة: تقدير المؤيدين')
    expect(ar.touchKinds['referral-thank-you']).toContain('الإحالة')
    expect(ar.rewardSides.referrer).toBe('المُحيل')
  })

  it('names the 33-touch plans as the literature does', () => {
    expect(labels('en').plans['client-for-life-33']).toBe('33 Touch: Client for Life')
    expect(labels('en').plans['advocate-appreciation-33']).toBe('33 Touch: Advocate Appreciation')
  })

  it('anything but "ar" gets English', () => {
    expect(labels('fr' as 'en')).toBe(labels('en'))
    expect(labels(undefined as unknown as 'en')).toBe(labels('en'))
  })
})

describe('label', () => {
  it('looks a key up', () => {
    expect(label('en', 'stages', 'under-contract')).toBe('Under contract')
    expect(label('ar', 'channels', 'phone')).toBe('الهاتف')
    expect(label('ar', 'touchStatuses', 'blocked')).toBe('محجوبة بموجب الموافقة')
    expect(label('en', 'cadenceStatuses', 'on-track')).toBe('On track')
    expect(label('en', 'messages', 'referral-reminder')).toBe(labels('en').messages['referral-reminder'])
  })

  it('gives the key itself for a host-defined plan or step', () => {
    expect(label('ar', 'plans', 'my-spring-plan')).toBe('my-spring-plan')
    expect(label('en', 'planSteps', 'week-9')).toBe('week-9')
  })

  it('gives the key for inherited and prototype-polluting keys', () => {
    for (const key of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'])
      expect(label('en', 'roles', key)).toBe(key)
    expect(label('en', '__proto__' as LabelCategory, 'lead')).toBe('lead')
  })

  it('never throws, whatever it is given', () => {
    const category = fc.oneof(fc.constantFrom(...(Object.keys(LABEL_KEYS) as LabelCategory[])), fc.string() as fc.Arbitrary<LabelCategory>)
    const locale = fc.oneof(fc.constantFrom(...LABEL_LOCALES), fc.string() as fc.Arbitrary<'en'>)
    fc.assert(
      fc.property(locale, category, fc.string(), (l, c, k) => {
        const out = label(l, c, k)
        expect(typeof out).toBe('string')
        const known = (labels(l) as unknown as Record<string, Record<string, unknown>>)[c]
        if (known === undefined || !Object.prototype.hasOwnProperty.call(known, k)) expect(out).toBe(k)
      }),
    )
  })

  it('agrees with labels() for every known key', () => {
    for (const locale of LABEL_LOCALES)
      for (const category of Object.keys(LABEL_KEYS).filter((c) => c !== 'agenda') as LabelCategory[])
        for (const key of LABEL_KEYS[category])
          expect(label(locale, category, key as string)).toBe((labels(locale)[category] as Record<string, string>)[key as string])
  })
})

describe('agendaPhrase', () => {
  it('renders the phrases of the brief', () => {
    expect(agendaPhrase('en', 'due-today')).toBe('due today')
    expect(agendaPhrase('en', 'overdue-by-days', { n: 4 })).toBe('overdue by 4 days')
    expect(agendaPhrase('en', 'graduation-proposed')).toBe('graduation to the 33-touch plan proposed')
    expect(agendaPhrase('en', 'no-personal-dates')).toBe('no personal dates recorded')
    expect(agendaPhrase('en', 'date-without-day')).toBe('date has no day: cannot anchor a card')
    expect(agendaPhrase('en', 'channel-refused')).toBe('channel refused by consent')
    expect(agendaPhrase('en', 'paused')).toBe('paused')
    expect(agendaPhrase('ar', 'due-today')).toBe('مستحقة اليوم')
    expect(agendaPhrase('ar', 'paused')).toBe('متوقفة مؤقتًا')
  })

  it('chooses the plural form by Intl.PluralRules and prints the count in the language’s digits', () => {
    expect(agendaPhrase('en', 'overdue-by-days', { n: 1 })).toBe('overdue by 1 day')
    expect(agendaPhrase('en', 'overdue-by-days', { n: 1234 })).toBe('overdue by 1,234 days')
    expect(agendaPhrase('ar', 'overdue-by-days', { n: 0 })).toBe('متأخرة منذ ٠ يوم')
    expect(agendaPhrase('ar', 'overdue-by-days', { n: 1 })).toBe('متأخرة منذ يوم واحد')
    expect(agendaPhrase('ar', 'overdue-by-days', { n: 2 })).toBe('متأخرة منذ يومين')
    expect(agendaPhrase('ar', 'overdue-by-days', { n: 3 })).toBe('متأخرة منذ ٣ أيام')
    expect(agendaPhrase('ar', 'overdue-by-days', { n: 10 })).toBe('متأخرة منذ ١٠ أيام')
    expect(agendaPhrase('ar', 'overdue-by-days', { n: 11 })).toBe('متأخرة منذ ١١ يومًا')
    expect(agendaPhrase('ar', 'overdue-by-days', { n: 100 })).toBe('متأخرة منذ ١٠٠ يوم')
    expect(agendaPhrase('ar', 'overdue-by-days', { n: 103 })).toBe('متأخرة منذ ١٠٣ أيام')
    expect(agendaPhrase('ar', 'due-in-days', { n: 2 })).toBe('مستحقة بعد يومين')
    expect(agendaPhrase('ar', 'last-touch-days-ago', { n: 45 })).toBe('آخر لمسة قبل ٤٥ يومًا')
    expect(agendaPhrase('ar', 'too-few-holidays', { n: 5, wanted: 7 })).toBe('بطاقات المعايدة المتاحة: ٥ من ٧')
  })

  it('puts text values in, isolated when they are of the other direction', () => {
    expect(agendaPhrase('ar', 'due-on', { date: 'الخميس' })).toBe('مستحقة في الخميس')
    expect(agendaPhrase('ar', 'skipped-with-reason', { reason: 'client asked' })).toBe('تم تخطيها: \u2068client asked\u2069')
    expect(agendaPhrase('ar', 'on-hold', { date: '2026-11-26' })).toBe('متوقفة منذ \u20682026-11-26\u2069')
    expect(agendaPhrase('en', 'skipped-with-reason', { reason: 'مسافر' })).toBe('skipped: \u2068مسافر\u2069')
    expect(agendaPhrase('en', 'skipped-with-reason', { reason: 'travelling' })).toBe('skipped: travelling')
    expect(agendaPhrase('en', 'unknown-calendar-set', { calendarSet: 'kw', used: 'us' })).toBe(
      'unknown calendar set kw: the holidays of us are used',
    )
  })

  it('never throws and leaves no placeholder unfilled, for any count', () => {
    const withN = AGENDA_PHRASE_KEYS.filter((k) => AGENDA_PHRASE_PARAMS[k].includes('n' as never))
    fc.assert(
      fc.property(fc.constantFrom(...LABEL_LOCALES), fc.constantFrom(...withN), fc.integer({ min: 0, max: 1_000_000 }), (l, key, n) => {
        const out = (agendaPhrase as (l: string, k: AgendaPhraseKey, v: object) => string)(l, key, { n, wanted: n + 1 })
        expect(out).not.toMatch(PLACEHOLDER)
        if (l === 'ar') expect(out).not.toMatch(ASCII_DIGIT)
      }),
    )
  })

  it('gives the key itself for an unknown phrase, and keeps a placeholder whose value is missing', () => {
    const loose = agendaPhrase as (l: string, k: string, v?: object) => string
    expect(loose('en', 'no-such-phrase')).toBe('no-such-phrase')
    expect(loose('en', '__proto__')).toBe('__proto__')
    expect(loose('en', 'due-on')).toBe('due {date}')
    expect(loose('en', 'overdue-by-days', { n: Number.NaN })).toBe('overdue by NaN days')
  })
})
