/**
 * The live agenda emits readings of its index whose lists are worked out when first read.
 * A subscriber may keep every emission and read it whenever: it reads the agenda of its
 * moment — the events up to it, the tick it was emitted at — never what came after, and it
 * reads (and serializes) as a plain agenda.
 */
import * as fc from 'fast-check'
import { Subject } from 'rxjs'
import { describe, expect, it } from 'vitest'
import type { Agenda } from '../../src/agenda/index.js'
import type { RelationshipEvent } from '../../src/events/index.js'
import { foldEvents } from '../../src/state/index.js'
import { toAgenda, type EventInput } from '../../src/rx/index.js'
import { agendaOn } from '../support/agenda.js'
import { runs } from '../support/runs.js'
import { arbitraryNetwork } from '../agenda/support.js'

describe('toAgenda emissions', () => {
  it('read late, each is the agenda of its moment; each reads and serializes as a plain agenda', { timeout: 300_000 }, () => {
    fc.assert(
      fc.property(arbitraryNetwork({ maxOps: 40 }), fc.array(fc.integer({ min: -2, max: 30 }), { minLength: 1, maxLength: 8 }), (events, ticks) => {
        const events$ = new Subject<EventInput>()
        const clock$ = new Subject<Date>()
        const kept: Array<{ agenda: Agenda; soFar: number; now: Date }> = []
        let soFar = 0
        let now = new Date(Date.parse(events[0]?.at ?? '2026-01-01T00:00:00Z'))
        events$.pipe(toAgenda(clock$, { horizonDays: 10 })).subscribe((agenda) => kept.push({ agenda, soFar, now }))
        const per = Math.max(1, Math.ceil(events.length / ticks.length))
        ticks.forEach((days, k) => {
          for (const e of events.slice(k * per, (k + 1) * per)) {
            soFar++
            events$.next(e)
          }
          now = new Date(now.getTime() + days * 86_400_000)
          clock$.next(now)
        })
        // Read only now, after everything: each emission is still the agenda of its moment.
        for (const { agenda, soFar: n, now: at } of kept) {
          const want = agendaOn(foldEvents(events.slice(0, n) as RelationshipEvent[]), { horizonDays: 10, now: at })
          expect(agenda).toEqual(want)
          expect(JSON.parse(JSON.stringify(agenda))).toEqual(JSON.parse(JSON.stringify(want)))
          expect({ ...agenda }).toEqual(want)
          expect(Object.keys(agenda)).toEqual(Object.keys(want))
        }
      }),
      { numRuns: runs(60) },
    )
  })
})
