/**
 * The fold of contact events: the profile (personal data), the place in the network
 * (met, circle, role), consent, and erasure.
 */
import { CHANNELS, type Address, type Channel, type EventOf } from '../../events/index.js'
import type { ContactProfile, ContactState, InterestEntry, PersonalDateEntry } from '../types.js'
import type { Batch, Mutable } from './batch.js'
import { eraseContact } from './erasure.js'
import { draftOf, type Handlers } from './handler.js'

const copyAddress = (a: Address): Address => (a.lines === undefined ? { ...a } : { ...a, lines: a.lines.slice() })

const newContact = (e: EventOf<'ContactAdded'>): Mutable<ContactState> => {
  // Copies, not references: the state owns its data whatever the caller does to its events.
  const profile: Mutable<ContactProfile> = {
    // A redacted event (its contact erased) may lack the name; the erasure that follows clears the profile.
    name: e.name ?? '',
    emails: e.emails?.slice() ?? [],
    phones: e.phones?.slice() ?? [],
    personalDates: [],
    interests: [],
  }
  if (e.givenName !== undefined) profile.givenName = e.givenName
  if (e.familyName !== undefined) profile.familyName = e.familyName
  if (e.company !== undefined) profile.company = e.company
  if (e.address !== undefined) profile.address = copyAddress(e.address)
  if (e.timeZone !== undefined) profile.timeZone = e.timeZone
  if (e.calendarSet !== undefined) profile.calendarSet = e.calendarSet
  if (e.locale !== undefined) profile.locale = e.locale
  if (e.notes !== undefined) profile.notes = e.notes
  const network: Mutable<ContactState['network']> = { met: e.met, role: null, roleHistory: [] }
  if (e.met) network.metAt = e.at
  if (e.circle !== undefined) network.circle = e.circle
  return {
    id: e.contactId,
    addedAt: e.at,
    erased: false,
    eventCount: 1,
    lastEventAt: e.at,
    profile,
    network,
    consent: { refused: [] },
    plans: { enrollments: [], touches: [] },
    referrals: { given: [], received: [] },
    sales: { transactions: [] },
    rewards: [],
    feedback: { count: 0, about: [], allyReviews: [] },
  }
}

const CLEARABLE = ['givenName', 'familyName', 'company', 'address', 'timeZone', 'calendarSet', 'locale', 'notes'] as const

/** A profile patched by `ContactUpdated`: absent fields kept, `null` ones cleared. */
const updateProfile = (p: ContactProfile, e: EventOf<'ContactUpdated'>): ContactProfile => {
  const d: Record<string, unknown> = { ...p }
  if (e.name !== undefined) d['name'] = e.name
  if (e.emails !== undefined) d['emails'] = e.emails.slice()
  if (e.phones !== undefined) d['phones'] = e.phones.slice()
  for (const k of CLEARABLE) {
    const v = e[k]
    if (v === null) delete d[k]
    else if (v !== undefined) d[k] = k === 'address' ? copyAddress(v as Address) : v
  }
  return d as unknown as ContactProfile
}

/** The profile of a contact draft, as the batch's own copy (`undefined` once erased). */
const ownProfile = (b: Batch, c: Mutable<ContactState>): Mutable<ContactProfile> | undefined => {
  if (c.profile === null) return undefined
  const p = b.ownObject(c.profile)
  c.profile = p
  return p
}

export const contactHandlers: Handlers<
  | 'ContactAdded'
  | 'ContactUpdated'
  | 'ContactMet'
  | 'ContactRoleChanged'
  | 'ContactRated'
  | 'PersonalDateRecorded'
  | 'PersonalDateRemoved'
  | 'InterestRecorded'
  | 'InterestRemoved'
  | 'ConsentChanged'
  | 'ContactErased'
> = {
  ContactAdded: (b, e) => {
    const existing = b.contact(e.contactId)
    if (existing !== undefined) return b.note(e, existing.erased ? 'contact-erased' : 'contact-exists', false)
    b.createContact(newContact(e))
  },
  ContactUpdated: (b, e) => {
    const c = draftOf(b, e)
    if (c.profile !== null) c.profile = updateProfile(c.profile, e)
    if (e.circle === null) delete b.group(c, 'network').circle
    else if (e.circle !== undefined) b.group(c, 'network').circle = e.circle
  },
  ContactMet: (b, e) => {
    const c = draftOf(b, e)
    if (c.network.met) return
    const n = b.group(c, 'network')
    n.met = true
    n.metAt = e.at
  },
  ContactRoleChanged: (b, e) => {
    const c = draftOf(b, e)
    const category = e.role === 'ally' ? e.allyCategory : undefined
    const n = b.group(c, 'network')
    if (n.role !== e.role || n.allyCategory !== category) {
      n.roleHistory = b.append(n.roleHistory, category === undefined ? { role: e.role, at: e.at } : { role: e.role, at: e.at, allyCategory: category })
    }
    n.role = e.role
    if (e.role === 'ally') {
      n.allyCategory = e.allyCategory
      if (e.settlementService !== undefined) n.settlementService = e.settlementService
      else delete n.settlementService
    } else {
      delete n.allyCategory
      delete n.settlementService
    }
  },
  ContactRated: (b, e) => {
    if (e.score === undefined) return
    const p = ownProfile(b, draftOf(b, e))
    if (p !== undefined) p.rating = e.score
  },
  PersonalDateRecorded: (b, e) => {
    if (e.date === undefined) return
    const p = ownProfile(b, draftOf(b, e))
    if (p === undefined) return
    const entry: PersonalDateEntry = e.label === undefined ? { kind: e.kind, date: e.date } : { kind: e.kind, date: e.date, label: e.label }
    const list = b.ownArray(p.personalDates)
    const i = list.findIndex((d) => d.kind === e.kind && d.label === e.label)
    if (i >= 0) list[i] = entry
    else list.push(entry)
    p.personalDates = list
  },
  PersonalDateRemoved: (b, e) => {
    const p = ownProfile(b, draftOf(b, e))
    if (p !== undefined) p.personalDates = p.personalDates.filter((d) => !(d.kind === e.kind && d.label === e.label))
  },
  InterestRecorded: (b, e) => {
    if (e.name === undefined) return
    const p = ownProfile(b, draftOf(b, e))
    if (p === undefined) return
    const entry: InterestEntry =
      e.seasonStart === undefined ? { category: e.category, name: e.name } : { category: e.category, name: e.name, seasonStart: e.seasonStart }
    const list = b.ownArray(p.interests)
    const i = list.findIndex((x) => x.category === e.category && x.name === e.name)
    if (i >= 0) list[i] = entry
    else list.push(entry)
    p.interests = list
  },
  InterestRemoved: (b, e) => {
    const p = ownProfile(b, draftOf(b, e))
    if (p !== undefined) p.interests = p.interests.filter((x) => !(x.category === e.category && x.name === e.name))
  },
  ConsentChanged: (b, e) => {
    const c = draftOf(b, e)
    let refused: readonly Channel[]
    if (e.channel === 'all') refused = e.doNotContact ? CHANNELS : []
    else {
      const set = new Set(c.consent.refused)
      if (e.doNotContact) set.add(e.channel)
      else set.delete(e.channel)
      // Canonical order, so equal consents are equal values.
      refused = CHANNELS.filter((ch) => set.has(ch))
    }
    c.consent = { refused }
  },
  ContactErased: (b, e) => eraseContact(b, e.contactId, e.at),
}
