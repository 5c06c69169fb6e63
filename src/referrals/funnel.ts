/**
 * One funnel for every lead, referred or not: how many reached each stage,
 * by source and by team member.
 */
import { addDays, isCalendarDate } from '../core/calendar-date.js'
import { isKnownZone, localInstant } from '../core/zones.js'
import { STAGES, instantMillis, type Stage } from '../events/index.js'
import type { LeadState, NetworkState } from '../state/index.js'

/** How many leads reached each stage (a lead at `appointment` has reached `contacted` too). */
export type StageCounts = { readonly [S in Stage]: number }

/** The funnel of all leads, and split by source and by the team member they are assigned to. */
export interface Funnel {
  /** Leads counted. */
  readonly leads: number
  readonly total: StageCounts
  /** By how the lead heard of the team (a referral's source, or `referral` when it names none). */
  readonly bySource: ReadonlyArray<{ readonly source: string; readonly counts: StageCounts }>
  /** By assignee (`unassigned` for none). */
  readonly byAssignee: ReadonlyArray<{ readonly assignee: string; readonly counts: StageCounts }>
}

/**
 * Options of `funnel`: the cohort of leads that entered (were received) in a period of
 * calendar days, both ends inclusive, in a time zone — as `kpis` takes its period.
 */
export interface FunnelOptions {
  /** First day, `YYYY-MM-DD` (default: the beginning). */
  readonly from?: string
  /** Last day, `YYYY-MM-DD` (default: no end). */
  readonly to?: string
  /** The zone the days are in (default UTC). */
  readonly timeZone?: string
}

const ORDER: Readonly<Record<Stage, number>> = { received: 0, contacted: 1, appointment: 2, 'under-contract': 3, closed: 4, lost: 5 }

const empty = (): Record<Stage, number> => ({ received: 0, contacted: 0, appointment: 0, 'under-contract': 0, closed: 0, lost: 0 })

/** The stages a lead has reached: every stage up to the furthest one, and `lost` if it was lost. */
export const stagesReached = (lead: LeadState): Stage[] => {
  let furthest = 0
  for (const s of STAGES) if (s !== 'lost' && lead.stages[s] !== undefined) furthest = Math.max(furthest, ORDER[s])
  const reached = STAGES.filter((s) => s !== 'lost' && ORDER[s] <= furthest)
  if (lead.stage === 'lost' || lead.stages.lost !== undefined) reached.push('lost')
  return reached
}

/**
 * The funnel: every contact that is a lead (captured, or referred), erased ones included —
 * counts do not identify anyone. With `from`/`to`, only leads that entered in that period.
 *
 * @example funnel(state).total.closed / funnel(state).total.received
 */
export const funnel = (state: NetworkState, options: FunnelOptions = {}): Funnel => {
  const zone = options.timeZone !== undefined && isKnownZone(options.timeZone) ? options.timeZone : 'UTC'
  // A day that is not a calendar date leaves that end open, as in `kpis`.
  const from = options.from !== undefined && isCalendarDate(options.from) ? localInstant(options.from, 0, zone).getTime() : -Infinity
  const to = options.to !== undefined && isCalendarDate(options.to) ? localInstant(addDays(options.to, 1), 0, zone).getTime() - 1 : Infinity
  const total = empty()
  const bySource = new Map<string, Record<Stage, number>>()
  const byAssignee = new Map<string, Record<Stage, number>>()
  let leads = 0
  for (const c of state.contacts.values()) {
    const lead = c.sales.lead
    if (lead === undefined) continue
    const entered = instantMillis(lead.stages.received ?? lead.capturedAt)
    if (!(entered >= from && entered <= to)) continue
    leads++
    // A referred lead counts under its referral's source (or `referral` when it names none).
    const source = lead.referralId !== undefined ? (state.referrals.get(lead.referralId)?.source ?? lead.source ?? 'referral') : (lead.source ?? 'unknown')
    const assignee = lead.assignee ?? 'unassigned'
    const s = bySource.get(source) ?? empty()
    const a = byAssignee.get(assignee) ?? empty()
    for (const stage of stagesReached(lead)) {
      total[stage]++
      s[stage]++
      a[stage]++
    }
    bySource.set(source, s)
    byAssignee.set(assignee, a)
  }
  const sorted = <K extends string>(m: Map<string, Record<Stage, number>>, key: K) =>
    [...m.entries()]
      .sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))
      .map(([k, counts]) => ({ [key]: k, counts }) as { [P in K]: string } & { counts: StageCounts })
  return { leads, total, bySource: sorted(bySource, 'source'), byAssignee: sorted(byAssignee, 'assignee') }
}
