/**
 * Reading the workers' partials: a network's partials merged with `kpiMonoid` into its
 * aggregate (for `kpis(aggregate, query)`), and several networks' aggregates — a team's, a
 * brokerage's — namespaced by network (`namespaceKpiAggregate`) and merged with the same
 * monoid. SQL never sees a KPI formula: the database stores the partials, the library
 * computes.
 */
import * as E from 'fp-ts/lib/Either.js'
import { concatAll } from 'fp-ts/lib/Monoid.js'
import { checkNetwork, type SqlSession } from '../postgres-event-store/index.js'
import { decodeKpiAggregate, kpiMonoid, namespaceKpiAggregate, type KpiAggregate } from '../postgres-event-store/touchbase.js'
import { DEFAULT_PARTITIONS } from './worker.js'

/** Every statement of the reader. */
export const KPI_REPORT_SQL = {
  /** The partials of a network ($1), with its log's last position, in one snapshot (one statement). */
  partials: `SELECT p.partition, p.partitions, p.through, p.aggregate, p.written_by,
       (SELECT coalesce(max(position), 0) FROM events WHERE network = $1::text) AS last
FROM kpi_partials AS p
WHERE p.network = $1::text
ORDER BY p.partition`,
  /** The last position of a network ($1), for a network without partials yet. */
  last: 'SELECT coalesce(max(position), 0) AS last FROM events WHERE network = $1::text',
  /** How far the partials of every network are: the lowest checkpoint, the rows, the last position. */
  progress: `SELECT n.network, coalesce(min(p.through), 0) AS through, count(p.partition) AS partials,
       (SELECT coalesce(max(position), 0) FROM events AS e WHERE e.network = n.network) AS last
FROM (SELECT DISTINCT network FROM kpi_partials) AS n
LEFT JOIN kpi_partials AS p ON p.network = n.network AND p.partitions = $1::integer
GROUP BY n.network
ORDER BY n.network`,
} as const

/** A known failure of reading partials, as a value. */
export type KpiReadError =
  | {
      /** A partial does not decode (`decodeKpiAggregate`). */
      readonly _tag: 'undecodable-partial'
      readonly network: string
      readonly partition: number
      readonly message: string
    }
  | {
      /** Partials cut with another partition count than the reader's (or a mix of counts). */
      readonly _tag: 'partition-count-mismatch'
      readonly network: string
      readonly partition: number
      readonly stored: number
      readonly expected: number
      readonly message: string
    }
  | {
      /** Two partials hold the same stream: a stream was split (the partition count changed in place). The report would silently drop one side. */
      readonly _tag: 'overlapping-partials'
      readonly network: string
      readonly streams: number
      readonly message: string
    }

/** A network's partials, merged. */
export interface NetworkKpiAggregate {
  readonly network: string
  /** The merged partials (ids as the network has them). */
  readonly aggregate: KpiAggregate
  /** The network's last position when the partials were read. */
  readonly last: number
  /** Each stored partial's checkpoint. */
  readonly partials: ReadonlyArray<{ readonly partition: number; readonly through: number; readonly writtenBy: string }>
  /** Partitions without a partial yet (no worker has reached them). */
  readonly missing: readonly number[]
  /** Whether every partition has a partial and every partial has read the whole log. */
  readonly caughtUp: boolean
}

const int = (u: unknown): number => {
  const n = typeof u === 'number' ? u : Number(u)
  if (!Number.isSafeInteger(n)) throw new Error(`kpi_partials: ${String(u)} did not read as an integer`)
  return n
}

/**
 * A network's partials, decoded, checked and merged with `kpiMonoid`: the aggregate `kpis`
 * reports on. Partials are checkpoints at different positions: each stream is consistent, the
 * whole is the usual eventual consistency of a read model (`caughtUp` says whether it is
 * complete and current). A partial that does not decode, a mix of partition counts, or
 * partials that hold the same stream are errors, never a silently wrong report.
 *
 * @example
 * const r = await readNetworkKpis(db, 'north', { partitions: 16 })
 * if (E.isRight(r)) console.log(kpis(r.right.aggregate, { now: new Date() }))
 */
export const readNetworkKpis = async (db: SqlSession, network: string, options: { readonly partitions?: number } = {}): Promise<E.Either<KpiReadError, NetworkKpiAggregate>> => {
  checkNetwork(network)
  const count = options.partitions ?? DEFAULT_PARTITIONS
  const { rows } = await db.query<{ partition: unknown; partitions: unknown; through: unknown; aggregate: unknown; written_by: unknown; last: unknown }>(KPI_REPORT_SQL.partials, [network])
  const last = int(rows[0]?.last ?? (await db.query<{ last: unknown }>(KPI_REPORT_SQL.last, [network])).rows[0]?.last ?? 0)
  const parts: KpiAggregate[] = []
  const partials: Array<{ partition: number; through: number; writtenBy: string }> = []
  for (const row of rows) {
    const partition = int(row.partition)
    const stored = int(row.partitions)
    if (stored !== count) {
      return E.left({ _tag: 'partition-count-mismatch', network, partition, stored, expected: count, message: `${network} partition ${partition} was cut into ${stored} partitions, the reader expects ${count}` })
    }
    let json: unknown
    try {
      json = JSON.parse(String(row.aggregate))
    } catch {
      json = undefined
    }
    const decoded = decodeKpiAggregate(json, `kpi_partials[${network}, ${partition}]`)
    if (E.isLeft(decoded)) return E.left({ _tag: 'undecodable-partial', network, partition, message: decoded.left.message })
    parts.push(decoded.right)
    partials.push({ partition, through: int(row.through), writtenBy: String(row.written_by) })
  }
  const aggregate = concatAll(kpiMonoid)(parts)
  // Disjoint partials merge into as many streams as they hold together.
  const held = parts.reduce((n, p) => n + p.streams.size, 0)
  if (held !== aggregate.streams.size) {
    const streams = held - aggregate.streams.size
    return E.left({ _tag: 'overlapping-partials', network, streams, message: `${streams} streams of ${network} are in more than one partial: a stream was split` })
  }
  const present = new Set(partials.map((p) => p.partition))
  const missing = Array.from({ length: count }, (_, p) => p).filter((p) => !present.has(p))
  return E.right({ network, aggregate, last, partials, missing, caughtUp: missing.length === 0 && partials.every((p) => p.through >= last) })
}

/** Several networks' partials, merged into one aggregate. */
export interface TeamKpiAggregate {
  /** The networks' aggregates, namespaced by network and merged: ids read `network/id`. */
  readonly aggregate: KpiAggregate
  /** Each network's merged partials, as `readNetworkKpis` gives them. */
  readonly networks: readonly NetworkKpiAggregate[]
  /** Whether every network's partials are complete and current. */
  readonly caughtUp: boolean
}

/**
 * The aggregate of several networks — a team's report, a brokerage's — for `kpis`: each
 * network's partials merged, namespaced by the network (`namespaceKpiAggregate`: two networks'
 * `c1` stay two contacts), and merged again with `kpiMonoid`. Ratios, rankings and cohorts are
 * then over all the networks' contacts together; team members (`assignee`) are counted by
 * name across networks.
 *
 * @example
 * const r = await readTeamKpis(db, ['north', 'south'])
 * if (E.isRight(r)) console.log(kpis(r.right.aggregate, { now: new Date() }))
 */
export const readTeamKpis = async (db: SqlSession, networks: readonly string[], options: { readonly partitions?: number } = {}): Promise<E.Either<KpiReadError, TeamKpiAggregate>> => {
  const each: NetworkKpiAggregate[] = []
  for (const network of [...new Set(networks)]) {
    const r = await readNetworkKpis(db, network, options)
    if (E.isLeft(r)) return r
    each.push(r.right)
  }
  const aggregate = concatAll(kpiMonoid)(each.map((n) => namespaceKpiAggregate(n.aggregate, n.network)))
  return E.right({ aggregate, networks: each, caughtUp: each.every((n) => n.caughtUp) })
}

/** How far one network's partials are. */
export interface KpiProgress {
  readonly network: string
  /** The lowest checkpoint among its partials (0 while one is missing). */
  readonly through: number
  /** Partials stored (of the `partitions` expected). */
  readonly partials: number
  /** The network's last position. */
  readonly last: number
}

/**
 * How far the partials of every network that has any are — cheap (no partial is read): for
 * a supervisor, a dashboard of lag, or a process that waits for the workers to catch up.
 *
 * @example (await kpiProgress(db, 16)).every((n) => n.partials === 16 && n.through >= n.last)
 */
export const kpiProgress = async (db: SqlSession, partitions: number = DEFAULT_PARTITIONS): Promise<KpiProgress[]> => {
  const { rows } = await db.query<{ network: unknown; through: unknown; partials: unknown; last: unknown }>(KPI_REPORT_SQL.progress, [partitions])
  return rows.map((r) => {
    const partials = int(r.partials)
    return { network: String(r.network), through: partials < partitions ? 0 : int(r.through), partials, last: int(r.last) }
  })
}
