/** The KPI report's query and its shape. Every field is documented in docs/kpis.md. */
import type { CalendarRegistry } from '../../calendars/index.js'
import type { Role } from '../../events/index.js'
import type { PlanCatalogue } from '../../plans/index.js'
import type { Grade, GradeOptions } from '../../referrals/index.js'

/** What a KPI report is about. */
export interface KpiQuery {
  /** The clock value: nothing after it counts; cohorts are followed up to it. */
  readonly now: Date
  /** First day of the period (inclusive), in `timeZone`; default: the beginning. */
  readonly from?: string
  /** Last day of the period (inclusive), in `timeZone`; default: up to `now`. */
  readonly to?: string
  /** The zone the period's days are in (default UTC). */
  readonly timeZone?: string
  /** Include the ids behind every ratio (referrals, contacts, responses). */
  readonly ids?: boolean
  /** Customer lifespan in years, for CLTV and LTV (default 3): the seeds give the formula, you give your lifespan. */
  readonly customerLifespanYears?: number
  /** CLTV's margin variant: multiply by this gross margin (0–1). */
  readonly grossMargin?: number
  /** NPS from each contact's latest response in the period instead of every response. */
  readonly npsLatestPerContact?: boolean
  /** Hours to contact a referee (default 24). */
  readonly referralSlaHours?: number
  /** The ally review's rule (see `docs/kpis.md`). */
  readonly allyReview?: {
    readonly windowDays?: number
    readonly minReferrals?: number
    readonly minServiceScore?: number
    readonly minResponses?: number
  }
  /** Compare referral counts before and after a date for a group of referrers. */
  readonly beforeAfter?: {
    readonly date: string
    readonly days: number
    readonly role?: Role
    readonly contactIds?: readonly string[]
  }
  /** Plans and calendars for plan adherence (defaults: built-in), and days of grace for "on time" (default 0). */
  readonly plans?: PlanCatalogue
  readonly calendars?: CalendarRegistry
  readonly adherenceGraceDays?: number
  readonly gradeOptions?: GradeOptions
}

/** A ratio: `numerator / denominator` (× 100 for rates given in percent), or `null` with a zero denominator. */
export interface Ratio {
  readonly value: number | null
  readonly numerator: number
  readonly denominator: number
  /** With `ids: true`: what was counted above and below the line. */
  readonly ids?: { readonly numerator: readonly string[]; readonly denominator: readonly string[] }
}

/** An amount per currency, integer minor units. */
export interface CurrencyAmount {
  readonly currency: string
  readonly amount: number
}

/** A money ratio in one currency: `numerator` minor units over a count, rounded down. */
export interface MoneyRatio {
  readonly currency: string
  readonly value: number | null
  readonly numerator: number
  readonly denominator: number
}

/** Counts by a key, sorted by key. */
export type KeyCounts = ReadonlyArray<{ readonly key: string; readonly count: number }>

/** CLTV in one currency, with its parts. */
export interface Cltv {
  readonly currency: string
  readonly value: number | null
  readonly averagePurchaseValue: MoneyRatio
  /** Purchases per customer per year over the period. */
  readonly averagePurchaseFrequency: number | null
  readonly customerLifespanYears: number
  readonly grossMargin?: number
}

/** LTV = (ARPU × customer lifetime) − CAC, in one currency. */
export interface Ltv {
  readonly currency: string
  readonly value: number | null
  /** Revenue per customer per year over the period. */
  readonly arpu: number | null
  readonly customerLifetimeYears: number
  readonly cac: number | null
}

/** RV = LTV × CR × R, in one currency (CR as a fraction). */
export interface ReferralValue {
  readonly currency: string
  readonly value: number | null
  readonly ltv: number | null
  readonly conversionRate: number | null
  /** R: referrals made by customers in the cohort ÷ customers. */
  readonly averageReferralsPerCustomer: number | null
}

/** One contact's latest value-exchange reading: a referral is likely when VR > ER. */
export interface ReferralLikelihood {
  readonly contactId: string
  readonly vr: number
  readonly er: number
  readonly likely: boolean
}

/** One ally's review over the window. */
export interface AllyReviewRow {
  readonly allyId: string
  readonly referralsSent: number
  readonly feedbackResponses: number
  readonly averagePerformance: number | null
  readonly averageGap: number | null
  readonly reconsider: boolean
  readonly reasons: ReadonlyArray<'few-referrals' | 'poor-service'>
}

/** An RFM row: recency (days since the last purchase), frequency, monetary, and quintile scores. */
export interface RfmRow {
  readonly contactId: string
  readonly currency: string
  readonly recencyDays: number
  readonly frequency: number
  readonly monetary: number
  readonly r: number
  readonly f: number
  readonly m: number
  /** Like `515`. */
  readonly code: string
}

/** The KPI report of a period. */
export interface KpiReport {
  readonly now: string
  /** The period as used (the zone actually applied). */
  readonly period: { readonly from: string | null; readonly to: string | null; readonly timeZone: string }
  /** Parts of the query that could not be used, and what was done instead (empty when all is well). */
  readonly queryIssues: readonly string[]
  readonly referralsReceived: {
    readonly total: number
    readonly byRole: { readonly allies: number; readonly advocates: number; readonly core: number; readonly clients: number; readonly other: number }
    readonly byReferrer: KeyCounts
    readonly bySource: KeyCounts
    readonly byTeamMember: KeyCounts
    readonly ids?: readonly string[]
  }
  /** Customers acquired (closed) / referrals received × 100, for the cohort. */
  readonly conversionRate: Ratio
  /** The same, by source of the referral. */
  readonly conversionRateBySource: ReadonlyArray<{ readonly source: string; readonly rate: Ratio }>
  /** Customers who referred in the period / all customers (a fraction). */
  readonly referralRate: Ratio
  /** Revenue from the cohort's closed referrals / the cohort's referrals, per currency. */
  readonly averageReferralValue: readonly MoneyRatio[]
  /** The referral programme's costs in the period (gifts, rewards, events, mailings), per currency. */
  readonly referralCost: readonly CurrencyAmount[]
  /** Every cost in the period (the marketing expenses of CPA), per currency. */
  readonly marketingExpenses: readonly CurrencyAmount[]
  /** Contacts whose first close (sale, lead or referral about them) is in the period. */
  readonly customersAcquired: { readonly count: number; readonly ids?: readonly string[] }
  /** Marketing expenses / customers acquired, per currency. */
  readonly cpa: readonly MoneyRatio[]
  /** Customer acquisition cost: computed as CPA. */
  readonly cac: readonly MoneyRatio[]
  readonly cltv: readonly Cltv[]
  readonly ltv: readonly Ltv[]
  readonly referralValue: readonly ReferralValue[]
  /** %promoters (9–10) − %detractors (0–6), −100…+100, over responses about the team's own service. */
  readonly nps: { readonly value: number | null; readonly promoters: number; readonly passives: number; readonly detractors: number; readonly responses: number; readonly ids?: readonly string[] }
  /** Customer satisfaction index, 0–100 (weighted attributes ×10, or the recorded score), averaged. */
  readonly csi: { readonly value: number | null; readonly responses: number }
  /** Perceived benefits − perceived costs, averaged. */
  readonly perceivedValue: { readonly value: number | null; readonly responses: number }
  /** Perceived − expected performance, averaged (negative: below expectations). */
  readonly serviceQualityGap: { readonly value: number | null; readonly responses: number }
  /** VR > ER, per contact (latest response about the team with both measures). */
  readonly referralLikelihood: { readonly likely: number; readonly contacts: readonly ReferralLikelihood[] }
  /** Planned touches done on time / due in the period (blocked, skipped and held ones aside). */
  readonly planAdherence: Ratio
  /** Referrals contacted within the deadline / referrals whose deadline has come (met or not). */
  readonly referralSla: Ratio
  /** Touches made in the period / contacts in the database during it. */
  readonly touchesPerContact: Ratio
  /** Contact-to-sale: contacts with a sale in the period / contacts, for Met and Haven't Met. */
  readonly contactToSale: { readonly met: Ratio; readonly haventMet: Ratio; readonly metOverHaventMet: number | null }
  readonly allyReview: readonly AllyReviewRow[]
  readonly beforeAfter?: { readonly date: string; readonly days: number; readonly before: number; readonly after: number; readonly change: Ratio }
  readonly rfm: readonly RfmRow[]
  readonly grades: Readonly<Record<Grade, number>>
}
