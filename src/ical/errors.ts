/**
 * The errors of the calendar export (`touchbase/ical`): values, never throws. Kept apart from
 * the export itself, which needs ical-generator: `formatError` (in the main entry) knows these
 * codes without loading it.
 */
import { englishList, touchbaseError, type TouchbaseError } from '../core/errors.js'

/**
 * Every code of the calendar export's errors:
 *
 * - `invalid-uid-domain`: `uidDomain` is missing or not a domain name;
 * - `invalid-stamp`: `stamp` is not a valid `Date`;
 * - `invalid-ical-option`: another option is not one of the values it takes;
 * - `schedules-of-several-contacts`: a contact's calendar was given schedules of several contacts.
 *
 * @example ICAL_ERROR_CODES.includes(error.code) // an error of the calendar export
 */
export const ICAL_ERROR_CODES = ['invalid-uid-domain', 'invalid-stamp', 'invalid-ical-option', 'schedules-of-several-contacts'] as const

/**
 * The code of an error of the calendar export.
 * @example const code: ICalErrorCode = 'invalid-uid-domain'
 */
export type ICalErrorCode = (typeof ICAL_ERROR_CODES)[number]

/**
 * Why a calendar could not be made: an option that is not one (`params` say which and what it
 * was), or schedules of several contacts in one contact's calendar. Branch on `code`; show it
 * with `formatError`.
 * @example
 * const r = scheduleToICalendar(s, { uidDomain: '', stamp })
 * if (E.isLeft(r)) console.log(r.left.code) // 'invalid-uid-domain'
 */
export type ICalError = TouchbaseError<ICalErrorCode>

/** What a value given for an option is, for a message: a string quoted (shortened), else its type. */
const shown = (u: unknown): string => {
  if (typeof u === 'string') return JSON.stringify(u.length > 64 ? `${u.slice(0, 64)}…` : u)
  if (u instanceof Date) return 'Invalid Date'
  return u === null ? 'null' : typeof u
}

/** @internal */
export const ICalErrors = {
  invalidUidDomain: (got: unknown): ICalError =>
    touchbaseError(
      'invalid-uid-domain',
      `\`uidDomain\` must be a domain name you control, such as crm.example.com (every UID ends with it), not ${shown(got)}.`,
      { got: shown(got) },
      'options.uidDomain',
    ),
  invalidStamp: (got: unknown): ICalError =>
    touchbaseError(
      'invalid-stamp',
      `\`stamp\` must be a valid Date (the DTSTAMP of every event: when the calendar was made), not ${shown(got)}.`,
      { got: shown(got) },
      'options.stamp',
    ),
  invalidOption: (option: string, expected: string, got: unknown): ICalError =>
    touchbaseError('invalid-ical-option', `\`${option}\` must be ${expected}, not ${shown(got)}.`, { option, expected, got: shown(got) }, `options.${option}`),
  severalContacts: (contactIds: readonly string[]): ICalError =>
    touchbaseError(
      'schedules-of-several-contacts',
      `A contact's calendar holds the schedules of one contact; these are of ${englishList(contactIds)}.`,
      { contactIds: [...contactIds] },
    ),
}
