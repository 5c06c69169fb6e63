/**
 * touchbase — referral relationships as an event-sourced, pure-functional library.
 *
 * @packageDocumentation
 */
export * from './events/index.js'
export * from './state/index.js'
export * from './decisions/index.js'
export * from './store/index.js'
export * from './calendars/index.js'
export * from './plans/index.js'
export * from './referrals/index.js'
export * from './rewards/index.js'
export * from './agenda/index.js'
export * from './kpi/index.js'
export * from './labels/index.js'
// The persistent collections of the state's types (read them; the fold writes them).
export type { PMap } from './core/hamt.js'
export type { PVector } from './core/pvector.js'
export type { IdIndex } from './core/id-index.js'
export {
  addDays,
  addMonths,
  addYears,
  calendarDate,
  compareDates,
  daysBetween,
  daysInMonth,
  isCalendarDate,
  isLeapYear,
  isMonthDay,
  isYearMonth,
  monthDayInYear,
  parseCalendarDate,
  toMonthDay,
  toYmd,
  weekday,
  type CalendarDate,
  type MonthDay,
  type Weekday,
  type YearMonth,
  type Ymd,
} from './core/calendar-date.js'
// Running it for real: snapshots of the state.
export {
  SNAPSHOT_FORMAT,
  SNAPSHOT_VERSION,
  restoreSnapshot,
  snapshot,
  type ContactJson,
  type EnrollmentJson,
  type IdIndexJson,
  type NetworkStateJson,
  type RestoredSnapshot,
  type Snapshot,
  type SnapshotError,
  type SnapshotErrorCode,
} from './snapshots/index.js'
// Running it for real: handling commands against a store.
export {
  handleCommand,
  readPlan,
  type CommandError,
  type CommandHandled,
  type CommandStore,
  type HandleCommandOptions,
  type HandlerError,
  type HandlerErrorCode,
  type ReadPlan,
  type SnapshotSource,
} from './handler/index.js'
// Running it for real: projections kept up to date with the log.
export {
  inMemoryCheckpointStore,
  networkProjection,
  projectionOf,
  projectionRunner,
  type CatchUp,
  type Checkpoint,
  type CheckpointSaved,
  type CheckpointStore,
  type CheckpointWrite,
  type Projection,
  type ProjectionRunner,
  type ProjectionRunnerOptions,
  type ProjectionSpec,
  type RunnerError,
  type RunnerErrorCode,
} from './projections/index.js'
