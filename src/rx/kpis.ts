/**
 * `toKpis`: the KPI report, live. Events go into a KPI accumulator — O(1) amortized each,
 * never a refold — and a report is computed when a query arrives (a new period, or a clock
 * tick carrying a new `now`), and, if asked, after each batch of events.
 */
import type { Observable, OperatorFunction } from 'rxjs'
import { KpiAccumulator, kpis, type KpiAggregate, type KpiQuery, type KpiReport } from '../kpi/index.js'
import { liveProjection, type EventInput } from './live.js'

/** Options of `toKpis`. */
export interface LiveKpiOptions {
  /** The aggregate to start from (e.g. of the events already read from the store). */
  readonly initial?: KpiAggregate
  /**
   * Also emit after each batch of events, once a query has arrived (default false). Each
   * report costs O(n) in contacts, so prefer a ticking `query$` on a busy stream.
   */
  readonly emitOnEvents?: boolean
}

interface Acc {
  readonly kpi: KpiAccumulator
  query: KpiQuery | undefined
}

/**
 * An operator from relationship events to KPI reports: one report per value of `query$`
 * (and, with `emitOnEvents`, per batch of events after the first query). A redelivered event
 * counts once.
 *
 * @example
 * const report$ = events$.pipe(toKpis(clock$.pipe(map((now) => ({ now, from: '2026-01-01', to: '2026-12-31' })))))
 */
export const toKpis = (query$: Observable<KpiQuery>, options: LiveKpiOptions = {}): OperatorFunction<EventInput, KpiReport> =>
  liveProjection<Acc, KpiQuery, KpiReport>(query$, {
    seed: () => ({ kpi: new KpiAccumulator(options.initial), query: undefined }),
    onEvents: (acc, events) => {
      for (const e of events) acc.kpi.add(e)
      return { acc, emit: options.emitOnEvents === true && acc.query !== undefined }
    },
    onTrigger: (acc, query) => {
      acc.query = query
      return { acc, emit: true }
    },
    view: (acc) => kpis(acc.kpi.snapshot(), acc.query as KpiQuery),
  })
