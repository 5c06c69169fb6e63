/**
 * `touchbase/import` — contacts in, from vCard (2.1, 3.0, 4.0) and CSV files: every row or
 * card becomes the commands that add it (`AddContact`, `RecordPersonalDate`, `SetConsent`) or
 * a refusal naming its line, field and reason; ids derive from the source, so an import run
 * twice adds no one; likely duplicates are found, never merged.
 *
 * This entry reads files with ical.js (vCard), Papa Parse (CSV) and libphonenumber-js
 * (phones): optional peer dependencies of touchbase, needed by this entry only. The main
 * entry imports none of them.
 *
 * @packageDocumentation
 */
export { importVCard } from './vcard.js'
export { importCsv, type CsvAddressColumns, type CsvColumns, type CsvEventColumns, type CsvImportOptions, type CsvMapping } from './csv.js'
export { CSV_PRESETS, GOOGLE_CONTACTS_CSV, OUTLOOK_CSV } from './presets.js'
export { applyImport, type AppliedImport, type AppliedRow, type AppliedSummary } from './apply.js'
export {
  DUPLICATE_REASONS,
  findDuplicates,
  type DuplicateOptions,
  type DuplicatePair,
  type DuplicateReason,
  type Duplicates,
  type DuplicateSide,
} from './duplicates.js'
export { nameKey } from './names.js'
export { IMPORT_ERROR_CODES, type ImportError, type ImportErrorCode } from './errors.js'
export { DEFAULT_IMPORT_LIMITS, type ImportLimits } from './limits.js'
export {
  IMPORT_NOTE_CODES,
  type ImportCommand,
  type ImportedRow,
  type ImportNote,
  type ImportNoteCode,
  type ImportOptions,
  type ImportReport,
  type ImportRow,
  type ImportSummary,
  type RefusedRow,
  type SourceRow,
} from './report.js'
export type { DateOrder } from './values.js'
