/**
 * What an import returns: one result per row or card — imported, with its commands, or
 * refused, with the line, the field and the reason — and a summary.
 */
import type { AddContact, RecordPersonalDate, SetConsent } from '../decisions/index.js'
import type { Circle } from '../events/index.js'
import type { ImportError, ImportErrorCode } from './errors.js'
import type { ImportLimits } from './limits.js'

/**
 * A command an import produces: a contact added, a personal date recorded, a channel refused.
 * @example const c: ImportCommand = { type: 'SetConsent', commandId: 'imp-1.consent-email', contactId: 'imp-1', channel: 'email', doNotContact: true }
 */
export type ImportCommand = AddContact | RecordPersonalDate | SetConsent

/**
 * Why a value of an imported contact was changed or left out (the contact is imported):
 *
 * - `duplicate-value`: the same e-mail, phone or date was given twice; it is kept once;
 * - `extension-dropped`: a phone's extension was left out (E.164 has none);
 * - `fax-not-imported`: a number typed only as a fax or a pager is not imported;
 * - `country-not-recognised`: an address's country is neither an ISO code nor a country's
 *   name in English or Arabic; the address is kept without it;
 * - `time-zone-not-recognised`: a time zone that is not an IANA name (an offset such as
 *   `+03:00` names none); left out;
 * - `language-not-recognised`: a language that is not a BCP 47 tag; left out;
 * - `other-address-dropped`: a contact keeps one address (the preferred, else the first);
 * - `date-not-imported`: a date that is neither a birthday nor an anniversary (a Google
 *   "event" with another label, an Apple date without a known label).
 * @example IMPORT_NOTE_CODES.includes('fax-not-imported') // true
 */
export const IMPORT_NOTE_CODES = [
  'duplicate-value',
  'extension-dropped',
  'fax-not-imported',
  'country-not-recognised',
  'time-zone-not-recognised',
  'language-not-recognised',
  'other-address-dropped',
  'date-not-imported',
] as const

/**
 * The code of a note on an imported contact.
 * @example const n: ImportNoteCode = 'extension-dropped'
 */
export type ImportNoteCode = (typeof IMPORT_NOTE_CODES)[number]

/**
 * A value of an imported contact that was changed or left out: where, and why.
 * @example const n: ImportNote = { line: 14, field: 'TEL', note: 'fax-not-imported' }
 */
export interface ImportNote {
  /** The line of the value. */
  readonly line: number
  /** The vCard property or the CSV column. */
  readonly field: string
  readonly note: ImportNoteCode
}

/**
 * A row or card imported: its contact's id and its commands, in the order to run them —
 * `AddContact` first, then `RecordPersonalDate`, then `SetConsent`.
 * @example if (row.status === 'imported') console.log(row.contactId, row.commands.length)
 */
export interface ImportedRow {
  readonly status: 'imported'
  /** The line the row or card begins on (1-based; a CSV's header is line 1). */
  readonly line: number
  /** The card's place in a vCard file (1-based); absent for a CSV row. */
  readonly card?: number
  readonly contactId: string
  readonly commands: readonly ImportCommand[]
  /** Values changed or left out. */
  readonly notes: readonly ImportNote[]
}

/**
 * A row or card refused: nothing of it is imported. `reason`, `field` and `line` are those of
 * its first error; `errors` lists every one found.
 * @example if (row.status === 'refused') console.log(`line ${row.line}: ${row.reason} (${row.field ?? '-'})`)
 */
export interface RefusedRow {
  readonly status: 'refused'
  /** The line of the first error (the line the row or card begins on, when the error is about all of it). */
  readonly line: number
  readonly card?: number
  /** The vCard property or the CSV column of the first error, when it is about one. */
  readonly field?: string
  readonly reason: ImportErrorCode
  /** Every error found, the first one first (never empty). */
  readonly errors: readonly ImportError[]
}

/**
 * The result of a row or card: imported or refused.
 * @example const imported = report.rows.filter((r): r is ImportedRow => r.status === 'imported')
 */
export type ImportRow = ImportedRow | RefusedRow

/**
 * The counts of an import.
 * @example `${summary.imported} imported, ${summary.refused} refused`
 */
export interface ImportSummary {
  readonly rows: number
  readonly imported: number
  readonly refused: number
  /** Commands of the imported rows. */
  readonly commands: number
  /** Refused rows by the reason of their first error. */
  readonly reasons: Readonly<Partial<Record<ImportErrorCode, number>>>
}

/**
 * A file read: a result for every row or card, in file order, and the summary. The import
 * itself changes nothing: run the commands with `decide` (or `applyImport`).
 * @example
 * const report = importVCard(text, { source: 'phone' })
 * if (E.isRight(report)) console.log(report.right.summary)
 */
export interface ImportReport {
  readonly format: 'vcard' | 'csv'
  /** The `source` the ids derive from. */
  readonly source: string
  readonly rows: readonly ImportRow[]
  readonly summary: ImportSummary
  /** The vCard properties or CSV columns the import does not read (a photo, a website…), sorted. */
  readonly ignored: readonly string[]
}

/**
 * What identifies a row or card, handed to a host that maps its own contact ids. It carries
 * the contact's name and addresses: the host's own data, passed to the host's own function.
 * @example const contactId = (row: SourceRow) => crmIdByEmail.get(row.emails[0] ?? '') ?? row.importId
 */
export interface SourceRow {
  readonly line: number
  readonly card?: number
  /** The card's `UID`, or the CSV's id column, when there is one. */
  readonly uid?: string
  /** The id the import derives (the default contact id). */
  readonly importId: string
  readonly name: string
  readonly emails: readonly string[]
  readonly phones: readonly string[]
}

/**
 * Options of every import.
 * @example const options: ImportOptions = { source: 'google:ada@example.com', defaultCountry: 'SA' }
 */
export interface ImportOptions {
  /**
   * The address book the file comes from (`google:ada@example.com`, `phone`, `outlook`): ids
   * derive from it, so import the same address book under the same source every time.
   */
  readonly source: string
  /** The country of phone numbers written without a country code (ISO 3166-1 alpha-2, `SA`). */
  readonly defaultCountry?: string
  /** Whether the imported contacts are Met (default `false`: an address book does not say). */
  readonly met?: boolean
  /** The circle every imported contact joins. */
  readonly circle?: Circle
  /** The team member the commands are issued by. */
  readonly actor?: string
  /** The contact id of a row: the host's own ids instead of the derived ones. */
  readonly contactId?: (row: SourceRow) => string
  /** Bounds other than the defaults. */
  readonly limits?: Partial<ImportLimits>
}

/** The summary of rows. @internal */
export const summarise = (rows: readonly ImportRow[]): ImportSummary => {
  let imported = 0
  let commands = 0
  const reasons: Partial<Record<ImportErrorCode, number>> = {}
  for (const r of rows) {
    if (r.status === 'imported') {
      imported++
      commands += r.commands.length
    } else reasons[r.reason] = (reasons[r.reason] ?? 0) + 1
  }
  return { rows: rows.length, imported, refused: rows.length - imported, commands, reasons }
}

/** A refused row from its errors (at least one). @internal */
export const refused = (errors: readonly [ImportError, ...ImportError[]], fallbackLine: number, card: number | undefined): RefusedRow => {
  const first = errors[0]
  const line = typeof first.params['line'] === 'number' ? first.params['line'] : fallbackLine
  const field = typeof first.params['field'] === 'string' ? first.params['field'] : undefined
  return {
    status: 'refused',
    line,
    ...(card === undefined ? {} : { card }),
    ...(field === undefined ? {} : { field }),
    reason: first.code,
    errors,
  }
}
