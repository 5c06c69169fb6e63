/**
 * Plan and database KPIs: plan adherence (planned touches done on time / due), touches per
 * contact, and contact-to-sale for Met and Haven't Met.
 */
import { daysBetween, isCalendarDate } from '../../core/calendar-date.js'
import { localDateOf } from '../../core/zones.js'
import { builtInPlans, findPlan, schedule } from '../../plans/index.js'
import type { RelationshipEvent } from '../../events/index.js'
import { foldOwnContact, type ContactState } from '../../state/index.js'
import type { ResolvedKpiFacts } from '../resolve.js'
import { ratio, type Period } from './period.js'
import type { KpiQuery, KpiReport, Ratio } from './types.js'

/**
 * The contact a stream's schedule events make. Its schedules need only its own stream, already
 * read once by the aggregate (each id once, decoded): the fold's handlers alone rebuild it.
 * Remembered per list of events — an aggregate never changes a list it handed out, and an
 * aggregate built on from another shares the lists of the streams no new event touched — so a
 * second report (another period, a later aggregate) rebuilds only what changed.
 */
const contactOfStream = (events: readonly RelationshipEvent[], contactId: string): ContactState | undefined => {
  const hit = rebuilt.get(events)
  if (hit !== undefined) return hit.contact
  const contact = foldOwnContact(events, contactId)
  rebuilt.set(events, { contact })
  return contact
}
const rebuilt = new WeakMap<readonly RelationshipEvent[], { readonly contact: ContactState | undefined }>()

/** Planned touches done on time / due in the period, from each contact's own stream. */
export const planAdherence = (facts: ResolvedKpiFacts, q: KpiQuery, p: Period): Ratio => {
  if (!Number.isFinite(p.nowMs)) return ratio(0, 0)
  const plans = q.plans ?? builtInPlans
  const grace = q.adherenceGraceDays ?? 0
  // Touch ids are made only for a report that lists them; otherwise the touches are counted.
  const onTime: string[] = []
  const due: string[] = []
  let onTimeCount = 0
  let dueCount = 0
  for (const c of facts.contacts.values()) {
    if (c.erasedMs !== undefined) continue
    // The contact the aggregate kept up; a merged person's (or a decoded stream's) is folded here.
    const own = c.facts.ownContact
    if (own === null && !c.facts.scheduleEvents.some((e) => e.type === 'PlanEnrolled')) continue
    const contact = own ?? contactOfStream(c.facts.scheduleEvents, c.id)
    if (contact === undefined || contact.erased || contact.plans.enrollments.length === 0) continue
    const today = localDateOf(p.nowMs, contact.profile?.timeZone)
    const last = p.toDate === undefined || p.toDate > today ? today : p.toDate
    for (const enrollment of contact.plans.enrollments) {
      const plan = findPlan(plans, enrollment.planId)
      if (plan === undefined || plan.steps.length === 0) continue
      const sch = schedule(plan, enrollment, contact, { through: last, ...(q.calendars === undefined ? {} : { calendars: q.calendars }) })
      for (const t of sch.touches) {
        if (t.blocked || t.onHold || t.outcome?.status === 'skipped') continue
        if (t.due > last || (p.fromDate !== undefined && t.due < p.fromDate)) continue
        const done = t.outcome?.status === 'done' && isCalendarDate(t.outcome.on) && daysBetween(t.due, t.outcome.on) <= grace
        dueCount++
        if (done) onTimeCount++
        if (p.withIds) {
          const id = `${c.id}/${enrollment.enrollmentId}/${t.touchKey}`
          due.push(id)
          if (done) onTime.push(id)
        }
      }
    }
  }
  return ratio(onTimeCount, dueCount, 1, p.withIds ? { numerator: onTime, denominator: due } : undefined)
}

/** Touches per contact and contact-to-sale, over the contacts in the database during the period. */
export const databaseKpis = (facts: ResolvedKpiFacts, p: Period): Pick<KpiReport, 'touchesPerContact' | 'contactToSale'> => {
  // One pass over the contacts, counting; ids are kept only for a report that lists them.
  let present = 0
  let touches = 0
  const n = { met: 0, notMet: 0, metSales: 0, notMetSales: 0 }
  const ids = { met: [] as string[], notMet: [] as string[], metSales: [] as string[], notMetSales: [] as string[] }
  for (const c of facts.contacts.values()) {
    if (!(c.addedMs <= p.endMs && (c.erasedMs === undefined || c.erasedMs >= p.fromMs))) continue
    present++
    for (const t of c.facts.touches) if (p.inPeriod(t)) touches++
    const met = c.facts.contact?.met === true
    const sold = c.facts.transactions.some((t) => p.inPeriod(t.ms))
    if (met) {
      n.met++
      if (sold) n.metSales++
    } else {
      n.notMet++
      if (sold) n.notMetSales++
    }
    if (p.withIds) {
      ;(met ? ids.met : ids.notMet).push(c.id)
      if (sold) (met ? ids.metSales : ids.notMetSales).push(c.id)
    }
  }
  const metRate = ratio(n.metSales, n.met, 1, p.withIds ? { numerator: ids.metSales, denominator: ids.met } : undefined)
  const notMetRate = ratio(n.notMetSales, n.notMet, 1, p.withIds ? { numerator: ids.notMetSales, denominator: ids.notMet } : undefined)
  return {
    touchesPerContact: ratio(touches, present),
    contactToSale: {
      met: metRate,
      haventMet: notMetRate,
      metOverHaventMet: metRate.value === null || notMetRate.value === null || notMetRate.value === 0 ? null : metRate.value / notMetRate.value,
    },
  }
}
