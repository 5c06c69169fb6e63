/**
 * What an import refuses, as values: a whole file (too large, not a vCard, a mapping that
 * finds no name…) or one row or card of it (an e-mail that is not one, a birthday on
 * `--02-30`…). Every refusal has the one shape of touchbase errors — a `code`, the `params`
 * its message is built from, an English `message` — and `formatError` says it in Arabic.
 *
 * A refusal names the line, the field (a vCard property such as `EMAIL`, or a CSV column
 * as the header names it) and the reason: never a person's value. This module imports no
 * parser, so the main entry can list the codes without loading one.
 */
import { touchbaseError, type TouchbaseError } from '../core/errors.js'

/**
 * Every code an import refuses with: a whole file (`file-too-large`, `too-many-rows`,
 * `not-utf-8`, `not-a-vcard`, `no-name-column`, `invalid-import-options`, and
 * `too-many-fields` for a CSV header), or one row or card.
 * @example IMPORT_ERROR_CODES.includes('invalid-email') // true
 */
export const IMPORT_ERROR_CODES = [
  'file-too-large',
  'too-many-rows',
  'not-utf-8',
  'not-a-vcard',
  'no-name-column',
  'invalid-import-options',
  'too-many-fields',
  'line-too-long',
  'malformed-line',
  'unterminated-card',
  'unsupported-version',
  'not-a-person',
  'missing-name',
  'invalid-email',
  'invalid-phone',
  'invalid-date',
  'invalid-text',
  'text-too-long',
  'too-many-values',
  'invalid-flag',
  'invalid-contact-id',
] as const

/**
 * The code of an import error.
 * @example const code: ImportErrorCode = 'invalid-date'
 */
export type ImportErrorCode = (typeof IMPORT_ERROR_CODES)[number]

/**
 * An import refusal: the shape of every touchbase error. Its params are line numbers,
 * field names and limits — never a value from the file.
 * @example
 * const e: ImportError = ImportErrors.invalidEmail(12, 'E-mail 1 - Value')
 * e.message // 'Line 12, E-mail 1 - Value: not an e-mail address.'
 */
export type ImportError = TouchbaseError<ImportErrorCode>

/** The longest field name an error repeats (a CSV header can be anything). */
const FIELD_SHOWN = 100

// A field name comes from the file (a CSV header): shown without control or bidi characters, and short.
// eslint-disable-next-line no-control-regex
const fieldName = (field: string): string => field.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '').trim().slice(0, FIELD_SHOWN) || '?'

const rowError = (code: ImportErrorCode, line: number, field: string, text: string, extra: Record<string, number> = {}): ImportError => {
  const f = fieldName(field)
  return touchbaseError(code, `Line ${line}, ${f}: ${text}`, { line, field: f, ...extra })
}

/**
 * The builders of every import error, so that each code always carries the same params
 * and its message is the English template `formatError` fills.
 * @example ImportErrors.invalidDate(7, 'BDAY').message // 'Line 7, BDAY: not a date (YYYY-MM-DD, --MM-DD without a year, or YYYY-MM).'
 */
export const ImportErrors = {
  fileTooLarge: (size: number, max: number): ImportError =>
    touchbaseError('file-too-large', `The file is ${size} bytes: an import reads at most ${max}.`, { size, max }),
  tooManyRows: (max: number): ImportError =>
    touchbaseError('too-many-rows', `The file has more than ${max} contacts: split it, or raise the limit.`, { max }),
  notUtf8: (): ImportError => touchbaseError('not-utf-8', 'The file is not UTF-8 text: save it as UTF-8 and import it again.', {}),
  notAVCard: (): ImportError => touchbaseError('not-a-vcard', 'The file holds no vCard (no BEGIN:VCARD line).', {}),
  noNameColumn: (): ImportError =>
    touchbaseError('no-name-column', 'The header has none of the columns the mapping takes a name from.', {}),
  invalidOptions: (option: string): ImportError =>
    touchbaseError('invalid-import-options', `Import option ${option} is not valid: see the import options.`, { option }),
  tooManyFields: (line: number, max: number): ImportError =>
    touchbaseError('too-many-fields', `Line ${line} has more than ${max} fields.`, { line, max }),
  lineTooLong: (line: number, max: number): ImportError =>
    touchbaseError('line-too-long', `Line ${line} is longer than ${max} characters.`, { line, max }),
  malformedLine: (line: number): ImportError =>
    touchbaseError('malformed-line', `Line ${line} cannot be read: it is not well formed.`, { line }),
  unterminatedCard: (line: number): ImportError =>
    touchbaseError('unterminated-card', `The card that begins on line ${line} has no END:VCARD.`, { line }),
  unsupportedVersion: (line: number): ImportError =>
    touchbaseError('unsupported-version', `Line ${line}: a vCard version this import does not read (it reads 2.1, 3.0 and 4.0).`, { line }),
  notAPerson: (line: number, field: string): ImportError => rowError('not-a-person', line, field, 'the card is a group or a place, not a contact.'),
  missingName: (line: number, field: string): ImportError => rowError('missing-name', line, field, 'no name (the field is missing or empty).'),
  invalidEmail: (line: number, field: string): ImportError => rowError('invalid-email', line, field, 'not an e-mail address.'),
  invalidPhone: (line: number, field: string): ImportError =>
    rowError('invalid-phone', line, field, 'not a phone number that can be written in international form (E.164).'),
  invalidDate: (line: number, field: string): ImportError =>
    rowError('invalid-date', line, field, 'not a date (YYYY-MM-DD, --MM-DD without a year, or YYYY-MM).'),
  invalidText: (line: number, field: string): ImportError => rowError('invalid-text', line, field, 'the text holds control characters.'),
  textTooLong: (line: number, field: string, max: number): ImportError =>
    rowError('text-too-long', line, field, `longer than ${max} characters.`, { max }),
  tooManyValues: (line: number, field: string, max: number): ImportError =>
    rowError('too-many-values', line, field, `more than ${max} values.`, { max }),
  invalidFlag: (line: number, field: string): ImportError => rowError('invalid-flag', line, field, 'not yes or no.'),
  invalidContactId: (line: number): ImportError =>
    touchbaseError('invalid-contact-id', `Line ${line}: the contact id the host mapped is not a valid id.`, { line }),
} as const
