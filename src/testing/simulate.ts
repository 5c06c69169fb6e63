/**
 * A simulator of valid event streams: a small model of the network that picks the next
 * plausible event and only emits what the fold accepts (no anomalies). One simulator, two
 * drivers: fast-check feeds it shrinkable choices (`arbitraryEventStream`), a seeded PRNG
 * feeds it for large deterministic streams (`generateEventStream`, for benchmarks and demos).
 */
import { formatYmd, type CalendarDate } from '../core/calendar-date.js'
import {
  ALLY_CATEGORIES,
  CHANNELS,
  COST_CATEGORIES,
  PERSONAL_DATE_KINDS,
  ROLES,
  SCHEMA_VERSIONS,
  TOUCH_KINDS,
  type Channel,
  type EventType,
  type RelationshipEvent,
  type Stage,
} from '../events/index.js'

/** A source of choices: `int(n)` is an integer in `0 … n − 1`. */
export interface Chooser {
  int(n: number): number
}

/** How big and how varied a simulated stream is. */
export interface SimulationOptions {
  /** Contacts to add over the stream (at least 1). */
  readonly contacts: number
  /** Events to emit in all. */
  readonly events: number
  /** Instant of the first event (default `2025-01-01T09:00:00Z`). */
  readonly start?: string
  /** Days the stream spans (default 730). */
  readonly spanDays?: number
  /** Whether contacts may be erased (default true). */
  readonly erasures?: boolean
  /** Whether contacts may be merged (`ContactsMerged`, default false: the streams of a seed stay those it always gave). */
  readonly merges?: boolean
}

interface SimEnrollment {
  id: string
  status: 'active' | 'paused' | 'ended'
  pausedFrom: CalendarDate | null
  done: Set<string>
}

interface SimContact {
  index: number
  id: string
  erased: boolean
  met: boolean
  ally: boolean
  openReferralAsReferee: boolean
  enrollments: SimEnrollment[]
  lead: { referred: boolean; stage: Stage } | null
  transactions: number
  /** The contact it was merged into, if it was. */
  mergedInto?: number
}

interface SimReferral {
  id: string
  referrer: number
  referee: number
  stage: Stage
}

interface SimReward {
  id: string
  status: 'issued' | 'approved' | 'rejected' | 'revoked'
  /** The referrer's index: the reward's stream is its (or, once it was merged, its survivor's). */
  referrer: number | undefined
}

const PLAN_IDS = ['client-for-life-33', 'advocate-appreciation-33', '8x8', '12-direct', 'ally-cadence'] as const
const INTERESTS = [
  { category: 'team', name: 'Riyadh Falcons', seasonStart: '--08-20' },
  { category: 'team', name: 'Boston Harbor FC', seasonStart: '--03-01' },
  { category: 'hobby', name: 'chess' },
  { category: 'hobby', name: 'golf' },
  { category: 'other', name: 'gardening' },
] as const
const SOURCES = ['website', 'open-house', 'seminar', 'social', 'sign-call'] as const
const TEAM = ['agent-1', 'agent-2', 'agent-3', 'agent-4'] as const
const NEXT: Partial<Record<Stage, Stage>> = {
  received: 'contacted',
  contacted: 'appointment',
  appointment: 'under-contract',
  'under-contract': 'closed',
}

const pick = <T>(ch: Chooser, xs: readonly T[]): T => xs[ch.int(xs.length)] as T

const personalDate = (ch: Chooser): string => {
  const shape = ch.int(4)
  const month = 1 + ch.int(12)
  const day = 1 + ch.int(month === 2 ? 29 : [4, 6, 9, 11].includes(month) ? 30 : 31)
  const year = 1950 + ch.int(60)
  if (shape === 0) return `--${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
  if (shape === 1) return `${year}-${String(month).padStart(2, '0')}`
  // Feb 29 only in leap years for full dates.
  const d = month === 2 && day === 29 && year % 4 !== 0 ? 28 : day
  return formatYmd(year, month, d)
}

/**
 * Simulates a valid stream: every event decodes, and folding the stream sets nothing aside.
 * Deterministic for a deterministic chooser.
 */
export const simulateStream = (ch: Chooser, options: SimulationOptions): RelationshipEvent[] => [...simulate(ch, options)]

/**
 * The simulator as a generator: events are made one batch at a time as they are read, so a
 * stream of ten million events never sits in memory whole.
 */
function* simulate(ch: Chooser, options: SimulationOptions): Generator<RelationshipEvent, void, undefined> {
  const total = Math.max(1, Math.floor(options.events))
  const maxContacts = Math.max(1, Math.floor(options.contacts))
  const startMs = Date.parse(options.start ?? '2025-01-01T09:00:00Z')
  const stepMs = Math.max(1000, Math.floor(((options.spanDays ?? 730) * 86_400_000) / total))
  const erasures = options.erasures ?? true
  const merges = options.merges ?? false
  // Events made by the current step, handed out before the next one; `made` counts them all.
  let out: RelationshipEvent[] = []
  let made = 0
  const contacts: SimContact[] = []
  const live: number[] = []
  const referrals: SimReferral[] = []
  const openReferrals: number[] = []
  const rewards: SimReward[] = []
  const openRewards: SimReward[] = []
  // Contacts that were ever allies; checked again when picked.
  const allies: number[] = []
  let ms = startMs
  let seq = 0

  const base = (type: EventType, contactId: string | undefined): Record<string, unknown> => {
    const e: Record<string, unknown> = { id: `e${made + out.length}`, type, at: new Date(ms).toISOString(), schema: SCHEMA_VERSIONS[type] }
    if (contactId !== undefined) e['contactId'] = contactId
    if (ch.int(4) === 0) e['actor'] = pick(ch, TEAM)
    return e
  }
  const emit = (type: EventType, contactId: string | undefined, payload: Record<string, unknown>): void => {
    out.push({ ...base(type, contactId), ...payload } as unknown as RelationshipEvent)
  }
  const today = (): CalendarDate => new Date(ms).toISOString().slice(0, 10) as CalendarDate
  /** The id a contact's events go under: its own, or — merged — its survivor's, as `decide` writes them. */
  const idOf = (i: number): string => {
    let c = contacts[i] as SimContact
    while (c.mergedInto !== undefined) c = contacts[c.mergedInto] as SimContact
    return c.id
  }
  const liveContact = (): SimContact | undefined => {
    if (live.length === 0) return undefined
    return contacts[live[ch.int(live.length)] as number]
  }

  const addContact = (): void => {
    const i = contacts.length
    const id = `c${i}`
    const met = ch.int(3) > 0
    const payload: Record<string, unknown> = {
      name: `Person ${i}`,
      met,
      emails: [`person${i}@example.com`],
    }
    if (ch.int(2) === 0) payload['phones'] = [`+1 555 01${String(i).padStart(6, '0')}`]
    if (ch.int(2) === 0) payload['address'] = { lines: [`${i} Main Street`], postalCode: `P${i % 50}`, country: 'US' }
    if (ch.int(3) === 0) payload['notes'] = `Notes on person ${i}`
    if (ch.int(2) === 0) payload['timeZone'] = pick(ch, ['America/New_York', 'Asia/Riyadh', 'Europe/London', 'Africa/Cairo'])
    payload['circle'] = pick(ch, ['client', 'friend', 'family', 'colleague', 'business-partner', 'other'])
    emit('ContactAdded', id, payload)
    contacts.push({ index: i, id, erased: false, met, ally: false, openReferralAsReferee: false, enrollments: [], lead: null, transactions: 0 })
    live.push(i)
  }

  const touchLogged = (c: SimContact): void =>
    emit('TouchLogged', c.id, { kind: pick(ch, TOUCH_KINDS), channel: pick(ch, CHANNELS), on: today() })

  // Each action returns false when it does not apply; the step then logs a touch instead.
  const actions: Array<[weight: number, act: (c: SimContact) => boolean]> = [
    [20, (c) => (touchLogged(c), true)],
    [
      14,
      (c) => {
        const en = c.enrollments.filter((x) => x.status === 'active')
        if (en.length === 0) return false
        const x = pick(ch, en)
        const key = `k${ch.int(40)}`
        if (x.done.has(key)) return false
        x.done.add(key)
        emit('TouchCompleted', c.id, {
          enrollmentId: x.id,
          touchKey: key,
          kind: pick(ch, TOUCH_KINDS),
          channel: pick(ch, CHANNELS) as Channel,
          on: today(),
        })
        return true
      },
    ],
    [
      5,
      (c) => {
        if (c.enrollments.length >= 3) return false
        const id = `en${seq++}`
        c.enrollments.push({ id, status: 'active', pausedFrom: null, done: new Set() })
        emit('PlanEnrolled', c.id, { enrollmentId: id, planId: pick(ch, PLAN_IDS), startDate: today() })
        return true
      },
    ],
    [
      2,
      (c) => {
        const x = c.enrollments.find((y) => y.status !== 'ended')
        if (x === undefined) return false
        if (x.status === 'active' && ch.int(3) > 0) {
          x.status = 'paused'
          x.pausedFrom = today()
          emit('PlanPaused', c.id, { enrollmentId: x.id, from: x.pausedFrom })
        } else if (x.status === 'paused') {
          x.status = 'active'
          emit('PlanResumed', c.id, { enrollmentId: x.id, on: today() })
        } else {
          x.status = 'ended'
          emit(ch.int(2) === 0 ? 'PlanCancelled' : 'PlanCompleted', c.id, { enrollmentId: x.id })
        }
        return true
      },
    ],
    [
      3,
      (c) => {
        const x = c.enrollments.find((y) => y.status === 'active')
        if (x === undefined) return false
        const key = `k${ch.int(40)}`
        if (x.done.has(key)) return false
        if (ch.int(2) === 0) emit('TouchSkipped', c.id, { enrollmentId: x.id, touchKey: key, reason: `Away, said ${c.id}` })
        else emit('TouchRescheduled', c.id, { enrollmentId: x.id, touchKey: key, to: today() })
        return true
      },
    ],
    [
      6,
      (c) => {
        if (live.length < 2) return false
        const referee = contacts[live[ch.int(live.length)] as number] as SimContact
        if (referee === c || referee.openReferralAsReferee) return false
        const r: SimReferral = { id: `r${seq++}`, referrer: c.index, referee: referee.index, stage: 'received' }
        referrals.push(r)
        openReferrals.push(referrals.length - 1)
        referee.openReferralAsReferee = true
        referee.lead = { referred: true, stage: 'received' }
        const payload: Record<string, unknown> = { referralId: r.id, refereeId: referee.id, source: pick(ch, SOURCES) }
        if (ch.int(2) === 0) payload['note'] = `Referral note about ${referee.id}`
        emit('ReferralReceived', c.id, payload)
        return true
      },
    ],
    [
      8,
      () => {
        if (openReferrals.length === 0) return false
        const k = ch.int(openReferrals.length)
        const r = referrals[openReferrals[k] as number] as SimReferral
        const lost = ch.int(6) === 0
        const to: Stage = lost ? 'lost' : (NEXT[r.stage] as Stage)
        const payload: Record<string, unknown> = { referralId: r.id, stage: to }
        if (to === 'closed') payload['revenue'] = { amount: 100_000 + ch.int(900_000), currency: 'USD' }
        if (to === 'lost') payload['reason'] = `${pick(ch, ['chose another agent', 'not ready', 'unreachable'])} (${(contacts[r.referee] as SimContact).id})`
        r.stage = to
        const referee = contacts[r.referee] as SimContact
        if (referee.lead !== null && referee.lead.referred) referee.lead.stage = to
        if (to === 'closed' || to === 'lost') {
          openReferrals.splice(k, 1)
          referee.openReferralAsReferee = false
        }
        emit('ReferralStageChanged', idOf(r.referrer), payload)
        return true
      },
    ],
    [
      3,
      () => {
        if (referrals.length === 0) return false
        const r = referrals[ch.int(referrals.length)] as SimReferral
        const id = `rw${seq++}`
        const side = pick(ch, ['referrer', 'referee', 'team'] as const)
        const recipient = side === 'team' ? pick(ch, TEAM) : idOf(side === 'referrer' ? r.referrer : r.referee)
        const contactId = side === 'team' ? undefined : idOf(r.referrer)
        const kind = ch.int(3)
        const value =
          kind === 0
            ? { kind: 'money', amount: { amount: 5_000 + ch.int(20_000), currency: 'USD' } }
            : kind === 1
              ? { kind: 'points', points: 1 + ch.int(100) }
              : { kind: 'gift', tier: pick(ch, ['token', 'standard', 'premium'] as const), description: `A gift for ${recipient}` }
        const reward: SimReward = { id, status: 'issued', referrer: side === 'team' ? undefined : r.referrer }
        rewards.push(reward)
        openRewards.push(reward)
        emit('RewardIssued', contactId, {
          rewardId: id,
          referralId: r.id,
          stage: 'received',
          ruleId: 'rule-1',
          recipientId: recipient,
          side,
          value,
        })
        return true
      },
    ],
    [
      1,
      () => {
        if (openRewards.length === 0) return false
        const k = ch.int(openRewards.length)
        const w = openRewards[k] as SimReward
        if (w.status === 'issued' && ch.int(2) === 0) {
          w.status = 'approved'
          emit('RewardApproved', w.referrer === undefined ? undefined : idOf(w.referrer), { rewardId: w.id })
        } else if (w.status === 'issued' && ch.int(2) === 0) {
          w.status = 'rejected'
          emit('RewardRejected', w.referrer === undefined ? undefined : idOf(w.referrer), { rewardId: w.id, reason: `Review of ${w.id}` })
        } else {
          w.status = 'revoked'
          emit('RewardRevoked', w.referrer === undefined ? undefined : idOf(w.referrer), { rewardId: w.id, reason: `Refund of ${w.id}` })
        }
        if (w.status === 'rejected' || w.status === 'revoked') {
          openRewards[k] = openRewards[openRewards.length - 1] as SimReward
          openRewards.pop()
        }
        return true
      },
    ],
    [
      3,
      (c) => {
        if (c.lead !== null) return false
        c.lead = { referred: false, stage: 'received' }
        emit('LeadCaptured', c.id, { source: pick(ch, SOURCES) })
        return true
      },
    ],
    [2, (c) => (emit('LeadAssigned', c.id, { assignee: pick(ch, TEAM) }), true)],
    [
      3,
      (c) => {
        if (c.lead === null || c.lead.referred) return false
        const next = NEXT[c.lead.stage]
        if (next === undefined) return false
        const to: Stage = ch.int(6) === 0 ? 'lost' : next
        c.lead.stage = to
        const payload: Record<string, unknown> = { stage: to }
        if (to === 'closed') payload['revenue'] = { amount: 50_000 + ch.int(500_000), currency: 'USD' }
        if (to === 'lost') payload['reason'] = 'not ready'
        emit('LeadStageChanged', c.id, payload)
        return true
      },
    ],
    [
      2,
      (c) => {
        c.transactions++
        emit('TransactionClosed', c.id, {
          transactionId: `t${seq++}`,
          value: { amount: 100_000 + ch.int(1_000_000), currency: ch.int(5) === 0 ? 'SAR' : 'USD' },
          servedBy: [pick(ch, TEAM)],
          closedOn: today(),
        })
        return true
      },
    ],
    [
      2,
      () => {
        emit('CostRecorded', undefined, {
          category: pick(ch, COST_CATEGORIES),
          amount: { amount: 1_000 + ch.int(50_000), currency: 'USD' },
        })
        return true
      },
    ],
    [
      3,
      (c) => {
        const payload: Record<string, unknown> = { nps: ch.int(11) }
        if (ch.int(2) === 0) payload['csi'] = { method: 'score', score: ch.int(101) }
        else
          payload['csi'] = {
            method: 'attributes',
            attributes: [
              { attribute: 'speed', satisfaction: 1 + ch.int(10), importance: 1 + ch.int(10) },
              { attribute: 'care', satisfaction: 1 + ch.int(10), importance: 1 + ch.int(10) },
            ],
          }
        payload['perceivedPerformance'] = ch.int(11)
        payload['expectedPerformance'] = ch.int(11)
        payload['perceivedBenefits'] = ch.int(11)
        payload['perceivedCosts'] = ch.int(11)
        payload['referralEffort'] = ch.int(11)
        if (allies.length > 0 && ch.int(2) === 0) {
          const ally = contacts[pick(ch, allies)] as SimContact
          if (ally.ally && !ally.erased && ally !== c) payload['aboutContactId'] = ally.id
        }
        emit('FeedbackRecorded', c.id, payload)
        return true
      },
    ],
    [
      2,
      (c) => {
        const role = pick(ch, ROLES)
        if (role === 'ally' && !c.ally) allies.push(c.index)
        c.ally = role === 'ally'
        emit('ContactRoleChanged', c.id, role === 'ally' ? { role, allyCategory: pick(ch, ALLY_CATEGORIES) } : { role })
        return true
      },
    ],
    [1, (c) => (emit('ContactRated', c.id, { score: 1 + ch.int(5) }), true)],
    [
      2,
      (c) => {
        const payload: Record<string, unknown> = { kind: pick(ch, PERSONAL_DATE_KINDS), date: personalDate(ch) }
        if (payload['kind'] === 'custom' || payload['kind'] === 'graduation') payload['label'] = `Label of ${c.id}`
        emit('PersonalDateRecorded', c.id, payload)
        return true
      },
    ],
    [1, (c) => (emit('InterestRecorded', c.id, { ...pick(ch, INTERESTS) }), true)],
    [
      0.3,
      (c) => {
        const { category, name } = pick(ch, INTERESTS)
        emit('InterestRemoved', c.id, { category, name })
        return true
      },
    ],
    [0.3, (c) => (emit('PersonalDateRemoved', c.id, { kind: 'birthday' }), true)],
    [
      1,
      (c) => {
        const channel = pick(ch, [...CHANNELS, 'all'] as const)
        emit('ConsentChanged', c.id, { channel, doNotContact: ch.int(3) === 0 })
        return true
      },
    ],
    [
      1,
      (c) => {
        if (c.met) return false
        c.met = true
        emit('ContactMet', c.id, {})
        return true
      },
    ],
    [1, (c) => (emit('ContactUpdated', c.id, { notes: `Updated notes on ${c.id}`, company: null }), true)],
    [1, (c) => (emit('ReferralPromised', c.id, {}), true)],
    [1, (c) => (c.ally ? (emit('AllyReviewed', c.id, { verdict: pick(ch, ['keep', 'reconsider', 'end']) }), true) : false)],
    [
      erasures ? 0.2 : 0,
      (c) => {
        if (live.length < 3) return false
        c.erased = true
        live.splice(live.indexOf(c.index), 1)
        emit('ContactErased', c.id, {})
        return true
      },
    ],
    [
      // Last, and weightless unless asked for: a stream of a seed without merges stays what it was.
      merges ? 1.5 : 0,
      (c) => {
        // A contact that is a referee of an open referral stays apart: the survivor would then
        // have two open ones, and this model tracks one.
        const others = live.filter((i) => i !== c.index && !(contacts[i] as SimContact).openReferralAsReferee)
        if (live.length < 3 || others.length === 0) return false
        const d = contacts[pick(ch, others)] as SimContact
        // The merged contact takes no more events under its id: what goes on (its referrals'
        // stages, their rewards) goes under its survivor's.
        d.erased = true
        d.mergedInto = c.index
        live.splice(live.indexOf(d.index), 1)
        c.met ||= d.met
        // The survivor's lead, or else the merged one's, as the fold keeps it.
        c.lead ??= d.lead
        c.transactions += d.transactions
        emit('ContactsMerged', c.id, { survivorId: c.id, mergedId: d.id })
        emit('ContactsMerged', d.id, { survivorId: c.id, mergedId: d.id })
        return true
      },
    ],
  ]
  const weights = actions.map(([w]) => Math.round(w * 10))
  const totalWeight = weights.reduce((a, b) => a + b, 0)

  while (made + out.length < total) {
    if (out.length > 0) {
      made += out.length
      yield* out
      out = []
    }
    ms += 1 + ch.int(2 * stepMs)
    const remainingContacts = maxContacts - contacts.length
    // Spread the contacts over the first half of the stream.
    if (remainingContacts > 0 && (live.length === 0 || ch.int(Math.max(1, total - made)) < remainingContacts * 2)) {
      addContact()
      continue
    }
    const c = liveContact()
    if (c === undefined) {
      // Every contact was erased and none remain to add: only programme events are possible.
      emit('CostRecorded', undefined, { category: 'other', amount: { amount: 100, currency: 'USD' } })
      continue
    }
    let r = ch.int(totalWeight)
    let i = 0
    while (r >= (weights[i] as number)) r -= weights[i++] as number
    const act = (actions[i] as [number, (c: SimContact) => boolean])[1]
    if (!act(c)) touchLogged(c)
  }
  yield* out
}

/** A small, fast, seeded PRNG (mulberry32): the same seed gives the same stream everywhere. */
export const seededChooser = (seed: number): Chooser => {
  let a = seed >>> 0
  return {
    int(n) {
      a = (a + 0x6d2b79f5) >>> 0
      let t = a
      t = Math.imul(t ^ (t >>> 15), t | 1)
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
      const r = ((t ^ (t >>> 14)) >>> 0) / 4294967296
      return Math.floor(r * n)
    },
  }
}

/**
 * A deterministic valid stream for benchmarks, demos and load tests, as an array.
 * @example generateEventStream({ seed: 1, contacts: 10_000, events: 1_000_000 })
 */
export const generateEventStream = (options: SimulationOptions & { readonly seed: number }): RelationshipEvent[] =>
  simulateStream(seededChooser(options.seed), options)

/**
 * The same stream as `generateEventStream`, yielded one event at a time: fold or aggregate it
 * as it comes, and ten million events need no more memory than their state.
 * @example foldEvents(eventStream({ seed: 1, contacts: 10_000, events: 10_000_000 }))
 */
export const eventStream = (options: SimulationOptions & { readonly seed: number }): Iterable<RelationshipEvent> => ({
  [Symbol.iterator]: () => simulate(seededChooser(options.seed), options),
})
