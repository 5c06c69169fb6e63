/**
 * What a timing rule is made of. Each rule is one file of this folder holding every part of
 * it — its JSON shape (an io-ts codec), how many touches it gives a plan year (for
 * `validatePlan`), the checks that make a step with it schedulable, and its placement in a
 * plan year — and `registry.ts` lists them in a record keyed by `Timing['rule']`, so a rule
 * that is declared and not registered, or registered without one of its parts, does not
 * compile. `docs/contributing.md` walks through adding one.
 */
import * as t from 'io-ts'
import { intRange } from '../../core/codecs.js'
import type { CalendarSet } from '../../calendars/index.js'
import type { ContactState } from '../../state/index.js'
import type { ErrorParam } from '../../core/errors.js'
import type { PlanDefinition, PlanStep } from '../definition.js'
import type { PlanIssueCode } from '../errors.js'
import type { Anchor, ScheduleNote } from '../schedule.js'
import type { TouchOccurrence } from '../touch-key.js'

/**
 * How many touches a rule gives each plan year, as `validatePlan` can know it from the plan:
 *
 * - `numbered`: exactly `perYear` every plan year, keyed 1…n (`0/call/3`), so another step
 *   may follow one of them by its number (a letter after call 3);
 * - `keyed`: exactly `perYear` every plan year, keyed by what anchors each (a holiday id, a
 *   personal-date kind), which differs by contact — nothing can follow "the third" of them;
 * - `per-contact`: as many as the contact has anchors for (one per favourite team).
 */
export type TimingCount<T> =
  | { readonly type: 'numbered'; readonly perYear: (timing: T) => number }
  | { readonly type: 'keyed'; readonly perYear: (timing: T) => number; readonly keyedBy: string }
  | { readonly type: 'per-contact'; readonly per: string }

/** A step's count, worked out for its timing. */
export type StepCount =
  | { readonly type: 'numbered'; readonly perYear: number }
  | { readonly type: 'keyed'; readonly perYear: number; readonly keyedBy: string }
  | { readonly type: 'per-contact'; readonly per: string }

/** What a rule's checks see of the plan, and where they report. */
export interface CheckContext {
  readonly plan: PlanDefinition
  readonly step: PlanStep
  /** The shortest plan year or window, in days: 365 for plan years, else the window's days. */
  readonly length: number
  /** The plan's steps, by id. */
  readonly steps: ReadonlyMap<string, PlanStep>
  /** The count of another step (a rule that follows one needs to know it is numbered). */
  readonly countOf: (step: PlanStep) => StepCount
  /** The rules whose touches are numbered, for a message that says what may be followed. */
  readonly numberedRules: readonly string[]
  /**
   * Reports an issue at `path` under the step's timing (`days[2]`; `''` for the timing
   * itself): its code, its English text (which names the step and says what to do), and the
   * params the text is built from — every value the text shows, so that `formatError` can say
   * it in another language.
   */
  readonly say: (path: string, code: PlanIssueCode, text: string, params: Readonly<Record<string, ErrorParam>>) => void
}

/** A pause of the enrollment, as day numbers; `to` is the resume date (undefined: still paused). */
export interface Pause {
  readonly from: number
  readonly to: number | undefined
}

/**
 * Everything one plan year (or the plan's window) is scheduled from. Dates are day numbers
 * (`toDayNumber`): schedules run on zone-free calendar dates.
 */
export interface PlanYearContext {
  readonly plan: PlanDefinition
  readonly contact: ContactState
  /** The contact's calendar set: holidays and business days. */
  readonly set: CalendarSet
  /** Where a Feb 29 personal date falls in common years. */
  readonly feb29: 'feb-28' | 'mar-1'
  /** The plan year's index: 0 for the one that starts at enrollment. */
  readonly planYear: number
  /** Its first day, after the pauses that began in earlier plan years. */
  readonly start: number
  /** Its length as planned, in days (365 or 366; the window's days for an 8x8). */
  readonly length: number
  /**
   * Its last day as planned, `start + length − 1`: holidays and dates are chosen in the plan
   * year as planned, and a pause then moves what it must.
   */
  readonly last: number
  /** Its last day, later by the days of the pauses inside it. */
  readonly end: number
  /** The enrollment's pauses, by start. */
  readonly pauses: readonly Pause[]
  /** Where the year's touch drafts go. */
  readonly drafts: Draft[]
  /** Where what the schedule could not do as planned goes. */
  readonly notes: ScheduleNote[]
}

/** A touch before outcomes, consent and reschedules are attached. @internal */
export interface Draft {
  readonly key: string
  readonly stepIndex: number
  readonly step: PlanStep
  readonly planYear: number
  readonly due: number
  readonly anchor: Anchor
  /** A seasonal greeting standing in for a missing personal date: the item it carries. */
  readonly fallbackItem: string | undefined
  readonly late: boolean
  readonly onHold: boolean
  /** The lowest date a business-day move may reach (the plan year's start, or a resume date crossed). */
  readonly floor: number
}

/** Where another step's touch was placed, for a rule that follows it. */
export interface PlacedTouch {
  readonly key: string
  /** Its due date, after its move to a business day. */
  readonly due: number
  readonly floor: number
  readonly onHold: boolean
}

/** What a rule's placement works with, for one step in one plan year. */
export interface Placement {
  readonly year: PlanYearContext
  readonly step: PlanStep
  /**
   * A touch whose date is relative to the plan year (a newsletter, a call): due on `day`,
   * shifted by the pauses that start inside the plan year on or before it, never past the
   * plan year's end; on a business day when a person performs it. `fallbackItem` marks a
   * seasonal greeting standing in for a missing personal date.
   */
  readonly relative: (occurrence: TouchOccurrence, day: number, anchor: Anchor, fallbackItem?: string) => void
  /**
   * A touch anchored on a date of the world (a holiday, a birthday): due on `day`, or on the
   * resume date, late, when `day` falls inside a pause; on a business day when a person
   * performs it.
   */
  readonly anchored: (occurrence: TouchOccurrence, day: number, anchor: Anchor) => void
  /** Where another step's touch of this plan year was placed (steps are placed after those they follow). */
  readonly placed: (stepId: string, occurrence: TouchOccurrence) => PlacedTouch | undefined
  /** A touch whose date the rule has worked out itself, business day and pauses included. */
  readonly exact: (occurrence: TouchOccurrence, touch: Omit<PlacedTouch, 'key'> & { readonly anchor: Anchor }) => void
  /** Says what could not be done as planned. */
  readonly note: (note: ScheduleNote) => void
}

/** Every part of a timing rule. `T` is its member of the `Timing` union. */
export interface TimingRule<T> {
  /** Decodes the rule's JSON shape; `validatePlan` dispatches to it on `rule`. */
  readonly codec: t.Mixed & t.Decoder<unknown, T>
  /** How many touches it gives a plan year. */
  readonly count: TimingCount<T>
  /** Whether it needs a plan year (months, holidays, dates), not a window of days (the 8x8's). */
  readonly needsPlanYear: boolean
  /** The id of the step whose touches its touches follow (placed first), or undefined. */
  readonly follows: (timing: T) => string | undefined
  /** Checks beyond the codec, so that a step with it can be scheduled in its plan. */
  readonly check: (timing: T, ctx: CheckContext) => void
  /** Places a step's touches in one plan year. */
  readonly place: (timing: T, ctx: Placement) => void
}

/** Plan days 0–366. */
export const PlanDays = t.array(intRange(0, 366), 'a list of plan days 0–366')

/** No checks beyond the codec. */
export const noCheck = (): void => undefined

/** Follows no other step. */
export const followsNothing = (): undefined => undefined
