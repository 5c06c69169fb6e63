import * as E from 'fp-ts/lib/Either.js'
import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { builtInPlans, validatePlan, type PlanDefinition } from '../../src/plans/index.js'
import { runs } from '../support/runs.js'

const base: PlanDefinition = {
  id: 'custom',
  name: 'Custom',
  audience: 'everyone',
  period: { unit: 'year' },
  renews: true,
  steps: [
    { id: 'call', kind: 'call', channel: 'phone', performedBy: 'person', timing: { rule: 'offset', days: [10, 100] } },
    { id: 'letter', kind: 'great-talking-letter', channel: 'mail', performedBy: 'person', timing: { rule: 'after-step', step: 'call', occurrences: [1], days: 3 } },
  ],
}
const messages = (u: unknown): string[] => {
  const r = validatePlan(u)
  // Each issue's message starts with its path.
  return E.isLeft(r) ? r.left.issues.map((i) => i.message) : []
}
const withStep = (step: unknown) => ({ ...base, steps: [...base.steps, step] })

describe('validatePlan', () => {
  it('accepts every built-in plan, as data and as JSON', () => {
    for (const plan of Object.values(builtInPlans)) {
      expect(validatePlan(plan)).toEqual(E.right(plan))
      expect(validatePlan(JSON.parse(JSON.stringify(plan)))).toEqual(E.right(plan))
    }
  })

  it('refuses a plan that cannot be scheduled, saying why', () => {
    expect(messages(withStep({ id: 'x', kind: 'letter', channel: 'mail', performedBy: 'person', timing: { rule: 'after-step', step: 'cal', occurrences: [1], days: 3 } }))).toEqual([
      'plan.steps[2].timing.step: step `x` follows step `cal`, which does not exist',
    ])
    expect(messages(withStep({ id: 'x', kind: 'holiday-card', channel: 'mail', performedBy: 'sent', timing: { rule: 'observance', leadDays: 400, count: 7 } }))).toEqual([
      'plan.steps[2].timing.leadDays: expected an integer 0–365, got 400',
    ])
    expect(messages(withStep({ id: 'x', kind: 'letter', channel: 'mail', performedBy: 'person', timing: { rule: 'after-step', step: 'call', occurrences: [3], days: 3 } }))).toEqual([
      'plan.steps[2].timing.occurrences[0]: step `x` follows touch 3 of `call`, which has 2',
    ])
    expect(messages(withStep({ id: 'call', kind: 'call', channel: 'phone', performedBy: 'person', timing: { rule: 'offset', days: [5] } }))).toEqual([
      'plan.steps[2].id: step id `call` is used twice',
    ])
    expect(messages({ ...base, period: { unit: 'days', days: 56 }, renews: false, steps: [{ id: 'n', kind: 'newsletter', channel: 'mail', performedBy: 'sent', timing: { rule: 'monthly', dayOfMonth: 1, count: 2 } }] })).toEqual([
      'plan.steps[0].timing: step `n`: rule `monthly` needs a plan year, and this plan runs 56 days',
    ])
    expect(messages(withStep({ id: 'x', kind: 'call', channel: 'phone', performedBy: 'person', timing: { rule: 'offset', days: [365] } }))).toEqual([
      'plan.steps[2].timing.days[0]: step `x`: plan day 365 is outside a plan of 365 days',
    ])
    expect(messages({ ...base, cadences: [{ id: 'm', kind: 'meeting', channel: 'in-person', performedBy: 'person', resetBy: ['meeting'], idealDays: 30, maxDays: 20 }] })).toEqual([
      'plan.cadences[0].maxDays: cadence `m`: the maximum interval (20 days) is shorter than the ideal (30)',
    ])
    const circle = {
      ...base,
      steps: [
        { id: 'a', kind: 'call', channel: 'phone', performedBy: 'person', timing: { rule: 'after-step', step: 'b', occurrences: [1], days: 1 } },
        { id: 'b', kind: 'call', channel: 'phone', performedBy: 'person', timing: { rule: 'after-step', step: 'a', occurrences: [1], days: 1 } },
      ],
    }
    expect(messages(circle).some((m) => m.includes('follow each other in a circle') || m.includes('whose number of touches varies'))).toBe(true)
    expect(
      messages(withStep({ id: 'x', kind: 'letter', channel: 'mail', performedBy: 'person', timing: { rule: 'after-step', step: 'letter', occurrences: [1], days: 3 } })),
    ).toEqual([
      'plan.steps[2].timing.step: step `x` follows `letter`, whose touches are keyed by the occurrence of the step it follows; follow a step whose touches are numbered (by rule `offset`, `months-after-start`, `monthly`, `seasonal`, or `spread`)',
    ])
    const teams = withStep({ id: 'team', kind: 'value-added-item', channel: 'mail', performedBy: 'sent', timing: { rule: 'interest', category: 'team', leadDays: 14 } })
    expect(messages({ ...teams, steps: [...teams.steps, { id: 'x', kind: 'call', channel: 'phone', performedBy: 'person', timing: { rule: 'after-step', step: 'team', occurrences: [1], days: 1 } }] })).toEqual([
      'plan.steps[3].timing.step: step `x` follows `team`, whose touches vary by contact (one per interest with a season start); follow a step whose touches are numbered (by rule `offset`, `months-after-start`, `monthly`, `seasonal`, or `spread`)',
    ])
    expect(messages({ ...base, steps: [{ ...base.steps[0], timing: { rule: 'weekly' } }] })[0]).toMatch(/^plan\.steps\[0\]\.timing\.rule: expected one of 'offset' \| /)
  })

  it('is one invalid-plan error, each issue with its code, path and params', () => {
    const r = validatePlan(withStep({ id: 'x', kind: 'letter', channel: 'mail', performedBy: 'person', timing: { rule: 'after-step', step: 'call', occurrences: [3], days: 40 } }))
    expect(E.isLeft(r) && r.left).toMatchObject({ code: 'invalid-plan', params: { planId: 'custom', issues: 2 } })
    expect(E.isLeft(r) && r.left.issues.map(({ code, path, params }) => ({ code, path, params }))).toEqual([
      { code: 'follows-missing-occurrence', path: 'plan.steps[2].timing.occurrences[0]', params: { stepId: 'x', follows: 'call', occurrence: 3, perYear: 2 } },
      { code: 'follow-gap-too-long', path: 'plan.steps[2].timing.days', params: { stepId: 'x', days: 40, max: 31 } },
    ])
    // Two touches after one occurrence would share a touch key.
    const twice = validatePlan(withStep({ id: 'x', kind: 'letter', channel: 'mail', performedBy: 'person', timing: { rule: 'after-step', step: 'call', occurrences: [1, 2, 1], days: 2 } }))
    expect(E.isLeft(twice) && twice.left.issues.map(({ code, path, params }) => ({ code, path, params }))).toEqual([
      { code: 'repeated-occurrence', path: 'plan.steps[2].timing.occurrences[2]', params: { stepId: 'x', follows: 'call', occurrence: 1 } },
    ])
    const shape = validatePlan({ ...base, id: 'bad\u202eid', steps: 'none' })
    // An id that is not a valid id is not put in params: a user interface shows them.
    expect(E.isLeft(shape) && shape.left.params).toEqual({ planId: null, issues: 2 })
    expect(E.isLeft(shape) && shape.left.issues.map((i) => i.code)).toEqual(['invalid-value', 'invalid-value'])
  })

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.anything(), (u) => {
        expect(() => validatePlan(u)).not.toThrow()
        expect(() => validatePlan({ ...base, steps: [u] })).not.toThrow()
      }),
      { numRuns: runs(500) },
    )
  })
})
