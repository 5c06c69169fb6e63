/**
 * The agenda index against `agenda`, its definition: for any network, day, window and
 * options, reading a day from an index gives exactly what `agenda` gives for the state it
 * follows — the same entries, in the same order — including days whose horizon reaches past
 * the index's coverage; and an index kept up event by event (or batch by batch) is the index
 * built anew from the final state, with every index handed out before left as it was.
 */
import * as E from 'fp-ts/lib/Either.js'
import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { canonicalJson } from '../../src/core/plain.js'
import type { RelationshipEvent } from '../../src/events/index.js'
import { agenda, agendaCountsFromIndex, agendaFromIndex, agendaIndex, agendaPageFromIndex, extendAgendaIndex, foldEvents, updateAgendaIndex, type Agenda, type AgendaIndex, type AgendaIndexOptions, type AgendaItem, type AgendaPageQuery, type NetworkState } from '../../src/index.js'
import { countsOf, indexContents } from '../../src/agenda/agenda-index.js'
import { arbitraryEventStream } from '../../src/testing/index.js'
import { perturbedEventStream } from '../support/perturb.js'
import { runs } from '../support/runs.js'
import { arbitraryDay, arbitraryIndexOptions, arbitraryNetwork } from './support.js'

const right = <A>(e: E.Either<{ readonly message: string }, A>): A => {
  if (E.isLeft(e)) throw new Error(e.left.message)
  return e.right
}

const window = fc.record({ horizonDays: fc.oneof(fc.constant(undefined), fc.integer({ min: 0, max: 45 })), lookbackDays: fc.oneof(fc.constant(undefined), fc.integer({ min: 0, max: 120 })) })
/** Small coverages put the horizon past them often; undefined is the default (400 days). */
const coverDays = fc.oneof(fc.constant(undefined), fc.integer({ min: 0, max: 90 }))

const read = (index: AgendaIndex, now: Date, w: { horizonDays?: number | undefined; lookbackDays?: number | undefined }): Agenda =>
  right(agendaFromIndex(index, { now, ...(w.horizonDays === undefined ? {} : { horizonDays: w.horizonDays }), ...(w.lookbackDays === undefined ? {} : { lookbackDays: w.lookbackDays }) }))
const truth = (state: NetworkState, options: Omit<AgendaIndexOptions, 'now' | 'coverDays'>, now: Date, w: { horizonDays?: number | undefined; lookbackDays?: number | undefined }): Agenda =>
  right(agenda(state, { ...options, now, ...(w.horizonDays === undefined ? {} : { horizonDays: w.horizonDays }), ...(w.lookbackDays === undefined ? {} : { lookbackDays: w.lookbackDays }) }))

/** A network, its index options, the day it is built on and days it is read on. */
const scenario = (events: fc.Arbitrary<RelationshipEvent[]>) =>
  events.chain((es) =>
    fc.record({
      events: fc.constant(es),
      options: arbitraryIndexOptions,
      built: arbitraryDay(es),
      coverDays,
      reads: fc.array(fc.record({ now: arbitraryDay(es), w: window }), { minLength: 1, maxLength: 3 }),
    }),
  )

const indexOf = (state: NetworkState, options: Omit<AgendaIndexOptions, 'now' | 'coverDays'>, built: Date, cover: number | undefined): AgendaIndex =>
  right(agendaIndex(state, { ...options, now: built, ...(cover === undefined ? {} : { coverDays: cover }) }))

describe('agendaFromIndex', () => {
  it.each([
    ['generated networks', arbitraryNetwork({ maxOps: 60 }), 150],
    ['simulated streams', arbitraryEventStream({ maxEvents: 120, maxContacts: 6, merges: true }), 80],
    ['perturbed streams', perturbedEventStream({ maxEvents: 100, maxContacts: 5 }), 80],
  ] as const)('reads exactly the agenda of the state on any day, window and options (%s)', { timeout: 600_000 }, (_, events, n) => {
    fc.assert(
      fc.property(scenario(events), ({ events: es, options, built, coverDays: cover, reads }) => {
        const state = foldEvents(es)
        const index = indexOf(state, options, built, cover)
        for (const { now, w } of reads) {
          const got = read(index, now, w)
          const want = truth(state, options, now, w)
          expect(got).toStrictEqual(want)
          // Field for field in the same order: the two serialize alike.
          expect(JSON.stringify(got)).toBe(JSON.stringify(want))
        }
      }),
      { numRuns: runs(n) },
    )
  })

  it('refuses a `now` that is not a date, as agenda does', () => {
    const index = right(agendaIndex(foldEvents([]), { now: new Date('2026-01-01T00:00:00Z') }))
    const bad = agendaFromIndex(index, { now: new Date(Number.NaN) })
    expect(E.isLeft(bad) && bad.left.code).toBe('invalid-now')
    expect(bad).toEqual(agenda(index.state, { now: new Date(Number.NaN) }))
    const build = agendaIndex(foldEvents([]), { now: new Date('nope') })
    expect(E.isLeft(build) && build.left.code).toBe('invalid-now')
  })
})

/** Every page of a list, one after the other, as the host reads them. */
const allPages = (index: AgendaIndex, query: AgendaPageQuery): AgendaItem[] => {
  const out: AgendaItem[] = []
  let q = query
  for (let n = 0; n < 10_000; n++) {
    const page = right(agendaPageFromIndex(index, q))
    expect(page.items.length).toBeLessThanOrEqual(q.limit ?? 100)
    out.push(...page.items)
    if (page.next === undefined) return out
    // A page with a next is full, and the next is its last item's key.
    expect(page.items.length).toBe(q.limit ?? 100)
    q = { ...q, after: JSON.parse(JSON.stringify(page.next)) }
  }
  throw new Error('pages never ended')
}

describe('agendaPageFromIndex', () => {
  it.each([
    ['generated networks', arbitraryNetwork({ maxOps: 60 }), 120],
    ['simulated streams', arbitraryEventStream({ maxEvents: 120, maxContacts: 6, merges: true }), 60],
  ] as const)('page after page reads exactly the agenda’s items (and blocked), of a status or all (%s)', { timeout: 600_000 }, (_, events, n) => {
    fc.assert(
      fc.property(
        scenario(events),
        fc.integer({ min: 1, max: 6 }),
        fc.constantFrom(undefined, 'overdue', 'due', 'upcoming'),
        fc.constantFrom('items', 'blocked'),
        ({ events: es, options, built, coverDays: cover, reads }, limit, status, list) => {
          const state = foldEvents(es)
          const index = indexOf(state, options, built, cover)
          for (const { now, w } of reads) {
            const want = truth(state, options, now, w)[list].filter((i) => status === undefined || i.status === status)
            const query = { now, limit, list, ...(status === undefined ? {} : { status }), ...(w.horizonDays === undefined ? {} : { horizonDays: w.horizonDays }), ...(w.lookbackDays === undefined ? {} : { lookbackDays: w.lookbackDays }) }
            expect(allPages(index, query)).toStrictEqual(want)
          }
        },
      ),
      { numRuns: runs(n) },
    )
  })

  it('starts after any key, one that is no item’s included: the items past it', () => {
    fc.assert(
      fc.property(scenario(arbitraryNetwork({ maxOps: 40 })), fc.nat(), fc.string({ maxLength: 3 }), ({ events: es, options, built, reads }, pick, salt) => {
        const state = foldEvents(es)
        const index = indexOf(state, options, built, undefined)
        const { now } = reads[0] as { now: Date }
        const items = truth(state, options, now, {}).items
        const at = items[pick % Math.max(1, items.length)]
        const key = at === undefined ? { due: '2026-01-01', contactId: salt, touchKey: salt, enrollmentId: salt } : { due: at.due, contactId: at.contactId + salt, touchKey: at.touch.touchKey, enrollmentId: at.touch.enrollmentId }
        const past = (i: AgendaItem): boolean =>
          i.due !== key.due ? i.due > key.due : i.contactId !== key.contactId ? i.contactId > key.contactId : i.touch.touchKey !== key.touchKey ? i.touch.touchKey > key.touchKey : i.touch.enrollmentId > key.enrollmentId
        expect(allPages(index, { now, after: key, limit: 3 })).toStrictEqual(items.filter(past))
      }),
      { numRuns: runs(100) },
    )
  })

  it('refuses what is no page: a limit out of range, an unknown list or status, a malformed key, an invalid now', () => {
    const index = right(agendaIndex(foldEvents([]), { now: new Date('2026-01-01T00:00:00Z') }))
    const now = new Date('2026-01-02T00:00:00Z')
    const code = (q: Record<string, unknown>): string | undefined => {
      const r = agendaPageFromIndex(index, { now, ...q } as AgendaPageQuery)
      return E.isLeft(r) ? `${r.left.code} ${'path' in r.left ? String(r.left.path) : ''}` : undefined
    }
    expect(code({ limit: 0 })).toBe('invalid-value limit')
    expect(code({ limit: 10_001 })).toBe('invalid-value limit')
    expect(code({ limit: 2.5 })).toBe('invalid-value limit')
    expect(code({ limit: Number.NaN })).toBe('invalid-value limit')
    expect(code({ list: 'cadences' })).toBe('invalid-value list')
    expect(code({ status: 'done' })).toBe('invalid-value status')
    expect(code({ after: { due: '2026-01-01' } })).toBe('invalid-value after.contactId')
    expect(code({ after: 'c1' })).toBe('invalid-value after')
    // A forged key is refused with the field it got wrong, not read as the end of the list.
    const key = { due: '2026-01-02', contactId: 'c1', touchKey: '0/call/1', enrollmentId: 'e1' }
    expect(code({ after: key })).toBeUndefined()
    expect(code({ after: { ...key, due: 'hello' } })).toBe('invalid-value after.due')
    expect(code({ after: { ...key, due: 1 } })).toBe('invalid-value after.due')
    expect(code({ after: { ...key, due: '2026-01-02'.repeat(100_000) } })).toBe('invalid-value after.due')
    expect(code({ after: { ...key, enrollmentId: 'e'.repeat(4_097) } })).toBe('invalid-value after.enrollmentId')
    expect(code({ after: { ...key, touchKey: 7 } })).toBe('invalid-value after.touchKey')
    expect(code({ after: { ...key, due: '+10000-01-02' } })).toBeUndefined()
    expect(code({ now: new Date(Number.NaN) })).toBe('invalid-now ')
    expect(code({ limit: 10_000 })).toBeUndefined()
    expect(right(agendaPageFromIndex(index, { now }))).toStrictEqual({ now: now.toISOString(), items: [] })
    // A JavaScript caller that passes no options at all is told so, not thrown at.
    const none = undefined as never
    const tags = [agenda(foldEvents([]), none), agendaIndex(foldEvents([]), none), extendAgendaIndex(index, none), agendaFromIndex(index, none), agendaPageFromIndex(index, none), agendaCountsFromIndex(index, none)]
    expect(tags.map((r) => (E.isLeft(r) ? r.left.code : 'right'))).toEqual(Array(6).fill('invalid-now'))
  })
})

describe('agendaCountsFromIndex', () => {
  it.each([
    ['generated networks', arbitraryNetwork({ maxOps: 60 }), 150],
    ['simulated streams', arbitraryEventStream({ maxEvents: 120, maxContacts: 6, merges: true }), 60],
    ['perturbed streams', perturbedEventStream({ maxEvents: 100, maxContacts: 5 }), 60],
  ] as const)('counts exactly what the agenda lists, each list (%s)', { timeout: 600_000 }, (_, events, n) => {
    fc.assert(
      fc.property(scenario(events), ({ events: es, options, built, coverDays: cover, reads }) => {
        const state = foldEvents(es)
        const index = indexOf(state, options, built, cover)
        for (const { now, w } of reads) {
          const day = { now, ...(w.horizonDays === undefined ? {} : { horizonDays: w.horizonDays }), ...(w.lookbackDays === undefined ? {} : { lookbackDays: w.lookbackDays }) }
          expect(right(agendaCountsFromIndex(index, day))).toStrictEqual(countsOf(truth(state, options, now, w)))
        }
      }),
      { numRuns: runs(n) },
    )
  })

  it('counts a worked day: one contact, three touches in the window, one older than the lookback', () => {
    const at = '2026-01-01T09:00:00Z'
    const state = foldEvents([
      { id: 'e1', type: 'ContactAdded', at, schema: 1, contactId: 'c1', name: 'Ada', met: true, calendarSet: 'us', timeZone: 'America/New_York' },
      { id: 'e2', type: 'PlanEnrolled', at, schema: 1, contactId: 'c1', enrollmentId: 'en1', planId: 'client-for-life-33', startDate: '2026-01-01' },
    ] as RelationshipEvent[])
    const index = right(agendaIndex(state, { now: new Date(at) }))
    const counts = right(agendaCountsFromIndex(index, { now: new Date('2026-01-22T15:00:00Z'), horizonDays: 7, lookbackDays: 7 }))
    // Due 2026-01-01 (newsletter: older than the lookback), 01-22 (call: due), 01-26 (letter: upcoming).
    expect(counts).toMatchObject({ overdue: 0, due: 1, upcoming: 1, blocked: 0, olderOverdue: 1, olderOverdueContacts: 1, missingDates: 1 })
    expect(agendaCountsFromIndex(index, { now: new Date(Number.NaN) })).toEqual(agenda(state, { now: new Date(Number.NaN) }))
  })
})

describe('updateAgendaIndex', () => {
  it('kept up event by event or in batches, is the index built anew from the final state; no index handed out changes', { timeout: 600_000 }, () => {
    fc.assert(
      fc.property(
        scenario(fc.oneof(arbitraryNetwork({ maxOps: 50 }), perturbedEventStream({ maxEvents: 80, maxContacts: 4 }))),
        fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 30 }),
        ({ events, options, built, coverDays: cover, reads }, sizes) => {
          let state = foldEvents([])
          let index = indexOf(state, options, built, cover)
          let i = 0
          let k = 0
          while (i < events.length) {
            const size = sizes[k++ % sizes.length] as number
            const batch = events.slice(i, i + size)
            i += batch.length
            const before = index
            const snapshot = canonicalJson(indexContents(before))
            state = foldEvents(batch, state)
            index = updateAgendaIndex(index, state)
            expect(canonicalJson(indexContents(before))).toBe(snapshot)
          }
          const fresh = indexOf(state, options, built, cover)
          expect(indexContents(index)).toEqual(indexContents(fresh))
          for (const { now, w } of reads) expect(read(index, now, w)).toEqual(truth(state, options, now, w))
        },
      ),
      { numRuns: runs(120) },
    )
  })

  it('follows any state, not only a later one: updated to an unrelated state, it is that state’s index', () => {
    fc.assert(
      fc.property(scenario(arbitraryNetwork({ maxOps: 30 })), scenario(arbitraryNetwork({ maxOps: 30 })), (a, b) => {
        const from = indexOf(foldEvents(a.events), a.options, a.built, a.coverDays)
        const to = foldEvents(b.events)
        expect(indexContents(updateAgendaIndex(from, to))).toEqual(indexContents(indexOf(to, a.options, a.built, a.coverDays)))
      }),
      { numRuns: runs(60) },
    )
  })
})

describe('extendAgendaIndex', () => {
  it('moves the coverage on: the extended index is the one built to cover as far', { timeout: 600_000 }, () => {
    fc.assert(
      fc.property(scenario(arbitraryNetwork({ maxOps: 40 })), fc.integer({ min: 0, max: 900 }), ({ events, options, built, coverDays: cover, reads }, later) => {
        const state = foldEvents(events)
        const index = indexOf(state, options, built, cover ?? 30)
        const to = new Date(built.getTime() + later * 86_400_000)
        const extended = right(extendAgendaIndex(index, { now: to, coverDays: 30 }))
        if (extended.coveredThrough > index.coveredThrough) expect(indexContents(extended)).toEqual(indexContents(indexOf(state, options, to, 30)))
        else expect(extended).toBe(index)
        for (const { now, w } of reads) expect(read(extended, now, w)).toEqual(truth(state, options, now, w))
      }),
      { numRuns: runs(60) },
    )
  })
})
