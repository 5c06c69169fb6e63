/**
 * `npm run bench`: the foundation's performance bars (DESIGN §3 and §4.3), each measured as a
 * ratio against a reference in the same process, so that the machine's speed cancels out.
 *
 * - fold: `foldEvents` over N generated events / C contacts against the hand-written
 *   mutable baseline (`bench/baseline.ts`) over the same pre-decoded events.
 *   Bar: the fold's throughput ≥ 50% of the baseline's.
 * - evolve: one event applied to a folded state of 100,000 contacts against one of 10,000.
 *   Bar: the 100k cost ≤ 2× the 10k cost; and 10,000 events applied in sequence (each on the
 *   state the last made), p99.9 ≤ 1 ms.
 * - memory (`--only memory`): the heap a folded state of 10,000 contacts retains at 1 M and
 *   5 M events (`bench/memory.ts`). Bars: ≤ 1 KB a contact at 1 M, 5 M ≤ 1.5× 1 M; with
 *   `--memory-events 1000000,5000000,10000000` and no heap flag, a 10 M fold in the default heap.
 * - kpis: the KPI aggregate over the fold's events against `foldEvents` (`bench/kpis.ts`).
 *   Bar: the KPI pass costs at most 2× the fold.
 * - schedules: 10,000 annual 33-touch schedules against plain touch objects dated with
 *   date-fns `addDays` (`bench/schedules.ts`). Bars: ≥ 25% of the baseline's touches/s, and
 *   under a second for the 10,000.
 *
 * - snapshot: `restoreSnapshot` of a 100,000-contact network against `foldEvents` of the events
 *   it covers (`bench/snapshot.ts`), and both end to end from stored text. Bar: restoring
 *   ≥ 10× faster.
 * - pg-catchup: a projection runner catching up over 1,000,000 events stored in PostgreSQL
 *   (read + decode + fold) against a bare `SELECT` of the same rows (`bench/pg-catchup.ts`);
 *   needs DATABASE_URL (`.ci/with-postgres npm run bench -- --only pg-catchup`). Not in the
 *   default run.
 * - workers: 1, 2 and 4 KPI worker processes aggregating 1,000,000 stored events through
 *   PostgreSQL leases and checkpoints (`bench/workers.ts`), each checked against one pass;
 *   needs DATABASE_URL (`.ci/with-postgres npm run bench -- --only workers`). Not in the
 *   default run.
 *
 * Reports a table and writes JSON to `bench/out/`. Exits non-zero on a failed bar only with
 * `--strict` (a failed equal-work check always fails the run: its figures would mean nothing).
 *
 *   npm run bench                                   # the full sizes
 *   npm run bench -- --events 200000 --runs 5       # a quicker fold run
 *   npm run bench -- --only evolve --evolve-large 50000
 *   npm run bench -- --strict                       # exit 1 when a bar fails
 *   NODE_OPTIONS=--max-old-space-size=12000 npm run bench -- --only snapshot   # restore vs refold, 100,000 contacts (holds ~6 GB)
 *   NODE_OPTIONS=--max-old-space-size=8000 npm run bench -- --only scale      # the fold at 10,000 / 100,000 / 300,000 contacts (holds ~5 GB)
 *   .ci/with-postgres npm run bench -- --only pg-catchup   # catch-up from PostgreSQL
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { dirname, join } from 'node:path'
import { PerformanceObserver } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { getHeapStatistics } from 'node:v8'
import type { RelationshipEvent } from '../src/events/index.js'
import { evolve, foldEvents, type NetworkState } from '../src/state/index.js'
import { generateEventStream } from '../src/testing/index.js'
// The fold's baseline and its equal-work check are imported by the fold bench alone, when it
// runs: another bench (`--only snapshot`) does not depend on them.
type CheckModule = typeof import('./check.js')
import { agendaBenchOptions, benchAgenda, benchLive } from './agenda.js'
import { benchKpis } from './kpis.js'
import { benchSchedules } from './schedules.js'
import { measureRetained } from './memory.js'
import { benchScale } from './scale.js'
import { benchSnapshot } from './snapshot.js'
import { collectGarbage, fmt, nowMs, summarize, tailOf, type Summary } from './stats.js'

const { values: opts } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    contacts: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '7' },
    warmup: { type: 'string', default: '2' },
    seed: { type: 'string', default: '1' },
    'evolve-small': { type: 'string', default: '10000' },
    'evolve-large': { type: 'string', default: '100000' },
    'evolve-density': { type: 'string', default: '10' },
    'evolve-samples': { type: 'string', default: '10000' },
    'evolve-rounds': { type: 'string', default: '5' },
    'schedule-contacts': { type: 'string', default: '10000' },
    'scale-sizes': { type: 'string', default: '10000,100000,300000' },
    'scale-density': { type: 'string', default: '10' },
    'scale-runs': { type: 'string', default: '3' },
    'memory-contacts': { type: 'string', default: '10000' },
    'memory-events': { type: 'string', default: '1000000,5000000' },
    'snapshot-contacts': { type: 'string', default: '100000' },
    'snapshot-events': { type: 'string', default: '1000000' },
    'snapshot-runs': { type: 'string', default: '3' },
    'pg-events': { type: 'string', default: '1000000' },
    'pg-contacts': { type: 'string', default: '10000' },
    'pg-runs': { type: 'string', default: '3' },
    'workers-events': { type: 'string', default: '1000000' },
    'workers-contacts': { type: 'string', default: '10000' },
    'workers-partitions': { type: 'string', default: '16' },
    'workers-counts': { type: 'string', default: '1,2,4' },
    'workers-every': { type: 'string', default: '250000' },
    'workers-page': { type: 'string', default: '2000' },
    'workers-runs': { type: 'string', default: '1' },
    ...agendaBenchOptions,
    only: { type: 'string' },
    strict: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
})

if (opts.help) {
  console.log(`npm run bench -- [--events N] [--contacts N] [--runs N] [--warmup N] [--seed N]
  [--evolve-small N] [--evolve-large N] [--evolve-density EVENTS_PER_CONTACT]
  [--evolve-samples N] [--evolve-rounds N] [--schedule-contacts N]
  [--snapshot-contacts N] [--snapshot-events N] [--snapshot-runs N]
  [--pg-events N] [--pg-contacts N] [--pg-runs N]
  [--workers-events N] [--workers-contacts N] [--workers-partitions N] [--workers-counts 1,2,4]
  [--workers-every N] [--workers-page N] [--workers-runs N]
  [--only fold|evolve|schedules|kpis|snapshot|pg-catchup|workers|agenda|live] [--strict]
  agenda and live run only when named: [--agenda-contacts N] [--agenda-baseline-contacts N] [--agenda-next N] [--agenda-runs N] [--live-small N]`)
  process.exit(0)
}

const int = (name: keyof typeof opts): number => {
  const v = Number(String(opts[name]).replaceAll('_', ''))
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} must be a positive integer, got ${String(opts[name])}`)
  return v
}

const only = opts.only
const ONLY = ['fold', 'evolve', 'schedules', 'kpis', 'finalize', 'snapshot', 'pg-catchup', 'workers', 'scale', 'memory', 'agenda', 'live']
if (only !== undefined && !ONLY.includes(only)) {
  throw new Error(`--only takes ${ONLY.join(', ')}`)
}

const load = (): [number, number, number] => loadavg().map((x) => Math.round(x * 100) / 100) as [number, number, number]

interface Bar {
  readonly name: string
  readonly bar: string
  readonly value: string
  readonly pass: boolean
}

const bars: Bar[] = []
const report: Record<string, unknown> = {
  startedAt: new Date().toISOString(),
  node: process.version,
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  loadAtStart: load(),
  options: opts,
}

/** Every timed result feeds this sum (written to the report), so no timed work is dead code. */
let sink = 0
const keep = (x: { readonly eventCount: number }): void => {
  sink += x.eventCount
}

const table = (rows: readonly (readonly string[])[]): void => {
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)))
  for (const [k, r] of rows.entries()) {
    console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  '))
    if (k === 0) console.log(widths.map((w) => '─'.repeat(w)).join('  '))
  }
}

// ---------------------------------------------------------------------------------------
// foldEvents against the baseline

let generated: RelationshipEvent[] | undefined
/** The stream the fold and KPI benches share, generated once. */
const benchEvents = (): RelationshipEvent[] => {
  if (generated === undefined) {
    const t = nowMs()
    generated = generateEventStream({ seed: int('seed'), contacts: int('contacts'), events: int('events') })
    console.log(`generated ${fmt(generated.length)} events / ${fmt(int('contacts'))} contacts in ${fmt((nowMs() - t) / 1000, 1)} s`)
  }
  return generated
}

const benchFold = async (): Promise<void> => {
  const { runBaseline } = await import('./baseline.js')
  const { baselineCounts, differences, foldCounts } = await import('./check.js')
  const n = int('events')
  const contacts = int('contacts')
  const runs = int('runs')
  const warmup = Number(opts.warmup)
  console.log(`\n## foldEvents vs the mutable baseline: ${fmt(n)} events / ${fmt(contacts)} contacts`)

  const events = benchEvents()
  let t: number

  // Equal work, checked on the very stream that is timed.
  t = nowMs()
  let counts: ReturnType<CheckModule['foldCounts']>
  let diffs: string[]
  {
    const folded = foldEvents(events)
    const mutable = runBaseline(events)
    counts = foldCounts(folded)
    diffs = differences(folded, mutable)
    if (JSON.stringify(counts) !== JSON.stringify(baselineCounts(mutable))) diffs.push('counts differ')
  }
  if (diffs.length > 0) {
    console.error('FAIL: the baseline does not end with the fold’s state; the comparison would not be of equal work:')
    for (const d of diffs) console.error('  ' + d)
    process.exit(2)
  }
  console.log(`equal work checked in ${fmt((nowMs() - t) / 1000, 1)} s: both end with`, counts)

  const subjects = {
    foldEvents: (es: readonly RelationshipEvent[]): { eventCount: number } => foldEvents(es),
    baseline: (es: readonly RelationshipEvent[]): { eventCount: number } => runBaseline(es),
  }
  type Name = keyof typeof subjects
  const times: Record<Name, number[]> = { foldEvents: [], baseline: [] }
  const pairRatios: number[] = []
  const runLoads: number[] = []
  const once = (name: Name): number => {
    collectGarbage()
    const t0 = nowMs()
    const out = subjects[name](events)
    const ms = nowMs() - t0
    keep(out)
    return ms
  }
  for (let i = 0; i < warmup; i++) {
    once('foldEvents')
    once('baseline')
  }
  for (let i = 0; i < runs; i++) {
    // Alternate who goes first, so neither always inherits the other's heap and JIT state.
    const order: Name[] = i % 2 === 0 ? ['foldEvents', 'baseline'] : ['baseline', 'foldEvents']
    const ms: Record<string, number> = {}
    for (const name of order) ms[name] = once(name)
    times.foldEvents.push(ms['foldEvents'] as number)
    times.baseline.push(ms['baseline'] as number)
    pairRatios.push((ms['baseline'] as number) / (ms['foldEvents'] as number))
    runLoads.push(load()[0])
    console.log(`  run ${i + 1}/${runs}: foldEvents ${fmt(ms['foldEvents'] as number)} ms, baseline ${fmt(ms['baseline'] as number)} ms (load ${runLoads.at(-1)})`)
  }
  const fold = summarize(times.foldEvents)
  const base = summarize(times.baseline)
  const pairs = summarize(pairRatios)
  const tput = (s: Summary): number => n / (s.median / 1000)
  const ratio = base.median / fold.median
  console.log()
  table([
    ['', 'median ms', 'min ms', 'max ms', 'spread', 'events/s (median)', 'µs/event'],
    ...([
      ['foldEvents', fold],
      ['baseline', base],
    ] as const).map(([name, s]) => [
      name,
      fmt(s.median),
      fmt(s.min),
      fmt(s.max),
      `${fmt(s.spreadPct, 1)}%`,
      fmt(tput(s)),
      fmt((s.median * 1000) / n, 3),
    ]),
  ])
  console.log(
    `\nratio foldEvents/baseline throughput: ${fmt(ratio * 100, 1)}% (of medians); per alternating pair: median ${fmt(pairs.median * 100, 1)}%, range ${fmt(pairs.min * 100, 1)}–${fmt(pairs.max * 100, 1)}%`,
  )
  const pass = ratio >= 0.5
  bars.push({ name: 'foldEvents ≥ 50% of baseline throughput', bar: '≥ 50%', value: `${fmt(ratio * 100, 1)}%`, pass })
  report['fold'] = {
    events: n,
    contacts,
    runs,
    warmup,
    counts,
    foldEventsMs: fold,
    baselineMs: base,
    foldEventsPerSecond: tput(fold),
    baselineEventsPerSecond: tput(base),
    ratio,
    pairRatios: pairs,
    foldEventsRunsMs: times.foldEvents,
    baselineRunsMs: times.baseline,
    loadAfterEachRun: runLoads,
    pass,
  }
}

// ---------------------------------------------------------------------------------------
// evolve on a large state against a small one

interface EvolveSubject {
  readonly contacts: number
  readonly state: NetworkState
  readonly next: readonly RelationshipEvent[]
  readonly samplesUs: number[]
  readonly roundMediansUs: number[]
  setAside: number
}

const benchEvolve = async (): Promise<void> => {
  const density = int('evolve-density')
  const samples = int('evolve-samples')
  const rounds = int('evolve-rounds')
  const sizes = [int('evolve-small'), int('evolve-large')] as const
  console.log(
    `\n## evolve of one event: ${fmt(sizes[1])} contacts vs ${fmt(sizes[0])} (${density} events a contact; ${fmt(samples)} next events, each applied alone to the same state; ${rounds} rounds)`,
  )
  const subjects: EvolveSubject[] = sizes.map((contacts) => {
    const folded = contacts * density
    const t = nowMs()
    const events = generateEventStream({ seed: int('seed'), contacts, events: folded + samples })
    const state = foldEvents(events.slice(0, folded))
    const next = events.slice(folded)
    let setAside = 0
    for (const e of next) if (evolve(state, e).anomalies.size > state.anomalies.size) setAside++
    console.log(
      `  state of ${fmt(state.contacts.size)} contacts, ${fmt(state.referrals.size)} referrals, ${fmt(state.eventCount)} events (built in ${fmt((nowMs() - t) / 1000, 1)} s); ${setAside} of the next events are set aside when applied alone`,
    )
    return { contacts, state, next, samplesUs: [], roundMediansUs: [], setAside }
  })
  const pass1 = (s: EvolveSubject, record: boolean): void => {
    collectGarbage()
    const round: number[] = []
    for (const e of s.next) {
      const t0 = process.hrtime.bigint()
      const out = evolve(s.state, e)
      const us = Number(process.hrtime.bigint() - t0) / 1000
      keep(out)
      round.push(us)
    }
    if (record) {
      s.samplesUs.push(...round)
      s.roundMediansUs.push(summarize(round).median)
    }
  }
  for (const s of subjects) pass1(s, false) // warm-up
  for (let r = 0; r < rounds; r++) for (const s of r % 2 === 0 ? subjects : [...subjects].reverse()) pass1(s, true)

  const [small, large] = subjects.map((s) => ({ all: summarize(s.samplesUs), rounds: summarize(s.roundMediansUs), s })) as [
    { all: Summary; rounds: Summary; s: EvolveSubject },
    { all: Summary; rounds: Summary; s: EvolveSubject },
  ]
  console.log()
  table([
    ['state', 'median µs', 'p10 µs', 'p90 µs', 'mean µs', 'round medians µs (spread)'],
    ...[small, large].map(({ all, rounds: rm, s }) => [
      `${fmt(s.contacts)} contacts`,
      fmt(all.median, 2),
      fmt(all.p10, 2),
      fmt(all.p90, 2),
      fmt(all.mean, 2),
      `${fmt(rm.min, 2)}–${fmt(rm.max, 2)} (${fmt(rm.spreadPct, 1)}%)`,
    ]),
  ])
  const ratio = large.all.median / small.all.median
  const meanRatio = large.all.mean / small.all.mean
  console.log(`\nratio ${fmt(sizes[1])} / ${fmt(sizes[0])}: ${fmt(ratio, 2)}× (medians), ${fmt(meanRatio, 2)}× (means)`)
  const pass = ratio <= 2
  bars.push({ name: `evolve at ${fmt(sizes[1])} ≤ 2× at ${fmt(sizes[0])} contacts`, bar: '≤ 2×', value: `${fmt(ratio, 2)}×`, pass })
  // In sequence: each event applied to the state the previous one made, as a live host
  // does — so the id index grows and merges, and the collector runs, on the measured path.
  const large0 = subjects[1] as EvolveSubject
  collectGarbage()
  // The forced collection leaves the collector's threads sweeping a heap of about 1 GB for a
  // few seconds; on two cores they take the main thread's core in slices of ~4–8 ms (and once
  // ~100–200 ms), which no live host's event pays, since nothing forces a full collection
  // before it. Wait for them, so the tail is evolve's and the young collections it causes.
  await new Promise((resolve) => setTimeout(resolve, 5000))
  let seqState = large0.state
  const seqUs: number[] = []
  // The process's CPU time beside the wall time: on a shared machine a sample can be long
  // because the process waited for a core, which is not the library's cost. Collector pauses
  // are counted apart too (the 'gc' performance entries of the same span).
  const seqCpuUs: number[] = []
  const pauses: number[] = []
  const gcObserver = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) pauses.push(entry.duration)
  })
  gcObserver.observe({ entryTypes: ['gc'] })
  for (const e of large0.next) {
    const c0 = process.cpuUsage()
    const t0 = process.hrtime.bigint()
    seqState = evolve(seqState, e)
    seqUs.push(Number(process.hrtime.bigint() - t0) / 1000)
    const c1 = process.cpuUsage(c0)
    seqCpuUs.push(c1.user + c1.system)
  }
  await new Promise((resolve) => setTimeout(resolve, 50))
  gcObserver.disconnect()
  keep(seqState)
  const tail = tailOf(seqUs)
  const cpuTail = tailOf(seqCpuUs)
  const longPauses = pauses.filter((ms) => ms > 1).length
  console.log(
    `\nin sequence on ${fmt(large0.contacts)} contacts (${fmt(seqUs.length)} events, each on the state the last made): p50 ${fmt(tail.p50, 1)} µs, p99 ${fmt(tail.p99, 1)} µs, p99.9 ${fmt(tail.p999, 1)} µs, max ${fmt(tail.max / 1000, 1)} ms` +
      `\n  the process's CPU time of each (a sample's wall time less any wait for a core; collector threads included): p50 ${fmt(cpuTail.p50, 1)} µs, p99 ${fmt(cpuTail.p99, 1)} µs, p99.9 ${fmt(cpuTail.p999, 1)} µs, max ${fmt(cpuTail.max / 1000, 1)} ms` +
      `\n  collector pauses in the span: ${pauses.length} (${longPauses} over 1 ms, longest ${fmt(Math.max(0, ...pauses), 1)} ms)`,
  )
  bars.push({ name: `evolve in sequence at ${fmt(large0.contacts)} contacts, p99.9`, bar: '≤ 1 ms', value: `${fmt(tail.p999 / 1000, 2)} ms`, pass: tail.p999 <= 1000 })
  report['evolve'] = {
    sequence: { contacts: large0.contacts, us: tail, cpuUs: cpuTail, collectorPauses: pauses.length, collectorPausesOver1ms: longPauses },
    density,
    samples,
    rounds,
    small: { contacts: small.s.contacts, events: small.s.state.eventCount, setAside: small.s.setAside, us: small.all, roundMediansUs: small.rounds },
    large: { contacts: large.s.contacts, events: large.s.state.eventCount, setAside: large.s.setAside, us: large.all, roundMediansUs: large.rounds },
    ratio,
    meanRatio,
    pass,
  }
}

// ---------------------------------------------------------------------------------------

console.log(`touchbase bench — node ${process.version}, ${report['cores'] as number} × ${report['cpu'] as string}, load ${load().join(' ')}`)
// The agenda and live benchmarks (bench/agenda.ts) are long at 100,000 contacts: they run when named.
if (only === 'agenda' || only === 'live') {
  console.log(only === 'agenda' ? `\n## the agenda index at ${fmt(int('agenda-contacts'))} contacts` : `\n## toAgenda per event: ${fmt(int('live-small'))} and ${fmt(int('agenda-contacts'))} contacts`)
  const r =
    only === 'agenda'
      ? benchAgenda({ contacts: int('agenda-contacts'), baselineContacts: int('agenda-baseline-contacts'), next: int('agenda-next'), runs: int('agenda-runs') }, (l) => console.log(l))
      : benchLive({ small: int('live-small'), large: int('agenda-contacts'), next: int('agenda-next') }, (l) => console.log(l))
  bars.push(...r.bars)
  report[only] = r.report
}
if (only === undefined || only === 'fold') await benchFold()
if (only === undefined || only === 'evolve') {
  collectGarbage()
  await benchEvolve()
}
if (only === undefined || only === 'kpis' || only === 'finalize') {
  collectGarbage()
  const events = benchEvents()
  console.log(`\n## the KPI aggregate vs foldEvents: ${fmt(events.length)} events`)
  const r = benchKpis(events, int('runs'), Number(opts.warmup), new Date('2027-01-01T00:00:00Z'))
  table([
    ['', 'median ms', 'min–max ms', 'spread', 'events/s'],
    ['kpiAggregate', fmt(r.aggregateMs.median), `${fmt(r.aggregateMs.min)}–${fmt(r.aggregateMs.max)}`, `${fmt(r.aggregateMs.spreadPct, 1)}%`, fmt(r.events / (r.aggregateMs.median / 1000))],
    ['foldEvents', fmt(r.foldMs.median), `${fmt(r.foldMs.min)}–${fmt(r.foldMs.max)}`, `${fmt(r.foldMs.spreadPct, 1)}%`, fmt(r.events / (r.foldMs.median / 1000))],
    ['kpis (finalize)', fmt(r.finalizeMs.median), `${fmt(r.finalizeMs.min)}–${fmt(r.finalizeMs.max)}`, `${fmt(r.finalizeMs.spreadPct, 1)}%`, '—'],
  ])
  report['kpis'] = r
  bars.push({ name: 'KPI pass vs foldEvents', bar: '≤ 2×', value: `${fmt(r.costRatio, 2)}×`, pass: r.costRatio <= 2 })
  const finalizeShare = r.finalizeMs.median / r.aggregateMs.median
  console.log(`\nfinalize (the report of a period) / the aggregate: ${fmt(finalizeShare * 100, 1)}% (medians)`)
  bars.push({ name: 'KPI finalize vs the aggregate', bar: '≤ 25%', value: `${fmt(finalizeShare * 100, 1)}%`, pass: finalizeShare <= 0.25 })
}
if (only === 'scale') {
  const sizes = String(opts['scale-sizes']).split(',').map((x) => Number(x.replaceAll('_', '')))
  console.log(`\n## the fold at scale: foldEvents vs the mutable baseline at ${sizes.map((n) => fmt(n)).join(', ')} contacts (${int('scale-density')} events a contact)`)
  const results = await benchScale(sizes, int('scale-density'), int('scale-runs'), int('seed'), (l) => console.log(l))
  for (const r of results) bars.push({ name: `foldEvents at ${fmt(r.contacts)} contacts`, bar: '≥ 50%', value: `${fmt(r.ratio * 100, 1)}%`, pass: r.ratio >= 0.5 })
  report['scale'] = results
}
if (only === 'memory') {
  const contacts = int('memory-contacts')
  const sizes = String(opts['memory-events']).split(',').map((x) => Number(x.replaceAll('_', '')))
  console.log(`\n## memory: the heap a folded state retains, ${fmt(contacts)} contacts (the stream generated as it is folded)`)
  const results = sizes.map((events) => {
    const r = measureRetained(contacts, events, int('seed'))
    console.log(`  ${fmt(r.events)} events: ${fmt(r.retainedBytes / 1e6, 1)} MB retained — ${fmt(r.bytesPerContact)} B a contact, ${fmt(r.bytesPerEvent, 1)} B an event (folded in ${fmt(r.foldMs / 1000, 1)} s)`)
    return r
  })
  const first = results[0]
  if (first !== undefined) bars.push({ name: `retained heap at ${fmt(first.events)} events`, bar: '≤ 1 KB a contact', value: `${fmt(first.bytesPerContact)} B`, pass: first.bytesPerContact <= 1024 })
  // The growth bar compares 5× the first size with the first (1 M and 5 M by default); other sizes are reported.
  const last = results.find((r) => first !== undefined && r.events === 5 * first.events) ?? results[results.length - 1]
  if (first !== undefined && last !== undefined && last !== first) {
    const growth = last.retainedBytes / first.retainedBytes
    bars.push({ name: `retained at ${fmt(last.events)} / at ${fmt(first.events)} events`, bar: '≤ 1.5×', value: `${fmt(growth, 2)}×`, pass: growth <= 1.5 })
  }
  // A fold that does not fit ends the process before this line: reaching it is the pass.
  const heapLimitBytes = getHeapStatistics().heap_size_limit
  const limitGb = heapLimitBytes / 1e9
  const defaultHeap = ![...process.execArgv, process.env['NODE_OPTIONS'] ?? ''].some((a) => a.includes('max-old-space-size'))
  const largest = results.reduce((m, r) => Math.max(m, r.events), 0)
  console.log(`  heap limit ${fmt(limitGb, 1)} GB (${defaultHeap ? "Node's default" : 'set by --max-old-space-size'})`)
  if (largest >= 10_000_000 && defaultHeap) bars.push({ name: `fold of ${fmt(largest)} events in the default heap (${fmt(limitGb, 1)} GB)`, bar: 'completes', value: 'completed', pass: true })
  else console.log('  (the default-heap bar: `npm run bench -- --only memory --memory-events 1000000,5000000,10000000` with no --max-old-space-size)')
  report['memory'] = { results, heapLimitBytes, defaultHeap }
}
if (only === undefined || only === 'schedules') {
  collectGarbage()
  const contacts = int('schedule-contacts')
  console.log(`\n## 33-touch schedules for ${fmt(contacts)} contacts vs plain touches dated with date-fns addDays`)
  const r = benchSchedules(contacts, int('runs'), Number(opts.warmup))
  table([
    ['', 'median ms', 'min–max ms', 'spread', 'touches/s'],
    ['schedule', fmt(r.scheduleMs.median, 1), `${fmt(r.scheduleMs.min, 1)}–${fmt(r.scheduleMs.max, 1)}`, `${fmt(r.scheduleMs.spreadPct, 1)}%`, fmt(r.scheduleTouchesPerSecond)],
    ['baseline', fmt(r.baselineMs.median, 1), `${fmt(r.baselineMs.min, 1)}–${fmt(r.baselineMs.max, 1)}`, `${fmt(r.baselineMs.spreadPct, 1)}%`, fmt(r.baselineTouchesPerSecond)],
  ])
  report['schedules'] = r
  sink += r.touches
  bars.push({ name: 'schedules vs date-fns baseline', bar: '≥ 25%', value: `${fmt(r.ratio * 100, 1)}%`, pass: r.ratio >= 0.25 })
  bars.push({
    name: `${fmt(contacts)} annual schedules`,
    bar: '< 1 s (10,000)',
    value: `${fmt(r.scheduleMs.median, 0)} ms`,
    pass: r.scheduleMs.median * (10_000 / contacts) < 1000,
  })
}
if (only === undefined || only === 'snapshot') {
  collectGarbage()
  const contacts = int('snapshot-contacts')
  const n = int('snapshot-events')
  console.log(`\n## restoring a snapshot vs refolding its events: ${fmt(contacts)} contacts, ${fmt(n)} events`)
  const t = nowMs()
  const events = generateEventStream({ seed: int('seed'), contacts, events: n })
  console.log(`generated in ${fmt((nowMs() - t) / 1000, 1)} s`)
  const r = benchSnapshot(events, contacts, int('snapshot-runs'), Math.min(1, Number(opts.warmup)))
  table([
    ['', 'median ms', 'min–max ms', 'spread'],
    ...(
      [
        ['restore (snapshot text)', r.restoreTextMs],
        ['restore (parsed snapshot)', r.restoreValueMs],
        ['refold (stored events: decode + fold)', r.refoldStoredMs],
        ['fold (decoded events)', r.foldDecodedMs],
      ] as const
    ).map(([name, m]) => [name, fmt(m.median), `${fmt(m.min)}–${fmt(m.max)}`, `${fmt(m.spreadPct, 1)}%`]),
  ])
  console.log(
    `\nsnapshot ${fmt(r.snapshotChars / 1e6, 1)} M chars, stored events ${fmt(r.storedEventChars / 1e6, 1)} M chars; restoreSnapshot is ${fmt(r.speedup, 1)}× faster than foldEvents (end to end from stored text: ${fmt(r.speedupFromStored, 1)}×; snapshot text vs decoded events: ${fmt(r.speedupTextVsDecodedFold, 1)}×)`,
  )
  report['snapshot'] = r
  bars.push({ name: `restore a ${fmt(contacts)}-contact snapshot vs refold`, bar: '≥ 10×', value: `${fmt(r.speedup, 1)}×`, pass: r.speedup >= 10 })
}
if (only === 'pg-catchup') {
  collectGarbage()
  const { benchPgCatchUp } = await import('./pg-catchup.js')
  const r = await benchPgCatchUp({ events: int('pg-events'), contacts: int('pg-contacts'), runs: int('pg-runs'), seed: int('seed') })
  report['pgCatchUp'] = r
  bars.push({ name: `catch-up over ${fmt(r.events)} events from PostgreSQL`, bar: 'reported', value: `${fmt(r.eventsPerSecond)} events/s, ${fmt(r.ratio * 100, 1)}% of a bare SELECT`, pass: true })
}
if (only === 'workers') {
  const { benchWorkers } = await import('./workers.js')
  const counts = String(opts['workers-counts']).split(',').map((c) => Number(c))
  if (counts.some((c) => !Number.isInteger(c) || c < 1)) throw new Error(`--workers-counts takes positive integers, got ${String(opts['workers-counts'])}`)
  const r = await benchWorkers({
    events: int('workers-events'),
    contacts: int('workers-contacts'),
    partitions: int('workers-partitions'),
    counts,
    every: int('workers-every'),
    page: int('workers-page'),
    runs: int('workers-runs'),
    seed: int('seed'),
  })
  if (r !== undefined) {
    report['workers'] = r
    for (const w of r.runs) bars.push({ name: `${w.workers} KPI worker process${w.workers === 1 ? '' : 'es'} over ${fmt(r.events)} events`, bar: 'reported', value: `${fmt(w.catchUpSummary.median / 1000, 1)} s, ${fmt(w.speedup, 2)}× of 1`, pass: true })
  }
}
report['loadAtEnd'] = load()
report['sink'] = sink
report['bars'] = bars

console.log('\n## Bars')
table([['bar', 'target', 'measured', 'result'], ...bars.map((b) => [b.name, b.bar, b.value, b.pass ? 'PASS' : 'FAIL'])])
console.log(`\nload average at start ${(report['loadAtStart'] as number[]).join(' ')}, at end ${load().join(' ')} (1, 5, 15 min; ${report['cores'] as number} cores)`)

const outDir = join(dirname(fileURLToPath(import.meta.url)), 'out')
mkdirSync(outDir, { recursive: true })
const kind = only === 'agenda' || only === 'live' ? only : 'foundation'
const file = join(outDir, `${kind}-${(report['startedAt'] as string).replace(/[:.]/g, '-')}.json`)
const json = JSON.stringify(report, null, 2)
writeFileSync(file, json)
writeFileSync(join(outDir, `${kind}-latest.json`), json)
console.log(`wrote ${file}`)

if (opts.strict && bars.some((b) => !b.pass)) process.exit(1)
