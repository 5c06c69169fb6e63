import { describe, expect, it } from 'vitest'
import { TOUCH_STATUSES, builtInPlans, labels } from '../../src/index.js'

describe('labels cover the built-in plans', () => {
  it('every built-in plan, step and item, and every touch status, has a label in both languages', () => {
    for (const locale of ['en', 'ar'] as const) {
      const l = labels(locale)
      const missing: string[] = []
      for (const plan of Object.values(builtInPlans)) {
        if (!(plan.id in l.plans)) missing.push(`plan ${plan.id}`)
        for (const step of plan.steps) {
          if (!(step.id in l.planSteps)) missing.push(`step ${step.id}`)
          if (step.item !== undefined && !(step.item in l.valueAddedItems)) missing.push(`item ${step.item}`)
          if (step.timing.rule === 'personal-date' && !(step.timing.fallback.item in l.valueAddedItems)) missing.push(`item ${step.timing.fallback.item}`)
        }
        for (const c of plan.cadences ?? []) if (!(c.id in l.planSteps)) missing.push(`cadence ${c.id}`)
      }
      for (const s of TOUCH_STATUSES) if (!(s in l.touchStatuses)) missing.push(`status ${s}`)
      expect([locale, missing]).toEqual([locale, []])
    }
  })

  it('names the plans as the plans name themselves, in English', () => {
    const l = labels('en')
    for (const plan of Object.values(builtInPlans)) expect(l.plans[plan.id as keyof typeof l.plans]).toBe(plan.name)
  })
})
