import { describe, expect, it } from 'vitest'
import { runExample } from '../support/run-example.js'

describe('examples/import-contacts.ts', () => {
  it('prints a result for every card of a vCard file, the likely duplicates and what applyImport writes', () => {
    const out = runExample('examples/import-contacts.ts', ['test/import/fixtures/phone-export.vcf', '--country', 'SA'])
    expect(out).toContain('== phone-export.vcf (vcard): 9 contacts')
    expect(out).toContain('card 2 (line 23): imported محمد عبد الله العتيبي — birthday 1984-11-03')
    expect(out).toContain('card 5 (line 69): refused — Line 69, BDAY: not a date')
    expect(out).toContain('likely the same person: card 1 and card 9 (same-email, same-phone, similar-name)')
    expect(out).toContain('applied to an empty network: 5 contacts, 11 events')
  })

  it('recognises a Google Contacts CSV by its header, and says refusals in Arabic', () => {
    const out = runExample('examples/import-contacts.ts', ['test/import/fixtures/google-contacts.csv', '--country', 'US', '--locale', 'ar'])
    expect(out).toContain('line 2: imported Ada Lovelace — birthday 1815-12-10, wedding-anniversary 1835-07-08')
    expect(out).toContain('line 7: refused — السطر ٧، الحقل \u2068First Name\u2069: لا اسم (الحقل غائب أو فارغ).')
  })
})
