import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { decide, foldEvents } from '../../src/index.js'
import { applyImport, importVCard } from '../../src/import/index.js'
import { added, datesOf, fixture, fixtureBytes, imported, refusedRow, reportOf } from './support.js'

const now = new Date('2026-11-26T09:00:00Z')
const text = fixture('phone-export.vcf')
const report = reportOf(importVCard(text, { source: 'phone:salma', defaultCountry: 'SA' }))
const [apple, android, v4, arabic, badBirthday, badEmailPhone, noName, group, respelled] = report.rows

describe('a phone’s vCard export (3.0 from an iPhone, 2.1 from Android, 4.0)', () => {
  it('gives a result for every card, in file order, with its card index and line', () => {
    expect(report.rows.map((r) => [r.status, r.card])).toEqual([
      ['imported', 1],
      ['imported', 2],
      ['imported', 3],
      ['imported', 4],
      ['refused', 5],
      ['refused', 6],
      ['refused', 7],
      ['refused', 8],
      ['imported', 9],
    ])
    expect(report.summary).toEqual({
      rows: 9,
      imported: 5,
      refused: 4,
      commands: 11,
      reasons: { 'invalid-date': 1, 'invalid-email': 1, 'missing-name': 1, 'not-a-person': 1 },
    })
    expect(imported(apple).line).toBe(1)
    // The last card is the first one's person again, spelt otherwise: imported (findDuplicates pairs them).
    expect(added(respelled)).toMatchObject({ name: 'Salma Hadad', emails: ['Salma.Haddad@example.com'] })
    expect(report.format).toBe('vcard')
    expect(report.ignored).toEqual(['PHOTO', 'X-ABADR', 'X-ADDRESSBOOKSERVER-MEMBER'])
  })

  it('reads several EMAIL and TEL with their types: the preferred first, a fax left out (noted)', () => {
    const c = added(apple)
    expect(c.emails).toEqual(['salma.haddad@example.com', 's.haddad@haddad-partners.example'])
    // A local number is read in the default country; E.164 either way.
    expect(c.phones).toEqual(['+966501234567', '+966112345678'])
    expect(imported(apple).notes).toContainEqual({ line: 11, field: 'TEL', note: 'fax-not-imported' })
  })

  it('reads Apple’s dialect: a birthday without a year (X-APPLE-OMIT-YEAR), an anniversary by its label', () => {
    expect(datesOf(apple)).toEqual({ birthday: '--04-12', 'wedding-anniversary': '2010-06-12' })
    // The date labelled "Other" is not a kind touchbase keeps.
    expect(imported(apple).notes).toContainEqual({ line: 17, field: 'X-ABDATE', note: 'date-not-imported' })
  })

  it('unfolds folded lines and unescapes values; reads the name, company and address', () => {
    const c = added(apple)
    expect(c).toMatchObject({ name: 'Salma Haddad', givenName: 'Salma', familyName: 'Haddad', company: 'Haddad & Partners', met: false })
    expect(c.notes).toBe(
      'Met at the Riyadh open house in 2019; prefers calls after Asr. Her brother Omar is a client too, and she asked about the spring market report.',
    )
    expect(c.address).toEqual({ lines: ['12 King Fahd Road', 'Apt 4'], locality: 'Riyadh', postalCode: '12211', country: 'SA' })
  })

  it('decodes quoted-printable UTF-8 names (vCard 2.1, with soft line breaks) and names bare 2.1 parameters', () => {
    const c = added(android)
    expect(c).toMatchObject({ name: 'محمد عبد الله العتيبي', givenName: 'محمد', familyName: 'العتيبي' })
    expect(c.phones).toEqual(['+966551234567', '+966112345670'])
    expect(c.emails).toEqual(['m.alotaibi@example.sa'])
    expect(datesOf(android)).toEqual({ birthday: '1984-11-03' })
  })

  it('takes the name from N when a card has no FN', () => {
    expect(added(v4)).toMatchObject({ name: 'Layla Nasser', givenName: 'Layla', familyName: 'Nasser', timeZone: 'Europe/London', locale: 'en-GB' })
  })

  it('reads BDAY --0412 (no year) and ANNIVERSARY with a year; a tel: URI', () => {
    expect(datesOf(v4)).toEqual({ birthday: '--04-12', 'wedding-anniversary': '2012-09-15' })
    expect(added(v4).phones).toEqual(['+442079460958'])
  })

  it('keeps Arabic names as written, reads Arabic-Indic digits and drops bidi controls around a number', () => {
    expect(added(arabic)).toMatchObject({ name: 'فاطمة الزهراء', phones: ['+966509876543'] })
    expect(datesOf(arabic)).toEqual({ birthday: '1990-02-28' })
  })

  it('refuses a birthday on --02-30, naming the line and the property', () => {
    expect(refusedRow(badBirthday)).toMatchObject({ card: 5, line: 69, field: 'BDAY', reason: 'invalid-date' })
  })

  it('refuses an e-mail that is not one and a phone that cannot be normalised, listing both', () => {
    const r = refusedRow(badEmailPhone)
    expect(r).toMatchObject({ line: 74, field: 'EMAIL', reason: 'invalid-email' })
    expect(r.errors.map((e) => [e.code, e.params])).toEqual([
      ['invalid-email', { line: 74, field: 'EMAIL' }],
      ['invalid-phone', { line: 75, field: 'TEL' }],
    ])
  })

  it('refuses a card with no name, and an Apple group card', () => {
    expect(refusedRow(noName)).toMatchObject({ reason: 'missing-name', field: 'FN', card: 7 })
    expect(refusedRow(group)).toMatchObject({ reason: 'not-a-person', field: 'X-ADDRESSBOOKSERVER-KIND', card: 8 })
  })

  it('never puts a value of the file in an error: only lines, fields and limits', () => {
    const values = ['Jack', 'Miller', 'jack.miller', 'omar.khalil', '12345', 'Acme', 'nobody@', 'Clients 2024', '02-30', '0230']
    for (const row of report.rows) {
      if (row.status !== 'refused') continue
      for (const e of row.errors) {
        const said = JSON.stringify([e.message, e.params, e.path ?? ''])
        for (const v of values) expect(said).not.toContain(v)
        expect(Object.keys(e.params).every((k) => ['line', 'field', 'max'].includes(k))).toBe(true)
      }
    }
  })

  it('gives commands decide accepts: AddContact first, then the personal dates', () => {
    const run = applyImport(report, foldEvents([]), now)
    expect(run.summary).toMatchObject({ imported: 5, refused: 4, alreadyImported: 0, events: 11 })
    const state = foldEvents(run.events)
    expect(state.contacts.get(imported(apple).contactId)?.profile?.personalDates).toEqual([
      { kind: 'birthday', date: '--04-12' },
      { kind: 'wedding-anniversary', date: '2010-06-12' },
    ])
    for (const row of report.rows) if (row.status === 'imported') expect(row.commands[0]?.type).toBe('AddContact')
  })

  it('derives the same ids from the same cards, whatever the line ends, bytes or text', () => {
    const again = reportOf(importVCard(text.replace(/\r\n/g, '\n'), { source: 'phone:salma', defaultCountry: 'SA' }))
    const bytes = reportOf(importVCard(fixtureBytes('phone-export.vcf'), { source: 'phone:salma', defaultCountry: 'SA' }))
    const ids = (r: typeof report) => r.rows.map((row) => (row.status === 'imported' ? row.commands.map((c) => c.commandId) : row.reason))
    expect(ids(again)).toEqual(ids(report))
    expect(ids(bytes)).toEqual(ids(report))
    // Another address book, other ids.
    const other = reportOf(importVCard(text, { source: 'phone:omar', defaultCountry: 'SA' }))
    expect(imported(other.rows[0]).contactId).not.toBe(imported(apple).contactId)
  })

  it('keys a card with a UID by its UID: the same card edited keeps its contact id', () => {
    const edited = text.replace('prefers calls after Asr', 'prefers calls before noon')
    const r = reportOf(importVCard(edited, { source: 'phone:salma', defaultCountry: 'SA' }))
    expect(imported(r.rows[0]).contactId).toBe(imported(apple).contactId)
    // Its AddContact is another command: decide says the contact exists, not that the id was reused.
    const state = foldEvents(applyImport(report, foldEvents([]), now).events)
    const d = decide(imported(r.rows[0]).commands[0] as never, state, now)
    expect(E.isLeft(d) && d.left.code).toBe('contact-exists')
  })
})

describe('vCard details', () => {
  const one = (...lines: string[]) => reportOf(importVCard(['BEGIN:VCARD', ...lines, 'END:VCARD'].join('\r\n'), { source: 's', defaultCountry: 'US' })).rows[0]

  it.each([
    ['BDAY:--0412', '--04-12'],
    ['BDAY:--04-12', '--04-12'],
    ['BDAY:19850412', '1985-04-12'],
    ['BDAY:1985-04-12', '1985-04-12'],
    ['BDAY:1985-04-12T10:00:00Z', '1985-04-12'],
    ['BDAY;VALUE=date:1985-04', '1985-04'],
    ['BDAY:--0229', '--02-29'],
  ])('reads %s as %s', (bday, date) => {
    expect(datesOf(one('VERSION:4.0', 'FN:Ada', bday))).toEqual({ birthday: date })
    expect(datesOf(one('VERSION:3.0', 'FN:Ada', bday))).toEqual({ birthday: date })
  })

  it.each(['BDAY:--0230', 'BDAY:--1301', 'BDAY:1985-02-29', 'BDAY;VALUE=text:circa 1800', 'BDAY:12/04'])('refuses %s', (bday) => {
    expect(refusedRow(one('VERSION:4.0', 'FN:Ada', bday))).toMatchObject({ reason: 'invalid-date', field: 'BDAY' })
  })

  it('reads vCard 4’s PREF=1 before the rest, and keeps a value given twice once (noted)', () => {
    const row = one('VERSION:4.0', 'FN:Ada', 'EMAIL:b@example.com', 'EMAIL;PREF=1:a@example.com', 'EMAIL:A@Example.com')
    expect(added(row).emails).toEqual(['a@example.com', 'b@example.com'])
    expect(imported(row).notes).toEqual([{ line: 6, field: 'EMAIL', note: 'duplicate-value' }])
  })

  it('notes a phone extension it leaves out, a country and a time zone it does not recognise', () => {
    const row = one('VERSION:3.0', 'FN:Ada', 'TEL:(202) 555-0143 x12', 'ADR:;;1 Main St;Springfield;;;Atlantis', 'TZ:-05:00')
    expect(added(row)).toMatchObject({ phones: ['+12025550143'], address: { lines: ['1 Main St'], locality: 'Springfield' } })
    expect(imported(row).notes.map((n) => n.note)).toEqual(['extension-dropped', 'country-not-recognised', 'time-zone-not-recognised'])
  })

  it('refuses a card that never ends, and goes on with the next', () => {
    const r = reportOf(importVCard('BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Grace\r\nEND:VCARD\r\n', { source: 's' }))
    expect(r.rows.map((x) => (x.status === 'refused' ? x.reason : added(x).name))).toEqual(['unterminated-card', 'Grace'])
  })

  it('refuses a property it cannot parse, and a version it does not read', () => {
    expect(refusedRow(one('VERSION:3.0', 'FN;X-BAD="unclosed:Ada'))).toMatchObject({ reason: 'malformed-line', line: 3 })
    expect(refusedRow(one('VERSION:5.0', 'FN:Ada'))).toMatchObject({ reason: 'unsupported-version', line: 2 })
  })

  it('refuses the file when it holds no card', () => {
    expect(importVCard('Name,Email\nAda,ada@example.com\n', { source: 's' })).toEqual(E.left(expect.objectContaining({ code: 'not-a-vcard' })))
  })
})

describe('quoted-printable', () => {
  const one = (...lines: string[]) => reportOf(importVCard(['BEGIN:VCARD', 'VERSION:2.1', ...lines, 'END:VCARD'].join('\r\n'), { source: 's' })).rows[0]

  it('decodes other charsets, text written as itself, and encoded line breaks', () => {
    expect(added(one('FN;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:Jos=E9 Garc=EDa'))).toMatchObject({ name: 'José García' })
    expect(added(one('FN;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:Zo=C3=AB Ng'))).toMatchObject({ name: 'Zoë Ng' })
    expect(added(one('FN;ENCODING=QUOTED-PRINTABLE:Zoë =4Eg'))).toMatchObject({ name: 'Zoë Ng' })
    expect(added(one('FN:Ada', 'NOTE;ENCODING=QUOTED-PRINTABLE:line one=0D=0Aline two')).notes).toBe('line one\nline two')
  })

  it('refuses a value its charset cannot decode', () => {
    expect(refusedRow(one('FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=FF=FE'))).toMatchObject({ reason: 'malformed-line', line: 3 })
  })
})
