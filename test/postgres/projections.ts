/**
 * The projection runner on the PostgreSQL example (PGlite and a server): checkpoints and
 * snapshots in one transaction with the read model, conflicts between runners, the snapshot
 * source of command handlers, and a live runner woken by LISTEN/NOTIFY.
 */
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import {
  CHECKPOINT_SQL,
  listenForAppends,
  postgresCheckpointStore,
  postgresEventStore,
  snapshotSource,
  type SqlDatabase,
} from '../../examples/postgres-event-store/index.js'
import { contactSummary, createReadModel, writeContactSummaries } from '../../examples/postgres-event-store/read-model.js'
import { canonicalJson } from '../../src/core/plain.js'
import { handleCommand } from '../../src/handler/index.js'
import { networkProjection, projectionRunner, type CatchUp, type RunnerError } from '../../src/projections/index.js'
import { foldEvents, networkSnapshot, type NetworkState } from '../../src/state/index.js'
import { generateEventStream } from '../../src/testing/index.js'
import { load } from '../handler/support.js'
import { TIMEOUT } from './support.js'

const ok = (r: E.Either<RunnerError, CatchUp>): CatchUp => {
  if (E.isLeft(r)) throw new Error(`${r.left.code}: ${r.left.message}`)
  return r.right
}
const view = (s: NetworkState | undefined): string => canonicalJson(networkSnapshot(s as NetworkState))
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export const postgresProjectionCases = (name: string, fresh: () => Promise<SqlDatabase>, skip = false): void => {
  describe.skipIf(skip)(name, () => {
    it('saves checkpoint, snapshot and read model in one transaction; a restart resumes from them; a second runner collides', async () => {
      const db = await fresh()
      await createReadModel(db)
      const store = postgresEventStore(db)
      const events = generateEventStream({ seed: 41, contacts: 25, events: 900 })
      await load(store, events.slice(0, 600))
      const checkpoints = postgresCheckpointStore(db, { write: writeContactSummaries, keep: 2 })
      const runner = projectionRunner({ store, projection: networkProjection, checkpoints, pageSize: 100, checkpointEvery: 250 })
      expect(ok(await runner.catchUp())).toEqual({ position: 600, applied: 600, checkpoints: 2, resumedFrom: 0 })
      // Only the newest `keep` snapshots stay.
      expect((await db.query<{ position: unknown }>('SELECT position FROM snapshots ORDER BY position')).rows.map((r) => Number(r.position))).toEqual([300, 600])

      await load(store, events.slice(600))
      const restarted = projectionRunner({ store, projection: networkProjection, checkpoints, pageSize: 100 })
      expect(ok(await restarted.catchUp())).toEqual({ position: 900, applied: 300, checkpoints: 1, resumedFrom: 600 })
      const fold = foldEvents(events)
      expect(view(restarted.current()?.state)).toBe(view(fold))
      const { rows } = await db.query<Record<string, unknown>>('SELECT contact_id, name, role, met, erased, referrals_given, referrals_received FROM contact_summaries ORDER BY contact_id')
      expect(rows).toEqual([...fold.contacts.values()].map(contactSummary).sort((a, b) => (a.contact_id < b.contact_id ? -1 : 1)))
      const { rows: progress } = await db.query<{ events_applied: unknown }>('SELECT events_applied FROM read_model_progress')
      expect(progress.map((r) => Number(r.events_applied))).toEqual([900])

      // The first runner still thinks the checkpoint is at 600: its next save is refused, nothing written.
      await load(store, generateEventStream({ seed: 42, contacts: 2, events: 5 }).map((e) => ({ ...e, id: `late-${e.id}` }) as typeof e))
      const late = await runner.catchUp()
      expect(E.isLeft(late) && late.left.code).toBe('checkpoint-conflict')
      expect((await db.query<{ events_applied: unknown }>('SELECT events_applied FROM read_model_progress')).rows.map((r) => Number(r.events_applied))).toEqual([900])
    }, TIMEOUT)

    it('a failing read-model write rolls the checkpoint back with it', async () => {
      const db = await fresh()
      const store = postgresEventStore(db)
      await load(store, generateEventStream({ seed: 43, contacts: 5, events: 50 }))
      const failing = postgresCheckpointStore(db, {
        write: async (tx) => {
          await tx.query('SELECT 1 FROM no_such_table')
        },
      })
      const r = await projectionRunner({ store, projection: networkProjection, checkpoints: failing }).catchUp()
      expect(E.isLeft(r) && r.left.code).toBe('store-failed')
      expect((await db.query('SELECT * FROM projection_checkpoints')).rows).toEqual([])
      expect((await db.query('SELECT * FROM snapshots')).rows).toEqual([])
    }, TIMEOUT)

    it('command handlers start from the newest snapshot, restored once and shared until a newer one is stored', async () => {
      const db = await fresh()
      const store = postgresEventStore(db)
      const now = new Date('2026-11-26T09:00:00Z')
      const source = snapshotSource(db)
      expect(await source()).toBeUndefined()
      const add = (id: string) => handleCommand(store, { type: 'AddContact', commandId: `k-${id}`, contactId: id, name: id, met: true }, { now, snapshot: source })
      for (const id of ['ada', 'bo']) expect(E.isRight(await add(id))).toBe(true)
      ok(await projectionRunner({ store, projection: networkProjection, checkpoints: postgresCheckpointStore(db) }).catchUp())
      const a = await source()
      expect([a?.position, a?.state.contacts.size]).toEqual([2, 2])
      expect(await source()).toBe(a) // the same object: not parsed again
      // A command from the snapshot: a refusal that needs what the snapshot holds.
      const again = await handleCommand(store, { type: 'AddContact', commandId: 'k-ada-2', contactId: 'ada', name: 'Ada', met: true }, { now, snapshot: source })
      expect(E.isLeft(again) && again.left.code).toBe('contact-exists')
      // A snapshot of another version is skipped: the handler then reads from the start.
      await db.query(CHECKPOINT_SQL.snapshot, ['default', 'touchbase.network', 3, JSON.stringify({ format: 'touchbase.snapshot', version: 0, position: 3, state: {} })])
      expect(await source()).toBeUndefined()
    }, TIMEOUT)

    it('a live runner is woken by the appends\' NOTIFY, not by its poll', async () => {
      const db = await fresh()
      const store = postgresEventStore(db)
      const events = generateEventStream({ seed: 44, contacts: 6, events: 120 })
      await load(store, events.slice(0, 60))
      const runner = projectionRunner({ store, projection: networkProjection, checkpoints: postgresCheckpointStore(db) })
      const controller = new AbortController()
      const wakeups: string[] = []
      async function* traced() {
        // An hour's poll: only a notification can wake it within the test.
        for await (const w of listenForAppends(db, { pollMs: 3_600_000, signal: controller.signal })) {
          wakeups.push(w)
          yield w
        }
      }
      const following = runner.follow(traced(), controller.signal)
      try {
        for (let i = 0; i < 200 && runner.current()?.position !== 60; i++) await sleep(25)
        await load(store, events.slice(60))
        for (let i = 0; i < 400 && runner.current()?.position !== 120; i++) await sleep(25)
        expect(runner.current()?.position).toBe(120)
        expect(wakeups.length).toBeGreaterThan(0)
        expect(new Set(wakeups)).toEqual(new Set(['notified']))
      } finally {
        controller.abort()
        await following
      }
      expect(view(runner.current()?.state)).toBe(view(foldEvents(events)))
    }, TIMEOUT)
  })
}
