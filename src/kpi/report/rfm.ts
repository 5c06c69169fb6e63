/**
 * Quintile scores 1–5 of values, ties sharing a score: a value's score is 1 + ⌊5 × (values
 * below it) / n⌋ (`higherIsBetter`), or counted from above when lower is better (recency).
 * @example quintiles([10, 20, 30, 40, 50], true) // [1, 2, 3, 4, 5]
 */
export const quintiles = (values: readonly number[], higherIsBetter: boolean): number[] => {
  const n = values.length
  const sorted = [...values].sort((a, b) => a - b)
  const below = (v: number): number => {
    let lo = 0
    let hi = n
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if ((sorted[mid] as number) < v) lo = mid + 1
      else hi = mid
    }
    return lo
  }
  const above = (v: number): number => {
    let lo = 0
    let hi = n
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if ((sorted[mid] as number) <= v) lo = mid + 1
      else hi = mid
    }
    return n - lo
  }
  return values.map((v) => 1 + Math.floor((5 * (higherIsBetter ? below(v) : above(v))) / n))
}
