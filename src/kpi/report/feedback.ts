/**
 * Feedback KPIs. NPS, CSI, perceived value, the service-quality gap and VR > ER measure the
 * team's own service: they count the responses about it. A response about an ally's service
 * (`aboutContactId`) measures the ally: it counts in the ally review only.
 */
import type { ResolvedFeedback, ResolvedKpiFacts } from '../resolve.js'
import { DAY, average, roleAsOf, type Period } from './period.js'
import type { AllyReviewRow, KpiQuery, KpiReport, ReferralLikelihood } from './types.js'

type FeedbackKpis = Pick<KpiReport, 'nps' | 'csi' | 'perceivedValue' | 'serviceQualityGap' | 'referralLikelihood'>

const measured = <K extends 'perceivedPerformance' | 'expectedPerformance' | 'perceivedBenefits' | 'perceivedCosts' | 'referralEffort' | 'csi' | 'nps'>(
  xs: readonly ResolvedFeedback[],
  k: K,
): number[] => xs.flatMap((x) => (x.facts[k] === undefined ? [] : [x.facts[k] as number]))

/** The team's feedback family of the report. */
export const feedbackKpis = (facts: ResolvedKpiFacts, q: KpiQuery, p: Period): FeedbackKpis => {
  const responses = facts.teamFeedback.filter((x) => p.inPeriod(x.facts.ms))
  let npsResponses = responses.filter((x) => x.facts.nps !== undefined)
  if (q.npsLatestPerContact === true) {
    const latest = new Map<string, ResolvedFeedback>()
    for (const x of npsResponses) if ((latest.get(x.contactId)?.facts.ms ?? -Infinity) <= x.facts.ms) latest.set(x.contactId, x)
    npsResponses = [...latest.values()]
  }
  const promoters = npsResponses.filter((x) => (x.facts.nps as number) >= 9).length
  const detractors = npsResponses.filter((x) => (x.facts.nps as number) <= 6).length
  const csi = measured(responses, 'csi')
  const perceived = responses.flatMap((x) => (x.facts.perceivedBenefits !== undefined && x.facts.perceivedCosts !== undefined ? [x.facts.perceivedBenefits - x.facts.perceivedCosts] : []))
  const gaps = responses.flatMap((x) => (x.facts.perceivedPerformance !== undefined && x.facts.expectedPerformance !== undefined ? [x.facts.perceivedPerformance - x.facts.expectedPerformance] : []))

  // VR > ER per contact, from its latest reading with both (erased contacts aside).
  const latest = new Map<string, ResolvedFeedback>()
  for (const x of facts.teamFeedback) {
    if (x.facts.ms > p.endMs || x.facts.perceivedBenefits === undefined || x.facts.referralEffort === undefined) continue
    if (facts.contacts.get(x.contactId)?.erasedMs !== undefined) continue
    const prior = latest.get(x.contactId)
    if (prior === undefined || prior.facts.seq < x.facts.seq) latest.set(x.contactId, x)
  }
  const likelihood: ReferralLikelihood[] = [...latest.values()]
    .map((x) => ({ contactId: x.contactId, vr: x.facts.perceivedBenefits as number, er: x.facts.referralEffort as number }))
    .map((x) => ({ ...x, likely: x.vr > x.er }))
    .sort((a, b) => (a.contactId < b.contactId ? -1 : 1))

  return {
    nps: {
      value: npsResponses.length === 0 ? null : ((promoters - detractors) / npsResponses.length) * 100,
      promoters,
      passives: npsResponses.length - promoters - detractors,
      detractors,
      responses: npsResponses.length,
      ...(p.withIds ? { ids: npsResponses.map((x) => x.facts.eventId).sort() } : {}),
    },
    csi: { value: average(csi), responses: csi.length },
    perceivedValue: { value: average(perceived), responses: perceived.length },
    serviceQualityGap: { value: average(gaps), responses: gaps.length },
    referralLikelihood: { likely: likelihood.filter((l) => l.likely).length, contacts: likelihood },
  }
}

/** Allies' referrals and service feedback over the window, and whether to reconsider each. */
export const allyReview = (facts: ResolvedKpiFacts, q: KpiQuery, p: Period): AllyReviewRow[] => {
  if (!Number.isFinite(p.nowMs)) return []
  const windowMs = (q.allyReview?.windowDays ?? 365) * DAY
  const minReferrals = q.allyReview?.minReferrals ?? 1
  const minScore = q.allyReview?.minServiceScore ?? 6
  const minResponses = q.allyReview?.minResponses ?? 2
  const inWindow = (ms: number) => ms > p.nowMs - windowMs && ms <= p.nowMs
  const rows: AllyReviewRow[] = []
  for (const c of facts.contacts.values()) {
    if (c.erasedMs !== undefined || roleAsOf(c, p.nowMs) !== 'ally') continue
    const sent = c.referralsGiven.filter((r) => inWindow(r.receivedMs)).length
    const feedback = (facts.allyFeedback.get(c.id) ?? []).filter((x) => inWindow(x.facts.ms))
    const performance = average(measured(feedback, 'perceivedPerformance'))
    const gap = average(feedback.flatMap((x) => (x.facts.perceivedPerformance !== undefined && x.facts.expectedPerformance !== undefined ? [x.facts.perceivedPerformance - x.facts.expectedPerformance] : [])))
    const reasons: Array<'few-referrals' | 'poor-service'> = []
    if (sent < minReferrals) reasons.push('few-referrals')
    if (feedback.length >= minResponses && performance !== null && performance < minScore) reasons.push('poor-service')
    rows.push({ allyId: c.id, referralsSent: sent, feedbackResponses: feedback.length, averagePerformance: performance, averageGap: gap, reconsider: reasons.length > 0, reasons })
  }
  return rows.sort((a, b) => (a.allyId < b.allyId ? -1 : 1))
}
