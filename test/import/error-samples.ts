/**
 * Import errors as the import builds them, from real failing files: one or more for every code
 * of `IMPORT_ERROR_CODES`. Part of the error corpus (test/labels/error-corpus.ts), so every
 * code is checked to have an English and an Arabic message whose params the import provides.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { TouchbaseError } from '../../src/index.js'
import { importCsv, importVCard, type ImportReport } from '../../src/import/index.js'

interface Sample {
  readonly from: string
  readonly error: TouchbaseError
}

const card = (...lines: string[]): string => ['BEGIN:VCARD', 'VERSION:3.0', ...lines, 'END:VCARD', ''].join('\r\n')

/** The file's refusal, or every row refusal of its report. */
const errorsOf = (from: string, r: E.Either<TouchbaseError, ImportReport>): Sample[] =>
  E.isLeft(r) ? [{ from, error: r.left }] : r.right.rows.flatMap((row) => (row.status === 'refused' ? row.errors.map((error) => ({ from, error })) : []))

export const importSamples = (): Sample[] => {
  const source = 'samples'
  const csv = (text: string, extra: object = {}) => importCsv(text, { source, mapping: { name: 'Name', emails: 'Email', birthday: 'Birthday', doNotContact: { email: 'Opt out' } }, ...extra })
  return [
    ...errorsOf('importCsv: a file past maxBytes', csv('Name\r\n' + 'x'.repeat(200), { limits: { maxBytes: 100 } })),
    ...errorsOf('importCsv: more rows than maxRows', csv('Name\r\nA\r\nB\r\nC\r\n', { limits: { maxRows: 2 } })),
    ...errorsOf('importVCard: bytes that are not UTF-8', importVCard(new Uint8Array([0x42, 0xff, 0xfe]), { source })),
    ...errorsOf('importVCard: a text with no card', importVCard('Dear Ada, my card is attached.', { source })),
    ...errorsOf('importCsv: a header without the name column', csv('Full name,Email\r\nAda,ada@example.com\r\n')),
    ...errorsOf('importVCard: an empty source', importVCard(card('FN:Ada'), { source: '' })),
    ...errorsOf('importCsv: a header past maxFieldsPerRow', csv('Name,Email,Birthday,Opt out\r\nAda\r\n', { limits: { maxFieldsPerRow: 3 } })),
    ...errorsOf('importCsv: a row past maxFieldsPerRow', csv('Name,Email\r\nAda,a@example.com,x,y,z\r\n', { limits: { maxFieldsPerRow: 3 } })),
    ...errorsOf('importVCard: a line past maxLineLength', importVCard(card(`NOTE:${'n'.repeat(300)}`, 'FN:Ada'), { source, limits: { maxLineLength: 200 } })),
    ...errorsOf('importCsv: a quote never closed', csv('Name,Email\r\n"Ada,ada@example.com\r\n')),
    ...errorsOf('importVCard: a card without its end', importVCard('BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\n', { source })),
    ...errorsOf('importVCard: vCard 5.0', importVCard('BEGIN:VCARD\r\nVERSION:5.0\r\nFN:Ada\r\nEND:VCARD\r\n', { source })),
    ...errorsOf('importVCard: a group card', importVCard(card('FN:Clients', 'X-ADDRESSBOOKSERVER-KIND:group'), { source })),
    ...errorsOf('importVCard: no FN and no N', importVCard(card('EMAIL:ada@example.com'), { source })),
    ...errorsOf('importCsv: an e-mail that is not one', csv('Name,Email\r\nAda,ada(at)example.com\r\n')),
    ...errorsOf('importVCard: a phone with no country', importVCard(card('FN:Ada', 'TEL:0501234567'), { source })),
    ...errorsOf('importVCard: a birthday on --02-30', importVCard(card('FN:Ada', 'BDAY:--0230'), { source })),
    ...errorsOf('importVCard: a name with a control character', importVCard(card('FN:Ada\u0007'), { source })),
    ...errorsOf('importVCard: a name of 1,001 characters', importVCard(card(`FN:${'a'.repeat(1001)}`), { source })),
    ...errorsOf('importVCard: 21 e-mails', importVCard(card('FN:Ada', ...Array.from({ length: 21 }, (_, i) => `EMAIL:ada${i}@example.com`)), { source })),
    ...errorsOf('importCsv: a do-not-contact cell that is neither yes nor no', csv('Name,Opt out\r\nAda,maybe\r\n')),
    ...errorsOf('importVCard: a host id that is no id', importVCard(card('FN:Ada'), { source, contactId: () => '' })),
  ]
}
