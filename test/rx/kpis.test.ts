import * as fc from 'fast-check'
import { from, map, Subject } from 'rxjs'
import { describe, expect, it } from 'vitest'
import { kpiAggregate, kpis, type KpiQuery, type KpiReport } from '../../src/kpi/index.js'
import { toKpis, type EventInput } from '../../src/rx/index.js'
import { arbitraryEventStream } from '../../src/testing/index.js'
import { contact, testScheduler } from './support.js'
import { SCHEMA_VERSIONS, type RelationshipEvent } from '../../src/events/index.js'
import { runs } from '../support/runs.js'

const at = '2026-02-01T10:00:00Z'
const referral = (id: string, from: string, to: string): RelationshipEvent =>
  ({ id: `ref-${id}`, type: 'ReferralReceived', at, schema: SCHEMA_VERSIONS.ReferralReceived, contactId: from, referralId: id, refereeId: to }) as RelationshipEvent
const a = contact('c1')
const b = contact('c2')
const r = referral('r1', 'c1', 'c2')
const query: KpiQuery = { now: new Date('2026-12-31T00:00:00Z') }
const received = (report: KpiReport) => report.referralsReceived.total

describe('toKpis', () => {
  it('emits a report per query, reading events as they come; a redelivery counts once', () => {
    testScheduler().run(({ cold, hot, expectObservable }) => {
      const events$ = cold<EventInput>('-a-b-r-r----|', { a, b, r })
      const query$ = hot<KpiQuery>('---q-----q-|', { q: query })
      expectObservable(events$.pipe(toKpis(query$), map(received))).toBe('---x-----y--|', { x: 0, y: 1 })
    })
  })

  it('with emitOnEvents, also reports after each batch once a query came', () => {
    testScheduler().run(({ cold, hot, expectObservable }) => {
      const events$ = cold<EventInput>('-a-B---|', { a, B: [b, r] })
      const query$ = hot<KpiQuery>('--q---|', { q: query })
      expectObservable(events$.pipe(toKpis(query$, { emitOnEvents: true }), map(received))).toBe('--xy---|', { x: 0, y: 1 })
    })
  })

  it('reports what kpis reports on the events so far, whatever the batches', () => {
    fc.assert(
      fc.property(arbitraryEventStream({ maxEvents: 80, maxContacts: 5 }), fc.nat(), (events, cut) => {
        const i = events.length === 0 ? 0 : cut % (events.length + 1)
        const events$ = new Subject<EventInput>()
        const query$ = new Subject<KpiQuery>()
        const seen: KpiReport[] = []
        events$.pipe(toKpis(query$)).subscribe((x) => seen.push(x))
        events$.next(events.slice(0, i))
        query$.next(query)
        for (const e of events.slice(i)) events$.next(e)
        query$.next(query)
        expect(seen).toEqual([kpis(events.slice(0, i), query), kpis(events, query)])
      }),
      { numRuns: runs(100) },
    )
  })

  it('starts from an aggregate', () => {
    const seen: number[] = []
    const query$ = new Subject<KpiQuery>()
    from([r]).pipe(toKpis(query$, { initial: kpiAggregate([a, b]) }), map(received)).subscribe((x) => seen.push(x))
    query$.next(query)
    expect(seen).toEqual([1])
  })
})
