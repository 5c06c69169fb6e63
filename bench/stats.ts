/** Small statistics and timing helpers for the benchmarks. */
import { runInNewContext } from 'node:vm'
import { setFlagsFromString } from 'node:v8'

/** Summary of a set of timings (milliseconds or microseconds: whatever went in). */
export interface Summary {
  readonly n: number
  readonly median: number
  readonly min: number
  readonly max: number
  readonly mean: number
  readonly p10: number
  readonly p90: number
  /** (max − min) / median, in percent. */
  readonly spreadPct: number
}

const quantile = (sorted: readonly number[], q: number): number => {
  if (sorted.length === 0) return NaN
  const pos = (sorted.length - 1) * q
  const lo = Math.floor(pos)
  const hi = Math.ceil(pos)
  const a = sorted[lo] as number
  const b = sorted[hi] as number
  return a + (b - a) * (pos - lo)
}

/** The tail of a set of timings: p50, p99, p99.9 and the maximum. */
export interface Tail {
  readonly n: number
  readonly p50: number
  readonly p99: number
  readonly p999: number
  readonly max: number
}

export const tailOf = (xs: readonly number[]): Tail => {
  const s = [...xs].sort((a, b) => a - b)
  return { n: s.length, p50: quantile(s, 0.5), p99: quantile(s, 0.99), p999: quantile(s, 0.999), max: s[s.length - 1] ?? NaN }
}

export const summarize = (xs: readonly number[]): Summary => {
  const s = [...xs].sort((a, b) => a - b)
  const median = quantile(s, 0.5)
  const min = s[0] ?? NaN
  const max = s[s.length - 1] ?? NaN
  return {
    n: s.length,
    median,
    min,
    max,
    mean: s.reduce((a, b) => a + b, 0) / Math.max(1, s.length),
    p10: quantile(s, 0.1),
    p90: quantile(s, 0.9),
    spreadPct: ((max - min) / median) * 100,
  }
}

/**
 * A full garbage collection between measured runs, so that one run's garbage is not
 * collected on the next one's time. `tsx` does not pass `--expose-gc`, so the flag is set
 * at run time and `gc` taken from a fresh context (a documented V8 idiom).
 */
export const collectGarbage: () => void = (() => {
  const g = (globalThis as { gc?: () => void }).gc
  if (typeof g === 'function') return g
  setFlagsFromString('--expose-gc')
  return runInNewContext('gc') as () => void
})()

/** Milliseconds since an arbitrary origin, sub-microsecond resolution. */
export const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6

export const fmt = (x: number, digits = 0): string =>
  Number.isFinite(x) ? x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : String(x)
