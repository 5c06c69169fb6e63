/**
 * What `decide` refuses, as values. Every refusal has a `code` to branch on and a
 * `message` to show a person.
 */
import type { DecodeIssue } from '../events/index.js'

/** A refusal by `decide`: the command asks for something the domain forbids. */
export type DomainError =
  | { readonly code: 'unknown-contact'; readonly contactId: string; readonly message: string }
  | { readonly code: 'contact-erased'; readonly contactId: string; readonly message: string }
  | { readonly code: 'contact-exists'; readonly contactId: string; readonly message: string }
  | { readonly code: 'rating-out-of-range'; readonly score: unknown; readonly message: string }
  | { readonly code: 'invalid-command'; readonly issues: readonly DecodeIssue[]; readonly message: string }
  | { readonly code: 'invalid-now'; readonly message: string }
  | { readonly code: 'unknown-command'; readonly commandType: unknown; readonly message: string }

/** The code of a domain error. */
export type DomainErrorCode = DomainError['code']

/** Builders for each refusal, with a message a person can read. */
export const DomainErrors = {
  unknownContact: (contactId: string): DomainError => ({
    code: 'unknown-contact',
    contactId,
    message: `No contact ${JSON.stringify(contactId)} in the network: add it first.`,
  }),
  contactErased: (contactId: string): DomainError => ({
    code: 'contact-erased',
    contactId,
    message: `Contact ${JSON.stringify(contactId)} was erased (right to be forgotten): nothing more can be recorded about it.`,
  }),
  contactExists: (contactId: string): DomainError => ({
    code: 'contact-exists',
    contactId,
    message: `A contact with id ${JSON.stringify(contactId)} already exists: choose another id.`,
  }),
  ratingOutOfRange: (score: unknown): DomainError => ({
    code: 'rating-out-of-range',
    score,
    message: `A referral-ability rating is an integer from 1 to 5, not ${JSON.stringify(score) ?? String(score)}.`,
  }),
  invalidCommand: (issues: readonly DecodeIssue[]): DomainError => ({
    code: 'invalid-command',
    issues,
    message: `The command is not valid: ${issues
      .slice(0, 5)
      .map((i) => i.message)
      .join('; ')}`,
  }),
  invalidNow: (): DomainError => ({
    code: 'invalid-now',
    message: '`now` must be a valid Date: decide stamps events with it.',
  }),
  unknownCommand: (commandType: unknown): DomainError => ({
    code: 'unknown-command',
    commandType,
    message: `Unknown command type ${JSON.stringify(commandType) ?? String(commandType)}.`,
  }),
} as const
