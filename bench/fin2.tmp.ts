import { kpiAggregate, kpis } from '../src/kpi/index.js'
import { generateEventStream } from '../src/testing/index.js'
const events = generateEventStream({ seed: 1, contacts: 10000, events: 300000 })
const a = kpiAggregate(events)
const now = new Date('2027-01-01T00:00:00Z')
const t = performance.now()
for (let r = 0; r < 3; r++) kpis(a, { now, from: '2025-01-01', to: '2026-12-31' })
console.log(((performance.now() - t) / 3).toFixed(0), 'ms a finalize')
