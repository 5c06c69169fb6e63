import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { decide, foldEvents, listContacts, type Command } from '../../src/index.js'
import { applyImport, CSV_PRESETS, importCsv, importVCard, type ImportReport } from '../../src/import/index.js'
import { fixture, imported, reportOf } from './support.js'

const now = new Date('2026-11-26T09:00:00Z')
const later = new Date('2026-12-03T09:00:00Z')
const phone = () => reportOf(importVCard(fixture('phone-export.vcf'), { source: 'phone:salma', defaultCountry: 'SA' }))
const google = () => reportOf(importCsv(fixture('google-contacts.csv'), { source: 'google:ada', defaultCountry: 'US', mapping: CSV_PRESETS.google }))

describe('an import run twice adds no one', () => {
  it.each([
    ['vCard', phone],
    ['CSV', google],
  ] as const)('%s: the second run finds every contact already imported, and writes nothing', (_, read) => {
    const first = applyImport(read(), foldEvents([]), now)
    expect(first.summary.imported).toBeGreaterThan(0)
    const second = applyImport(read(), foldEvents(first.events), later)
    expect(second.summary).toEqual({
      rows: first.summary.rows,
      imported: 0,
      alreadyImported: first.summary.imported,
      refused: first.summary.refused,
      events: 0,
    })
    expect(second.events).toEqual([])
    expect(listContacts(second.state).length).toBe(listContacts(first.state).length)
  })

  it('and decide, given the second run’s commands against the first run’s state, adds no contact', () => {
    const first = applyImport(phone(), foldEvents([]), now)
    const state = foldEvents(first.events)
    for (const row of phone().rows) {
      if (row.status !== 'imported') continue
      for (const command of row.commands) {
        // The same command again is a retry: decided as nothing to write.
        expect(decide(command as Command, state, later)).toEqual(E.right([]))
      }
    }
  })
})

describe('applyImport', () => {
  it('writes each row’s commands in order, each row seeing the ones before it (a row twice in a file is one contact)', () => {
    const card = 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nEMAIL:ada@example.com\r\nBDAY:--12-10\r\nEND:VCARD\r\n'
    const r = reportOf(importVCard(card + card, { source: 's' }))
    const run = applyImport(r, foldEvents([]), now)
    expect(run.rows.map((x) => x.status)).toEqual(['imported', 'already-imported'])
    expect(run.events.map((e) => e.type)).toEqual(['ContactAdded', 'PersonalDateRecorded'])
    expect(run.events.every((e) => e.at === now.toISOString())).toBe(true)
  })

  it('writes nothing of a row a command of which decide refuses: all of a contact’s commands, or none', () => {
    const good = reportOf(importVCard('BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\nBDAY:--12-10\r\nEND:VCARD\r\n', { source: 's' }))
    const row = imported(good.rows[0])
    // A report changed by hand: its second command records a date no codec takes.
    const broken: ImportReport = { ...good, rows: [{ ...row, commands: [row.commands[0]!, { ...row.commands[1]!, date: 'someday' } as never] }] }
    const run = applyImport(broken, foldEvents([]), now)
    expect(run.rows[0]).toMatchObject({ status: 'refused', reason: 'invalid-command', line: 1 })
    expect(run.events).toEqual([])
    expect(run.state.contacts.size).toBe(0)
  })

  it('does not bring back a contact erased by the right to be forgotten', () => {
    const r = phone()
    const first = applyImport(r, foldEvents([]), now)
    const salma = imported(r.rows[0]).contactId
    const erased = decide({ type: 'EraseContact', commandId: 'erase-1', contactId: salma }, foldEvents(first.events), now)
    if (E.isLeft(erased)) throw new Error('erase refused')
    const state = foldEvents([...first.events, ...erased.right])
    const again = applyImport(r, state, later)
    expect(again.rows[0]).toMatchObject({ status: 'refused', reason: 'contact-erased', card: 1 })
    expect(again.events).toEqual([])
  })

  it('carries the import’s refusals through, and a bad now refuses every row it would write', () => {
    const run = applyImport(phone(), foldEvents([]), new Date(Number.NaN))
    expect(run.summary).toMatchObject({ imported: 0, refused: 9, events: 0 })
    expect(run.rows.filter((r) => r.status === 'refused' && r.reason === 'invalid-now').length).toBe(5)
  })
})
