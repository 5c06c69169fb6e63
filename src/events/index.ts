/**
 * Events: the catalogue of relationship events as io-ts codecs, their decoding (with
 * upcasting of older schemas) and encoding, and erasure event by event.
 */
export * from './vocabulary.js'
export * from './catalogue.js'
export { type Instant, type Money, type PersonalDate, instantMillis, isInstant, isTimeZone } from '../core/codecs.js'
export * from './decode.js'
export * from './erasure.js'
export { consentChangedV1, defaultUpcasters, type RawEvent, type Upcaster } from './upcast.js'
export { EVENT_REFERENCES, hasWellFormedReferences, type EventReferences } from './references.js'
