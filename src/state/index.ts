/**
 * State: the fold of relationship events into the network (`initialNetwork`, `evolve`,
 * `foldEvents`) and the queries that read it.
 */
export * from './types.js'
export { initialNetwork, evolve, foldEvents } from './fold.js'
export { canAdvance, isFinalStage } from './stages.js'
export * from './queries.js'
