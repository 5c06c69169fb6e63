import { describe, expect, it } from 'vitest'
import { foldEvents } from '../../src/index.js'
import { applyImport, findDuplicates, importCsv, importVCard, nameKey } from '../../src/import/index.js'
import { fixture, imported, reportOf, writeCsv } from './support.js'

const now = new Date('2026-11-26T09:00:00Z')
const csv = (rows: string[][]) => reportOf(importCsv(writeCsv(['Name', 'Email', 'Phone'], rows), { source: 'crm', defaultCountry: 'SA', mapping: { name: 'Name', emails: 'Email', phones: 'Phone' } }))

describe('nameKey', () => {
  it.each([
    ['José García-López', 'Jose  GARCIA lopez'],
    ['أحمد', 'احمد'],
    ['إبراهيم', 'ابراهيم'],
    ['آمنة', 'امنه'],
    ['فاطمة', 'فاطمه'],
    ['مصطفى', 'مصطفي'],
    ['مُحَمَّد', 'محمد'],
    ['عبـــدالله', 'عبدالله'],
    ['یوسف کریمی', 'يوسف كريمي'],
  ])('%s and %s have the same key', (a, b) => {
    expect(nameKey(a)).toBe(nameKey(b))
  })

  it('keeps different names apart', () => {
    expect(nameKey('Ali')).not.toBe(nameKey('Alia'))
    expect(nameKey('سمير')).not.toBe(nameKey('سمر'))
  })
})

describe('findDuplicates', () => {
  it('finds, in a phone export, the same person under two spellings: same e-mail (any case), same phone, a near-same name', () => {
    const r = reportOf(importVCard(fixture('phone-export.vcf'), { source: 'phone', defaultCountry: 'SA' }))
    expect(findDuplicates(r).pairs).toEqual([
      {
        a: { in: 'file', line: 1, card: 1, contactId: imported(r.rows[0]).contactId },
        b: { in: 'file', line: 89, card: 9, contactId: imported(r.rows[8]).contactId },
        reasons: ['same-email', 'same-phone', 'similar-name'],
      },
    ])
  })

  it('finds the same name across Arabic letter variants, word order and a space inside a name', () => {
    const r = csv([
      ['أحمد الشمري', '', ''],
      ['احمد الشمرى', '', ''],
      ['Jane Doe', '', ''],
      ['Doe, Jane', '', ''],
      ['عبد الله القحطاني', '', ''],
      ['عبدالله القحطاني', '', ''],
    ])
    expect(findDuplicates(r).pairs.map((p) => [p.a.in === 'file' && p.a.line, p.b.in === 'file' && p.b.line, p.reasons])).toEqual([
      [2, 3, ['same-name']],
      [4, 5, ['same-name']],
      [6, 7, ['same-name']],
    ])
  })

  it('finds names one edit apart (a letter dropped, changed, two swapped), not short names, not names further apart', () => {
    const r = csv([
      ['Mohammed Ali', '', ''],
      ['Mohamed Ali', '', ''],
      ['Catherine Smith', '', ''],
      ['Cathrein Smith', '', ''],
      ['Ali', '', ''],
      ['Alu', '', ''],
      ['Jonathan Price', '', ''],
      ['Johnathon Price', '', ''],
    ])
    const pairs = findDuplicates(r).pairs.map((p) => [p.a.in === 'file' && p.a.line, p.b.in === 'file' && p.b.line, p.reasons])
    expect(pairs).toEqual([[2, 3, ['similar-name']]])
    // "Cathrein" is two edits from "Catherine" (a swap and a move): found at distance 2.
    const two = findDuplicates(r, { maxNameDistance: 2 }).pairs.map((p) => [p.a.in === 'file' && p.a.line, p.b.in === 'file' && p.b.line])
    expect(two).toEqual([
      [2, 3],
      [4, 5],
      [8, 9],
    ])
    expect(findDuplicates(r, { maxNameDistance: 0 }).pairs).toEqual([])
  })

  it('compares with the contacts a state has (a row imported before is that row), and never merges', () => {
    const before = csv([
      ['Salma Haddad', 'salma@example.com', '+966501234567'],
      ['Omar Khalil', 'omar@example.com', ''],
    ])
    const state = applyImport(before, foldEvents([]), now).state
    const r = csv([
      ['Salma Haddad', 'salma@example.com', '+966501234567'],
      ['S. Haddad', 'SALMA@example.com', '0501234567'],
      ['Omar Kalil', '', ''],
    ])
    const salma = imported(before.rows[0]).contactId
    const omar = imported(before.rows[1]).contactId
    expect(imported(r.rows[0]).contactId).toBe(salma)
    const { pairs, truncated } = findDuplicates(r, { state })
    expect(truncated).toBe(false)
    expect(pairs).toEqual([
      { a: { in: 'file', line: 2, contactId: salma }, b: { in: 'file', line: 3, contactId: imported(r.rows[1]).contactId }, reasons: ['same-email', 'same-phone'] },
      { a: { in: 'file', line: 4, contactId: imported(r.rows[2]).contactId }, b: { in: 'state', contactId: omar }, reasons: ['similar-name'] },
    ])
    // Finding is all it does: applied, the likely duplicates are new contacts of their own.
    expect(applyImport(r, state, now).summary).toMatchObject({ imported: 2, alreadyImported: 1 })
  })

  it('stops at maxPairs and says so', () => {
    const r = csv(Array.from({ length: 30 }, (_, i) => [`Person ${i}`, 'shared@example.com', '']))
    const d = findDuplicates(r, { maxPairs: 10 })
    expect(d.pairs.length).toBe(10)
    expect(d.truncated).toBe(true)
    expect(findDuplicates(r).pairs.length).toBe((30 * 29) / 2)
  })
})
