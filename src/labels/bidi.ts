/**
 * Right-to-left text: which locales are written right to left, and Unicode bidi isolates
 * (UAX #9) that keep ids, Latin names and dates in order inside Arabic text — in a terminal
 * that applies the bidi algorithm, in a browser, in a PDF. Terminals that do not apply it print
 * the isolates as nothing and the text in logical order, which is still intact.
 */

/** U+2066 LEFT-TO-RIGHT ISOLATE. */
const LRI = '\u2066'
/** U+2067 RIGHT-TO-LEFT ISOLATE. */
const RLI = '\u2067'
/** U+2068 FIRST STRONG ISOLATE. */
const FSI = '\u2068'
/** U+2069 POP DIRECTIONAL ISOLATE. */
const PDI = '\u2069'

/** Languages written right to left (primary language subtags). */
const RTL_LANGUAGES: ReadonlySet<string> = new Set(['ar', 'arc', 'ckb', 'dv', 'fa', 'he', 'iw', 'ks', 'ps', 'sd', 'syr', 'ug', 'ur', 'yi'])

/** The primary language subtag of a BCP 47 tag, lower-cased (`'ar-SA'` → `'ar'`). @internal */
export const primaryLanguage = (tag: string): string => (tag.split(/[-_]/)[0] ?? '').toLowerCase()

/**
 * Whether a locale is written right to left: `'ar'` (and any BCP 47 tag of a right-to-left
 * language, such as `'ar-SA'` or `'he'`). Never throws: anything else is left to right.
 * @example isRtl('ar') // true
 * @example isRtl('en') // false
 * @example isRtl('ar-EG') // true
 */
export const isRtl = (locale: string): boolean => typeof locale === 'string' && RTL_LANGUAGES.has(primaryLanguage(locale))

/** The direction of an isolate: left to right, right to left, or that of its first strong letter. */
export type BidiDirection = 'ltr' | 'rtl' | 'auto'

/**
 * Wraps `text` in a Unicode isolate — `ltr` U+2066 LRI, `rtl` U+2067 RLI, `auto` U+2068 FSI
 * (the direction of its first strong letter) — closed by U+2069 PDI, so it keeps its own order
 * and does not reorder the text around it. Use it for one value (an id, a name) you insert into
 * text of the other direction.
 * @example isolate('c-42', 'ltr') // '\u2066c-42\u2069'
 * @example isolate('أحمد', 'rtl') // '\u2067أحمد\u2069'
 * @example isolate('') // '' (nothing to isolate)
 */
export const isolate = (text: string, direction: BidiDirection = 'auto'): string =>
  text.length === 0 ? text : `${direction === 'ltr' ? LRI : direction === 'rtl' ? RLI : FSI}${text}${PDI}`

// Characters of the scripts written right to left — by Script_Extensions, so that the tatweel
// (ـ), the Arabic comma and the Arabic-Indic digits count as Arabic.
const RTL_SCRIPTS = '\\p{scx=Arabic}\\p{scx=Hebrew}\\p{scx=Syriac}\\p{scx=Thaana}\\p{scx=Nko}'
/** A left-to-right letter or digit (with its combining marks): Latin, ASCII digits, Greek, Cyrillic… */
const LTR_CHAR = `(?:(?![${RTL_SCRIPTS}])[\\p{L}\\p{N}])\\p{M}*`
/** A right-to-left letter or Arabic-Indic digit, with its combining marks (harakat). */
const RTL_CHAR = `[${RTL_SCRIPTS}]\\p{M}*`
/**
 * What may sit between two letters of one run: spaces and punctuation — not letters, line
 * breaks or brackets and quotes (a bracket pair must stay in one direction to mirror right).
 */
const BETWEEN = '[^\\p{L}\\p{N}\\p{M}\\p{Ps}\\p{Pe}\\p{Pi}\\p{Pf}"\'\\n\\r]'
/** Inside a right-to-left run, digits (weak, like the punctuation) may sit between its letters too. */
const BETWEEN_RTL = `(?:${BETWEEN}|(?![${RTL_SCRIPTS}])\\p{N})`
const LTR_RUN = new RegExp(`${LTR_CHAR}(?:${BETWEEN}*${LTR_CHAR})*`, 'gu')
const RTL_RUN = new RegExp(`${RTL_CHAR}(?:${BETWEEN_RTL}*${RTL_CHAR})*`, 'gu')
const HAS_LTR = new RegExp(LTR_CHAR, 'u')
const HAS_RTL = new RegExp(RTL_CHAR, 'u')
const ISOLATES = /[\u2066-\u2069]/g

/**
 * Makes mixed-direction text safe to print. For a right-to-left locale each line is wrapped in
 * RLI…PDI and every left-to-right run inside it (Latin words, ASCII digits, ids and ISO dates,
 * with the spaces and punctuation between them) in LRI…PDI; for a left-to-right locale every
 * right-to-left run (Arabic words, with the spaces, punctuation and digits between them) is
 * wrapped in RLI…PDI. Brackets and quotes stay outside the runs, in the line's direction, so
 * that a pair mirrors as a pair. Isolates already in `text` are removed first, so applying it twice gives
 * the same string; lines are isolated one by one (a line break ends every isolate anyway).
 * @example bidiIsolate('اللمسة c-42 مستحقة', 'ar') // '\u2067اللمسة \u2066c-42\u2069 مستحقة\u2069'
 * @example bidiIsolate('Call أحمد علي today', 'en') // 'Call \u2067أحمد علي\u2069 today'
 * @example bidiIsolate('due today', 'en') // 'due today'
 */
export const bidiIsolate = (text: string, locale: string): string => {
  const plain = String(text).replace(ISOLATES, '')
  return isRtl(locale)
    ? plain
        .split(/(\r?\n)/)
        .map((line, i) =>
          i % 2 === 1 || line.length === 0 ? line : `${RLI}${line.replace(LTR_RUN, (run) => `${LRI}${run}${PDI}`)}${PDI}`,
        )
        .join('')
    : plain.replace(RTL_RUN, (run) => `${RLI}${run}${PDI}`)
}

/**
 * A value to insert into a phrase of `locale`: isolated (FSI…PDI) when it holds letters or
 * digits of the other direction (a Latin id or an ISO date in Arabic, an Arabic name in
 * English), unchanged otherwise. @internal
 */
export const isolateValue = (value: string, locale: string): string => {
  const needs = isRtl(locale) ? HAS_LTR.test(value) : HAS_RTL.test(value)
  return needs ? isolate(value, 'auto') : value
}
