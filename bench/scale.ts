/**
 * The fold at scale: `foldEvents` against the mutable baseline at 10,000, 100,000 and 300,000
 * contacts (10 events a contact by default), each ratio measured in the same run on the same
 * events. Bar: the fold's throughput ≥ 50% of the baseline's at every size.
 *
 * At 300,000 contacts the generated events take ~1.7 GB and each state ~1.4 GB, and the
 * equal-work check holds both states: in Node's default heap (~4 GB here) the run collects
 * garbage most of its time (or runs out) and times the collector, not the fold. Run it with
 * a heap that holds them: `NODE_OPTIONS=--max-old-space-size=8000 npm run bench -- --only scale`.
 */
import { getHeapStatistics } from 'node:v8'
import type { RelationshipEvent } from '../src/events/index.js'
import { foldEvents } from '../src/state/index.js'
import { generateEventStream } from '../src/testing/index.js'
import { collectGarbage, nowMs, summarize, type Summary } from './stats.js'

/** One size's result. */
export interface ScaleResult {
  readonly contacts: number
  readonly events: number
  readonly foldMs: Summary
  readonly baselineMs: Summary
  /** Fold throughput / baseline throughput (medians). */
  readonly ratio: number
}

/** Times the fold and the baseline at each size, alternating who goes first. */
export const benchScale = async (sizes: readonly number[], perContact: number, runs: number, seed: number, log: (line: string) => void): Promise<ScaleResult[]> => {
  const { runBaseline } = await import('./baseline.js')
  const { differences } = await import('./check.js')
  const out: ScaleResult[] = []
  const limitGb = getHeapStatistics().heap_size_limit / 1e9
  if (Math.max(...sizes) * perContact >= 2_000_000 && limitGb < 7) {
    log(`  note: the heap limit is ${limitGb.toFixed(1)} GB; ${Math.max(...sizes).toLocaleString('en-US')} contacts need ~5 GB (events, and two states for the check) — run with NODE_OPTIONS=--max-old-space-size=8000, or the largest size times the collector`)
  }
  for (const contacts of sizes) {
    collectGarbage()
    let events: RelationshipEvent[] | undefined = generateEventStream({ seed, contacts, events: contacts * perContact })
    // Equal work, on the very events timed (the check keeps both states a moment: then drops them).
    const diffs = differences(foldEvents(events), runBaseline(events))
    if (diffs.length > 0) throw new Error(`the baseline does not end with the fold's state at ${contacts} contacts: ${diffs.slice(0, 3).join('; ')}`)
    const fold: number[] = []
    const base: number[] = []
    for (let r = 0; r < runs; r++) {
      for (const which of r % 2 === 0 ? (['fold', 'base'] as const) : (['base', 'fold'] as const)) {
        collectGarbage()
        const t = nowMs()
        const n = which === 'fold' ? foldEvents(events).eventCount : runBaseline(events).eventCount
        ;(which === 'fold' ? fold : base).push(nowMs() - t)
        if (n < 0) log('impossible')
      }
    }
    const foldMs = summarize(fold)
    const baselineMs = summarize(base)
    const ratio = baselineMs.median / foldMs.median
    log(`  ${contacts.toLocaleString('en-US')} contacts, ${events.length.toLocaleString('en-US')} events: foldEvents ${foldMs.median.toFixed(0)} ms, baseline ${baselineMs.median.toFixed(0)} ms — ${(ratio * 100).toFixed(1)}% of the baseline's throughput`)
    out.push({ contacts, events: events.length, foldMs, baselineMs, ratio })
    events = undefined
  }
  return out
}
