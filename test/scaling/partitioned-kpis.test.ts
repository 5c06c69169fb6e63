import { execFileSync } from 'node:child_process'
import { isDeepStrictEqual } from 'node:util'
import * as fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { concatAll } from 'fp-ts/lib/Monoid.js'
import { describe, expect, it, vi } from 'vitest'
import { decodeKpiAggregate, encodeKpiAggregate } from '../../src/index.js'
import { asStored, partitionByStream, partitionOf } from '../../examples/partitioned-kpis/partition.js'
import { kpiAggregate, kpiMonoid, kpiStreamKey, kpis, type KpiAggregate, type KpiQuery } from '../../src/index.js'
import { arbitraryEventStream } from '../../src/testing/index.js'
import { ROOT, runExample } from '../support/run-example.js'
import { runs } from '../support/runs.js'

// The example's modules import 'touchbase', which vitest would resolve to the package's own
// built output (dist/, possibly stale); tsx maps it to src/ through tsconfig paths. Do the same.
vi.mock('touchbase', async () => await import('../../src/index.js'))

const EXAMPLE = 'examples/partitioned-kpis.ts'
// tsx compiles the library on start: allow for a slow machine.
const SLOW = { timeout: 120_000 }

/** The example's output without its timings. */
const stable = (out: string): string[] => out.split('\n').filter((l) => l.length > 0 && !l.startsWith('time:'))

describe('examples/partitioned-kpis.ts', () => {
  it('merges the partials of the partitions, sent as JSON, into the report of one pass', SLOW, () => {
    const out = stable(runExample(EXAMPLE, ['--events', '6000', '--contacts', '120', '--partitions', '3']))
    expect(out[0]).toBe('events: 6000, contacts: 120, partitions: 3, seed: 1, partition by: stream')
    expect(out.filter((l) => l.startsWith('partition '))).toHaveLength(3)
    expect(out).toContain('partials disjoint: true')
    expect(out).toContain('merged streams: 121 (one pass: 121)')
    expect(out).toContain('aggregate equal to one pass: true')
    expect(out).toContain('report equal to one pass: true')
  })

  it('prints the same report whatever the partition count (timings aside)', SLOW, () => {
    const args = ['--events', '4000', '--contacts', '80']
    const report = (out: string[]) => out.filter((l) => !l.startsWith('events:') && !l.startsWith('partition '))
    const one = stable(runExample(EXAMPLE, [...args, '--partitions', '1']))
    const two = stable(runExample(EXAMPLE, [...args, '--partitions', '2']))
    expect(two).toContain('report equal to one pass: true')
    expect(report(two)).toEqual(report(one))
    expect(report(one).some((l) => /^report 2026-01-01 to 2026-12-31: \d+ referrals received/.test(l))).toBe(true)
  })

  it('fails, exit code 1, when streams are split across partitions (by event id)', SLOW, () => {
    let status: number | null = 0
    let stdout = ''
    try {
      execFileSync(process.execPath, ['--import', 'tsx', EXAMPLE, '--events', '4000', '--contacts', '80', '--partitions', '3', '--partition-by', 'event'], {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 120_000,
      })
    } catch (e) {
      const err = e as { status: number | null; stdout: string }
      status = err.status
      stdout = err.stdout
    }
    expect(status).toBe(1)
    expect(stdout).toMatch(/^partials disjoint: false \(\d+ streams held by more than one partial\)$/m)
    expect(stdout).toContain('report equal to one pass: false')
  })
})

const streams = arbitraryEventStream({ maxEvents: 120, maxContacts: 8, merges: true })
const query: KpiQuery = { now: new Date('2027-06-01T00:00:00Z'), ids: true }

const merge = (parts: readonly KpiAggregate[]): KpiAggregate => concatAll(kpiMonoid)(parts)
const viaJson = (a: KpiAggregate): KpiAggregate => {
  const decoded = decodeKpiAggregate(JSON.parse(JSON.stringify(encodeKpiAggregate(a))))
  if (E.isLeft(decoded)) throw new Error(decoded.left.message)
  return decoded.right
}

describe('partial aggregates in transit', () => {
  it('partitionByStream puts every stream wholly in one partition, in order', () => {
    fc.assert(
      fc.property(streams, fc.integer({ min: 1, max: 6 }), (events, k) => {
        const parts = partitionByStream(asStored(events), k)
        expect(parts).toHaveLength(k)
        expect(parts.flat()).toHaveLength(events.length)
        parts.forEach((p, i) => {
          for (const s of p) expect(partitionOf(kpiStreamKey(s.event), k)).toBe(i)
          // Each stream's events in their original order.
          const positions = p.map((s) => s.position)
          expect(positions).toEqual([...positions].sort((a, b) => a - b))
        })
      }),
      { numRuns: runs(100) },
    )
  })

  it('survive structuredClone (as between threads, or postMessage) and still combine into the one-pass aggregate and report', () => {
    fc.assert(
      fc.property(streams, fc.integer({ min: 1, max: 6 }), (events, k) => {
        const parts = partitionByStream(asStored(events), k).map((p) => structuredClone(kpiAggregate(p)))
        const whole = kpiAggregate(events)
        expect(isDeepStrictEqual(merge(parts), whole)).toBe(true)
        expect(kpis(merge(parts), query)).toStrictEqual(kpis(whole, query))
      }),
      { numRuns: runs(100) },
    )
  })

  it('survive the JSON encoding (as between machines) and still combine into the one-pass aggregate and report', () => {
    fc.assert(
      fc.property(streams, fc.integer({ min: 1, max: 6 }), (events, k) => {
        const parts = partitionByStream(asStored(events), k).map((p) => viaJson(kpiAggregate(p)))
        const whole = kpiAggregate(events)
        expect(isDeepStrictEqual(merge(parts), whole)).toBe(true)
        expect(kpis(merge(parts), query)).toStrictEqual(kpis(whole, query))
      }),
      { numRuns: runs(100) },
    )
  })

  it('encodes canonically: equal aggregates give equal JSON, however they were merged', () => {
    fc.assert(
      fc.property(streams, fc.integer({ min: 2, max: 6 }), (events, k) => {
        const parts = partitionByStream(asStored(events), k).map((p) => kpiAggregate(p))
        const json = JSON.stringify(encodeKpiAggregate(kpiAggregate(events)))
        expect(JSON.stringify(encodeKpiAggregate(merge(parts)))).toBe(json)
        expect(JSON.stringify(encodeKpiAggregate(merge([...parts].reverse())))).toBe(json)
        expect(JSON.stringify(encodeKpiAggregate(viaJson(merge(parts))))).toBe(json)
      }),
      { numRuns: runs(100) },
    )
  })

  it('a decoded partial goes on reading where it stopped, as a checkpoint must (redeliveries count once)', () => {
    fc.assert(
      fc.property(streams, fc.nat(), fc.nat(), (events, cut, replay) => {
        const i = cut % (events.length + 1)
        const checkpoint = viaJson(kpiAggregate(events.slice(0, i)))
        // A consumer restarted from an older offset reads some events again.
        const from = i === 0 ? 0 : replay % (i + 1)
        const resumed = kpiAggregate(events.slice(from), checkpoint)
        const whole = kpiAggregate(events)
        expect(isDeepStrictEqual(resumed, whole)).toBe(true)
        expect(kpis(resumed, query)).toStrictEqual(kpis(whole, query))
      }),
      { numRuns: runs(100) },
    )
  })

  it('the decoder refuses malformed partials with the path of the fault, and never throws', () => {
    const good = encodeKpiAggregate(kpiAggregate([]))
    const bad = (u: unknown): string => {
      const r = decodeKpiAggregate(u)
      return E.isLeft(r) ? r.left.message : 'accepted'
    }
    expect(bad({ ...good, version: 1 })).toBe('aggregate.version: expected 3, got 1')
    expect(bad({ ...good, format: 'other' })).toMatch(/^aggregate\.format: expected "touchbase\/kpi-aggregate", got "other"/)
    const stream = encodeKpiAggregate(kpiAggregate([{ id: 'e0', type: 'ContactAdded', at: '2026-01-01T00:00:00Z', schema: 1, contactId: 'c1', name: 'C', met: false }])).streams[0]
    expect(bad({ ...good, streams: [stream, stream] })).toBe('aggregate.streams[1].key: expected a stream key not seen before in the aggregate, got "c1"')
    expect(bad({ ...good, streams: [{ ...stream, touches: ['x'] }] })).toBe('aggregate.streams[0].touches[0]: expected a finite number, got "x"')
    const event = { id: 'e1', type: 'ContactMet', at: '2026-01-01T00:00:00Z', schema: 1, contactId: 'c2' }
    expect(bad({ ...good, streams: [{ ...stream, scheduleEvents: [event] }] })).toBe('aggregate.streams[0].scheduleEvents[0]: expected an event of the stream "c1", got an event of "c2"')
    fc.assert(
      fc.property(fc.anything(), (u) => {
        expect(E.isLeft(decodeKpiAggregate(u))).toBe(true)
      }),
    )
  })
})
