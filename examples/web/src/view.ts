/**
 * What the page shows, as plain data: pure functions of the network's state and the page's
 * day, no DOM. The year is the schedule `schedule` gives, laid out as calendar months; each
 * touch carries the status `touchStatus` derives for the day.
 */
import {
  addDays,
  builtInCalendars,
  builtInPlans,
  daysInMonth,
  findPlan,
  isBusinessDay,
  schedule,
  touchStatus,
  weekday,
  type CalendarDate,
  type CalendarSet,
  type ContactState,
  type PlannedTouch,
  type Schedule,
  type TouchKind,
  type TouchStatus,
  type Weekday,
} from 'touchbase'

/** One planned touch as the year draws it. */
export interface TouchView {
  readonly touch: PlannedTouch
  readonly status: TouchStatus
  /** Done, but after its due date. */
  readonly doneLate: boolean
}

/** A day of a month grid. */
export interface DayView {
  readonly date: CalendarDate
  /** A weekend day or a day off of the contact's calendar: no person-performed touch lands on it. */
  readonly dayOff: boolean
  readonly today: boolean
  readonly touches: readonly TouchView[]
}

/** One month of the year. */
export interface MonthView {
  /** `YYYY-MM`. */
  readonly month: string
  /** Empty cells before the 1st, so that each column is one weekday. */
  readonly leadingBlanks: number
  readonly days: readonly DayView[]
}

/** A contact's plan year, month by month. */
export interface YearView {
  readonly schedule: Schedule
  readonly start: CalendarDate
  readonly end: CalendarDate
  /** The weekdays in column order, the week starting the day after the weekend. */
  readonly weekdays: readonly Weekday[]
  readonly months: readonly MonthView[]
  readonly touches: readonly TouchView[]
}

/** The touch kinds of the 33-touch year, in the order the legend lists them. */
export const YEAR_KINDS: readonly TouchKind[] = ['newsletter', 'holiday-card', 'call', 'great-talking-letter', 'observance-card', 'give-away']

/** The statuses, in the order the legend lists them. */
export const YEAR_STATUSES: readonly TouchStatus[] = ['done', 'skipped', 'blocked', 'overdue', 'due', 'upcoming']

const calendarOf = (contact: ContactState): CalendarSet => {
  const id = contact.profile?.calendarSet
  return id !== undefined && id in builtInCalendars ? builtInCalendars[id as keyof typeof builtInCalendars] : builtInCalendars.us
}

const monthStart = (month: string): CalendarDate => `${month}-01` as CalendarDate
const nextMonth = (month: string): string => {
  const [y, m] = month.split('-').map(Number) as [number, number]
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`
}

/**
 * The first plan year of a contact's enrollment, as month grids (every month the plan year
 * touches: twelve for a year that starts on the 1st), with each touch's status on `today`.
 * Undefined when the contact has no such enrollment or its plan is unknown.
 */
export const yearView = (contact: ContactState, enrollmentId: string, today: CalendarDate): YearView | undefined => {
  const enrollment = contact.plans.enrollments.find((e) => e.enrollmentId === enrollmentId)
  const plan = enrollment === undefined ? undefined : findPlan(builtInPlans, enrollment.planId)
  if (enrollment === undefined || plan === undefined) return undefined
  const year = schedule(plan, enrollment, contact, { years: 1 })
  const planYear = year.planYears[0]
  if (planYear === undefined) return undefined
  const set = calendarOf(contact)

  const touches: TouchView[] = year.touches.map((touch) => ({
    touch,
    status: touchStatus(touch, today),
    doneLate: touch.outcome?.status === 'done' && touch.outcome.on > touch.due,
  }))
  const byDay = new Map<string, TouchView[]>()
  for (const t of touches) byDay.set(t.touch.due, [...(byDay.get(t.touch.due) ?? []), t])

  // The week starts the day after the weekend: Sunday in Riyadh (Fri–Sat) and in New York (Sat–Sun).
  const first = ((Math.max(...set.weekend) + 1) % 7) as Weekday
  const weekdays = Array.from({ length: 7 }, (_, i) => ((first + i) % 7) as Weekday)

  const months: MonthView[] = []
  for (let month = planYear.start.slice(0, 7); month <= planYear.end.slice(0, 7); month = nextMonth(month)) {
    const [y, m] = month.split('-').map(Number) as [number, number]
    const days: DayView[] = []
    for (let d = monthStart(month), i = 0; i < daysInMonth(y, m); d = addDays(d, 1), i++) {
      days.push({ date: d, dayOff: !isBusinessDay(set, d), today: d === today, touches: byDay.get(d) ?? [] })
    }
    months.push({ month, leadingBlanks: weekdays.indexOf(weekday(monthStart(month))), days })
  }
  return { schedule: year, start: planYear.start, end: planYear.end, weekdays, months, touches }
}

/** How many touches have each status, in the legend's order. */
export const statusCounts = (touches: readonly TouchView[]): ReadonlyArray<readonly [TouchStatus, number]> =>
  YEAR_STATUSES.map((s) => [s, touches.filter((t) => t.status === s).length] as const)

/** How many touches of each kind, in the legend's order (kinds of another plan after them). */
export const kindCounts = (touches: readonly TouchView[]): ReadonlyArray<readonly [TouchKind, number]> => {
  const kinds = [...YEAR_KINDS, ...new Set(touches.map((t) => t.touch.kind).filter((k) => !YEAR_KINDS.includes(k)))]
  return kinds.map((k) => [k, touches.filter((t) => t.touch.kind === k).length] as const)
}

/** The months of a period, `YYYY-MM`, from `from`'s month to `to`'s. */
export const monthsBetween = (from: CalendarDate, to: CalendarDate): readonly string[] => {
  const out: string[] = []
  for (let m = from.slice(0, 7); m <= to.slice(0, 7); m = nextMonth(m)) out.push(m)
  return out
}

/** The last day of a `YYYY-MM` month. */
export const lastDayOf = (month: string): CalendarDate => {
  const [y, m] = month.split('-').map(Number) as [number, number]
  return `${month}-${String(daysInMonth(y, m)).padStart(2, '0')}` as CalendarDate
}
