import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import * as t from 'io-ts'
import { builtInPlans, schedule, TIMING_RULES, type Timing } from '../../src/plans/index.js'
import { interest } from '../../src/plans/timing/interest.js'
import { timingCount, timingRules, type TimingRegistry, type TimingRegistryOf } from '../../src/plans/timing/registry.js'
import { followsNothing, noCheck, type TimingRule } from '../../src/plans/timing/rule.js'
import { nth } from '../../src/plans/touch-key.js'
import { contactSpecs, enrolled, enrollmentDates } from './support.js'
import { runs } from '../support/runs.js'

// ---------------------------------------------------------------------------------------
// Type-level tests, checked by `tsc --noEmit -p .`: each `@ts-expect-error` below fails the
// typecheck if the line under it compiles. Every value built is used at the end, so no other
// error (an unused variable) can stand in for the one expected.
// ---------------------------------------------------------------------------------------

/** A rule a contributor might add: weekly on a weekday. */
interface WeeklyTiming {
  readonly rule: 'weekly'
  readonly weekday: number
}
const weekly: TimingRule<WeeklyTiming> = {
  codec: t.exact(t.type({ rule: t.literal('weekly'), weekday: t.number })),
  count: { type: 'numbered', perYear: () => 52 },
  needsPlanYear: false,
  follows: followsNothing,
  check: noCheck,
  place: (tm, p) => {
    for (let w = 0; w < 52; w++) p.relative(nth(w + 1), p.year.start + 7 * w + tm.weekday, { type: 'plan-day', day: 7 * w + tm.weekday })
  },
}

const { interest: droppedRule, ...withoutInterest } = timingRules
// @ts-expect-error — `interest` is a member of `Timing` and has no entry: a registry missing a rule does not compile.
const missingRule: TimingRegistry = withoutInterest

const { place: droppedPart, ...interestWithoutPlacement } = interest
// @ts-expect-error — the `interest` entry has no placement: a rule registered without one of its parts does not compile.
const missingPart: TimingRegistry = { ...timingRules, interest: interestWithoutPlacement }

// @ts-expect-error — `weekly` is declared (in the union) and not registered.
const declaredNotRegistered: TimingRegistryOf<Timing | WeeklyTiming> = timingRules

// @ts-expect-error — the `monthly` rule's parts under `offset`: each entry must be the rule of its own name.
const swapped: TimingRegistry = { ...timingRules, offset: timingRules.monthly }

// Declared and registered: compiles.
const registered: TimingRegistryOf<Timing | WeeklyTiming> = { ...timingRules, weekly }

describe('the timing registry', () => {
  it('holds the type-level checks above (built, so that each expected error is the one expected)', () => {
    expect([missingRule, missingPart, declaredNotRegistered, swapped, registered].length).toBe(5)
    expect([droppedRule, droppedPart].every((x) => x !== undefined)).toBe(true)
  })

  it('registers every rule with every part, and TIMING_RULES names them', () => {
    expect(TIMING_RULES).toEqual(Object.keys(timingRules))
    expect(TIMING_RULES).toEqual(['offset', 'months-after-start', 'monthly', 'observance', 'personal-date', 'after-step', 'seasonal', 'spread', 'interest'])
    for (const name of TIMING_RULES) {
      const rule = timingRules[name] as TimingRule<unknown>
      expect([name, typeof rule.codec.decode, typeof rule.check, typeof rule.place, typeof rule.follows, typeof rule.needsPlanYear, rule.count.type]).toEqual([
        name,
        'function',
        'function',
        'function',
        'function',
        'boolean',
        expect.stringMatching(/^(numbered|keyed|per-contact)$/),
      ])
    }
  })

  it('gives every step of the built-in plans, every plan year, the count its rule declares', () => {
    fc.assert(
      fc.property(
        contactSpecs,
        enrollmentDates,
        fc.constantFrom('client-for-life-33', 'advocate-appreciation-33', '8x8', '12-direct'),
        fc.option(fc.tuple(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 1, max: 90 })), { nil: undefined }),
        (spec, start, planId, pause) => {
          const plan = builtInPlans[planId as keyof typeof builtInPlans]
          const { contact, enrollment } = enrolled(spec, planId, start, pause === undefined ? [] : [pause])
          const s = schedule(plan, enrollment, contact, { years: 2 })
          for (const y of s.planYears) {
            for (const step of plan.steps) {
              const count = timingCount(step.timing)
              if (count.type === 'per-contact') continue
              const got = s.touches.filter((x) => x.planYear === y.index && x.stepId === step.id).length
              expect([y.index, step.id, got]).toEqual([y.index, step.id, count.perYear])
            }
          }
        },
      ),
      { numRuns: runs(200) },
    )
  })
})
