/**
 * Erasure is honoured by every output. A property over generated (and perturbed) streams:
 * a unique marker is planted in every free-text and identifying field of every event (found
 * from the codecs), some contacts are erased, and no marker of an event that names an erased
 * contact — directly, or through a referral or reward that involves it — appears in the JSON
 * of any public output: the state and its snapshot, the agenda and the digest, the KPI
 * aggregate (encoded) and report, the funnel, the ledger and payables, grades, referral SLAs
 * and touches, promotions, the live (rx) emissions, the anomalies, the labels of the agenda.
 * Counts that identify no one survive.
 */
import * as fc from 'fast-check'
import * as O from 'fp-ts/lib/Option.js'
import { lastValueFrom, from as fromArray, toArray, type Observable } from 'rxjs'
import { describe, expect, it } from 'vitest'
import {
  SCHEMA_VERSIONS,
  
  
  digest,
  encodeKpiAggregate,
  foldEvents,
  funnel,
  grade,
  kpiAggregate,
  kpis,
  label,
  networkSnapshot,
  resolveContactId,
  promotionProposals,
  referralSla,
  referralTouches,
  rewardLedger,
  rewardsPayable,
  type NetworkState,
  type RelationshipEvent,
} from '../../src/index.js'
import { toAgenda, toKpis, toNetworkState } from '../../src/rx/index.js'
import { arbitraryEventStream } from '../../src/testing/index.js'
import { namedContacts, plantMarkers } from '../support/markers.js'
import { perturbedEventStream } from '../support/perturb.js'
import { agendaOn, contactAgendaOn } from '../support/agenda.js'
import { runs } from '../support/runs.js'

const NOW = new Date('2027-03-01T09:00:00Z')

/** Every public output of a stream, as one JSON text. */
const outputs = async (events: readonly RelationshipEvent[]): Promise<string> => {
  const state = foldEvents(events)
  const day = agendaOn(state, { now: NOW, horizonDays: 400, lookbackDays: 800 })
  const parts: unknown[] = [
    networkSnapshot(state),
    day,
    digest(day, '2027-03-01'),
    day.items.map((i) => [label('en', 'touchKinds', i.touch.kind), label('ar', 'touchKinds', i.touch.kind)]),
    encodeKpiAggregate(kpiAggregate(events)),
    kpis(events, { now: NOW, ids: true }),
    funnel(state),
    rewardLedger(state),
    rewardsPayable(state, '2027-03-01'),
    promotionProposals(state, NOW),
  ]
  for (const c of state.contacts.values()) {
    parts.push(contactAgendaOn(state, c.id, { now: NOW }), O.toUndefined(grade(state, c.id, NOW)))
  }
  for (const r of state.referrals.values()) parts.push(referralSla(state, r, NOW), referralTouches(state, r))
  // The live projections, after the last event (what they emitted before an erasure was true then).
  const live = async (op: (source: Observable<RelationshipEvent>) => Observable<unknown>): Promise<unknown[]> =>
    lastValueFrom(op(fromArray([...events])).pipe(toArray()))
  parts.push(await live((s) => s.pipe(toNetworkState())).then((xs) => (xs as NetworkState[]).slice(-1).map(networkSnapshot)))
  parts.push(await live((s) => s.pipe(toKpis(fromArray([{ now: NOW }])))).then((xs) => xs.slice(-1)))
  parts.push(await live((s) => s.pipe(toAgenda(fromArray([NOW])))).then((xs) => xs.slice(-1)))
  return JSON.stringify(parts)
}

/** The markers of every event that names a contact of `erased` (through referrals and rewards too). */
const markersOfErased = (marked: ReadonlyArray<{ event: RelationshipEvent; markers: readonly string[] }>, erased: ReadonlySet<string>): string[] => {
  const parties = new Map<string, string[]>()
  const rewards = new Map<string, string[]>()
  for (const { event: e } of marked) {
    if (e.type === 'ReferralReceived') parties.set(e.referralId, [e.contactId, e.refereeId])
  }
  for (const { event: e } of marked) {
    if (e.type === 'RewardIssued') rewards.set(e.rewardId, [...(parties.get(e.referralId) ?? []), ...(e.side === 'team' ? [] : [e.recipientId])])
  }
  const out: string[] = []
  for (const { event: e, markers } of marked) {
    const named = [
      ...namedContacts(e),
      ...('referralId' in e && typeof e.referralId === 'string' ? (parties.get(e.referralId) ?? []) : []),
      ...('rewardId' in e && typeof e.rewardId === 'string' ? (rewards.get(e.rewardId) ?? []) : []),
    ]
    if (named.some((c) => erased.has(c))) out.push(...markers)
  }
  return out
}

/** Erases `count` contacts (chosen by `pick`) at the end of a stream. */
const eraseSome = (events: readonly RelationshipEvent[], pick: readonly number[]): RelationshipEvent[] => {
  const contacts = [...new Set(events.filter((e) => e.type === 'ContactAdded').map((e) => e.contactId))]
  const last = events[events.length - 1]?.at ?? '2026-01-01T00:00:00Z'
  const chosen = [...new Set(pick.map((k) => contacts[k % Math.max(1, contacts.length)]).filter((c): c is string => c !== undefined))]
  return chosen.map((contactId, i) => ({ id: `erase/${i}`, type: 'ContactErased', at: last, schema: SCHEMA_VERSIONS.ContactErased, contactId }) as RelationshipEvent)
}

const check = async (base: readonly RelationshipEvent[], pick: readonly number[]) => {
  const marked = plantMarkers(base)
  const events = marked.map((m) => m.event)
  const erasures = eraseSome(events, pick)
  const all = [...events, ...erasures]
  const state = foldEvents(all)
  // A merged id is erased with its survivor: its markers must be gone too.
  const ids = new Set(all.flatMap((e) => namedContacts(e)))
  const erased = new Set([...ids].filter((id) => state.contacts.get(resolveContactId(state, id))?.erased === true))
  const json = await outputs(all)
  const leaked = markersOfErased(marked, erased).filter((m) => json.includes(m))
  expect({ leaked }).toEqual({ leaked: [] })
  // Counts that identify no one survive the erasures made at the end.
  const before = foldEvents(events)
  expect([state.contacts.size, state.referrals.size, state.rewards.size, state.costs.size]).toEqual([before.contacts.size, before.referrals.size, before.rewards.size, before.costs.size])
  const kBefore = kpis(events, { now: NOW })
  const kAfter = kpis(all, { now: NOW })
  expect([kAfter.referralsReceived.total, kAfter.customersAcquired.count, kAfter.touchesPerContact.numerator]).toEqual([
    kBefore.referralsReceived.total,
    kBefore.customersAcquired.count,
    kBefore.touchesPerContact.numerator,
  ])
  return { planted: marked.reduce((n, m) => n + m.markers.length, 0), checked: markersOfErased(marked, erased).length }
}

describe('erasure is honoured by every output', () => {
  it('plants markers in the free text of every event type (found from the codecs)', async () => {
    // The marker planting itself must reach the fields: a sample of types and their markers.
    const [added] = plantMarkers([{ id: 'a', type: 'ContactAdded', at: '2026-01-01T00:00:00Z', schema: 1, contactId: 'c', name: 'Ann', met: true, emails: ['a@b.c'], phones: ['+1 555 0100'], notes: 'n', address: { lines: ['l'], postalCode: 'p' } } as RelationshipEvent])
    expect(added?.markers.length).toBe(6)
    const [gift] = plantMarkers([{ id: 'g', type: 'RewardIssued', at: '2026-01-01T00:00:00Z', schema: 1, contactId: 'c', rewardId: 'w', referralId: 'r', stage: 'received', ruleId: 'x', recipientId: 'c', side: 'referrer', value: { kind: 'gift', tier: 'token', description: 'mug' } } as RelationshipEvent])
    expect(gift?.markers).toHaveLength(1)
  })

  it('on generated streams: no marker of an erased contact in any output', async () => {
    let checked = 0
    await fc.assert(
      fc.asyncProperty(arbitraryEventStream({ maxEvents: 90, maxContacts: 6, merges: true }), fc.array(fc.nat(), { minLength: 1, maxLength: 3 }), async (events, pick) => {
        checked += (await check(events, pick)).checked
      }),
      { numRuns: runs(120) },
    )
    // The property checked markers, not nothing.
    expect(checked).toBeGreaterThan(500)
  }, 120_000)

  it('on perturbed streams (events after erasure, refused referrals, reused ids): no marker of an erased contact in any output', async () => {
    await fc.assert(
      fc.asyncProperty(perturbedEventStream({ maxEvents: 80 }), fc.array(fc.nat(), { minLength: 1, maxLength: 3 }), async (events, pick) => {
        await check(events, pick)
      }),
      { numRuns: runs(80) },
    )
  }, 120_000)
})
