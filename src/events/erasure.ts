/**
 * Erasure (the right to be forgotten), event by event: `scrubEvent` removes the personal
 * fields of an event that names an erased contact. It is the one list of personal fields:
 * the fold, the stores' `erase` and the KPI aggregate all go through it.
 *
 * The list is read off the codecs of the catalogue, once: a field is personal when its codec
 * is marked so — names, e-mails, phones, address lines and postal codes, personal dates,
 * interests, every free text (notes, reasons, descriptions, comments, CSI attribute names,
 * sources), ratings and verdicts about a person. Ids, types, times, stages, amounts and
 * counts stay: once the profile is gone they identify no one.
 *
 * Whose data a field is: free text may speak of anyone the event names, so it goes when any
 * of them is erased — the event's contact, a referral's referee, the ally a feedback is
 * about, a reward's recipient, or (through the ids) a referral or reward that involves an
 * erased contact. A feedback's measures about an ally are a rating of that ally: they go
 * with the ally alone (about the team's own service, they are no one's data and stay).
 */
import * as t from 'io-ts'
import { structuralHash } from '../core/hash.js'
import { EVENT_CODECS, EVENT_TYPES, type EventType, type RelationshipEvent } from './catalogue.js'

/**
 * What is erased: contacts, and the referrals and rewards that involve them (their ids are
 * all an event may carry). Any object with `has` will do — a `Set`, or a lookup into a state.
 */
export interface ErasureScope {
  readonly contacts: { has(contactId: string): boolean }
  readonly referrals: { has(referralId: string): boolean }
  readonly rewards: { has(rewardId: string): boolean }
}

/** A scope with nothing erased. */
export const emptyErasureScope: ErasureScope = { contacts: new Set(), referrals: new Set(), rewards: new Set() }

/** Whose erasure removes a field: anyone the event names, or only the contact it is about. */
type Owner = 'any' | 'about'

/** How to scrub a value: remove it when its owner is erased, or look inside. */
interface ScrubNode {
  readonly removeIf?: Owner
  readonly props?: Readonly<Record<string, ScrubNode>>
  readonly items?: ScrubNode
  readonly tag?: string
  readonly members?: Readonly<Record<string, ScrubNode>>
}

const isEmpty = (n: ScrubNode): boolean =>
  n.removeIf === undefined && n.props === undefined && n.items === undefined && n.members === undefined

/** Reads a codec's personal fields into a scrub plan (undefined: nothing personal inside). */
const planOf = (codec: unknown): ScrubNode | undefined => {
  const c = codec as Record<string, unknown>
  if (c['personal'] === true) return { removeIf: 'any' }
  if (c['personalTo'] === 'aboutContactId') {
    const inner = planOf(c['inner'])
    return { ...inner, removeIf: 'about' }
  }
  if ('base' in c && 'redactable' in c) return planOf(c['base'])
  if ('inner' in c) return planOf(c['inner'])
  if (typeof c['tag'] === 'string' && typeof c['members'] === 'object' && c['members'] !== null) {
    const members: Record<string, ScrubNode> = {}
    for (const [k, m] of Object.entries(c['members'] as Record<string, unknown>)) {
      const n = planOf(m)
      if (n !== undefined) members[k] = n
    }
    return Object.keys(members).length === 0 ? undefined : { tag: c['tag'], members }
  }
  if (codec instanceof t.ExactType || codec instanceof t.RefinementType || codec instanceof t.ReadonlyType) return planOf(codec.type)
  if (codec instanceof t.ArrayType) {
    const item = planOf(codec.type)
    if (item === undefined) return undefined
    // A list of personal values (e-mails, address lines) is personal as a whole.
    if (item.removeIf !== undefined && item.props === undefined && item.members === undefined) return { removeIf: item.removeIf }
    return { items: item }
  }
  if (codec instanceof t.InterfaceType || codec instanceof t.PartialType) {
    const props: Record<string, ScrubNode> = {}
    for (const [k, p] of Object.entries(codec.props as Record<string, unknown>)) {
      const n = planOf(p)
      if (n !== undefined) props[k] = n
    }
    return Object.keys(props).length === 0 ? undefined : { props }
  }
  if (codec instanceof t.IntersectionType) {
    const props: Record<string, ScrubNode> = {}
    for (const member of codec.types as unknown[]) Object.assign(props, planOf(member)?.props ?? {})
    return Object.keys(props).length === 0 ? undefined : { props }
  }
  return undefined
}

const PLANS: { readonly [K in EventType]: ScrubNode | undefined } = Object.fromEntries(
  EVENT_TYPES.map((type) => {
    const plan = planOf(EVENT_CODECS[type])
    return [type, plan === undefined || isEmpty(plan) ? undefined : plan]
  }),
) as { [K in EventType]: ScrubNode | undefined }

/** The paths of a plan's fields, for people (`csi.attributes[].attribute`). */
const pathsOf = (n: ScrubNode, prefix: string, out: Array<{ path: string; erasedWith: Owner }>): void => {
  if (n.removeIf !== undefined) out.push({ path: prefix, erasedWith: n.removeIf })
  for (const [k, p] of Object.entries(n.props ?? {})) pathsOf(p, prefix === '' ? k : `${prefix}.${k}`, out)
  if (n.items !== undefined) pathsOf(n.items, `${prefix}[]`, out)
  for (const m of Object.values(n.members ?? {})) pathsOf(m, prefix, out)
}

/**
 * The personal fields of each event type, as paths (`csi.attributes[].attribute`), each with
 * whose erasure removes it: `any` (anyone the event names) or `about` (the ally a feedback is
 * about). Read off the codecs; the list `scrubEvent` applies.
 *
 * @example PERSONAL_FIELDS.ContactRated // [{ path: 'score', erasedWith: 'any' }]
 */
export const PERSONAL_FIELDS: { readonly [K in EventType]: ReadonlyArray<{ readonly path: string; readonly erasedWith: 'any' | 'about' }> } =
  Object.fromEntries(
    EVENT_TYPES.map((type) => {
      const out: Array<{ path: string; erasedWith: Owner }> = []
      const plan = PLANS[type]
      if (plan !== undefined) pathsOf(plan, '', out)
      // A tagged union lists a field once per member that has it: say it once.
      const unique = [...new Map(out.map((p) => [`${p.path}/${p.erasedWith}`, p])).values()]
      return [type, Object.freeze(unique)]
    }),
  ) as { [K in EventType]: ReadonlyArray<{ path: string; erasedWith: Owner }> }

const scrub = (value: unknown, n: ScrubNode, erased: (o: Owner) => boolean): unknown => {
  if (n.removeIf !== undefined && erased(n.removeIf)) return undefined
  if (Array.isArray(value)) {
    if (n.items === undefined) return value
    let changed = false
    const out = value.map((x) => {
      const y = scrub(x, n.items as ScrubNode, erased)
      if (y !== x) changed = true
      return y
    })
    return changed ? out : value
  }
  if (typeof value !== 'object' || value === null) return value
  const record = value as Record<string, unknown>
  let props = n.props
  if (n.members !== undefined && n.tag !== undefined) {
    const member = n.members[String(record[n.tag])]
    props = member?.props
  }
  if (props === undefined) return value
  let out: Record<string, unknown> | undefined
  for (const [k, p] of Object.entries(props)) {
    const x = record[k]
    if (x === undefined) continue
    const y = scrub(x, p, erased)
    if (y === x) continue
    out ??= { ...record }
    if (y === undefined) delete out[k]
    else out[k] = y
  }
  return out ?? value
}

/** Whether an event names anyone (or any referral or reward) in the scope. */
const namesErased = (e: RelationshipEvent, scope: ErasureScope): boolean => {
  const r = e as Partial<Record<'contactId' | 'refereeId' | 'aboutContactId' | 'recipientId' | 'referralId' | 'rewardId' | 'side', string>>
  return (
    (r.contactId !== undefined && scope.contacts.has(r.contactId)) ||
    (r.refereeId !== undefined && scope.contacts.has(r.refereeId)) ||
    (r.aboutContactId !== undefined && scope.contacts.has(r.aboutContactId)) ||
    // A team reward's recipient is a team member, not a contact.
    (r.recipientId !== undefined && r.side !== 'team' && scope.contacts.has(r.recipientId)) ||
    (r.referralId !== undefined && scope.referrals.has(r.referralId)) ||
    (r.rewardId !== undefined && scope.rewards.has(r.rewardId))
  )
}

/**
 * The event with the personal fields of the erased removed, and `redacted: true`; the event
 * itself (`===`) when it names no one erased or holds nothing personal. Ids, types, times, stages, amounts and counts
 * stay. The command fingerprint goes too: it was computed from the command's personal data.
 * A redacted event still decodes.
 *
 * @example
 * scrubEvent(referralLost, { contacts: new Set(['c-victor']), referrals: new Set(), rewards: new Set() })
 * // { ...referralLost, reason: undefined → removed, redacted: true }
 */
export const scrubEvent = <E extends RelationshipEvent>(event: E, erased: ErasureScope): E => {
  const plan = PLANS[event.type]
  if ((plan === undefined && event.commandHash === undefined) || !namesErased(event, erased)) return event
  const about = (event as { aboutContactId?: string }).aboutContactId
  const aboutErased = about !== undefined && erased.contacts.has(about)
  const scrubbed = (plan === undefined ? event : scrub(event, plan, (o) => o === 'any' || aboutErased)) as Record<string, unknown>
  // Nothing personal in it (a role change, a consent): the event stays as it was.
  if (scrubbed === (event as unknown) && event.commandHash === undefined) return event
  const out: Record<string, unknown> = { ...scrubbed, redacted: true }
  delete out['commandHash']
  return out as E
}

/**
 * The erasure scope of some contacts, read from events (a stream, a store's log): the
 * contacts and those merged with them (`ContactsMerged`: one person), the referrals they
 * sent or received, and the rewards of those referrals or paid to them.
 *
 * @example
 * const scope = erasureScope(['c-victor'], allEvents)
 * const cleaned = allEvents.map((e) => scrubEvent(e, scope))
 */
export const erasureScope = (contactIds: Iterable<string>, events: Iterable<RelationshipEvent>): ErasureScope => {
  const contacts = new Set(contactIds)
  const referrals = new Set<string>()
  const rewards = new Set<string>()
  const issued: Array<{ rewardId: string; referralId: string; recipientId: string | undefined }> = []
  const received: Array<{ referralId: string; referrerId: string; refereeId: string }> = []
  const merged: Array<readonly [string, string]> = []
  for (const e of events) {
    if (e.type === 'ReferralReceived') received.push({ referralId: e.referralId, referrerId: e.contactId, refereeId: e.refereeId })
    else if (e.type === 'RewardIssued') issued.push({ rewardId: e.rewardId, referralId: e.referralId, recipientId: e.side === 'team' ? undefined : e.recipientId })
    else if (e.type === 'ContactsMerged') merged.push([e.survivorId, e.mergedId])
  }
  // Two merged contacts are one person: erasing either erases both (and a chain of merges whole).
  for (let grew = merged.length > 0; grew; ) {
    grew = false
    for (const [a, b] of merged) {
      if (contacts.has(a) === contacts.has(b)) continue
      contacts.add(a)
      contacts.add(b)
      grew = true
    }
  }
  for (const r of received) if (contacts.has(r.referrerId) || contacts.has(r.refereeId)) referrals.add(r.referralId)
  // Rewards last: a reward may be read before the referral it pays for.
  for (const r of issued) {
    if (referrals.has(r.referralId) || (r.recipientId !== undefined && contacts.has(r.recipientId))) rewards.add(r.rewardId)
  }
  return { contacts, referrals, rewards }
}

/**
 * A 32-bit hash of an event's content, without `redacted` and `commandHash` (what a store
 * adds or takes away around the content). The fold keeps it per event id to tell a
 * redelivery from another event that reuses the id.
 */
export const eventFingerprint = (event: RelationshipEvent): number => {
  const record = event as unknown as Record<string, unknown>
  if (record['redacted'] === undefined && record['commandHash'] === undefined) return structuralHash(event)
  const { redacted: _r, commandHash: _c, ...content } = record
  return structuralHash(content)
}
