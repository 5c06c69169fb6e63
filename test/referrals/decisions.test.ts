import * as E from 'fp-ts/lib/Either.js'
import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decide, decider, foldEvents, listAnomalies, type Command, type RelationshipEvent } from '../../src/index.js'
import { deciderSpec } from '../../src/testing/index.js'
import { runs } from '../support/runs.js'

const now = new Date('2026-11-26T09:00:00Z')
const AT = now.toISOString()
const spec = deciderSpec(decider, { now })
let n = 0
const e = (contactId: string | undefined, type: RelationshipEvent['type'], payload: Record<string, unknown> = {}, at = '2026-11-01T09:00:00Z'): RelationshipEvent =>
  ({ id: `given/${n++}`, type, at, schema: type === 'ConsentChanged' ? 2 : 1, ...(contactId === undefined ? {} : { contactId }), ...payload }) as unknown as RelationshipEvent
const added = (id: string, extra: Record<string, unknown> = {}) => e(id, 'ContactAdded', { name: `Name ${id}`, met: true, ...extra })
const referral = (id: string, from: string, to: string) => e(from, 'ReferralReceived', { referralId: id, refereeId: to })
const stage = (id: string, from: string, s: string, extra: Record<string, unknown> = {}) => e(from, 'ReferralStageChanged', { referralId: id, stage: s, ...extra })
const omar = added('omar')
const lina = added('lina')

describe('decide: referrals (given / when / then)', () => {
  it('adds a new referee as a lead in its own stream, then the referral in the referrer’s', () => {
    spec
      .given([omar])
      .when({ type: 'ReceiveReferral', commandId: 'k', contactId: 'omar', referralId: 'r1', refereeId: 'nadia', referee: { name: 'Nadia', phones: ['+966 50 000 0000'] }, source: 'dinner' })
      .then([
        { id: 'k/0', type: 'ContactAdded', at: AT, schema: 1, contactId: 'nadia', name: 'Nadia', phones: ['+966 50 000 0000'], met: false },
        { id: 'k/1', type: 'ContactRoleChanged', at: AT, schema: 1, contactId: 'nadia', role: 'lead' },
        { id: 'k/2', type: 'ReferralReceived', at: AT, schema: 1, contactId: 'omar', referralId: 'r1', refereeId: 'nadia', source: 'dinner' },
      ])
  })

  it('refers an existing contact; one with a role keeps it', () => {
    spec.given([omar, lina]).when({ type: 'ReceiveReferral', commandId: 'k', contactId: 'omar', referralId: 'r1', refereeId: 'lina' }).then((ev) =>
      expect(ev.map((x) => x.type)).toEqual(['ContactRoleChanged', 'ReferralReceived']),
    )
    const client = e('lina', 'ContactRoleChanged', { role: 'client' })
    spec.given([omar, lina, client]).when({ type: 'ReceiveReferral', commandId: 'k', contactId: 'omar', referralId: 'r1', refereeId: 'lina' }).then((ev) =>
      expect(ev.map((x) => x.type)).toEqual(['ReferralReceived']),
    )
  })

  it('refuses self-referral, a second open referral of the same referee, an erased referrer, an unknown referee', () => {
    spec.given([omar]).when({ type: 'ReceiveReferral', commandId: 'k', contactId: 'omar', referralId: 'r1', refereeId: 'omar' }).thenFails('self-referral')
    const open = [omar, lina, added('sara'), referral('r1', 'omar', 'lina')]
    spec.given(open).when({ type: 'ReceiveReferral', commandId: 'k', contactId: 'sara', referralId: 'r2', refereeId: 'lina' }).thenFails('referee-has-open-referral')
    spec.given(open).when({ type: 'ReceiveReferral', commandId: 'k', contactId: 'sara', referralId: 'r1', refereeId: 'omar' }).thenFails('referral-exists')
    // Once closed or lost, the referee may be referred again.
    spec.given([...open, stage('r1', 'omar', 'lost', { reason: 'moved' })]).when({ type: 'ReceiveReferral', commandId: 'k', contactId: 'sara', referralId: 'r2', refereeId: 'lina' }).then((ev) =>
      expect(ev.at(-1)?.type).toBe('ReferralReceived'),
    )
    spec.given([omar, e('omar', 'ContactErased')]).when({ type: 'ReceiveReferral', commandId: 'k', contactId: 'omar', referralId: 'r1', refereeId: 'x', referee: { name: 'X' } }).thenFails('contact-erased')
    spec.given([omar, lina, e('lina', 'ContactErased')]).when({ type: 'ReceiveReferral', commandId: 'k', contactId: 'omar', referralId: 'r1', refereeId: 'lina' }).thenFails('contact-erased')
    spec.given([omar]).when({ type: 'ReceiveReferral', commandId: 'k', contactId: 'omar', referralId: 'r1', refereeId: 'ghost' }).thenFails('unknown-referee')
  })

  it('moves stages forward only: no skipping backwards, no closing a lost referral, nothing after closed', () => {
    const base = [omar, lina, referral('r1', 'omar', 'lina')]
    const advance = (s: string, extra: Record<string, unknown> = {}): Command => ({ type: 'AdvanceReferral', commandId: 'k', contactId: 'omar', referralId: 'r1', stage: s, ...extra }) as Command
    spec.given(base).when(advance('appointment')).then([{ id: 'k/0', type: 'ReferralStageChanged', at: AT, schema: 1, contactId: 'omar', referralId: 'r1', stage: 'appointment' }])
    spec.given([...base, stage('r1', 'omar', 'appointment')]).when(advance('contacted')).thenFails((err) => {
      expect(err.code).toBe('stage-not-forward')
      expect(err.message).toBe('r1 is at appointment: it cannot move back or stay at contacted; stages only move forward.')
    })
    const lost = [...base, stage('r1', 'omar', 'lost', { reason: 'chose another agent' })]
    spec.given(lost).when(advance('closed', { revenue: { amount: 1_000_000, currency: 'USD' } })).thenFails('referral-lost')
    const closed = [...base, stage('r1', 'omar', 'closed', { revenue: { amount: 1_000_000, currency: 'USD' } })]
    spec.given(closed).when(advance('lost', { reason: 'x' })).thenFails('referral-closed')
    spec.given(base).when(advance('closed')).thenFails((err) => expect(err.message).toMatch(/command\.revenue: expected money/))
    spec.given([...base, added('sara')]).when({ type: 'AdvanceReferral', commandId: 'k', contactId: 'sara', referralId: 'r1', stage: 'contacted' }).thenFails('not-the-referrer')
    spec.given(base).when({ type: 'AdvanceReferral', commandId: 'k', contactId: 'omar', referralId: 'nope', stage: 'contacted' }).thenFails('unknown-referral')
  })

  it('records the thank-you and status updates as touches naming the referral', () => {
    const base = [omar, lina, referral('r1', 'omar', 'lina'), stage('r1', 'omar', 'contacted')]
    spec.given(base).when({ type: 'ThankReferrer', commandId: 'k', contactId: 'omar', referralId: 'r1', on: '2026-11-01' }).then([
      { id: 'k/0', type: 'TouchLogged', at: AT, schema: 1, contactId: 'omar', kind: 'referral-thank-you', channel: 'mail', on: '2026-11-01', referralId: 'r1' },
    ])
    spec.given(base).when({ type: 'UpdateReferrer', commandId: 'k', contactId: 'omar', referralId: 'r1', on: '2026-11-02' }).then([
      { id: 'k/0', type: 'TouchLogged', at: AT, schema: 1, contactId: 'omar', kind: 'referral-status-update', channel: 'phone', on: '2026-11-02', referralId: 'r1', stage: 'contacted' },
    ])
    spec.given([...base, e('omar', 'ConsentChanged', { channel: 'phone', doNotContact: true })]).when({ type: 'UpdateReferrer', commandId: 'k', contactId: 'omar', referralId: 'r1', on: '2026-11-02' }).thenFails('channel-refused')
  })

  it('runs leads, sales, costs, feedback, ally reviews and reward reviews', () => {
    spec.given([lina]).when({ type: 'CaptureLead', commandId: 'k', contactId: 'lina', source: 'open-house' }).then((ev) => expect(ev[0]?.type).toBe('LeadCaptured'))
    spec.given([omar, lina, referral('r1', 'omar', 'lina')]).when({ type: 'AdvanceLead', commandId: 'k', contactId: 'lina', stage: 'contacted' }).thenFails('lead-is-referred')
    spec.given([lina, e('lina', 'LeadCaptured', { source: 'web' }), e('lina', 'LeadStageChanged', { stage: 'appointment' })]).when({ type: 'AdvanceLead', commandId: 'k', contactId: 'lina', stage: 'contacted' }).thenFails('stage-not-forward')
    const tx = e('lina', 'TransactionClosed', { transactionId: 't1', value: { amount: 5, currency: 'USD' }, servedBy: [] })
    spec.given([lina, tx]).when({ type: 'CloseTransaction', commandId: 'k', contactId: 'lina', transactionId: 't1', value: { amount: 5, currency: 'USD' }, servedBy: [] }).thenFails('transaction-exists')
    spec.given([]).when({ type: 'RecordCost', commandId: 'k', category: 'event', amount: { amount: 25_000, currency: 'SAR' } }).then([
      { id: 'k/0', type: 'CostRecorded', at: AT, schema: 1, category: 'event', amount: { amount: 25_000, currency: 'SAR' } },
    ])
    spec.given([lina]).when({ type: 'RecordFeedback', commandId: 'k', contactId: 'lina', nps: 11 }).thenFails('invalid-command')
    spec.given([lina]).when({ type: 'RecordFeedback', commandId: 'k', contactId: 'lina', comment: 'nice' }).thenFails('empty-feedback')
    spec.given([lina]).when({ type: 'RecordFeedback', commandId: 'k', contactId: 'lina', nps: 9, aboutContactId: 'ghost' }).thenFails('unknown-contact')
    spec.given([omar, lina, referral('r1', 'omar', 'lina')]).when({ type: 'CloseTransaction', commandId: 'k', contactId: 'omar', transactionId: 't9', value: { amount: 5, currency: 'USD' }, servedBy: [], referralId: 'r1' }).thenFails('not-the-referee')
    spec.given([omar, lina]).when({ type: 'CloseTransaction', commandId: 'k', contactId: 'lina', transactionId: 't9', value: { amount: 5, currency: 'USD' }, servedBy: [], referralId: 'nope' }).thenFails('unknown-referral')
    spec.given([omar]).when({ type: 'UpdateContact', commandId: 'k', contactId: 'omar' }).thenNothing()
    spec.given([omar]).when({ type: 'PromiseReferral', commandId: 'x'.repeat(241), contactId: 'omar' }).thenFails((err) => expect(err.message).toMatch(/command\.commandId: expected an id of at most 240 characters/))
    spec.given([lina]).when({ type: 'ReviewAlly', commandId: 'k', contactId: 'lina', verdict: 'keep' }).thenFails('not-an-ally')
    const held = e('omar', 'RewardIssued', { rewardId: 'w1', referralId: 'r1', stage: 'received', ruleId: 'rule', recipientId: 'omar', side: 'referrer', value: { kind: 'points', points: 10 }, hold: 'review' })
    const withReward = [omar, lina, referral('r1', 'omar', 'lina'), held]
    spec.given(withReward).when({ type: 'ApproveReward', commandId: 'k', rewardId: 'w1' }).then([{ id: 'k/0', type: 'RewardApproved', at: AT, schema: 1, contactId: 'omar', rewardId: 'w1' }])
    spec.given([...withReward, e('omar', 'RewardRejected', { rewardId: 'w1', reason: 'fraud' })]).when({ type: 'ApproveReward', commandId: 'k', rewardId: 'w1' }).thenFails('invalid-reward-transition')
    spec.given([]).when({ type: 'RevokeReward', commandId: 'k', rewardId: 'nope', reason: 'refund' }).thenFails('unknown-reward')
  })

  it('writes only what the fold accepts, for any sequence of referral commands', () => {
    const stages = ['contacted', 'appointment', 'under-contract', 'closed', 'lost'] as const
    const people = ['a', 'b', 'c', 'd']
    const command = fc.oneof(
      fc.record({ t: fc.constant('refer' as const), from: fc.constantFrom(...people), to: fc.constantFrom(...people, 'new1', 'new2'), r: fc.integer({ min: 0, max: 5 }) }),
      fc.record({ t: fc.constant('advance' as const), from: fc.constantFrom(...people), r: fc.integer({ min: 0, max: 5 }), s: fc.constantFrom(...stages) }),
      fc.record({ t: fc.constant('thank' as const), from: fc.constantFrom(...people), r: fc.integer({ min: 0, max: 5 }) }),
      fc.record({ t: fc.constant('erase' as const), from: fc.constantFrom(...people) }),
      fc.record({ t: fc.constant('lead' as const), from: fc.constantFrom(...people), s: fc.constantFrom(...stages) }),
    )
    fc.assert(
      fc.property(fc.array(command, { maxLength: 40 }), (script) => {
        let state = foldEvents(people.map((p) => added(p)))
        script.forEach((c, i) => {
          const id = `k${i}`
          const cmd: Command =
            c.t === 'refer'
              ? { type: 'ReceiveReferral', commandId: id, contactId: c.from, referralId: `r${c.r}`, refereeId: c.to, referee: { name: c.to } }
              : c.t === 'advance'
                ? { type: 'AdvanceReferral', commandId: id, contactId: c.from, referralId: `r${c.r}`, stage: c.s, revenue: { amount: 100, currency: 'USD' }, reason: 'x' }
                : c.t === 'thank'
                  ? { type: 'ThankReferrer', commandId: id, contactId: c.from, referralId: `r${c.r}`, on: '2026-11-20' }
                  : c.t === 'erase'
                    ? { type: 'EraseContact', commandId: id, contactId: c.from }
                    : { type: 'AdvanceLead', commandId: id, contactId: c.from, stage: c.s, revenue: { amount: 100, currency: 'USD' }, reason: 'x' }
          const r = decide(cmd, state, now)
          if (E.isRight(r)) state = foldEvents(r.right, state)
        })
        expect(listAnomalies(state)).toEqual([])
      }),
      { numRuns: runs(300) },
    )
  })
})
