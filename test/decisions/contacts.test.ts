import * as E from 'fp-ts/lib/Either.js'
import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decide, decider, foldEvents, listAnomalies, type Command, type RelationshipEvent } from '../../src/index.js'
import { deciderSpec } from '../../src/testing/index.js'
import { runs } from '../support/runs.js'

const now = new Date('2026-11-26T09:00:00Z')
const AT = now.toISOString()
const spec = deciderSpec(decider, { now })

const contactAdded: RelationshipEvent = {
  id: 'seed/0',
  type: 'ContactAdded',
  at: '2026-01-02T10:00:00Z',
  schema: 1,
  contactId: 'c1',
  name: 'Ada Lovelace',
  met: false,
}
const erased: RelationshipEvent = { id: 'seed/1', type: 'ContactErased', at: '2026-02-01T10:00:00Z', schema: 1, contactId: 'c1' }

describe('decide: contact commands (given / when / then)', () => {
  it('adds a contact, with its role as a second event', () => {
    spec
      .given([])
      .when({ type: 'AddContact', commandId: 'cmd-1', contactId: 'c2', name: 'Grace', met: true, role: 'ally', allyCategory: 'lender', actor: 'agent-1' })
      .then([
        { id: 'cmd-1/0', type: 'ContactAdded', at: AT, schema: 1, contactId: 'c2', actor: 'agent-1', name: 'Grace', met: true },
        { id: 'cmd-1/1', type: 'ContactRoleChanged', at: AT, schema: 1, contactId: 'c2', actor: 'agent-1', role: 'ally', allyCategory: 'lender' },
      ])
  })

  it('refuses a duplicate contact id, and an erased one', () => {
    spec.given([contactAdded]).when({ type: 'AddContact', commandId: 'k', contactId: 'c1', name: 'Other', met: true }).thenFails('contact-exists')
    spec.given([contactAdded, erased]).when({ type: 'AddContact', commandId: 'k', contactId: 'c1', name: 'Other', met: true }).thenFails('contact-erased')
  })

  it('refuses commands about unknown and erased contacts', () => {
    const commands: Command[] = [
      { type: 'MarkMet', commandId: 'k', contactId: 'c1' },
      { type: 'ChangeRole', commandId: 'k', contactId: 'c1', role: 'advocate' },
      { type: 'RateContact', commandId: 'k', contactId: 'c1', score: 4 },
      { type: 'RecordPersonalDate', commandId: 'k', contactId: 'c1', kind: 'birthday', date: '--02-29' },
      { type: 'RecordInterest', commandId: 'k', contactId: 'c1', category: 'team', name: 'Hilal', seasonStart: '--08-15' },
      { type: 'SetConsent', commandId: 'k', contactId: 'c1', channel: 'phone', doNotContact: true },
      { type: 'EraseContact', commandId: 'k', contactId: 'c1' },
      { type: 'UpdateContact', commandId: 'k', contactId: 'c1', notes: null },
    ]
    for (const c of commands) {
      spec.given([]).when(c).thenFails('unknown-contact')
      spec.given([contactAdded, erased]).when(c).thenFails('contact-erased')
      spec.given([contactAdded]).when(c).then((events) => expect(events.length).toBe(1))
    }
  })

  it('refuses a rating out of range with a readable message', () => {
    spec
      .given([contactAdded])
      .when({ type: 'RateContact', commandId: 'k', contactId: 'c1', score: 7 })
      .thenFails((e) => {
        expect(e.code).toBe('rating-out-of-range')
        expect(e.message).toBe('A referral-ability rating is an integer from 1 to 5, not 7.')
      })
    spec.given([contactAdded]).when({ type: 'RateContact', commandId: 'k', contactId: 'c1', score: 2.5 }).thenFails('rating-out-of-range')
    spec
      .given([contactAdded])
      .when({ type: 'RateContact', commandId: 'k', contactId: 'c1', score: 5 })
      .then([{ id: 'k/0', type: 'ContactRated', at: AT, schema: 1, contactId: 'c1', score: 5 }])
  })

  it('refuses fields its events could not carry, naming the field', () => {
    spec
      .given([contactAdded])
      .when({ type: 'RecordPersonalDate', commandId: 'k', contactId: 'c1', kind: 'birthday', date: '2026-02-30' })
      .thenFails((e) => expect(e.message).toMatch(/^The command is not valid: command\.date: expected a personal date/))
    spec
      .given([contactAdded])
      .when({ type: 'ChangeRole', commandId: 'k', contactId: 'c1', role: 'ally' })
      .thenFails((e) => expect(e.message).toMatch(/command\.allyCategory: expected one of 'lender'/))
    spec
      .given([])
      .when({ type: 'AddContact', commandId: 'k', contactId: 'c9', name: 'X', met: true, timeZone: 'Mars/Olympus' })
      .thenFails((e) => expect(e.message).toMatch(/command\.timeZone: expected an IANA time zone/))
    spec.given([]).when({ type: 'AddContact', commandId: '', contactId: 'c9', name: 'X', met: true }).thenFails('invalid-command')
  })

  it('records nothing when there is nothing to record', () => {
    const met = { ...contactAdded, met: true }
    spec.given([met]).when({ type: 'MarkMet', commandId: 'k', contactId: 'c1' }).thenNothing()
    spec.given([contactAdded]).when({ type: 'MarkMet', commandId: 'k', contactId: 'c1' }).then([
      { id: 'k/0', type: 'ContactMet', at: AT, schema: 1, contactId: 'c1' },
    ])
  })

  it('refuses an unknown command and an invalid clock without throwing', () => {
    expect(decide({ type: 'Teleport' } as unknown as Command, foldEvents([]), now)).toMatchObject(E.left({ code: 'unknown-command' }))
    expect(decide({ type: 'MarkMet', commandId: 'k', contactId: 'c1' }, foldEvents([]), new Date('nope'))).toMatchObject(
      E.left({ code: 'invalid-now' }),
    )
  })

  it('a retried command yields the same events, which the fold ignores the second time', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), (score) => {
        const state = foldEvents([contactAdded])
        const cmd: Command = { type: 'RateContact', commandId: 'retry-me', contactId: 'c1', score }
        const first = decide(cmd, state, now)
        const second = decide(cmd, state, now)
        expect(second).toEqual(first)
        if (E.isRight(first) && E.isRight(second)) {
          const once = foldEvents(first.right, state)
          expect(foldEvents(second.right, once)).toBe(once)
        }
      }),
      { numRuns: runs(50) },
    )
  })

  it('what decide emits, the fold applies without anomalies', () => {
    const commands = fc.oneof(
      fc.record({ type: fc.constant('RateContact' as const), score: fc.integer({ min: -2, max: 8 }) }),
      fc.record({ type: fc.constant('ChangeRole' as const), role: fc.constantFrom('lead', 'client', 'advocate', 'core') }),
      fc.record({ type: fc.constant('SetConsent' as const), channel: fc.constantFrom('all', 'phone', 'mail'), doNotContact: fc.boolean() }),
      fc.record({ type: fc.constant('MarkMet' as const) }),
      fc.record({ type: fc.constant('EraseContact' as const) }),
      fc.record({ type: fc.constant('RecordPersonalDate' as const), kind: fc.constantFrom('birthday', 'wedding-anniversary'), date: fc.constantFrom('--02-29', '1990-06-01', '1990-06', '1990-06-31') }),
    )
    fc.assert(
      fc.property(fc.array(fc.record({ c: commands, who: fc.constantFrom('c1', 'c2') }), { maxLength: 30 }), (script) => {
        let state = foldEvents([contactAdded])
        script.forEach(({ c, who }, i) => {
          const r = decide({ ...c, commandId: `k${i}`, contactId: who } as Command, state, now)
          if (E.isRight(r)) state = foldEvents(r.right, state)
        })
        expect(listAnomalies(state)).toEqual([])
      }),
      { numRuns: runs(200) },
    )
  })
})
