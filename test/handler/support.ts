/**
 * Shared by the handler's tests (in memory and on PostgreSQL): stores loaded with a log,
 * commands generated against what a log holds, and a store that makes handlers race.
 */
import * as fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import type { Command } from '../../src/decisions/index.js'
import { ALLY_CATEGORIES, CHANNELS, ROLES, TOUCH_KINDS, type RelationshipEvent } from '../../src/events/index.js'
import type { NetworkState } from '../../src/state/index.js'
import { streamIdOf, type EventStore, type MultiStreamAppend, type StoredEvent } from '../../src/store/index.js'

/** Appends a log to a store, event by event, in order. */
export const load = async (store: EventStore, events: readonly RelationshipEvent[]): Promise<StoredEvent[]> => {
  for (const e of events) {
    const r = await store.append(streamIdOf(e), [e], 'any')
    if (E.isLeft(r)) throw new Error(`load: ${JSON.stringify(r.left)}`)
  }
  return [...(await store.readAll())]
}

const STAGES = ['contacted', 'appointment', 'under-contract', 'closed', 'lost'] as const
const PLANS = ['client-for-life-33', 'advocate-appreciation-33', '8x8', '12-direct', 'ally-cadence', 'no-such-plan'] as const

/**
 * Commands of every type, naming what the log holds (its contacts, referrals, rewards,
 * enrollments) or not (new ids, unknown ones), so that `decide` accepts some and refuses
 * others for every reason it has.
 */
export const arbitraryCommand = (state: NetworkState, commandId: string): fc.Arbitrary<Command> => {
  // Merged ids too: every command naming one is refused, or (an erasure) goes to its survivor.
  const contacts = [...state.contacts.keys(), ...state.mergedInto.keys()]
  const referrals = [...state.referrals.values()]
  const rewards = [...state.rewards.keys()]
  const enrollments = [...state.contacts.values()].flatMap((c) => c.plans.enrollments.map((e) => [c.id, e.enrollmentId] as const))
  const orNew = <T>(xs: readonly T[], fresh: T): fc.Arbitrary<T> => (xs.length === 0 ? fc.constant(fresh) : fc.oneof(fc.constantFrom(...xs), fc.constant(fresh)))
  const contactId = orNew(contacts, 'c-new')
  const other = orNew(contacts, 'c-other')
  const referral = referrals.length === 0 ? fc.constant({ referralId: 'r-none', referrerId: 'c-none', refereeId: 'c-none' }) : fc.constantFrom(...referrals)
  const enrollment = enrollments.length === 0 ? fc.constant(['c-none', 'en-none'] as const) : fc.constantFrom(...enrollments)
  const money = fc.record({ amount: fc.integer({ min: 0, max: 1_000_000 }), currency: fc.constantFrom('USD', 'SAR') })
  const day = fc.constantFrom('2025-03-01', '2026-06-15', '2027-01-10')
  const base = { commandId: fc.constant(commandId) }
  const c = <T extends Record<string, fc.Arbitrary<unknown>>>(type: string, fields: T) =>
    fc.record({ type: fc.constant(type), ...base, ...fields }) as unknown as fc.Arbitrary<Command>
  return fc.oneof(
    c('AddContact', { contactId, name: fc.constant('New Person'), met: fc.boolean() }),
    c('UpdateContact', { contactId, notes: fc.constant('updated') }),
    c('MarkMet', { contactId }),
    c('ChangeRole', { contactId, role: fc.constantFrom(...ROLES), allyCategory: fc.constantFrom(...ALLY_CATEGORIES) }),
    c('RateContact', { contactId, score: fc.integer({ min: 0, max: 6 }) }),
    c('SetConsent', { contactId, channel: fc.constantFrom(...CHANNELS, 'all' as const), doNotContact: fc.boolean() }),
    c('EraseContact', { contactId }),
    c('MergeContacts', { survivorId: contactId, mergedId: other }),
    c('EnrollInPlan', { contactId, enrollmentId: fc.constantFrom('en-a', 'en0', 'en1'), planId: fc.constantFrom(...PLANS), startDate: day }),
    enrollment.chain(([cid, eid]) => c('PausePlan', { contactId: fc.constant(cid), enrollmentId: fc.constant(eid), from: day })),
    enrollment.chain(([cid, eid]) => c('ResumePlan', { contactId: fc.constant(cid), enrollmentId: fc.constant(eid), on: day })),
    enrollment.chain(([cid, eid]) => c('CancelPlan', { contactId: fc.constant(cid), enrollmentId: fc.constant(eid) })),
    c('LogTouch', { contactId, kind: fc.constantFrom(...TOUCH_KINDS), channel: fc.constantFrom(...CHANNELS), on: day }),
    fc
      .tuple(contactId, other, fc.boolean(), fc.constantFrom('r-new', ...referrals.map((r) => r.referralId)))
      .chain(([referrer, referee, withProfile, referralId]) =>
        c('ReceiveReferral', {
          contactId: fc.constant(referrer),
          refereeId: fc.constantFrom(referee, 'c-referee'),
          referralId: fc.constant(referralId),
          ...(withProfile ? { referee: fc.constant({ name: 'Referred Person' }) } : {}),
          note: fc.constant('a note'),
        }),
      ),
    fc.tuple(referral, fc.boolean(), other).chain(([r, own, someone]) =>
      c('AdvanceReferral', { contactId: fc.constant(own ? r.referrerId : someone), referralId: fc.constant(r.referralId), stage: fc.constantFrom(...STAGES), revenue: money, reason: fc.constant('not ready') }),
    ),
    fc.tuple(referral, fc.boolean(), other).chain(([r, own, someone]) =>
      c('ThankReferrer', { contactId: fc.constant(own ? r.referrerId : someone), referralId: fc.constant(r.referralId), on: day }),
    ),
    referral.chain((r) => c('UpdateReferrer', { contactId: fc.constant(r.referrerId), referralId: fc.constant(r.referralId), on: day, note: fc.constant('called') })),
    c('PromiseReferral', { contactId }),
    c('CaptureLead', { contactId, source: fc.constant('website') }),
    c('AssignLead', { contactId, assignee: fc.constant('agent-1') }),
    c('AdvanceLead', { contactId, stage: fc.constantFrom(...STAGES), revenue: money, reason: fc.constant('lost it') }),
    fc.tuple(referral, fc.boolean()).chain(([r, named]) =>
      c('CloseTransaction', {
        contactId: fc.constantFrom(r.refereeId, ...contacts.slice(0, 2)),
        transactionId: fc.constantFrom('t-new', 't0', 't1'),
        value: money,
        servedBy: fc.constant(['agent-2']),
        ...(named ? { referralId: fc.constant(r.referralId) } : {}),
      }),
    ),
    fc.boolean().chain((withContact) => c('RecordCost', { ...(withContact ? { contactId } : {}), category: fc.constant('gift'), amount: money })),
    fc.boolean().chain((about) => c('RecordFeedback', { contactId, nps: fc.integer({ min: 0, max: 10 }), ...(about ? { aboutContactId: other } : {}) })),
    c('ReviewAlly', { contactId, verdict: fc.constantFrom('keep', 'reconsider', 'end') }),
    c('ApproveReward', { rewardId: orNew(rewards, 'rw-none') }),
    c('RejectReward', { rewardId: orNew(rewards, 'rw-none'), reason: fc.constant('review') }),
    c('RevokeReward', { rewardId: orNew(rewards, 'rw-none'), reason: fc.constant('refund') }),
  )
}

/**
 * A gate for racing handlers: the first `handlers` appends of the stores it wraps wait until
 * all of them have arrived. Each handler has then read and decided on the same versions, and
 * they really race to commit (each may use its own store, over its own connections).
 */
export const appendGate = (handlers: number) => {
  let arrived = 0
  let release: () => void = () => {}
  const all = new Promise<void>((resolve) => {
    release = resolve
  })
  const barrier = async <A>(write: () => Promise<A>): Promise<A> => {
    if (arrived < handlers) {
      arrived++
      if (arrived === handlers) release()
      await all
    }
    return write()
  }
  return {
    wrap: <S extends EventStore & MultiStreamAppend>(store: S): S => ({
      ...store,
      readStream: (s, o) => store.readStream(s, o),
      readAll: (o) => store.readAll(o),
      append: (s, e, v) => barrier(() => store.append(s, e, v)),
      appendMany: (a) => barrier(() => store.appendMany(a)),
    }),
  }
}

/** One store whose first `handlers` appends wait for each other (see `appendGate`). */
export const racing = <S extends EventStore & MultiStreamAppend>(store: S, handlers: number): S => appendGate(handlers).wrap(store)
