/**
 * KPI workers on PostgreSQL: OS processes that share only the database, each holding leases
 * on partitions of the logs (advisory locks), keeping each partition's partial KPI aggregate
 * with its checkpoint; and the readers that merge the partials into a network's report or a
 * team's. See README.md beside this file.
 */
export * from './leases.js'
export * from './partitions.js'
export * from './report.js'
export * from './worker.js'
