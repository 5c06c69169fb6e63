/**
 * Memory that grows with contacts, not events: the heap a folded state retains, measured by
 * folding a stream as it is generated (`eventStream`: the events themselves are never held)
 * and comparing the heap after a full collection with and without the state.
 */
import { foldEvents } from '../src/state/index.js'
import { eventStream } from '../src/testing/index.js'
import { collectGarbage, nowMs } from './stats.js'

/** What one fold retained. */
export interface MemoryResult {
  readonly contacts: number
  readonly events: number
  readonly retainedBytes: number
  readonly bytesPerContact: number
  readonly bytesPerEvent: number
  readonly foldMs: number
}

const heapUsed = (): number => {
  collectGarbage()
  collectGarbage()
  return process.memoryUsage().heapUsed
}

/** Folds `events` generated events over `contacts` contacts and measures what the state retains. */
export const measureRetained = (contacts: number, events: number, seed: number): MemoryResult => {
  const before = heapUsed()
  const t = nowMs()
  let state: ReturnType<typeof foldEvents> | undefined = foldEvents(eventStream({ seed, contacts, events }))
  const foldMs = nowMs() - t
  const after = heapUsed()
  const count = state.eventCount
  state = undefined
  const retainedBytes = after - before
  return { contacts, events: count, retainedBytes, bytesPerContact: retainedBytes / contacts, bytesPerEvent: retainedBytes / Math.max(1, count), foldMs }
}
