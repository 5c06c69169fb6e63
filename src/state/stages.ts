/**
 * The order of referral (and lead) stages. The fold and the decisions share this one rule,
 * so a stream written by `decide` never has an anomaly and a stream written by hand obeys it.
 */
import type { Stage } from '../events/index.js'

const RANK: Readonly<Record<Stage, number>> = {
  received: 0,
  contacted: 1,
  appointment: 2,
  'under-contract': 3,
  closed: 4,
  lost: 5,
}

/** Whether a referral or lead at `stage` is finished (closed or lost). */
export const isFinalStage = (stage: Stage): boolean => stage === 'closed' || stage === 'lost'

/**
 * Whether a referral at `from` may move to `to`: forward only (stages may be skipped), `lost`
 * from any open stage, nothing after `closed` or `lost`, never back to `received`.
 *
 * @example canAdvance('received', 'appointment') // true
 * @example canAdvance('appointment', 'contacted') // false
 */
export const canAdvance = (from: Stage, to: Stage): boolean => {
  if (isFinalStage(from) || to === 'received') return false
  return to === 'lost' || RANK[to] > RANK[from]
}
