import { describe, expect, it } from 'vitest'
import { runExample } from '../support/run-example.js'

describe('npm run demo', () => {
  it('prints the network, the 33-touch year, the 8x8 weeks and the agenda, in English', () => {
    const out = runExample('examples/demo.ts')
    expect(out).toContain('== The 33-touch year of Salma Haddad')
    expect(out).toMatch(/Monthly newsletter 12 · Phone call 5 · .* = 33/)
    expect(out).toContain('== The 8x8 weeks of Jack Miller')
    expect(out).toContain('== The agenda of November 26, 2026')
    expect(out).toContain('refused RateContact (rating-out-of-range)')
    expect(out).toContain('on the agenda: 0')
  })

  it('prints it in Arabic with --locale ar, right-to-left isolated, with Arabic-Indic digits', () => {
    const out = runExample('examples/demo.ts', ['--locale', 'ar'])
    const lines = out.split('\n').filter((l) => l.length > 0)
    expect(lines.every((l) => l.startsWith('\u2067') && l.endsWith('\u2069'))).toBe(true)
    expect(out).toContain('سنة اللمسات الثلاث والثلاثين')
    expect(out).toMatch(/= ٣٣/)
    expect(out).toContain('٢٦ نوفمبر ٢٠٢٦')
  })
})
