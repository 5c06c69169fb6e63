/**
 * The agenda at scale (issue 14): the agenda index against the fold it follows, and the live
 * agenda at two network sizes. Every figure is a ratio against a reference measured in the
 * same run, or a time with its bar; medians, since the machine is shared.
 *
 * The network: N contacts on the 33-touch year (`client-for-life-33`), enrolled over the past
 * year, in five zones and their calendar sets; 90% of the touches already due are completed
 * and 3% skipped; some contacts have personal dates, an assignee, a refused phone, a pause
 * (half resumed); 5% referred someone (most contacted, half thanked), a few within the last
 * day (their 24-hour deadlines are open). The "next events" are a day's work: touches done
 * (most), logged, skipped and rescheduled, referrals and their stages, dates, consent, pauses,
 * new contacts.
 *
 * - agenda: building the index (bar ≤ 2× one `foldEvents` of the same events); a day's
 *   agenda from it (≤ 50 ms; horizon 14 and 0); the next day's, no event between (≤ 50 ms);
 *   a page of 100 items with `agendaPageFromIndex` (first, due only, deep in the list; today
 *   and the next day; ≤ 50 ms, the read a host serves per request); the day's counts with
 *   `agendaCountsFromIndex` (≤ 50 ms);
 *   keeping it up (evolve + updateAgendaIndex against evolve alone, ≤ 2×); and `agenda(state)`
 *   itself, on `--agenda-contacts` contacts, extrapolated per contact.
 * - live: `toAgenda` per event at 10,000 and N contacts (bar: N ≤ 2× 10,000).
 */
import * as E from 'fp-ts/lib/Either.js'
import { Subject } from 'rxjs'
import { isDeepStrictEqual } from 'node:util'
import { addDays, fromDayNumber, toDayNumber, type CalendarDate } from '../src/core/calendar-date.js'
import { agenda, agendaCountsFromIndex, agendaFromIndex, agendaIndex, agendaPageFromIndex, updateAgendaIndex, type Agenda, type AgendaIndex } from '../src/agenda/index.js'
import { SCHEMA_VERSIONS, type RelationshipEvent } from '../src/events/index.js'
import { builtInPlans, schedule, type PlannedTouch } from '../src/plans/index.js'
import { toAgenda, type EventInput } from '../src/rx/index.js'
import { evolve, foldEvents, type NetworkState } from '../src/state/index.js'
import { seededChooser, type Chooser } from '../src/testing/index.js'
import { collectGarbage, fmt, nowMs, summarize, type Summary } from './stats.js'

/** The options `bench/run.ts` accepts for these benchmarks. */
export const agendaBenchOptions = {
  'agenda-contacts': { type: 'string', default: '100000' },
  'agenda-baseline-contacts': { type: 'string', default: '5000' },
  'agenda-next': { type: 'string', default: '10000' },
  'agenda-runs': { type: 'string', default: '3' },
  'live-small': { type: 'string', default: '10000' },
} as const

/** A bar, as `bench/run.ts` lists them. */
export interface AgendaBar {
  readonly name: string
  readonly bar: string
  readonly value: string
  readonly pass: boolean
}

/** The clock of the fixture: a Monday afternoon in UTC. */
export const BENCH_NOW = new Date('2026-06-15T14:00:00Z')
const TODAY = toDayNumber('2026-06-15' as CalendarDate)
const PLAN = builtInPlans['client-for-life-33']
const ZONES = [
  ['America/New_York', 'us', 30],
  ['America/Los_Angeles', 'us', 20],
  ['Europe/London', 'uk', 20],
  ['Asia/Riyadh', 'sa', 20],
  [undefined, 'us', 10],
] as const
const TEAM = ['agent-1', 'agent-2', 'agent-3', 'agent-4', 'agent-5'] as const

const iso = (day: number, minutes: number): string => new Date((day * 1440 + minutes) * 60_000).toISOString()

/** A network and the events of its next day. */
export interface AgendaFixture {
  readonly contacts: number
  readonly events: RelationshipEvent[]
  readonly next: RelationshipEvent[]
}

/**
 * The fixture's events (see the top of this file), in stream order, and the next events.
 * Deterministic for a seed.
 */
export const agendaFixture = (contacts: number, nextEvents: number, seed = 1): AgendaFixture => {
  const ch = seededChooser(seed)
  const timed: Array<[string, RelationshipEvent]> = []
  let n = 0
  const ev = (at: string, type: RelationshipEvent['type'], contactId: string, payload: Record<string, unknown>): RelationshipEvent => {
    const e = { id: `b${n++}`, type, at, schema: SCHEMA_VERSIONS[type], contactId, ...payload } as unknown as RelationshipEvent
    timed.push([at, e])
    return e
  }
  const zoneOf = (c: Chooser): (typeof ZONES)[number] => {
    let r = c.int(100)
    for (const z of ZONES) {
      if (r < z[2]) return z
      r -= z[2]
    }
    return ZONES[0]
  }
  // The contacts, their enrollments and what shapes their schedules.
  const base: RelationshipEvent[] = []
  const starts: number[] = []
  for (let i = 0; i < contacts; i++) {
    const id = `c${i}`
    const [zone, set] = zoneOf(ch)
    const start = TODAY - ch.int(365)
    starts.push(start)
    const at = iso(start - 1, 8 * 60 + ch.int(600))
    base.push(ev(at, 'ContactAdded', id, { name: `Contact ${i}`, met: true, calendarSet: set, ...(zone === undefined ? {} : { timeZone: zone }) }))
    base.push(ev(at, 'PlanEnrolled', id, { enrollmentId: `${id}-33`, planId: PLAN.id, startDate: fromDayNumber(start) }))
    if (ch.int(10) < 3) base.push(ev(at, 'PersonalDateRecorded', id, { kind: 'birthday', date: `--${String(1 + ch.int(12)).padStart(2, '0')}-${String(1 + ch.int(28)).padStart(2, '0')}` }))
    if (ch.int(10) === 0) base.push(ev(at, 'PersonalDateRecorded', id, { kind: 'wedding-anniversary', date: `19${80 + ch.int(20)}-0${1 + ch.int(9)}-1${ch.int(9)}` }))
    if (ch.int(5) === 0) base.push(ev(at, 'LeadAssigned', id, { assignee: TEAM[ch.int(TEAM.length)] }))
    if (ch.int(20) === 0) base.push(ev(at, 'ConsentChanged', id, { channel: 'phone', doNotContact: true }))
    if (ch.int(33) === 0 && TODAY - start > 40) {
      const from = start + 20 + ch.int(TODAY - start - 30)
      base.push(ev(iso(from, 600), 'PlanPaused', id, { enrollmentId: `${id}-33`, from: fromDayNumber(from) }))
      if (ch.int(2) === 0 && TODAY - from > 12) {
        const on = from + 10 + ch.int(Math.min(50, TODAY - from - 11))
        base.push(ev(iso(on, 600), 'PlanResumed', id, { enrollmentId: `${id}-33`, on: fromDayNumber(on) }))
      }
    }
    if (ch.int(10) === 0) base.push(ev(iso(start + ch.int(TODAY - start + 1), 700), 'TouchLogged', id, { kind: 'call', channel: 'phone', on: fromDayNumber(start + ch.int(TODAY - start + 1)) }))
  }
  // Referrals: 5% of contacts refer someone not referred yet.
  const referred = new Set<number>()
  let recent = 0
  for (let i = 0; i < contacts; i++) {
    if (ch.int(20) !== 0) continue
    const j = ch.int(contacts)
    if (j === i || referred.has(j)) continue
    referred.add(j)
    const fresh = recent < 25 && ch.int(4) === 0
    if (fresh) recent++
    const day = fresh ? TODAY : Math.max(starts[i] as number, starts[j] as number) + ch.int(20)
    if (day > TODAY) continue
    const minute = fresh ? ch.int(14 * 60) : 9 * 60 + ch.int(8 * 60)
    const referralId = `r${i}`
    base.push(ev(iso(day, minute), 'ReferralReceived', `c${i}`, { referralId, refereeId: `c${j}` }))
    if (!fresh && ch.int(10) < 7) base.push(ev(iso(day + 1, minute), 'ReferralStageChanged', `c${i}`, { referralId, stage: 'contacted' }))
    if (!fresh && ch.int(2) === 0) base.push(ev(iso(day + 2, minute), 'TouchLogged', `c${i}`, { kind: 'referral-thank-you', channel: 'mail', on: fromDayNumber(day + 2), referralId }))
  }
  // The touches already due: 90% completed, 3% skipped, the rest left pending.
  const state = foldEvents(base)
  for (let i = 0; i < contacts; i++) {
    const contact = state.contacts.get(`c${i}`)
    const enrollment = contact?.plans.enrollments[0]
    if (contact === undefined || enrollment === undefined) continue
    for (const t of schedule(PLAN, enrollment, contact, { through: fromDayNumber(TODAY) }).touches) {
      const due = toDayNumber(t.due)
      if (due >= TODAY || t.onHold || t.blocked) continue
      const r = ch.int(100)
      const done = Math.min(TODAY - 1, due + ch.int(3))
      if (r < 90) ev(iso(done, 15 * 60 + ch.int(120)), 'TouchCompleted', contact.id, { enrollmentId: enrollment.enrollmentId, touchKey: t.touchKey, kind: t.kind, channel: t.channel, on: fromDayNumber(done) })
      else if (r < 93) ev(iso(done, 16 * 60), 'TouchSkipped', contact.id, { enrollmentId: enrollment.enrollmentId, touchKey: t.touchKey })
    }
  }
  timed.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
  const events = timed.map(([, e]) => e)
  return { contacts, events, next: nextDay(foldEvents(events), contacts, nextEvents, ch) }
}

/** A day's work after the fixture: `count` events from `BENCH_NOW` on, a second apart. */
const nextDay = (state: NetworkState, contacts: number, count: number, ch: Chooser): RelationshipEvent[] => {
  const out: RelationshipEvent[] = []
  let s = state
  let n = 0
  let added = contacts
  const pending = (id: string): { en: string; touch: PlannedTouch } | undefined => {
    const c = s.contacts.get(id)
    const en = c?.plans.enrollments[0]
    if (c === undefined || en === undefined || en.status !== 'active') return undefined
    const open = schedule(PLAN, en, c, { through: fromDayNumber(TODAY + 14) }).touches.filter((t) => t.outcome === undefined && !t.onHold && toDayNumber(t.due) <= TODAY + 7)
    const touch = open[ch.int(Math.max(1, open.length))]
    return touch === undefined ? undefined : { en: en.enrollmentId, touch }
  }
  while (out.length < count) {
    const at = new Date(BENCH_NOW.getTime() + out.length * 1000).toISOString()
    const e = (type: RelationshipEvent['type'], contactId: string, payload: Record<string, unknown>): void => {
      const x = { id: `next${n++}`, type, at, schema: SCHEMA_VERSIONS[type], contactId, ...payload } as unknown as RelationshipEvent
      out.push(x)
      s = evolve(s, x)
    }
    const id = `c${ch.int(contacts)}`
    const r = ch.int(100)
    const today = fromDayNumber(TODAY)
    if (r < 70) {
      const p = pending(id)
      if (p !== undefined) e('TouchCompleted', id, { enrollmentId: p.en, touchKey: p.touch.touchKey, kind: p.touch.kind, channel: p.touch.channel, on: today })
    } else if (r < 78) e('TouchLogged', id, { kind: 'call', channel: 'phone', on: today })
    else if (r < 83) {
      const p = pending(id)
      if (p !== undefined) e('TouchSkipped', id, { enrollmentId: p.en, touchKey: p.touch.touchKey })
    } else if (r < 86) {
      const p = pending(id)
      if (p !== undefined) e('TouchRescheduled', id, { enrollmentId: p.en, touchKey: p.touch.touchKey, to: addDays(p.touch.due, 3 + ch.int(10)) })
    } else if (r < 89) e('ReferralReceived', id, { referralId: `nr${n}`, refereeId: `c${ch.int(contacts)}` })
    else if (r < 92) {
      const given = s.contacts.get(id)?.referrals.given ?? []
      const referralId = given[given.length - 1]
      if (referralId !== undefined) e('ReferralStageChanged', id, { referralId, stage: 'appointment' })
    } else if (r < 94) e('PersonalDateRecorded', id, { kind: 'home-purchase-anniversary', date: `--0${1 + ch.int(9)}-1${ch.int(9)}` })
    else if (r < 96) e('ConsentChanged', id, { channel: 'text', doNotContact: ch.int(2) === 0 })
    else if (r < 97) {
      const en = s.contacts.get(id)?.plans.enrollments[0]
      if (en?.status === 'active') e('PlanPaused', id, { enrollmentId: en.enrollmentId, from: today })
    } else if (r < 98) e('ContactUpdated', id, { notes: `Called back ${n}` })
    else {
      const nid = `c${added++}`
      e('ContactAdded', nid, { name: `New ${nid}`, met: true, timeZone: 'America/New_York', calendarSet: 'us' })
      e('PlanEnrolled', nid, { enrollmentId: `${nid}-33`, planId: PLAN.id, startDate: today })
    }
  }
  return out.slice(0, count)
}

const right = <A>(x: E.Either<{ readonly message: string }, A>): A => {
  if (E.isLeft(x)) throw new Error(x.left.message)
  return x.right
}

const heapMb = (): number => process.memoryUsage().heapUsed / 1e6

/**
 * Times `f` `runs` times in a row, after `warmup` untimed calls: median and spread. No full
 * collection between the calls: right after one, V8's young generation is back at its
 * smallest, and a call that builds a large answer (an agenda of 100,000 contacts) is copied
 * through many small collections — several times its steady cost, which is not what a host
 * that reads an agenda per request sees.
 */
const timeRuns = (runs: number, f: () => unknown, warmup = 2): { ms: Summary; out: unknown } => {
  const times: number[] = []
  let out: unknown
  collectGarbage()
  for (let i = 0; i < warmup; i++) out = f()
  for (let i = 0; i < runs; i++) {
    const t = nowMs()
    out = f()
    times.push(nowMs() - t)
  }
  return { ms: summarize(times), out }
}

/** The size of an agenda, for the report. */
const sizeOf = (a: Agenda): Record<string, number> => ({
  items: a.items.length,
  blocked: a.blocked.length,
  olderOverdue: a.olderOverdue.length,
  cadences: a.cadences.length,
  graduations: a.graduations.length,
  missingDates: a.missingDates.length,
  referralDeadlines: a.referralDeadlines.length,
  referralTouches: a.referralTouches.length,
  notes: a.notes.length,
})

/** What the agenda benchmark measured. */
export interface AgendaBenchResult {
  readonly bars: AgendaBar[]
  readonly report: Record<string, unknown>
}

/**
 * The agenda index at `contacts` contacts (see the top of this file). `log` prints progress
 * and the table lines.
 */
export const benchAgenda = (opts: { contacts: number; baselineContacts: number; next: number; runs: number }, log: (line: string) => void): AgendaBenchResult => {
  const bars: AgendaBar[] = []
  const report: Record<string, unknown> = { contacts: opts.contacts, now: BENCH_NOW.toISOString() }
  let t = nowMs()
  const fx = agendaFixture(opts.contacts, opts.next)
  log(`fixture: ${fmt(fx.events.length)} events for ${fmt(fx.contacts)} contacts, ${fmt(fx.next.length)} next events (made in ${fmt((nowMs() - t) / 1000, 1)} s)`)
  report['events'] = fx.events.length

  // Building: foldEvents (the reference) and agendaIndex of its state, alternating.
  const fold: number[] = []
  const build: number[] = []
  let state: NetworkState | undefined
  let index: AgendaIndex | undefined
  for (let r = 0; r < opts.runs; r++) {
    for (const which of r % 2 === 0 ? (['fold', 'index'] as const) : (['index', 'fold'] as const)) {
      if (which === 'index' && state === undefined) continue
      index = undefined
      collectGarbage()
      const t0 = nowMs()
      if (which === 'fold') state = foldEvents(fx.events)
      else index = right(agendaIndex(state as NetworkState, { now: BENCH_NOW }))
      ;(which === 'fold' ? fold : build).push(nowMs() - t0)
    }
    if (index === undefined) {
      collectGarbage()
      const t0 = nowMs()
      index = right(agendaIndex(state as NetworkState, { now: BENCH_NOW }))
      build.push(nowMs() - t0)
    }
    log(`  run ${r + 1}/${opts.runs}: foldEvents ${fmt(fold.at(-1) ?? NaN)} ms, agendaIndex ${fmt(build.at(-1) ?? NaN)} ms`)
  }
  const s = state as NetworkState
  let ix = index as AgendaIndex
  collectGarbage()
  const heapWith = heapMb()
  const foldMs = summarize(fold)
  const buildMs = summarize(build)
  const buildRatio = buildMs.median / foldMs.median
  report['foldMs'] = foldMs
  report['buildMs'] = buildMs
  report['buildRatio'] = buildRatio
  bars.push({ name: `agendaIndex build vs foldEvents (${fmt(opts.contacts)} contacts)`, bar: '≤ 2×', value: `${fmt(buildRatio, 2)}×`, pass: buildRatio <= 2 })

  // Reading a day: today (horizon 14, lookback 60; and horizon 0), the next day, a week on.
  const tomorrow = new Date(BENCH_NOW.getTime() + 86_400_000)
  const reads = {
    'today (horizon 14, lookback 60)': { now: BENCH_NOW },
    'today (horizon 0)': { now: BENCH_NOW, horizonDays: 0 },
    'the next day, no events': { now: tomorrow },
    'a week on, no events': { now: new Date(BENCH_NOW.getTime() + 7 * 86_400_000) },
  }
  const readMs: Record<string, Summary> = {}
  const sizes: Record<string, unknown> = {}
  for (const [name, day] of Object.entries(reads)) {
    const runs = Math.max(5, opts.runs * 3)
    const { ms, out } = timeRuns(runs, () => right(agendaFromIndex(ix, day)))
    readMs[name] = ms
    sizes[name] = sizeOf(out as Agenda)
    log(`  agendaFromIndex, ${name}: median ${fmt(ms.median, 1)} ms (${fmt(ms.min, 1)}–${fmt(ms.max, 1)}), ${JSON.stringify(sizes[name])}`)
  }
  report['readMs'] = readMs
  report['agendaSizes'] = sizes
  // The floor: building an agenda of the same size from its parts laid out flat — the item
  // objects in the answer's own shapes (an assignee, a window where it has them), the
  // older-overdue lines, every list — with no index to read. What the machine costs for the answer alone.
  const sample = right(agendaFromIndex(ix, { now: BENCH_NOW }))
  const flatItems = (xs: readonly Agenda['items'][number][]) => xs.map((i) => [i.contactId, i.contactName, i.assignee, i.status, i.due, i.daysOverdue, i.touch, i.window] as const)
  const itemsOf = (flat: ReturnType<typeof flatItems>): Agenda['items'][number][] => {
    const out: Agenda['items'][number][] = []
    for (const [contactId, contactName, assignee, status, due, daysOverdue, touch, window] of flat) {
      if (assignee === undefined) out.push(window === undefined ? { contactId, contactName, status, due, daysOverdue, touch } : { contactId, contactName, status, due, daysOverdue, touch, window })
      else out.push(window === undefined ? { contactId, contactName, assignee, status, due, daysOverdue, touch } : { contactId, contactName, assignee, status, due, daysOverdue, touch, window })
    }
    return out
  }
  const flat = flatItems(sample.items)
  const flatBlocked = flatItems(sample.blocked)
  const counts = sample.olderOverdue.map((o) => [o.contactId, o.contactName, o.assignee, o.count] as const)
  const { ms: floorMs } = timeRuns(Math.max(5, opts.runs * 3), () => ({
    now: sample.now,
    items: itemsOf(flat),
    blocked: itemsOf(flatBlocked),
    olderOverdue: counts.map(([contactId, contactName, assignee, count]) => (assignee === undefined ? { contactId, contactName, count } : { contactId, contactName, assignee, count })),
    cadences: sample.cadences.map((c) => ({ ...c })),
    graduations: [...sample.graduations],
    missingDates: [...sample.missingDates],
    referralDeadlines: sample.referralDeadlines.map((d) => ({ ...d })),
    referralTouches: sample.referralTouches.map((t) => ({ ...t })),
    notes: [...sample.notes],
  }))
  report['outputFloorMs'] = floorMs
  log(`  the output alone (every list of the answer, items in their own shapes, built from flat lists): median ${fmt(floorMs.median, 1)} ms — agendaFromIndex is ${fmt((readMs['today (horizon 14, lookback 60)'] as Summary).median / floorMs.median, 2)}× that`)
  const today = readMs['today (horizon 14, lookback 60)'] as Summary
  const next = readMs['the next day, no events'] as Summary
  bars.push({ name: 'agendaFromIndex, a day (horizon 14)', bar: '≤ 50 ms', value: `${fmt(today.median, 1)} ms`, pass: today.median <= 50 })
  bars.push({ name: 'agendaFromIndex, the next day, no events', bar: '≤ 50 ms', value: `${fmt(next.median, 1)} ms`, pass: next.median <= 50 })

  // A page of the day, as a host shows it: the first 100 items, those due, one deep in the
  // list (after the 100,000th item), each today and the next day. Same index, same run.
  const deepKey = (now: Date) => {
    const deep = right(agendaFromIndex(ix, { now })).items[99_999]
    return deep === undefined ? undefined : { due: deep.due, contactId: deep.contactId, touchKey: deep.touch.touchKey, enrollmentId: deep.touch.enrollmentId }
  }
  const pageMs: Record<string, Summary> = {}
  for (const [when, now] of [['today', BENCH_NOW], ['the next day', tomorrow]] as const) {
    const after = deepKey(now)
    const pages = {
      [`${when}, the first 100 items`]: { now, limit: 100 },
      [`${when}, the first 100 due`]: { now, limit: 100, status: 'due' as const },
      [`${when}, 100 items after the 100,000th`]: { now, limit: 100, ...(after === undefined ? {} : { after }) },
    }
    for (const [name, query] of Object.entries(pages)) {
      const { ms, out } = timeRuns(Math.max(20, opts.runs * 10), () => right(agendaPageFromIndex(ix, query)))
      pageMs[name] = ms
      log(`  agendaPageFromIndex, ${name}: median ${fmt(ms.median, 2)} ms (${fmt(ms.min, 2)}–${fmt(ms.max, 2)}), ${(out as { items: unknown[] }).items.length} items`)
    }
  }
  report['pageMs'] = pageMs
  // The day's headline: every list's count, no item built.
  const countsMs: Record<string, Summary> = {}
  for (const [when, now] of [['today', BENCH_NOW], ['the next day', tomorrow]] as const) {
    const { ms, out } = timeRuns(Math.max(5, opts.runs * 3), () => right(agendaCountsFromIndex(ix, { now })))
    countsMs[when] = ms
    log(`  agendaCountsFromIndex, ${when}: median ${fmt(ms.median, 1)} ms (${fmt(ms.min, 1)}–${fmt(ms.max, 1)}), ${JSON.stringify(out)}`)
  }
  report['countsMs'] = countsMs
  const slowestPage = Math.max(...Object.values(pageMs).map((m) => m.median))
  bars.push({ name: 'agendaPageFromIndex, a page of 100 (slowest of 6)', bar: '≤ 50 ms', value: `${fmt(slowestPage, 2)} ms`, pass: slowestPage <= 50 })
  const slowestCounts = Math.max(...Object.values(countsMs).map((m) => m.median))
  bars.push({ name: 'agendaCountsFromIndex, today and the next day', bar: '≤ 50 ms', value: `${fmt(slowestCounts, 1)} ms`, pass: slowestCounts <= 50 })

  // Keeping it up: evolve alone against evolve + updateAgendaIndex over the next events.
  const evolveUs: number[] = []
  const bothUs: number[] = []
  const rounds = Math.max(3, opts.runs)
  // A round starts from the same state and index (both persistent), after a warm-up on the
  // first thousand events (untimed: see `timeRuns` on the young generation after a full collection).
  const warm = fx.next.slice(0, 1000)
  for (let r = 0; r < rounds; r++) {
    for (const which of r % 2 === 0 ? (['evolve', 'both'] as const) : (['both', 'evolve'] as const)) {
      collectGarbage()
      let st = s
      let i2 = ix
      for (const e of warm) {
        st = evolve(st, e)
        if (which === 'both') i2 = updateAgendaIndex(i2, st)
      }
      st = s
      i2 = ix
      const t0 = nowMs()
      if (which === 'evolve') for (const e of fx.next) st = evolve(st, e)
      else
        for (const e of fx.next) {
          st = evolve(st, e)
          i2 = updateAgendaIndex(i2, st)
        }
      const us = ((nowMs() - t0) * 1000) / fx.next.length
      ;(which === 'evolve' ? evolveUs : bothUs).push(us)
      if (which === 'both' && r === rounds - 1) ix = i2
    }
    log(`  round ${r + 1}/${rounds}: evolve ${fmt(evolveUs.at(-1) ?? NaN, 1)} µs/event, evolve + updateAgendaIndex ${fmt(bothUs.at(-1) ?? NaN, 1)} µs/event`)
  }
  // Where it goes: each event type's median cost, evolve alone and the index update alone.
  const byType: Record<string, { count: number; evolveUs: number; updateUs: number }> = {}
  {
    const ev: Record<string, number[]> = {}
    const up: Record<string, number[]> = {}
    let st = s
    let i2 = ix
    for (const e of fx.next) {
      const t0 = process.hrtime.bigint()
      st = evolve(st, e)
      const t1 = process.hrtime.bigint()
      i2 = updateAgendaIndex(i2, st)
      const t2 = process.hrtime.bigint()
      ;(ev[e.type] ??= []).push(Number(t1 - t0) / 1000)
      ;(up[e.type] ??= []).push(Number(t2 - t1) / 1000)
    }
    for (const type of Object.keys(ev)) {
      byType[type] = { count: (ev[type] as number[]).length, evolveUs: summarize(ev[type] as number[]).median, updateUs: summarize(up[type] as number[]).median }
    }
    log(`  by event type (median µs, evolve / update): ${Object.entries(byType).map(([t, x]) => `${t} ×${x.count}: ${fmt(x.evolveUs, 1)} / ${fmt(x.updateUs, 1)}`).join('; ')}`)
  }
  report['byEventType'] = byType
  const evolveSum = summarize(evolveUs)
  const bothSum = summarize(bothUs)
  const keepRatio = bothSum.median / evolveSum.median
  report['evolveUsPerEvent'] = evolveSum
  report['evolveAndUpdateUsPerEvent'] = bothSum
  report['keepRatio'] = keepRatio
  bars.push({ name: 'evolve + updateAgendaIndex vs evolve, per event', bar: '≤ 2×', value: `${fmt(keepRatio, 2)}×`, pass: keepRatio <= 2 })

  // The index kept up over the day's events reads what a fresh agenda says (checked on the
  // smaller network below, where `agenda` takes seconds, not a minute).
  const after = fx.next.reduce(evolve, s)
  report['heapMbWithIndex'] = heapWith

  // Today's `agenda(state)`, on a smaller network of the same shape, per contact.
  const small = opts.baselineContacts >= opts.contacts ? fx : agendaFixture(opts.baselineContacts, Math.min(opts.next, 1000))
  const smallState = small === fx ? after : foldEvents(small.events)
  const smallIndex = right(agendaIndex(smallState, { now: BENCH_NOW }))
  const { ms: agendaMs, out: batch } = timeRuns(2, () => right(agenda(smallState, { now: BENCH_NOW })), 0)
  const fromIndex = right(agendaFromIndex(smallIndex, { now: BENCH_NOW }))
  const equal = isDeepStrictEqual(batch, fromIndex)
  let keptEqual = true
  if (small !== fx) {
    let i3 = smallIndex
    let st = smallState
    for (const e of small.next) {
      st = evolve(st, e)
      i3 = updateAgendaIndex(i3, st)
    }
    keptEqual = isDeepStrictEqual(right(agendaFromIndex(i3, { now: tomorrow })), right(agenda(st, { now: tomorrow })))
  }
  const perContactUs = (agendaMs.median * 1000) / small.contacts
  log(
    `  agenda(state) at ${fmt(small.contacts)} contacts: median ${fmt(agendaMs.median)} ms (${fmt(perContactUs)} µs a contact; at ${fmt(opts.contacts)}: ≈ ${fmt((perContactUs * opts.contacts) / 1e6, 1)} s); agendaFromIndex equals it: ${equal}; kept up over ${fmt(small.next.length)} events: ${keptEqual}`,
  )
  report['agenda'] = { contacts: small.contacts, ms: agendaMs, perContactUs, extrapolatedMs: (perContactUs * opts.contacts) / 1000, equal, keptEqual }
  if (!equal || !keptEqual) bars.push({ name: 'agendaFromIndex equals agenda (checked on the smaller network)', bar: 'equal', value: 'differs', pass: false })
  return { bars, report }
}

/** What one size of the live benchmark measured. */
interface LiveSize {
  readonly contacts: number
  readonly firstTickMs: number
  readonly perEventUs: Summary
  readonly perEventReadUs: Summary
  readonly emitted: number
}

/**
 * `toAgenda` at one size: the state folded, given as `initial`; the first tick (which builds
 * the index); then the next events one at a time, each emission timed — emitted alone, and
 * emitted and read (its `items`, as a screen would; over the first thousand events).
 */
const liveAt = (contacts: number, next: number, log: (line: string) => void): LiveSize => {
  const fx = agendaFixture(contacts, next)
  const initial = foldEvents(fx.events)
  // Reading the items of every emission costs the size of the agenda (100 ms and more at
  // 100,000 contacts): that run takes the first thousand events only.
  const run = (read: boolean): { firstTickMs: number; us: number[]; emitted: number } => {
    const events$ = new Subject<EventInput>()
    const clock$ = new Subject<Date>()
    let emitted = 0
    let items = 0
    const sub = events$.pipe(toAgenda(clock$, { initial })).subscribe((a) => {
      emitted++
      if (read) items += a.items.length
    })
    collectGarbage()
    const t0 = nowMs()
    clock$.next(BENCH_NOW)
    const firstTickMs = nowMs() - t0
    const us: number[] = []
    for (const e of read ? fx.next.slice(0, 1000) : fx.next) {
      const t = process.hrtime.bigint()
      events$.next(e)
      us.push(Number(process.hrtime.bigint() - t) / 1000)
    }
    sub.unsubscribe()
    if (items < 0) log(String(items))
    return { firstTickMs, us, emitted }
  }
  run(false) // warm-up
  const plain = run(false)
  const read = run(true)
  const out = { contacts, firstTickMs: plain.firstTickMs, perEventUs: summarize(plain.us), perEventReadUs: summarize(read.us), emitted: plain.emitted }
  log(
    `  ${fmt(contacts)} contacts: first tick ${fmt(out.firstTickMs)} ms; per event median ${fmt(out.perEventUs.median, 1)} µs (p90 ${fmt(out.perEventUs.p90, 1)}), emitted and its items read ${fmt(out.perEventReadUs.median, 1)} µs; ${fmt(out.emitted)} emissions`,
  )
  return out
}

/** The live agenda per event at two sizes (see the top of this file). */
export const benchLive = (opts: { small: number; large: number; next: number }, log: (line: string) => void): AgendaBenchResult => {
  const small = liveAt(opts.small, opts.next, log)
  collectGarbage()
  const large = liveAt(opts.large, opts.next, log)
  const ratio = large.perEventUs.median / small.perEventUs.median
  const readRatio = large.perEventReadUs.median / small.perEventReadUs.median
  log(`  ratio ${fmt(opts.large)} / ${fmt(opts.small)}: ${fmt(ratio, 2)}× per event; ${fmt(readRatio, 2)}× with the items read`)
  return {
    bars: [{ name: `toAgenda per event at ${fmt(opts.large)} vs ${fmt(opts.small)}`, bar: '≤ 2×', value: `${fmt(ratio, 2)}×`, pass: ratio <= 2 }],
    report: { small, large, ratio, readRatio },
  }
}

