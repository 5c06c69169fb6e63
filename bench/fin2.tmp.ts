import { kpiAggregate, kpis } from '../src/kpi/index.js'
import { generateEventStream } from '../src/testing/index.js'
const events = generateEventStream({ seed: 1, contacts: 10000, events: 1000000 })
let t = performance.now()
const a = kpiAggregate(events)
const agg = performance.now() - t
const now = new Date('2027-01-01T00:00:00Z')
t = performance.now()
for (let r = 0; r < 3; r++) kpis(a, { now, from: '2025-01-01', to: '2026-12-31' })
const fin = (performance.now() - t) / 3
console.log(`aggregate ${agg.toFixed(0)} ms, finalize ${fin.toFixed(0)} ms: ${(100 * fin / agg).toFixed(1)}%`)
