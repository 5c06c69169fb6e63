/** The shape of the fold's event handlers. */
import type { EventOf, EventType } from '../../events/index.js'
import type { ContactState } from '../types.js'
import type { Batch, Mutable } from './batch.js'

/**
 * Applies one event of type `K` to the batch, or notes (`b.note`) why it cannot. A handler
 * reads everything it needs (`contactOf`, `b.referral`…) before it takes a draft to write
 * (`draftOf`, `b.writeReferral`…), so an event that breaks a rule leaves no trace but its
 * anomaly — a property test checks the state's maps are the very same objects.
 */
export type Handler<K extends EventType> = (b: Batch, e: EventOf<K>) => void

/** Handlers for some event types: each part of the fold exports one such record. */
export type Handlers<K extends EventType> = { readonly [T in K]: Handler<T> }

/** The event's contact, to read (no draft is made); the fold has checked that it exists. */
export const contactOf = (b: Batch, e: { readonly contactId?: string | undefined }): ContactState => b.contact(e.contactId as string) as ContactState

/** The draft of the event's contact, to write; the fold has checked that it exists. Take it only once nothing can refuse the event. */
export const draftOf = (b: Batch, e: { readonly contactId?: string | undefined }): Mutable<ContactState> =>
  b.writeContact(e.contactId as string) as Mutable<ContactState>
