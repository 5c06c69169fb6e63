/**
 * A report that lists ids and one that does not are the same report: the finalize counts
 * without making ids when none are asked for, so the two paths are checked against each
 * other — stripped of its ids, the report with ids is the report without, and every count
 * is the length of the ids it lists.
 */
import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { kpiAggregate, kpis } from '../../src/index.js'
import { generateEventStream } from '../../src/testing/index.js'
import { perturbedEventStream } from '../support/perturb.js'
import { runs } from '../support/runs.js'
import { countsAreIdLengths, withoutIds } from './ids-support.js'

const when = {
  now: fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2028-01-01T00:00:00Z'), noInvalidDate: true }),
  from: fc.option(fc.constantFrom('2024-06-01', '2025-03-01', '2026-01-01'), { nil: undefined }),
  to: fc.option(fc.constantFrom('2025-12-31', '2026-06-30', '2027-12-31'), { nil: undefined }),
  // Generous enough that some touches are on time and some referrals within the SLA.
  grace: fc.integer({ min: 0, max: 60 }),
  slaHours: fc.constantFrom(24, 24 * 30, 24 * 365),
}

describe('a report with ids and one without', () => {
  it('are the same report, and each count is the number of ids listed (perturbed streams and simulated networks)', () => {
    let listed = 0
    const counted = new Set<string>()
    fc.assert(
      fc.property(
        fc.oneof(
          perturbedEventStream({ maxEvents: 150, maxContacts: 8 }),
          fc.integer({ min: 1, max: 1_000_000 }).map((seed) => generateEventStream({ seed, contacts: 10, events: 800 })),
        ),
        when.now,
        when.from,
        when.to,
        when.grace,
        when.slaHours,
        (events, now, from, to, adherenceGraceDays, referralSlaHours) => {
          const a = kpiAggregate(events)
          const query = { now, adherenceGraceDays, referralSlaHours, ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) }
          const bare = kpis(a, query)
          const full = kpis(a, { ...query, ids: true })
          expect(withoutIds(full)).toEqual(withoutIds(bare))
          expect(countsAreIdLengths(bare)).toBe(0)
          listed += countsAreIdLengths(full)
          for (const [name, r] of Object.entries({ planAdherence: full.planAdherence, referralSla: full.referralSla, conversionRate: full.conversionRate, referralRate: full.referralRate, met: full.contactToSale.met, haventMet: full.contactToSale.haventMet })) {
            if (r.numerator > 0) counted.add(name)
          }
        },
      ),
      { numRuns: runs(60) },
    )
    // The lists were there, and each ratio's numerator was counted somewhere, not only zeros
    // (plan adherence's only as due: the simulation's touch keys are not the plans' — the
    // worked table checks touches on time both ways).
    expect(listed).toBeGreaterThan(0)
    expect([...counted].sort()).toEqual(['conversionRate', 'haventMet', 'met', 'referralRate', 'referralSla'])
  })
})
