/**
 * A registry of calendar sets by id: the built-ins plus a host's own. Immutable: adding or
 * replacing a set returns a new registry and leaves the old one as it was.
 */
import * as O from 'fp-ts/lib/Option.js'
import type { CalendarSet } from './calendar-set.js'

/** Calendar sets by id. Build it with `calendarRegistry`, read it with `findCalendar`. */
export interface CalendarRegistry {
  readonly _tag: 'CalendarRegistry'
  /** The sets by id (a prototype-free record, so any id — even `__proto__` — is just a key). */
  readonly byId: Readonly<Record<string, CalendarSet>>
}

const make = (sets: Iterable<CalendarSet>): CalendarRegistry => {
  const byId = Object.create(null) as Record<string, CalendarSet>
  for (const set of sets) byId[set.id] = set
  return Object.freeze({ _tag: 'CalendarRegistry', byId: Object.freeze(byId) })
}

/**
 * A registry of the given sets, keyed by each set's own `id` (a later set replaces an earlier
 * one with the same id). Pass host sets through `validateCalendarSet` first.
 * @example const registry = calendarRegistry(builtInCalendars)
 */
export const calendarRegistry = (sets: Readonly<Record<string, CalendarSet>> | readonly CalendarSet[] = []): CalendarRegistry =>
  make(Array.isArray(sets) ? (sets as readonly CalendarSet[]) : Object.values(sets as Readonly<Record<string, CalendarSet>>))

/**
 * A new registry with `set` added, replacing the set with the same id if there is one.
 * @example
 * pipe(validateCalendarSet(json), E.map((set) => withCalendar(registry, set)))
 */
export const withCalendar = (registry: CalendarRegistry, set: CalendarSet): CalendarRegistry =>
  make([...Object.values(registry.byId), set])

/**
 * A new registry without the set of that id (the same registry's sets when there is none).
 * @example withoutCalendar(registry, 'uk')
 */
export const withoutCalendar = (registry: CalendarRegistry, id: string): CalendarRegistry =>
  make(Object.values(registry.byId).filter((s) => s.id !== id))

/**
 * The set with that id, if the registry has one.
 * @example findCalendar(calendarRegistry(builtInCalendars), 'sa') // some(builtInCalendars.sa)
 */
export const findCalendar = (registry: CalendarRegistry, id: string): O.Option<CalendarSet> =>
  Object.prototype.hasOwnProperty.call(registry.byId, id) ? O.some(registry.byId[id] as CalendarSet) : O.none

/** The ids of the registry's sets, sorted. */
export const calendarIds = (registry: CalendarRegistry): readonly string[] => Object.keys(registry.byId).sort()
