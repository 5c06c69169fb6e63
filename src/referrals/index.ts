/**
 * Referrals as projections: the 24-hour rule, grades, promotion proposals, the touches a
 * referral owes its referrer, and the one funnel of all leads. The referral lifecycle itself
 * is in the fold (state) and its commands in `decide`.
 */
export { contactDeadline, referralSla, type ReferralSla, type SlaOptions, type SlaStatus } from './sla.js'
export { GRADES, grade, gradeOf, type Grade, type GradeOptions } from './grade.js'
export { promotionProposals, type PromotionOptions, type PromotionProposal } from './promotion.js'
export { referralTouches, type ReferralTouch, type ReferralTouchOptions } from './touches.js'
export { funnel, stagesReached, type Funnel, type FunnelOptions, type StageCounts } from './funnel.js'
