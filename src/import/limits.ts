/**
 * The bounds of an import. A file is read whole, so its size and its number of contacts are
 * checked before anything is parsed (past them, the file is refused); a line or a row past
 * its bound refuses that row or card alone.
 */
import * as E from 'fp-ts/lib/Either.js'
import { ImportErrors, type ImportError } from './errors.js'

/**
 * The bounds an import keeps to. Every one can be changed per import (`limits`).
 * @example const limits: ImportLimits = { ...DEFAULT_IMPORT_LIMITS, maxRows: 1000 }
 */
export interface ImportLimits {
  /** The largest file, in bytes of UTF-8. Past it the file is refused (`file-too-large`). */
  readonly maxBytes: number
  /** The most contacts (CSV rows after the header, vCard cards). Past it the file is refused (`too-many-rows`). */
  readonly maxRows: number
  /** The most fields in a row (CSV cells, vCard properties of a card). Past it the row is refused (`too-many-fields`); a CSV header past it refuses the file. */
  readonly maxFieldsPerRow: number
  /** The longest line, in characters. A row or card with a longer line is refused (`line-too-long`). */
  readonly maxLineLength: number
}

/**
 * The default bounds: 16 MiB, 50,000 contacts, 500 fields a row, lines of 100,000 characters
 * (a vCard photo inlined on one line fits; longer lines are not contact data).
 * @example DEFAULT_IMPORT_LIMITS.maxRows // 50000
 */
export const DEFAULT_IMPORT_LIMITS: ImportLimits = Object.freeze({
  maxBytes: 16 * 1024 * 1024,
  maxRows: 50_000,
  maxFieldsPerRow: 500,
  maxLineLength: 100_000,
})

/** The limits of an import: the defaults, overridden. Each must be a positive integer. @internal */
export const resolveLimits = (limits: Partial<ImportLimits> | undefined): E.Either<ImportError, ImportLimits> => {
  const out = { ...DEFAULT_IMPORT_LIMITS }
  for (const key of Object.keys(DEFAULT_IMPORT_LIMITS) as Array<keyof ImportLimits>) {
    const v = limits?.[key]
    if (v === undefined) continue
    if (!Number.isSafeInteger(v) || v < 1) return E.left(ImportErrors.invalidOptions(`limits.${key}`))
    out[key] = v
  }
  return E.right(out)
}

/** The UTF-8 length of a string. @internal */
export const utf8Length = (s: string): number => {
  let n = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x80) n += 1
    else if (c < 0x800) n += 2
    else if (c >= 0xd800 && c <= 0xdbff && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4
      i++
    } else n += 3
  }
  return n
}

/**
 * The text of a file: a string as it is, bytes decoded as UTF-8 (refused when they are not);
 * a leading byte-order mark removed. Its size is checked first. @internal
 */
export const readText = (input: string | Uint8Array, limits: ImportLimits): E.Either<ImportError, string> => {
  if (typeof input === 'string') {
    const size = utf8Length(input)
    if (size > limits.maxBytes) return E.left(ImportErrors.fileTooLarge(size, limits.maxBytes))
    return E.right(input.charCodeAt(0) === 0xfeff ? input.slice(1) : input)
  }
  if (!(input instanceof Uint8Array)) return E.left(ImportErrors.invalidOptions('input'))
  if (input.length > limits.maxBytes) return E.left(ImportErrors.fileTooLarge(input.length, limits.maxBytes))
  try {
    // `ignoreBOM: false` (the default) drops a leading byte-order mark.
    return E.right(new TextDecoder('utf-8', { fatal: true }).decode(input))
  } catch {
    return E.left(ImportErrors.notUtf8())
  }
}

/**
 * The physical lines of a text: where each begins, and which are too long. Lines end at
 * CRLF, LF or CR. @internal
 */
export interface LineIndex {
  /** The offset each line begins at; line `n` (1-based) begins at `starts[n - 1]`. */
  readonly starts: readonly number[]
  /** The 1-based numbers of the lines longer than the limit, ascending. */
  readonly long: readonly number[]
}

/** Indexes the lines of a text. @internal */
export const indexLines = (text: string, maxLineLength: number): LineIndex => {
  const starts = [0]
  const long: number[] = []
  let start = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c !== 10 && c !== 13) continue
    if (i - start > maxLineLength) long.push(starts.length)
    if (c === 13 && text.charCodeAt(i + 1) === 10) i++
    start = i + 1
    starts.push(start)
  }
  if (text.length - start > maxLineLength) long.push(starts.length)
  return { starts, long }
}

/** The 1-based line an offset of the text is on. @internal */
export const lineAt = (index: LineIndex, offset: number): number => {
  let lo = 0
  let hi = index.starts.length - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if ((index.starts[mid] as number) <= offset) lo = mid
    else hi = mid - 1
  }
  return lo + 1
}

/** The first too-long line in `from … to` (1-based, inclusive), if any. @internal */
export const longLineIn = (index: LineIndex, from: number, to: number): number | undefined => {
  for (const n of index.long) {
    if (n > to) return undefined
    if (n >= from) return n
  }
  return undefined
}
