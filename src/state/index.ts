/**
 * State: the fold of relationship events into the network (`initialNetwork`, `evolve`,
 * `foldEvents`) and the queries that read it.
 */
export * from './types.js'
export { initialNetwork, evolve, foldEvents, foldOwnContact } from './fold/index.js'
export { openReferralAbout } from './fold/referrals.js'
export * from './queries.js'
/** @internal The KPI aggregate's fold of each stream's own contact (not in the root index). */
export { OWN_CONTACT_EVENTS, ownContactsFolder, type OwnContactsFolder, type OwnContactsSnapshot } from './fold/own-contacts.js'
