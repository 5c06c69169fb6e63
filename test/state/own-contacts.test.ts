/**
 * The folder of many streams' own contacts (`ownContactsFolder`, the KPI aggregate's state
 * side): fed every stream's own events interleaved, with commits anywhere between, each
 * stream it kept holds the contact `foldOwnContact` makes of that stream's events alone, and
 * what a commit handed out is never written by the events folded after it.
 */
import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { EVENT_TYPES, type EventType, type RelationshipEvent } from '../../src/events/index.js'
import { OWN_CONTACT_EVENTS, foldOwnContact, ownContactsFolder, type ContactState } from '../../src/state/index.js'
import { generateEventStream } from '../../src/testing/index.js'
import { perturbedEventStream } from '../support/perturb.js'
import { runs } from '../support/runs.js'

/** Each contact's own events, as the KPI aggregate keeps them: each id once, only the own-contact types. */
const ownStreams = (events: readonly RelationshipEvent[]): Map<string, RelationshipEvent[]> => {
  const own = new Set<EventType>(OWN_CONTACT_EVENTS)
  const seen = new Set<string>()
  const by = new Map<string, RelationshipEvent[]>()
  for (const e of events) {
    if (seen.has(e.id) || !own.has(e.type) || e.contactId === undefined) continue
    seen.add(e.id)
    ;(by.get(e.contactId) ?? by.set(e.contactId, []).get(e.contactId))?.push(e)
  }
  return by
}

describe('ownContactsFolder', () => {
  it('forgets a stream it is told to (an erasure, a merge): nothing of the contact stays, others do, earlier commits are unchanged', () => {
    const added = (id: string, contactId: string, name: string) =>
      ({ id, type: 'ContactAdded', at: '2026-01-05T08:00:00Z', schema: 1, contactId, name, met: true, emails: [`${name}@example.com`] }) as unknown as RelationshipEvent
    const folder = ownContactsFolder()
    expect(folder.apply('c1', added('a/1', 'c1', 'Erasable'))).toBe(true)
    expect(folder.apply('c2', added('a/2', 'c2', 'Kept'))).toBe(true)
    const before = folder.commit()
    expect(before('c1')?.profile?.name).toBe('Erasable')
    // Forgotten with events pending as well as committed ones.
    expect(folder.apply('c2', { ...added('a/3', 'c2', 'Kept'), type: 'ContactUpdated', notes: 'x' } as unknown as RelationshipEvent)).toBe(true)
    folder.forget('c1')
    const after = folder.commit()
    expect(after('c1')).toBeUndefined()
    expect(after('c2')?.profile?.name).toBe('Kept')
    expect(before('c1')?.profile?.name).toBe('Erasable')
    folder.forget('nobody')
    expect(folder.commit()('c2')?.profile?.name).toBe('Kept')
  })

  it('holds, for each stream it kept, foldOwnContact of that stream’s events; a commit is never written again', () => {
    fc.assert(
      fc.property(perturbedEventStream({ maxEvents: 150, maxContacts: 8 }), fc.array(fc.nat(), { maxLength: 6 }), (events, cuts) => {
        const by = ownStreams(events)
        const folder = ownContactsFolder()
        const refused = new Set<string>()
        const commitAt = new Set(cuts.map((c) => c % (events.length + 1)))
        const handedOut: { at: number; get: (id: string) => ContactState | undefined; copies: Map<string, ContactState | undefined> }[] = []
        const fed = new Map<string, RelationshipEvent[]>()
        const own = new Set<EventType>(OWN_CONTACT_EVENTS)
        const seen = new Set<string>()
        events.forEach((e, i) => {
          if (commitAt.has(i)) {
            const get = folder.commit()
            handedOut.push({ at: i, get, copies: new Map([...by.keys()].map((id) => [id, structuredClone(get(id))])) })
          }
          if (seen.has(e.id) || !own.has(e.type) || e.contactId === undefined) return
          seen.add(e.id)
          ;(fed.get(e.contactId) ?? fed.set(e.contactId, []).get(e.contactId))?.push(e)
          if (!refused.has(e.contactId) && !folder.apply(e.contactId, e)) refused.add(e.contactId)
        })
        const last = folder.commit()
        for (const [id, es] of by) {
          if (!refused.has(id)) expect(last(id), id).toEqual(foldOwnContact(es, id))
        }
        // Later events wrote copies: what each commit handed out is as it was.
        for (const h of handedOut) for (const [id, copy] of h.copies) expect(h.get(id), `${id} at ${h.at}`).toEqual(copy)
        expect([...fed.keys()].sort()).toEqual([...by.keys()].sort())
      }),
      { numRuns: runs(200) },
    )
  })

  it('keeps every stream of decoded events, each the fold of its own events', () => {
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 1, max: 6 }), (seed, contacts) => {
        const events = generateEventStream({ seed, contacts, events: 300 })
        const folder = ownContactsFolder()
        const by = ownStreams(events)
        for (const e of events) if (by.get(e.contactId ?? '')?.includes(e)) expect(folder.apply(e.contactId as string, e)).toBe(true)
        const got = folder.commit()
        for (const [id, es] of by) expect(got(id), id).toEqual(foldOwnContact(es, id))
      }),
      { numRuns: runs(30) },
    )
  })

  it('refuses what a stream cannot fold alone: a merge, another type, another contact’s event', () => {
    const folder = ownContactsFolder()
    const added = { id: 'e1', type: 'ContactAdded', at: '2025-01-01T00:00:00.000Z', contactId: 'c1', name: 'A', circle: 'inner' } as unknown as RelationshipEvent
    expect(folder.apply('c2', added)).toBe(false)
    for (const type of EVENT_TYPES.filter((t) => !(OWN_CONTACT_EVENTS as readonly EventType[]).includes(t)).slice(0, 5)) {
      expect(folder.apply('c1', { ...added, id: `x-${type}`, type } as unknown as RelationshipEvent)).toBe(false)
    }
  })
})
