/**
 * KPIs: the aggregate of the facts behind them (a monoid: partial aggregates of partitions by
 * contact id combine into one pass's) and `kpis`, the report of a period with every ratio
 * explained by its numerator and denominator.
 */
export { KpiAccumulator, emptyKpiAggregate, kpiAggregate, kpiMonoid, kpiStreamKey, type KpiAggregate } from './aggregate.js'
export type { CostFacts, FeedbackFacts, LeadFacts, ReferralFacts, StreamFacts, TransactionFacts } from './facts.js'
export {
  csiOf,
  kpis,
  type AllyReviewRow,
  type Cltv,
  type KeyCounts,
  type CurrencyAmount,
  type KpiQuery,
  type KpiReport,
  type Ltv,
  type MoneyRatio,
  type Ratio,
  type ReferralLikelihood,
  type ReferralValue,
  type RfmRow,
} from './report.js'
export {
  KPI_AGGREGATE_FORMAT,
  KPI_AGGREGATE_VERSION,
  KpiAggregateJsonC,
  decodeKpiAggregate,
  encodeKpiAggregate,
  type KpiAggregateJson,
} from './codec.js'
