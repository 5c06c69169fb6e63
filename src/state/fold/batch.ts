/**
 * One fold over a run of events: private copies of what it writes, committed at the end.
 *
 * How the fold stays fast without changing anything a caller holds: the first time a batch
 * writes a contact (or referral, or reward) it takes a shallow copy and remembers it owns
 * it; a nested group, list or map is copied the first time it is written, then written in
 * place. At the end the copies are committed into the persistent maps in one pass. Objects
 * of the input state are never written. (This is the fold's one copy-on-write mechanism;
 * immer's proxies would cost more per event than the whole handler.)
 */
import { PMap } from '../../core/hamt.js'
import type { EventType } from '../../events/index.js'
import type { ErasureScope } from '../../events/index.js'
import type { Anomaly, AnomalyReason, ContactState, CostRecord, NetworkState, ReferralState, RewardState } from '../types.js'

/** A writable view of a readonly shape (only ever of the batch's own copies). */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] }

/** The groups of a contact's state a handler may write. */
export type ContactGroup = 'network' | 'consent' | 'plans' | 'referrals' | 'sales' | 'feedback'

/** The batch's draft of an entity: made once, a shallow copy of the committed one; undefined when there is none. */
const draftIn = <T extends object>(drafts: Map<string, Mutable<T>>, committed: PMap<T>, id: string): Mutable<T> | undefined => {
  let draft = drafts.get(id)
  if (draft === undefined) {
    const current = committed.get(id)
    if (current === undefined) return undefined
    draft = { ...current }
    drafts.set(id, draft)
  }
  return draft
}

const commitMap = <V>(base: PMap<V>, drafts: Map<string, V> | undefined): PMap<V> => {
  if (drafts === undefined || drafts.size === 0) return base
  return base.withMutations((m) => drafts.forEach((v, k) => m.set(k, v)))
}

/**
 * The batch: reads see its own writes first, then the state it started from.
 *
 * `evolve` makes a batch for every event, so what most events never write (referrals,
 * rewards, merges, conflicts, commands, costs, anomalies) is made on first write: every
 * allocation here is young garbage a live host's collector pays for.
 */
export class Batch {
  private readonly owned = new Set<object>()
  private readonly contacts = new Map<string, Mutable<ContactState>>()
  private referrals: Map<string, Mutable<ReferralState>> | undefined
  private rewards: Map<string, Mutable<RewardState>> | undefined
  /** Contacts merged into another in this batch (their ids leave `contacts`). */
  private removed: Set<string> | undefined
  /** Merges made in this batch: merged id → the id it was merged into. */
  private aliases: Map<string, string> | undefined
  /** Event ids first seen in this batch, with their packed type and fingerprint. */
  readonly ids = new Map<string, number>()
  /** Event ids whose reuse this batch noted as an id-conflict. */
  private conflicts: Map<string, number> | undefined
  /** Commands first seen in this batch, with their fingerprint. */
  private commands: Map<string, number> | undefined
  private costs: CostRecord[] | undefined
  private anomalies: Anomaly[] | undefined
  eventCount: number
  lastEventAt: string | undefined
  /** Whether the event being applied was set aside. */
  setAside = false

  constructor(readonly base: NetworkState) {
    this.eventCount = base.eventCount
    this.lastEventAt = base.lastEventAt
  }

  private scope: ErasureScope | undefined

  /** What is erased, as the state being built knows it: for `scrubEvent`. */
  get erased(): ErasureScope {
    return (this.scope ??= this.erasureScope())
  }

  private erasureScope(): ErasureScope {
    return {
      // A merged id is erased with its survivor: erasure of either erases both.
      contacts: { has: (id) => this.contact(this.resolve(id))?.erased === true },
      referrals: {
        has: (id) => {
          const r = this.referral(id)
          return r !== undefined && (this.contact(r.referrerId)?.erased === true || this.contact(r.refereeId)?.erased === true)
        },
      },
      rewards: {
        has: (id) => {
          const w = this.reward(id)
          if (w === undefined) return false
          return this.erased.referrals.has(w.referralId) || (w.side !== 'team' && this.contact(w.recipientId)?.erased === true)
        },
      },
    }
  }

  seen(id: string): number | undefined {
    return this.ids.get(id) ?? this.base.seen.get(id)
  }

  command(commandId: string): number | undefined {
    return this.commands?.get(commandId) ?? this.base.commands.get(commandId)
  }

  /** Records a command first seen in this batch, with its fingerprint. */
  addCommand(commandId: string, fingerprint: number): void {
    ;(this.commands ??= new Map()).set(commandId, fingerprint)
  }

  /** How many contacts this batch has copied (or made) to write. */
  get contactsWritten(): number {
    return this.contacts.size
  }

  contact(id: string): ContactState | undefined {
    if (this.removed !== undefined && this.removed.has(id)) return undefined
    return this.contacts.get(id) ?? this.base.contacts.get(id)
  }

  writeContact(id: string): Mutable<ContactState> | undefined {
    if (this.removed !== undefined && this.removed.has(id)) return undefined
    return draftIn(this.contacts, this.base.contacts, id)
  }

  /** The contact an id was merged into, if it was. */
  mergedInto(id: string): string | undefined {
    return this.aliases?.get(id) ?? this.base.mergedInto.get(id)
  }

  /** Whether any contact was ever merged: until then no event needs resolving. */
  get hasMerges(): boolean {
    return this.aliases !== undefined || this.base.mergedInto.size > 0
  }

  /** The id a contact id stands for now: itself, or the survivor of its merge (of its survivor's, in turn). */
  resolve(id: string): string {
    if (!this.hasMerges) return id
    let at = id
    // Merges never form a cycle (a merged id is never merged again, nor merged into); the bound is a guard.
    for (let i = 0; i < 64; i++) {
      const next = this.mergedInto(at)
      if (next === undefined) return at
      at = next
    }
    return at
  }

  /** Records that `mergedId` was merged into `survivorId`, and removes the merged contact. */
  mergeAway(mergedId: string, survivorId: string): void {
    ;(this.aliases ??= new Map()).set(mergedId, survivorId)
    this.contacts.delete(mergedId)
    ;(this.removed ??= new Set()).add(mergedId)
  }

  createContact(c: Mutable<ContactState>): void {
    this.contacts.set(c.id, c)
    this.adopt(c)
  }

  /**
   * Marks a contact draft's groups and their lists as the batch's own: only for groups made in
   * this batch (a new contact's, a merge's union), never for ones a committed state holds.
   */
  adopt(c: Mutable<ContactState>): void {
    for (const v of Object.values(c)) {
      if (typeof v !== 'object' || v === null) continue
      this.owned.add(v)
      for (const x of Object.values(v)) if (Array.isArray(x)) this.owned.add(x)
    }
  }

  referral(id: string): ReferralState | undefined {
    return this.referrals?.get(id) ?? this.base.referrals.get(id)
  }

  writeReferral(id: string): Mutable<ReferralState> | undefined {
    return draftIn((this.referrals ??= new Map()), this.base.referrals, id)
  }

  createReferral(r: Mutable<ReferralState>): void {
    ;(this.referrals ??= new Map()).set(r.referralId, r)
    this.owned.add(r.rewards)
  }

  reward(id: string): RewardState | undefined {
    return this.rewards?.get(id) ?? this.base.rewards.get(id)
  }

  writeReward(id: string): Mutable<RewardState> | undefined {
    return draftIn((this.rewards ??= new Map()), this.base.rewards, id)
  }

  createReward(r: Mutable<RewardState>): void {
    ;(this.rewards ??= new Map()).set(r.rewardId, r)
  }

  /** A group of a contact draft that this batch may write (copied into the draft the first time). */
  group<K extends ContactGroup>(c: Mutable<ContactState>, key: K): Mutable<ContactState[K]> {
    const g = c[key]
    if (this.owned.has(g)) return g as Mutable<ContactState[K]>
    const copy = { ...g } as Mutable<ContactState[K]>
    this.owned.add(copy)
    c[key] = copy as ContactState[K]
    return copy
  }

  /** `list` with `item` appended: copied once per batch (at its exact size: one event's batch leaves no slack), then appended in place. */
  append<T>(list: readonly T[], item: T): T[] {
    if (this.owned.has(list)) {
      ;(list as T[]).push(item)
      return list as T[]
    }
    const copy = list.concat([item])
    this.owned.add(copy)
    return copy
  }

  /** An array this batch may write: `list` itself if the batch made it, else a copy. */
  ownArray<T>(list: readonly T[]): T[] {
    if (this.owned.has(list)) return list as T[]
    const copy = list.slice()
    this.owned.add(copy)
    return copy
  }

  /** An object this batch may write (a shallow copy unless the batch made it). */
  ownObject<T extends object>(o: T): Mutable<T> {
    if (this.owned.has(o)) return o as Mutable<T>
    const copy = { ...o }
    this.owned.add(copy)
    return copy
  }

  /** A map this batch may write. */
  ownMap<K, V>(m: ReadonlyMap<K, V>): Map<K, V> {
    if (this.owned.has(m)) return m as Map<K, V>
    const copy = new Map(m)
    this.owned.add(copy)
    return copy
  }

  addCost(c: CostRecord): void {
    ;(this.costs ??= []).push(c)
  }

  /** Records why an event was set aside (`applied: false`) or noted though applied. */
  note(e: { readonly id: string; readonly type: EventType | null }, reason: AnomalyReason, applied: boolean, conflictsWith?: EventType): void {
    const a: Mutable<Anomaly> = { eventId: e.id, type: e.type, reason, applied, position: this.eventCount }
    if (conflictsWith !== undefined) a.conflictsWith = conflictsWith
    ;(this.anomalies ??= []).push(a)
    if (!applied) this.setAside = true
  }

  /** Whether an id-conflict was already noted for this event id. */
  conflicted(eventId: string): boolean {
    return this.conflicts?.has(eventId) === true || this.base.conflicts.has(eventId)
  }

  /** Notes an event reusing an id (of an event of type `first`) — once per id, so a flood of reuses costs one anomaly. */
  noteConflict(e: { readonly id: string; readonly type: EventType }, first: EventType): void {
    ;(this.conflicts ??= new Map()).set(e.id, 1)
    this.note(e, 'id-conflict', false, first)
  }

  /**
   * Gives each list the batch grew by appending its exact size: a list pushed to grows its
   * storage ahead (by half again), and a batch of many events leaves that slack in the state
   * it commits (at 10,000 contacts over 1,000,000 events, 8 MB of it). One copy a list written.
   */
  private trimLists(): void {
    for (const c of this.contacts.values()) {
      for (const [k, v] of Object.entries(c)) {
        if (typeof v !== 'object' || v === null || !this.owned.has(v)) continue
        if (Array.isArray(v)) (c as Record<string, unknown>)[k] = v.slice()
        else for (const [gk, gv] of Object.entries(v)) if (Array.isArray(gv) && this.owned.has(gv)) (v as unknown as Record<string, unknown>)[gk] = gv.slice()
      }
    }
  }

  /** The state with the batch's writes; `trim` gives the lists it grew their exact size (after many events). */
  commit(trim = false): NetworkState {
    const b = this.base
    if (this.eventCount === b.eventCount && this.anomalies === undefined && this.ids.size === 0) return b
    if (trim) this.trimLists()
    let contacts = commitMap(b.contacts, this.contacts)
    const removed = this.removed
    if (removed !== undefined) {
      contacts = contacts.withMutations((m) => {
        for (const id of removed) m.delete(id)
      })
    }
    const next: Mutable<NetworkState> = {
      contacts,
      mergedInto: commitMap(b.mergedInto, this.aliases),
      referrals: commitMap(b.referrals, this.referrals),
      rewards: commitMap(b.rewards, this.rewards),
      costs: this.costs === undefined ? b.costs : b.costs.pushAll(this.costs),
      anomalies: this.anomalies === undefined ? b.anomalies : b.anomalies.pushAll(this.anomalies),
      seen: b.seen.adopt(this.ids),
      conflicts: this.conflicts === undefined ? b.conflicts : b.conflicts.adopt(this.conflicts),
      commands: this.commands === undefined ? b.commands : b.commands.adopt(this.commands),
      eventCount: this.eventCount,
    }
    if (this.lastEventAt !== undefined) next.lastEventAt = this.lastEventAt
    return next
  }

}
