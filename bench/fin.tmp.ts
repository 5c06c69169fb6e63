import { kpiAggregate, kpis } from '../src/kpi/index.js'
import { generateEventStream } from '../src/testing/index.js'
const events = generateEventStream({ seed: 1, contacts: 10000, events: 300000 })
const now = new Date('2027-01-01T00:00:00Z')
for (let r = 0; r < 3; r++) {
  let t = performance.now(); const a = kpiAggregate(events); const ag = performance.now() - t
  t = performance.now(); kpis(a, { now, from: '2025-01-01', to: '2026-12-31' }); const fi = performance.now() - t
  console.log(`aggregate ${ag.toFixed(0)} ms, finalize ${fi.toFixed(0)} ms, ratio ${(fi / ag).toFixed(2)}`)
}
