/**
 * The values of a contact as an address book writes them, made into the values touchbase
 * records: texts cleaned, e-mails checked, phones in international form (E.164, through
 * libphonenumber-js), dates as `YYYY-MM-DD`, `--MM-DD` or `YYYY-MM`, countries as ISO codes.
 * Each normaliser returns the value, nothing (an empty cell), or why not — never throws.
 */
import { parsePhoneNumberFromString, isSupportedCountry, type CountryCode } from 'libphonenumber-js'
import { isCalendarDate, isMonthDay, isYearMonth } from '../core/calendar-date.js'
import { SHORT_TEXT_MAX, NOTE_MAX, isCleanText } from '../core/codecs.js'

/** A normalised value, nothing, or the reason it is refused. @internal */
export type Normalised<A, R extends string> = { readonly ok: true; readonly value: A | undefined } | { readonly ok: false; readonly reason: R }

const ok = <A>(value: A | undefined): { ok: true; value: A | undefined } => ({ ok: true, value })
const no = <R extends string>(reason: R): { ok: false; reason: R } => ({ ok: false, reason })

// Formatting characters that reorder text (embeddings, overrides, isolates): address books
// and phones copy them around numbers and names; touchbase's events refuse them. Removed.
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g
// Zero-width characters some exports leave in cells (a byte-order mark inside the text, a zero-width space).
const ZERO_WIDTH = /[\ufeff\u200b]/g

/** A text as it will be kept: NFC, without bidi controls or zero-width marks, trimmed. @internal */
export const cleanText = (raw: string): string => raw.normalize('NFC').replace(BIDI_CONTROLS, '').replace(ZERO_WIDTH, '').trim()

/**
 * A short text (a name, a company): white space runs (line breaks included) become one space.
 * Refused with control characters, or past 1,000 characters. @internal
 */
export const shortText = (raw: string | undefined): Normalised<string, 'invalid-text' | 'text-too-long'> => {
  if (raw === undefined) return ok(undefined)
  const s = cleanText(raw).replace(/[\t\n\r ]+/g, ' ')
  if (s.length === 0) return ok(undefined)
  if (!isCleanText(s)) return no('invalid-text')
  if (s.length > SHORT_TEXT_MAX) return no('text-too-long')
  return ok(s)
}

/** A note: line breaks kept (as `\n`), at most 16,384 characters. @internal */
export const noteText = (raw: string | undefined): Normalised<string, 'invalid-text' | 'text-too-long'> => {
  if (raw === undefined) return ok(undefined)
  const s = cleanText(raw.replace(/\r\n?/g, '\n'))
  if (s.length === 0) return ok(undefined)
  if (!isCleanText(s)) return no('invalid-text')
  if (s.length > NOTE_MAX) return no('text-too-long')
  return ok(s)
}

// local@domain: no spaces, quotes or brackets; a domain of at least two labels of letters,
// digits and hyphens (any script: internationalised domains are written as they are read).
const EMAIL_RE = /^[^\s@"(),:;<>[\]\\]{1,64}@(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+[\p{L}\p{N}-]{2,63}$/u

/**
 * An e-mail address: `mailto:` removed, the domain in lower case (the local part is kept as
 * written). Refused unless it has the shape `local@domain.tld`. @internal
 */
export const email = (raw: string | undefined): Normalised<string, 'invalid-email'> => {
  if (raw === undefined) return ok(undefined)
  const s = cleanText(raw).replace(/^mailto:/i, '')
  if (s.length === 0) return ok(undefined)
  if (s.length > 254 || !EMAIL_RE.test(s)) return no('invalid-email')
  const at = s.lastIndexOf('@')
  return ok(`${s.slice(0, at)}@${s.slice(at + 1).toLowerCase()}`)
}

/** The key two e-mail addresses are compared by: all in lower case. @internal */
export const emailKey = (e: string): string => e.toLowerCase()

/** A phone in E.164, and whether an extension was left out (E.164 has none). @internal */
export interface Phone {
  readonly e164: string
  readonly extensionDropped: boolean
}

/**
 * A phone number in international form (E.164: `+966501234567`), read with libphonenumber-js:
 * a number without a country code is read as a number of `defaultCountry`. `tel:` URIs,
 * Arabic-Indic digits and bidi marks are understood. Refused when it is not a valid number
 * (or has no country code and no default country is given). @internal
 */
export const phone = (raw: string | undefined, defaultCountry: CountryCode | undefined): Normalised<Phone, 'invalid-phone'> => {
  if (raw === undefined) return ok(undefined)
  const s = cleanText(raw).replace(/^tel:/i, '')
  if (s.length === 0) return ok(undefined)
  // libphonenumber-js bounds its own input; a longer string is no phone number anyway.
  if (s.length > 64) return no('invalid-phone')
  const p = parsePhoneNumberFromString(s, defaultCountry)
  if (p === undefined || !p.isValid()) return no('invalid-phone')
  return ok({ e164: p.number, extensionDropped: p.ext !== undefined })
}

/** Whether libphonenumber-js knows a country (an ISO 3166-1 alpha-2 code). @internal */
export const isPhoneCountry = (c: string): c is CountryCode => /^[A-Z]{2}$/.test(c) && isSupportedCountry(c)

/**
 * How a CSV writes a date with slashes: `4/12/1985` is April 12 (`mdy`) or 4 December (`dmy`);
 * with `ymd` (the default) only dates that start with their year (`1985/04/12`) are read, and
 * `4/12/1985` is refused rather than guessed. A date that starts with its year is read as such
 * whatever the order.
 * @example const order: DateOrder = 'dmy'
 */
export type DateOrder = 'ymd' | 'mdy' | 'dmy'

const pad2 = (s: string): string => s.padStart(2, '0')

/**
 * A personal date as touchbase records it: `YYYY-MM-DD`, `--MM-DD` (no year) or `YYYY-MM`.
 * Reads the vCard forms (`19850412`, `--0412`, `--04-12`, a date-time, whose date is kept),
 * ISO dates, and dates with slashes in the given order (`4/12/1985`); Outlook's `0/0/00` is
 * no date. `omitYear` is the year Apple writes for a birthday without one
 * (`X-APPLE-OMIT-YEAR=1604`). Refused when it names no real day (`--02-30`). @internal
 */
export const personalDate = (
  raw: string | undefined,
  order: DateOrder = 'ymd',
  omitYear?: string,
): Normalised<string, 'invalid-date'> => {
  if (raw === undefined) return ok(undefined)
  const s = cleanText(raw)
  if (s.length === 0 || s === '0/0/00' || s === '0/0/0000') return ok(undefined)
  if (s.length > 40) return no('invalid-date')
  let m = /^--(\d{2})-?(\d{2})$/.exec(s)
  if (m !== null) {
    const md = `--${m[1]}-${m[2]}`
    return isMonthDay(md) ? ok(md) : no('invalid-date')
  }
  // A date, or the date of a date-time (`1985-04-12T10:00:00Z`, `19850412T100000`).
  m = /^(\d{4})-?(\d{2})-?(\d{2})(?:T[0-9:.,+\-Z]*)?$/.exec(s)
  if (m !== null) {
    if (omitYear !== undefined && m[1] === omitYear) {
      const md = `--${m[2]}-${m[3]}`
      return isMonthDay(md) ? ok(md) : no('invalid-date')
    }
    const d = `${m[1]}-${m[2]}-${m[3]}`
    return isCalendarDate(d) ? ok(d) : no('invalid-date')
  }
  m = /^(\d{4})-(\d{2})$/.exec(s)
  if (m !== null) return isYearMonth(s) ? ok(s) : no('invalid-date')
  // With slashes (or dots): year first, or in the order the file writes dates.
  m = /^(\d{1,4})[/.](\d{1,2})[/.](\d{1,4})$/.exec(s)
  if (m !== null) {
    const [, a, b, c] = m as unknown as [string, string, string, string]
    // Day first or month first is the file's to say: without `mdy` or `dmy`, 4/12/1985 is not guessed.
    if (a.length !== 4 && order === 'ymd') return no('invalid-date')
    const [y, mo, d] = a.length === 4 ? [a, b, c] : order === 'dmy' ? [c, b, a] : [c, a, b]
    // A two-digit year names no century: refused rather than guessed.
    if (y.length !== 4) return no('invalid-date')
    const date = `${y}-${pad2(mo)}-${pad2(d)}`
    return isCalendarDate(date) ? ok(date) : no('invalid-date')
  }
  return no('invalid-date')
}

// —— Countries: an ISO code, or a country's name in English or Arabic ——

// Codes that name no country of their own: user-assigned, unions, pseudo-regions, and the
// exceptional reservations that stand for another code (`UK` is GB, `FX` is FR, `SU` is gone).
const NOT_COUNTRIES = new Set(['AA', 'EU', 'EZ', 'FX', 'QO', 'SU', 'UK', 'UN', 'ZZ'])
const ALIASES: Record<string, string> = {
  usa: 'US',
  'u s a': 'US',
  'u s': 'US',
  'united states of america': 'US',
  america: 'US',
  uk: 'GB',
  'u k': 'GB',
  england: 'GB',
  'great britain': 'GB',
  uae: 'AE',
  'u a e': 'AE',
  ksa: 'SA',
  'kingdom of saudi arabia': 'SA',
  'السعودية': 'SA',
  'الامارات': 'AE',
}

/** A country's name as compared: lower case, without accents or punctuation. @internal */
const countryKey = (s: string): string =>
  s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()

let countryNames: Map<string, string> | undefined
const countryCodes = new Set<string>()

/** Names of countries in English and Arabic (from `Intl`), with common aliases, by key. */
const namesOfCountries = (): Map<string, string> => {
  if (countryNames !== undefined) return countryNames
  const names = new Map<string, string>()
  const display = ['en', 'ar'].flatMap((l) => {
    try {
      return [new Intl.DisplayNames([l], { type: 'region', fallback: 'none' })]
    } catch {
      return []
    }
  })
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b)
      if (NOT_COUNTRIES.has(code) || code.startsWith('X') || (code >= 'QM' && code <= 'QZ')) continue
      for (const d of display) {
        const name = d.of(code)
        if (name === undefined || name === code) continue
        // The first code of a name keeps it (an official code before a reservation of the same name).
        if (!names.has(countryKey(name))) names.set(countryKey(name), code)
        countryCodes.add(code)
      }
    }
  }
  for (const [k, code] of Object.entries(ALIASES)) names.set(countryKey(k), code)
  countryNames = names
  return names
}

/**
 * A country as an ISO 3166-1 alpha-2 code: a code as written (`sa`, `SA`), or a country's
 * name in English or Arabic (`Saudi Arabia`, `United States`, `المملكة العربية السعودية`),
 * or a common short form (`USA`, `UK`, `UAE`, `KSA`). `undefined` when it is none of these. @internal
 */
export const countryCode = (raw: string): string | undefined => {
  const s = cleanText(raw)
  if (/^[A-Za-z]{2}$/.test(s)) {
    const code = s.toUpperCase()
    namesOfCountries()
    if (countryCodes.has(code)) return code
  }
  return namesOfCountries().get(countryKey(s))
}

/** Whether a string is a yes (`1`, `true`, `yes`, `y`, `x`, `on`, `نعم`), a no (`0`, `false`, `no`, `n`, `off`, `لا`, empty), or neither. @internal */
export const flag = (raw: string | undefined): boolean | 'neither' => {
  const s = cleanText(raw ?? '').toLowerCase()
  if (['', '0', 'false', 'no', 'n', 'off', 'لا'].includes(s)) return false
  if (['1', 'true', 'yes', 'y', 'x', 'on', 'نعم'].includes(s)) return true
  return 'neither'
}
