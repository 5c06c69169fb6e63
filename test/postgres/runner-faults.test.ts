/**
 * The projection process killed at random points (SIGKILL: no cleanup, mid-read or mid-save)
 * and restarted, against PostgreSQL: a PostgreSQL server when DATABASE_URL is set (events are
 * appended between and during the runs), PGlite on disk otherwise. In the end the stored
 * snapshot is one fold of the log, the read model is the fold's, and the count of events the
 * read model applied is exactly the log's length: each checkpoint's work committed once.
 */
import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { createEventsTable, postgresEventStore } from '../../examples/postgres-event-store/index.js'
import { contactSummary, createReadModel } from '../../examples/postgres-event-store/read-model.js'
import { canonicalJson } from '../../src/core/plain.js'
import { restoreSnapshot } from '../../src/snapshots/index.js'
import { foldEvents, networkSnapshot } from '../../src/state/index.js'
import { generateEventStream, seededChooser } from '../../src/testing/index.js'
import { load } from '../handler/support.js'
import { ROOT } from '../support/run-example.js'
import { faultDatabase } from './fault-database.js'

const url = process.env['DATABASE_URL']
const server = url !== undefined && url !== ''
const TIMEOUT = 600_000

const events = generateEventStream({ seed: 31, contacts: 60, events: 3_000 })

/** Runs the projection process; resolves with its output when it exits (or is killed). */
const run = (args: readonly string[], killAfterReadyMs?: number) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }>((resolve, reject) => {
    // One process (node with tsx's loader), not the tsx CLI: that spawns node as a child of
    // its own, which a SIGKILL of the CLI would leave running.
    const child = spawn(process.execPath, ['--import', 'tsx', `${ROOT}examples/postgres-event-store/run-projections.ts`, '--page', '10', '--every', '30', ...args], {
      cwd: ROOT,
      env: { ...process.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    let err = ''
    let armed = killAfterReadyMs !== undefined
    child.stdout.on('data', (d: Buffer) => {
      out += String(d)
      // Killed a while after it is ready: mid-read, mid-save, or after — wherever that lands.
      if (armed && out.includes('ready')) {
        armed = false
        setTimeout(() => child.kill('SIGKILL'), killAfterReadyMs)
      }
    })
    child.stderr.on('data', (d: Buffer) => {
      err += String(d)
    })
    child.on('error', reject)
    child.on('exit', (code, signal) => {
      if (code !== 0 && signal === null) reject(new Error(`the projection process failed (${code}): ${err}`))
      else resolve({ code, signal, out })
    })
  })

describe('the projection process, killed at random points and restarted', () => {
  it(`ends with one fold of the log, on ${server ? 'a PostgreSQL server' : 'PGlite on disk'}`, async () => {
    const choose = seededChooser(7)
    const schema = `touchbase_faults_${randomUUID().replaceAll('-', '')}`
    const dir = server ? undefined : mkdtempSync(join(tmpdir(), 'touchbase-faults-'))
    // PGlite on disk is one process's at a time: opened around the runs, never during them.
    const { open, end } = faultDatabase(url, schema, dir)
    const target = server ? ['--schema', schema] : ['--pglite', dir as string]
    try {
      if (server) {
        const admin = new pg.Pool({ connectionString: url, max: 1 })
        await admin.query(`CREATE SCHEMA ${schema}`)
        await admin.end()
      }
      const first = await open()
      await createEventsTable(first.db)
      await createReadModel(first.db)
      // A third of the log now, the rest in chunks: while the process is down, and on a server
      // also while it runs (PGlite on disk is one process's at a time).
      const chunks = [events.slice(0, 1_000), events.slice(1_000, 1_500), events.slice(1_500, 2_000), events.slice(2_000, 2_500), events.slice(2_500)]
      await load(postgresEventStore(first.db), chunks.shift() ?? [])
      await first.close()

      const kills = 6
      // Runs killed before they had caught up: the kill landed mid-read or mid-save.
      let midway = 0
      for (let k = 0; k < kills; k++) {
        const delay = choose.int(1_500)
        const running = run(target, delay)
        if (server && chunks.length > 0 && k % 2 === 1) {
          const { db } = await open()
          await load(postgresEventStore(db), chunks.shift() ?? [])
        }
        const r = await running
        expect(r.signal === 'SIGKILL' || r.code === 0).toBe(true)
        if (!r.out.includes('caught up')) midway++
        console.log(`run ${k}: killed ${delay} ms after ready; ${r.out.trim().split('\n').slice(1).join('; ') || 'killed before catching up'}`)
        if (chunks.length > 0 && (!server || k % 2 === 0)) {
          const { db } = await open()
          await load(postgresEventStore(db), chunks.shift() ?? [])
        }
      }
      // The delays are long enough for some runs to finish, short enough for most not to.
      expect(midway).toBeGreaterThan(0)
      for (const chunk of chunks) await load(postgresEventStore((await open()).db), chunk)
      const last = await run([...target, '--once'])
      expect(last.out).toMatch(new RegExp(`caught up to ${events.length} `))

      const { db, close } = await open()
      try {
        const stored = await postgresEventStore(db).readAll()
        expect(stored.length).toBe(events.length)
        const fold = foldEvents(stored.map((s) => s.event))
        const { rows: cp } = await db.query<{ position: unknown; data: string }>(
          `SELECT c.position, s.data FROM projection_checkpoints c JOIN snapshots s ON s.name = c.name AND s.position = c.position WHERE c.name = 'touchbase.network'`,
        )
        expect(Number(cp[0]?.position)).toBe(events.length)
        const snap = restoreSnapshot(cp[0]?.data)
        if (E.isLeft(snap)) throw new Error(snap.left.message)
        expect(canonicalJson(networkSnapshot(snap.right.state))).toBe(canonicalJson(networkSnapshot(fold)))
        const { rows } = await db.query<Record<string, unknown>>('SELECT contact_id, name, role, met, erased, referrals_given, referrals_received FROM contact_summaries ORDER BY contact_id')
        const expected = [...fold.contacts.values()].map(contactSummary).sort((a, b) => (a.contact_id < b.contact_id ? -1 : 1))
        expect(rows).toEqual(expected)
        const { rows: progress } = await db.query<{ events_applied: unknown }>(`SELECT events_applied FROM read_model_progress WHERE name = 'contact_summaries'`)
        expect(Number(progress[0]?.events_applied)).toBe(events.length)
      } finally {
        await close()
      }
    } finally {
      if (server) {
        await end()
        const admin = new pg.Pool({ connectionString: url, max: 1 })
        await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
        await admin.end()
      } else if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
    }
  }, TIMEOUT)
})
