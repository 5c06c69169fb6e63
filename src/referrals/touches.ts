/**
 * The touches a referral owes its referrer: a thank-you at once, and a status update at each
 * stage it reaches. They are planned here and recorded like any touch — a `TouchLogged` of
 * kind `referral-thank-you` or `referral-status-update` that names the referral (and stage).
 * A reward a jurisdiction forbids does not stop them: a thank-you is not a thing of value.
 */
import { type CalendarDate } from '../core/calendar-date.js'
import { localDateOf } from '../core/zones.js'
import { instantMillis, type Channel, type Stage } from '../events/index.js'
import type { ContactState, NetworkState, ReferralState } from '../state/index.js'

/** Channels of the referral touches (defaults: a handwritten thank-you by mail, a status update by phone). */
export interface ReferralTouchOptions {
  readonly thankYouChannel?: Channel
  readonly statusUpdateChannel?: Channel
  /** Zone for referrers that name none (default UTC). */
  readonly defaultTimeZone?: string
}

/** A touch a referral owes its referrer. */
export interface ReferralTouch {
  readonly referralId: string
  readonly referrerId: string
  readonly refereeId: string
  readonly kind: 'referral-thank-you' | 'referral-status-update'
  /** For a status update: the stage to report. */
  readonly stage?: Stage
  readonly channel: Channel
  /** The referrer's local date the stage was reached: the touch is due then ("at once"). */
  readonly due: CalendarDate
  /** Whether a matching `TouchLogged` is recorded. */
  readonly done: boolean
  /** The referrer refused the channel. */
  readonly blocked: boolean
}

const STAGE_ORDER: readonly Stage[] = ['received', 'contacted', 'appointment', 'under-contract', 'closed', 'lost']

/**
 * The thank-you and status updates a referral owes its referrer, with whether each was made.
 * Nothing for an erased referrer (it is not contacted any more).
 */
export const referralTouches = (
  state: NetworkState,
  referral: ReferralState,
  options: ReferralTouchOptions = {},
): ReferralTouch[] => {
  const referrer: ContactState | undefined = state.contacts.get(referral.referrerId)
  if (referrer === undefined || referrer.erased) return []
  const zone = referrer.profile?.timeZone ?? options.defaultTimeZone
  const refused = new Set(referrer.consent.refused)
  const logged = referrer.plans.touches.filter((t) => t.referralId === referral.referralId)
  const out: ReferralTouch[] = []
  for (const stage of STAGE_ORDER) {
    const at = referral.stages[stage]
    if (at === undefined) continue
    const thankYou = stage === 'received'
    const kind = thankYou ? 'referral-thank-you' : 'referral-status-update'
    const channel = thankYou ? (options.thankYouChannel ?? 'mail') : (options.statusUpdateChannel ?? 'phone')
    out.push({
      referralId: referral.referralId,
      referrerId: referral.referrerId,
      refereeId: referral.refereeId,
      kind,
      ...(thankYou ? {} : { stage }),
      channel,
      due: localDateOf(instantMillis(at), zone),
      done: logged.some((t) => t.kind === kind && (thankYou || t.stage === stage)),
      blocked: refused.has(channel),
    })
  }
  return out
}
