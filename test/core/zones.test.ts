/**
 * A contact's local date: the fast path (ICU's formatter, memoized per instant) agrees with
 * date-fns formatting in the zone, for any instant and zone — DST changes, half-hour and
 * quarter-hour offsets, the date line, years before 1000 — and memos stay bounded.
 */
import { tz } from '@date-fns/tz'
import { format } from 'date-fns'
import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isKnownZone, localDateOf } from '../../src/core/zones.js'
import { runs } from '../support/runs.js'

const ZONES = ['UTC', 'Asia/Riyadh', 'America/New_York', 'Europe/London', 'Asia/Kolkata', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'America/St_Johns', 'Africa/Cairo']

const slow = (ms: number, zone: string): string => format(ms, 'yyyy-MM-dd', { in: tz(zone) })

describe('localDateOf', () => {
  it('agrees with date-fns in the zone, asked once or again', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1, 0, 1), max: Date.UTC(9999, 11, 31) }), fc.constantFrom(...ZONES), (ms, zone) => {
        expect(localDateOf(ms, zone)).toBe(slow(ms, zone))
        expect(localDateOf(ms, zone)).toBe(slow(ms, zone))
      }),
      { numRuns: runs(2000) },
    )
  })

  it('agrees around the DST changes of 2026, minute by minute', () => {
    for (const [zone, at] of [['America/New_York', '2026-03-08T06:00:00Z'], ['Europe/London', '2026-10-25T00:00:00Z'], ['Australia/Lord_Howe', '2026-04-04T14:00:00Z']] as const) {
      const start = Date.parse(at)
      for (let m = 0; m < 240; m++) expect(localDateOf(start + m * 60_000, zone)).toBe(slow(start + m * 60_000, zone))
    }
  })

  it('falls back to UTC for an unknown or absurd zone, and never remembers one without bound', () => {
    expect(localDateOf(Date.parse('2026-11-26T23:30:00Z'), 'Not/AZone')).toBe('2026-11-26')
    expect(isKnownZone('x'.repeat(10_000))).toBe(false)
    for (let i = 0; i < 3000; i++) expect(isKnownZone(`Nowhere/${i}`)).toBe(false)
    expect(isKnownZone('Asia/Riyadh')).toBe(true)
  })
})
