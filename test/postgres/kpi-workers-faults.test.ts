/**
 * KPI worker processes killed mid-run (SIGKILL: no cleanup, no unlock, mid-read or mid-commit),
 * on a PostgreSQL server when DATABASE_URL is set — three workers at once, events appended
 * while they run, one of them killed; its session ends, its leases with it, and the others take
 * its partitions over — or on PGlite on disk otherwise (one process at a time: a worker killed,
 * then another that takes over from the checkpoints). In the end every network's merged report
 * equals one pass over its log, and a counter that is not idempotent, written in each
 * checkpoint's transaction, shows that every event was applied exactly once.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import * as E from 'fp-ts/lib/Either.js'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { createEventsTable, postgresEventStore, type SqlDatabase } from '../../examples/postgres-event-store/index.js'
import { createKpiTables, kpiProgress, readNetworkKpis, readTeamKpis, streamPartition } from '../../examples/postgres-workers/index.js'
import { kpiAggregate, kpis, streamIdOf, type KpiQuery, type RelationshipEvent, type StreamId } from '../../src/index.js'
import { generateEventStream } from '../../src/testing/index.js'
import { ROOT } from '../support/run-example.js'
import { faultDatabase } from './fault-database.js'

const url = process.env['DATABASE_URL']
const server = url !== undefined && url !== ''
const TIMEOUT = 600_000
const PARTITIONS = 8
const query: KpiQuery = { now: new Date('2027-01-01T00:00:00Z'), ids: true }

/** Two networks generated alike (the same contact and event ids in both). */
const LOGS: Record<string, RelationshipEvent[]> = {
  north: generateEventStream({ seed: 21, contacts: 60, events: 4_500 }),
  south: generateEventStream({ seed: 22, contacts: 60, events: 3_000 }),
}

/** Appends events through the store, a few streams a transaction (`appendMany`), each stream in its order. */
const append = async (db: SqlDatabase, network: string, events: readonly RelationshipEvent[]): Promise<void> => {
  const store = postgresEventStore(db, { network })
  for (let i = 0; i < events.length; i += 150) {
    const byStream = new Map<StreamId, RelationshipEvent[]>()
    for (const e of events.slice(i, i + 150)) byStream.set(streamIdOf(e), [...(byStream.get(streamIdOf(e)) ?? []), e])
    const r = await store.appendMany([...byStream].map(([streamId, batch]) => ({ streamId, expected: 'any' as const, events: batch })))
    if (E.isLeft(r)) throw new Error(`append: ${JSON.stringify(r.left)}`)
  }
}

interface Run {
  readonly child: ChildProcess
  out: string
  /** Resolves when it exits (killed or not). */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

/** Starts a worker process. */
const start = (args: readonly string[]): Run => {
  // One process (node with tsx's loader), not the tsx CLI: that spawns node as a child of its
  // own, which a SIGKILL of the CLI would leave running.
  const child = spawn(process.execPath, ['--import', 'tsx', `${ROOT}examples/postgres-workers/run-kpi-worker.ts`, '--partitions', String(PARTITIONS), '--page', '25', '--every', '100', '--poll-ms', '200', ...args], {
    cwd: ROOT,
    env: { ...process.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let err = ''
  const run: Run = {
    child,
    out: '',
    exited: new Promise((resolve, reject) => {
      child.on('error', reject)
      child.on('exit', (code, signal) => {
        if (code !== 0 && signal === null) reject(new Error(`a worker failed (${code}): ${err}`))
        else resolve({ code, signal })
      })
    }),
  }
  child.stdout?.on('data', (d: Buffer) => {
    run.out += String(d)
  })
  child.stderr?.on('data', (d: Buffer) => {
    err += String(d)
  })
  return run
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

const until = async (what: string, probe: () => boolean | Promise<boolean>, ms = 300_000): Promise<void> => {
  for (const deadline = Date.now() + ms; !(await probe()); await sleep(50)) if (Date.now() > deadline) throw new Error(`waited ${ms} ms for ${what}`)
}

/** The partitions a worker said it held last, and its name (`worker-<slot>`). */
const heldBy = (run: Run): { id: string; held: number[] } => {
  const slot = /^ready (\d+)$/m.exec(run.out)?.[1]
  const holds = [...run.out.matchAll(/^holds (.*)$/gm)].at(-1)?.[1] ?? ''
  return { id: `worker-${slot}`, held: holds === '(none)' ? [] : holds.split(',').map(Number) }
}

const checkpoints = (run: Run): number => [...run.out.matchAll(/^checkpoint /gm)].length

/** Every network's partials against one pass over its stored log, and the exactly-once counter. */
const expectOnePass = async (db: SqlDatabase): Promise<void> => {
  for (const network of Object.keys(LOGS)) {
    const log = await postgresEventStore(db, { network }).readAll()
    expect(log.length).toBe(LOGS[network]?.length)
    const r = await readNetworkKpis(db, network, { partitions: PARTITIONS })
    if (E.isLeft(r)) throw new Error(r.left.message)
    expect(r.right.caughtUp).toBe(true)
    const whole = kpiAggregate(log)
    expect(isDeepStrictEqual(r.right.aggregate, whole)).toBe(true)
    expect(kpis(r.right.aggregate, query)).toStrictEqual(kpis(whole, query))
    // Not idempotent: any batch applied twice would push it over the log's length.
    const { rows } = await db.query<{ events: unknown }>('SELECT coalesce(sum(events), 0) AS events FROM kpi_events_applied WHERE network = $1', [network])
    expect(Number(rows[0]?.events)).toBe(log.length)
  }
  const team = await readTeamKpis(db, Object.keys(LOGS), { partitions: PARTITIONS })
  expect(E.isRight(team) && team.right.caughtUp).toBe(true)
}

describe('KPI worker processes killed mid-run', () => {
  it(`end with one pass over every network's log, each event applied once, on ${server ? 'a PostgreSQL server (3 workers at once)' : 'PGlite on disk (one worker at a time)'}`, async () => {
    const schema = `touchbase_kpifaults_${randomUUID().replaceAll('-', '')}`
    const dir = server ? undefined : mkdtempSync(join(tmpdir(), 'touchbase-kpi-faults-'))
    const runs: Run[] = []
    // PGlite on disk is one process's at a time: opened around the runs, never during them.
    const { open, end } = faultDatabase(url, schema, dir)
    const split = (events: readonly RelationshipEvent[]) => [events.slice(0, Math.floor(events.length * 0.6)), events.slice(Math.floor(events.length * 0.6))] as const
    try {
      if (server) {
        const admin = new pg.Pool({ connectionString: url, max: 1 })
        await admin.query(`CREATE SCHEMA ${schema}`)
        await admin.end()
      }
      const first = await open()
      await createEventsTable(first.db)
      await createKpiTables(first.db)
      for (const [network, events] of Object.entries(LOGS)) await append(first.db, network, split(events)[0])
      await first.close()

      if (server) {
        // Three workers at once, a lock class of this run's own (other files may run workers).
        const target = ['--schema', schema, '--lock-class', String(0x6b710000 + Math.floor(Math.random() * 0xffff)), '--members', '3']
        for (let i = 0; i < 3; i++) runs.push(start(target))
        await until('three workers to take partitions', () => runs.every((r) => /^holds /m.test(r.out)))
        const victim = runs[1] as Run
        await until('the victim to commit', () => checkpoints(victim) >= 1)
        victim.child.kill('SIGKILL')
        const killed = await victim.exited
        expect(killed.signal).toBe('SIGKILL')
        const { id, held } = heldBy(victim)
        expect(held.length).toBeGreaterThan(0)
        // Killed mid-run: of the events of its partitions, it had committed only some (its
        // lines are printed after each commit; what it read since is lost with it).
        const committed = [...victim.out.matchAll(/\(\+(\d+)\)/g)].reduce((n, m) => n + Number(m[1]), 0)
        const share = Object.values(LOGS).reduce((n, events) => n + split(events)[0].filter((e) => held.includes(streamPartition(streamIdOf(e), PARTITIONS))).length, 0)
        expect(committed).toBeGreaterThan(0)
        expect(committed).toBeLessThan(share)
        const { db } = await open()
        // The rest of the logs arrive while the survivors take over.
        for (const [network, events] of Object.entries(LOGS)) await append(db, network, split(events)[1])
        await until('the survivors to catch every partition up', async () => {
          const progress = await kpiProgress(db, PARTITIONS)
          return Object.entries(LOGS).every(([network, events]) => progress.some((p) => p.network === network && p.partials === PARTITIONS && p.through >= events.length))
        })
        // Every partition the victim held was taken over: last written by a survivor, at the log's end.
        const { rows } = await db.query<{ partition: number; written_by: string }>(`SELECT partition, written_by FROM kpi_partials WHERE partition = ANY($1::int[])`, [held])
        expect(rows.length).toBe(held.length * Object.keys(LOGS).length)
        expect(rows.filter((r) => r.written_by === id)).toEqual([])
        const survivors = runs.filter((r) => r !== victim)
        for (const r of survivors) r.child.kill('SIGTERM')
        for (const r of survivors) expect((await r.exited).code).toBe(0)
        for (const r of survivors) expect(r.out).toMatch(/^done /m)
        console.log(`killed ${id} holding ${held.join(',')} after ${checkpoints(victim)} checkpoints (${committed} of its ${share} events committed); survivors held ${survivors.map((r) => heldBy(r).held.join(',')).join(' and ')}`)
        await expectOnePass(db)
      } else {
        const target = ['--pglite', dir as string]
        const victim = start([...target, '--once'])
        runs.push(victim)
        await until('the worker to commit', () => checkpoints(victim) >= 1)
        victim.child.kill('SIGKILL')
        expect((await victim.exited).signal).toBe('SIGKILL')
        expect(victim.out).not.toMatch(/^done /m)
        // The rest of the logs arrive while no worker runs; then another takes every partition over.
        const between = await open()
        for (const [network, events] of Object.entries(LOGS)) await append(between.db, network, split(events)[1])
        await between.close()
        const next = start([...target, '--once'])
        runs.push(next)
        expect((await next.exited).code).toBe(0)
        expect(next.out).toMatch(/^done /m)
        console.log(`killed after ${checkpoints(victim)} checkpoints; the next worker made ${checkpoints(next)}`)
        const { db, close } = await open()
        try {
          await expectOnePass(db)
        } finally {
          await close()
        }
      }
    } finally {
      for (const r of runs) if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL')
      await Promise.allSettled(runs.map((r) => r.exited))
      if (server) {
        await end()
        const admin = new pg.Pool({ connectionString: url, max: 1 })
        await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
        await admin.end()
      } else if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
    }
  }, TIMEOUT)
})
