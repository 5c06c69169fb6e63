/**
 * vCard 2.1, 3.0 and 4.0 (RFC 2426, RFC 6350) in: every card becomes a result.
 *
 * The file is cut into cards here, line by line, so that every refusal names its line and a
 * card that cannot be read refuses that card alone: lines are unfolded (a line that starts
 * with a space or a tab continues the one before), quoted-printable values (vCard 2.1 and
 * 3.0, `ENCODING=QUOTED-PRINTABLE;CHARSET=…`, soft line breaks included) are decoded, and
 * vCard 2.1's bare parameters (`TEL;HOME;VOICE:`) are named. Each property this import reads
 * is then parsed by ical.js (`ICAL.parse.property`): parameters, escapes, structured values
 * (`N`, `ADR`, `ORG`), the vCard 3 and 4 value types.
 */
import * as E from 'fp-ts/lib/Either.js'
import ICAL from 'ical.js'
import { buildRow, type ContactDraft, type DraftAddress, type DraftDate, type Sourced } from './contact.js'
import { ImportErrors, type ImportError } from './errors.js'
import { indexLines, longLineIn, readText, type ImportLimits, type LineIndex } from './limits.js'
import { checkOptions } from './options.js'
import { refused, summarise, type ImportNote, type ImportOptions, type ImportReport, type ImportRow } from './report.js'

/** A line after unfolding: its text and the physical lines it spans. */
interface LogicalLine {
  text: string
  readonly line: number
  lastLine: number
  /** A quoted-printable value whose line ends with `=` continues on the next line. */
  qp: boolean
}

interface RawCard {
  readonly index: number
  readonly line: number
  endLine: number
  readonly lines: LogicalLine[]
  terminated: boolean
}

const isQuotedPrintable = (text: string): boolean => {
  const colon = text.indexOf(':')
  return colon > 0 && /QUOTED-PRINTABLE/i.test(text.slice(0, colon))
}

/** Unfolds the physical lines into logical ones. */
const unfold = (physical: readonly string[]): LogicalLine[] => {
  const out: LogicalLine[] = []
  let current: LogicalLine | undefined
  for (let i = 0; i < physical.length; i++) {
    const raw = physical[i] as string
    const n = i + 1
    if (current !== undefined && current.qp && current.text.endsWith('=')) {
      // A quoted-printable soft line break: the value goes on, verbatim.
      current.text = current.text.slice(0, -1) + raw
      current.lastLine = n
      continue
    }
    if (current !== undefined && (raw.startsWith(' ') || raw.startsWith('\t'))) {
      current.text += raw.slice(1)
      current.lastLine = n
      continue
    }
    if (raw.trim().length === 0) {
      current = undefined
      continue
    }
    current = { text: raw, line: n, lastLine: n, qp: isQuotedPrintable(raw) }
    out.push(current)
  }
  return out
}

/** Cuts logical lines into cards; more than `maxRows` cards stops the cut. */
const cards = (lines: readonly LogicalLine[], maxRows: number): { cards: RawCard[]; tooMany: boolean } => {
  const out: RawCard[] = []
  let card: RawCard | undefined
  for (const l of lines) {
    const t = l.text.trim()
    if (/^BEGIN:VCARD$/i.test(t)) {
      if (out.length === maxRows) return { cards: out, tooMany: true }
      card = { index: out.length + 1, line: l.line, endLine: l.lastLine, lines: [], terminated: false }
      out.push(card)
    } else if (/^END:VCARD$/i.test(t)) {
      if (card !== undefined) {
        card.terminated = true
        card.endLine = l.lastLine
      }
      card = undefined
    } else if (card !== undefined) {
      card.lines.push(l)
      card.endLine = l.lastLine
    }
    // Lines outside a card (a mail's text around an attached card) are not the card's.
  }
  return { cards: out, tooMany: false }
}

// —— One property: its name, its parameters, its value ——

/** The index of the first `:` outside double quotes (the end of the name and parameters). */
const headEnd = (text: string): number => {
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (c === '"') quoted = !quoted
    else if (c === ':' && !quoted) return i
  }
  return -1
}

/** Splits parameters at `;` outside double quotes. */
const splitParams = (head: string): string[] => {
  const out: string[] = []
  let quoted = false
  let start = 0
  for (let i = 0; i < head.length; i++) {
    const c = head[i]
    if (c === '"') quoted = !quoted
    else if (c === ';' && !quoted) {
      out.push(head.slice(start, i))
      start = i + 1
    }
  }
  out.push(head.slice(start))
  return out
}

const NAME_RE = /^(?:[A-Za-z0-9-]+\.)?([A-Za-z0-9-]+)$/

/** Decodes a quoted-printable value into text of its charset; undefined when it cannot. */
const decodeQuotedPrintable = (value: string, charset: string): string | undefined => {
  const bytes: number[] = []
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i)
    if (c === 61 /* = */) {
      const hex = value.slice(i + 1, i + 3)
      if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
        bytes.push(parseInt(hex, 16))
        i += 2
        continue
      }
      // A stray `=` (an exporter's soft break left in the middle): dropped.
      if (i === value.length - 1) continue
    }
    // A character written as itself (some exporters leave UTF-8 text unencoded): its UTF-8 bytes.
    if (c > 0x7f) {
      const ch = String.fromCodePoint(value.codePointAt(i) as number)
      bytes.push(...new TextEncoder().encode(ch))
      i += ch.length - 1
      continue
    }
    bytes.push(c)
  }
  return decodeBytes(Uint8Array.from(bytes), charset)
}

const decodeBytes = (bytes: Uint8Array, charset: string): string | undefined => {
  try {
    return new TextDecoder(charset, { fatal: true }).decode(bytes)
  } catch {
    return undefined
  }
}

const decodeBase64 = (value: string, charset: string): string | undefined => {
  try {
    const bin = atob(value.replace(/\s+/g, ''))
    return decodeBytes(Uint8Array.from(bin, (ch) => ch.charCodeAt(0)), charset)
  } catch {
    return undefined
  }
}

/** Escapes decoded text as a vCard value (line breaks as `\n`). */
const escapeDecoded = (s: string): string => s.replace(/\r\n|\r|\n/g, '\\n')

/**
 * A property's line made readable by ical.js: vCard 2.1's bare parameters named
 * (`HOME` → `TYPE=HOME`), a quoted-printable or base64 value decoded. Undefined when the
 * value cannot be decoded.
 */
const normaliseLine = (text: string): string | undefined => {
  const end = headEnd(text)
  const [name, ...rawParams] = splitParams(text.slice(0, end))
  let value = text.slice(end + 1)
  let encoding: string | undefined
  let charset = 'utf-8'
  const params: string[] = []
  for (const p of rawParams) {
    const eq = p.indexOf('=')
    const key = (eq < 0 ? '' : p.slice(0, eq)).trim().toUpperCase()
    const v = eq < 0 ? p.trim() : p.slice(eq + 1).trim()
    if (key === 'ENCODING' || (eq < 0 && /^(QUOTED-PRINTABLE|BASE64|B|8BIT|7BIT)$/i.test(v))) encoding = v.toUpperCase()
    else if (key === 'CHARSET') charset = v.replace(/^"|"$/g, '')
    else if (eq < 0) {
      if (v.length > 0) params.push(`TYPE=${v}`)
    } else params.push(p)
  }
  if (encoding === 'QUOTED-PRINTABLE') {
    const decoded = decodeQuotedPrintable(value, charset)
    if (decoded === undefined) return undefined
    value = escapeDecoded(decoded)
  } else if (encoding === 'B' || encoding === 'BASE64') {
    const decoded = decodeBase64(value, charset)
    if (decoded === undefined) return undefined
    value = escapeDecoded(decoded)
  }
  // A CHARSET on a value that is not encoded is moot: the file is already text.
  return `${[name, ...params].join(';')}:${value}`
}

/** A property parsed by ical.js: `[name, params, type, ...values]`. */
type JCardProperty = [string, Record<string, unknown>, string, ...unknown[]]

/** The properties read; others are reported as ignored. */
const READ = new Set([
  'FN',
  'N',
  'ORG',
  'EMAIL',
  'TEL',
  'ADR',
  'BDAY',
  'ANNIVERSARY',
  'X-ANNIVERSARY',
  'X-MS-ANNIVERSARY',
  'X-EVOLUTION-ANNIVERSARY',
  'X-ABDATE',
  'X-ABLABEL',
  'NOTE',
  'UID',
  'TZ',
  'LANG',
  'KIND',
  'X-ADDRESSBOOKSERVER-KIND',
])
/** Properties of the card's frame, neither read nor worth reporting. */
const FRAME = new Set(['VERSION', 'PRODID', 'REV'])
const ANNIVERSARIES = new Set(['ANNIVERSARY', 'X-ANNIVERSARY', 'X-MS-ANNIVERSARY', 'X-EVOLUTION-ANNIVERSARY'])

const str = (v: unknown): string => (Array.isArray(v) ? v.map(str).filter((x) => x.length > 0).join(' ') : typeof v === 'string' ? v : '')
const strList = (v: unknown): string[] => (Array.isArray(v) ? v.map(str) : typeof v === 'string' ? [v] : [])
const lower = (v: unknown): string[] => strList(v).map((x) => x.toLowerCase())

/** How preferred a value is: vCard 4's `PREF=1` first, then vCard 3's `TYPE=pref`, then the rest, in file order. */
const prefRank = (params: Record<string, unknown>): number => {
  const pref = Number(str(params['pref']))
  if (Number.isInteger(pref) && pref >= 1 && pref <= 100) return pref
  return lower(params['type']).includes('pref') ? 1 : 101
}

const byPref = <A extends { readonly rank: number }>(xs: A[]): A[] => xs.map((x, i) => ({ x, i })).sort((a, b) => a.x.rank - b.x.rank || a.i - b.i).map((p) => p.x)

/** The card's draft: what ical.js read from each property this import reads. */
const readCard = (card: RawCard, limits: ImportLimits, index: LineIndex, ignored: Set<string>): ContactDraft | ImportError => {
  const long = longLineIn(index, card.line, card.endLine)
  if (long !== undefined) return ImportErrors.lineTooLong(long, limits.maxLineLength)
  if (!card.terminated) return ImportErrors.unterminatedCard(card.line)
  if (card.lines.length > limits.maxFieldsPerRow) return ImportErrors.tooManyFields(card.line, limits.maxFieldsPerRow)

  const errors: ImportError[] = []
  const notes: ImportNote[] = []
  const versionLine = card.lines.find((l) => /^VERSION:/i.test(l.text.trim()))
  const version = versionLine?.text.trim().slice(8).trim() ?? '3.0'
  if (!['2.1', '3.0', '4.0'].includes(version)) return ImportErrors.unsupportedVersion(versionLine?.line ?? card.line)
  const design = version === '4.0' ? ICAL.design.vcard : ICAL.design.vcard3

  const parsed: Array<{ readonly name: string; readonly group?: string; readonly prop: JCardProperty; readonly line: number }> = []
  for (const l of card.lines) {
    const end = headEnd(l.text)
    const nameMatch = end > 0 ? NAME_RE.exec(splitParams(l.text.slice(0, end))[0] as string) : null
    if (nameMatch === null) {
      errors.push(ImportErrors.malformedLine(l.line))
      continue
    }
    const name = (nameMatch[1] as string).toUpperCase()
    if (!READ.has(name)) {
      if (!FRAME.has(name)) ignored.add(name)
      continue
    }
    const line = normaliseLine(l.text)
    let prop: JCardProperty | undefined
    try {
      prop = line === undefined ? undefined : (ICAL.parse.property(line, design) as JCardProperty)
    } catch {
      prop = undefined
    }
    if (prop === undefined || !Array.isArray(prop) || typeof prop[1] !== 'object' || prop[1] === null) {
      errors.push(ImportErrors.malformedLine(l.line))
      continue
    }
    const group = typeof prop[1]['group'] === 'string' ? (prop[1]['group'] as string).toLowerCase() : undefined
    parsed.push({ name, ...(group === undefined ? {} : { group }), prop, line: l.line })
  }

  const at = (p: { prop: JCardProperty; line: number; name: string }, value: string = str(p.prop[3])): Sourced => ({ value, line: p.line, field: p.name })
  const first = (name: string) => parsed.find((p) => p.name === name)

  const kind = parsed.find((p) => p.name === 'KIND' || p.name === 'X-ADDRESSBOOKSERVER-KIND')
  if (kind !== undefined && ['group', 'location'].includes(str(kind.prop[3]).trim().toLowerCase())) errors.push(ImportErrors.notAPerson(kind.line, kind.name))

  const fn = first('FN')
  const n = first('N')
  const nParts = n === undefined ? [] : Array.isArray(n.prop[3]) ? (n.prop[3] as unknown[]) : [n.prop[3]]
  const org = first('ORG')
  const orgValue = org === undefined ? undefined : Array.isArray(org.prop[3]) ? str((org.prop[3] as unknown[])[0]) : str(org.prop[3])

  const emails = byPref(parsed.filter((p) => p.name === 'EMAIL').map((p) => ({ rank: prefRank(p.prop[1]), s: at(p) }))).map((x) => x.s)
  const phones: Array<{ rank: number; s: Sourced }> = []
  for (const p of parsed.filter((q) => q.name === 'TEL')) {
    const types = lower(p.prop[1]['type'])
    const faxOnly = types.some((t) => t === 'fax' || t === 'pager') && !types.some((t) => ['voice', 'cell', 'text', 'iphone', 'main'].includes(t))
    if (faxOnly) notes.push({ line: p.line, field: p.name, note: 'fax-not-imported' })
    else phones.push({ rank: prefRank(p.prop[1]), s: at(p) })
  }

  const addresses: Array<{ rank: number; a: DraftAddress }> = []
  for (const p of parsed.filter((q) => q.name === 'ADR')) {
    const c = Array.isArray(p.prop[3]) ? (p.prop[3] as unknown[]) : [p.prop[3]]
    const component = (i: number): string | undefined => {
      const v = str(c[i]).trim()
      return v.length > 0 ? v : undefined
    }
    // Street lines: a multi-valued street is one line a value; a street with line breaks, one a line.
    const streets = strList(c[2]).flatMap((s) => s.split(/\r\n|\r|\n/))
    const lines = [...streets, ...strList(c[1]), ...strList(c[0]).map((b) => (b.trim().length > 0 && /^\d/.test(b.trim()) ? `P.O. Box ${b.trim()}` : b))]
    const locality = component(3)
    const region = component(4)
    const postalCode = component(5)
    const country = component(6)
    addresses.push({
      rank: prefRank(p.prop[1]),
      a: {
        line: p.line,
        field: p.name,
        lines,
        ...(locality === undefined ? {} : { locality }),
        ...(region === undefined ? {} : { region }),
        ...(postalCode === undefined ? {} : { postalCode }),
        ...(country === undefined ? {} : { country }),
      },
    })
  }

  const dates: DraftDate[] = []
  for (const p of parsed) {
    if (p.name === 'BDAY' || ANNIVERSARIES.has(p.name)) {
      const omit = str(p.prop[1]['x-apple-omit-year']).trim()
      dates.push({
        kind: p.name === 'BDAY' ? 'birthday' : 'wedding-anniversary',
        value: at(p),
        ...(omit.length > 0 ? { omitYear: omit } : {}),
      })
    } else if (p.name === 'X-ABDATE') {
      // Apple's dates carry their label in another property of the same group (`item1.X-ABLabel`).
      const label = parsed.find((q) => q.name === 'X-ABLABEL' && q.group !== undefined && q.group === p.group)
      if (label !== undefined && /anniversary/i.test(str(label.prop[3]))) dates.push({ kind: 'wedding-anniversary', value: at(p) })
      else notes.push({ line: p.line, field: p.name, note: 'date-not-imported' })
    }
  }

  const uid = first('UID')
  const tz = first('TZ')
  const lang = byPref(parsed.filter((p) => p.name === 'LANG').map((p) => ({ rank: prefRank(p.prop[1]), p })))[0]?.p
  return {
    line: card.line,
    card: card.index,
    ...(uid === undefined || str(uid.prop[3]).trim().length === 0 ? {} : { uid: str(uid.prop[3]) }),
    nameField: 'FN',
    ...(fn === undefined ? {} : { name: at(fn) }),
    ...(n === undefined
      ? {}
      : {
          familyName: at(n, str(nParts[0])),
          givenName: at(n, str(nParts[1])),
          middleName: at(n, str(nParts[2])),
        }),
    ...(org === undefined || orgValue === undefined ? {} : { company: at(org, orgValue) }),
    emails,
    phones: byPref(phones).map((x) => x.s),
    addresses: byPref(addresses).map((x) => x.a),
    dates,
    notes: parsed.filter((p) => p.name === 'NOTE').map((p) => at(p)),
    ...(tz === undefined ? {} : { timeZone: at(tz) }),
    ...(lang === undefined ? {} : { locale: at(lang) }),
    doNotContact: [],
    readerNotes: notes,
    readerErrors: errors,
  }
}

/**
 * Reads a vCard file (2.1, 3.0 or 4.0; one card or many) into a result for every card: its
 * commands (`AddContact`, then `RecordPersonalDate` for `BDAY` and `ANNIVERSARY`), or why it is
 * refused, with the line and the property. A file that is too large, has too many cards or
 * holds no card at all is refused whole (`Left`); nothing here throws on bad input.
 *
 * The file is a string, or bytes of UTF-8. Ids derive from `options.source` and each card's
 * `UID` (else its content), so importing the same file again gives the same ids.
 *
 * @example
 * const text = 'BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Salma Haddad\r\nBDAY:--0412\r\nEND:VCARD\r\n'
 * const report = importVCard(text, { source: 'phone' })
 * // Right({ format: 'vcard', rows: [{ status: 'imported', commands: [AddContact, RecordPersonalDate] }], … })
 */
export const importVCard = (input: string | Uint8Array, options: ImportOptions): E.Either<ImportError, ImportReport> => {
  const checked = checkOptions(options, 'ymd')
  if (E.isLeft(checked)) return checked
  const { ctx, limits } = checked.right
  const text = readText(input, limits)
  if (E.isLeft(text)) return text
  const index = indexLines(text.right, limits.maxLineLength)
  const { cards: found, tooMany } = cards(unfold(text.right.split(/\r\n|\n|\r/)), limits.maxRows)
  if (tooMany) return E.left(ImportErrors.tooManyRows(limits.maxRows))
  if (found.length === 0) return E.left(ImportErrors.notAVCard())
  const ignored = new Set<string>()
  const rows: ImportRow[] = found.map((card) => {
    const draft = readCard(card, limits, index, ignored)
    return 'code' in draft ? refused([draft], card.line, card.index) : buildRow(draft, ctx)
  })
  return E.right({ format: 'vcard', source: options.source, rows, summary: summarise(rows), ignored: [...ignored].sort() })
}
