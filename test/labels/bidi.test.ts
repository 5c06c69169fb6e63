import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { bidiIsolate, formatDate, isRtl, isolate, labels } from '../../src/labels/index.js'
import type { CalendarDate } from '../../src/core/calendar-date.js'

const LRI = '\u2066'
const RLI = '\u2067'
const FSI = '\u2068'
const PDI = '\u2069'
const ISOLATES = /[\u2066-\u2069]/g

/** Whether every isolate opened on a line is closed on it, in order. */
const balanced = (s: string): boolean =>
  s.split('\n').every((line) => {
    let depth = 0
    for (const c of line) {
      if (c === LRI || c === RLI || c === FSI) depth++
      else if (c === PDI && --depth < 0) return false
    }
    return depth === 0
  })

/** Text mixing Arabic, Latin, digits, punctuation, spaces and line breaks. */
const mixed = fc
  .array(
    fc.constantFrom('أحمد', 'لمسة', 'مستحقة', '٢٦', 'c-42', 'John', 'Smith', '2026-11-26', ' ', ' ', ':', '(', ')', '،', '.', '-', '\n', 'é', 'ف\u064E', 'x\u0301', '\u2066', '\u2069', '«', '»', '"', 'ـ'),
    { maxLength: 30 },
  )
  .map((parts) => parts.join(''))

describe('isRtl', () => {
  it('knows Arabic is right to left and English is not', () => {
    expect(isRtl('ar')).toBe(true)
    expect(isRtl('en')).toBe(false)
    expect(isRtl('ar-SA')).toBe(true)
    expect(isRtl('he-IL')).toBe(true)
    expect(isRtl('fa')).toBe(true)
    expect(isRtl('en-US')).toBe(false)
    expect(isRtl('arn')).toBe(false)
    expect(isRtl('')).toBe(false)
    expect(isRtl(undefined as unknown as string)).toBe(false)
  })
})

describe('isolate', () => {
  it('wraps text in the isolate of its direction', () => {
    expect(isolate('c-42', 'ltr')).toBe(`${LRI}c-42${PDI}`)
    expect(isolate('أحمد', 'rtl')).toBe(`${RLI}أحمد${PDI}`)
    expect(isolate('أحمد')).toBe(`${FSI}أحمد${PDI}`)
    expect(isolate('')).toBe('')
  })
})

describe('bidiIsolate', () => {
  it('isolates ids, ISO dates and Latin names inside Arabic, and the whole line', () => {
    expect(bidiIsolate('اللمسة c-42 مستحقة', 'ar')).toBe(`${RLI}اللمسة ${LRI}c-42${PDI} مستحقة${PDI}`)
    expect(bidiIsolate('مستحقة في 2026-11-26', 'ar')).toBe(`${RLI}مستحقة في ${LRI}2026-11-26${PDI}${PDI}`)
    expect(bidiIsolate('اتصل بـ John Smith (c-42) اليوم', 'ar')).toBe(
      `${RLI}اتصل بـ ${LRI}John Smith${PDI} (${LRI}c-42${PDI}) اليوم${PDI}`,
    )
  })

  it('leaves Arabic-Indic digits alone: they need no isolate', () => {
    const date = formatDate('2026-11-26' as CalendarDate, 'ar', { hijri: true })
    expect(bidiIsolate(`مستحقة في ${date}`, 'ar')).toBe(`${RLI}مستحقة في ${date}${PDI}`)
  })

  it('isolates line by line (a line break ends every isolate)', () => {
    expect(bidiIsolate('سطر c-1\n\nسطر c-2\r\n', 'ar')).toBe(
      `${RLI}سطر ${LRI}c-1${PDI}${PDI}\n\n${RLI}سطر ${LRI}c-2${PDI}${PDI}\r\n`,
    )
  })

  it('isolates Arabic runs inside English, with the digits between their words', () => {
    expect(bidiIsolate('Call أحمد علي today', 'en')).toBe(`Call ${RLI}أحمد علي${PDI} today`)
    expect(bidiIsolate('Address: شارع 5 الملك, Riyadh', 'en')).toBe(`Address: ${RLI}شارع 5 الملك${PDI}, Riyadh`)
    expect(bidiIsolate('due today', 'en')).toBe('due today')
  })

  it('keeps harakat with their letters and accents with theirs', () => {
    expect(bidiIsolate('فَ x\u0301', 'ar')).toBe(`${RLI}فَ ${LRI}x\u0301${PDI}${PDI}`)
  })

  it('prints a labelled agenda line in Arabic as expected', () => {
    const ar = labels('ar')
    expect(bidiIsolate(`${ar.touchStatuses.overdue}: ${ar.touchKinds.call} — c-42`, 'ar')).toBe(
      `${RLI}متأخرة: مكالمة هاتفية — ${LRI}c-42${PDI}${PDI}`,
    )
  })

  it('changes nothing but isolates, balances them on every line, and is idempotent', () => {
    fc.assert(
      fc.property(mixed, fc.constantFrom('ar', 'en'), (text, locale) => {
        const out = bidiIsolate(text, locale)
        expect(out.replace(ISOLATES, '')).toBe(text.replace(ISOLATES, ''))
        expect(balanced(out.replace(/\r/g, ''))).toBe(true)
        expect(bidiIsolate(out, locale)).toBe(out)
      }),
    )
  })

  it('in Arabic, leaves no Latin letter or ASCII digit outside an LRI isolate', () => {
    fc.assert(
      fc.property(mixed, (text) => {
        const out = bidiIsolate(text, 'ar')
        expect(out.replace(/\u2066[^\u2069]*\u2069/g, '')).not.toMatch(/[A-Za-z0-9é]/)
        // Brackets and quotes stay in the line's direction, so a pair mirrors as a pair.
        for (const run of out.match(/\u2066[^\u2069]*\u2069/g) ?? []) expect(run).not.toMatch(/[()«»"]/)
      }),
    )
  })
})
