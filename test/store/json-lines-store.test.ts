/**
 * The example adapter of docs/storage.md (a JSON Lines file) proves itself with the
 * contract, survives a reopen, and its text in the docs is the text tested here.
 */
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { decodeEvent } from '../../src/events/index.js'
import { eventStoreContract } from '../../src/testing/index.js'
import { jsonLinesEventStore } from './fixtures/json-lines-store.js'

const dir = mkdtempSync(join(tmpdir(), 'touchbase-store-'))
let files = 0
const freshFile = () => join(dir, `${++files}.jsonl`)

eventStoreContract(() => jsonLinesEventStore(freshFile()), { describe, it, expect }, {
  name: 'jsonLinesEventStore (docs example): contract',
  contiguousPositions: true,
  // A sketch for the docs: one file, no transaction across streams, no rewrite of its lines.
  multiStream: false,
  erasure: false,
})

describe('jsonLinesEventStore (docs example)', () => {
  it('reads back, after a reopen, what it wrote', async () => {
    const file = freshFile()
    const store = await jsonLinesEventStore(file)
    const added = decodeEvent({ id: 'e1', type: 'ContactAdded', at: '2026-11-26T09:00:00Z', schema: 1, contactId: 'c1', name: 'Ada', met: true })
    if (E.isLeft(added)) throw new Error(added.left.message)
    expect(E.isRight(await store.append('contact-c1', [added.right], 'no-stream'))).toBe(true)
    const reopened = await jsonLinesEventStore(file)
    expect(await reopened.readAll()).toEqual(await store.readAll())
    // The retry rule holds across the reopen.
    expect(await reopened.append('contact-c1', [added.right], 'no-stream')).toEqual(
      E.right({ streamId: 'contact-c1', nextExpectedVersion: 1, positions: [1], written: 0 }),
    )
  })

  it('is shown word for word in docs/storage.md', () => {
    const source = readFileSync(new URL('./fixtures/json-lines-store.ts', import.meta.url), 'utf8')
    const docs = readFileSync(new URL('../../docs/storage.md', import.meta.url), 'utf8')
    const shown = source.replace("from './touchbase.js'", "from 'touchbase'")
    expect(docs).toContain(shown.trimEnd())
  })
})
