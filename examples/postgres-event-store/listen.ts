/**
 * Wake-ups for a live projection: an async iterable that yields when an append's
 * notification arrives (`LISTEN` on the channel the store notifies at commit), and also on a
 * poll interval — the safety net for notifications lost while the listening connection was
 * down (a restart, a failover): PostgreSQL does not queue them for a listener that is gone.
 */
import { DEFAULT_NOTIFY_CHANNEL } from './event-store.js'
import type { SqlDatabase } from './sql.js'

/** Options of `listenForAppends`. */
export interface ListenOptions {
  /** The channel the store notifies (default `DEFAULT_NOTIFY_CHANNEL`). */
  readonly channel?: string
  /**
   * Only appends to this network wake up (the store's notifications name the network); by
   * default, appends to any network do. A notification that does not parse wakes up anyway.
   */
  readonly network?: string
  /** Also wake up this often, in ms, notification or not (default 5,000); listening again if it had failed. */
  readonly pollMs?: number
  /** Ends the iterable. */
  readonly signal?: AbortSignal
}

/** The network a store's notification names (`{"network":…,"position":…}`), or `undefined` when it does not parse. */
const networkOf = (payload: string): string | undefined => {
  try {
    const parsed = JSON.parse(payload) as { network?: unknown }
    return typeof parsed.network === 'string' ? parsed.network : undefined
  } catch {
    return undefined
  }
}

/** Why a wake-up came. */
export type WakeUp = 'notified' | 'poll'

/**
 * Wake-ups on every append (and every `pollMs`), coalesced: many notifications while the
 * consumer is busy make one wake-up. Ends when `signal` aborts, and then stops listening.
 *
 * @example
 * const controller = new AbortController()
 * await runner.follow(listenForAppends(db, { signal: controller.signal }), controller.signal)
 */
export async function* listenForAppends(db: SqlDatabase, options: ListenOptions = {}): AsyncGenerator<WakeUp> {
  const channel = options.channel ?? DEFAULT_NOTIFY_CHANNEL
  const pollMs = options.pollMs ?? 5000
  const signal = options.signal
  let pending: WakeUp | undefined
  let wake: (() => void) | undefined
  const wakeUp = (why: WakeUp): void => {
    pending ??= why
    wake?.()
  }
  let stop: (() => Promise<void>) | undefined
  const listen = async (): Promise<void> => {
    try {
      stop = await db.listen(channel, (payload) => {
        const named = options.network === undefined ? undefined : networkOf(payload)
        if (named === undefined || named === options.network) wakeUp('notified')
      })
    } catch {
      // Not listening: the poll wakes the consumer, and tries again.
      stop = undefined
    }
  }
  await listen()
  const timer = setInterval(() => {
    if (stop === undefined) void listen()
    wakeUp('poll')
  }, pollMs)
  const onAbort = (): void => wake?.()
  // Read anew each time: the signal aborts while the loop waits.
  const aborted = (): boolean => signal?.aborted === true
  signal?.addEventListener('abort', onAbort)
  try {
    while (!aborted()) {
      if (pending === undefined) {
        await new Promise<void>((resolve) => {
          wake = resolve
        })
      }
      wake = undefined
      const why = pending
      pending = undefined
      if (why === undefined || aborted()) continue
      yield why
    }
  } finally {
    clearInterval(timer)
    signal?.removeEventListener('abort', onAbort)
    await stop?.()
  }
}
