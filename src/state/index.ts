/**
 * State: the fold of relationship events into the network (`initialNetwork`, `evolve`,
 * `foldEvents`) and the queries that read it.
 */
export * from './types.js'
export { initialNetwork, evolve, foldEvents, foldOwnContact } from './fold/index.js'
export { openReferralAbout } from './fold/referrals.js'
export * from './queries.js'
