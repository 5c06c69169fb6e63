/**
 * CSV in: a header, then a contact a row, read with Papa Parse (RFC 4180: quoted fields with
 * commas, quotes and line breaks; CRLF or LF; the delimiter detected, or given), and a
 * mapping from the contact's fields to the header's columns. Presets map the exports of
 * Google Contacts and Outlook.
 */
import * as E from 'fp-ts/lib/Either.js'
import Papa from 'papaparse'
import type { Channel } from '../events/index.js'
import { buildRow, type ContactDraft, type DraftAddress, type DraftDate, type Sourced } from './contact.js'
import { ImportErrors, type ImportError } from './errors.js'
import { indexLines, lineAt, longLineIn, readText, type LineIndex } from './limits.js'
import { checkOptions } from './options.js'
import { refused, summarise, type ImportNote, type ImportOptions, type ImportReport, type ImportRow } from './report.js'
import type { DateOrder } from './values.js'

/**
 * Columns, by the header's names: one name, a pattern every matching column answers to, or
 * a list of them (tried in order). A field that holds one value takes the first non-empty
 * column; a field that holds many (e-mails, phones) takes every one, in order.
 * @example const emails: CsvColumns = [/^E-mail \d+ - Value$/, 'Other E-mail']
 */
export type CsvColumns = string | RegExp | ReadonlyArray<string | RegExp>

/**
 * The columns of one address. The first address of the mapping with any value is imported.
 * @example const home: CsvAddressColumns = { street: 'Home Street', locality: 'Home City', postalCode: 'Home Postal Code', country: 'Home Country/Region' }
 */
export interface CsvAddressColumns {
  /** Street lines (each column a line; a line break inside a cell starts another). */
  readonly street?: CsvColumns
  readonly extended?: CsvColumns
  readonly poBox?: CsvColumns
  readonly locality?: CsvColumns
  readonly region?: CsvColumns
  readonly postalCode?: CsvColumns
  /** An ISO code, or a country's name in English or Arabic. */
  readonly country?: CsvColumns
}

/**
 * Dated events whose label says what they are: a pair of columns for each, matched by the
 * number in their names (`Event 1 - Label` and `Event 1 - Value`). A label `Anniversary` is a
 * wedding anniversary, `Birthday` a birthday, `Graduation` a graduation (in any case); others
 * are left out (noted `date-not-imported`).
 * @example const events: CsvEventColumns = { label: /^Event (\d+) - Label$/, value: /^Event (\d+) - Value$/ }
 */
export interface CsvEventColumns {
  /** A pattern with one group: the event's number. */
  readonly label: RegExp
  /** A pattern with one group: the event's number. */
  readonly value: RegExp
}

/**
 * Which columns hold which field of a contact, and how the file writes its values.
 * @example
 * const mapping: CsvMapping = {
 *   name: 'Full name', emails: ['Email', 'Work email'], phones: 'Mobile', birthday: 'Birthday',
 *   anniversary: 'Anniversary', doNotContact: { email: 'Email opt out' }, dateOrder: 'dmy',
 * }
 */
export interface CsvMapping {
  /** The full name; when it is empty, the name is the given, middle and family names joined. */
  readonly name?: CsvColumns
  readonly givenName?: CsvColumns
  readonly middleName?: CsvColumns
  readonly familyName?: CsvColumns
  readonly company?: CsvColumns
  readonly emails?: CsvColumns
  readonly phones?: CsvColumns
  /**
   * The labels of phone columns, paired by number as `events` are (`Phone 1 - Label` with
   * `Phone 1 - Value`): a number labelled as a fax or a pager is left out (noted `fax-not-imported`).
   */
  readonly phoneLabels?: CsvEventColumns
  /** Addresses, in the order tried. */
  readonly addresses?: readonly CsvAddressColumns[]
  readonly birthday?: CsvColumns
  /** A wedding anniversary. */
  readonly anniversary?: CsvColumns
  readonly events?: CsvEventColumns
  readonly notes?: CsvColumns
  /** An IANA time zone. */
  readonly timeZone?: CsvColumns
  /** The contact's language, a BCP 47 tag (`ar-SA`). */
  readonly locale?: CsvColumns
  /** A stable id of the row in its address book: ids derive from it rather than from the content. */
  readonly uid?: CsvColumns
  /**
   * Columns that say a channel (or all of them) is refused: a yes (`1`, `true`, `yes`, `y`,
   * `x`, `on`) records `SetConsent { doNotContact: true }`; a no or an empty cell records
   * nothing (an export that says nothing is not consent).
   */
  readonly doNotContact?: Readonly<Partial<Record<Channel | 'all', CsvColumns>>>
  /** How dates with slashes are written (default `ymd`: `1985/04/12`, and `4/12/1985` is refused; `mdy` reads it as April 12, `dmy` as 4 December). */
  readonly dateOrder?: DateOrder
  /** A separator of several values in one cell (Google writes `a ::: b`). */
  readonly valueSeparator?: string
}

/**
 * Options of a CSV import: the shared options, and the mapping.
 * @example const options: CsvImportOptions = { source: 'google:ada@example.com', mapping: CSV_PRESETS.google, defaultCountry: 'US' }
 */
export interface CsvImportOptions extends ImportOptions {
  readonly mapping: CsvMapping
  /** The delimiter (default: detected among `,` `;` tab `|`). */
  readonly delimiter?: string
}

/** Indexes of the header's columns a `CsvColumns` names, in order, each once. */
const resolve = (header: readonly string[], columns: CsvColumns | undefined): number[] => {
  if (columns === undefined) return []
  const list = typeof columns === 'string' || columns instanceof RegExp ? [columns] : columns
  const out: number[] = []
  for (const c of list) {
    header.forEach((h, i) => {
      if ((typeof c === 'string' ? h === c.trim() : c.test(h)) && !out.includes(i)) out.push(i)
    })
  }
  return out
}

/** The resolved mapping: column indexes. */
interface Resolved {
  readonly name: number[]
  readonly givenName: number[]
  readonly middleName: number[]
  readonly familyName: number[]
  readonly company: number[]
  readonly emails: number[]
  readonly phones: number[]
  /** The label column of a phone column, by the phone column. */
  readonly phoneLabels: ReadonlyMap<number, number>
  readonly addresses: ReadonlyArray<Readonly<Record<keyof CsvAddressColumns, number[]>>>
  readonly birthday: number[]
  readonly anniversary: number[]
  readonly events: ReadonlyArray<{ readonly label: number; readonly value: number }>
  readonly notes: number[]
  readonly timeZone: number[]
  readonly locale: number[]
  readonly uid: number[]
  readonly doNotContact: ReadonlyArray<{ readonly channel: Channel | 'all'; readonly columns: number[] }>
}

const ADDRESS_PARTS = ['street', 'extended', 'poBox', 'locality', 'region', 'postalCode', 'country'] as const

/** Label and value columns paired by the number their names share. */
const pairs = (header: readonly string[], columns: CsvEventColumns | undefined): Array<{ label: number; value: number }> => {
  if (columns === undefined) return []
  const numbered = (re: RegExp): Map<string, number> => {
    const out = new Map<string, number>()
    header.forEach((h, i) => {
      const g = re.exec(h)?.[1]
      if (g !== undefined && !out.has(g)) out.set(g, i)
    })
    return out
  }
  const labels = numbered(columns.label)
  const out: Array<{ label: number; value: number }> = []
  for (const [k, value] of numbered(columns.value)) {
    const label = labels.get(k)
    if (label !== undefined) out.push({ label, value })
  }
  return out
}

const resolveMapping = (header: readonly string[], m: CsvMapping): Resolved => {
  const events = pairs(header, m.events)
  const phoneLabels = new Map(pairs(header, m.phoneLabels).map((p) => [p.value, p.label]))
  return {
    phoneLabels,
    name: resolve(header, m.name),
    givenName: resolve(header, m.givenName),
    middleName: resolve(header, m.middleName),
    familyName: resolve(header, m.familyName),
    company: resolve(header, m.company),
    emails: resolve(header, m.emails),
    phones: resolve(header, m.phones),
    addresses: (m.addresses ?? []).map((a) => Object.fromEntries(ADDRESS_PARTS.map((p) => [p, resolve(header, a[p])])) as Record<keyof CsvAddressColumns, number[]>),
    birthday: resolve(header, m.birthday),
    anniversary: resolve(header, m.anniversary),
    events,
    notes: resolve(header, m.notes),
    timeZone: resolve(header, m.timeZone),
    locale: resolve(header, m.locale),
    uid: resolve(header, m.uid),
    doNotContact: Object.entries(m.doNotContact ?? {}).map(([channel, cols]) => ({ channel: channel as Channel | 'all', columns: resolve(header, cols) })),
  }
}

/** Every column index the mapping reads. */
const usedColumns = (r: Resolved): Set<number> =>
  new Set([
    ...r.name,
    ...r.givenName,
    ...r.middleName,
    ...r.familyName,
    ...r.company,
    ...r.emails,
    ...r.phones,
    ...r.phoneLabels.values(),
    ...r.addresses.flatMap((a) => ADDRESS_PARTS.flatMap((p) => a[p])),
    ...r.birthday,
    ...r.anniversary,
    ...r.events.flatMap((e) => [e.label, e.value]),
    ...r.notes,
    ...r.timeZone,
    ...r.locale,
    ...r.uid,
    ...r.doNotContact.flatMap((d) => d.columns),
  ])

/** One parsed record: its cells, where it begins, and whether the parser found it malformed. */
interface Record_ {
  readonly cells: readonly string[]
  readonly line: number
  readonly lastLine: number
  readonly malformed: boolean
}

/** The draft of a row. */
const readRow = (header: readonly string[], r: Resolved, rec: Record_, m: CsvMapping): ContactDraft => {
  const at = (i: number, value: string): Sourced => ({ value, line: rec.line, field: header[i] ?? '?' })
  const cell = (i: number): string => rec.cells[i] ?? ''
  const firstOf = (cols: readonly number[]): Sourced | undefined => {
    const i = cols.find((c) => cell(c).trim().length > 0)
    return i === undefined ? undefined : at(i, cell(i))
  }
  const sep = m.valueSeparator
  const allOf = (cols: readonly number[]): Sourced[] =>
    cols.flatMap((c) => (sep === undefined ? [cell(c)] : cell(c).split(sep)).filter((v) => v.trim().length > 0).map((v) => at(c, v)))

  const addresses: DraftAddress[] = r.addresses.map((a) => {
    const one = (p: keyof CsvAddressColumns): string | undefined => firstOf(a[p])?.value
    const field = header[ADDRESS_PARTS.flatMap((p) => a[p]).find((i) => cell(i).trim().length > 0) ?? -1] ?? '?'
    const poBox = one('poBox')
    const lines = [
      ...a.street.flatMap((i) => cell(i).split(/\r\n|\r|\n/)),
      ...a.extended.map(cell),
      ...(poBox === undefined ? [] : [/^\d/.test(poBox.trim()) ? `P.O. Box ${poBox.trim()}` : poBox]),
    ]
    const locality = one('locality')
    const region = one('region')
    const postalCode = one('postalCode')
    const country = one('country')
    return {
      line: rec.line,
      field,
      lines,
      ...(locality === undefined ? {} : { locality }),
      ...(region === undefined ? {} : { region }),
      ...(postalCode === undefined ? {} : { postalCode }),
      ...(country === undefined ? {} : { country }),
    }
  })

  const dates: DraftDate[] = []
  const notes: ImportNote[] = []
  const faxes = new Set(
    r.phones.filter((c) => {
      const label = r.phoneLabels.get(c)
      return label !== undefined && /\b(fax|pager)\b/i.test(cell(label)) && cell(c).trim().length > 0
    }),
  )
  for (const c of faxes) notes.push({ line: rec.line, field: header[c] ?? '?', note: 'fax-not-imported' })
  const birthday = firstOf(r.birthday)
  if (birthday !== undefined) dates.push({ kind: 'birthday', value: birthday })
  const anniversary = firstOf(r.anniversary)
  if (anniversary !== undefined) dates.push({ kind: 'wedding-anniversary', value: anniversary })
  for (const e of r.events) {
    if (cell(e.value).trim().length === 0) continue
    const label = cell(e.label).replace(/^\*\s*/, '').trim().toLowerCase()
    if (label === 'anniversary') dates.push({ kind: 'wedding-anniversary', value: at(e.value, cell(e.value)) })
    else if (label === 'birthday') dates.push({ kind: 'birthday', value: at(e.value, cell(e.value)) })
    else if (label === 'graduation') dates.push({ kind: 'graduation', value: at(e.value, cell(e.value)) })
    else notes.push({ line: rec.line, field: header[e.value] ?? '?', note: 'date-not-imported' })
  }

  const name = firstOf(r.name)
  const given = firstOf(r.givenName)
  const middle = firstOf(r.middleName)
  const family = firstOf(r.familyName)
  const company = firstOf(r.company)
  const timeZone = firstOf(r.timeZone)
  const locale = firstOf(r.locale)
  const uid = firstOf(r.uid)
  const notesCell = firstOf(r.notes)
  return {
    line: rec.line,
    ...(uid === undefined ? {} : { uid: uid.value }),
    nameField: header[[...r.name, ...r.givenName, ...r.familyName][0] ?? -1] ?? 'name',
    ...(name === undefined ? {} : { name }),
    ...(given === undefined ? {} : { givenName: given }),
    ...(middle === undefined ? {} : { middleName: middle }),
    ...(family === undefined ? {} : { familyName: family }),
    ...(company === undefined ? {} : { company }),
    emails: allOf(r.emails),
    phones: allOf(r.phones.filter((c) => !faxes.has(c))),
    addresses,
    dates,
    notes: notesCell === undefined ? [] : [notesCell],
    ...(timeZone === undefined ? {} : { timeZone }),
    ...(locale === undefined ? {} : { locale }),
    doNotContact: r.doNotContact.flatMap((d) => d.columns.map((c) => ({ channel: d.channel, value: at(c, cell(c)) }))),
    readerNotes: notes,
    readerErrors: [],
  }
}

/** Parses the records of a text, at most `max` of them (the header included), with where each begins. */
const records = (text: string, index: LineIndex, max: number, delimiter: string | undefined): Record_[] => {
  const out: Record_[] = []
  let start = 0
  Papa.parse<string[]>(text, {
    ...(delimiter === undefined ? {} : { delimiter }),
    // Empty lines are skipped by the parser; a row of blank cells (`,,`) here, once its end is known.
    skipEmptyLines: true,
    step: (result, parser) => {
      // The record begins at its first character that is not a line break or a blank.
      let s = start
      while (s < text.length && /[\r\n \t]/.test(text[s] as string)) s++
      const end = Math.max(s, result.meta.cursor - 1)
      start = result.meta.cursor
      if (result.errors.length === 0 && result.data.every((c) => c.trim().length === 0)) return
      out.push({
        cells: result.data,
        line: lineAt(index, s),
        lastLine: lineAt(index, end),
        malformed: result.errors.length > 0,
      })
      if (out.length >= max) parser.abort()
    },
  })
  return out
}

/**
 * Reads a CSV file with a header into a result for every row: its commands (`AddContact`,
 * then `RecordPersonalDate` for a birthday and an anniversary, then `SetConsent` where a
 * do-not-contact column says yes), or why it is refused, with the line and the column.
 * `options.mapping` says which columns hold what; `CSV_PRESETS` has the mappings of common
 * exports. A file that is too large or too long, or whose header has none of the mapping's
 * name columns, is refused whole (`Left`); nothing here throws on bad input.
 *
 * @example
 * const csv = 'Name,Email,Birthday\r\n"Haddad, Salma",salma@example.com,--04-12\r\n'
 * const report = importCsv(csv, { source: 'crm', mapping: { name: 'Name', emails: 'Email', birthday: 'Birthday' } })
 * // Right({ format: 'csv', rows: [{ status: 'imported', line: 2, commands: [AddContact, RecordPersonalDate] }], … })
 */
export const importCsv = (input: string | Uint8Array, options: CsvImportOptions): E.Either<ImportError, ImportReport> => {
  const mapping = (options as Partial<CsvImportOptions> | null)?.mapping
  if (typeof mapping !== 'object' || mapping === null) return E.left(ImportErrors.invalidOptions('mapping'))
  if (mapping.dateOrder !== undefined && !['ymd', 'mdy', 'dmy'].includes(mapping.dateOrder)) return E.left(ImportErrors.invalidOptions('mapping.dateOrder'))
  if (mapping.valueSeparator !== undefined && (typeof mapping.valueSeparator !== 'string' || mapping.valueSeparator.length === 0)) {
    return E.left(ImportErrors.invalidOptions('mapping.valueSeparator'))
  }
  if (options.delimiter !== undefined && (typeof options.delimiter !== 'string' || options.delimiter.length !== 1 || /[\r\n"]/.test(options.delimiter))) {
    return E.left(ImportErrors.invalidOptions('delimiter'))
  }
  const checked = checkOptions(options, mapping.dateOrder ?? 'ymd')
  if (E.isLeft(checked)) return checked
  const { ctx, limits } = checked.right
  const text = readText(input, limits)
  if (E.isLeft(text)) return text
  const index = indexLines(text.right, limits.maxLineLength)

  // The header, and one record past the limit: enough to know the file has too many.
  const recs = records(text.right, index, limits.maxRows + 2, options.delimiter)
  if (recs.length > limits.maxRows + 1) return E.left(ImportErrors.tooManyRows(limits.maxRows))
  const [head, ...body] = recs
  if (head === undefined) return E.left(ImportErrors.noNameColumn())
  if (head.cells.length > limits.maxFieldsPerRow) return E.left(ImportErrors.tooManyFields(head.line, limits.maxFieldsPerRow))
  const longHead = longLineIn(index, head.line, head.lastLine)
  if (longHead !== undefined) return E.left(ImportErrors.lineTooLong(longHead, limits.maxLineLength))
  const header = head.cells.map((h) => h.replace(/^\ufeff/, '').trim())

  const resolved = resolveMapping(header, mapping)
  if (resolved.name.length + resolved.givenName.length + resolved.familyName.length === 0) return E.left(ImportErrors.noNameColumn())
  const used = usedColumns(resolved)
  const ignored = [...new Set(header.filter((h, i) => !used.has(i) && h.length > 0))].sort()

  const rows: ImportRow[] = body.map((rec) => {
    const long = longLineIn(index, rec.line, rec.lastLine)
    if (long !== undefined) return refused([ImportErrors.lineTooLong(long, limits.maxLineLength)], rec.line, undefined)
    // A record the parser could not read (a quote never closed): nothing of it is trusted.
    if (rec.malformed) return refused([ImportErrors.malformedLine(rec.line)], rec.line, undefined)
    if (rec.cells.length > limits.maxFieldsPerRow) return refused([ImportErrors.tooManyFields(rec.line, limits.maxFieldsPerRow)], rec.line, undefined)
    return buildRow(readRow(header, resolved, rec, mapping), ctx)
  })
  return E.right({ format: 'csv', source: options.source, rows, summary: summarise(rows), ignored })
}
