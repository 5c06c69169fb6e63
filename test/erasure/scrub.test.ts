/**
 * `scrubEvent` is the one list of personal fields: what it removes from the log is exactly
 * what the fold forgets, so a log rewritten by a store's `erase` folds into the state the
 * original log folds into; and a scrubbed event still decodes.
 */
import * as E from 'fp-ts/lib/Either.js'
import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { canonicalJson } from '../../src/core/plain.js'
import {
  PERSONAL_FIELDS,
  SCHEMA_VERSIONS,
  decodeEvent,
  encodeEvent,
  erasureScope,
  foldEvents,
  networkSnapshot,
  scrubEvent,
  type RelationshipEvent,
} from '../../src/index.js'
import { arbitraryEventStream } from '../../src/testing/index.js'
import { plantMarkers } from '../support/markers.js'
import { runs } from '../support/runs.js'

const erasing = (events: readonly RelationshipEvent[], pick: readonly number[]) => {
  const contacts = [...new Set(events.filter((e) => e.type === 'ContactAdded').map((e) => e.contactId))]
  const chosen = [...new Set(pick.map((k) => contacts[k % Math.max(1, contacts.length)]).filter((c): c is string => c !== undefined))]
  const at = events[events.length - 1]?.at ?? '2026-01-01T00:00:00Z'
  const log = [...events, ...chosen.map((contactId, i) => ({ id: `erase/${i}`, type: 'ContactErased', at, schema: SCHEMA_VERSIONS.ContactErased, contactId }) as RelationshipEvent)]
  const erased = [...foldEvents(log).contacts.values()].filter((c) => c.erased).map((c) => c.id)
  return { log, scope: erasureScope(erased, log) }
}

const stateOf = (events: readonly RelationshipEvent[]): string => canonicalJson(networkSnapshot(foldEvents(events)))

describe('scrubEvent', () => {
  it('a log scrubbed for its erased contacts folds into the same state, and every scrubbed event decodes', () => {
    fc.assert(
      fc.property(arbitraryEventStream({ maxEvents: 120, maxContacts: 6, merges: true }), fc.array(fc.nat(), { maxLength: 3 }), (events, pick) => {
        const { log, scope } = erasing(plantMarkers(events).map((m) => m.event), pick)
        const scrubbed = log.map((e) => scrubEvent(e, scope))
        for (const e of scrubbed) expect(E.isRight(decodeEvent(encodeEvent(e)))).toBe(true)
        expect(stateOf(scrubbed)).toBe(stateOf(log))
        // Ids, types and times stay, in order.
        expect(scrubbed.map((e) => [e.id, e.type, e.at, e.contactId])).toEqual(log.map((e) => [e.id, e.type, e.at, e.contactId]))
        // Scrubbing again changes nothing.
        for (const e of scrubbed) expect(scrubEvent(e, scope)).toBe(e)
      }),
      { numRuns: runs(300) },
    )
  })

  it('leaves an event that names no one erased as it is (the same object)', () => {
    fc.assert(
      fc.property(arbitraryEventStream({ maxEvents: 60, erasures: false }), (events) => {
        const scope = erasureScope([], events)
        for (const e of events) expect(scrubEvent(e, scope)).toBe(e)
      }),
      { numRuns: runs(100) },
    )
  })

  it('marks what it changed as redacted and removes the command fingerprint', () => {
    const e = { id: 'k/0', type: 'ReferralStageChanged', at: '2026-01-01T00:00:00Z', schema: 1, contactId: 'p', referralId: 'r', stage: 'lost', reason: 'Victor is in rehab', commandHash: '0123456789abcd' } as RelationshipEvent
    const s = scrubEvent(e, { contacts: new Set(['victor']), referrals: new Set(['r']), rewards: new Set() })
    expect(s).toEqual({ id: 'k/0', type: 'ReferralStageChanged', at: '2026-01-01T00:00:00Z', schema: 1, contactId: 'p', referralId: 'r', stage: 'lost', redacted: true })
    // A live event must carry the reason; a redacted one may not.
    const { redacted: _r, ...live } = s as typeof s & { redacted?: true }
    expect(E.isLeft(decodeEvent(live))).toBe(true)
    expect(E.isRight(decodeEvent(s))).toBe(true)
  })

  it('reads its list of personal fields off the codecs', () => {
    expect(PERSONAL_FIELDS.ContactAdded.map((f) => f.path)).toEqual([
      'givenName',
      'familyName',
      'company',
      'emails',
      'phones',
      'address.lines',
      'address.locality',
      'address.region',
      'address.postalCode',
      'notes',
      'name',
    ])
    expect(PERSONAL_FIELDS.FeedbackRecorded).toEqual([
      { path: 'nps', erasedWith: 'about' },
      { path: 'csi', erasedWith: 'about' },
      { path: 'csi.attributes[].attribute', erasedWith: 'any' },
      { path: 'perceivedPerformance', erasedWith: 'about' },
      { path: 'expectedPerformance', erasedWith: 'about' },
      { path: 'perceivedBenefits', erasedWith: 'about' },
      { path: 'perceivedCosts', erasedWith: 'about' },
      { path: 'referralEffort', erasedWith: 'about' },
      { path: 'comment', erasedWith: 'any' },
    ])
    expect(PERSONAL_FIELDS.RewardIssued).toEqual([{ path: 'value.description', erasedWith: 'any' }])
    expect(PERSONAL_FIELDS.ContactRoleChanged).toEqual([])
    // Every event type that carries free text has it listed.
    const withText = (Object.keys(PERSONAL_FIELDS) as Array<keyof typeof PERSONAL_FIELDS>).filter((k) => PERSONAL_FIELDS[k].length > 0)
    expect(withText.length).toBeGreaterThan(20)
  })
})
