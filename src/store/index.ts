/**
 * Storage: the `EventStore` port hosts implement, the streams events live in, the rules of
 * an append as a pure function (`planAppend`) and the in-memory reference adapter. Prove an
 * adapter with `eventStoreContract` from `touchbase/testing`.
 */
export * from './port.js'
export * from './streams.js'
export * from './canonical.js'
export * from './plan.js'
export { inMemoryEventStore } from './in-memory.js'
