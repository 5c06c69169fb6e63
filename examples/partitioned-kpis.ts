/**
 * The partition law of `kpiMonoid`, in one process: a log cut into partitions by stream, each
 * partition aggregated on its own, each partial sent as JSON (as it travels between processes
 * or into a database row), the partials merged, and the result checked against one pass
 * (docs/scaling.md). The deployment of this — worker processes sharing only PostgreSQL, with
 * leases and checkpoints — is `examples/postgres-workers/`.
 *
 *   npx tsx examples/partitioned-kpis.ts [--events 200000] [--contacts 2000] [--partitions 4]
 *                                        [--seed 1] [--partition-by stream|event]
 *
 * It generates a deterministic stream, splits it by `kpiStreamKey` (a hash of the contact id:
 * every event of a stream in one partition, in order), computes `kpiAggregate` of each
 * partition, encodes it (`encodeKpiAggregate`) and decodes it again (`decodeKpiAggregate`),
 * merges the partials with `concatAll(kpiMonoid)`, and compares the merged aggregate and its
 * report with one pass over all events. It exits with 1 if they differ.
 *
 * `--partition-by event` breaks the law on purpose — it scatters each stream's events over the
 * partitions — to show what the partitioning buys: the merged report is then wrong and the
 * example fails.
 *
 * Everything printed is deterministic except the lines starting with `time:`.
 */
import { concatAll } from 'fp-ts/lib/Monoid.js'
import * as E from 'fp-ts/lib/Either.js'
import { parseArgs, isDeepStrictEqual } from 'node:util'
import { decodeKpiAggregate, encodeKpiAggregate, kpiAggregate, kpiMonoid, kpiStreamKey, kpis, type KpiAggregate, type KpiQuery, type StoredEvent } from 'touchbase'
import { generateEventStream } from 'touchbase/testing'
import { asStored, partitionByStream, partitionOf } from './partitioned-kpis/partition.js'

const USAGE = 'usage: npx tsx examples/partitioned-kpis.ts [--events N] [--contacts N] [--partitions K] [--seed S] [--partition-by stream|event]'

const { values: opts } = parseArgs({
  options: {
    events: { type: 'string', default: '200000' },
    contacts: { type: 'string', default: '2000' },
    partitions: { type: 'string', default: '4' },
    seed: { type: 'string', default: '1' },
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
const k = positive('partitions', opts.partitions)
const seed = positive('seed', opts.seed)
const byStream = opts['partition-by'] !== 'event'

// The generated stream spans 2025-01-01 to about 2027-01-01: report on its second year.
const query: KpiQuery = { now: new Date('2027-01-01T00:00:00Z'), from: '2026-01-01', to: '2026-12-31', ids: true }

/** The wrong way, for contrast: by event id, so a contact's events end up in several partitions. */
const partitionByEvent = (all: readonly StoredEvent[], n: number): StoredEvent[][] => {
  const parts: StoredEvent[][] = Array.from({ length: n }, () => [])
  for (const s of all) parts[partitionOf(s.event.id, n)]?.push(s)
  return parts
}

const clock = () => performance.now()
const ms = (x: number) => `${x.toFixed(1)} ms`

console.log(`events: ${eventCount}, contacts: ${contacts}, partitions: ${k}, seed: ${seed}, partition by: ${byStream ? 'stream' : 'event'}`)

let t = clock()
const events = asStored(generateEventStream({ seed, contacts, events: eventCount }))
console.log(`time: generate ${events.length} events: ${ms(clock() - t)}`)

t = clock()
const partitions = byStream ? partitionByStream(events, k) : partitionByEvent(events, k)
console.log(`time: partition into ${k}: ${ms(clock() - t)}`)
partitions.forEach((p, i) => console.log(`partition ${i}: ${p.length} events, ${new Set(p.map((s) => kpiStreamKey(s.event))).size} streams`))

// Each partition on its own — in a host, a worker process, a consumer, a database job — and
// its partial as JSON: what would be stored in a row or published as a message.
const sent = partitions.map((p, i) => {
  const t0 = clock()
  const partial = kpiAggregate(p)
  const t1 = clock()
  const json = JSON.stringify(encodeKpiAggregate(partial))
  console.log(`time: partition ${i}: aggregate ${ms(t1 - t0)}, encode ${ms(clock() - t1)} (${json.length} chars)`)
  return json
})

t = clock()
const partials: KpiAggregate[] = sent.map((json, i) => {
  const decoded = decodeKpiAggregate(JSON.parse(json), `partial[${i}]`)
  if (E.isLeft(decoded)) throw new Error(decoded.left.message)
  return decoded.right
})
console.log(`time: decode ${partials.length} partials: ${ms(clock() - t)}`)

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

// Deep, strict equality: `Map`s and `Set`s compare by content whatever their order.
const sameAggregate = isDeepStrictEqual(merged, whole)
const sameReport = isDeepStrictEqual(report, reference)

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
