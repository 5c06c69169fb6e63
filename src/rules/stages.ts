/**
 * The order of referral (and lead) stages: `received` → `contacted` → `appointment` →
 * `under-contract` → `closed`, or `lost` from any open stage. Stages may be skipped, never
 * revisited; `closed` and `lost` are final.
 */
import { STAGES, type Stage } from '../events/vocabulary.js'

const RANK: Readonly<Record<Stage, number>> = {
  received: 0,
  contacted: 1,
  appointment: 2,
  'under-contract': 3,
  closed: 4,
  lost: 5,
}

const STAGE_SET: ReadonlySet<string> = new Set(STAGES)

/** Whether a value names a stage. */
export const isStage = (u: unknown): u is Stage => typeof u === 'string' && STAGE_SET.has(u)

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
  if (!isStage(to) || isFinalStage(from) || to === 'received') return false
  return to === 'lost' || RANK[to] > RANK[from]
}

/** Why a stage move is refused: an unknown stage, a final one, or a move backwards. */
export type StageMoveRefusal = 'unknown-stage' | 'already-closed' | 'already-lost' | 'not-forward'

/**
 * Why a referral or lead at `from` may not move to `to`, or `undefined` when it may.
 * @example stageMoveRefusal('received', 'won') // 'unknown-stage'
 */
export const stageMoveRefusal = (from: Stage, to: unknown): StageMoveRefusal | undefined => {
  if (!isStage(to)) return 'unknown-stage'
  if (canAdvance(from, to)) return undefined
  if (from === 'closed') return 'already-closed'
  if (from === 'lost') return 'already-lost'
  return 'not-forward'
}
