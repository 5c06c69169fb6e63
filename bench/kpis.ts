/**
 * KPIs (DESIGN §3, §4.3): the KPI aggregate over the same events as `foldEvents`, in the same
 * process, alternating. Bar: the KPI pass costs at most 2× the fold. The finalize step (the
 * report of a period) is timed apart: it runs once per report, not once per event.
 */
import type { RelationshipEvent } from '../src/events/index.js'
import { kpiAggregate, kpis } from '../src/kpi/index.js'
import { foldEvents } from '../src/state/index.js'
import { collectGarbage, nowMs, summarize, type Summary } from './stats.js'

/** What the KPI benchmark measured. */
export interface KpiBenchResult {
  readonly events: number
  readonly aggregateMs: Summary
  readonly foldMs: Summary
  readonly finalizeMs: Summary
  /** KPI aggregate time / fold time (medians). */
  readonly costRatio: number
}

/** Times `kpiAggregate` against `foldEvents` over `events`, and `kpis` on the aggregate. */
export const benchKpis = (events: readonly RelationshipEvent[], runs: number, warmup: number, now: Date): KpiBenchResult => {
  let sink = 0
  for (let i = 0; i < warmup; i++) {
    sink += kpiAggregate(events).streams.size
    sink += foldEvents(events).eventCount
  }
  const agg: number[] = []
  const fold: number[] = []
  const fin: number[] = []
  for (let r = 0; r < runs; r++) {
    const order = r % 2 === 0 ? (['kpi', 'fold'] as const) : (['fold', 'kpi'] as const)
    for (const which of order) {
      collectGarbage()
      const t = nowMs()
      if (which === 'kpi') {
        const a = kpiAggregate(events)
        agg.push(nowMs() - t)
        collectGarbage()
        const t2 = nowMs()
        sink += kpis(a, { now, from: '2025-01-01', to: '2026-12-31' }).referralsReceived.total
        fin.push(nowMs() - t2)
      } else {
        sink += foldEvents(events).eventCount
        fold.push(nowMs() - t)
      }
    }
  }
  if (sink < 0) console.log(sink)
  const aggregateMs = summarize(agg)
  const foldMs = summarize(fold)
  return { events: events.length, aggregateMs, foldMs, finalizeMs: summarize(fin), costRatio: aggregateMs.median / foldMs.median }
}
