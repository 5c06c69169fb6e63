/**
 * KPIs: the aggregate of the facts behind them (a monoid: partial aggregates of partitions by
 * contact id combine into one pass's) and `kpis`, the report of a period with every ratio
 * explained by its numerator and denominator.
 */
export { KpiAccumulator, emptyKpiAggregate, forgetInKpiAggregate, kpiAggregate, kpiMonoid, kpiStreamKey, type KpiAggregate } from './aggregate.js'
export { csiValueOf, type ContactFacts, type CostFacts, type FeedbackFacts, type StreamFacts, type TransactionFacts } from './facts.js'
export { resolveKpiFacts, type ResolvedContact, type ResolvedFeedback, type ResolvedKpiFacts, type ResolvedReferral } from './resolve.js'
export { kpis } from './report/index.js'
export { namespaceKpiAggregate, networkKey } from './namespace.js'
export { quintiles } from './report/rfm.js'
export type {
  AllyReviewRow,
  Cltv,
  CurrencyAmount,
  KeyCounts,
  KpiQuery,
  KpiReport,
  Ltv,
  MoneyRatio,
  Ratio,
  ReferralLikelihood,
  ReferralValue,
  RfmRow,
} from './report/types.js'
export { KPI_AGGREGATE_FORMAT, KPI_AGGREGATE_VERSION, KpiAggregateJsonC, decodeKpiAggregate, encodeKpiAggregate, type KpiAggregateJson } from './codec.js'
