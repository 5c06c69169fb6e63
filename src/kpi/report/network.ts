/** The network's grades at `now` (A+ … D), from each contact's referral history. */
import { YEAR_MS, gradeFromFacts } from '../../referrals/grade.js'
import type { Grade, GradeOptions } from '../../referrals/index.js'
import type { ResolvedKpiFacts } from '../resolve.js'
import { roleAsOf, type Period } from './period.js'

/** Contacts by grade at `now` (erased ones aside). */
export const grades = (facts: ResolvedKpiFacts, p: Period, options?: GradeOptions): Record<Grade, number> => {
  const out: Record<Grade, number> = { 'A+': 0, A: 0, B: 0, C: 0, D: 0 }
  if (!Number.isFinite(p.nowMs)) return out
  for (const c of facts.contacts.values()) {
    if (c.erasedMs !== undefined || c.addedMs > p.nowMs) continue
    const recent = c.referralsGiven.filter((r) => r.receivedMs > p.nowMs - YEAR_MS && r.receivedMs <= p.nowMs).length
    const f = c.facts
    out[
      gradeFromFacts(
        {
          recentReferrals: recent,
          promised: f.promisedMs !== null,
          met: f.contact?.met === true,
          role: roleAsOf(c, p.nowMs),
          rating: f.rating ?? undefined,
          circle: f.contact?.circle,
        },
        options,
      )
    ]++
  }
  return out
}
