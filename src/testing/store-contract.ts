/**
 * The conformance suite of the storage port. A host that writes its own `EventStore`
 * (PostgreSQL, SQLite, DynamoDB…) runs it in its own test runner to prove the adapter keeps
 * every rule of the port: atomic, versioned, ordered appends; typed conflicts; idempotent
 * retries; one stream per contact; events read back equal to the events appended.
 *
 * It imports no test framework: the host passes its own `describe`, `it` and
 * `expect` (vitest and jest fit as they are; `node:test` with a thin wrapper).
 */
import * as E from 'fp-ts/lib/Either.js'
import { canonicalJson } from '../core/plain.js'
import { decodeEvent, encodeEvent, type RelationshipEvent } from '../events/index.js'
import { foldEvents, networkSnapshot } from '../state/index.js'
import {
  contactStreamId,
  PROGRAMME_STREAM,
  streamIdOf,
  type AppendConflict,
  type AppendResult,
  type EventErasure,
  type EventStore,
  type MultiStreamAppend,
  type StoredEvent,
  type StreamId,
} from '../store/index.js'

/** The matchers the suite uses: the common ground of vitest, jest and most assertion libraries. */
export interface ContractMatchers {
  /** Deep equality. */
  toEqual(expected: unknown): void
  /** `Object.is` equality. */
  toBe(expected: unknown): void
}

/**
 * The host's test functions. vitest's and jest's `{ describe, it, expect }` fit as they are.
 *
 * @example
 * import { describe, it, expect } from 'vitest'
 * eventStoreContract(() => myStore(), { describe, it, expect })
 */
export interface ContractTestApi {
  /** Groups cases under a name; `body` declares them synchronously. */
  readonly describe: (name: string, body: () => void) => unknown
  /** Declares one case; `timeout` (ms) is passed only when `timeoutMs` is set in the options. */
  readonly it: (name: string, body: () => Promise<void>, timeout?: number) => unknown
  /** Starts an assertion. */
  readonly expect: (actual: unknown) => ContractMatchers
}

/** Options of `eventStoreContract`. */
export interface EventStoreContractOptions {
  /** The name of the suite (default `EventStore contract`). */
  readonly name?: string
  /** How many events the large-append case writes in one append (default 10,000); lower it for a slow adapter. */
  readonly largeAppendSize?: number
  /** How many appends the concurrency cases launch at once (default 10, at least 2). */
  readonly concurrency?: number
  /**
   * Whether global positions must be exactly 1, 2, 3… with no gap (default `false`: only
   * increasing and unique). The in-memory adapter and a PostgreSQL adapter that serializes
   * appends have no gaps.
   */
  readonly contiguousPositions?: boolean
  /** A timeout for each case in ms, passed to `it` as its third argument. */
  readonly timeoutMs?: number
  /** Called after each case with its store (close a connection, drop a schema). */
  readonly release?: (store: EventStore) => void | Promise<void>
  /**
   * Whether the store appends to several streams at once (`appendMany`, default `true`):
   * the cases of atomic multi-stream appends run. Set `false` for a store that cannot, and
   * say so in its type (an `EventStore` without `MultiStreamAppend`).
   */
  readonly multiStream?: boolean
  /** Whether the store can erase a contact from its log (`erase`, default `true`): the erasure cases run. */
  readonly erasure?: boolean
}

/** Makes a fresh, empty store for one case. */
export type MakeEventStore = () => EventStore | Promise<EventStore>

// ---------------------------------------------------------------------------------------
// Fixtures: valid events, decoded the way a host gets them.

const AT = '2026-11-26T09:00:00Z'

const valid = (raw: Record<string, unknown>): RelationshipEvent => {
  const r = decodeEvent(raw)
  // A fixture that does not decode is a bug of this kit, not of the adapter.
  if (E.isLeft(r)) throw new Error(`eventStoreContract: fixture ${String(raw['id'])} is invalid: ${r.left.message}`)
  return r.right
}

const added = (id: string, contactId: string, name = 'Ada'): RelationshipEvent =>
  valid({ id, type: 'ContactAdded', at: AT, schema: 1, contactId, name, met: true })

const rated = (id: string, contactId: string, score = 3): RelationshipEvent =>
  valid({ id, type: 'ContactRated', at: AT, schema: 1, contactId, score })

const cost = (id: string, amount = 1500): RelationshipEvent =>
  valid({ id, type: 'CostRecorded', at: AT, schema: 1, category: 'gift', amount: { amount, currency: 'USD' } })

/** `n` ratings of a contact, ids `${prefix}/1` … `${prefix}/n`. */
const ratings = (prefix: string, contactId: string, n: number): RelationshipEvent[] =>
  Array.from({ length: n }, (_, i) => rated(`${prefix}/${i + 1}`, contactId, (i % 5) + 1))

/** Events of many types and shapes: nested objects, arrays, nulls, decimals, non-Latin text. */
const variedEvents = (): RelationshipEvent[] => [
  valid({
    id: 'v/1', type: 'ContactAdded', at: '2026-01-05T08:30:00.125+03:00', schema: 1, contactId: 'c1', actor: 'tm-1',
    name: 'Ada "the Count" O\'Neil \\ Lovelace', givenName: 'Ada', familyName: 'Lovelace', met: false,
    emails: ['ada@example.com'], phones: ['+966 50 123 4567', '1 (555) 010-0199'],
    address: { lines: ['Flat 2', '10 Example Road'], locality: 'Riyadh', postalCode: '12211', country: 'SA' },
    timeZone: 'Asia/Riyadh', calendarSet: 'sa', locale: 'ar-SA', circle: 'client', notes: 'صديقة العائلة — likes ☕ and 🏈',
  }),
  valid({ id: 'v/2', type: 'ContactUpdated', at: AT, schema: 1, contactId: 'c1', company: null, notes: '', circle: 'friend' }),
  valid({ id: 'v/3', type: 'ContactMet', at: AT, schema: 1, contactId: 'c1' }),
  valid({ id: 'v/4', type: 'PersonalDateRecorded', at: AT, schema: 1, contactId: 'c1', kind: 'birthday', date: '--02-29' }),
  valid({ id: 'v/5', type: 'InterestRecorded', at: AT, schema: 1, contactId: 'c1', category: 'team', name: 'Al Hilal', seasonStart: '--08-15' }),
  // Schema 1 is upcast on decode: the store keeps the current schema.
  valid({ id: 'v/6', type: 'ConsentChanged', at: AT, schema: 1, contactId: 'c1', doNotContact: true }),
  valid({ id: 'v/7', type: 'PlanEnrolled', at: AT, schema: 1, contactId: 'c1', enrollmentId: 'en-1', planId: 'client-for-life-33', startDate: '2026-02-28' }),
  valid({ id: 'v/8', type: 'TouchCompleted', at: AT, schema: 1, contactId: 'c1', enrollmentId: 'en-1', touchKey: 'y0/call/1', kind: 'call', channel: 'phone', on: '2026-03-23', note: 'asked about referrals' }),
  valid({ id: 'v/9', type: 'ReferralReceived', at: AT, schema: 1, contactId: 'c1', referralId: 'r-1', refereeId: 'c2', source: 'dinner' }),
  valid({ id: 'v/10', type: 'ReferralStageChanged', at: AT, schema: 1, contactId: 'c1', referralId: 'r-1', stage: 'closed', revenue: { amount: 1234567, currency: 'SAR' } }),
  valid({ id: 'v/11', type: 'RewardIssued', at: AT, schema: 1, contactId: 'c1', rewardId: 'reward/r-1/closed/gift/c1', referralId: 'r-1', stage: 'closed', ruleId: 'gift', recipientId: 'c1', side: 'referrer', value: { kind: 'gift', tier: 'premium', value: { amount: 5000, currency: 'USD' } } }),
  valid({ id: 'v/12', type: 'FeedbackRecorded', at: AT, schema: 1, contactId: 'c1', nps: 10, csi: { method: 'attributes', attributes: [{ attribute: 'speed', satisfaction: 9, importance: 7 }] }, perceivedPerformance: 8.5, expectedPerformance: 7.25, aboutContactId: 'c3' }),
  valid({ id: 'v/13', type: 'ContactRoleChanged', at: AT, schema: 1, contactId: 'c3', role: 'ally', allyCategory: 'lender', settlementService: true }),
  valid({ id: 'v/14', type: 'TransactionClosed', at: AT, schema: 1, contactId: 'c3', transactionId: 't-1', value: { amount: 0, currency: 'EUR' }, servedBy: [] }),
  valid({ id: 'v/15', type: 'RewardIssued', at: AT, schema: 1, rewardId: 'reward/r-1/closed/pct/team', referralId: 'r-1', stage: 'closed', ruleId: 'pct', recipientId: 'tm-1', side: 'team', value: { kind: 'percent', basisPoints: 1000, of: 'next service', recurring: true } }),
  valid({ id: 'v/16', type: 'CostRecorded', at: AT, schema: 1, category: 'event', amount: { amount: 250, currency: 'JPY' }, note: 'deposit' }),
]

/**
 * A small network in which every personal field about `x` holds a marker (`MARK-x…`): its
 * profile, dates, interests, notes, a referral about it (note, source, lost reason), its
 * feedback, a review of it as an ally, a gift to it. `p` refers `x`; `p`'s own data is
 * marked `MARK-p…` and must survive `x`'s erasure.
 */
const erasureScenario = (): RelationshipEvent[] => [
  valid({ id: 'x/1', type: 'ContactAdded', at: AT, schema: 1, contactId: 'x', name: 'MARK-x-name', met: true, givenName: 'MARK-x-given', emails: ['mark-x@example.com'], phones: ['+1 555 0100'], address: { lines: ['MARK-x-street'], postalCode: 'MARK-x-zip', country: 'US' }, notes: 'MARK-x-notes' }),
  valid({ id: 'x/2', type: 'PersonalDateRecorded', at: AT, schema: 1, contactId: 'x', kind: 'custom', date: '1980-05-17', label: 'MARK-x-label' }),
  valid({ id: 'x/3', type: 'InterestRecorded', at: AT, schema: 1, contactId: 'x', category: 'hobby', name: 'MARK-x-hobby' }),
  valid({ id: 'x/4', type: 'ContactRoleChanged', at: AT, schema: 1, contactId: 'x', role: 'ally', allyCategory: 'inspector' }),
  valid({ id: 'x/5', type: 'AllyReviewed', at: AT, schema: 1, contactId: 'x', verdict: 'reconsider', note: 'MARK-x-review' }),
  valid({ id: 'p/1', type: 'ContactAdded', at: AT, schema: 1, contactId: 'p', name: 'MARK-p-name', met: true, notes: 'MARK-p-notes' }),
  valid({ id: 'p/2', type: 'ReferralReceived', at: AT, schema: 1, contactId: 'p', referralId: 'r-x', refereeId: 'x', source: 'MARK-x-source', note: 'MARK-x-referral-note' }),
  valid({ id: 'p/3', type: 'FeedbackRecorded', at: AT, schema: 1, contactId: 'p', aboutContactId: 'x', nps: 3, comment: 'MARK-x-comment', csi: { method: 'attributes', attributes: [{ attribute: 'MARK-x-attribute', satisfaction: 3, importance: 9 }] } }),
  valid({ id: 'p/4', type: 'RewardIssued', at: AT, schema: 1, contactId: 'p', rewardId: 'w-x', referralId: 'r-x', stage: 'received', ruleId: 'gift', recipientId: 'x', side: 'referee', value: { kind: 'gift', tier: 'token', description: 'MARK-x-gift' } }),
  valid({ id: 'p/5', type: 'RewardRejected', at: AT, schema: 1, contactId: 'p', rewardId: 'w-x', reason: 'MARK-x-rejected' }),
  valid({ id: 'p/6', type: 'ReferralStageChanged', at: AT, schema: 1, contactId: 'p', referralId: 'r-x', stage: 'lost', reason: 'MARK-x-lost' }),
  valid({ id: 'p/7', type: 'TouchLogged', at: AT, schema: 1, contactId: 'p', kind: 'referral-thank-you', channel: 'mail', on: '2026-11-20', referralId: 'r-x', note: 'MARK-x-thanks' }),
  valid({ id: 'p/8', type: 'TouchLogged', at: AT, schema: 1, contactId: 'p', kind: 'call', channel: 'phone', on: '2026-11-21', note: 'MARK-p-call' }),
  valid({ id: 'x/6', type: 'ContactErased', at: '2026-11-26T10:00:00Z', schema: 1, contactId: 'x' }),
]

// ---------------------------------------------------------------------------------------
// Helpers: failures say what was expected in words any runner prints.

const show = (u: unknown): string => JSON.stringify(u)

const ok = (r: E.Either<AppendConflict, AppendResult>, what: string): AppendResult => {
  if (E.isLeft(r)) throw new Error(`${what}: expected the append to succeed, got the conflict ${show(r.left)}`)
  return r.right
}

const refused = (r: E.Either<AppendConflict, AppendResult>, what: string): AppendConflict => {
  if (E.isRight(r)) throw new Error(`${what}: expected a conflict, but the append succeeded with ${show(r.right)}`)
  return r.left
}

/** The port's fields of a result, so an adapter may add its own. */
const resultView = (r: AppendResult) => ({
  streamId: r.streamId,
  nextExpectedVersion: r.nextExpectedVersion,
  positions: [...r.positions],
  written: r.written,
})

/** The port's fields of a stored event. */
const view = (s: StoredEvent) => ({ streamId: s.streamId, streamVersion: s.streamVersion, position: s.position, event: s.event })

const ids = (events: readonly StoredEvent[]): string[] => events.map((s) => s.event.id)

const isIncreasing = (ns: readonly number[]): boolean => ns.every((n, i) => i === 0 || n > (ns[i - 1] as number))

const range = (from: number, n: number): number[] => Array.from({ length: n }, (_, i) => from + i)

/** Tries to change a value the store handed out; a frozen value may throw, which is fine. */
const tryMutate = (f: () => void): void => {
  try {
    f()
  } catch {
    // Frozen: the store refused the mutation, as it may.
  }
}

/**
 * The conformance suite of an `EventStore` adapter. Call it at the top level of a test
 * file; it declares one `describe` with a case per rule. `makeStore` must return a fresh,
 * **empty** store for each case (a new schema, truncated tables…); `release` cleans up.
 *
 * @example
 * import { describe, it, expect } from 'vitest'
 * import { eventStoreContract } from 'touchbase/testing'
 * import { inMemoryEventStore } from 'touchbase'
 *
 * eventStoreContract(() => inMemoryEventStore(), { describe, it, expect }, { contiguousPositions: true })
 */
export const eventStoreContract = (
  makeStore: MakeEventStore,
  t: ContractTestApi,
  options: EventStoreContractOptions = {},
): void => {
  const { expect } = t
  const largeAppendSize = options.largeAppendSize ?? 10_000
  const concurrency = Math.max(2, options.concurrency ?? 10)
  const timeout = options.timeoutMs

  const positionsOk = (events: readonly StoredEvent[], what: string): void => {
    const positions = events.map((s) => s.position)
    expect({ what, increasing: isIncreasing(positions), atLeastOne: positions.every((p) => p >= 1) }).toEqual({
      what,
      increasing: true,
      atLeastOne: true,
    })
    if (options.contiguousPositions === true) expect({ what, positions }).toEqual({ what, positions: range(1, positions.length) })
  }

  const versionsOk = (events: readonly StoredEvent[], streamId: StreamId): void => {
    expect({ streamId, versions: events.map((s) => s.streamVersion) }).toEqual({ streamId, versions: range(1, events.length) })
    expect({ streamId, streams: [...new Set(events.map((s) => s.streamId))] }).toEqual({
      streamId,
      streams: events.length === 0 ? [] : [streamId],
    })
  }

  const unchanged = async (store: EventStore, before: readonly StoredEvent[], what: string): Promise<void> => {
    const after = await store.readAll()
    expect({ what, events: after.map(view) }).toEqual({ what, events: before.map(view) })
  }

  const test = (name: string, body: (store: EventStore) => Promise<void>): void => {
    const run = async (): Promise<void> => {
      const store = await makeStore()
      try {
        const existing = await store.readAll({ limit: 1 })
        if (existing.length > 0) {
          throw new Error('eventStoreContract: makeStore() must return an empty store for each case; it held events')
        }
        await body(store)
      } finally {
        await options.release?.(store)
      }
    }
    if (timeout === undefined) t.it(name, run)
    else t.it(name, run, timeout)
  }

  t.describe(options.name ?? 'EventStore contract', () => {
    test('appends to a new stream and reads it back', async (store) => {
      const s = contactStreamId('c1')
      const batch = [added('a/1', 'c1'), rated('a/2', 'c1', 4), rated('a/3', 'c1', 5)]
      const r = ok(await store.append(s, batch, 'no-stream'), 'first append')
      expect({ streamId: r.streamId, nextExpectedVersion: r.nextExpectedVersion, written: r.written }).toEqual({
        streamId: s,
        nextExpectedVersion: 3,
        written: 3,
      })
      expect(r.positions.length).toBe(3)
      const read = await store.readStream(s)
      expect(read.map(view)).toEqual(
        batch.map((event, i) => ({ streamId: s, streamVersion: i + 1, position: r.positions[i], event })),
      )
      positionsOk(read, 'stream read back')
      expect((await store.readAll()).map(view)).toEqual(read.map(view))
      expect(await store.readStream(contactStreamId('c2'))).toEqual([])
    })

    test('versions and global positions increase, with no duplicates', async (store) => {
      const plan: [StreamId, RelationshipEvent[]][] = [
        [contactStreamId('c1'), [added('p/1', 'c1'), rated('p/2', 'c1')]],
        [contactStreamId('c2'), [added('p/3', 'c2')]],
        [PROGRAMME_STREAM, [cost('p/4'), cost('p/5', 99)]],
        [contactStreamId('c1'), [rated('p/6', 'c1', 1)]],
        [contactStreamId('c2'), [rated('p/7', 'c2', 2), rated('p/8', 'c2', 5)]],
        [PROGRAMME_STREAM, [cost('p/9', 7)]],
      ]
      const results: AppendResult[] = []
      for (const [s, batch] of plan) results.push(ok(await store.append(s, batch, 'any'), `append to ${s}`))
      const all = await store.readAll()
      positionsOk(all, 'read all')
      // Appends made one after another are read back in that order.
      expect(ids(all)).toEqual(plan.flatMap(([, b]) => b.map((e) => e.id)))
      expect(all.map((s) => s.position)).toEqual(results.flatMap((r) => [...r.positions]))
      for (const s of [contactStreamId('c1'), contactStreamId('c2'), PROGRAMME_STREAM]) {
        const stream = await store.readStream(s)
        versionsOk(stream, s)
        expect(stream.map(view)).toEqual(all.filter((x) => x.streamId === s).map(view))
      }
      expect(results.map((r) => r.nextExpectedVersion)).toEqual([2, 1, 2, 3, 3, 3])
    })

    test('a wrong expected version is a conflict and writes nothing', async (store) => {
      const s = contactStreamId('c1')
      ok(await store.append(s, [added('w/1', 'c1'), rated('w/2', 'c1')], 'no-stream'), 'setup')
      const before = await store.readAll()
      for (const expected of [1, 3, 0]) {
        const c = refused(await store.append(s, [rated(`w/x${expected}`, 'c1')], expected), `expected version ${expected}`)
        expect({ _tag: c._tag, streamId: c.streamId, expected: 'expected' in c ? c.expected : undefined, actual: 'actual' in c ? c.actual : undefined }).toEqual({
          _tag: 'wrong-expected-version',
          streamId: s,
          expected,
          actual: 2,
        })
      }
      const missing = contactStreamId('c9')
      const c = refused(await store.append(missing, [added('w/9', 'c9')], 1), 'exact version on a missing stream')
      expect({ _tag: c._tag, actual: 'actual' in c ? c.actual : undefined }).toEqual({ _tag: 'wrong-expected-version', actual: 0 })
      await unchanged(store, before, 'after refused appends')
      expect(await store.readStream(missing)).toEqual([])
      // The right version still works: nothing was half-written.
      expect(resultView(ok(await store.append(s, [rated('w/3', 'c1')], 2), 'right version')).nextExpectedVersion).toBe(3)
    })

    test("'no-stream' on an existing stream is a conflict; 'any' and 0 behave as documented", async (store) => {
      const s = contactStreamId('c1')
      ok(await store.append(s, [added('n/1', 'c1')], 0), 'expected version 0 on a new stream')
      const before = await store.readAll()
      const c = refused(await store.append(s, [rated('n/2', 'c1')], 'no-stream'), "'no-stream' on an existing stream")
      expect({ _tag: c._tag, expected: 'expected' in c ? c.expected : undefined, actual: 'actual' in c ? c.actual : undefined }).toEqual({
        _tag: 'wrong-expected-version',
        expected: 'no-stream',
        actual: 1,
      })
      await unchanged(store, before, "after the refused 'no-stream'")
      expect(ok(await store.append(s, [rated('n/3', 'c1')], 'any'), "'any' on an existing stream").nextExpectedVersion).toBe(2)
      const fresh = contactStreamId('c2')
      expect(ok(await store.append(fresh, [added('n/4', 'c2')], 'any'), "'any' on a new stream").nextExpectedVersion).toBe(1)
    })

    test('a batch that conflicts writes none of its events', async (store) => {
      const s = contactStreamId('c1')
      ok(await store.append(s, [added('t/1', 'c1')], 'no-stream'), 'setup')
      const before = await store.readAll()
      // The last event reuses a stored id with other content.
      const dup = refused(
        await store.append(s, [rated('t/2', 'c1'), rated('t/3', 'c1'), added('t/1', 'c1', 'Eve')], 1),
        'batch ending in a duplicate id',
      )
      expect(dup._tag).toBe('duplicate-event-id')
      // The last event belongs to another stream.
      const wrong = refused(
        await store.append(s, [rated('t/2', 'c1'), rated('t/3', 'c1'), added('t/4', 'c2')], 1),
        'batch ending in an event of another stream',
      )
      expect(wrong._tag).toBe('wrong-stream')
      // A wrong version refuses the whole batch.
      refused(await store.append(s, [rated('t/2', 'c1'), rated('t/3', 'c1')], 5), 'batch at a wrong version')
      await unchanged(store, before, 'after refused batches')
      // The refused batches reserved nothing: their ids are still free.
      const r = ok(await store.append(s, [rated('t/2', 'c1'), rated('t/3', 'c1')], 1), 'the good part alone')
      expect([r.nextExpectedVersion, r.written]).toEqual([3, 2])
    })

    test('concurrent appends with the same expected version: exactly one wins, nothing lost or duplicated', async (store) => {
      const s = contactStreamId('c1')
      const race = async (expected: number | 'no-stream', tag: string) => {
        const batches = range(1, concurrency).map((k) => ratings(`race-${tag}/${k}`, 'c1', 2))
        const results = await Promise.all(batches.map((b) => store.append(s, b, expected)))
        const winners = results.flatMap((r, k) => (E.isRight(r) ? [k] : []))
        expect({ race: tag, winners: winners.length }).toEqual({ race: tag, winners: 1 })
        const losers = results.flatMap((r) => (E.isLeft(r) ? [r.left] : []))
        expect(losers.map((c) => [c._tag, 'expected' in c ? c.expected : undefined])).toEqual(
          losers.map(() => ['wrong-expected-version', expected]),
        )
        return batches[winners[0] as number] as RelationshipEvent[]
      }
      const first = await race('no-stream', 'new')
      const second = await race(2, 'existing')
      const stream = await store.readStream(s)
      versionsOk(stream, s)
      expect(stream.map((x) => x.event)).toEqual([...first, ...second])
      const all = await store.readAll()
      expect(ids(all)).toEqual(ids(stream))
      positionsOk(all, 'read all after the races')
    })

    test('concurrent appends to different streams, and with expected version any, are all written once', async (store) => {
      const perStream = await Promise.all(
        range(1, concurrency).map((k) =>
          store.append(contactStreamId(`c${k}`), ratings(`par/${k}`, `c${k}`, 3), 'no-stream'),
        ),
      )
      perStream.forEach((r, i) => ok(r, `append to stream ${i + 1}`))
      const s = contactStreamId('shared')
      const batches = range(1, concurrency).map((k) => ratings(`any/${k}`, 'shared', 1 + (k % 3)))
      const results = await Promise.all(batches.map((b) => store.append(s, b, 'any')))
      const done = results.map((r, i) => ok(r, `'any' append ${i + 1}`))
      const all = await store.readAll()
      positionsOk(all, 'read all after concurrent appends')
      const expectedIds = [...range(1, concurrency).flatMap((k) => ratings(`par/${k}`, `c${k}`, 3)), ...batches.flat()].map((e) => e.id)
      expect([...ids(all)].sort()).toEqual([...expectedIds].sort())
      for (const k of range(1, concurrency)) versionsOk(await store.readStream(contactStreamId(`c${k}`)), contactStreamId(`c${k}`))
      const shared = await store.readStream(s)
      versionsOk(shared, s)
      // Each batch is whole: its events hold consecutive versions, in batch order.
      const versionOf = new Map(shared.map((x) => [x.event.id, x.streamVersion] as const))
      batches.forEach((b, k) => {
        const vs = b.map((e) => versionOf.get(e.id) ?? -1)
        const start = vs[0] as number
        expect({ batch: k + 1, versions: vs }).toEqual({ batch: k + 1, versions: range(start, b.length) })
        expect({ batch: k + 1, next: done[k]?.nextExpectedVersion }).toEqual({ batch: k + 1, next: start + b.length - 1 })
      })
    })

    test('read all is ordered by position and pages from a position', async (store) => {
      const appended: RelationshipEvent[] = []
      for (let k = 0; k < 5; k++) {
        const batch = [rated(`pg/c1/${k}`, 'c1'), rated(`pg/c2/${k}`, 'c2'), cost(`pg/prog/${k}`, k)]
        for (const e of batch) {
          ok(await store.append(streamIdOf(e), [e], 'any'), `append ${e.id}`)
          appended.push(e)
        }
        const pair = ratings(`pg/c3/${k}`, 'c3', 2)
        ok(await store.append(contactStreamId('c3'), pair, 'any'), `append pg/c3/${k}`)
        appended.push(...pair)
      }
      const all = await store.readAll()
      expect(ids(all)).toEqual(appended.map((e) => e.id))
      positionsOk(all, 'read all')
      const limit = 7
      const pages: StoredEvent[][] = []
      let from = 1
      for (;;) {
        const page = await store.readAll({ fromPosition: from, limit })
        if (page.length === 0) break
        expect(page.length <= limit).toBe(true)
        pages.push([...page])
        from = (page[page.length - 1] as StoredEvent).position + 1
        if (pages.length > all.length) throw new Error('paging does not end')
      }
      expect(pages.flat().map(view)).toEqual(all.map(view))
      expect(pages.slice(0, -1).map((p) => p.length)).toEqual(pages.slice(0, -1).map(() => limit))
      const middle = all[11] as StoredEvent
      expect((await store.readAll({ fromPosition: middle.position })).map(view)).toEqual(all.slice(11).map(view))
      expect((await store.readAll({ fromPosition: middle.position, limit: 3 })).map(view)).toEqual(all.slice(11, 14).map(view))
      expect(await store.readAll({ fromPosition: (all[all.length - 1] as StoredEvent).position + 1 })).toEqual([])
      expect(await store.readAll({ limit: 0 })).toEqual([])
    })

    test('reads a stream from a version', async (store) => {
      const s = contactStreamId('c1')
      const events = ratings('rv', 'c1', 5)
      ok(await store.append(s, events.slice(0, 2), 'no-stream'), 'first part')
      ok(await store.append(contactStreamId('c2'), [added('rv/other', 'c2')], 'no-stream'), 'another stream')
      ok(await store.append(s, events.slice(2), 2), 'second part')
      const whole = await store.readStream(s)
      expect(whole.map((x) => x.event)).toEqual(events)
      const tail = await store.readStream(s, { fromVersion: 3 })
      expect(tail.map((x) => [x.streamVersion, x.event.id])).toEqual([[3, 'rv/3'], [4, 'rv/4'], [5, 'rv/5']])
      expect(tail.map(view)).toEqual(whole.slice(2).map(view))
      expect((await store.readStream(s, { fromVersion: 1 })).map(view)).toEqual(whole.map(view))
      expect(await store.readStream(s, { fromVersion: 6 })).toEqual([])
      expect(await store.readStream(contactStreamId('nobody'), { fromVersion: 1 })).toEqual([])
    })

    test('a retried append of the same batch succeeds and writes nothing new, even with a stale expected version', async (store) => {
      const s = contactStreamId('c1')
      const batch = [added('rt/1', 'c1'), rated('rt/2', 'c1', 2)]
      const first = resultView(ok(await store.append(s, batch, 'no-stream'), 'first append'))
      const replay = { ...first, written: 0 }
      expect(resultView(ok(await store.append(s, batch, 'no-stream'), 'retry'))).toEqual(replay)
      ok(await store.append(s, [rated('rt/3', 'c1', 5)], 2), 'a later append')
      const before = await store.readAll()
      // The same content in another key order is the same event.
      const reordered = batch.map((e) => Object.fromEntries(Object.entries(e).reverse()) as unknown as RelationshipEvent)
      for (const expected of ['no-stream', 0, 2, 'any'] as const) {
        expect(resultView(ok(await store.append(s, reordered, expected), `retry expecting ${expected}`))).toEqual(replay)
      }
      await unchanged(store, before, 'after retries')
      // Retries of every size: one event of the batch.
      expect(resultView(ok(await store.append(s, [batch[1] as RelationshipEvent], 'no-stream'), 'retry of one event'))).toEqual({
        streamId: s,
        nextExpectedVersion: 2,
        positions: [first.positions[1]],
        written: 0,
      })
      // Concurrent retries: every one succeeds, the batch is stored once.
      const again = ratings('rt/par', 'c2', 3)
      const results = await Promise.all(range(1, concurrency).map(() => store.append(contactStreamId('c2'), again, 'no-stream')))
      const views = results.map((r, i) => resultView(ok(r, `concurrent retry ${i + 1}`)))
      expect(views.reduce((n, v) => n + v.written, 0)).toBe(3)
      expect(views.map((v) => ({ ...v, written: 0 }))).toEqual(views.map(() => ({ ...(views[0] as AppendResult), written: 0 })))
      expect((await store.readStream(contactStreamId('c2'))).map((x) => x.event)).toEqual(again)
    })

    test('a batch of stored and new events writes only the new ones, under the version check', async (store) => {
      const s = contactStreamId('c1')
      const [a, b, c] = [added('mx/1', 'c1'), rated('mx/2', 'c1'), rated('mx/3', 'c1', 1)] as const
      const first = ok(await store.append(s, [a, b], 'no-stream'), 'setup')
      const stale = refused(await store.append(s, [b, c], 'no-stream'), 'stored and new events at a stale version')
      expect(stale._tag).toBe('wrong-expected-version')
      const r = resultView(ok(await store.append(s, [b, c], 2), 'stored and new events at the right version'))
      const read = await store.readStream(s)
      expect(read.map((x) => x.event)).toEqual([a, b, c])
      expect(r).toEqual({ streamId: s, nextExpectedVersion: 3, positions: [first.positions[1], (read[2] as StoredEvent).position], written: 1 })
    })

    test('the same id with other content is a conflict', async (store) => {
      const s = contactStreamId('c1')
      ok(await store.append(s, [rated('d/1', 'c1', 3)], 'no-stream'), 'setup')
      const before = await store.readAll()
      for (const expected of [1, 'any'] as const) {
        const c = refused(await store.append(s, [rated('d/1', 'c1', 4)], expected), `other content, expecting ${expected}`)
        expect({ _tag: c._tag, streamId: c.streamId, eventId: 'eventId' in c ? c.eventId : undefined, index: 'index' in c ? c.index : undefined }).toEqual({
          _tag: 'duplicate-event-id',
          streamId: s,
          eventId: 'd/1',
          index: 0,
        })
      }
      // Ids are unique across streams.
      const other = refused(await store.append(contactStreamId('c2'), [rated('d/1', 'c2', 3)], 'no-stream'), 'the id in another stream')
      expect(other._tag).toBe('duplicate-event-id')
      // A batch that repeats an id with other content.
      const inBatch = refused(await store.append(s, [rated('d/2', 'c1', 1), rated('d/2', 'c1', 2)], 1), 'an id repeated in a batch')
      expect({ _tag: inBatch._tag, index: 'index' in inBatch ? inBatch.index : undefined }).toEqual({ _tag: 'duplicate-event-id', index: 1 })
      await unchanged(store, before, 'after duplicate ids')
      // A batch that repeats an event (same content) stores it once.
      const twice = resultView(ok(await store.append(s, [rated('d/3', 'c1'), rated('d/3', 'c1')], 1), 'an event repeated in a batch'))
      expect([twice.nextExpectedVersion, twice.written, twice.positions[0] === twice.positions[1]]).toEqual([2, 1, true])
      expect(ids(await store.readStream(s))).toEqual(['d/1', 'd/3'])
    })

    test('an event of another stream is refused (wrong-stream)', async (store) => {
      // Each batch starts with an event that belongs, so the whole batch is refused for its second.
      const cases: [StreamId, RelationshipEvent, RelationshipEvent, StreamId][] = [
        [contactStreamId('c1'), rated('ws/1', 'c1'), added('ws/2', 'c2'), contactStreamId('c2')],
        [contactStreamId('c1'), rated('ws/1', 'c1'), cost('ws/3'), PROGRAMME_STREAM],
        [PROGRAMME_STREAM, cost('ws/4'), added('ws/5', 'c1'), contactStreamId('c1')],
      ]
      for (const [s, belonging, stray, belongsTo] of cases) {
        const c = refused(await store.append(s, [belonging, stray], 'any'), `${stray.id} appended to ${s}`)
        expect({
          _tag: c._tag,
          streamId: c.streamId,
          eventId: 'eventId' in c ? c.eventId : undefined,
          index: 'index' in c ? c.index : undefined,
          belongsTo: 'belongsTo' in c ? c.belongsTo : undefined,
        }).toEqual({ _tag: 'wrong-stream', streamId: s, eventId: stray.id, index: 1, belongsTo })
      }
      expect(await store.readAll()).toEqual([])
    })

    test('an empty append checks the version and writes nothing', async (store) => {
      const s = contactStreamId('c1')
      expect(resultView(ok(await store.append(s, [], 'no-stream'), 'empty append to a new stream'))).toEqual({
        streamId: s,
        nextExpectedVersion: 0,
        positions: [],
        written: 0,
      })
      expect(await store.readStream(s)).toEqual([])
      ok(await store.append(s, [added('e/1', 'c1')], 'no-stream'), 'the first event')
      expect(resultView(ok(await store.append(s, [], 1), 'empty append at the right version')).nextExpectedVersion).toBe(1)
      expect(refused(await store.append(s, [], 0), 'empty append at a wrong version')._tag).toBe('wrong-expected-version')
      expect(ids(await store.readAll())).toEqual(['e/1'])
    })

    test(`an append of ${largeAppendSize} events is read back in order`, async (store) => {
      const s = contactStreamId('big')
      const events = ratings('big', 'big', largeAppendSize)
      const r = ok(await store.append(s, events, 'no-stream'), 'the large append')
      expect([r.nextExpectedVersion, r.written, r.positions.length]).toEqual([largeAppendSize, largeAppendSize, largeAppendSize])
      const stream = await store.readStream(s)
      versionsOk(stream, s)
      expect(ids(stream)).toEqual(events.map((e) => e.id))
      expect(stream.map((x) => x.position)).toEqual([...r.positions])
      positionsOk(stream, 'the large stream')
      expect(stream.map((x) => x.event)).toEqual(events)
      const all = await store.readAll()
      expect(ids(all)).toEqual(ids(stream))
    })

    test('events read back equal the events appended (decode ∘ encode through the store)', async (store) => {
      const events = variedEvents()
      const byStream = new Map<StreamId, RelationshipEvent[]>()
      for (const e of events) byStream.set(streamIdOf(e), [...(byStream.get(streamIdOf(e)) ?? []), e])
      for (const [s, batch] of byStream) ok(await store.append(s, batch, 'no-stream'), `append to ${s}`)
      const all = await store.readAll()
      expect(all.map((x) => x.event)).toEqual([...byStream.values()].flat())
      for (const x of all) {
        expect({ id: x.event.id, stream: x.streamId }).toEqual({ id: x.event.id, stream: streamIdOf(x.event) })
        expect(decodeEvent(encodeEvent(x.event))).toEqual(E.right(x.event))
        expect(decodeEvent(JSON.parse(JSON.stringify(encodeEvent(x.event))))).toEqual(E.right(x.event))
      }
    })

    test('the store keeps its own copy: mutating what was appended or read changes nothing', async (store) => {
      const s = contactStreamId('c1')
      const input = variedEvents()[0] as RelationshipEvent & { name: string; emails: string[]; address: { lines: string[] } }
      const pristine = variedEvents()[0]
      const batch = [input]
      ok(await store.append(s, batch, 'no-stream'), 'append')
      input.name = 'Mallory'
      input.emails.push('mallory@example.com')
      input.address.lines[0] = 'elsewhere'
      batch.length = 0
      const read = await store.readStream(s)
      expect(read.map((x) => x.event)).toEqual([pristine])
      const first = read[0] as StoredEvent
      const event = first.event as typeof input
      tryMutate(() => Reflect.set(event, 'name', 'Mallory'))
      tryMutate(() => event.emails.push('mallory@example.com'))
      tryMutate(() => Reflect.set(event.address.lines, 0, 'elsewhere'))
      tryMutate(() => Reflect.set(first, 'streamVersion', 99))
      tryMutate(() => (read as StoredEvent[]).pop())
      const all = await store.readAll()
      tryMutate(() => (all as StoredEvent[]).push(first))
      expect((await store.readStream(s)).map(view)).toEqual([{ streamId: s, streamVersion: 1, position: first.position, event: pristine }])
      expect((await store.readAll()).length).toBe(1)
    })

    test('an event that would not decode refuses the batch (invalid-event): nothing is written, reads still work', async (store) => {
      const s = contactStreamId('c1')
      ok(await store.append(s, [added('iv/1', 'c1')], 'no-stream'), 'setup')
      const before = await store.readAll()
      // Typed, but never decoded: a rating of 7.
      const bad = { ...rated('iv/3', 'c1'), score: 7 } as unknown as RelationshipEvent
      const c = refused(await store.append(s, [rated('iv/2', 'c1'), bad], 1), 'a batch holding an undecodable event')
      expect({ _tag: c._tag, streamId: c.streamId, index: 'index' in c ? c.index : undefined, eventId: 'eventId' in c ? c.eventId : undefined }).toEqual({
        _tag: 'invalid-event',
        streamId: s,
        index: 1,
        eventId: 'iv/3',
      })
      expect('message' in c && c.message.includes('score')).toBe(true)
      await unchanged(store, before, 'after the refused batch')
      expect(ids(await store.readStream(s))).toEqual(['iv/1'])
    })
  })

  const multi = (name: string, body: (store: EventStore & MultiStreamAppend) => Promise<void>): void =>
    test(name, async (store) => {
      if (typeof (store as Partial<MultiStreamAppend>).appendMany !== 'function') {
        throw new Error('eventStoreContract: the store has no appendMany; pass { multiStream: false } if it cannot append to several streams at once')
      }
      await body(store as EventStore & MultiStreamAppend)
    })

  if (options.multiStream !== false) {
    t.describe(`${options.name ?? 'EventStore contract'}: appends to several streams`, () => {
      multi('appends to several streams at once, each at its expected version', async (store) => {
        ok(await store.append(contactStreamId('ann'), [added('m/1', 'ann')], 'no-stream'), 'setup')
        const r = await store.appendMany([
          { streamId: contactStreamId('bo'), expected: 'no-stream', events: [added('m/2', 'bo', 'Bo')] },
          { streamId: contactStreamId('ann'), expected: 1, events: [rated('m/3', 'ann', 5)] },
        ])
        if (E.isLeft(r)) throw new Error(`appendMany: expected success, got ${show(r.left)}`)
        expect(r.right.map((x) => [x.streamId, x.nextExpectedVersion, x.written])).toEqual([
          [contactStreamId('bo'), 1, 1],
          [contactStreamId('ann'), 2, 1],
        ])
        expect(ids(await store.readAll())).toEqual(['m/1', 'm/2', 'm/3'])
        positionsOk(await store.readAll(), 'after appendMany')
      })

      multi('a conflict in one stream writes nothing in any, and names the stream', async (store) => {
        ok(await store.append(contactStreamId('ann'), [added('mc/1', 'ann')], 'no-stream'), 'setup')
        const before = await store.readAll()
        const cases = [
          [{ streamId: contactStreamId('bo'), expected: 'no-stream' as const, events: [added('mc/2', 'bo')] }, { streamId: contactStreamId('ann'), expected: 0, events: [rated('mc/3', 'ann')] }],
          [{ streamId: contactStreamId('bo'), expected: 'no-stream' as const, events: [added('mc/2', 'bo')] }, { streamId: contactStreamId('ann'), expected: 1, events: [{ ...rated('mc/3', 'ann'), score: 9 } as unknown as RelationshipEvent] }],
          [{ streamId: contactStreamId('bo'), expected: 'no-stream' as const, events: [added('mc/2', 'bo')] }, { streamId: contactStreamId('ann'), expected: 1, events: [added('mc/1', 'ann', 'Eve')] }],
        ]
        const tags: string[] = []
        for (const appends of cases) {
          const r = await store.appendMany(appends)
          if (E.isRight(r)) throw new Error(`appendMany: expected a conflict, got ${show(r.right)}`)
          expect(r.left.streamId).toBe(contactStreamId('ann'))
          tags.push(r.left._tag)
        }
        expect(tags).toEqual(['wrong-expected-version', 'invalid-event', 'duplicate-event-id'])
        await unchanged(store, before, 'after refused multi-stream appends')
        expect(await store.readStream(contactStreamId('bo'))).toEqual([])
      })

      multi('two handlers racing on overlapping streams: exactly one wins, nothing half-written', async (store) => {
        ok(await store.append(contactStreamId('ann'), [added('mr/0', 'ann')], 'no-stream'), 'setup')
        const results = await Promise.all(
          range(1, concurrency).map((k) =>
            store.appendMany([
              { streamId: contactStreamId(`new-${k}`), expected: 'no-stream', events: [added(`mr/${k}/a`, `new-${k}`)] },
              { streamId: contactStreamId('ann'), expected: 1, events: [rated(`mr/${k}/b`, 'ann')] },
            ]),
          ),
        )
        const winners = results.flatMap((r, k) => (E.isRight(r) ? [k + 1] : []))
        expect(winners.length).toBe(1)
        const w = winners[0] as number
        const all = await store.readAll()
        expect(ids(all)).toEqual(['mr/0', `mr/${w}/a`, `mr/${w}/b`])
        for (const k of range(1, concurrency)) {
          if (k !== w) expect(await store.readStream(contactStreamId(`new-${k}`))).toEqual([])
        }
      })
    })
  }

  const erasing = (name: string, body: (store: EventStore & EventErasure) => Promise<void>): void =>
    test(name, async (store) => {
      if (typeof (store as Partial<EventErasure>).erase !== 'function') {
        throw new Error('eventStoreContract: the store has no erase; pass { erasure: false } if it cannot erase a contact from its log')
      }
      await body(store as EventStore & EventErasure)
    })

  /** Appends events one stream at a time, in order. */
  const appendAll = async (store: EventStore, events: readonly RelationshipEvent[]): Promise<void> => {
    for (const e of events) ok(await store.append(streamIdOf(e), [e], 'any'), `append ${e.id}`)
  }

  const stateOf = (events: readonly StoredEvent[]): string => canonicalJson(networkSnapshot(foldEvents(events.map((x) => x.event))))

  if (options.erasure !== false) {
    t.describe(`${options.name ?? 'EventStore contract'}: erasure`, () => {
      erasing('erase leaves no personal data of the contact in any stored event, and the same state when folded', async (store) => {
        await appendAll(store, erasureScenario())
        const before = await store.readAll()
        expect(JSON.stringify(before.map((x) => x.event)).includes('MARK-x')).toBe(true)
        const r = await store.erase('x')
        if (E.isLeft(r)) throw new Error(`erase: expected success, got ${show(r.left)}`)
        const after = await store.readAll()
        const json = JSON.stringify(after.map((x) => x.event))
        const leaks = [...new Set(json.match(/MARK-x[a-z-]*|mark-x@example\.com/g) ?? [])]
        expect({ leaks }).toEqual({ leaks: [] })
        // Only what names the contact is touched: the referrer's own data stays.
        expect(['MARK-p-name', 'MARK-p-notes', 'MARK-p-call'].every((m) => json.includes(m))).toBe(true)
        // Ids, types, times, streams, versions and positions stay.
        expect(after.map((x) => [x.position, x.streamId, x.streamVersion, x.event.id, x.event.type, x.event.at])).toEqual(
          before.map((x) => [x.position, x.streamId, x.streamVersion, x.event.id, x.event.type, x.event.at]),
        )
        expect(r.right.rewritten).toBe(after.filter((x, i) => canonicalJson(x.event) !== canonicalJson((before[i] as StoredEvent).event)).length)
        // Every stored event still decodes, and the log folds into the state it folded into before.
        for (const x of after) expect(E.isRight(decodeEvent(encodeEvent(x.event)))).toBe(true)
        expect(stateOf(after)).toBe(stateOf(before))
        // Again: nothing more to rewrite.
        const again = await store.erase('x')
        expect(E.isRight(again) ? again.right.rewritten : -1).toBe(0)
      })

      erasing('contacts merged together are one person: erasing either, once either stream holds the ContactErased, rewrites both', async (store) => {
        const merged = [
          valid({ id: 'y/1', type: 'ContactAdded', at: AT, schema: 1, contactId: 'y', name: 'MARK-y-name', met: true, emails: ['mark-y@example.com'] }),
          valid({ id: 'z/1', type: 'ContactAdded', at: AT, schema: 1, contactId: 'z', name: 'MARK-z-name', met: false, notes: 'MARK-z-notes' }),
          valid({ id: 'm/0', type: 'ContactsMerged', at: AT, schema: 1, contactId: 'y', survivorId: 'y', mergedId: 'z' }),
          valid({ id: 'm/1', type: 'ContactsMerged', at: AT, schema: 1, contactId: 'z', survivorId: 'y', mergedId: 'z' }),
        ]
        await appendAll(store, merged)
        const r0 = await store.erase('z')
        expect(E.isLeft(r0) ? r0.left : undefined).toEqual({ _tag: 'not-erased', contactId: 'z' })
        // EraseContact of either writes the ContactErased to the survivor's stream.
        await appendAll(store, [valid({ id: 'y/2', type: 'ContactErased', at: '2026-11-26T10:00:00Z', schema: 1, contactId: 'y' })])
        const before = await store.readAll()
        const r = await store.erase('z')
        if (E.isLeft(r)) throw new Error(`erase of a merged contact refused: ${show(r.left)}`)
        const after = await store.readAll()
        const leaks = [...new Set(JSON.stringify(after.map((x) => x.event)).match(/MARK-[yz][a-z-]*|mark-y@example\.com/g) ?? [])]
        expect({ leaks }).toEqual({ leaks: [] })
        expect(stateOf(after)).toBe(stateOf(before))
        const again = await store.erase('y')
        expect(E.isRight(again) ? again.right.rewritten : -1).toBe(0)
      })

      erasing('erase is refused until the contact is erased by an event, and a retried append does not bring data back', async (store) => {
        const scenario = erasureScenario()
        await appendAll(store, scenario.slice(0, -1))
        const r = await store.erase('x')
        expect(E.isLeft(r) ? r.left : undefined).toEqual({ _tag: 'not-erased', contactId: 'x' })
        await appendAll(store, scenario.slice(-1))
        if (E.isLeft(await store.erase('x'))) throw new Error('erase refused after ContactErased')
        const before = await store.readAll()
        // A host retrying an old append (the original events, data and all) succeeds and writes nothing.
        const retry = await store.append(contactStreamId('x'), [scenario[0] as RelationshipEvent], 'any')
        expect(E.isRight(retry) ? retry.right.written : retry.left._tag).toBe(0)
        await unchanged(store, before, 'after a retry of an erased event')
      })
    })
  }
}
