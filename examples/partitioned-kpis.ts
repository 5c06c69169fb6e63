/**
 * KPIs computed in parallel, one partition per worker thread, and checked against one pass
 * (docs/scaling.md).
 *
 *   npx tsx examples/partitioned-kpis.ts [--events 200000] [--contacts 2000] [--workers 4]
 *                                        [--seed 1] [--transport clone|json] [--partition-by stream|event]
 *
 * It generates a deterministic stream, splits it by `kpiStreamKey` (a hash of the contact id:
 * every event of a stream in one partition, in order), has each worker compute `kpiAggregate`
 * of its partition, merges the partials with `concatAll(kpiMonoid)`, and compares the merged
 * aggregate and its report with one pass over all events. It exits with 1 if they differ.
 *
 * `--transport json` sends each partial back as JSON (`encodeKpiAggregate` / `decodeKpiAggregate`), the way
 * it would travel between machines. `--partition-by event` breaks the law on purpose — it
 * scatters each stream's events over the workers — to show what the partitioning buys: the
 * merged report is then wrong and the example fails.
 *
 * Everything printed is deterministic except the lines starting with `time:`.
 */
import { concatAll } from 'fp-ts/lib/Monoid.js'
import * as E from 'fp-ts/lib/Either.js'
import { parseArgs, isDeepStrictEqual } from 'node:util'
import { Worker } from 'node:worker_threads'
import { kpiAggregate, kpiMonoid, kpiStreamKey, kpis, type KpiAggregate, type KpiQuery, type StoredEvent } from 'touchbase'
import { generateEventStream } from 'touchbase/testing'
import { decodeKpiAggregate } from 'touchbase'
import { asStored, partitionByStream, partitionOf } from './partitioned-kpis/partition.js'
import type { PartialResult, PartitionTask, Transport } from './partitioned-kpis/protocol.js'

const USAGE = 'usage: npx tsx examples/partitioned-kpis.ts [--events N] [--contacts N] [--workers K] [--seed S] [--transport clone|json] [--partition-by stream|event]'

const { values: opts } = parseArgs({
  options: {
    events: { type: 'string', default: '200000' },
    contacts: { type: 'string', default: '2000' },
    workers: { type: 'string', default: '4' },
    seed: { type: 'string', default: '1' },
    transport: { type: 'string', default: 'clone' },
    'partition-by': { type: 'string', default: 'stream' },
  },
})

const positive = (name: string, s: string): number => {
  const n = Number(s)
  if (!Number.isSafeInteger(n) || n < 1) {
    console.error(`--${name} must be a positive integer, got ${JSON.stringify(s)}\n${USAGE}`)
    process.exit(2)
  }
  return n
}
const eventCount = positive('events', opts.events)
const contacts = positive('contacts', opts.contacts)
const workers = positive('workers', opts.workers)
const seed = positive('seed', opts.seed)
if (opts.transport !== 'clone' && opts.transport !== 'json') {
  console.error(`--transport must be clone or json\n${USAGE}`)
  process.exit(2)
}
const transport: Transport = opts.transport
const byStream = opts['partition-by'] !== 'event'

// The generated stream spans 2025-01-01 to about 2027-01-01: report on its second year.
const query: KpiQuery = { now: new Date('2027-01-01T00:00:00Z'), from: '2026-01-01', to: '2026-12-31', ids: true }

/** The wrong way, for contrast: by event id, so a contact's events end up in several partitions. */
const partitionByEvent = (all: readonly StoredEvent[], k: number): StoredEvent[][] => {
  const parts: StoredEvent[][] = Array.from({ length: k }, () => [])
  for (const s of all) parts[partitionOf(s.event.id, k)]?.push(s)
  return parts
}

const clock = () => performance.now()
const ms = (x: number) => `${x.toFixed(1)} ms`

console.log(`events: ${eventCount}, contacts: ${contacts}, workers: ${workers}, seed: ${seed}, transport: ${transport}, partition by: ${byStream ? 'stream' : 'event'}`)

let t = clock()
const events = asStored(generateEventStream({ seed, contacts, events: eventCount }))
console.log(`time: generate ${events.length} events: ${ms(clock() - t)}`)

t = clock()
const partitions = byStream ? partitionByStream(events, workers) : partitionByEvent(events, workers)
console.log(`time: partition into ${workers}: ${ms(clock() - t)}`)
partitions.forEach((p, i) => console.log(`partition ${i}: ${p.length} events, ${new Set(p.map((s) => kpiStreamKey(s.event))).size} streams`))

/** Starts a worker on one partition; resolves with its partial and when it arrived. */
const runWorker = (task: PartitionTask): Promise<{ result: PartialResult; receivedAt: number }> =>
  new Promise((resolve, reject) => {
    // The entry point is a .mjs file that registers tsx inside the worker (see its comments).
    // `execArgv: []`: the worker needs none of the parent's flags — under `npx tsx` those are
    // tsx's CLI hooks, which do not apply to a worker's modules on Node 20 anyway.
    const worker = new Worker(new URL('./partitioned-kpis/worker.mjs', import.meta.url), { workerData: task, execArgv: [] })
    let done = false
    worker.once('message', (result: PartialResult) => {
      done = true
      resolve({ result, receivedAt: performance.timeOrigin + performance.now() })
      void worker.terminate()
    })
    worker.once('error', reject)
    worker.once('exit', (code) => {
      if (!done) reject(new Error(`worker ${task.partition} exited with code ${code} before posting its partial`))
    })
  })

t = clock()
const started = performance.timeOrigin + performance.now()
const results = await Promise.all(partitions.map((p, partition) => runWorker({ partition, events: p, transport })))
const wall = clock() - t
for (const { result: r, receivedAt } of results) {
  const encode = transport === 'json' ? `, encode ${ms(r.encodeMs)} (${(r.aggregate as string).length} chars)` : ''
  console.log(
    `time: worker ${r.partition}: ${r.events} events, ${r.streams} streams, start-up ${ms(r.startedAt - started)}, aggregate ${ms(r.aggregateMs)}${encode}, transfer back ${ms(receivedAt - r.postedAt)}`,
  )
}
console.log(`time: workers (start, send partitions, aggregate, post back): ${ms(wall)}`)

t = clock()
const partials: KpiAggregate[] = results.map(({ result: r }) => {
  if (typeof r.aggregate !== 'string') return r.aggregate
  const decoded = decodeKpiAggregate(JSON.parse(r.aggregate), `partial[${r.partition}]`)
  if (E.isLeft(decoded)) throw new Error(decoded.left.message)
  return decoded.right
})
if (transport === 'json') console.log(`time: decode ${partials.length} partials: ${ms(clock() - t)}`)

t = clock()
const merged = concatAll(kpiMonoid)(partials)
const mergeMs = clock() - t
// `concat` keeps one side's facts for a stream two partials both hold, so a stream split
// across partitions would be silently half-counted: check the partials were disjoint.
const overlapping = partials.reduce((n, p) => n + p.streams.size, 0) - merged.streams.size
console.log(`partials disjoint: ${overlapping === 0}${overlapping === 0 ? '' : ` (${overlapping} streams held by more than one partial)`}`)
t = clock()
const report = kpis(merged, query)
const finalizeMs = clock() - t
console.log(`time: merge ${partials.length} partials: ${ms(mergeMs)}; finalize (kpis of the merged aggregate): ${ms(finalizeMs)}`)

t = clock()
const whole = kpiAggregate(events)
const onePassMs = clock() - t
t = clock()
const reference = kpis(whole, query)
console.log(`time: one pass: aggregate ${ms(onePassMs)}, finalize ${ms(clock() - t)}`)

t = clock()
// Deep, strict equality: `Map`s and `Set`s compare by content whatever their order.
const sameAggregate = isDeepStrictEqual(merged, whole)
const sameReport = isDeepStrictEqual(report, reference)
console.log(`time: compare: ${ms(clock() - t)}`)

const pct = (x: number | null) => (x === null ? 'n/a' : `${x.toFixed(2)}%`)
console.log(`merged streams: ${merged.streams.size} (one pass: ${whole.streams.size})`)
console.log(
  `report ${report.period.from} to ${report.period.to}: ${report.referralsReceived.total} referrals received, conversion ${pct(report.conversionRate.value)}, ` +
    `referral rate ${pct(report.referralRate.value === null ? null : report.referralRate.value * 100)}, NPS ${report.nps.value?.toFixed(1) ?? 'n/a'}, ` +
    `${report.touchesPerContact.value?.toFixed(2) ?? 'n/a'} touches per contact`,
)
console.log(`aggregate equal to one pass: ${sameAggregate}`)
console.log(`report equal to one pass: ${sameReport}`)
if (overlapping !== 0 || !sameAggregate || !sameReport) process.exitCode = 1
