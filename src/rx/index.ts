/**
 * `touchbase/rx`: live projections for hosts that stream. rxjs operators, named for what
 * they emit, that turn an `Observable` of relationship events (one at a time or in batches)
 * into the network state, the agenda and the KPI report — incrementally: an event costs one fold step and
 * the contacts it touched, never a refold. Time comes from a clock observable the host
 * passes. rxjs (^7.8) is a peer dependency of this entry only.
 *
 * @example
 * import { Subject } from 'rxjs'
 * import { toAgenda, toNetworkState } from 'touchbase/rx'
 *
 * const state$ = events$.pipe(toNetworkState())
 * const agenda$ = events$.pipe(toAgenda(clock$, { horizonDays: 7 }))
 *
 * @packageDocumentation
 */
export { toNetworkState } from './network-state.js'
export { toAgenda, type LiveAgendaOptions } from './agenda.js'
export { toKpis, type LiveKpiOptions } from './kpis.js'
export type { EventInput } from './live.js'
export { tailEvents, type TailOptions } from './tail.js'
