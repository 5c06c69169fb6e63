/**
 * Promotion proposals: a contact's first referral suggests the `advocate` role and the
 * Advocate Appreciation plan; a steady flow of closed referrals suggests `core`. These are
 * proposals the host accepts with commands (`ChangeRole`, `EnrollInPlan`), never automatic
 * changes.
 */
import { instantMillis, type Role } from '../events/index.js'
import type { ContactState, NetworkState } from '../state/index.js'

/** Options of `promotionProposals`. */
export interface PromotionOptions {
  /** Closed referrals within the window that suggest a core advocate (default 3). */
  readonly coreClosedReferrals?: number
  /** The window, in days up to `now` (default 365). */
  readonly coreWindowDays?: number
}

/** A suggested promotion, with the commands that would accept it (add a `commandId` and decide). */
export interface PromotionProposal {
  readonly contactId: string
  readonly from: Role | null
  readonly to: 'advocate' | 'core'
  /** Why: the first referral, or the closed referrals counted in the window. */
  readonly reason: { readonly type: 'first-referral'; readonly referralId: string } | { readonly type: 'steady-flow'; readonly closed: number; readonly windowDays: number }
  /** The plan that goes with the role. */
  readonly planId: 'advocate-appreciation-33' | 'core-cadence'
  /** Whether the contact is already enrolled (active or paused) in that plan. */
  readonly enrolled: boolean
}

const active = (c: ContactState, planId: string): boolean =>
  c.plans.enrollments.some((e) => e.planId === planId && (e.status === 'active' || e.status === 'paused'))

/**
 * Contacts to promote at `now`: to `advocate` after a first referral (unless already an
 * advocate, a core advocate or an ally), to `core` after `coreClosedReferrals` closed
 * referrals in the last `coreWindowDays` (advocates only). Erased contacts are never proposed.
 *
 * @example promotionProposals(state, now).filter((p) => p.to === 'advocate')
 */
export const promotionProposals = (state: NetworkState, now: Date, options: PromotionOptions = {}): PromotionProposal[] => {
  const need = options.coreClosedReferrals ?? 3
  const windowDays = options.coreWindowDays ?? 365
  const from = now.getTime() - windowDays * 86_400_000
  const out: PromotionProposal[] = []
  for (const c of state.contacts.values()) {
    if (c.erased || c.referrals.given.length === 0) continue
    if (c.network.role === 'advocate') {
      let closed = 0
      for (const id of c.referrals.given) {
        const at = state.referrals.get(id)?.stages.closed
        if (at !== undefined && instantMillis(at) > from && instantMillis(at) <= now.getTime()) closed++
      }
      if (closed >= need) {
        out.push({
          contactId: c.id,
          from: c.network.role,
          to: 'core',
          reason: { type: 'steady-flow', closed, windowDays },
          planId: 'core-cadence',
          enrolled: active(c, 'core-cadence'),
        })
      }
    } else if (c.network.role !== 'core' && c.network.role !== 'ally') {
      out.push({
        contactId: c.id,
        from: c.network.role,
        to: 'advocate',
        reason: { type: 'first-referral', referralId: c.referrals.given[0] as string },
        planId: 'advocate-appreciation-33',
        enrolled: active(c, 'advocate-appreciation-33'),
      })
    }
  }
  return out.sort((a, b) => (a.contactId < b.contactId ? -1 : a.contactId > b.contactId ? 1 : 0))
}
