/** Helpers to check a report with ids against one without (`ids.test.ts`, the worked table). */
import { expect } from 'vitest'

/** The value without any `ids` field, at any depth. */
export const withoutIds = (u: unknown): unknown => {
  if (Array.isArray(u)) return u.map(withoutIds)
  if (typeof u !== 'object' || u === null || u instanceof Date) return u
  return Object.fromEntries(Object.entries(u).filter(([k]) => k !== 'ids').map(([k, v]) => [k, withoutIds(v)]))
}

/** Every count next to ids is their number; returns how many lists were checked. */
export const countsAreIdLengths = (u: unknown): number => {
  if (Array.isArray(u)) return u.reduce((n: number, x) => n + countsAreIdLengths(x), 0)
  if (typeof u !== 'object' || u === null) return 0
  const o = u as Record<string, unknown>
  let n = 0
  const ids = o['ids']
  if (Array.isArray(ids)) {
    expect(ids.length).toBe(o['count'] ?? o['total'] ?? o['responses'])
    n++
  } else if (typeof ids === 'object' && ids !== null) {
    const { numerator, denominator } = ids as { numerator: unknown[]; denominator: unknown[] }
    expect([numerator.length, denominator.length]).toEqual([o['numerator'], o['denominator']])
    n++
  }
  for (const [k, v] of Object.entries(o)) if (k !== 'ids') n += countsAreIdLengths(v)
  return n
}

