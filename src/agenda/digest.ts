/**
 * The digest: the agenda grouped per team member per day — one list each, not one alert per
 * contact.
 */
import type { Agenda, AgendaItem, CadenceItem } from './agenda.js'

/** The key of the digest group for contacts assigned to no one. */
export const UNASSIGNED = 'unassigned'

/** One team member's list for one day. */
export interface DigestEntry {
  /** The team member's id, or `unassigned`. */
  readonly assignee: string
  /** The day: the due date of touches (overdue touches are listed on the agenda's first day). */
  readonly date: string
  readonly items: readonly AgendaItem[]
  readonly cadences: readonly CadenceItem[]
}

/**
 * Groups an agenda per team member per day. Overdue touches and overdue or due cadences go
 * on `today` (the first day of the agenda, as given), so nothing late is hidden in the past.
 * Sorted by team member, then date.
 *
 * @example
 * for (const { assignee, date, items } of digest(agenda(state, { now }), '2026-11-26')) send(assignee, date, items)
 */
export const digest = (a: Agenda, today: string): DigestEntry[] => {
  const groups = new Map<string, { assignee: string; date: string; items: AgendaItem[]; cadences: CadenceItem[] }>()
  const group = (assignee: string, date: string) => {
    const key = `${assignee}\u0000${date}`
    let g = groups.get(key)
    if (g === undefined) {
      g = { assignee, date, items: [], cadences: [] }
      groups.set(key, g)
    }
    return g
  }
  for (const item of a.items) {
    group(item.assignee ?? UNASSIGNED, item.due < today ? today : item.due).items.push(item)
  }
  for (const c of a.cadences) {
    group(c.assignee ?? UNASSIGNED, c.dueOn < today ? today : c.dueOn).cadences.push(c)
  }
  return [...groups.values()].sort((x, y) =>
    x.assignee < y.assignee ? -1 : x.assignee > y.assignee ? 1 : x.date < y.date ? -1 : x.date > y.date ? 1 : 0,
  )
}
