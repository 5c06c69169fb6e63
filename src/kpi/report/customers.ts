/**
 * Customer and money KPIs. A customer is a contact with a closed sale, or whose lead closed
 * (a referred lead's stages are its referral's, so a referee is a customer from its
 * referral's close) — `customerSince` in `src/rules`, the one definition every KPI here uses.
 */
import type { ResolvedContact, ResolvedKpiFacts, ResolvedReferral } from '../resolve.js'
import { DAY, bump, byCurrency, moneyRatio, ratio, sortedCurrencies, type Period } from './period.js'
import { quintiles } from './rfm.js'
import type { Cltv, KpiReport, Ltv, ReferralValue, RfmRow } from './types.js'

const REFERRAL_PROGRAMME = new Set(['gift', 'reward', 'event', 'mailing'])

type CustomerKpis = Pick<
  KpiReport,
  'referralRate' | 'customersAcquired' | 'referralCost' | 'marketingExpenses' | 'cpa' | 'cac' | 'cltv' | 'ltv' | 'referralValue' | 'rfm'
>

/** The customer and money family of the report. */
export const customerKpis = (facts: ResolvedKpiFacts, cohort: readonly ResolvedReferral[], conversion: number | null, p: Period): CustomerKpis => {
  // One pass over the contacts: the customers as of the end, and those acquired in the period.
  const customers: ResolvedContact[] = []
  const acquired: string[] = []
  for (const c of facts.contacts.values()) {
    if (c.customerSince === undefined) continue
    if (c.customerSince <= p.endMs) customers.push(c)
    if (p.inPeriod(c.customerSince)) acquired.push(c.id)
  }
  const isCustomer = (id: string): boolean => {
    const since = facts.contacts.get(id)?.customerSince
    return since !== undefined && since <= p.endMs
  }

  // Referral rate: customers who referred in the period / all customers.
  const referrers = new Set(cohort.map((r) => r.referrerId))
  let referredCount = 0
  for (const c of customers) if (referrers.has(c.id)) referredCount++
  const referralRate = ratio(
    referredCount,
    customers.length,
    1,
    p.withIds ? { numerator: customers.filter((c) => referrers.has(c.id)).map((c) => c.id), denominator: customers.map((c) => c.id) } : undefined,
  )

  // Costs in the period.
  const referralCost = new Map<string, number>()
  const marketing = new Map<string, number>()
  for (const s of facts.streams) {
    for (const c of s.costs) {
      if (!p.inPeriod(c.ms)) continue
      bump(marketing, c.amount.currency, c.amount.amount)
      if (REFERRAL_PROGRAMME.has(c.category)) bump(referralCost, c.amount.currency, c.amount.amount)
    }
  }
  const cpa = sortedCurrencies(marketing).map(([cur, amount]) => moneyRatio(cur, amount, acquired.length))
  const cacBy = new Map(cpa.map((c) => [c.currency, c.value]))

  // Sales in the period, per currency: CLTV, ARPU.
  const tx = new Map<string, { sum: number; count: number; buyers: Set<string> }>()
  let firstTx = Infinity
  for (const c of facts.contacts.values()) {
    for (const t of c.facts.transactions) {
      if (!p.inPeriod(t.ms)) continue
      firstTx = Math.min(firstTx, t.ms)
      const x = tx.get(t.value.currency) ?? { sum: 0, count: 0, buyers: new Set<string>() }
      x.sum += t.value.amount
      x.count++
      x.buyers.add(c.id)
      tx.set(t.value.currency, x)
    }
  }
  const spanStart = Number.isFinite(p.fromMs) ? p.fromMs : firstTx
  // Years of 365 days: a calendar year is exactly 1.
  const years = Number.isFinite(spanStart) && p.endMs > spanStart ? (p.endMs - spanStart + 1) / (365 * DAY) : null
  const currencies = [...tx.keys()].sort()
  const cltv: Cltv[] = currencies.map((cur) => {
    const x = tx.get(cur) as { sum: number; count: number; buyers: Set<string> }
    const apv = moneyRatio(cur, x.sum, x.count)
    const apf = years === null || x.buyers.size === 0 ? null : x.count / x.buyers.size / years
    const value = apv.value === null || apf === null ? null : Math.floor(apv.value * apf * p.lifespan * (p.margin ?? 1))
    return { currency: cur, value, averagePurchaseValue: apv, averagePurchaseFrequency: apf, customerLifespanYears: p.lifespan, ...(p.margin === undefined ? {} : { grossMargin: p.margin }) }
  })
  const ltv: Ltv[] = currencies.map((cur) => {
    const x = tx.get(cur) as { sum: number }
    const arpu = years === null || customers.length === 0 ? null : x.sum / customers.length / years
    const cac = cacBy.get(cur) ?? null
    const value = arpu === null || cac === null ? null : Math.floor(arpu * p.lifespan) - cac
    return { currency: cur, value, arpu, customerLifetimeYears: p.lifespan, cac }
  })
  // R: the referrals customers made in the cohort, per customer (allies' and leads' referrals are not a customer's).
  let byCustomers = 0
  for (const r of cohort) if (isCustomer(r.referrerId)) byCustomers++
  const perCustomer = customers.length === 0 ? null : byCustomers / customers.length
  const conversionFraction = conversion === null ? null : conversion / 100
  const referralValue: ReferralValue[] = ltv.map((l) => ({
    currency: l.currency,
    value: l.value === null || conversionFraction === null || perCustomer === null ? null : Math.floor(l.value * conversionFraction * perCustomer),
    ltv: l.value,
    conversionRate: conversionFraction,
    averageReferralsPerCustomer: perCustomer,
  }))

  return {
    referralRate,
    customersAcquired: { count: acquired.length, ...(p.withIds ? { ids: [...acquired].sort() } : {}) },
    referralCost: byCurrency(referralCost),
    marketingExpenses: byCurrency(marketing),
    cpa,
    cac: cpa,
    cltv,
    ltv,
    referralValue,
    rfm: rfm(customers, p.endMs),
  }
}

/** RFM quintile scores of customers, per currency of their purchases up to the end. */
const rfm = (customers: readonly ResolvedContact[], endMs: number): RfmRow[] => {
  type Row = { contactId: string; recencyDays: number; frequency: number; monetary: number }
  const groups = new Map<string, Row[]>()
  for (const c of customers) {
    const per = new Map<string, { last: number; frequency: number; monetary: number }>()
    for (const t of c.facts.transactions) {
      if (t.ms > endMs) continue
      const x = per.get(t.value.currency) ?? { last: -Infinity, frequency: 0, monetary: 0 }
      x.last = Math.max(x.last, t.ms)
      x.frequency++
      x.monetary += t.value.amount
      per.set(t.value.currency, x)
    }
    for (const [cur, x] of per) {
      const list = groups.get(cur) ?? []
      list.push({ contactId: c.id, recencyDays: Math.floor((endMs - x.last) / DAY), frequency: x.frequency, monetary: x.monetary })
      groups.set(cur, list)
    }
  }
  const rows: RfmRow[] = []
  for (const cur of [...groups.keys()].sort()) {
    const list = groups.get(cur) as Row[]
    const r = quintiles(list.map((x) => x.recencyDays), false)
    const f = quintiles(list.map((x) => x.frequency), true)
    const m = quintiles(list.map((x) => x.monetary), true)
    list.forEach((x, i) => {
      const ri = r[i] as number
      const fi = f[i] as number
      const mi = m[i] as number
      rows.push({ ...x, currency: cur, r: ri, f: fi, m: mi, code: `${ri}${fi}${mi}` })
    })
  }
  return rows.sort((a, b) => (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : a.contactId < b.contactId ? -1 : 1))
}
