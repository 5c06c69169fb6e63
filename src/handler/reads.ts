/**
 * What a command reads: the streams whose events `decide` needs folded to decide it exactly
 * as it would against the whole log, and whether it needs the whole log at all.
 *
 * Every command reads its contact's stream (its own facts: profile, role, consent,
 * enrollments, sales, the referrals it sent). Some decisions also check facts that live in
 * other streams, and the rule for each is below. Where the other stream can be named from
 * the command and the streams read so far, only it is read; where it cannot — a referee's
 * open referral sent by anyone, a referral id that must be new across every referrer, a
 * referred lead (its referral is in an unknown referrer's stream) — the command reads the
 * log: the snapshot's state, if one is given, and every event after it.
 *
 * | command | streams | the log |
 * | --- | --- | --- |
 * | contact and plan commands, `PromiseReferral`, `CaptureLead`, `AssignLead`, `ReviewAlly` | the contact's, and those of contacts merged with it (named by `ContactsMerged` in the streams read) | no |
 * | `MergeContacts` | the survivor's and the merged contact's (and those merged with either) | no |
 * | `RecordFeedback` | the contact's, and the one it is about | no |
 * | `RecordCost` | the contact's, if it names one (a programme cost is appended with `'any'`: costs commute) | no |
 * | `AdvanceReferral`, `ThankReferrer`, `UpdateReferrer` | the referrer's, and the referral's referee's (named by its `ReferralReceived`) | only when the referral is not in the referrer's stream (so that `decide` says whose it is) |
 * | `ReceiveReferral` | the referrer's and the referee's | yes: the referee's open referral may be anyone's, the referral id must be new everywhere |
 * | `AdvanceLead` | the contact's | yes: a referred lead's referral is in its referrer's stream |
 * | `CloseTransaction` | the contact's | when it names a referral (its referrer is unknown) |
 * | `ApproveReward`, `RejectReward`, `RevokeReward` | the reward's: its referrer's, or the programme's for a team reward (found in the log's state) | yes: the reward is found there |
 *
 * From a snapshot, the handler also reads the log after it when a stream read has received a
 * referral since (see `receivedSince` in handle.ts): the fold's acceptance of a referral
 * depends on other referrers' streams, which the snapshot knows only as they were.
 *
 * Every stream read is also guarded when the events are appended: its expected version is
 * the version read, so a decision is never stored on facts that changed meanwhile.
 */
import type { Command } from '../decisions/index.js'
import type { NetworkState } from '../state/index.js'
import { contactStreamId, isStreamId, PROGRAMME_STREAM, type StoredEvent, type StreamId } from '../store/index.js'

/** What a command reads, given what has been read so far. */
export interface ReadPlan {
  /** The streams to read, fold and guard. */
  readonly streams: readonly StreamId[]
  /** Whether to fold the log too: the snapshot's state and every event after it. */
  readonly log: boolean
}

/** The stream of a contact id taken from a command, when it can name one (anything else is left for `decide` to refuse). */
const contact = (id: unknown): StreamId[] => {
  if (typeof id !== 'string') return []
  const s = contactStreamId(id)
  return isStreamId(s) ? [s] : []
}

/** The rules by command type: the compiler checks that every type has one. */
type Rule = (command: Record<string, unknown>, state: NetworkState, read: ReadonlyMap<StreamId, readonly StoredEvent[]>) => ReadPlan

/**
 * The streams of contacts merged with those read so far: a survivor's state is the union of
 * its merged contacts' histories (an enrollment, a referral may have come from either), and
 * a merged id's erasure is its survivor's. Each `ContactsMerged` names both; read until none
 * names a stream not read.
 */
const mergedWith = (read: ReadonlyMap<StreamId, readonly StoredEvent[]>): StreamId[] => {
  const out: StreamId[] = []
  for (const events of read.values()) {
    for (const s of events) if (s.event.type === 'ContactsMerged') out.push(...contact(s.event.survivorId), ...contact(s.event.mergedId))
  }
  return out
}

const own: Rule = (c, _, read) => ({ streams: [...contact(c['contactId']), ...mergedWith(read)], log: false })

/** A referral command: the referrer's stream, then the referee of the referral it names. */
const referral: Rule = (c, _, read) => {
  const referrer = contact(c['contactId'])
  const stream = referrer[0]
  if (stream === undefined) return { streams: [], log: false }
  const events = read.get(stream)
  // First the referrer's stream; what else is needed is read off it.
  if (events === undefined) return { streams: referrer, log: false }
  const received = events.find((s) => s.event.type === 'ReferralReceived' && s.event.referralId === c['referralId'])?.event
  if (received?.type !== 'ReferralReceived') return { streams: referrer, log: true }
  return { streams: [...referrer, ...contact(received.refereeId)], log: false }
}

/** A reward review: the reward's stream, as the log's state names it. */
const reward: Rule = (c, state) => {
  const id = c['rewardId']
  const w = typeof id === 'string' ? state.rewards.get(id) : undefined
  if (w === undefined) return { streams: [], log: true }
  const streams = w.side === 'team' ? [PROGRAMME_STREAM] : contact(state.referrals.get(w.referralId)?.referrerId)
  return { streams, log: true }
}

const RULES: { readonly [K in Command['type']]: Rule } = {
  MergeContacts: (c, _, read) => ({ streams: [...contact(c['survivorId']), ...contact(c['mergedId']), ...mergedWith(read)], log: false }),
  AddContact: own,
  UpdateContact: own,
  MarkMet: own,
  ChangeRole: own,
  RateContact: own,
  RecordPersonalDate: own,
  RemovePersonalDate: own,
  RecordInterest: own,
  RemoveInterest: own,
  SetConsent: own,
  EraseContact: own,
  EnrollInPlan: own,
  PausePlan: own,
  ResumePlan: own,
  CancelPlan: own,
  CompletePlan: own,
  AcceptGraduation: own,
  CompleteTouch: own,
  SkipTouch: own,
  RescheduleTouch: own,
  LogTouch: own,
  PromiseReferral: own,
  CaptureLead: own,
  AssignLead: own,
  ReviewAlly: own,
  RecordCost: own,
  RecordFeedback: (c) => ({ streams: [...contact(c['contactId']), ...contact(c['aboutContactId'])], log: false }),
  AdvanceReferral: referral,
  ThankReferrer: referral,
  UpdateReferrer: referral,
  ReceiveReferral: (c) => ({ streams: [...contact(c['contactId']), ...contact(c['refereeId'])], log: true }),
  AdvanceLead: (c) => ({ streams: contact(c['contactId']), log: true }),
  CloseTransaction: (c) => ({ streams: contact(c['contactId']), log: c['referralId'] !== undefined }),
  ApproveReward: reward,
  RejectReward: reward,
  RevokeReward: reward,
}

/**
 * What a command reads, given the state folded so far and the streams read so far: called
 * again after each read until it asks for nothing new. A value that is not a command reads
 * nothing (`decide` refuses it).
 *
 * @example
 * readPlan({ type: 'RateContact', commandId: 'k1', contactId: 'c1', score: 4 }, initialNetwork, new Map())
 * // { streams: ['contact-c1'], log: false }
 */
export const readPlan = (command: Command, state: NetworkState, read: ReadonlyMap<StreamId, readonly StoredEvent[]>): ReadPlan => {
  const c = command as unknown as Record<string, unknown> | null
  if (typeof c !== 'object' || c === null || typeof c['type'] !== 'string' || !Object.prototype.hasOwnProperty.call(RULES, c['type'])) {
    return { streams: [], log: false }
  }
  const plan = RULES[c['type'] as Command['type']](c, state, read)
  return { streams: [...new Set(plan.streams)], log: plan.log }
}
