/**
 * Cases of the PostgreSQL example adapter beyond the port's contract, run on PGlite and (with
 * DATABASE_URL) on a server: how corruption and unstorable text surface, the unique-violation
 * safety net, the database's clock, and a reader that never skips a late commit.
 */
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import {
  checkNetwork,
  CorruptEventRowError,
  createEventsTable,
  listenForAppends,
  postgresCheckpointStore,
  postgresEventStore,
  snapshotSource,
  SQL,
  UnstorableTextError,
  type SqlDatabase,
  type SqlResult,
  type SqlSession,
} from '../../examples/postgres-event-store/index.js'
import { decodeEvent, erasureScope, scrubEvent, type RelationshipEvent } from '../../src/events/index.js'
import { networkProjection, projectionRunner } from '../../src/projections/index.js'
import { foldEvents, networkSnapshot } from '../../src/state/index.js'
import { contactStreamId, PROGRAMME_STREAM, streamIdOf, type AppendResult, type StoredEvent, type StreamId } from '../../src/store/index.js'
import { generateEventStream } from '../../src/testing/index.js'

/** Each case's timeout (ms). Generous: the machine may be shared with other test runs. */
export const TIMEOUT = 60_000

/**
 * The timeout (ms) of a file's `beforeAll` that opens its database. Starting PGlite compiles
 * PostgreSQL's WebAssembly: seconds on an idle machine, 20 s on a slow one, over a minute on a
 * loaded one. It is a hook of its own so that it never counts against the first case.
 */
export const BOOT_TIMEOUT = 300_000

const AT = '2026-11-26T09:00:00Z'

export const valid = (raw: Record<string, unknown>): RelationshipEvent => {
  const r = decodeEvent(raw)
  if (E.isLeft(r)) throw new Error(r.left.message)
  return r.right
}

export const rated = (id: string, contactId: string, score = 3): RelationshipEvent =>
  valid({ id, type: 'ContactRated', at: AT, schema: 1, contactId, score })

export const added = (id: string, contactId: string, extra: Record<string, unknown> = {}): RelationshipEvent =>
  valid({ id, type: 'ContactAdded', at: AT, schema: 1, contactId, name: 'Ada', met: true, ...extra })

export const ok = <L>(r: E.Either<L, AppendResult>): AppendResult => {
  if (E.isLeft(r)) throw new Error(`expected a success, got ${JSON.stringify(r.left)}`)
  return r.right
}

/** The tables of schema.sql (and the demo read model, and the KPI workers'), dropped by `resetEventsTable`. */
export const TABLES = ['events', 'erased_contacts', 'projection_checkpoints', 'snapshots', 'contact_summaries', 'read_model_progress', 'kpi_partials', 'kpi_events_applied'] as const

/** Drops and recreates the tables: an empty store for a case. */
export const resetEventsTable = async (db: SqlDatabase): Promise<void> => {
  await db.exec(`DROP TABLE IF EXISTS ${TABLES.join(', ')}`)
  await createEventsTable(db)
}

/** A statement of a case that already ended (it timed out and went on in the background). */
export class CaseOverError extends Error {
  override readonly name = 'CaseOverError'
  constructor() {
    super('this test case is over (it timed out): its statements are refused so that they cannot reach the next case')
  }
}

/** How long `fresh()` waits for the previous case's statements in flight before it gives up (ms). */
const SETTLE_TIMEOUT = 45_000

const settleWithin = async (work: Promise<unknown>, ms: number): Promise<void> => {
  let timer: ReturnType<typeof setTimeout> | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`the previous case's statements were still running after ${ms} ms: not resetting the table under them`)),
      ms,
    )
  })
  try {
    await Promise.race([work, late])
  } finally {
    clearTimeout(timer)
  }
}

/** The statements of one case: refused once it is over, and those in flight awaited. */
const caseFence = () => {
  let over = false
  const inFlight = new Set<Promise<void>>()
  const track = <A,>(start: () => Promise<A>): Promise<A> => {
    if (over) return Promise.reject(new CaseOverError())
    const running = start()
    // Only for waiting, and it never rejects: the caller handles `running`'s own outcome.
    const done = (): void => {
      inFlight.delete(settled)
    }
    const settled: Promise<void> = running.then(done, done)
    inFlight.add(settled)
    return running
  }
  const session = (s: SqlSession): SqlSession => ({ query: (text, params) => track(() => s.query(text, params)) })
  const database = (db: SqlDatabase): SqlDatabase => ({
    ...session(db),
    exec: (script) => track(() => db.exec(script)),
    // Statements of a transaction in flight are refused too: it rolls back, and settles.
    transaction: (work) => track(() => db.transaction((tx) => work(session(tx)))),
    listen: (channel, onNotify) => track(() => db.listen(channel, onNotify)),
  })
  const end = async (): Promise<void> => {
    over = true
    // A settling statement may have started another one (the rest of a transaction).
    while (inFlight.size > 0) await Promise.all([...inFlight])
  }
  return { database, end }
}

/**
 * A fresh, empty database for each case, isolated from the cases before it. vitest gives up on
 * a case that times out but cannot stop it: its appends go on in the background, and would
 * write into the next case's table. So `fresh()` first ends the previous case — its statements
 * not yet sent are refused with `CaseOverError`, those in flight are awaited (a transaction in
 * flight rolls back) — and only then empties the table. `fence(db)` puts another database (a
 * second pool on the same table) under the current case's fence; `end()` ends the last case
 * (call it in `afterAll`, before closing the connection).
 */
export const isolatedCases = (open: () => SqlDatabase | Promise<SqlDatabase>) => {
  let current: ReturnType<typeof caseFence> | undefined
  const end = async (): Promise<void> => {
    const last = current
    current = undefined
    if (last !== undefined) await settleWithin(last.end(), SETTLE_TIMEOUT)
  }
  return {
    fresh: async (): Promise<SqlDatabase> => {
      await end()
      const fence = caseFence()
      current = fence
      const db = fence.database(await open())
      await resetEventsTable(db)
      return db
    },
    fence: (db: SqlDatabase): SqlDatabase => {
      if (current === undefined) throw new Error('isolatedCases: fence() outside a case (call fresh() first)')
      return current.database(db)
    },
    end,
  }
}

/**
 * A database that counts unique violations and can lie about what an append reads, to stand
 * for a writer that bypassed the lock between the reads and the insert (PGlite has one
 * connection, so no real writer can get in there).
 */
export const tapped = (db: SqlDatabase) => {
  const tap = {
    uniqueViolations: 0,
    /** In how many more appends to read the stream's version as 0. */
    hideVersion: 0,
    /** In how many more appends to read no stored row for the batch's ids. */
    hideStoredIds: 0,
    /** Run just before each INSERT of an append (inside its transaction). */
    beforeInsert: undefined as (() => Promise<void>) | undefined,
  }
  const wrap = (s: SqlSession): SqlSession => ({
    query: async <R,>(text: string, params?: readonly unknown[]): Promise<SqlResult<R>> => {
      try {
        if (text === SQL.context && tap.hideVersion > 0) {
          tap.hideVersion--
          const { rows } = await s.query<Record<string, unknown>>(text, params)
          return { rows: rows.map((row) => ({ ...row, versions: '{}' })) as R[] }
        }
        if (text === SQL.storedWithIds && tap.hideStoredIds > 0) {
          tap.hideStoredIds--
          return { rows: [] }
        }
        if (text === SQL.insert) await tap.beforeInsert?.()
        return await s.query<R>(text, params)
      } catch (error) {
        if ((error as { code?: unknown }).code === '23505') tap.uniqueViolations++
        throw error
      }
    },
  })
  const wrapped: SqlDatabase = {
    ...wrap(db),
    exec: (script) => db.exec(script),
    transaction: (work) => db.transaction((tx) => work(wrap(tx))),
    listen: (channel, onNotify) => db.listen(channel, onNotify),
  }
  return { tap, db: wrapped }
}

/** Rejection of a promise, or a failure if it resolved. */
export const rejection = async (p: Promise<unknown>): Promise<unknown> =>
  p.then(
    (v) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(v)}`)
    },
    (e: unknown) => e,
  )

/**
 * The adapter's own cases on a database that `fresh` empties (and returns) for each case.
 */
export const postgresAdapterCases = (name: string, fresh: () => Promise<SqlDatabase>, skip = false): void => {
  describe.skipIf(skip)(name, () => {
    it('creates the table idempotently; recorded_at is the database clock, one value per append', async () => {
      const db = await fresh()
      await createEventsTable(db)
      const store = postgresEventStore(db)
      ok(await store.append(contactStreamId('c1'), [added('t/1', 'c1'), rated('t/2', 'c1')], 'no-stream'))
      const { rows } = await db.query<{ type: string; recorded_at: unknown; same: boolean }>(
        `SELECT type, recorded_at, recorded_at = min(recorded_at) OVER () AS same FROM events ORDER BY position`,
      )
      expect(rows.map((r) => [r.type, r.recorded_at instanceof Date, r.same])).toEqual([
        ['ContactAdded', true, true],
        ['ContactRated', true, true],
      ])
    }, TIMEOUT)

    it('a row that does not decode rejects the reads (and an append that needs it) with CorruptEventRowError', async () => {
      const db = await fresh()
      const store = postgresEventStore(db)
      ok(await store.append(contactStreamId('c1'), [rated('k/1', 'c1')], 'no-stream'))
      // A hand edit: a score outside 1–5, and a personal value that must not reach the message.
      await db.query(`UPDATE events SET payload = payload || '{"score": 9, "secret": "Ada Lovelace"}'::jsonb WHERE event_id = 'k/1'`)
      // One at a time: a read started before the previous one was awaited would reject with
      // no handler yet (an unhandled rejection), or outlive the case if an expectation failed.
      const reads = [() => store.readAll(), () => store.readStream(contactStreamId('c1')), () => store.append(contactStreamId('c1'), [rated('k/1', 'c1')], 1)]
      for (const read of reads) {
        const error = await rejection(read())
        expect(error).toBeInstanceOf(CorruptEventRowError)
        const e = error as CorruptEventRowError
        expect([e.position, e.eventId]).toEqual(['1', 'k/1'])
        expect(e.message).toMatch(/position 1 .*k\/1.*score: expected an integer 1–5/)
        expect(e.message).not.toMatch(/Ada|9/)
      }
      // A row in a stream its event does not belong to is corrupt too.
      await db.query(`UPDATE events SET payload = (payload - 'secret') || '{"score": 2, "contactId": "c2"}'::jsonb WHERE event_id = 'k/1'`)
      expect(((await rejection(store.readAll())) as Error).message).toMatch(/belongs to contact-c2, not to stream_id/)
    }, TIMEOUT)

    it('decodes a batch before anything reads it: text PostgreSQL cannot store is refused as invalid-event, a stream id as UnstorableTextError', async () => {
      const db = await fresh()
      const store = postgresEventStore(db)
      // Hand-built events, as a host that skips decoding might pass them: the decoder refuses
      // U+0000 and unpaired surrogates, so the store answers with the port's conflict (nothing
      // of this store's own reads or encodes an event that did not decode first).
      const raw = (id: string, extra: Record<string, unknown>) => ({ ...added(id, 'c1'), ...extra }) as RelationshipEvent
      const cases: [RelationshipEvent, string][] = [
        [raw('u/1', { notes: 'before\u0000after' }), 'notes'],
        [raw('u/2', { name: 'Ada \ud83d' }), 'name'],
        [raw('u/3', { address: { lines: ['ok', '\udc00'] } }), 'address.lines'],
      ]
      for (const [event, path] of cases) {
        const r = await store.append(contactStreamId('c1'), [event], 'any')
        expect(r).toMatchObject({ _tag: 'Left', left: { _tag: 'invalid-event', streamId: contactStreamId('c1'), eventId: event.id, index: 0 } })
        expect((r as E.Left<{ message: string }>).left.message).toContain(path)
        // Through appendMany too.
        const many = await store.appendMany([{ streamId: contactStreamId('c1'), expected: 'any', events: [event] }])
        expect(many).toMatchObject({ _tag: 'Left', left: { _tag: 'invalid-event', eventId: event.id } })
      }
      expect(await store.readAll()).toEqual([])
      // A stream id PostgreSQL cannot hold is this store's own error, before any I/O.
      const error = await rejection(store.append('contact-\u0000' as StreamId, [], 'any'))
      expect(error).toBeInstanceOf(UnstorableTextError)
      expect([(error as UnstorableTextError).eventId, (error as UnstorableTextError).path]).toEqual([undefined, 'streamId'])
      // A well-formed pair (an emoji) is fine.
      ok(await store.append(contactStreamId('c1'), [added('u/4', 'c1', { name: 'Ada 😀' })], 'no-stream'))
      expect((await store.readAll()).map((s) => s.event)).toEqual([added('u/4', 'c1', { name: 'Ada 😀' })])
      expect(await store.readStream('contact-\u0000')).toEqual([])
    }, TIMEOUT)

    // The shared planAppend runs every event of a batch through decodeEvent: before it did,
    // this store wrote such an event, and every read after it rejected (CorruptEventRowError).
    it('refuses a batch holding an event that would not decode (invalid-event): nothing stored, reads still work', async () => {
      const db = await fresh()
      const store = postgresEventStore(db)
      const s = contactStreamId('c1')
      ok(await store.append(s, [added('i/1', 'c1')], 'no-stream'))
      const before = await store.readAll()
      // A typed value that was never decoded: a score outside 1–5.
      const undecodable = { ...rated('i/3', 'c1'), score: 7 } as unknown as RelationshipEvent
      for (const expected of [1, 'any'] as const) {
        const r = await store.append(s, [rated('i/2', 'c1'), undecodable], expected)
        expect(E.isLeft(r)).toBe(true)
        expect(r).toMatchObject({ _tag: 'Left', left: { _tag: 'invalid-event', streamId: s, index: 1 } })
        const conflict = (r as unknown as E.Left<Record<string, unknown>>).left
        if (conflict['eventId'] !== undefined) expect(conflict['eventId']).toBe('i/3')
        expect(typeof conflict['message']).toBe('string')
        expect(Array.isArray(conflict['issues']) && conflict['issues'].length > 0).toBe(true)
      }
      // Also as the first event of a new stream.
      expect(await store.append(contactStreamId('c2'), [{ ...undecodable, contactId: 'c2' } as RelationshipEvent, added('i/4', 'c2')], 'no-stream')).toMatchObject({
        _tag: 'Left',
        left: { _tag: 'invalid-event', streamId: contactStreamId('c2'), index: 0 },
      })
      // Nothing of the batches was stored (not even their valid events), and both reads work.
      expect(await store.readAll()).toEqual(before)
      expect((await store.readStream(s)).map((x) => x.event.id)).toEqual(['i/1'])
      expect(await store.readStream(contactStreamId('c2'))).toEqual([])
      const { rows } = await db.query<{ n: unknown }>('SELECT count(*)::int AS n FROM events')
      expect(rows).toEqual([{ n: 1 }])
      // The stream's version did not move: the valid event alone appends at version 1.
      expect(ok(await store.append(s, [rated('i/2', 'c1')], 1))).toEqual({ streamId: s, nextExpectedVersion: 2, positions: [2], written: 1 })
    }, TIMEOUT)

    it('safety net: an insert that hits a unique constraint is planned again, and the rules answer', async () => {
      const { tap, db } = tapped(await fresh())
      const store = postgresEventStore(db)
      const s = contactStreamId('c1')
      ok(await store.append(s, [added('n/1', 'c1'), rated('n/2', 'c1')], 'no-stream'))

      // The version read stale: the insert collides on (stream_id, stream_version).
      tap.hideVersion = 1
      expect(await store.append(s, [rated('n/3', 'c1')], 'no-stream')).toEqual(
        E.left({ _tag: 'wrong-expected-version', streamId: s, expected: 'no-stream', actual: 2 }),
      )
      expect(tap.uniqueViolations).toBe(1)
      // With 'any' there is no version to guard: planned again, it is written after the rest.
      tap.hideVersion = 1
      expect(ok(await store.append(s, [rated('n/4', 'c1')], 'any'))).toEqual({ streamId: s, nextExpectedVersion: 3, positions: [3], written: 1 })
      expect(tap.uniqueViolations).toBe(2)

      // The stored ids read stale: the insert collides on event_id.
      tap.hideStoredIds = 1
      expect(ok(await store.append(s, [rated('n/2', 'c1')], 3))).toEqual({ streamId: s, nextExpectedVersion: 2, positions: [2], written: 0 })
      tap.hideStoredIds = 1
      expect(await store.append(s, [rated('n/2', 'c1', 5)], 3)).toEqual(E.left({ _tag: 'duplicate-event-id', streamId: s, eventId: 'n/2', index: 0 }))
      expect(tap.uniqueViolations).toBe(4)

      // A collision on every try is not a domain outcome: after 3 tries the driver's error rejects.
      tap.hideVersion = 99
      const error = await rejection(store.append(s, [rated('n/5', 'c1')], 'any'))
      expect([(error as { code?: unknown }).code, tap.uniqueViolations]).toEqual(['23505', 7])
      tap.hideVersion = 0
      expect((await store.readStream(s)).map((x) => [x.streamVersion, x.position, x.event.id])).toEqual([
        [1, 1, 'n/1'],
        [2, 2, 'n/2'],
        [3, 3, 'n/4'],
      ])
    }, TIMEOUT)

    it('erase rewrites every event that names the contact through scrubEvent, in place, in one transaction; the rest stays', async () => {
      const db = await fresh()
      const store = postgresEventStore(db)
      const [c1, c2] = [contactStreamId('c1'), contactStreamId('c2')]
      const profile = added('x/1', 'c1', { emails: ['ada@example.com'], notes: 'met at the fair' })
      ok(await store.append(c1, [profile, rated('x/2', 'c1'), valid({ id: 'x/3', type: 'ContactErased', at: AT, schema: 1, contactId: 'c1' })], 'no-stream'))
      const referral = valid({ id: 'x/5', type: 'ReferralReceived', at: AT, schema: 1, contactId: 'c2', referralId: 'r1', refereeId: 'c1', note: 'Ada needs a lender' })
      const own = valid({ id: 'x/6', type: 'TouchLogged', at: AT, schema: 1, contactId: 'c2', kind: 'call', channel: 'phone', on: '2026-11-20', note: 'Bo asked about rates' })
      ok(await store.append(c2, [added('x/4', 'c2', { notes: 'Bo likes golf' }), referral, own], 'no-stream'))
      const before = await store.readAll()

      const r = await store.erase('c1')
      expect(r).toEqual(E.right({ contactId: 'c1', rewritten: 3 }))
      const after = await store.readAll()
      // Ids, types, streams, versions and positions stay; the personal data about c1 goes, c2's own stays.
      expect(after.map((x) => [x.position, x.streamId, x.streamVersion, x.event.id, x.event.type])).toEqual(
        before.map((x) => [x.position, x.streamId, x.streamVersion, x.event.id, x.event.type]),
      )
      const json = JSON.stringify(after)
      expect(json).not.toMatch(/ada@example|the fair|lender/)
      expect(json).toMatch(/Bo likes golf/)
      expect(json).toMatch(/Bo asked about rates/)
      // Each rewritten row is exactly scrubEvent of what was stored, and is marked redacted.
      const scope = erasureScope(['c1'], before.map((x) => x.event))
      expect(after.map((x) => x.event)).toEqual(before.map((x) => scrubEvent(x.event, scope)))
      expect(after.filter((x) => x.event.redacted === true).map((x) => x.event.id)).toEqual(['x/1', 'x/2', 'x/5'])
      // The same state, folded from the rewritten log; again: nothing more to rewrite.
      expect(networkSnapshot(foldEvents(after.map((x) => x.event)))).toEqual(networkSnapshot(foldEvents(before.map((x) => x.event))))
      expect(await store.erase('c1')).toEqual(E.right({ contactId: 'c1', rewritten: 0 }))
      const { rows } = await db.query<{ contact_id: string }>('SELECT contact_id FROM erased_contacts')
      expect(rows).toEqual([{ contact_id: 'c1' }])

      // A retry of the original profile is recognised as the stored (rewritten) event: it
      // succeeds and writes nothing — the personal data does not come back.
      expect(ok(await store.append(c1, [profile], 'any'))).toEqual({ streamId: c1, nextExpectedVersion: 1, positions: [1], written: 0 })
      const many = await store.appendMany([{ streamId: c1, expected: 0, events: [profile] }])
      expect(E.isRight(many) ? many.right.map((x) => [x.written, x.positions]) : many.left._tag).toEqual([[0, [1]]])
      expect(JSON.stringify(await store.readAll())).not.toMatch(/ada@example/)
      // The same id with other content (beyond the personal fields the erasure removed) is still a conflict.
      expect(await store.append(c1, [added('x/1', 'c1', { met: false })], 'any')).toEqual(E.left({ _tag: 'duplicate-event-id', streamId: c1, eventId: 'x/1', index: 0 }))
    }, TIMEOUT)

    it('erase is refused until the contact is erased by an event; a contact id no stream can hold is refused too', async () => {
      const db = await fresh()
      const store = postgresEventStore(db)
      ok(await store.append(contactStreamId('c1'), [added('y/1', 'c1')], 'no-stream'))
      expect(await store.erase('c1')).toEqual(E.left({ _tag: 'not-erased', contactId: 'c1' }))
      expect(await store.erase('nobody')).toEqual(E.left({ _tag: 'not-erased', contactId: 'nobody' }))
      expect(await store.erase('')).toEqual(E.left({ _tag: 'not-erased', contactId: '' }))
      expect(await store.erase('a\u0000b')).toEqual(E.left({ _tag: 'not-erased', contactId: 'a\u0000b' }))
      expect((await db.query('SELECT * FROM erased_contacts')).rows).toEqual([])
    }, TIMEOUT)

    it('erase holds the appends\' lock: an append waiting behind it plans against the rewritten log', async () => {
      const { tap, db } = tapped(await fresh())
      const store = postgresEventStore(db)
      const c1 = contactStreamId('c1')
      const profile = added('z/1', 'c1', { notes: 'private' })
      ok(await store.append(c1, [profile, valid({ id: 'z/2', type: 'ContactErased', at: AT, schema: 1, contactId: 'c1' })], 'no-stream'))
      // Both in flight at once: whichever order the lock gives them, the retry writes nothing.
      const [erased, retried] = await Promise.all([store.erase('c1'), store.append(c1, [profile], 'any')])
      expect(E.isRight(erased)).toBe(true)
      expect(ok(retried).written).toBe(0)
      expect(JSON.stringify(await store.readAll())).not.toMatch(/private/)
      expect(tap.uniqueViolations).toBe(0)
    }, TIMEOUT)

    it('a reader paging all while appends commit never skips one: positions arrive contiguous', async () => {
      const { tap, db } = tapped(await fresh())
      const store = postgresEventStore(db)
      const appends = Array.from({ length: 60 }, (_, k) => store.append(contactStreamId(`r${k % 6}`), [rated(`r/${k}/a`, `r${k % 6}`), rated(`r/${k}/b`, `r${k % 6}`)], 'any'))
      let done = false
      // Never rejects, and is awaited whatever the reader does: no append outlives the case
      // or rejects unhandled.
      const all = Promise.allSettled(appends).then((results) => {
        done = true
        return results
      })
      const seen: StoredEvent[] = []
      const gaps: string[] = []
      try {
        for (let finished = false; !finished; ) {
          finished = done
          const from = (seen.at(-1)?.position ?? 0) + 1
          const page = await store.readAll({ fromPosition: from, limit: 7 })
          page.forEach((x, i) => {
            if (x.position !== from + i) gaps.push(`expected ${from + i}, read ${x.position}`)
          })
          seen.push(...page)
          if (page.length > 0) finished = false
        }
      } finally {
        await all
      }
      for (const r of await all) {
        if (r.status === 'rejected') throw r.reason
        ok(r.value)
      }
      expect(gaps).toEqual([])
      expect(seen.map((x) => x.position)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1))
      expect(tap.uniqueViolations).toBe(0)
    }, TIMEOUT)
  })
}

/** The network the contract runs in, when other networks share the table. */
export const CROWDED_NETWORK = 'north'

/**
 * Fills the networks `south` and `default` with a log that reuses the ids the contract uses
 * (streams c1…c9 and the programme, event ids p/…, v/…, a referral r-1), erases one of
 * south's contacts, and returns the rows of those networks: a store of another network must
 * neither see them nor change them.
 */
export const crowd = async (db: SqlDatabase): Promise<readonly unknown[]> => {
  for (const network of ['south', 'default']) {
    const store = postgresEventStore(db, { network })
    const log = [
      added('p/1', 'c1'),
      rated('p/2', 'c1'),
      added('p/3', 'c2'),
      added('v/1', 'c3'),
      valid({ id: 'v/9', type: 'ReferralReceived', at: AT, schema: 1, contactId: 'c1', referralId: 'r-1', refereeId: 'c2', source: 'dinner' }),
      valid({ id: 'v/16', type: 'CostRecorded', at: AT, schema: 1, category: 'event', amount: { amount: 250, currency: 'JPY' } }),
      valid({ id: 'p/9', type: 'ContactErased', at: AT, schema: 1, contactId: 'c2' }),
      ...generateEventStream({ seed: network.length, contacts: 9, events: 60 }).map((e) => (e.contactId === undefined ? e : ({ ...e, id: `g/${e.id}` } as RelationshipEvent))),
    ]
    for (const e of log) {
      const r = await store.append(streamIdOf(e), [e], 'any')
      if (E.isLeft(r)) throw new Error(`crowd: ${JSON.stringify(r.left)}`)
    }
    if (network === 'south') expect(E.isRight(await store.erase('c2'))).toBe(true)
  }
  return othersRows(db)
}

/** Every row of the networks `crowd` fills, in a fixed order. */
export const othersRows = async (db: SqlDatabase): Promise<readonly unknown[]> =>
  (
    await db.query(
      `SELECT network, position, stream_id, stream_version, event_id, payload::text AS payload FROM events WHERE network <> $1 ORDER BY network, position`,
      [CROWDED_NETWORK],
    )
  ).rows

/**
 * One table, many networks: each network's streams, positions and ids are its own, and
 * nothing a store of one network does reads or changes another's.
 */
export const postgresNetworkCases = (name: string, fresh: () => Promise<SqlDatabase>, skip = false): void => {
  describe.skipIf(skip)(name, () => {
    it('the same stream ids and event ids live in two networks, each with its own versions and positions', async () => {
      const db = await fresh()
      const north = postgresEventStore(db, { network: 'north' })
      const south = postgresEventStore(db, { network: 'south' })
      const s = contactStreamId('c1')
      expect(ok(await north.append(s, [added('e1', 'c1'), rated('e2', 'c1')], 'no-stream'))).toEqual({ streamId: s, nextExpectedVersion: 2, positions: [1, 2], written: 2 })
      // The same ids, other content: another network's event, not a duplicate of north's.
      expect(ok(await south.append(s, [added('e1', 'c1', { name: 'Bo' })], 'no-stream'))).toEqual({ streamId: s, nextExpectedVersion: 1, positions: [1], written: 1 })
      // Versions are the network's: south's stream is at 1 whatever north's is.
      expect(await south.append(s, [rated('e3', 'c1')], 2)).toEqual(E.left({ _tag: 'wrong-expected-version', streamId: s, expected: 2, actual: 1 }))
      ok(await south.append(s, [rated('e2', 'c1', 5)], 1))
      expect((await north.readAll()).map((x) => [x.position, x.event.id, x.event.type === 'ContactAdded' ? x.event.name : ''])).toEqual([
        [1, 'e1', 'Ada'],
        [2, 'e2', ''],
      ])
      expect((await south.readAll()).map((x) => [x.position, x.event.id, x.event.type === 'ContactAdded' ? x.event.name : ''])).toEqual([
        [1, 'e1', 'Bo'],
        [2, 'e2', ''],
      ])
      expect((await south.readStream(s, { fromVersion: 2 })).map((x) => x.event)).toEqual([rated('e2', 'c1', 5)])
      // A network with no events reads nothing.
      expect(await postgresEventStore(db, { network: 'west' }).readAll()).toEqual([])
      expect(await postgresEventStore(db, { network: 'west' }).readStream(s)).toEqual([])
    }, TIMEOUT)

    it('appends, appendMany and erase of one network leave every row of the others as it was', async () => {
      const db = await fresh()
      const before = await crowd(db)
      const north = postgresEventStore(db, { network: CROWDED_NETWORK })
      ok(await north.append(contactStreamId('c1'), [added('p/1', 'c1', { notes: 'private' }), rated('p/2', 'c1')], 'no-stream'))
      const many = await north.appendMany([
        { streamId: contactStreamId('c2'), expected: 'no-stream', events: [added('p/3', 'c2')] },
        { streamId: PROGRAMME_STREAM, expected: 'any', events: [valid({ id: 'v/16', type: 'CostRecorded', at: AT, schema: 1, category: 'gift', amount: { amount: 1, currency: 'USD' } })] },
      ])
      expect(E.isRight(many)).toBe(true)
      ok(await north.append(contactStreamId('c1'), [valid({ id: 'p/9', type: 'ContactErased', at: AT, schema: 1, contactId: 'c1' })], 2))
      expect(await north.erase('c1')).toEqual(E.right({ contactId: 'c1', rewritten: 2 }))
      // c2 was erased in south only: north has not erased it.
      expect(await north.erase('c2')).toEqual(E.left({ _tag: 'not-erased', contactId: 'c2' }))
      expect(await othersRows(db)).toEqual(before)
      expect((await north.readAll()).map((x) => x.position)).toEqual([1, 2, 3, 4, 5])
      expect(JSON.stringify(await north.readAll())).not.toMatch(/private/)
      // The erasure's record is north's alone; south's erasure of c2 is south's.
      const { rows } = await db.query<{ network: string; contact_id: string }>('SELECT network, contact_id FROM erased_contacts ORDER BY network, contact_id')
      expect(rows).toEqual([
        { network: 'north', contact_id: 'c1' },
        { network: 'south', contact_id: 'c2' },
      ])
    }, TIMEOUT)

    it('each network has its own checkpoints and snapshots; notifications name the network', async () => {
      const db = await fresh()
      await crowd(db)
      const north = postgresEventStore(db, { network: CROWDED_NETWORK })
      const events = generateEventStream({ seed: 8, contacts: 5, events: 80 })
      for (const e of events) ok(await north.append(streamIdOf(e), [e], 'any'))
      for (const network of [CROWDED_NETWORK, 'south']) {
        const runner = projectionRunner({
          store: postgresEventStore(db, { network }),
          projection: networkProjection,
          checkpoints: postgresCheckpointStore(db, { network }),
        })
        const r = await runner.catchUp()
        if (E.isLeft(r)) throw new Error(r.left.message)
      }
      const northSnapshot = await snapshotSource(db, 'touchbase.network', CROWDED_NETWORK)()
      const southSnapshot = await snapshotSource(db, 'touchbase.network', 'south')()
      expect(networkSnapshot(northSnapshot?.state as never)).toEqual(networkSnapshot(foldEvents(events)))
      expect(northSnapshot?.position).toBe(events.length)
      expect(southSnapshot?.position).toBe((await postgresEventStore(db, { network: 'south' }).readAll()).length)
      expect(await snapshotSource(db, 'touchbase.network', 'west')()).toBeUndefined()

      // A listener of one network is woken by its appends only.
      const stop = new AbortController()
      const wakeups: string[] = []
      const listening = (async () => {
        for await (const why of listenForAppends(db, { network: 'south', pollMs: 3_600_000, signal: stop.signal })) {
          wakeups.push(why)
          stop.abort()
        }
      })()
      await new Promise((r) => setTimeout(r, 300))
      ok(await north.append(contactStreamId('c1'), [rated('late/1', 'c1')], 'any'))
      await new Promise((r) => setTimeout(r, 500))
      expect(wakeups).toEqual([])
      ok(await postgresEventStore(db, { network: 'south' }).append(contactStreamId('c1'), [rated('late/2', 'c1')], 'any'))
      await listening
      expect(wakeups).toEqual(['notified'])
    }, TIMEOUT)

    it('a network name is checked before any I/O', () => {
      for (const bad of ['', 'a\u0000b', '\ud800', 'x'.repeat(201), 7]) expect(() => checkNetwork(bad)).toThrow(RangeError)
      expect(() => postgresEventStore({} as SqlDatabase, { network: '' })).toThrow(RangeError)
      expect(checkNetwork('team north/east')).toBe('team north/east')
    })
  })
}
