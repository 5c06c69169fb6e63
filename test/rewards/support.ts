/**
 * A small world for reward tests: hand-written valid events folded one at a time, a clock,
 * and the decide-free loop — fold an event, ask `rewardsFor`, fold its `issue` + `held`.
 */
import { SCHEMA_VERSIONS, type EventType, type RelationshipEvent } from '../../src/events/index.js'
import { foldEvents, initialNetwork, listAnomalies, type NetworkState } from '../../src/state/index.js'
import { rewardsFor, type RewardPolicy, type RewardsDecision, type RewardsOptions } from '../../src/rewards/index.js'

const HOUR = 3_600_000

/** A network built event by event, with a clock. */
export class World {
  state: NetworkState = initialNetwork
  readonly events: RelationshipEvent[] = []
  private n = 0
  ms: number

  constructor(start = '2026-03-02T09:00:00Z') {
    this.ms = Date.parse(start)
  }

  get now(): Date {
    return new Date(this.ms)
  }

  get at(): string {
    return new Date(this.ms).toISOString()
  }

  /** Moves the clock by `hours` (may be negative). */
  tick(hours: number): this {
    this.ms += hours * HOUR
    return this
  }

  /** Appends one event (with a fresh id, at the clock) and folds it. */
  add(type: EventType, contactId: string | undefined, payload: Record<string, unknown> = {}): RelationshipEvent {
    const e = {
      id: `w${this.n++}`,
      type,
      at: this.at,
      schema: SCHEMA_VERSIONS[type],
      ...(contactId === undefined ? {} : { contactId }),
      ...payload,
    } as unknown as RelationshipEvent
    this.fold([e])
    return e
  }

  fold(events: readonly RelationshipEvent[]): void {
    this.events.push(...events)
    this.state = foldEvents(events, this.state)
  }

  contact(id: string, extra: Record<string, unknown> = {}): RelationshipEvent {
    return this.add('ContactAdded', id, { name: `Name of ${id}`, met: true, emails: [`${id}@example.com`], ...extra })
  }

  role(id: string, role: string, extra: Record<string, unknown> = {}): RelationshipEvent {
    return this.add('ContactRoleChanged', id, { role, ...extra })
  }

  refer(referrerId: string, referralId: string, refereeId: string): RelationshipEvent {
    return this.add('ReferralReceived', referrerId, { referralId, refereeId })
  }

  stage(referrerId: string, referralId: string, stage: string, extra: Record<string, unknown> = {}): RelationshipEvent {
    const more =
      stage === 'closed' && extra['revenue'] === undefined
        ? { revenue: { amount: 100_000, currency: 'USD' } }
        : stage === 'lost' && extra['reason'] === undefined
          ? { reason: 'not ready' }
          : {}
    return this.add('ReferralStageChanged', referrerId, { referralId, stage, ...more, ...extra })
  }

  tx(contactId: string, transactionId: string, servedBy: string[], extra: Record<string, unknown> = {}): RelationshipEvent {
    return this.add('TransactionClosed', contactId, {
      transactionId,
      value: { amount: 50_000, currency: 'USD' },
      servedBy,
      ...extra,
    })
  }

  /** Asks `rewardsFor` about `event` now, and folds what it issues and holds. */
  ask(policy: RewardPolicy, event: RelationshipEvent, options?: RewardsOptions): RewardsDecision {
    const d = rewardsFor(policy, this.state, event, this.now, options)
    this.fold([...d.issue, ...d.held])
    return d
  }

  /** Anomalies the fold noted (a valid loop has none that set an event aside, except the ones a test means). */
  anomalies(): ReturnType<typeof listAnomalies> {
    return listAnomalies(this.state)
  }
}

/** `n` USD cents as money. */
export const usd = (amount: number) => ({ amount, currency: 'USD' })
