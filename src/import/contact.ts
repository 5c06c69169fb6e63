/**
 * From what a reader found in a row or card (a draft: raw values, each with its line and
 * field) to the row's result: its values normalised and its commands with ids derived from
 * the source, or every reason it is refused. Shared by the vCard and CSV readers, so both
 * refuse and normalise alike.
 */
import type { CountryCode } from 'libphonenumber-js'
import { Id, LocaleC, isTimeZone } from '../core/codecs.js'
import { fingerprint } from '../core/hash.js'
import { canonicalJson } from '../core/plain.js'
import type { AddContact, RecordPersonalDate, SetConsent } from '../decisions/index.js'
import type { Address, Channel, PersonalDateKind } from '../events/index.js'
import { ImportErrors, type ImportError } from './errors.js'
import { refused, type ImportCommand, type ImportNote, type ImportOptions, type ImportRow } from './report.js'
import { countryCode, email, emailKey, flag, noteText, personalDate, phone, shortText, type DateOrder } from './values.js'

/** A value read from the file, and where. @internal */
export interface Sourced {
  readonly value: string
  readonly line: number
  readonly field: string
}

/** An address as the file has it. @internal */
export interface DraftAddress {
  readonly line: number
  readonly field: string
  readonly lines: readonly string[]
  readonly locality?: string
  readonly region?: string
  readonly postalCode?: string
  readonly country?: string
}

/** A date as the file has it. @internal */
export interface DraftDate {
  readonly kind: PersonalDateKind
  readonly value: Sourced
  /** Apple's year for "no year" (`X-APPLE-OMIT-YEAR`). */
  readonly omitYear?: string
}

/** What a reader found in a row or card. @internal */
export interface ContactDraft {
  /** The line the row or card begins on. */
  readonly line: number
  readonly card?: number
  readonly uid?: string
  /** The field a missing name is reported on (`FN`, or the CSV's name column). */
  readonly nameField: string
  readonly name?: Sourced
  readonly givenName?: Sourced
  readonly middleName?: Sourced
  readonly familyName?: Sourced
  readonly company?: Sourced
  /** Preferred first. */
  readonly emails: readonly Sourced[]
  readonly phones: readonly Sourced[]
  readonly addresses: readonly DraftAddress[]
  readonly dates: readonly DraftDate[]
  readonly notes: readonly Sourced[]
  readonly timeZone?: Sourced
  /** The contact's language (vCard `LANG`). */
  readonly locale?: Sourced
  readonly doNotContact: ReadonlyArray<{ readonly channel: Channel | 'all'; readonly value: Sourced }>
  /** Notes the reader made (a fax left out, a date of an unknown kind). */
  readonly readerNotes: readonly ImportNote[]
  /** Errors the reader found (a line it could not read, a group card). */
  readonly readerErrors: readonly ImportError[]
}

/** What a draft becomes a row with. @internal */
export interface BuildContext {
  readonly options: ImportOptions
  readonly defaultCountry: CountryCode | undefined
  readonly dateOrder: DateOrder
}

/** The most e-mails and phones a contact keeps (what `ContactAdded` carries). */
const MAX_VALUES = 20
/** The most lines of an address. */
const MAX_ADDRESS_LINES = 10

/**
 * The id an import derives from a source and a key: `imp-` and 28 hexadecimal digits (two
 * 53-bit hashes). The same source and key always give the same id. @internal
 */
export const importId = (source: string, key: string): string => {
  const s = `${source}\u0000${key}`
  return `imp-${fingerprint(s)}${fingerprint(`\u0001${s}`)}`
}

/** The id of a command: the row's import id, what it is, and a fingerprint of its content. */
const commandIdOf = (base: string, what: string, command: Omit<ImportCommand, 'commandId'>): string =>
  `${base}.${what}.${fingerprint(canonicalJson(command))}`

/** Builds the row of a draft. @internal */
export const buildRow = (draft: ContactDraft, ctx: BuildContext): ImportRow => {
  const errors: ImportError[] = [...draft.readerErrors]
  const notes: ImportNote[] = [...draft.readerNotes]

  const text = (s: Sourced | undefined): string | undefined => {
    if (s === undefined) return undefined
    const r = shortText(s.value)
    if (r.ok) return r.value
    errors.push(r.reason === 'invalid-text' ? ImportErrors.invalidText(s.line, s.field) : ImportErrors.textTooLong(s.line, s.field, 1000))
    return undefined
  }

  // The name: the full name, else the name's parts joined.
  const givenName = text(draft.givenName)
  const middleName = text(draft.middleName)
  const familyName = text(draft.familyName)
  let name = text(draft.name)
  if (name === undefined) {
    const joined = [givenName, middleName, familyName].filter((p) => p !== undefined).join(' ')
    if (joined.length > 1000) errors.push(ImportErrors.textTooLong(draft.line, draft.nameField, 1000))
    else if (joined.length > 0) name = joined
  }
  if (name === undefined && !errors.some((e) => e.code === 'invalid-text' || e.code === 'text-too-long')) {
    errors.push(ImportErrors.missingName(draft.name?.line ?? draft.line, draft.nameField))
  }
  const company = text(draft.company)

  // E-mails and phones: each checked, each kept once.
  const emails: string[] = []
  for (const s of draft.emails) {
    const r = email(s.value)
    if (!r.ok) errors.push(ImportErrors.invalidEmail(s.line, s.field))
    else if (r.value === undefined) continue
    else if (emails.some((e) => emailKey(e) === emailKey(r.value as string))) notes.push({ line: s.line, field: s.field, note: 'duplicate-value' })
    else if (emails.length === MAX_VALUES) errors.push(ImportErrors.tooManyValues(s.line, s.field, MAX_VALUES))
    else emails.push(r.value)
  }
  const phones: string[] = []
  for (const s of draft.phones) {
    const r = phone(s.value, ctx.defaultCountry)
    if (!r.ok) errors.push(ImportErrors.invalidPhone(s.line, s.field))
    else if (r.value === undefined) continue
    else if (phones.includes(r.value.e164)) notes.push({ line: s.line, field: s.field, note: 'duplicate-value' })
    else if (phones.length === MAX_VALUES) errors.push(ImportErrors.tooManyValues(s.line, s.field, MAX_VALUES))
    else {
      phones.push(r.value.e164)
      if (r.value.extensionDropped) notes.push({ line: s.line, field: s.field, note: 'extension-dropped' })
    }
  }

  // One address: the first the reader gives (it puts the preferred one first) that has anything.
  let address: Address | undefined
  for (const a of draft.addresses) {
    const part = (v: string | undefined): string | undefined => text(v === undefined ? undefined : { value: v, line: a.line, field: a.field })
    const lines = a.lines.map(part).filter((l): l is string => l !== undefined)
    const locality = part(a.locality)
    const region = part(a.region)
    const postalCode = part(a.postalCode)
    const rawCountry = a.country === undefined ? undefined : part(a.country)
    const has = lines.length > 0 || locality !== undefined || region !== undefined || postalCode !== undefined || rawCountry !== undefined
    if (!has) continue
    if (address !== undefined) {
      notes.push({ line: a.line, field: a.field, note: 'other-address-dropped' })
      continue
    }
    if (lines.length > MAX_ADDRESS_LINES) errors.push(ImportErrors.tooManyValues(a.line, a.field, MAX_ADDRESS_LINES))
    const country = rawCountry === undefined ? undefined : countryCode(rawCountry)
    if (rawCountry !== undefined && country === undefined) notes.push({ line: a.line, field: a.field, note: 'country-not-recognised' })
    address = {
      ...(lines.length > 0 ? { lines } : {}),
      ...(locality === undefined ? {} : { locality }),
      ...(region === undefined ? {} : { region }),
      ...(postalCode === undefined ? {} : { postalCode }),
      ...(country === undefined ? {} : { country }),
    }
  }

  // Personal dates: one of each kind (the first).
  const dates: Array<{ kind: PersonalDateKind; date: string }> = []
  for (const d of draft.dates) {
    const r = personalDate(d.value.value, ctx.dateOrder, d.omitYear)
    if (!r.ok) errors.push(ImportErrors.invalidDate(d.value.line, d.value.field))
    else if (r.value === undefined) continue
    else if (dates.some((x) => x.kind === d.kind)) notes.push({ line: d.value.line, field: d.value.field, note: 'duplicate-value' })
    else dates.push({ kind: d.kind, date: r.value })
  }

  const noteTexts: string[] = []
  for (const s of draft.notes) {
    const r = noteText(s.value)
    if (!r.ok) errors.push(r.reason === 'invalid-text' ? ImportErrors.invalidText(s.line, s.field) : ImportErrors.textTooLong(s.line, s.field, 16_384))
    else if (r.value !== undefined) noteTexts.push(r.value)
  }
  const notesText = noteTexts.join('\n\n')
  if (notesText.length > 16_384 && draft.notes[0] !== undefined) errors.push(ImportErrors.textTooLong(draft.notes[0].line, draft.notes[0].field, 16_384))

  let timeZone: string | undefined
  if (draft.timeZone !== undefined) {
    const tz = draft.timeZone.value.trim()
    if (isTimeZone(tz)) timeZone = tz
    else if (tz.length > 0) notes.push({ line: draft.timeZone.line, field: draft.timeZone.field, note: 'time-zone-not-recognised' })
  }

  let locale: string | undefined
  if (draft.locale !== undefined) {
    const tag = draft.locale.value.trim()
    const known: boolean = LocaleC.is(tag)
    if (known) locale = tag
    else if (tag.length > 0) notes.push({ line: draft.locale.line, field: draft.locale.field, note: 'language-not-recognised' })
  }

  // Consent: a channel refused where the file says so. An empty or "no" cell is not consent: nothing is recorded.
  const refusedChannels: Array<Channel | 'all'> = []
  for (const c of draft.doNotContact) {
    const f = flag(c.value.value)
    if (f === 'neither') errors.push(ImportErrors.invalidFlag(c.value.line, c.value.field))
    else if (f && !refusedChannels.includes(c.channel)) refusedChannels.push(c.channel)
  }

  const first = errors[0]
  if (first !== undefined || name === undefined) {
    return refused(errors as unknown as [ImportError, ...ImportError[]], draft.line, draft.card)
  }

  // The id: from the source and the card's UID, else from the normalised content (notes aside:
  // they are what people edit most), so that the same person in the same address book gets
  // the same id on every import. The content is the values as imported — never the looser
  // keys duplicates are found by: two spellings of a name are two rows, found as a likely
  // pair, not one contact merged behind the user's back.
  const identity =
    draft.uid !== undefined && draft.uid.trim().length > 0
      ? { uid: draft.uid.trim() }
      : {
          name,
          givenName,
          familyName,
          company,
          emails: [...emails].sort(),
          phones: [...phones].sort(),
          address,
          dates: [...dates].sort((a, b) => (a.kind < b.kind ? -1 : 1)),
        }
  const base = importId(ctx.options.source, canonicalJson(identity))
  const hostId = ctx.options.contactId?.({
    line: draft.line,
    ...(draft.card === undefined ? {} : { card: draft.card }),
    ...(draft.uid === undefined ? {} : { uid: draft.uid.trim() }),
    importId: base,
    name,
    emails,
    phones,
  })
  if (hostId !== undefined && !Id.is(hostId)) return refused([ImportErrors.invalidContactId(draft.line)], draft.line, draft.card)
  const contactId = hostId ?? base
  const actor = ctx.options.actor === undefined ? {} : { actor: ctx.options.actor }

  const add: Omit<AddContact, 'commandId'> = {
    type: 'AddContact',
    contactId,
    name,
    met: ctx.options.met ?? false,
    ...(givenName === undefined ? {} : { givenName }),
    ...(familyName === undefined ? {} : { familyName }),
    ...(company === undefined ? {} : { company }),
    ...(emails.length > 0 ? { emails } : {}),
    ...(phones.length > 0 ? { phones } : {}),
    ...(address === undefined ? {} : { address }),
    ...(timeZone === undefined ? {} : { timeZone }),
    ...(locale === undefined ? {} : { locale }),
    ...(ctx.options.circle === undefined ? {} : { circle: ctx.options.circle }),
    ...(notesText.length > 0 ? { notes: notesText } : {}),
    ...actor,
  }
  const commands: ImportCommand[] = [{ ...add, commandId: commandIdOf(base, 'add', add) } as AddContact]
  for (const d of dates) {
    const c: Omit<RecordPersonalDate, 'commandId'> = { type: 'RecordPersonalDate', contactId, kind: d.kind, date: d.date, ...actor }
    commands.push({ ...c, commandId: commandIdOf(base, d.kind, c) } as RecordPersonalDate)
  }
  for (const channel of refusedChannels) {
    const c: Omit<SetConsent, 'commandId'> = { type: 'SetConsent', contactId, channel, doNotContact: true, ...actor }
    commands.push({ ...c, commandId: commandIdOf(base, `consent-${channel}`, c) } as SetConsent)
  }
  return {
    status: 'imported',
    line: draft.line,
    ...(draft.card === undefined ? {} : { card: draft.card }),
    contactId,
    commands,
    notes,
  }
}
