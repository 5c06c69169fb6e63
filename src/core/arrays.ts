/**
 * Appends every element of `from` to `to`, in order. Not `to.push(...from)`: a spread passes
 * each element as an argument, and past about 120,000 of them the engine's stack overflows
 * (a network's agenda at 100,000 contacts holds more items than that).
 */
export const appendAll = <T>(to: T[], from: Iterable<T>): T[] => {
  for (const x of from) to.push(x)
  return to
}
