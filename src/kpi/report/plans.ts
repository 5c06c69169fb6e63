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
  const onTime: string[] = []
  const due: string[] = []
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
        const id = `${c.id}/${enrollment.enrollmentId}/${t.touchKey}`
        due.push(id)
        if (t.outcome?.status === 'done' && isCalendarDate(t.outcome.on) && daysBetween(t.due, t.outcome.on) <= grace) onTime.push(id)
      }
    }
  }
  return ratio(onTime.length, due.length, 1, p.withIds ? { numerator: onTime, denominator: due } : undefined)
}

/** Touches per contact and contact-to-sale, over the contacts in the database during the period. */
export const databaseKpis = (facts: ResolvedKpiFacts, p: Period): Pick<KpiReport, 'touchesPerContact' | 'contactToSale'> => {
  const present = [...facts.contacts.values()].filter((c) => c.addedMs <= p.endMs && (c.erasedMs === undefined || c.erasedMs >= p.fromMs))
  let touches = 0
  for (const c of present) for (const t of c.facts.touches) if (p.inPeriod(t)) touches++
  const sold = (id: string) => (facts.contacts.get(id)?.facts.transactions ?? []).some((t) => p.inPeriod(t.ms))
  const met = present.filter((c) => c.facts.contact?.met === true).map((c) => c.id)
  const notMet = present.filter((c) => c.facts.contact?.met !== true).map((c) => c.id)
  const metSales = met.filter(sold)
  const notMetSales = notMet.filter(sold)
  const metRate = ratio(metSales.length, met.length, 1, p.withIds ? { numerator: metSales, denominator: met } : undefined)
  const notMetRate = ratio(notMetSales.length, notMet.length, 1, p.withIds ? { numerator: notMetSales, denominator: notMet } : undefined)
  return {
    touchesPerContact: ratio(touches, present.length),
    contactToSale: {
      met: metRate,
      haventMet: notMetRate,
      metOverHaventMet: metRate.value === null || notMetRate.value === null || notMetRate.value === 0 ? null : metRate.value / notMetRate.value,
    },
  }
}
