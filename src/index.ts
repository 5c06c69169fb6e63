/**
 * touchbase — referral relationships as an event-sourced, pure-functional library.
 *
 * @packageDocumentation
 */
export * from './events/index.js'
