/**
 * An import in one call: the commands of a report run through `decide`, row by row, against
 * a state — pure: the state in, the events and a result for every row out. A row's commands
 * all go in or none does; a contact the state already has is `already-imported`.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { TouchbaseError } from '../core/errors.js'
import { decide, type DecisionContext, type DomainErrorCode } from '../decisions/index.js'
import { DomainErrors } from '../decisions/errors.js'
import type { RelationshipEvent } from '../events/index.js'
import { foldEvents, type NetworkState } from '../state/index.js'
import type { ImportErrorCode } from './errors.js'
import type { ImportReport } from './report.js'

/**
 * The result of a row run against a state:
 *
 * - `imported`: its events (to append, in order);
 * - `already-imported`: the state has its contact (an earlier import of the same address
 *   book): nothing is written — an import never changes a contact it finds;
 * - `refused`: refused by the import (see the report) or by `decide` (a contact erased by
 *   the right to be forgotten is not brought back: `contact-erased`); nothing is written.
 * @example if (row.status === 'already-imported') console.log(`line ${row.line}: ${row.contactId} is known`)
 */
export type AppliedRow =
  | {
      readonly status: 'imported'
      readonly line: number
      readonly card?: number
      readonly contactId: string
      readonly events: readonly RelationshipEvent[]
    }
  | { readonly status: 'already-imported'; readonly line: number; readonly card?: number; readonly contactId: string }
  | {
      readonly status: 'refused'
      readonly line: number
      readonly card?: number
      readonly field?: string
      readonly reason: ImportErrorCode | DomainErrorCode
      readonly errors: readonly TouchbaseError[]
    }

/**
 * The counts of an import run against a state.
 * @example `${s.imported} new, ${s.alreadyImported} known, ${s.refused} refused`
 */
export interface AppliedSummary {
  readonly rows: number
  readonly imported: number
  readonly alreadyImported: number
  readonly refused: number
  readonly events: number
}

/**
 * An import run against a state: the state after it, the events to append (every imported
 * row's, in file order), a result for every row and the counts.
 * @example
 * const run = applyImport(report, state, now)
 * await store.append(run.events) // the host's store
 */
export interface AppliedImport {
  readonly state: NetworkState
  readonly events: readonly RelationshipEvent[]
  readonly rows: readonly AppliedRow[]
  readonly summary: AppliedSummary
}

/**
 * Runs the commands of an import through `decide` against `state` at `now`, row by row, each
 * row seeing the rows before it. A row whose contact the state has is `already-imported`
 * (so a second import of the same file adds no one); a row `decide` refuses writes nothing.
 * Pure: nothing is appended anywhere — append `events` to your store.
 *
 * @example
 * const report = importVCard(text, { source: 'phone' })
 * if (E.isRight(report)) {
 *   const run = applyImport(report.right, state, new Date('2026-11-26T09:00:00Z'))
 *   console.log(run.summary) // { rows: 3, imported: 2, alreadyImported: 0, refused: 1, events: 5 }
 * }
 */
export const applyImport = (report: ImportReport, state: NetworkState, now: Date, context: DecisionContext = {}): AppliedImport => {
  let current = state
  const events: RelationshipEvent[] = []
  const rows: AppliedRow[] = []
  const counts = { imported: 0, alreadyImported: 0, refused: 0 }
  for (const row of report.rows) {
    const where = { line: row.line, ...(row.card === undefined ? {} : { card: row.card }) }
    if (row.status === 'refused') {
      rows.push({ status: 'refused', ...where, ...(row.field === undefined ? {} : { field: row.field }), reason: row.reason, errors: row.errors })
      counts.refused++
      continue
    }
    const known = current.contacts.get(row.contactId)
    if (known?.erased === true) {
      // Whatever the file says, a person who asked to be forgotten is not imported again.
      const erased = DomainErrors.contactErased(row.contactId)
      rows.push({ status: 'refused', ...where, reason: erased.code, errors: [erased] })
      counts.refused++
      continue
    }
    if (known !== undefined) {
      rows.push({ status: 'already-imported', ...where, contactId: row.contactId })
      counts.alreadyImported++
      continue
    }
    // All of the row's commands, or none: each decided against the state the ones before it left.
    let next = current
    const written: RelationshipEvent[] = []
    let refusal: TouchbaseError | undefined
    for (const command of row.commands) {
      const d = decide(command, next, now, context)
      if (E.isLeft(d)) {
        refusal = d.left
        break
      }
      written.push(...d.right)
      next = foldEvents(d.right, next)
    }
    if (refusal !== undefined) {
      rows.push({ status: 'refused', ...where, reason: refusal.code as DomainErrorCode, errors: [refusal] })
      counts.refused++
    } else if (written.length === 0) {
      rows.push({ status: 'already-imported', ...where, contactId: row.contactId })
      counts.alreadyImported++
    } else {
      current = next
      events.push(...written)
      rows.push({ status: 'imported', ...where, contactId: row.contactId, events: written })
      counts.imported++
    }
  }
  return { state: current, events, rows, summary: { rows: rows.length, ...counts, events: events.length } }
}
