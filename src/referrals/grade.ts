/**
 * Grading: a grade derived from referral history, never hand-stored.
 * "The last 12 months" is measured from `now`, so a grade is a projection, not part of the fold.
 */
import * as O from 'fp-ts/lib/Option.js'
import { instantMillis, type Circle, type Role } from '../events/index.js'
import { resolveContactId, type ContactState, type NetworkState } from '../state/index.js'

/**
 * A contact's grade:
 * - `A+` referred more than once in the last 12 months;
 * - `A` referred once in the last 12 months, or has promised to refer;
 * - `B` could refer: a Met contact who is an advocate, core advocate or ally, or rated at
 *   least 4 for referral ability;
 * - `C` clients, friends and family (Met);
 * - `D` mailing only (Haven't Met, and everyone else).
 */
export type Grade = 'A+' | 'A' | 'B' | 'C' | 'D'

/** Every grade, best first. */
export const GRADES: readonly Grade[] = ['A+', 'A', 'B', 'C', 'D']

/** Options of `grade`. */
export interface GradeOptions {
  /** The lowest referral-ability rating that makes a Met contact a B (default 4). */
  readonly ratingForB?: number
}

/** The grading window: 12 months, as 365 days. */
export const YEAR_MS = 365 * 86_400_000

/** Referrals a contact sent in the 12 months up to `now` (by their received time). */
export const referralsInLastYear = (state: NetworkState, contact: ContactState, now: Date): number => {
  const to = now.getTime()
  const from = to - YEAR_MS
  let n = 0
  for (const id of contact.referrals.given) {
    const at = state.referrals.get(id)?.stages.received
    if (at === undefined) continue
    const ms = instantMillis(at)
    if (ms > from && ms <= to) n++
  }
  return n
}

/** What a grade is derived from. */
export interface GradeFacts {
  /** Referrals sent in the 12 months up to `now`. */
  readonly recentReferrals: number
  readonly promised: boolean
  readonly met: boolean
  readonly role: Role | null
  readonly rating?: number | undefined
  readonly circle?: Circle | undefined
}

/** The grade those facts give (the one rule behind `grade` and the KPIs' grade counts). */
export const gradeFromFacts = (f: GradeFacts, options: GradeOptions = {}): Grade => {
  if (f.recentReferrals > 1) return 'A+'
  if (f.recentReferrals === 1 || f.promised) return 'A'
  if (!f.met) return 'D'
  const able = f.role === 'advocate' || f.role === 'core' || f.role === 'ally'
  if (able || (f.rating ?? 0) >= (options.ratingForB ?? 4)) return 'B'
  if (f.role === 'client' || f.circle === 'client' || f.circle === 'friend' || f.circle === 'family') return 'C'
  return 'D'
}

/** The grade of a contact known to be in the state. */
export const gradeOf = (state: NetworkState, contact: ContactState, now: Date, options: GradeOptions = {}): Grade =>
  gradeFromFacts(
    {
      recentReferrals: referralsInLastYear(state, contact, now),
      promised: contact.referrals.promisedAt !== undefined,
      met: contact.network.met,
      role: contact.network.role,
      rating: contact.profile?.rating,
      circle: contact.network.circle,
    },
    options,
  )

/**
 * The grade of a contact at `now`, or none when the network does not know it (a merged id
 * gives its survivor's).
 * @example grade(state, 'c-omar', new Date('2026-11-26T09:00:00Z')) // some('A+')
 */
export const grade = (state: NetworkState, contactId: string, now: Date, options: GradeOptions = {}): O.Option<Grade> => {
  const c = state.contacts.get(resolveContactId(state, contactId))
  return c === undefined ? O.none : O.some(gradeOf(state, c, now, options))
}
