import * as E from 'fp-ts/lib/Either.js'
import * as fc from 'fast-check'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  EVENT_TYPES,
  SCHEMA_VERSIONS,
  decodeEvent,
  decodeEvents,
  defaultUpcasters,
  encodeEvent,
  type RelationshipEvent,
  type Upcaster,
} from '../../src/events/index.js'
import { foldEvents, getContact } from '../../src/state/index.js'
import { arbitraryEventStream } from '../../src/testing/index.js'
import { runs } from '../support/runs.js'

const AT = '2026-11-26T09:00:00Z'
const rated = (score: unknown) => ({ id: 'e1', type: 'ContactRated', at: AT, schema: 1, contactId: 'c1', score })

const messageOf = (r: E.Either<{ message: string }, unknown>): string => (E.isLeft(r) ? r.left.message : 'decoded')

describe('decodeEvent', () => {
  it('names the path, what was expected and what it got', () => {
    expect(messageOf(decodeEvent(rated(7)))).toBe('event.score: expected an integer 1–5, got 7')
    expect(messageOf(decodeEvents([rated(3), rated(3), rated(3), rated(7)]))).toBe(
      'events[3].score: expected an integer 1–5, got 7',
    )
    expect(messageOf(decodeEvent({ ...rated(3), at: '2026-02-30T09:00:00Z' }))).toMatch(
      /^event\.at: expected an ISO-8601 instant/,
    )
    expect(messageOf(decodeEvent({ ...rated(3), contactId: undefined }))).toBe(
      'event.contactId: expected a non-empty id (at most 256 characters, no control or bidi characters), got nothing',
    )
    expect(messageOf(decodeEvent({ ...rated(3), type: 'ContactRatd' }))).toMatch(/^event\.type: expected a known event type \(ContactAdded, /)
    expect(messageOf(decodeEvent('{"not":"parsed"}'))).toBe(
      'event: expected an object (a relationship event), got "{\\"not\\":\\"parsed\\"}"',
    )
    expect(messageOf(decodeEvent({ ...rated(3), at: new Date() }))).toMatch(/got a Date object \(use an ISO-8601 string\)$/)
  })

  it('dispatches on tags: a closed referral needs revenue, an ally a category', () => {
    const closed = { id: 'e', type: 'ReferralStageChanged', at: AT, schema: 1, contactId: 'c', referralId: 'r', stage: 'closed' }
    expect(messageOf(decodeEvent(closed))).toBe(
      'event.revenue: expected money { amount (integer minor units ≥ 0), currency }, got nothing',
    )
    expect(messageOf(decodeEvent({ ...closed, revenue: { amount: 10.5, currency: 'USD' } }))).toBe(
      'event.revenue.amount: expected a non-negative integer amount in minor units (e.g. cents), got 10.5',
    )
    expect(E.isRight(decodeEvent({ ...closed, revenue: { amount: 1050, currency: 'USD' } }))).toBe(true)
    const ally = { id: 'e', type: 'ContactRoleChanged', at: AT, schema: 1, contactId: 'c', role: 'ally' }
    expect(messageOf(decodeEvent(ally))).toMatch(/^event\.allyCategory: expected one of 'lender' \| /)
  })

  it('checks calendar dates back: 2026-02-30 is not a date, --02-29 is a month-day', () => {
    const date = (d: string) => ({ id: 'e', type: 'PersonalDateRecorded', at: AT, schema: 1, contactId: 'c', kind: 'birthday', date: d })
    expect(E.isRight(decodeEvent(date('--02-29')))).toBe(true)
    expect(E.isRight(decodeEvent(date('1987-03')))).toBe(true)
    expect(E.isRight(decodeEvent(date('1988-02-29')))).toBe(true)
    expect(messageOf(decodeEvent(date('2026-02-30')))).toMatch(/^event\.date: expected a personal date/)
    expect(messageOf(decodeEvent(date('1987-02-29')))).toMatch(/^event\.date: expected a personal date/)
    expect(messageOf(decodeEvent(date('--02-30')))).toMatch(/^event\.date: expected a personal date/)
  })

  it('keeps money in integer minor units with a real currency', () => {
    const cost = (amount: unknown) => ({ id: 'e', type: 'CostRecorded', at: AT, schema: 1, category: 'gift', amount })
    expect(E.isRight(decodeEvent(cost({ amount: 2599, currency: 'SAR' })))).toBe(true)
    expect(messageOf(decodeEvent(cost({ amount: 2599, currency: 'XXY' })))).toMatch(/^event\.amount\.currency: expected an ISO-4217/)
    expect(messageOf(decodeEvent(cost({ amount: 25.99, currency: 'USD' })))).toMatch(/^event\.amount\.amount: expected a non-negative integer/)
  })

  it('refuses text no database can store: U+0000 and unpaired surrogates', () => {
    const added = (name: string) => ({ id: 'e', type: 'ContactAdded', at: AT, schema: 1, contactId: 'c', name, met: true })
    expect(E.isRight(decodeEvent(added('Ada 😀')))).toBe(true)
    expect(E.isLeft(decodeEvent(added('Ada\u0000')))).toBe(true)
    expect(E.isLeft(decodeEvent(added('Ada \uD800')))).toBe(true)
    expect(E.isLeft(decodeEvent({ ...added('Ada'), notes: '\uDC00' }))).toBe(true)
    expect(E.isLeft(decodeEvent({ ...added('Ada'), contactId: 'c\uD83D' }))).toBe(true)
  })

  it('strips unknown keys and leaves prototype-polluting keys inert', () => {
    const raw = JSON.parse(
      '{"id":"e","type":"ContactRated","at":"2026-11-26T09:00:00Z","schema":1,"contactId":"c","score":3,"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"extra":1}',
    )
    const r = decodeEvent(raw)
    expect(E.isRight(r)).toBe(true)
    if (E.isRight(r)) {
      expect(Object.keys(r.right).sort()).toEqual(['at', 'contactId', 'id', 'schema', 'score', 'type'])
      expect(Object.getPrototypeOf(r.right)).toBe(Object.prototype)
    }
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
  })

  it('owns what it returns: mutating the input afterwards changes nothing', () => {
    const input = { id: 'e', type: 'ContactAdded', at: AT, schema: 1, contactId: 'c', name: 'Ada', met: true, emails: ['a@b.co'] }
    const r = decodeEvent(input)
    input.emails.push('x@y.co')
    expect(E.isRight(r) && (r.right as { emails?: string[] }).emails).toEqual(['a@b.co'])
  })

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true }), (u) => {
        expect(() => decodeEvent(u)).not.toThrow()
        expect(() => decodeEvents(u)).not.toThrow()
        expect(() => decodeEvents([u, u])).not.toThrow()
      }),
      { numRuns: runs(1000) },
    )
    const cyclic: Record<string, unknown> = { type: 'ContactAdded' }
    cyclic['self'] = cyclic
    expect(E.isLeft(decodeEvent(cyclic))).toBe(true)
    const hostile = new Proxy({}, { ownKeys: () => { throw new Error('no keys') } })
    expect(messageOf(decodeEvent(hostile))).toBe('event: could not be read (no keys)')
  })

  it('rejects every mutation of a valid event that breaks a field, with a message', () => {
    fc.assert(
      fc.property(
        arbitraryEventStream({ maxEvents: 30 }),
        fc.nat(),
        fc.nat(),
        fc.oneof(fc.constant(undefined), fc.constant(null), fc.integer(), fc.string(), fc.constant({}), fc.constant([])),
        (events, i, j, junk) => {
          fc.pre(events.length > 0)
          const event = encodeEvent(events[i % events.length] as RelationshipEvent)
          const keys = Object.keys(event)
          const key = keys[j % keys.length] as string
          const broken = { ...event, [key]: junk }
          // Whatever happens, no throw; a failure always carries a readable message.
          const r = decodeEvent(broken)
          if (E.isLeft(r)) expect(r.left.message).toMatch(/^event(\.|:)/)
        },
      ),
      { numRuns: runs(500) },
    )
  })

  it('decode ∘ encode is the identity on every valid event', () => {
    fc.assert(
      fc.property(arbitraryEventStream({ maxEvents: 60 }), (events) => {
        for (const e of events) {
          const json = JSON.parse(JSON.stringify(encodeEvent(e)))
          expect(decodeEvent(json)).toEqual(E.right(e))
        }
        expect(decodeEvents(events.map(encodeEvent))).toEqual(E.right(events))
      }),
      { numRuns: runs(300) },
    )
  })

  it('every event type is generated by the arbitraries', () => {
    const seen = new Set<string>()
    fc.assert(
      fc.property(arbitraryEventStream({ maxEvents: 80, maxContacts: 6, merges: true }), (events) => {
        events.forEach((e) => seen.add(e.type))
      }),
      // The rarest types need a reward pending or an ally reviewed first: at 300 runs one seed
      // in twelve missed one (measured over 200 seeds); at 1,200, none of 200.
      { numRuns: runs(1200) },
    )
    expect([...EVENT_TYPES].filter((t) => !seen.has(t))).toEqual([])
  })
})

describe('upcasting', () => {
  const fixture: unknown[] = JSON.parse(readFileSync(new URL('./fixtures/consent-changed-v1.json', import.meta.url), 'utf8'))

  it('lifts stored ConsentChanged v1 (one flag for every channel) to v2', () => {
    expect(SCHEMA_VERSIONS.ConsentChanged).toBe(2)
    const r = decodeEvents(fixture)
    expect(r).toEqual(
      E.right([
        {
          id: 'legacy-0001',
          type: 'ConsentChanged',
          at: '2025-03-14T10:15:00+03:00',
          schema: 2,
          contactId: 'c-1001',
          actor: 'agent-7',
          channel: 'all',
          doNotContact: true,
        },
        {
          id: 'legacy-0002',
          type: 'ConsentChanged',
          at: '2025-06-01T08:00:00Z',
          schema: 2,
          contactId: 'c-1001',
          channel: 'all',
          doNotContact: false,
        },
      ]),
    )
    // And the fold reads the lifted events like new ones.
    if (E.isRight(r)) {
      const added = { id: 'a', type: 'ContactAdded', at: '2025-01-01T00:00:00Z', schema: 1, contactId: 'c-1001', name: 'Old Friend', met: true } as const
      const state = foldEvents([added as RelationshipEvent, r.right[0] as RelationshipEvent])
      expect(getContact(state, 'c-1001')).toMatchObject({ value: { consent: { refused: ['mail', 'phone', 'email', 'in-person', 'text', 'gift'] } } })
    }
  })

  it('refuses versions it cannot lift, and newer ones', () => {
    expect(messageOf(decodeEvents(fixture, { upcasters: [] }))).toMatch(/^events\[0\]\.schema: expected a version with an upcaster \(none lifts ConsentChanged v1\)/)
    expect(messageOf(decodeEvent({ ...rated(3), schema: 9 }))).toMatch(/^event\.schema: expected a schema version up to 1 for ContactRated/)
  })

  it('takes a host’s own upcasters beside the defaults', () => {
    // A host that stored ratings on a 1–10 scale before adopting touchbase marked them schema 0.
    const halveOldRatings: Upcaster = {
      type: 'ContactRated',
      from: 0,
      up: (raw) => ({ ...raw, score: Math.max(1, Math.round(Number(raw['score']) / 2)) }),
    }
    const r = decodeEvent({ ...rated(9), schema: 0 }, { upcasters: [...defaultUpcasters, halveOldRatings] })
    expect(r).toEqual(E.right({ ...rated(5), schema: 1 }))
    const throwing: Upcaster = { type: 'ContactRated', from: 0, up: () => { throw new Error('bad data') } }
    expect(messageOf(decodeEvent({ ...rated(9), schema: 0 }, { upcasters: [throwing] }))).toBe('event: could not be read (bad data)')
  })
})
