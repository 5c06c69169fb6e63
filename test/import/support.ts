import { readFileSync } from 'node:fs'
import * as E from 'fp-ts/lib/Either.js'
import { expect } from 'vitest'
import type { AddContact, RecordPersonalDate, SetConsent } from '../../src/index.js'
import type { ImportedRow, ImportReport, ImportRow, RefusedRow } from '../../src/import/index.js'
import { ROOT } from '../support/run-example.js'

/** A fixture's text (or bytes). */
export const fixture = (name: string): string => readFileSync(`${ROOT}test/import/fixtures/${name}`, 'utf8')
export const fixtureBytes = (name: string): Uint8Array => new Uint8Array(readFileSync(`${ROOT}test/import/fixtures/${name}`))

/** The report of a Right, failing the test on a Left. */
export const reportOf = (r: E.Either<unknown, ImportReport>): ImportReport => {
  if (E.isLeft(r)) expect.fail(`the import was refused: ${JSON.stringify(r.left)}`)
  return r.right
}

export const imported = (row: ImportRow | undefined): ImportedRow => {
  if (row?.status !== 'imported') expect.fail(`not imported: ${JSON.stringify(row)}`)
  return row
}

export const refusedRow = (row: ImportRow | undefined): RefusedRow => {
  if (row?.status !== 'refused') expect.fail(`not refused: ${JSON.stringify(row)}`)
  return row
}

/** The AddContact of an imported row. */
export const added = (row: ImportRow | undefined): AddContact => {
  const c = imported(row).commands[0]
  if (c?.type !== 'AddContact') expect.fail('the first command is not AddContact')
  return c
}

/** The personal dates an imported row records, by kind. */
export const datesOf = (row: ImportRow | undefined): Record<string, string> =>
  Object.fromEntries(
    imported(row)
      .commands.filter((c): c is RecordPersonalDate => c.type === 'RecordPersonalDate')
      .map((c) => [c.kind, c.date]),
  )

/** The channels an imported row refuses. */
export const refusedChannels = (row: ImportRow | undefined): string[] =>
  imported(row)
    .commands.filter((c): c is SetConsent => c.type === 'SetConsent')
    .map((c) => c.channel)

/** A CSV cell as RFC 4180 writes it: quoted when it holds a comma, a quote or a line break. */
const cell = (v: string): string => (/[",\r\n]/.test(v) || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v)

/** A CSV file (CRLF) from a header and rows. */
export const writeCsv = (header: readonly string[], rows: ReadonlyArray<readonly string[]>): string =>
  [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n'
