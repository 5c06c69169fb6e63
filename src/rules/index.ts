/**
 * The rules of the domain, each written once: the order of stages, what the network accepts
 * (after an erasure, for a referral, for a reward's review), and who is a customer. The fold,
 * `decide`, `rewardsFor` and the KPIs call them.
 */
export * from './stages.js'
export * from './acceptance.js'
