/**
 * Runs the example of docs/labels.md, checks that it prints what its comments say, and that the
 * doc still shows this very code (so the doc's example cannot drift from one that runs).
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it, vi } from 'vitest'
import type { CalendarDate } from '../../src/core/calendar-date.js'
import {
  agendaPhrase,
  bidiIsolate,
  formatDate,
  formatMoney,
  label,
  labels,
  toLabelLocale,
  type AgendaPhraseKey,
  type DateStyle,
} from '../../src/labels/index.js'
import { expectedOutput } from '../support/run-example.js'

const readExample = (): string => {
  const here = readFileSync(new URL(import.meta.url), 'utf8')
  const start = here.lastIndexOf('// doc-example:start')
  const end = here.lastIndexOf('// doc-example:end')
  return here.slice(here.indexOf('\n', start) + 1, here.lastIndexOf('\n', end)).replace(/^ {6}/gm, '')
}

describe('docs/labels.md example', () => {
  it('is the code the doc shows', () => {
    const doc = readFileSync(new URL('../../docs/labels.md', import.meta.url), 'utf8')
    expect(doc).toContain(readExample())
  })

  it('runs and prints what its comments say', () => {
    const printed: string[] = []
    const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
      printed.push(args.map(String).join(' '))
    })
    try {
      // doc-example:start
      // The contact's own locale (as ContactAdded records it) picks the language.
      const locale = toLabelLocale('ar-SA')
      const due = '2026-11-26' as CalendarDate

      console.log(labels(locale).touchKinds['holiday-card'])
      // بطاقة معايدة
      console.log(label(locale, 'plans', 'advocate-appreciation-33'))
      // ٣٣ لمسة: تقدير المؤيدين
      console.log(label(locale, 'plans', 'spring-open-house'))
      // spring-open-house
      console.log(formatDate(due, locale, { hijri: true }))
      // ٢٦ نوفمبر ٢٠٢٦ م (١٦ جمادى الآخرة ١٤٤٨ هـ)
      console.log(agendaPhrase(locale, 'overdue-by-days', { n: 3 }))
      // متأخرة منذ ٣ أيام
      console.log(formatDate(due, 'en'), '·', agendaPhrase('en', 'overdue-by-days', { n: 1 }))
      // November 26, 2026 · overdue by 1 day
      console.log(formatMoney({ amount: 250000, currency: 'USD' }, 'en'))
      // $2,500.00

      // Isolates are invisible: name them to see where they went.
      const names: Record<string, string> = { '\u2066': '<LRI>', '\u2067': '<RLI>', '\u2068': '<FSI>', '\u2069': '<PDI>' }
      const visible = (s: string): string => s.replace(/[\u2066-\u2069]/g, (c) => names[c] ?? c)
      const line = `${label(locale, 'touchKinds', 'call')}: ${agendaPhrase(locale, 'due-today')} (c-42)`
      console.log(visible(bidiIsolate(line, locale)))
      // <RLI>مكالمة هاتفية: مستحقة اليوم (<LRI>c-42<PDI>)<PDI>
      // doc-example:end
      expect(printed).toEqual(expectedOutput(readExample()))
      expect(printed).toHaveLength(8)
    } finally {
      log.mockRestore()
    }
  })
})

/** The rows of the doc's tables whose first cell matches `first`, split into trimmed cells. */
const rows = (first: RegExp): string[][] =>
  readFileSync(new URL('../../docs/labels.md', import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .map((line) => line.slice(1, -1).split('|').map((cell) => cell.trim()))
    .filter((cells) => first.test(cells[0] ?? ''))

/** Text as a reader compares it: without invisible marks, with plain spaces. */
const seen = (s: string): string => s.replace(/[\u200f\u061c\u2066-\u2069]/g, '').replace(/\u00a0/g, ' ')

describe('docs/labels.md tables', () => {
  it('show what formatDate prints', () => {
    const table = rows(/^`(long|medium|short)`/)
    expect(table).toHaveLength(3)
    for (const [style, en, ar, arHijri] of table) {
      const options = { style: (style ?? '').replace(/`| \(default\)/g, '') as DateStyle }
      const date = '2026-11-26' as CalendarDate
      expect(seen(formatDate(date, 'en', options))).toBe(en)
      expect(seen(formatDate(date, 'ar', options))).toBe(seen(ar ?? ''))
      expect(seen(formatDate(date, 'ar', { ...options, hijri: true }))).toBe(seen(arHijri ?? ''))
    }
  })

  it('show what formatMoney prints', () => {
    const table = rows(/^`\{ amount/)
    expect(table).toHaveLength(5)
    for (const [money, en, ar] of table) {
      const m = /amount: (-?\d+), currency: '([A-Z]{3})'/.exec(money ?? '')
      const value = { amount: Number(m?.[1]), currency: m?.[2] ?? '' }
      expect(seen(formatMoney(value, 'en'))).toBe(en)
      expect(seen(formatMoney(value, 'ar'))).toBe(seen(ar ?? ''))
    }
  })

  it('show what agendaPhrase prints', () => {
    const samples: Readonly<Record<string, (l: 'en' | 'ar') => object>> = {
      'due-in-days': () => ({ n: 3 }),
      'due-on': (l) => ({ date: formatDate('2026-11-26' as CalendarDate, l) }),
      'personal-dates-missing': () => ({ n: 2 }),
      'interest-without-season': () => ({ name: 'Hilal' }),
      'unknown-calendar-set': () => ({ calendarSet: 'kw', used: 'us' }),
      'too-few-holidays': () => ({ n: 5, wanted: 7 }),
      'on-hold': (l) => ({ date: formatDate('2026-11-26' as CalendarDate, l) }),
      'overdue-by-days': () => ({ n: 3 }),
      'last-touch-days-ago': () => ({ n: 45 }),
      'skipped-with-reason': () => ({ reason: 'travelling' }),
    }
    const keys: readonly string[] = Object.keys(labels('en').agenda)
    const table = rows(/^`[a-z-]+`$/).filter((cells) => cells.length === 4 && keys.includes((cells[0] ?? '').replace(/`/g, '')))
    expect(table.map((c) => c[0]?.replace(/`/g, '')).sort()).toEqual([...keys].sort())
    const phrase = agendaPhrase as (l: 'en' | 'ar', k: AgendaPhraseKey, v?: object) => string
    for (const [cell, , en, ar] of table) {
      const key = (cell ?? '').replace(/`/g, '') as AgendaPhraseKey
      expect(seen(phrase('en', key, samples[key]?.('en'))), key).toBe(en)
      if (!(ar ?? '').includes('…')) expect(seen(phrase('ar', key, samples[key]?.('ar'))), key).toBe(ar)
    }
  })
})
