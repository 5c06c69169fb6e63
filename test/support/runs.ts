/**
 * How many runs a property gets: the number its test names, times `TOUCHBASE_STRESS` (1 by
 * default). `npm test` — what CI runs — uses the numbers as written; `npm run test:stress`
 * runs every property ten times as often, for the search a release deserves.
 */
const factor = (): number => {
  const raw = Number(process.env['TOUCHBASE_STRESS'] ?? '1')
  return Number.isFinite(raw) && raw >= 1 ? raw : 1
}

/** `n` property runs, scaled by `TOUCHBASE_STRESS`. */
export const runs = (n: number): number => Math.round(n * factor())
