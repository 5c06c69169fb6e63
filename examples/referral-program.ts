/**
 * A season of referrals (`npx tsx examples/referral-program.ts`): advocates and an ally refer
 * people over a season; every command goes through `handleCommand` (against an in-memory
 * store), every referral through a two-sided reward policy with a cap, whose rewards are
 * appended too; a lender ally's reward is refused under RESPA §8 while its thank-you
 * still goes out; a burst is held for review, then approved. Prints the ledger and the
 * season's funnel.
 */
import * as E from 'fp-ts/lib/Either.js'
import {
  foldEvents,
  funnel,
  handleCommand,
  inMemoryEventStore,
  rewardLedger,
  rewardsFor,
  streamIdOf,
  validateRewardPolicy,
  type Command,
  type NetworkState,
  type RelationshipEvent,
  type StreamAppend,
  type StreamId,
} from 'touchbase'

const policy = (() => {
  const checked = validateRewardPolicy({
    id: 'season-2026',
    name: 'Referral season 2026',
    jurisdictions: ['us-respa-8'],
    timeZone: 'America/New_York',
    rules: [
      // Two-sided: $50 to the referrer and $50 off for the new client when the referral closes.
      { id: 'thanks', stage: 'closed', to: 'both', value: { kind: 'money', amount: { amount: 5_000, currency: 'USD' } } },
      // A token of thanks at once, for every referral received.
      { id: 'coffee', stage: 'received', to: 'referrer', value: { kind: 'gift', tier: 'token', description: 'coffee card' } },
    ],
    // At most three cash thanks per referrer a year (the coffee cards are not capped).
    caps: [{ id: 'three-a-year', period: 'year', window: 'calendar', count: 3, rules: ['thanks'] }],
    review: { burst: true, burstReferrals: 3, burstHours: 24 },
  })
  if (E.isLeft(checked)) throw new Error(checked.left.message)
  return checked.right
})()

const store = inMemoryEventStore()
let state: NetworkState = foldEvents([])
let n = 0

/** Appends derived events (rewards), each stream's in one part, all or none. */
const appendDerived = async (events: readonly RelationshipEvent[]): Promise<void> => {
  const parts = new Map<StreamId, RelationshipEvent[]>()
  for (const e of events) parts.set(streamIdOf(e), [...(parts.get(streamIdOf(e)) ?? []), e])
  if (parts.size === 0) return
  // 'any': a reward's id derives from its cause, so appending it again is a no-op, and its order against other events does not matter.
  const appended = await store.appendMany([...parts].map(([streamId, es]): StreamAppend => ({ streamId, expected: 'any', events: es })))
  if (E.isLeft(appended)) throw new Error(`rewards refused by the store: ${appended.left._tag}`)
}

/** Handles a command at a time, folds its events, and asks the policy about referral events. */
const run = async (command: Command, at: string): Promise<void> => {
  const now = new Date(at)
  const handled = await handleCommand(store, { ...command, commandId: `cmd-${++n}` } as Command, { now })
  if (E.isLeft(handled)) return console.log(`  refused ${command.type}: ${handled.left.message}`)
  const events = handled.right.events.map((s) => s.event)
  state = foldEvents(events, state)
  for (const event of events) {
    if (event.type !== 'ReferralReceived' && event.type !== 'ReferralStageChanged') continue
    const rewards = rewardsFor(policy, state, event, now)
    const derived = [...rewards.issue, ...rewards.held] as RelationshipEvent[]
    await appendDerived(derived)
    state = foldEvents(derived, state)
    for (const r of rewards.refused) console.log(`  no reward for ${r.recipientId} (${r.ruleId}): ${r.reason === 'cap-reached' ? 'the yearly cap of three is reached' : r.message}`)
    for (const h of rewards.holds) console.log(`  held for ${h.hold}: ${h.rewardId} (${h.flags.join(', ')})`)
  }
}

const people: ReadonlyArray<[string, string, Command['type'] extends never ? never : 'advocate' | 'core' | 'client' | 'ally']> = [
  ['omar', 'Omar Farouk', 'advocate'],
  ['dana', 'Dana Levi', 'core'],
  ['lina', 'Lina Mortgage Co.', 'ally'],
]
console.log('== The season')
for (const [id, name, role] of people) {
  await run({ type: 'AddContact', commandId: '', contactId: id, name, met: true, role, ...(role === 'ally' ? { allyCategory: 'lender' } : {}) } as Command, '2026-03-01T14:00:00Z')
}

// Omar refers five people over the spring; four close.
const season: ReadonlyArray<[string, string, string, 'closed' | 'lost']> = [
  ['r1', 'omar', '2026-03-05', 'closed'],
  ['r2', 'omar', '2026-03-20', 'closed'],
  ['r3', 'omar', '2026-04-14', 'lost'],
  ['r4', 'omar', '2026-05-02', 'closed'],
  ['r5', 'omar', '2026-06-11', 'closed'],
  ['r6', 'lina', '2026-04-02', 'closed'],
]
for (const [referralId, from, day, end] of season) {
  await run({ type: 'ReceiveReferral', commandId: '', contactId: from, referralId, refereeId: `lead-${referralId}`, referee: { name: `Lead ${referralId}` }, source: from === 'lina' ? 'lender-desk' : 'dinner' }, `${day}T15:00:00Z`)
  await run({ type: 'ThankReferrer', commandId: '', contactId: from, referralId, on: day }, `${day}T16:00:00Z`)
  await run({ type: 'AdvanceReferral', commandId: '', contactId: from, referralId, stage: 'contacted' }, `${day}T18:00:00Z`)
  const closeDay = `2026-${String(Number(day.slice(5, 7)) + 1).padStart(2, '0')}-${day.slice(8)}`
  await run(
    end === 'closed'
      ? { type: 'AdvanceReferral', commandId: '', contactId: from, referralId, stage: 'closed', revenue: { amount: 850_000_00, currency: 'USD' } }
      : { type: 'AdvanceReferral', commandId: '', contactId: from, referralId, stage: 'lost', reason: 'chose another agent' },
    `${closeDay}T15:00:00Z`,
  )
}

// Dana sends three referrals within a day: a burst, held for review, then approved.
for (const [i, hour] of [[7, 10], [8, 12], [9, 14]] as const) {
  await run({ type: 'ReceiveReferral', commandId: '', contactId: 'dana', referralId: `r${i}`, refereeId: `lead-r${i}`, referee: { name: `Lead r${i}` }, source: 'gala' }, `2026-09-10T${hour}:00:00Z`)
}
for (const reward of [...state.rewards.values()].filter((r) => r.status === 'held')) {
  await run({ type: 'ApproveReward', commandId: '', rewardId: reward.rewardId }, '2026-09-12T10:00:00Z')
}

console.log('\n== The ledger')
const ledger = rewardLedger(state, { today: '2026-12-31' })
for (const account of ledger.accounts) {
  const money = account.payable.money.map((m) => `$${m.amount / 100}`).join(' ')
  const gifts = account.payable.gifts.map((g) => `${g.amount} ${g.tier} gift(s)`).join(' ')
  console.log(`  ${account.recipientId.padEnd(8)} ${String(account.payable.count).padStart(2)} reward(s) ${[money, gifts].filter((x) => x !== '').join(', ')}`)
}
const cash = ledger.totals.payable.money.map((m) => `$${m.amount / 100}`).join(' ')
console.log(`  total    ${ledger.totals.payable.count} payable, ${cash} in cash`)

console.log('\n== The season’s funnel')
const f = funnel(state)
console.log(`  ${f.leads} leads: ${Object.entries(f.total).map(([stage, count]) => `${stage} ${count}`).join(', ')}`)
for (const s of f.bySource) console.log(`  ${s.source}: ${s.counts.received} received, ${s.counts.closed} closed`)
