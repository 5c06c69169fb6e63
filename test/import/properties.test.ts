import * as fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { foldEvents, listContacts } from '../../src/index.js'
import { applyImport, importCsv, importVCard, type CsvMapping } from '../../src/import/index.js'
import { runs } from '../support/runs.js'
import { added, datesOf, reportOf, writeCsv } from './support.js'

const now = new Date('2026-11-26T09:00:00Z')
const later = new Date('2026-12-03T09:00:00Z')

// —— Contacts as an address book has them: names with commas, quotes and Arabic ——

const word = fc.oneof(
  fc.constantFrom('Salma', 'Haddad,', "O'Brien", '"Bud"', 'García', 'Zoë', 'Ng', 'van', 'de', 'Jr.', 'Smith-Jones', 'Li, Wei'),
  fc.constantFrom('محمد', 'فاطمة', 'عبد', 'الله', 'أحمد', 'الشمري', 'يوسف', 'آمنة', 'ليلى', 'إبراهيم'),
  fc.string({ unit: fc.constantFrom(...'abcxyzABCQ,"\'-.مثلاً'.split('')), minLength: 1, maxLength: 8 }),
)
const nameArb = fc.array(word, { minLength: 1, maxLength: 4 }).map((ws) => ws.join(' ')).filter((n) => n.trim().length > 0)
const label = fc.string({ unit: fc.constantFrom(...'abcdefghij0123456789'.split('')), minLength: 1, maxLength: 8 })
const emailArb = fc.tuple(label, fc.constantFrom('', '.', '+', '_'), label, label, fc.constantFrom('com', 'sa', 'co.uk', 'org')).map(([a, sep, b, d, tld]) => `${a}${sep}${b}@${d}.${tld}`)
const ymd = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2025-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10))
const dateArb = fc.option(fc.oneof(ymd, ymd.map((d) => `--${d.slice(5)}`), fc.constant('--02-29')), { nil: undefined })

interface Person {
  readonly name: string
  readonly emails: readonly string[]
  readonly birthday: string | undefined
  readonly anniversary: string | undefined
}
const personArb: fc.Arbitrary<Person> = fc.record({
  name: nameArb,
  emails: fc.uniqueArray(emailArb, { maxLength: 3 }),
  birthday: dateArb,
  anniversary: dateArb,
})

const HEADER = ['Name', 'Email 1', 'Email 2', 'Email 3', 'Birthday', 'Anniversary', 'Mobile']
const MAPPING: CsvMapping = { name: 'Name', emails: /^Email \d$/, birthday: 'Birthday', anniversary: 'Anniversary', phones: 'Mobile' }
const rowOf = (p: Person, mobile = ''): string[] => [p.name, p.emails[0] ?? '', p.emails[1] ?? '', p.emails[2] ?? '', p.birthday ?? '', p.anniversary ?? '', mobile]
const read = (text: string) => reportOf(importCsv(text, { source: 'crm', defaultCountry: 'SA', mapping: MAPPING }))

describe('properties of an import', () => {
  it('a CSV written from contacts (commas, quotes, Arabic) and imported back gives the same names, e-mails and dates', () => {
    fc.assert(
      fc.property(fc.array(personArb, { minLength: 1, maxLength: 8 }), (people) => {
        const report = read(writeCsv(HEADER, people.map((p) => rowOf(p))))
        expect(report.rows.length).toBe(people.length)
        people.forEach((p, i) => {
          const row = report.rows[i]
          expect(added(row)).toMatchObject({ name: p.name })
          expect(added(row).emails ?? []).toEqual(p.emails)
          expect(datesOf(row)).toEqual({
            ...(p.birthday === undefined ? {} : { birthday: p.birthday }),
            ...(p.anniversary === undefined ? {} : { 'wedding-anniversary': p.anniversary }),
          })
        })
      }),
      { numRuns: runs(150) },
    )
  })

  it('importing twice adds no one, even with the rows in another order', () => {
    fc.assert(
      fc.property(fc.array(personArb, { minLength: 1, maxLength: 8 }), fc.array(fc.nat(), { minLength: 8, maxLength: 8 }), (people, order) => {
        const first = applyImport(read(writeCsv(HEADER, people.map((p) => rowOf(p)))), foldEvents([]), now)
        const shuffled = people.map((p, i) => ({ p, k: order[i] ?? 0 })).sort((a, b) => a.k - b.k).map((x) => x.p)
        const second = applyImport(read(writeCsv(HEADER, shuffled.map((p) => rowOf(p)))), first.state, later)
        expect(second.summary.imported).toBe(0)
        expect(second.events).toEqual([])
        expect(listContacts(second.state).length).toBe(listContacts(first.state).length)
        expect(second.summary.alreadyImported).toBe(people.length)
      }),
      { numRuns: runs(100) },
    )
  })

  it('a refused row produces no command, and nothing of it is written', () => {
    const spoil = fc.constantFrom(
      (p: Person) => rowOf({ ...p, emails: ['not-an-address', ...p.emails.slice(1)] }),
      (p: Person) => rowOf({ ...p, birthday: '--02-30' }),
      (p: Person) => rowOf({ ...p, anniversary: '2023-02-29' }),
      (p: Person) => rowOf(p, '12345'),
      // No name, but something else (a row of blank cells is no row at all).
      (p: Person) => rowOf({ ...p, name: ' ', emails: ['someone@example.com'] }),
    )
    fc.assert(
      fc.property(fc.array(fc.tuple(personArb, fc.option(spoil, { nil: undefined })), { minLength: 1, maxLength: 8 }), (rows) => {
        const report = read(writeCsv(HEADER, rows.map(([p, s]) => (s === undefined ? rowOf(p) : s(p)))))
        const run = applyImport(report, foldEvents([]), now)
        rows.forEach(([, s], i) => {
          const row = report.rows[i]
          expect(row?.status).toBe(s === undefined ? 'imported' : 'refused')
          if (row?.status === 'refused') {
            expect('commands' in row).toBe(false)
            expect(run.rows[i]?.status).toBe('refused')
          }
        })
        // Every event belongs to an imported row's contact; every imported contact has all of its commands' events.
        const importedIds = new Set(report.rows.flatMap((r) => (r.status === 'imported' ? [r.contactId] : [])))
        expect(run.events.every((e) => importedIds.has(e.contactId as string))).toBe(true)
        expect(run.state.contacts.size).toBe(importedIds.size)
      }),
      { numRuns: runs(100) },
    )
  })

  it('never throws, whatever the bytes or text: a report or a refusal of the file', () => {
    const junk = fc.oneof(
      fc.string({ maxLength: 400 }),
      fc.array(fc.constantFrom('BEGIN:VCARD', 'END:VCARD', 'VERSION:2.1', 'VERSION:4.0', 'FN:', 'N:;;;', 'BDAY:--', 'TEL;;:', 'EMAIL;TYPE="', '=', ' x', 'ADR:;;;;;;;', '"', ',', '\r\n', 'item1.X-ABDATE:'), { maxLength: 40 }).map((xs) => xs.join('\r\n')),
    )
    fc.assert(
      fc.property(fc.oneof(junk, fc.uint8Array({ maxLength: 300 })), (input) => {
        for (const r of [importVCard(input, { source: 's' }), importCsv(input, { source: 's', mapping: MAPPING })]) {
          expect(E.isLeft(r) || Array.isArray(r.right.rows)).toBe(true)
        }
      }),
      { numRuns: runs(300) },
    )
  })
})
