/**
 * Imports an address book and prints the report: a result for every row or card, the likely
 * duplicates, and what one call of `applyImport` would write to an empty network.
 *
 *   npx tsx examples/import-contacts.ts contacts.vcf [--country SA] [--source phone] [--locale ar]
 *   npx tsx examples/import-contacts.ts contacts.csv [--preset google|outlook] [--country US] [--date-order dmy]
 *
 * A `.vcf` (or `.vcard`) file is read as vCard; anything else as CSV, with the preset named or
 * recognised from the header (Google Contacts, Outlook), else a mapping of common column names.
 */
import { readFileSync } from 'node:fs'
import { basename, extname } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { foldEvents, formatError, type TouchbaseError } from 'touchbase'
import { applyImport, CSV_PRESETS, findDuplicates, importCsv, importVCard, type CsvMapping, type DateOrder, type ImportReport } from 'touchbase/import'

const args = process.argv.slice(2)
const option = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? args[i + 1] : undefined
}
const path = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'))
if (path === undefined) {
  console.error('usage: npx tsx examples/import-contacts.ts <file.vcf|file.csv> [--country SA] [--source name] [--preset google|outlook] [--date-order dmy] [--locale ar]')
  process.exit(2)
}
const locale = option('locale') ?? 'en'
const say = (e: TouchbaseError): string => formatError(e, locale).text

/** A mapping of the column names most exports use, for a CSV no preset fits. */
const COMMON: CsvMapping = {
  name: [/^(full )?name$/i, /^display name$/i],
  givenName: /^(first|given) name$/i,
  familyName: /^(last|family) name|surname$/i,
  company: /^(company|organi[sz]ation)$/i,
  emails: /^((work|home|other|personal) )?e-?mail( address)?( \d+)?$/i,
  phones: /^((work|home|other|mobile|business) )?(phone|mobile|tel|telephone)( number)?( \d+)?$/i,
  birthday: /^(birthday|date of birth|dob)$/i,
  anniversary: /anniversary/i,
  notes: /^notes?$/i,
}

const file = readFileSync(path)
const source = option('source') ?? basename(path)
const common = { source, ...(option('country') === undefined ? {} : { defaultCountry: option('country') as string }) }
const isVCard = ['.vcf', '.vcard'].includes(extname(path).toLowerCase())

const mappingFor = (bytes: Uint8Array): CsvMapping => {
  const preset = option('preset')
  const order = option('date-order')
  const dates: { dateOrder?: DateOrder } = order === 'ymd' || order === 'mdy' || order === 'dmy' ? { dateOrder: order } : {}
  if (preset === 'google' || preset === 'outlook') return { ...CSV_PRESETS[preset], ...dates }
  const header = new TextDecoder().decode(bytes.slice(0, 4096)).split(/\r?\n/)[0] ?? ''
  if (header.includes('E-mail 1 - Value')) return { ...CSV_PRESETS.google, ...dates }
  if (header.includes('E-mail Address')) return { ...CSV_PRESETS.outlook, ...dates }
  return { ...COMMON, ...dates }
}

const result = isVCard ? importVCard(file, common) : importCsv(file, { ...common, mapping: mappingFor(file) })
if (E.isLeft(result)) {
  console.log(`refused: ${say(result.left)}`)
  process.exit(1)
}
const report: ImportReport = result.right

console.log(`== ${basename(path)} (${report.format}): ${report.summary.rows} contacts`)
for (const row of report.rows) {
  const where = row.card === undefined ? `line ${row.line}` : `card ${row.card} (line ${row.line})`
  if (row.status === 'imported') {
    const add = row.commands[0]
    const name = add?.type === 'AddContact' ? add.name : ''
    const rest = row.commands.slice(1).map((c) => (c.type === 'RecordPersonalDate' ? `${c.kind} ${c.date}` : c.type === 'SetConsent' ? `no ${c.channel}` : c.type))
    console.log(`${where}: imported ${name}${rest.length > 0 ? ` — ${rest.join(', ')}` : ''}`)
    for (const n of row.notes) console.log(`    note: line ${n.line}, ${n.field}: ${n.note}`)
  } else {
    for (const e of row.errors) console.log(`${where}: refused — ${say(e)}`)
  }
}
console.log(`imported ${report.summary.imported}, refused ${report.summary.refused}, ${report.summary.commands} commands`)
if (report.ignored.length > 0) console.log(`not read: ${report.ignored.join(', ')}`)

const duplicates = findDuplicates(report)
for (const p of duplicates.pairs) {
  const side = (s: (typeof p)['a']) => (s.in === 'file' ? (s.card === undefined ? `line ${s.line}` : `card ${s.card}`) : s.contactId)
  console.log(`likely the same person: ${side(p.a)} and ${side(p.b)} (${p.reasons.join(', ')})`)
}

// The host's clock: an example may read it; the library never does.
const run = applyImport(report, foldEvents([]), new Date())
console.log(`applied to an empty network: ${run.summary.imported} contacts, ${run.summary.events} events`)
