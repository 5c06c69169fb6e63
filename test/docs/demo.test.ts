import { describe, expect, it } from 'vitest'
import { runExample } from '../support/run-example.js'

/** A line without the isolates inside it: what the Arabic sentence itself is made of. */
const outsideIsolates = (line: string): string => {
  let s = line.replace(/^\u2067|\u2069$/g, '')
  for (let before = ''; before !== s; ) {
    before = s
    s = s.replace(/[\u2066-\u2068][^\u2066-\u2069]*\u2069/g, '')
  }
  return s
}

describe('npm run demo', () => {
  it('prints the network, the 33-touch year, the 8x8 weeks and the agenda, in English', () => {
    const out = runExample('examples/demo.ts')
    expect(out).toContain('== The 33-touch year of Salma Haddad')
    expect(out).toMatch(/Monthly newsletter 12 · Phone call 5 · .* = 33/)
    expect(out).toContain('== The 8x8 weeks of Jack Miller')
    expect(out).toContain('== The agenda of November 26, 2026')
    expect(out).toContain('refused RateContact (rating-out-of-range): A referral-ability rating is an integer from 1 to 5, not 8.')
    expect(out).toContain('on the agenda: 0')
    expect(out).toMatch(/contact +database +role +rating +refused channels/)
    // The date a cadence carries is its last touch: said as such, not as a due date.
    expect(out).toContain('Lina Mortgage Co.: Meeting — Due (last touch 119 days ago)')
    expect(out).toContain('digest: not assigned Nov 26, 2026 (5)')
    expect(out).not.toContain('unassigned')
    expect(out).not.toContain('fell back')
  })

  it('prints it in Arabic with --locale ar, right-to-left isolated, with Arabic-Indic digits', () => {
    const out = runExample('examples/demo.ts', ['--locale', 'ar'])
    const lines = out.split('\n').filter((l) => l.length > 0)
    expect(lines.every((l) => l.startsWith('\u2067') && l.endsWith('\u2069'))).toBe(true)
    expect(out).toContain('سنة اللمسات الثلاث والثلاثين')
    expect(out).toMatch(/= ٣٣/)
    expect(out).toContain('٢٦ نوفمبر ٢٠٢٦')
    // Refusals through formatError, in Arabic.
    expect(out).toContain('تقييم القدرة على الإحالة عدد صحيح من ١ إلى ٥، وليس ٨.')
    expect(out).toContain('توجد جهة اتصال بالمعرّف «\u2068c-omar\u2069» بالفعل')
    // A name's own period stays inside its isolate.
    expect(out).toContain('\u2068Lina Mortgage Co.\u2069')
    expect(out).toContain('آخر لمسة قبل ١١٩ يومًا')
    expect(out).not.toContain('unassigned')
    // Every Latin letter, ASCII digit and ASCII punctuation mark sits inside an isolate.
    expect(lines.map(outsideIsolates).filter((l) => /[A-Za-z0-9;,?]/.test(l))).toEqual([])
  })

  it('says so when asked for a locale touchbase has no messages in, and prints English', () => {
    const out = runExample('examples/demo.ts', ['--locale', 'fr'])
    expect(out.split('\n')[0]).toBe('Locale "fr": touchbase has no messages in it, so this demo falls back to English.')
    expect(out).toContain('refused RateContact (rating-out-of-range): A referral-ability rating is an integer from 1 to 5, not 8.')
    expect(out).toContain('(formatError fell back to English for "fr": unknown-locale)')
    expect(out).toContain('== The agenda of November 26, 2026')
  })
})
