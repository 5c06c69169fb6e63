/**
 * Likely duplicates: contacts of an import that are probably the same person as another
 * contact of the import, or as a contact the state already has — by the same e-mail, the
 * same phone, or a name that is the same or nearly so. Found, never merged: what to do with
 * a pair is the host's (and the user's) decision.
 */
import type { AddContact } from '../decisions/index.js'
import type { NetworkState } from '../state/index.js'
import { compact, deletions, editDistance, nameKey, sortedWords } from './names.js'
import type { ImportReport } from './report.js'
import { emailKey } from './values.js'

/**
 * Why two contacts are probably one person:
 *
 * - `same-email`: an e-mail address in common (compared in lower case);
 * - `same-phone`: a phone number in common (both in E.164);
 * - `same-name`: the same name once case, accents, punctuation, Arabic letter variants, the
 *   order of the words and the spaces inside a word (`عبد الله` = `عبدالله`) are set aside;
 * - `similar-name`: names a small edit distance apart (one letter added, dropped, changed,
 *   or two neighbours swapped — `maxNameDistance`, default 1), both 5 to 64 letters long.
 * @example DUPLICATE_REASONS.includes('same-phone') // true
 */
export const DUPLICATE_REASONS = ['same-email', 'same-phone', 'same-name', 'similar-name'] as const

/**
 * A reason two contacts are probably one person.
 * @example const r: DuplicateReason = 'similar-name'
 */
export type DuplicateReason = (typeof DUPLICATE_REASONS)[number]

/**
 * One side of a pair: a row of the import (its line, and card for a vCard) or a contact of
 * the state.
 * @example const side: DuplicateSide = { in: 'state', contactId: 'c-17' }
 */
export type DuplicateSide =
  | { readonly in: 'file'; readonly line: number; readonly card?: number; readonly contactId: string }
  | { readonly in: 'state'; readonly contactId: string }

/**
 * Two contacts that are probably one person, and why. `a` is always a row of the import;
 * `b` a later row, or a contact of the state.
 * @example for (const p of dupes.pairs) console.log(p.a, p.b, p.reasons.join(', '))
 */
export interface DuplicatePair {
  readonly a: DuplicateSide
  readonly b: DuplicateSide
  readonly reasons: readonly DuplicateReason[]
}

/**
 * Options of `findDuplicates`.
 * @example const options: DuplicateOptions = { state, maxNameDistance: 2 }
 */
export interface DuplicateOptions {
  /** The contacts to compare the import with (erased contacts are not compared). */
  readonly state?: NetworkState
  /** How many edits apart two names may be and still be similar: 0 (same names only), 1 (default) or 2. */
  readonly maxNameDistance?: 0 | 1 | 2
  /** The most pairs returned (default 10,000); past it, `truncated` is true. */
  readonly maxPairs?: number
}

/**
 * The likely duplicates of an import, in the order of its rows.
 * @example const { pairs, truncated } = findDuplicates(report, { state })
 */
export interface Duplicates {
  readonly pairs: readonly DuplicatePair[]
  /** Whether the search stopped at `maxPairs` (the pairs returned are those found until then). */
  readonly truncated: boolean
}

/** The shortest name (letters, spaces aside) compared by edit distance. */
const MIN_SIMILAR = 5
/** The longest: past it, a name is compared for sameness only (its variants would be too many to index). */
const MAX_SIMILAR = 64

interface Entity {
  readonly side: DuplicateSide
  /** Its place: rows first, in file order, then the state's contacts. */
  readonly order: number
  readonly emails: readonly string[]
  readonly phones: readonly string[]
  readonly words: string
  readonly compact: string
}

const entity = (side: DuplicateSide, order: number, name: string, emails: readonly string[], phones: readonly string[]): Entity => {
  const key = nameKey(name)
  return { side, order, emails: [...new Set(emails.map(emailKey))], phones: [...new Set(phones)], words: sortedWords(key), compact: compact(key) }
}

/**
 * Finds the contacts of an import that are probably the same person as another of its
 * contacts, or as a contact of `options.state`: by a shared e-mail or phone, the same name,
 * or a near-same name (see `DUPLICATE_REASONS`). Each pair once, with every reason it has.
 * Rows with the same contact id are one contact (the same person imported twice), not a
 * pair; a contact of the state with the id of a row is that row (imported before), compared
 * as the row. Nothing is merged: that is a
 * later command, the host's to issue.
 *
 * @example
 * const { pairs } = findDuplicates(report, { state })
 * // [{ a: { in: 'file', line: 7, contactId: 'imp-…' }, b: { in: 'state', contactId: 'c-12' }, reasons: ['same-email'] }]
 */
export const findDuplicates = (report: ImportReport, options: DuplicateOptions = {}): Duplicates => {
  const maxDistance = options.maxNameDistance ?? 1
  const maxPairs = options.maxPairs ?? 10_000
  const file: Entity[] = []
  for (const row of report.rows) {
    if (row.status !== 'imported') continue
    const add = row.commands.find((c): c is AddContact => c.type === 'AddContact')
    if (add === undefined) continue
    const side: DuplicateSide = { in: 'file', line: row.line, ...(row.card === undefined ? {} : { card: row.card }), contactId: row.contactId }
    file.push(entity(side, file.length, add.name, add.emails ?? [], add.phones ?? []))
  }

  const pairs = new Map<string, { a: Entity; b: Entity; reasons: Set<DuplicateReason> }>()
  let truncated = false
  const pair = (x: Entity, y: Entity, reason: DuplicateReason): void => {
    if (x === y || x.side.contactId === y.side.contactId) return
    const [a, b] = x.order < y.order ? [x, y] : [y, x]
    const key = `${a.order}\u0000${b.order}`
    const found = pairs.get(key)
    if (found !== undefined) found.reasons.add(reason)
    else if (pairs.size >= maxPairs) truncated = true
    else pairs.set(key, { a, b, reasons: new Set([reason]) })
  }

  // Buckets of the import's rows by each key; the state's contacts are looked up in them.
  const buckets = new Map<string, Entity[]>()
  const put = (key: string, e: Entity): void => {
    const b = buckets.get(key)
    if (b === undefined) buckets.set(key, [e])
    else if (!b.includes(e)) b.push(e)
  }
  const keysOf = (e: Entity): Array<[string, DuplicateReason]> => [
    ...e.emails.map((m): [string, DuplicateReason] => [`e\u0000${m}`, 'same-email']),
    ...e.phones.map((p): [string, DuplicateReason] => [`p\u0000${p}`, 'same-phone']),
    ...(e.compact.length > 0 ? [[`w\u0000${e.words}`, 'same-name'] as [string, DuplicateReason], [`c\u0000${e.compact}`, 'same-name'] as [string, DuplicateReason]] : []),
  ]
  const variantsOf = (e: Entity): Set<string> =>
    maxDistance > 0 && Array.from(e.compact).length >= MIN_SIMILAR && Array.from(e.compact).length <= MAX_SIMILAR ? deletions(e.compact, maxDistance) : new Set<string>()
  const near = (x: Entity, y: Entity): boolean =>
    x.compact !== y.compact && x.words !== y.words && Array.from(y.compact).length >= MIN_SIMILAR && editDistance(x.compact, y.compact, maxDistance) <= maxDistance

  const compare = (e: Entity, index: boolean): void => {
    for (const [key, reason] of keysOf(e)) {
      for (const other of buckets.get(key) ?? []) {
        if (truncated) return
        pair(other, e, reason)
      }
      if (index) put(key, e)
    }
    for (const v of variantsOf(e)) {
      const key = `d\u0000${v}`
      for (const other of buckets.get(key) ?? []) {
        if (truncated) return
        if (near(other, e)) pair(other, e, 'similar-name')
      }
      if (index) put(key, e)
    }
  }
  for (const e of file) {
    if (truncated) break
    compare(e, true)
  }
  if (options.state !== undefined && !truncated) {
    let order = file.length
    // A contact of the state that is a row of the import (imported before) is that row: its pairs are the row's.
    const rows = new Set(file.map((e) => e.side.contactId))
    const contacts = [...options.state.contacts.values()].filter((c) => !c.erased && c.profile !== null && !rows.has(c.id)).sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))
    for (const c of contacts) {
      if (truncated) break
      const profile = c.profile as NonNullable<typeof c.profile>
      compare(entity({ in: 'state', contactId: c.id }, order++, profile.name, profile.emails, profile.phones), false)
    }
  }

  const out = [...pairs.values()]
    .sort((p, q) => p.a.order - q.a.order || p.b.order - q.b.order)
    .map((p) => ({ a: p.a.side, b: p.b.side, reasons: DUPLICATE_REASONS.filter((r) => p.reasons.has(r)) }))
  return { pairs: out, truncated }
}
