/**
 * Streams: one stream per contact, `contact-${contactId}`, plus one
 * `programme` stream for the events that name no contact (costs, team rewards). A referral
 * lives in its referrer's stream because its events carry the referrer as `contactId`, so
 * partitioning the store by stream is partitioning it by contact.
 */
import type { RelationshipEvent } from '../events/index.js'

/** The stream of one contact's events. */
export type ContactStreamId = `contact-${string}`

/** The stream of programme-wide events (those without a `contactId`). */
export type ProgrammeStreamId = 'programme'

/** The name of a stream: a contact's (`contact-${contactId}`) or the `programme` stream. */
export type StreamId = ContactStreamId | ProgrammeStreamId

/** The name of the programme stream. */
export const PROGRAMME_STREAM: ProgrammeStreamId = 'programme'

const CONTACT_PREFIX = 'contact-'

/**
 * The stream of a contact.
 *
 * @example
 * contactStreamId('c-42') // 'contact-c-42'
 */
export const contactStreamId = (contactId: string): ContactStreamId => `contact-${contactId}`

/**
 * The stream an event belongs to: its contact's stream, or `programme` when it names no
 * contact. A programme-type event that does name a contact (a `RewardIssued` with a
 * `contactId`) belongs to that contact's stream, so every event of a contact is in one place.
 *
 * @example
 * streamIdOf(contactAdded)  // 'contact-c1'
 * streamIdOf(costRecorded)  // 'programme'
 */
export const streamIdOf = (event: RelationshipEvent): StreamId =>
  event.contactId === undefined ? PROGRAMME_STREAM : contactStreamId(event.contactId)

/**
 * Whether a string names a stream (for hosts reading stream names back from storage).
 *
 * @example
 * isStreamId('contact-c1') // true
 * isStreamId('contact-')   // false: a contact id is never empty
 */
export const isStreamId = (s: unknown): s is StreamId =>
  typeof s === 'string' && (s === PROGRAMME_STREAM || (s.startsWith(CONTACT_PREFIX) && s.length > CONTACT_PREFIX.length))

/**
 * The contact whose stream this is, or `undefined` for the programme stream.
 *
 * @example
 * contactIdOfStream('contact-c1') // 'c1'
 */
export const contactIdOfStream = (streamId: StreamId): string | undefined =>
  streamId === PROGRAMME_STREAM ? undefined : streamId.slice(CONTACT_PREFIX.length)
