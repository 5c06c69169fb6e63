/**
 * Touch keys: the one place a planned touch's key is built. Stored `TouchCompleted`,
 * `TouchSkipped` and `TouchRescheduled` events name touches by these keys, so their format is
 * part of the stored data: it must never change for a touch that exists today
 * (`test/plans/touch-keys.test.ts` pins it).
 */
import { assertNever } from '../core/errors.js'
import type { PersonalDateKind } from '../events/index.js'

/**
 * Which touch of a step, within its plan year: the last part of its key.
 *
 * - `nth`: the n-th touch of a step whose touches are numbered (1 = the first): a call, a
 *   newsletter, an 8x8 week; for a step that follows another, the occurrence it follows.
 * - `holiday`: the card for a holiday of the contact's calendar set, by observance id.
 * - `personal-date`: the card for one of the contact's dates, by kind (and label, when the
 *   date has one: a contact may have several custom dates).
 * - `fallback`: the n-th seasonal greeting standing in for a missing personal date.
 * - `interest`: the item for one of the contact's interests (a team's season schedule), by name.
 */
export type TouchOccurrence =
  | { readonly type: 'nth'; readonly n: number }
  | { readonly type: 'holiday'; readonly holidayId: string }
  | { readonly type: 'personal-date'; readonly kind: PersonalDateKind; readonly label?: string | undefined }
  | { readonly type: 'fallback'; readonly slot: number }
  | { readonly type: 'interest'; readonly name: string }

/**
 * The key of a planned touch: `${planYear}/${stepId}/${occurrence}`, the occurrence written as
 * its number (`0/call/3`), its holiday id (`0/holiday-card/us-easter`), its personal-date kind
 * (`0/observance-card/birthday`, or `custom:Shop opening` for a labelled date), its fallback
 * slot (`0/observance-card/fallback-2`) or its interest's name
 * (`0/team-season-schedule/Arsenal`). A touch keeps its key when it is re-planned (a pause, a
 * reschedule), so stored events can name it.
 * @example touchKeyFor(0, 'call', { type: 'nth', n: 3 }) // '0/call/3'
 * @example touchKeyFor(1, 'observance-card', { type: 'personal-date', kind: 'custom', label: 'Shop opening' }) // '1/observance-card/custom:Shop opening'
 */
export const touchKeyFor = (planYear: number, stepId: string, occurrence: TouchOccurrence): string => {
  const prefix = `${planYear}/${stepId}/`
  switch (occurrence.type) {
    case 'nth':
      return `${prefix}${occurrence.n}`
    case 'holiday':
      return `${prefix}${occurrence.holidayId}`
    case 'personal-date':
      return occurrence.label === undefined ? `${prefix}${occurrence.kind}` : `${prefix}${occurrence.kind}:${occurrence.label}`
    case 'fallback':
      return `${prefix}fallback-${occurrence.slot}`
    case 'interest':
      return `${prefix}${occurrence.name}`
    default:
      return assertNever(occurrence, 'touch occurrence')
  }
}

/** The n-th touch of a step (1 = the first). */
export const nth = (n: number): TouchOccurrence => ({ type: 'nth', n })
