/**
 * `tailEvents`: the live tail of a store's log, as an Observable of pages of stored events —
 * for `toNetworkState`, `toAgenda` and `toKpis` (map the pages to their events), or a host's
 * own operators. The store is read when subscribed and again whenever `wake$` emits: a
 * notification that events were appended (PostgreSQL's `LISTEN`, a message bus), or a timer
 * (`interval(1000)` polls once a second). Nothing here reads a clock.
 */
import { Observable } from 'rxjs'
import type { EventStore, StoredEvent } from '../store/index.js'

/** Options of `tailEvents`. */
export interface TailOptions {
  /**
   * When to read what was appended since the last page: every value is a wake-up. Reads
   * never overlap: wake-ups during a read make one more read after it.
   */
  readonly wake$: Observable<unknown>
  /** The first position to read (default 1: the whole log; a checkpoint's position + 1 to resume). */
  readonly fromPosition?: number
  /** Events per read (default 1,000). */
  readonly pageSize?: number
}

/**
 * An Observable of the store's stored events from `fromPosition` on, in position order, a
 * page (never empty) at a time: everything there is when subscribed, then what was appended
 * by each wake-up. Each subscriber reads for itself. A read that fails is the result's error;
 * when `wake$` completes, the result reads once more and completes.
 *
 * Every stored event is emitted once per subscription, in order, with no gap: positions
 * commit in order (the port's rule), so reading from the last position seen never skips one.
 * Folding the pages is idempotent anyway (`toNetworkState` ignores a redelivered id), so a
 * host that resubscribes from an older position loses nothing and counts nothing twice.
 *
 * @example
 * import { interval, map } from 'rxjs'
 * import { tailEvents, toNetworkState } from 'touchbase/rx'
 *
 * const state$ = tailEvents(store, { wake$: interval(1000) }).pipe(
 *   map((page) => page.map((s) => s.event)),
 *   toNetworkState(),
 * )
 */
export const tailEvents = (store: Pick<EventStore, 'readAll'>, options: TailOptions): Observable<readonly StoredEvent[]> => {
  const pageSize = options.pageSize ?? 1000
  const from = options.fromPosition ?? 1
  if (!Number.isSafeInteger(pageSize) || pageSize < 1) throw new RangeError(`pageSize is an integer ≥ 1, got ${String(pageSize)}`)
  if (!Number.isSafeInteger(from) || from < 1) throw new RangeError(`fromPosition is an integer ≥ 1, got ${String(from)}`)
  return new Observable<readonly StoredEvent[]>((subscriber) => {
    let next = from
    let reading = false
    let again = false
    let closed = false
    let completeAfter = false

    const drain = async (): Promise<void> => {
      if (reading) {
        again = true
        return
      }
      reading = true
      try {
        do {
          again = false
          for (;;) {
            const page = await store.readAll({ fromPosition: next, limit: pageSize })
            if (closed) return
            if (page.length === 0) break
            next = (page[page.length - 1] as StoredEvent).position + 1
            subscriber.next(page)
          }
        } while (again && !closed)
        if (completeAfter && !closed) subscriber.complete()
      } catch (error) {
        if (!closed) subscriber.error(error)
      } finally {
        reading = false
      }
    }

    const wake = options.wake$.subscribe({
      next: () => void drain(),
      error: (error: unknown) => subscriber.error(error),
      complete: () => {
        completeAfter = true
        void drain()
      },
    })
    void drain()
    return () => {
      closed = true
      wake.unsubscribe()
    }
  })
}
