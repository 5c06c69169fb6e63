import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { foldEvents } from '../../src/index.js'
import { applyImport, CSV_PRESETS, importCsv, type CsvMapping } from '../../src/import/index.js'
import { added, datesOf, fixture, fixtureBytes, imported, refusedChannels, refusedRow, reportOf } from './support.js'

const now = new Date('2026-11-26T09:00:00Z')

const CRM: CsvMapping = {
  name: 'Full Name',
  emails: ['Email', 'Work Email'],
  phones: 'Mobile',
  company: 'Company',
  addresses: [{ street: 'Street', locality: 'City', country: 'Country' }],
  birthday: 'Birthday',
  anniversary: 'Anniversary',
  notes: 'Notes',
  doNotContact: { email: 'Email Opt Out', phone: 'Do Not Call' },
  dateOrder: 'dmy',
}

describe('a CRM’s CSV export: BOM, CRLF, quoted commas and quotes, line breaks inside quotes, an anniversaries column', () => {
  const report = reportOf(importCsv(fixture('crm-export.csv'), { source: 'crm', defaultCountry: 'SA', mapping: CRM }))
  const [salma, ahmed, jack, omar, nameless, lina, siobhan] = report.rows

  it('gives a result for every row, on the line it begins (a quoted line break moves the next rows down)', () => {
    expect(report.rows.map((r) => [r.status, r.line])).toEqual([
      ['imported', 2],
      ['imported', 5],
      ['refused', 6],
      ['refused', 7],
      ['refused', 8],
      ['refused', 9],
      ['imported', 10],
    ])
    expect(report.summary).toMatchObject({ rows: 7, imported: 3, refused: 4 })
    // The BOM is not part of the first column's name: every column is mapped.
    expect(report.ignored).toEqual([])
  })

  it('reads quoted commas, doubled quotes and line breaks inside a quoted cell', () => {
    expect(added(salma)).toMatchObject({
      name: 'Haddad, Salma',
      company: 'Haddad & Partners, LLC',
      emails: ['salma.haddad@example.com', 's.haddad@haddad-partners.example'],
      phones: ['+966501234567'],
      address: { lines: ['12 King Fahd Road', 'Apt 4'], locality: 'Riyadh', country: 'SA' },
      notes: 'She said "call after Asr", not before.\nPrefers WhatsApp.',
    })
    expect(added(siobhan)).toMatchObject({ name: "O'Brien, Siobhán", phones: ['+35312345678'], address: { locality: 'Dublin', country: 'IE' } })
    expect(added(siobhan).notes).toBe('Line one\nLine two, with a comma')
  })

  it('reads birthdays and anniversaries, with a year (in the file’s order, dmy) or without', () => {
    expect(datesOf(salma)).toEqual({ birthday: '1985-04-12', 'wedding-anniversary': '2010-06-12' })
    expect(datesOf(ahmed)).toEqual({ birthday: '--04-12', 'wedding-anniversary': '2008-03-21' })
    expect(added(ahmed).name).toBe('أحمد الشمري')
  })

  it('records a refused channel where the file says so, and nothing where it is empty', () => {
    expect(refusedChannels(salma)).toEqual(['email'])
    expect(refusedChannels(ahmed)).toEqual(['phone'])
    expect(refusedChannels(siobhan)).toEqual([])
    expect(imported(salma).commands.map((c) => c.type)).toEqual(['AddContact', 'RecordPersonalDate', 'RecordPersonalDate', 'SetConsent'])
  })

  it('refuses a row with a date that is none, an e-mail that is none, no name, a yes/no that is neither', () => {
    expect(refusedRow(jack)).toMatchObject({ line: 6, field: 'Anniversary', reason: 'invalid-date' })
    expect(refusedRow(omar)).toMatchObject({ line: 7, field: 'Email', reason: 'invalid-email' })
    expect(refusedRow(nameless)).toMatchObject({ line: 8, field: 'Full Name', reason: 'missing-name' })
    expect(refusedRow(lina)).toMatchObject({ line: 9, field: 'Email Opt Out', reason: 'invalid-flag' })
  })

  it('reads the same from bytes, and the commands run through decide', () => {
    const fromBytes = reportOf(importCsv(fixtureBytes('crm-export.csv'), { source: 'crm', defaultCountry: 'SA', mapping: CRM }))
    expect(fromBytes).toEqual(report)
    const run = applyImport(report, foldEvents([]), now)
    expect(run.summary).toMatchObject({ imported: 3, refused: 4, events: 10 })
    expect(run.state.contacts.get(imported(salma).contactId)?.consent.refused).toEqual(['email'])
  })
})

describe('the Google Contacts preset', () => {
  const report = reportOf(importCsv(fixture('google-contacts.csv'), { source: 'google:ada', defaultCountry: 'US', mapping: CSV_PRESETS.google }))
  const [ada, grace, yousef, numberOnly] = report.rows

  it('reads the export’s header: names, organisation, e-mails and phones by number, several in a cell', () => {
    expect(added(ada)).toMatchObject({
      name: 'Ada Lovelace',
      company: 'Analytical Engines Ltd',
      emails: ['ada@example.com', 'ada.lovelace@example.org', 'ada@engines.example'],
      phones: ['+12025550143', '+12025550199'],
      address: { lines: ["12 St James's Square"], locality: 'London', postalCode: 'SW1Y 4JH', country: 'GB' },
      notes: 'First programmer',
    })
    expect(imported(ada).notes).toEqual([{ line: 2, field: 'Phone 2 - Value', note: 'fax-not-imported' }])
    expect(added(grace).name).toBe('Grace Brewster Hopper')
    expect(added(yousef)).toMatchObject({ name: 'يوسف الحربي', givenName: 'يوسف', familyName: 'الحربي' })
  })

  it('reads birthdays and labelled events: Anniversary, Graduation; --MM-DD without a year', () => {
    expect(datesOf(ada)).toEqual({ birthday: '1815-12-10', 'wedding-anniversary': '1835-07-08' })
    expect(datesOf(grace)).toEqual({ birthday: '--12-09', graduation: '1928-06-01' })
    expect(datesOf(yousef)).toEqual({ birthday: '--03-15', 'wedding-anniversary': '--10-05' })
  })

  it('refuses a contact that is only a number, and lists the columns it does not read', () => {
    expect(refusedRow(numberOnly)).toMatchObject({ reason: 'missing-name', line: 7 })
    expect(report.ignored).toContain('Website 1 - Value')
    expect(report.ignored).not.toContain('E-mail 1 - Value')
  })

  it('reads the earlier Google header too', () => {
    const old = 'Name,Given Name,Additional Name,Family Name,Birthday,Notes,Group Membership,E-mail 1 - Type,E-mail 1 - Value,Phone 1 - Type,Phone 1 - Value,Organization 1 - Type,Organization 1 - Name,Event 1 - Type,Event 1 - Value\r\n'
    const row = 'Ada Lovelace,Ada,,Lovelace,1815-12-10,,* My Contacts,* Home,ada@example.com,Mobile,+44 20 7946 0958,,Engines Ltd,Anniversary,1835-07-08\r\n'
    const r = reportOf(importCsv(old + row, { source: 'google', mapping: CSV_PRESETS.google }))
    expect(added(r.rows[0])).toMatchObject({ name: 'Ada Lovelace', company: 'Engines Ltd', emails: ['ada@example.com'], phones: ['+442079460958'] })
    expect(datesOf(r.rows[0])).toEqual({ birthday: '1815-12-10', 'wedding-anniversary': '1835-07-08' })
  })
})

describe('the Outlook preset', () => {
  const report = reportOf(importCsv(fixture('outlook-contacts.csv'), { source: 'outlook', defaultCountry: 'US', mapping: CSV_PRESETS.outlook }))
  const [maria, tom] = report.rows

  it('reads names, e-mails, the phones a person answers (no fax), the first address with a value', () => {
    expect(added(maria)).toMatchObject({
      name: 'Maria Garcia',
      company: 'Garcia Lending',
      phones: ['+15125550177', '+15125550123'],
      address: { lines: ['100 Main St', 'Suite 200'], locality: 'Austin', region: 'TX', postalCode: '78701', country: 'US' },
    })
    expect(added(tom)).toMatchObject({ emails: ['tom.becker@example.com', 'tbecker@example.net'], address: { locality: 'Denver', country: 'US' } })
  })

  it('reads Outlook’s m/d/yyyy dates, and 0/0/00 as no date', () => {
    expect(datesOf(maria)).toEqual({ birthday: '1980-04-12', 'wedding-anniversary': '2005-06-15' })
    expect(datesOf(tom)).toEqual({})
  })

  it('reads d/m/yyyy when told: then 6/15/2005 names no day', () => {
    const r = reportOf(importCsv(fixture('outlook-contacts.csv'), { source: 'outlook', defaultCountry: 'US', mapping: { ...CSV_PRESETS.outlook, dateOrder: 'dmy' } }))
    expect(refusedRow(r.rows[0])).toMatchObject({ reason: 'invalid-date', field: 'Anniversary', line: 2 })
    const one = reportOf(importCsv('First Name,Birthday\r\nMaria,4/12/1980\r\n', { source: 's', mapping: { ...CSV_PRESETS.outlook, dateOrder: 'dmy' } }))
    expect(datesOf(one.rows[0])).toEqual({ birthday: '1980-12-04' })
  })
})

describe('CSV details', () => {
  it('detects a semicolon delimiter (Excel in much of Europe), or takes the one given', () => {
    const text = 'Name;Email\r\n"Müller; Jan";jan@example.de\r\n'
    expect(added(reportOf(importCsv(text, { source: 's', mapping: { name: 'Name', emails: 'Email' } })).rows[0])).toMatchObject({ name: 'Müller; Jan', emails: ['jan@example.de'] })
    const tabs = 'Name\tEmail\r\nJan\tjan@example.de\r\n'
    expect(added(reportOf(importCsv(tabs, { source: 's', delimiter: '\t', mapping: { name: 'Name', emails: 'Email' } })).rows[0]).emails).toEqual(['jan@example.de'])
  })

  it('joins the name from its parts when there is no full name', () => {
    const r = reportOf(importCsv('First,Last\r\nAda,Lovelace\r\n,Hopper\r\n', { source: 's', mapping: { givenName: 'First', familyName: 'Last' } }))
    expect(r.rows.map((row) => added(row).name)).toEqual(['Ada Lovelace', 'Hopper'])
  })

  it('skips blank rows, and refuses a row whose quote never closes (what follows it is inside the quote)', () => {
    const r = reportOf(importCsv('Name,Email\r\n\r\nAda,ada@example.com\r\n,,\r\n"Grace,grace@example.com\r\nLin,lin@example.com\r\n', { source: 's', mapping: { name: 'Name', emails: 'Email' } }))
    expect(r.rows.map((row) => [row.status, row.line])).toEqual([
      ['imported', 3],
      ['refused', 5],
    ])
    expect(refusedRow(r.rows[1]).reason).toBe('malformed-line')
  })

  it('refuses the file when its header has none of the mapping’s name columns', () => {
    expect(importCsv(fixture('outlook-contacts.csv'), { source: 's', mapping: { name: 'Full Name' } })).toEqual(E.left(expect.objectContaining({ code: 'no-name-column' })))
    expect(importCsv('', { source: 's', mapping: { name: 'Name' } })).toEqual(E.left(expect.objectContaining({ code: 'no-name-column' })))
  })

  it('refuses bad options by name, before reading the file', () => {
    const bad = (options: object, option: string) =>
      expect(importCsv('Name\r\nAda\r\n', { source: 's', mapping: { name: 'Name' }, ...options } as never)).toEqual(
        E.left(expect.objectContaining({ code: 'invalid-import-options', params: { option } })),
      )
    bad({ source: ' ' }, 'source')
    bad({ defaultCountry: 'XX' }, 'defaultCountry')
    bad({ circle: 'enemies' }, 'circle')
    bad({ mapping: null }, 'mapping')
    bad({ mapping: { name: 'Name', dateOrder: 'ydm' } }, 'mapping.dateOrder')
    bad({ delimiter: '"' }, 'delimiter')
    bad({ limits: { maxRows: 0 } }, 'limits.maxRows')
  })

  it('gives the host’s own contact ids when it maps them, with the row’s UID', () => {
    const r = reportOf(
      importCsv('Id,Name,Email\r\nC-1,Ada,ada@example.com\r\n', {
        source: 's',
        mapping: { uid: 'Id', name: 'Name', emails: 'Email' },
        contactId: (row) => `crm-${row.uid ?? row.importId}`,
        met: true,
        circle: 'client',
        actor: 'u-7',
      }),
    )
    expect(added(r.rows[0])).toMatchObject({ contactId: 'crm-C-1', met: true, circle: 'client', actor: 'u-7' })
  })
})
