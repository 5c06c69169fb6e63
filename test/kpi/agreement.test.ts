/**
 * The KPIs count exactly what the fold accepted: on any stream — perturbed with
 * redeliveries, reused ids, unknown contacts, stages out of order, events after erasure,
 * referrals refused — every referral, sale, touch and feedback response the KPI aggregate
 * counts is one the state holds, and vice versa.
 */
import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { foldEvents, kpiAggregate, resolveKpiFacts, type NetworkState, type ResolvedKpiFacts } from '../../src/index.js'
import { perturbedEventStream } from '../support/perturb.js'
import { runs } from '../support/runs.js'

const ms = (iso: string | undefined): number | undefined => (iso === undefined ? undefined : Date.parse(iso))

const fromState = (s: NetworkState) => ({
  contacts: [...s.contacts.values()].map((c) => c.id).sort(),
  erased: [...s.contacts.values()].filter((c) => c.erased).map((c) => c.id).sort(),
  referrals: [...s.referrals.values()]
    .map((r) => ({ id: r.referralId, referrer: r.referrerId, referee: r.refereeId, stage: r.stage, stages: Object.fromEntries(Object.entries(r.stages).map(([k, v]) => [k, ms(v)])), revenue: r.revenue ?? null }))
    .sort((a, b) => (a.id < b.id ? -1 : 1)),
  sales: Object.fromEntries([...s.contacts.values()].map((c) => [c.id, c.sales.transactions.map((t) => t.transactionId)])),
  touches: Object.fromEntries([...s.contacts.values()].map((c) => [c.id, c.plans.touches.length])),
  feedback: Object.fromEntries([...s.contacts.values()].map((c) => [c.id, c.feedback.count])),
  aboutAllies: Object.fromEntries([...s.contacts.values()].filter((c) => c.feedback.about.length > 0).map((c) => [c.id, c.feedback.about.length])),
})

const fromKpis = (f: ResolvedKpiFacts) => ({
  contacts: [...f.contacts.keys()].sort(),
  erased: [...f.contacts.values()].filter((c) => c.erasedMs !== undefined).map((c) => c.id).sort(),
  referrals: f.referrals
    .map((r) => ({ id: r.referralId, referrer: r.referrerId, referee: r.refereeId, stage: r.stage, stages: { ...r.stages }, revenue: r.revenue ?? null }))
    .sort((a, b) => (a.id < b.id ? -1 : 1)),
  sales: Object.fromEntries([...f.contacts.values()].map((c) => [c.id, c.facts.transactions.map((t) => t.transactionId)])),
  touches: Object.fromEntries([...f.contacts.values()].map((c) => [c.id, c.facts.touches.length])),
  feedback: Object.fromEntries([...f.contacts.values()].map((c) => [c.id, c.facts.feedback.length])),
  aboutAllies: Object.fromEntries([...f.allyFeedback.entries()].map(([id, xs]) => [id, xs.length])),
})

describe('the KPI aggregate counts what the fold accepted', () => {
  it('on perturbed streams: the same contacts, referrals (stages, revenue), sales, touches and responses', () => {
    fc.assert(
      fc.property(perturbedEventStream(), (events) => {
        const state = foldEvents(events)
        expect(fromKpis(resolveKpiFacts(kpiAggregate(events)))).toEqual(fromState(state))
      }),
      { numRuns: runs(400) },
    )
  })

  it('the perturbations do reach the fold: it sets events aside', () => {
    let anomalies = 0
    fc.assert(
      fc.property(perturbedEventStream({ max: 8 }), (events) => {
        anomalies += foldEvents(events).anomalies.size
      }),
      { numRuns: runs(100) },
    )
    expect(anomalies).toBeGreaterThan(100)
  })
})
