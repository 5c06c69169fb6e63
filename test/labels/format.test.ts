import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { fromDayNumber, ymdToDayNumber, type CalendarDate } from '../../src/core/calendar-date.js'
import { toHijri } from '../../src/calendars/index.js'
import { formatDate, formatMoney, formatPersonalDate, intlLocale, toLabelLocale } from '../../src/labels/index.js'
import { minorUnitsToDecimal } from '../../src/labels/format.js'
import { runs } from '../support/runs.js'

const d = (s: string): CalendarDate => s as CalendarDate
const ARABIC_INDIC = /[٠-٩]/
const ASCII_DIGIT = /[0-9]/
const RLM = '\u200f'

/** Any calendar date of the Gregorian years `from`–`to`. */
const dateIn = (from: number, to: number): fc.Arbitrary<CalendarDate> =>
  fc.integer({ min: ymdToDayNumber(from, 1, 1), max: ymdToDayNumber(to, 12, 31) }).map(fromDayNumber)

/** Arabic-Indic digits to ASCII. */
const latinDigits = (s: string): string => s.replace(/[٠-٩]/g, (c) => String(c.charCodeAt(0) - 0x0660))

describe('formatDate: pinned (Node 20, ICU 7x)', () => {
  it('prints 2026-11-26 in English', () => {
    expect(formatDate(d('2026-11-26'), 'en')).toBe('November 26, 2026')
    expect(formatDate(d('2026-11-26'), 'en', { style: 'medium' })).toBe('Nov 26, 2026')
    expect(formatDate(d('2026-11-26'), 'en', { style: 'short' })).toBe('11/26/26')
    expect(formatDate(d('2026-11-26'), 'en', { hijri: true })).toBe('November 26, 2026 (Jumada II 16, 1448 AH)')
  })

  it('prints 2026-11-26 in Arabic with Arabic-Indic digits, Hijri beside it on request', () => {
    expect(formatDate(d('2026-11-26'), 'ar')).toBe('٢٦ نوفمبر ٢٠٢٦')
    expect(formatDate(d('2026-11-26'), 'ar', { hijri: true })).toBe('٢٦ نوفمبر ٢٠٢٦ م (١٦ جمادى الآخرة ١٤٤٨ هـ)')
    // ICU puts RIGHT-TO-LEFT MARKs around the slashes of numeric Arabic dates.
    expect(formatDate(d('2026-11-26'), 'ar', { style: 'short' })).toBe(`٢٦${RLM}/١١${RLM}/٢٠٢٦`)
    expect(formatDate(d('2026-11-26'), 'ar', { style: 'short', hijri: true })).toBe(`٢٦${RLM}/١١${RLM}/٢٠٢٦ م (١٦${RLM}/٦${RLM}/١٤٤٨ هـ)`)
  })

  it('prints Eid al-Fitr 1447 as 1 Shawwal', () => {
    expect(formatDate(d('2026-03-20'), 'ar', { hijri: true })).toBe('٢٠ مارس ٢٠٢٦ م (١ شوال ١٤٤٧ هـ)')
    expect(formatDate(d('2026-03-20'), 'en', { hijri: true })).toBe('March 20, 2026 (Shawwal 1, 1447 AH)')
  })

  it('keeps Feb 29 and the first and last days of the year', () => {
    expect(formatDate(d('2028-02-29'), 'en')).toBe('February 29, 2028')
    expect(formatDate(d('2026-01-01'), 'en')).toBe('January 1, 2026')
    expect(formatDate(d('2026-12-31'), 'ar')).toBe('٣١ ديسمبر ٢٠٢٦')
  })

  it('formats years before 100 as themselves (no 19xx roll-over)', () => {
    expect(formatDate(d('0099-07-04'), 'en')).toBe('July 4, 99')
    expect(formatDate(d('0001-01-01'), 'en', { style: 'medium' })).toBe('Jan 1, 1')
  })
})

describe('formatDate: properties', () => {
  it('never throws for a date of 1900–2150, prints only Arabic-Indic digits in Arabic, and the Hijri part when asked', () => {
    fc.assert(
      fc.property(dateIn(1900, 2150), fc.constantFrom('long', 'medium', 'short' as const), fc.boolean(), (date, style, hijri) => {
        const ar = formatDate(date, 'ar', { style, hijri })
        expect(ar).toMatch(ARABIC_INDIC)
        expect(ar).not.toMatch(ASCII_DIGIT)
        expect(ar.includes('هـ')).toBe(hijri)
        const en = formatDate(date, 'en', { style, hijri })
        expect(en).not.toMatch(ARABIC_INDIC)
        expect(en.includes(' AH)')).toBe(hijri)
        expect(en.startsWith(formatDate(date, 'en', { style }))).toBe(true)
      }),
      { numRuns: runs(300) },
    )
  })

  it('prints the calendar date itself: day, month and year match the string', () => {
    fc.assert(
      fc.property(dateIn(1, 9999), (date) => {
        const [y, m, day] = date.split('-').map(Number) as [number, number, number]
        expect(formatDate(date, 'en', { style: 'short' })).toBe(`${m}/${day}/${String(y % 100).padStart(2, '0')}`)
        expect(latinDigits(formatDate(date, 'ar', { style: 'short' }))).toBe(`${day}${RLM}/${m}${RLM}/${y}`)
      }),
      { numRuns: runs(300) },
    )
  })

  it('prints the Hijri date toHijri gives', () => {
    fc.assert(
      fc.property(dateIn(1900, 2150), (date) => {
        const h = toHijri(date)
        expect(formatDate(date, 'en', { style: 'short', hijri: true })).toMatch(new RegExp(` \\(${h.month}/${h.day}/${h.year} AH\\)$`))
        expect(latinDigits(formatDate(date, 'ar', { style: 'short', hijri: true }))).toMatch(
          new RegExp(` م \\(${h.day}${RLM}/${h.month}${RLM}/${h.year} هـ\\)$`),
        )
      }),
      { numRuns: runs(200) },
    )
  })

  it('never throws for any date the type allows, 0001–9999', () => {
    fc.assert(
      fc.property(dateIn(1, 9999), fc.constantFrom('en', 'ar' as const), fc.boolean(), (date, locale, hijri) => {
        expect(formatDate(date, locale, { hijri }).length).toBeGreaterThan(0)
      }),
      { numRuns: runs(200) },
    )
  })

  it('does not depend on the machine’s time zone', () => {
    const before = process.env['TZ']
    const dates = [d('2026-11-26'), d('2026-01-01'), d('2028-02-29'), d('2026-12-31')]
    const inUtc = dates.map((x) => formatDate(x, 'ar', { hijri: true }))
    try {
      for (const zone of ['Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Asia/Riyadh', 'America/New_York']) {
        process.env['TZ'] = zone
        if (zone === 'Pacific/Kiritimati') expect(new Date(Date.UTC(2026, 0, 1)).getTimezoneOffset()).toBe(-840) // the zone did change
        expect(dates.map((x) => formatDate(x, 'ar', { hijri: true }))).toEqual(inUtc)
      }
    } finally {
      if (before === undefined) delete process.env['TZ']
      else process.env['TZ'] = before
    }
  })

  it('returns what is not a calendar date as it is, never throwing', () => {
    expect(formatDate(d('2026-02-30'), 'en')).toBe('2026-02-30')
    expect(formatDate(d('not a date'), 'ar', { hijri: true })).toBe('not a date')
    expect(formatDate(undefined as unknown as CalendarDate, 'en')).toBe('undefined')
    expect(formatDate(d('2026-11-26'), 'en', null as unknown as undefined)).toBe('November 26, 2026')
    expect(formatPersonalDate('--11-26', 'en', null as unknown as undefined)).toBe('November 26')
    fc.assert(fc.property(fc.string(), (s) => typeof formatDate(d(s), 'ar') === 'string'))
  })

  it('treats a style or locale it does not know as the default', () => {
    expect(formatDate(d('2026-11-26'), 'fr' as 'en', { style: 'full' as 'long' })).toBe('November 26, 2026')
  })
})

describe('formatPersonalDate', () => {
  it('formats the three shapes of a personal date', () => {
    expect(formatPersonalDate('1990-05-17', 'en')).toBe('May 17, 1990')
    expect(formatPersonalDate('--02-29', 'en')).toBe('February 29')
    expect(formatPersonalDate('--02-29', 'ar')).toBe('٢٩ فبراير')
    expect(formatPersonalDate('--11-26', 'en', { style: 'medium' })).toBe('Nov 26')
    expect(formatPersonalDate('--11-26', 'en', { style: 'short' })).toBe('11/26')
    expect(formatPersonalDate('2026-11', 'en')).toBe('November 2026')
    expect(formatPersonalDate('2026-11', 'ar')).toBe('نوفمبر ٢٠٢٦')
    expect(formatPersonalDate('2026-11', 'en', { style: 'short' })).toBe('11/2026')
  })

  it('returns anything else as it is', () => {
    expect(formatPersonalDate('--02-30', 'en')).toBe('--02-30')
    expect(formatPersonalDate('birthday', 'ar')).toBe('birthday')
  })
})

describe('formatMoney', () => {
  it('pins a few currencies (minor-unit digits as Intl knows them)', () => {
    expect(formatMoney({ amount: 123456, currency: 'USD' }, 'en')).toBe('$1,234.56')
    expect(formatMoney({ amount: -5, currency: 'USD' }, 'en')).toBe('-$0.05')
    expect(formatMoney({ amount: 0, currency: 'EUR' }, 'en')).toBe('€0.00')
    expect(formatMoney({ amount: 1500, currency: 'JPY' }, 'en')).toBe('¥1,500')
    expect(formatMoney({ amount: 1234567, currency: 'KWD' }, 'en')).toBe('KWD\u00a01,234.567') // a no-break space after the code
    expect(formatMoney({ amount: 123456, currency: 'SAR' }, 'ar')).toBe(`${RLM}١٬٢٣٤٫٥٦\u00a0ر.س.${RLM}`)
    expect(formatMoney({ amount: Number.MAX_SAFE_INTEGER, currency: 'USD' }, 'en')).toBe('$90,071,992,547,409.91')
  })

  it('keeps every digit of the amount: no float rounds it', () => {
    const currencies = ['USD', 'EUR', 'SAR', 'AED', 'EGP', 'JPY', 'KWD', 'BHD', 'OMR', 'CLF', 'GBP']
    fc.assert(
      fc.property(fc.maxSafeInteger(), fc.constantFrom(...currencies), fc.constantFrom('en', 'ar' as const), (amount, currency, locale) => {
        const out = formatMoney({ amount, currency }, locale)
        const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
        const expected = String(Math.abs(amount)).padStart(digits + 1, '0')
        expect(latinDigits(out).replace(/[^0-9]/g, '')).toBe(expected)
        if (locale === 'ar') expect(out).not.toMatch(ASCII_DIGIT)
      }),
    )
  })

  it('shifts the decimal point by the minor-unit digits', () => {
    expect(minorUnitsToDecimal(123456, 2)).toBe('1234.56')
    expect(minorUnitsToDecimal(5, 3)).toBe('0.005')
    expect(minorUnitsToDecimal(-5, 2)).toBe('-0.05')
    expect(minorUnitsToDecimal(-0, 2)).toBe('0.00')
    expect(minorUnitsToDecimal(1500, 0)).toBe('1500')
  })

  it('never throws: a malformed amount or currency prints as it is', () => {
    expect(formatMoney({ amount: 1.5, currency: 'USD' }, 'en')).toBe('1.5 USD')
    expect(formatMoney({ amount: 100, currency: 'US' }, 'en')).toBe('100 US')
    expect(formatMoney({ amount: Number.NaN, currency: 'USD' }, 'ar')).toBe('NaN USD')
    expect(formatMoney(null as unknown as { amount: number; currency: string }, 'en')).toBe('undefined undefined')
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.double()), fc.string(), (amount, currency) => {
        expect(typeof formatMoney({ amount, currency }, 'ar')).toBe('string')
      }),
    )
  })
})

describe('locales', () => {
  it('maps a contact’s BCP 47 locale to a label locale', () => {
    expect(toLabelLocale('ar-SA')).toBe('ar')
    expect(toLabelLocale('AR')).toBe('ar')
    expect(toLabelLocale('ar_EG')).toBe('ar')
    expect(toLabelLocale('en-GB')).toBe('en')
    expect(toLabelLocale('arn')).toBe('en') // Mapudungun, not Arabic
    expect(toLabelLocale(undefined)).toBe('en')
    expect(toLabelLocale(null)).toBe('en')
  })

  it('gives the Intl tag with explicit digits', () => {
    expect(intlLocale('ar')).toBe('ar-u-nu-arab')
    expect(intlLocale('en')).toBe('en-u-nu-latn')
    expect(new Intl.NumberFormat(intlLocale('ar')).format(1234)).toBe('١٬٢٣٤')
  })
})
