import { buildSync } from 'esbuild'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { DEFAULT_IMPORT_LIMITS, importCsv, importVCard } from '../../src/import/index.js'
import { ROOT } from '../support/run-example.js'
import { refusedRow, reportOf } from './support.js'

const mapping = { name: 'Name', emails: 'Email', notes: 'Notes' }
const card = (n: number, ...lines: string[]) => ['BEGIN:VCARD', 'VERSION:3.0', `FN:Person ${n}`, ...lines, 'END:VCARD'].join('\r\n')

describe('the bounds of an import', () => {
  it('are 16 MiB, 50,000 contacts, 500 fields a row and lines of 100,000 characters by default', () => {
    expect(DEFAULT_IMPORT_LIMITS).toEqual({ maxBytes: 16_777_216, maxRows: 50_000, maxFieldsPerRow: 500, maxLineLength: 100_000 })
  })

  it('refuse a file past maxBytes, counted in UTF-8 bytes (an Arabic letter is two)', () => {
    const arabic = 'Name\r\n' + 'م'.repeat(60) + '\r\n'
    expect(importCsv(arabic, { source: 's', mapping, limits: { maxBytes: 100 } })).toEqual(
      E.left(expect.objectContaining({ code: 'file-too-large', params: { size: 128, max: 100 } })),
    )
    expect(E.isRight(importCsv(arabic, { source: 's', mapping, limits: { maxBytes: 128 } }))).toBe(true)
    expect(importVCard(new Uint8Array(101), { source: 's', limits: { maxBytes: 100 } })).toEqual(E.left(expect.objectContaining({ code: 'file-too-large' })))
  })

  it('refuse a file with more contacts than maxRows (and take one with exactly as many)', () => {
    const rows = (n: number) => 'Name\r\n' + Array.from({ length: n }, (_, i) => `Person ${i}`).join('\r\n') + '\r\n'
    expect(reportOf(importCsv(rows(3), { source: 's', mapping, limits: { maxRows: 3 } })).summary.imported).toBe(3)
    expect(importCsv(rows(4), { source: 's', mapping, limits: { maxRows: 3 } })).toEqual(E.left(expect.objectContaining({ code: 'too-many-rows', params: { max: 3 } })))
    const cards = (n: number) => Array.from({ length: n }, (_, i) => card(i)).join('\r\n')
    expect(reportOf(importVCard(cards(3), { source: 's', limits: { maxRows: 3 } })).summary.imported).toBe(3)
    expect(importVCard(cards(4), { source: 's', limits: { maxRows: 3 } })).toEqual(E.left(expect.objectContaining({ code: 'too-many-rows' })))
  })

  it('refuse a row or card with more fields than maxFieldsPerRow, alone; a header with more, the whole file', () => {
    const csv = reportOf(importCsv('Name,Email,Notes\r\nAda,a@example.com\r\nGrace,g@example.com,x,y,z,w\r\n', { source: 's', mapping, limits: { maxFieldsPerRow: 4 } }))
    expect(csv.rows.map((r) => (r.status === 'refused' ? r.reason : r.status))).toEqual(['imported', 'too-many-fields'])
    expect(importCsv('Name,Email,Notes\r\nAda\r\n', { source: 's', mapping, limits: { maxFieldsPerRow: 2 } })).toEqual(
      E.left(expect.objectContaining({ code: 'too-many-fields', params: { line: 1, max: 2 } })),
    )
    const vcf = reportOf(importVCard([card(1), card(2, 'NOTE:a', 'NOTE:b', 'NOTE:c')].join('\r\n'), { source: 's', limits: { maxFieldsPerRow: 3 } }))
    expect(vcf.rows.map((r) => (r.status === 'refused' ? r.reason : r.status))).toEqual(['imported', 'too-many-fields'])
  })

  it('refuse a row or card with a line longer than maxLineLength, alone', () => {
    const long = 'x'.repeat(300)
    const csv = reportOf(importCsv(`Name,Notes\r\nAda,${long}\r\nGrace,short\r\n"Lin","a\r\n${long}"\r\n`, { source: 's', mapping, limits: { maxLineLength: 200 } }))
    expect(csv.rows.map((r) => [r.status, r.line])).toEqual([
      ['refused', 2],
      ['imported', 3],
      ['refused', 5],
    ])
    expect(refusedRow(csv.rows[2]).errors[0]).toMatchObject({ code: 'line-too-long', params: { line: 5, max: 200 } })
    const vcf = reportOf(importVCard([card(1, `NOTE:${long}`), card(2)].join('\r\n'), { source: 's', limits: { maxLineLength: 200 } }))
    expect(vcf.rows.map((r) => (r.status === 'refused' ? r.reason : r.status))).toEqual(['line-too-long', 'imported'])
  })

  it('refuse limits that are not positive integers, by name', () => {
    expect(importVCard(card(1), { source: 's', limits: { maxLineLength: 1.5 } })).toEqual(
      E.left(expect.objectContaining({ code: 'invalid-import-options', params: { option: 'limits.maxLineLength' } })),
    )
  })
})

describe('the main entry', () => {
  it('imports none of the import’s parsers (as built: esbuild bundles src/index.ts as tsup does)', () => {
    const built = buildSync({ entryPoints: [`${ROOT}src/index.ts`], bundle: true, write: false, metafile: true, format: 'esm', platform: 'node', packages: 'external', outdir: 'out' })
    const imported = Object.values(built.metafile.outputs).flatMap((o) => o.imports.map((i) => i.path))
    expect(imported.filter((p) => /^(ical\.js|papaparse|libphonenumber-js)/.test(p))).toEqual([])
    expect(imported).toContain('io-ts')
    // The import entry does.
    const entry = buildSync({ entryPoints: [`${ROOT}src/import/index.ts`], bundle: true, write: false, metafile: true, format: 'esm', platform: 'node', packages: 'external', outdir: 'out' })
    const its = Object.values(entry.metafile.outputs).flatMap((o) => o.imports.map((i) => i.path))
    expect(its).toEqual(expect.arrayContaining(['ical.js', 'papaparse', 'libphonenumber-js']))
  })
})
