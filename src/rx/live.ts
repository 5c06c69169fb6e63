/**
 * The shape every live operator of `touchbase/rx` shares: an accumulator private to one
 * subscription, updated incrementally by events (one at a time or in batches) and by a
 * trigger observable (a clock, a query), that emits a view when — and only when — a step
 * says the view may have changed. `toAgenda` is one; `toKpis` is meant to be another.
 */
import { defer, merge, mergeMap, type Observable, type OperatorFunction } from 'rxjs'
import type { RelationshipEvent } from '../events/index.js'

/**
 * What the live operators accept from the event stream: one event, or a batch of events
 * (a page read from the store, the events of one command) applied as one step — one fold,
 * at most one emission.
 *
 * @example
 * const events$ = new Subject<EventInput>()
 * events$.next(event)               // one event
 * events$.next(await readPage())    // a batch: folded at once, one emission
 */
export type EventInput = RelationshipEvent | readonly RelationshipEvent[]

/**
 * The events of an input, as a batch.
 *
 * @example asBatch(event) // [event]
 */
export const asBatch = (input: EventInput): readonly RelationshipEvent[] =>
  isBatch(input) ? input : [input]

const isBatch = (input: EventInput): input is readonly RelationshipEvent[] => Array.isArray(input)

/**
 * One step of a live projection: the accumulator after it, and whether to emit the view.
 *
 * @example const unchanged = { acc, emit: false }
 */
export interface Step<A> {
  readonly acc: A
  readonly emit: boolean
}

/**
 * A live projection: how to start, how events and trigger values move the accumulator, and
 * what to emit. The accumulator is created per subscription by `seed` and never handed to
 * the subscriber, so a step may update it in place; `view` must return a value the
 * accumulator does not change afterwards (subscribers may keep every emission).
 *
 * @example
 * // A running count of events, emitted on each trigger value:
 * const counter: LiveProjection<{ n: number }, unknown, number> = {
 *   seed: () => ({ n: 0 }),
 *   onEvents: (acc, events) => ({ acc: { n: acc.n + events.length }, emit: false }),
 *   onTrigger: (acc) => ({ acc, emit: true }),
 *   view: (acc) => acc.n,
 * }
 */
export interface LiveProjection<A, T, R> {
  /** A fresh accumulator, for one subscription. */
  readonly seed: () => A
  /** Applies a batch of events (never empty-handed: a single event comes as a batch of one). */
  readonly onEvents: (acc: A, events: readonly RelationshipEvent[]) => Step<A>
  /** Applies a trigger value (a clock tick, a query). */
  readonly onTrigger: (acc: A, trigger: T) => Step<A>
  /** The value emitted after a step that asks to emit. */
  readonly view: (acc: A) => R
}

/**
 * The operator of a live projection: subscribes to the events and to `trigger$` (once per
 * subscriber: each subscriber has its own accumulator), and emits `view(acc)` after each
 * step that asks for it. Errors of either source are the result's error; the result
 * completes when both sources have completed.
 *
 * @example
 * events$.pipe(liveProjection(clock$, counter)).subscribe((n) => console.log(n))
 */
export const liveProjection =
  <A, T, R>(trigger$: Observable<T>, projection: LiveProjection<A, T, R>): OperatorFunction<EventInput, R> =>
  (events$) =>
    defer(() => {
      let acc = projection.seed()
      const after = (step: Step<A>): R[] => {
        acc = step.acc
        return step.emit ? [projection.view(acc)] : []
      }
      return merge(
        events$.pipe(mergeMap((input) => after(projection.onEvents(acc, asBatch(input))))),
        trigger$.pipe(mergeMap((value) => after(projection.onTrigger(acc, value)))),
      )
    })
