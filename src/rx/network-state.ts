/**
 * `toNetworkState`: the live fold. Each event (or batch) is applied to the last state with
 * the fold's own O(log n) step; nothing is refolded, and a state already emitted never
 * changes.
 */
import { distinctUntilChanged, scan, skip, startWith, type OperatorFunction } from 'rxjs'
import { foldEvents, initialNetwork, type NetworkState } from '../state/index.js'
import { asBatch, type EventInput } from './live.js'

/**
 * An operator from relationship events to the network state after each of them: a `scan`
 * with the fold (`evolve` for one event, `foldEvents` for a batch), starting from `initial`
 * (the empty network by default, or a snapshot the host folded or stored).
 *
 * Emits one state per event — or per batch — that changed the state, and nothing for one
 * that changed nothing: a redelivered event id gives back the same state object, which is
 * not emitted again. It does not emit `initial` itself (add `startWith(initial)` for that).
 * Each step costs O(log n) in the size of the network, whatever the length of the stream.
 * Errors and completion of the events pass through.
 *
 * @example
 * import { Subject } from 'rxjs'
 * import { toNetworkState } from 'touchbase/rx'
 *
 * const events$ = new Subject<RelationshipEvent>()
 * events$.pipe(toNetworkState()).subscribe((state) => console.log(state.contacts.size))
 * events$.next(contactAdded) // 1
 * events$.next(contactAdded) // (a redelivery: nothing)
 */
export const toNetworkState =
  (initial: NetworkState = initialNetwork): OperatorFunction<EventInput, NetworkState> =>
  (events$) =>
    events$.pipe(
      scan((state: NetworkState, input: EventInput) => foldEvents(asBatch(input), state), initial),
      startWith(initial),
      distinctUntilChanged(),
      skip(1),
    )
