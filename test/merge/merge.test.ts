import * as fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import { describe, expect, it } from 'vitest'
import { kpis } from '../../src/kpi/index.js'
import { agenda, contactAgenda } from '../../src/agenda/index.js'
import { grade } from '../../src/referrals/index.js'
import { restoreSnapshot, snapshot } from '../../src/snapshots/index.js'
import { arbitraryEventStream } from '../../src/testing/index.js'
import { runs } from '../support/runs.js'
import { decide } from '../../src/decisions/index.js'
import { EVENT_REFERENCES, PERSONAL_FIELDS, SCHEMA_VERSIONS, decodeEvent, encodeEvent, scrubEvent, type RelationshipEvent } from '../../src/events/index.js'
import { erasureScopeOf, foldEvents, getContact, getReferral, listAnomalies, networkSnapshot, resolveContactId } from '../../src/state/index.js'
import { network, type Network } from './support.js'

const reward = (contactId: string): RelationshipEvent =>
  ({
    id: 'reward/r-1/received/thanks/c-dup',
    type: 'RewardIssued',
    at: '2026-02-02T10:00:00Z',
    schema: SCHEMA_VERSIONS.RewardIssued,
    contactId,
    rewardId: 'reward/r-1/received/thanks/c-dup',
    referralId: 'r-1',
    stage: 'received',
    ruleId: 'thanks',
    recipientId: 'c-dup',
    side: 'referrer',
    value: { kind: 'money', amount: { amount: 2500, currency: 'USD' } },
  }) as unknown as RelationshipEvent

/** Ada, added twice: as c-ada (a client, this year) and as c-dup (met last year, with a plan, a referral and a reward). */
const twoAdas = (): Network => {
  const net = network()
  net.ok({ type: 'AddContact', contactId: 'c-dup', name: 'A. Lovelace', met: true, emails: ['ada@home.org'], phones: ['+442071234567'], company: 'Analytical Engines', timeZone: 'Europe/London', calendarSet: 'uk' }, '2025-06-01T09:00:00Z')
  net.ok({ type: 'RecordPersonalDate', contactId: 'c-dup', kind: 'birthday', date: '1815-12-10' }, '2025-06-01T09:05:00Z')
  net.ok({ type: 'RecordPersonalDate', contactId: 'c-dup', kind: 'wedding-anniversary', date: '1835-07-08' }, '2025-06-01T09:06:00Z')
  net.ok({ type: 'SetConsent', contactId: 'c-dup', channel: 'text', doNotContact: true }, '2025-06-01T09:07:00Z')
  net.ok({ type: 'EnrollInPlan', contactId: 'c-dup', enrollmentId: 'en-dup', planId: 'client-for-life-33', startDate: '2025-06-01' }, '2025-06-01T09:08:00Z')
  net.ok({ type: 'CompleteTouch', contactId: 'c-dup', enrollmentId: 'en-dup', touchKey: '0/newsletter/1', on: '2025-06-02' }, '2025-06-02T09:00:00Z')
  net.ok({ type: 'ReceiveReferral', contactId: 'c-dup', referralId: 'r-1', refereeId: 'c-omar', referee: { name: 'Omar' } }, '2026-02-02T09:00:00Z')
  net.fold([reward('c-dup')])
  net.ok({ type: 'AddContact', contactId: 'c-ada', name: 'Ada Lovelace', met: false, emails: ['ada@x.org', 'ADA@home.org'], circle: 'client', role: 'client' }, '2026-03-01T09:00:00Z')
  net.ok({ type: 'RecordPersonalDate', contactId: 'c-ada', kind: 'birthday', date: '--12-10' }, '2026-03-01T09:01:00Z')
  net.ok({ type: 'LogTouch', contactId: 'c-ada', kind: 'call', channel: 'phone', on: '2026-03-01' }, '2026-03-01T09:02:00Z')
  net.ok({ type: 'ReceiveReferral', contactId: 'c-omar', referralId: 'r-2', refereeId: 'c-ada' }, '2026-03-02T09:00:00Z')
  return net
}

const merge = { type: 'MergeContacts', survivorId: 'c-ada', mergedId: 'c-dup' } as const

describe('ContactsMerged, the event', () => {
  const raw = { id: 'k/0', type: 'ContactsMerged', at: '2026-03-05T09:00:00Z', schema: 1, contactId: 'c-ada', survivorId: 'c-ada', mergedId: 'c-dup' }

  it('decodes and encodes back; names its ids; holds nothing personal', () => {
    const e = decodeEvent(raw)
    expect(e).toEqual(E.right(raw))
    if (E.isRight(e)) expect(encodeEvent(e.right)).toEqual(raw)
    expect(EVENT_REFERENCES.ContactsMerged).toEqual({ required: ['id', 'contactId', 'survivorId', 'mergedId'], optional: ['actor', 'commandHash'] })
    expect(PERSONAL_FIELDS.ContactsMerged).toEqual([])
    expect(SCHEMA_VERSIONS.ContactsMerged).toBe(1)
  })

  it('refuses one without the merged id, naming the path', () => {
    const { mergedId: _m, ...without } = raw
    const r = decodeEvent(without)
    expect(E.isLeft(r) ? r.left.issues.map((i) => i.path) : []).toEqual(['event.mergedId'])
  })

  it('scrubbed for its erased contact, loses only its command fingerprint (ids stay)', () => {
    const e = { ...raw, commandHash: 'abc123' } as unknown as RelationshipEvent
    const scope = { contacts: new Set(['c-ada', 'c-dup']), referrals: new Set<string>(), rewards: new Set<string>() }
    expect(scrubEvent(e, scope)).toEqual({ ...raw, redacted: true })
    // Nothing personal and no fingerprint: the event itself.
    expect(scrubEvent(raw as unknown as RelationshipEvent, scope)).toBe(raw)
  })
})

describe('MergeContacts: the survivor holds both histories', () => {
  it('writes ContactsMerged to both streams', () => {
    const net = twoAdas()
    const events = net.ok(merge, '2026-03-05T09:00:00Z')
    expect(events.map((e) => [e.type, e.contactId, (e as { survivorId?: string }).survivorId, (e as { mergedId?: string }).mergedId])).toEqual([
      ['ContactsMerged', 'c-ada', 'c-ada', 'c-dup'],
      ['ContactsMerged', 'c-dup', 'c-ada', 'c-dup'],
    ])
  })

  it('earliest dates, both referral lists, both touch histories, and the survivor\'s value on a field both set', () => {
    const net = twoAdas()
    const before = { ada: net.state.contacts.get('c-ada'), dup: net.state.contacts.get('c-dup') }
    net.ok(merge, '2026-03-05T09:00:00Z')
    const s = net.state
    expect(s.contacts.has('c-dup')).toBe(false)
    expect(resolveContactId(s, 'c-dup')).toBe('c-ada')
    const c = O.toUndefined(getContact(s, 'c-dup'))
    expect(c).toBe(s.contacts.get('c-ada'))
    if (c === undefined || c.profile === null) throw new Error('no survivor')
    expect(c.id).toBe('c-ada')
    expect(c.addedAt).toBe('2025-06-01T09:00:00.000Z')
    expect(c.network).toEqual({ met: true, metAt: '2025-06-01T09:00:00.000Z', circle: 'client', role: 'client', roleHistory: [{ role: 'client', at: '2026-03-01T09:00:00.000Z' }] })
    expect(c.profile).toEqual({
      name: 'Ada Lovelace',
      // E-mails compare without case: ADA@home.org is ada@home.org.
      emails: ['ada@x.org', 'ADA@home.org'],
      phones: ['+442071234567'],
      company: 'Analytical Engines',
      timeZone: 'Europe/London',
      calendarSet: 'uk',
      personalDates: [
        { kind: 'birthday', date: '--12-10' },
        { kind: 'wedding-anniversary', date: '1835-07-08' },
      ],
      interests: [],
    })
    expect(c.consent.refused).toEqual(['text'])
    expect(c.plans.enrollments.map((x) => [x.enrollmentId, x.status, [...x.outcomes.keys()]])).toEqual([['en-dup', 'active', ['0/newsletter/1']]])
    expect(c.plans.touches.map((t) => [t.kind, t.on])).toEqual([
      ['newsletter', '2025-06-02'],
      ['call', '2026-03-01'],
    ])
    expect(c.referrals.given).toEqual(['r-1'])
    expect(c.referrals.received).toEqual(['r-2'])
    expect(O.toUndefined(getReferral(s, 'r-1'))?.referrerId).toBe('c-ada')
    expect(O.toUndefined(getReferral(s, 'r-2'))?.refereeId).toBe('c-ada')
    expect(c.rewards).toEqual(['reward/r-1/received/thanks/c-dup'])
    expect(s.rewards.get('reward/r-1/received/thanks/c-dup')?.recipientId).toBe('c-ada')
    // Every event of both (the merge names two contacts and counts on neither).
    expect(c.eventCount).toBe((before.ada?.eventCount ?? 0) + (before.dup?.eventCount ?? 0))
    expect(listAnomalies(s)).toEqual([])
    expect(networkSnapshot(s).mergedInto).toEqual([['c-dup', 'c-ada']])
    // The states a caller held are unchanged.
    expect(net.state.contacts.get('c-ada')).not.toBe(before.ada)
    expect(before.ada?.profile?.emails).toEqual(['ada@x.org', 'ADA@home.org'])
    expect(before.dup?.referrals.given).toEqual(['r-1'])
  })

  it('the merged id resolves to the survivor in the projections that take a contact id; the agenda lists the survivor alone, with the merged contact\'s plan', () => {
    const net = twoAdas()
    net.ok(merge, '2026-03-05T09:00:00Z')
    const s = net.state
    const now = new Date('2026-03-06T09:00:00Z')
    expect(grade(s, 'c-dup', now)).toEqual(grade(s, 'c-ada', now))
    expect(O.isSome(grade(s, 'c-dup', now))).toBe(true)
    expect(contactAgenda(s, 'c-dup', { now })).toEqual(contactAgenda(s, 'c-ada', { now }))
    const day = agenda(s, { now })
    if (E.isLeft(day)) throw new Error(day.left.message)
    const ids = new Set(day.right.items.map((i) => i.contactId))
    expect(ids.has('c-dup')).toBe(false)
    expect(day.right.items.some((i) => i.contactId === 'c-ada' && i.touch.enrollmentId === 'en-dup' && i.touch.contactId === 'c-ada')).toBe(true)
  })

  it('is idempotent: the same events again, or the same command again, change nothing', () => {
    const net = twoAdas()
    const events = net.ok(merge, '2026-03-05T09:00:00Z')
    const after = net.state
    expect(foldEvents(events, after)).toBe(after)
    expect(foldEvents([...events].reverse(), after)).toBe(after)
    expect(decide({ ...merge, commandId: 'k-12' }, after, new Date('2026-03-06T09:00:00Z'))).toEqual(E.right([]))
    // One copy alone merges; the other then changes only the survivor's count of events.
    const [first, second] = events as [RelationshipEvent, RelationshipEvent]
    const one = foldEvents([second], foldEvents([first], twoAdas().state))
    expect(networkSnapshot(one)).toEqual(networkSnapshot(after))
  })

  it('refuses unknown ids, the same id twice, a contact already merged, and new events to a merged id', () => {
    const net = twoAdas()
    const code = (r: E.Either<{ code: string; params: unknown }, unknown>) => (E.isLeft(r) ? [r.left.code, r.left.params] : 'accepted')
    const at = '2026-03-05T09:00:00Z'
    expect(code(net.run({ type: 'MergeContacts', survivorId: 'c-ada', mergedId: 'c-nobody' }, at))).toEqual(['unknown-contact', { contactId: 'c-nobody' }])
    expect(code(net.run({ type: 'MergeContacts', survivorId: 'c-nobody', mergedId: 'c-dup' }, at))).toEqual(['unknown-contact', { contactId: 'c-nobody' }])
    expect(code(net.run({ type: 'MergeContacts', survivorId: 'c-ada', mergedId: 'c-ada' }, at))).toEqual(['merge-into-self', { contactId: 'c-ada' }])
    net.ok({ type: 'AddContact', contactId: 'c-gone', name: 'Gone', met: true }, at)
    net.ok({ type: 'EraseContact', contactId: 'c-gone' }, at)
    expect(code(net.run({ type: 'MergeContacts', survivorId: 'c-ada', mergedId: 'c-gone' }, at))).toEqual(['contact-erased', { contactId: 'c-gone' }])
    expect(code(net.run({ type: 'MergeContacts', survivorId: 'c-gone', mergedId: 'c-dup' }, at))).toEqual(['contact-erased', { contactId: 'c-gone' }])
    net.ok(merge, at)
    expect(code(net.run({ ...merge }, at))).toEqual(['contact-merged', { contactId: 'c-dup', survivorId: 'c-ada' }])
    expect(code(net.run({ type: 'MergeContacts', survivorId: 'c-omar', mergedId: 'c-dup' }, at))).toEqual(['contact-merged', { contactId: 'c-dup', survivorId: 'c-ada' }])
    expect(code(net.run({ type: 'MergeContacts', survivorId: 'c-dup', mergedId: 'c-omar' }, at))).toEqual(['contact-merged', { contactId: 'c-dup', survivorId: 'c-ada' }])
    expect(code(net.run({ type: 'MarkMet', contactId: 'c-dup' }, at))).toEqual(['contact-merged', { contactId: 'c-dup', survivorId: 'c-ada' }])
    expect(code(net.run({ type: 'AddContact', contactId: 'c-dup', name: 'Again', met: true }, at))).toEqual(['contact-merged', { contactId: 'c-dup', survivorId: 'c-ada' }])
    expect(code(net.run({ type: 'LogTouch', contactId: 'c-dup', kind: 'call', channel: 'phone', on: '2026-03-05' }, at))).toEqual(['contact-merged', { contactId: 'c-dup', survivorId: 'c-ada' }])
    expect(code(net.run({ type: 'ReceiveReferral', contactId: 'c-omar', referralId: 'r-3', refereeId: 'c-dup' }, at))).toEqual(['contact-merged', { contactId: 'c-dup', survivorId: 'c-ada' }])
    expect(code(net.run({ type: 'RecordFeedback', contactId: 'c-omar', nps: 9, aboutContactId: 'c-dup' }, at))).toEqual(['contact-merged', { contactId: 'c-dup', survivorId: 'c-ada' }])
    // The survivor takes commands about what came from the merged contact.
    expect(code(net.run({ type: 'CompleteTouch', contactId: 'c-ada', enrollmentId: 'en-dup', touchKey: '0/newsletter/2', on: '2026-03-05' }, at))).toBe('accepted')
    expect(code(net.run({ type: 'AdvanceReferral', contactId: 'c-ada', referralId: 'r-1', stage: 'contacted' }, at))).toBe('accepted')
  })

  it('an event a stream received for the merged id after the merge (a concurrent write) is the survivor\'s', () => {
    const net = twoAdas()
    net.ok(merge, '2026-03-05T09:00:00Z')
    const late = { id: 'late/0', type: 'TouchLogged', at: '2026-03-05T09:00:01Z', schema: 1, contactId: 'c-dup', kind: 'email', channel: 'email', on: '2026-03-05' } as unknown as RelationshipEvent
    net.fold([late])
    expect(net.state.contacts.has('c-dup')).toBe(false)
    expect(net.state.contacts.get('c-ada')?.plans.touches.map((t) => t.kind)).toEqual(['newsletter', 'call', 'email'])
    expect(listAnomalies(net.state)).toEqual([])
  })

  it('the fold sets aside a merge it cannot apply, with the reason', () => {
    const net = twoAdas()
    const ev = (id: string, contactId: string, survivorId: string, mergedId: string) =>
      ({ id, type: 'ContactsMerged', at: '2026-03-05T09:00:00Z', schema: 1, contactId, survivorId, mergedId }) as unknown as RelationshipEvent
    net.ok({ type: 'EraseContact', contactId: 'c-omar' }, '2026-03-04T09:00:00Z')
    net.fold([ev('m/0', 'c-ada', 'c-ada', 'c-ada'), ev('m/1', 'c-x', 'c-x', 'c-y'), ev('m/2', 'c-ada', 'c-ada', 'c-omar')])
    net.fold([ev('m/3', 'c-ada', 'c-ada', 'c-dup'), ev('m/4', 'c-omar', 'c-omar', 'c-dup'), ev('m/5', 'c-dup', 'c-dup', 'c-omar')])
    expect(listAnomalies(net.state).map((a) => [a.eventId, a.reason, a.applied])).toEqual([
      ['m/0', 'invalid-merge', false],
      ['m/1', 'unknown-contact', false],
      ['m/2', 'contact-erased', false],
      ['m/4', 'contact-merged', false],
      ['m/5', 'contact-merged', false],
    ])
  })
})

describe('MergeContacts and erasure: erasing either erases both', () => {
  for (const erased of ['c-ada', 'c-dup']) {
    it(`EraseContact ${erased} erases the survivor, and the merged contact's events are scrubbed with it`, () => {
      const net = twoAdas()
      net.ok(merge, '2026-03-05T09:00:00Z')
      const [e] = net.ok({ type: 'EraseContact', contactId: erased }, '2026-03-06T09:00:00Z')
      expect(e?.contactId).toBe('c-ada')
      const s = net.state
      expect(s.contacts.get('c-ada')?.erased).toBe(true)
      expect(s.contacts.get('c-ada')?.profile).toBeNull()
      const scope = erasureScopeOf(s)
      expect(scope.contacts.has('c-dup')).toBe(true)
      const text = JSON.stringify(net.events.map((x) => scrubEvent(x, scope)))
      for (const personal of ['Lovelace', 'ada@', '+4420', 'Analytical', '1815-12-10', '1835-07-08']) expect(text).not.toContain(personal)
      expect(JSON.stringify(networkSnapshot(s))).not.toMatch(/Lovelace|ada@|Analytical|1815-12-10/)
    })
  }
})

describe('merging, over generated streams', () => {
  const streams = arbitraryEventStream({ maxEvents: 120, maxContacts: 6, merges: true })
  const withMerges = streams.filter((events) => events.some((e) => e.type === 'ContactsMerged'))

  it('is idempotent: a merge again — redelivered, or under new ids — changes no contact, referral, reward or KPI', () => {
    fc.assert(
      fc.property(withMerges, (events) => {
        const state = foldEvents(events)
        const merges = events.filter((e) => e.type === 'ContactsMerged')
        expect(foldEvents(merges, state)).toBe(state)
        const again = merges.map((e, i) => ({ ...e, id: `again/${i}`, at: events[events.length - 1]?.at ?? e.at }) as RelationshipEvent)
        const after = foldEvents(again, state)
        const { seen: _s, eventCount: _n, ...rest } = networkSnapshot(after)
        const { seen: _s0, eventCount: _n0, ...before } = networkSnapshot(state)
        expect(rest).toEqual(before)
        const query = { now: new Date('2027-06-01T00:00:00Z'), ids: true }
        expect(kpis([...events, ...again], query)).toEqual(kpis(events, query))
      }),
      { numRuns: runs(150) },
    )
  })

  it('the generated streams write nothing under a merged id after its merge, as decide would not', () => {
    fc.assert(
      fc.property(withMerges, (events) => {
        const merged = new Set<string>()
        for (const e of events) {
          if (e.type === 'ContactsMerged') {
            if (e.contactId === e.mergedId) merged.add(e.mergedId)
            continue
          }
          const named = [e.contactId, (e as { refereeId?: string }).refereeId, (e as { aboutContactId?: string }).aboutContactId, (e as { side?: string }).side === 'team' ? undefined : (e as { recipientId?: string }).recipientId]
          expect(named.filter((id) => id !== undefined && merged.has(id))).toEqual([])
        }
      }),
      { numRuns: runs(150) },
    )
  })

  it('a merged id names no contact, resolves to one that is there, and every referral and reward names contacts that are there', () => {
    fc.assert(
      fc.property(withMerges, (events) => {
        const s = foldEvents(events)
        for (const [merged] of s.mergedInto) {
          expect(s.contacts.has(merged)).toBe(false)
          expect(s.contacts.has(resolveContactId(s, merged))).toBe(true)
        }
        for (const r of s.referrals.values()) expect([s.contacts.has(r.referrerId), s.contacts.has(r.refereeId)]).toEqual([true, true])
        for (const w of s.rewards.values()) if (w.side !== 'team') expect(s.mergedInto.has(w.recipientId)).toBe(false)
      }),
      { numRuns: runs(150) },
    )
  })

  it('a snapshot of a state with merges restores to the same state', () => {
    fc.assert(
      fc.property(withMerges, (events) => {
        const state = foldEvents(events)
        const back = restoreSnapshot(JSON.stringify(snapshot(state, events.length)))
        if (E.isLeft(back)) throw new Error(back.left.message)
        expect(networkSnapshot(back.right.state)).toEqual(networkSnapshot(state))
        expect(back.right.state.mergedInto.size).toBe(state.mergedInto.size)
      }),
      { numRuns: runs(100) },
    )
  })
})
