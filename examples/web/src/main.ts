/**
 * The page: a contact's 33-touch year as twelve month grids, today's agenda, and the referral
 * funnel and KPIs as charts — in English or Arabic. Everything shown is computed by touchbase
 * from the event stream of `network.ts`; this file only lays it out.
 *
 * The day is the page's, never the clock's: `?today=YYYY-MM-DD` (default 2026-06-16), and
 * `?lang=ar` for Arabic. So the same URL draws the same page, which is what the end-to-end
 * test and its screenshots rely on.
 */
import * as E from 'fp-ts/lib/Either.js'
import {
  agenda,
  agendaPhrase,
  daysBetween,
  formatDate,
  formatMoney,
  funnel,
  intlLocale,
  isCalendarDate,
  isRtl,
  kpis,
  label,
  STAGES,
  type Agenda,
  type CalendarDate,
  type LabelLocale,
  type NetworkState,
  type RelationshipEvent,
  type TouchKind,
  type TouchStatus,
} from 'touchbase'
import type { Chart } from 'chart.js'
import { barChart, doughnutChart, type Datum } from './charts.js'
import { num, say } from './i18n.js'
import { DEFAULT_TODAY, KNOWN_CONTACT, KNOWN_ENROLLMENT, NETWORK_ZONE, networkAt, networkEvents } from './network.js'
import { kindCounts, lastDayOf, monthsBetween, statusCounts, yearView, type TouchView, type YearView } from './view.js'

/** The colour of each touch kind, in the year and its legend. */
const KIND_COLOURS: Readonly<Partial<Record<TouchKind, string>>> = {
  newsletter: '#4e79a7',
  'holiday-card': '#e15759',
  call: '#59a14f',
  'great-talking-letter': '#b07aa1',
  'observance-card': '#f28e2b',
  'give-away': '#c9a227',
}
const colourOf = (kind: TouchKind): string => KIND_COLOURS[kind] ?? '#9c755f'

/** What a touch's chip shows for its status (its colour says its kind). */
const STATUS_MARKS: Readonly<Record<TouchStatus, string>> = { done: '✓', skipped: '↷', blocked: '⊘', overdue: '!', due: '•', upcoming: '' }

// ---- The page's day and language, from the URL ------------------------------------------

const params = new URLSearchParams(location.search)
const asked = params.get('today') ?? ''
const today = (isCalendarDate(asked) ? asked : DEFAULT_TODAY) as CalendarDate
/** Nine in the morning in Riyadh, where the network lives. */
const now = new Date(`${today}T09:00:00+03:00`)
const events: readonly RelationshipEvent[] = networkEvents()
const state: NetworkState = networkAt(events, now)
let charts: Chart[] = []

// ---- Small DOM helpers -----------------------------------------------------------------

type Child = Node | string | null | undefined | false
/** An element with attributes (`data-*` included) and children; text is never parsed as HTML. */
const h = <K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Readonly<Record<string, string | number | boolean | undefined>> = {}, ...children: Child[]): HTMLElementTagNameMap[K] => {
  const el = document.createElement(tag)
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== false) el.setAttribute(k, v === true ? '' : String(v))
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c)
  return el
}
/** A name inside text of the other direction: `<bdi>` keeps it whole. */
const name = (text: string): HTMLElement => h('bdi', {}, text)

const gregorianTag = (locale: LabelLocale): string => (locale === 'ar' ? 'ar-u-ca-gregory-nu-arab' : 'en-u-ca-gregory-nu-latn')
/** The instant a calendar date is formatted at: its UTC noon, formatted in UTC (the machine's zone never moves the day). */
const noon = (date: CalendarDate): Date => new Date(`${date}T12:00:00Z`)
const fmt = (tag: string, options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(tag, { ...options, timeZone: 'UTC' })
// The Hijri dates are always in Arabic (Umm al-Qura, Arabic-Indic digits), beside the Gregorian ones.
const hijriDay = fmt('ar-u-ca-islamic-umalqura-nu-arab', { day: 'numeric' })
const hijriMonth = fmt('ar-u-ca-islamic-umalqura-nu-arab', { month: 'long', year: 'numeric' })
const hijriMonthName = fmt('ar-u-ca-islamic-umalqura-nu-arab', { month: 'long' })

// ---- The year --------------------------------------------------------------------------

const touchTitle = (t: TouchView, locale: LabelLocale): string => {
  const { touch } = t
  const parts = [label(locale, 'touchKinds', touch.kind), formatDate(touch.due, locale, { hijri: true }), label(locale, 'touchStatuses', t.status)]
  if (touch.anchor.type === 'holiday') parts.push(touch.anchor.names[locale])
  if (touch.anchor.type === 'personal-date') parts.push(label(locale, 'personalDateKinds', touch.anchor.kind))
  if (touch.fallback) parts.push(agendaPhrase(locale, 'fallback-card'))
  if (touch.blocked) parts.push(agendaPhrase(locale, 'channel-refused'))
  if (touch.outcome?.status === 'skipped' && touch.outcome.reason !== undefined) parts.push(agendaPhrase(locale, 'skipped-with-reason', { reason: touch.outcome.reason }))
  if (t.doneLate && touch.outcome?.status === 'done') parts.push(`${label(locale, 'touchStatuses', 'done')}: ${formatDate(touch.outcome.on as CalendarDate, locale)}`)
  return parts.join(' · ')
}

const chip = (t: TouchView, locale: LabelLocale): HTMLElement => {
  const title = touchTitle(t, locale)
  return h(
    'span',
    {
      class: `touch ${t.status}${t.doneLate ? ' done-late' : ''}`,
      style: `--kind: ${colourOf(t.touch.kind)}`,
      title,
      'aria-label': title,
      'data-touch-key': t.touch.touchKey,
      'data-kind': t.touch.kind,
      'data-status': t.status,
      'data-due': t.touch.due,
      'data-done-late': t.doneLate,
    },
    STATUS_MARKS[t.status],
  )
}

const monthGrid = (year: YearView, month: YearView['months'][number], locale: LabelLocale): HTMLElement => {
  const first = month.days[0]!.date
  const last = month.days.at(-1)!.date
  const hijriFirst = hijriMonth.format(noon(first))
  const hijriLast = hijriMonth.format(noon(last))
  const weekdayName = fmt(gregorianTag(locale), { weekday: 'narrow' })
  return h(
    'div',
    { class: 'month', 'data-month': month.month },
    h('h3', {}, fmt(gregorianTag(locale), { month: 'long', year: 'numeric' }).format(noon(first))),
    h('p', { class: 'hijri-months', lang: 'ar', dir: 'rtl' }, hijriFirst === hijriLast ? hijriFirst : `${hijriFirst} – ${hijriLast}`),
    h(
      'div',
      { class: 'grid' },
      // 2026-01-04 was a Sunday: weekday w is the 4th + w.
      ...year.weekdays.map((w) => h('span', { class: 'weekday' }, weekdayName.format(noon(`2026-01-${String(4 + w).padStart(2, '0')}` as CalendarDate)))),
      ...Array.from({ length: month.leadingBlanks }, () => h('span', { class: 'blank' })),
      ...month.days.map((d) => {
        const hd = hijriDay.format(noon(d.date))
        // The first of a Hijri month is named, so the Hijri months show where they turn.
        const hijri = hd === '١' ? `١ ${hijriMonthName.format(noon(d.date))}` : hd
        return h(
          'div',
          { class: `day${d.dayOff ? ' off' : ''}${d.today ? ' today' : ''}`, 'data-date': d.date, title: formatDate(d.date, locale, { hijri: true }) },
          h('span', { class: 'gregorian' }, num(locale, Number(d.date.slice(8)))),
          h('span', { class: 'hijri', lang: 'ar' }, hijri),
          d.touches.length > 0 && h('span', { class: 'touches' }, ...d.touches.map((t) => chip(t, locale))),
        )
      }),
    ),
  )
}

const legend = (year: YearView, locale: LabelLocale): HTMLElement =>
  h(
    'div',
    { class: 'legend' },
    h(
      'div',
      {},
      h('h3', {}, say(locale, 'legendKinds')),
      h(
        'ul',
        {},
        ...kindCounts(year.touches).map(([kind, n]) =>
          h('li', { 'data-legend-kind': kind }, h('span', { class: 'touch done', style: `--kind: ${colourOf(kind)}` }), ` ${label(locale, 'touchKinds', kind)} `, h('b', {}, num(locale, n))),
        ),
        h('li', { class: 'total' }, `${say(locale, 'total')} `, h('b', { 'data-total': year.touches.length }, num(locale, year.touches.length))),
      ),
    ),
    h(
      'div',
      {},
      h('h3', {}, say(locale, 'legendStatuses')),
      h(
        'ul',
        {},
        ...statusCounts(year.touches).map(([status, n]) =>
          h('li', { 'data-legend-status': status }, h('span', { class: `touch ${status}`, style: '--kind: #777' }, STATUS_MARKS[status]), ` ${label(locale, 'touchStatuses', status)} `, h('b', {}, num(locale, n))),
        ),
        h('li', {}, h('span', { class: 'touch done done-late', style: '--kind: #777' }, STATUS_MARKS.done), ` ${say(locale, 'doneLate')} `, h('b', {}, num(locale, year.touches.filter((t) => t.doneLate).length))),
        h('li', {}, h('span', { class: 'sample off' }), ` ${say(locale, 'dayOff')}`),
        h('li', {}, h('span', { class: 'sample today' }), ` ${say(locale, 'todayMark')}`),
      ),
    ),
  )

const yearSection = (locale: LabelLocale): HTMLElement => {
  const contact = state.contacts.get(KNOWN_CONTACT)
  const year = contact === undefined ? undefined : yearView(contact, KNOWN_ENROLLMENT, today)
  if (contact === undefined || year === undefined) return h('section', { id: 'year', 'data-touch-count': 0 }, h('p', {}, say(locale, 'noYear')))
  const [before, after] = say(locale, 'yearOf', { name: '\u0000' }).split('\u0000')
  return h(
    'section',
    { id: 'year', 'data-contact-id': contact.id, 'data-plan-id': year.schedule.planId, 'data-touch-count': year.touches.length },
    h('h2', {}, before, name(contact.profile?.name ?? contact.id), after),
    h(
      'p',
      { class: 'sub' },
      `${label(locale, 'plans', year.schedule.planId)} · `,
      say(locale, 'planYear', { from: formatDate(year.start, locale, { style: 'medium' }), to: formatDate(year.end, locale, { style: 'medium' }) }),
    ),
    h('div', { class: 'months' }, ...year.months.map((m) => monthGrid(year, m, locale))),
    legend(year, locale),
  )
}

// ---- Today's agenda --------------------------------------------------------------------

const instant = (iso: string, locale: LabelLocale): string =>
  new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: 'medium', timeStyle: 'short', timeZone: NETWORK_ZONE }).format(new Date(iso))

const agendaSection = (locale: LabelLocale): HTMLElement => {
  const result = agenda(state, { now, horizonDays: 14 })
  if (E.isLeft(result)) return h('section', { id: 'agenda' }, result.left.message)
  const a: Agenda = result.right
  const when = (daysOverdue: number): string =>
    daysOverdue > 0 ? agendaPhrase(locale, 'overdue-by-days', { n: daysOverdue }) : daysOverdue === 0 ? agendaPhrase(locale, 'due-today') : agendaPhrase(locale, 'due-in-days', { n: -daysOverdue })
  const touches = [...a.items, ...a.blocked].map((i) =>
    h(
      'li',
      { class: `status-${i.touch.blocked ? 'blocked' : i.status}`, 'data-agenda-item': i.touch.touchKey, 'data-contact-id': i.contactId },
      h('span', { class: 'touch-dot', style: `--kind: ${colourOf(i.touch.kind)}` }),
      h('span', { class: 'when' }, formatDate(i.due, locale, { style: 'medium' })),
      name(i.contactName),
      ` — ${label(locale, 'touchKinds', i.touch.kind)} — `,
      h('em', {}, i.touch.blocked ? agendaPhrase(locale, 'channel-refused') : when(i.daysOverdue)),
    ),
  )
  const cadences = a.cadences.map((c) =>
    h(
      'li',
      { class: `status-${c.status}`, 'data-agenda-cadence': c.cadenceId },
      name(c.contactName),
      ` — ${label(locale, 'touchKinds', c.kind)} (${label(locale, 'plans', c.planId)}) — `,
      h('em', {}, `${label(locale, 'cadenceStatuses', c.status)}, ${c.lastTouch === undefined ? agendaPhrase(locale, 'never-touched') : agendaPhrase(locale, 'last-touch-days-ago', { n: daysBetween(c.lastTouch, today) })}`),
    ),
  )
  const deadlines = a.referralDeadlines.map((d) =>
    h(
      'li',
      { class: d.overdue ? 'status-overdue' : 'status-due', 'data-agenda-referral': d.referralId },
      name(d.refereeName),
      ` — ${agendaPhrase(locale, d.overdue ? 'referee-contact-overdue' : 'referee-contact-due')} `,
      h('em', {}, say(locale, 'deadline', { date: instant(d.deadline, locale) })),
    ),
  )
  const missing = a.missingDates.map((m) => h('li', {}, name(m.contactName), ` — ${agendaPhrase(locale, 'personal-dates-missing', { n: m.fallbackCards })}`))
  const owed = a.referralTouches.filter((t) => t.status !== 'upcoming').length
  const group = (title: string, items: HTMLElement[]) => items.length > 0 && h('div', { class: 'group' }, h('h3', {}, title), h('ul', {}, ...items))
  return h(
    'section',
    { id: 'agenda', 'data-agenda-items': a.items.length },
    h('h2', {}, say(locale, 'agenda'), ' · ', formatDate(today, locale, { hijri: true })),
    touches.length + cadences.length + deadlines.length === 0 && h('p', {}, say(locale, 'agendaEmpty')),
    group(say(locale, 'touches'), touches),
    group(say(locale, 'referralDeadlines'), deadlines),
    group(say(locale, 'cadences'), cadences),
    group(say(locale, 'missingDates'), missing),
    owed > 0 && h('p', { class: 'sub' }, say(locale, 'referralTouchesOwed', { n: num(locale, owed) })),
  )
}

// ---- The funnel and the KPIs -----------------------------------------------------------

const STAGE_COLOURS = ['#9ecae1', '#6baed6', '#4292c6', '#2171b5', '#08519c', '#bbbbbb']

const kpiSection = (locale: LabelLocale): { section: HTMLElement; draw: () => Chart[] } => {
  const from = `${today.slice(0, 4)}-01-01` as CalendarDate
  const seen = events.filter((e) => Date.parse(e.at) <= now.getTime())
  const report = kpis(seen, { now, from, to: today, timeZone: NETWORK_ZONE })
  const leads = funnel(state, { from, to: today, timeZone: NETWORK_ZONE })
  const percent = (v: number | null, scale: number): string => (v === null ? say(locale, 'notDefined') : num(locale, (v * scale) / 100, { style: 'percent', maximumFractionDigits: 0 }))

  const tile = (key: string, title: string, value: string) => h('div', { class: 'tile', 'data-kpi': key }, h('span', { class: 'value' }, value), h('span', { class: 'name' }, title))
  const money = report.averageReferralValue[0]
  const tiles = h(
    'div',
    { class: 'tiles' },
    tile('referrals-received', say(locale, 'referralsReceived'), num(locale, report.referralsReceived.total)),
    tile('conversion-rate', say(locale, 'conversionRate'), percent(report.conversionRate.value, 1)),
    tile('customers-acquired', say(locale, 'customersAcquired'), num(locale, report.customersAcquired.count)),
    tile('average-referral-value', say(locale, 'averageReferralValue'), money?.value == null ? say(locale, 'notDefined') : formatMoney({ amount: money.value, currency: money.currency }, locale)),
    tile('nps', say(locale, 'nps'), report.nps.value === null ? say(locale, 'notDefined') : num(locale, report.nps.value, { signDisplay: 'exceptZero' })),
  )

  const canvas = (key: string) => h('canvas', { 'data-chart': key, role: 'img' })
  const figure = (key: string, title: string, wide = false) => {
    const c = canvas(key)
    return { c, el: h('figure', { class: wide ? 'chart wide' : 'chart' }, h('figcaption', {}, title), h('div', { class: 'canvas' }, c)) }
  }
  const funnelFig = figure('funnel', say(locale, 'funnel'), true)
  const roleFig = figure('by-role', say(locale, 'byRole'))
  const monthFig = figure('by-month', say(locale, 'byMonth'))
  const ratesFig = figure('rates', say(locale, 'rates'))

  const draw = (): Chart[] => {
    const stageData: Datum[] = STAGES.map((s, i) => ({ label: label(locale, 'stages', s), value: leads.total[s], colour: STAGE_COLOURS[i] ?? '#888' }))
    const r = report.referralsReceived.byRole
    const roleData: Datum[] = [
      { label: label(locale, 'roles', 'ally'), value: r.allies, colour: '#59a14f' },
      { label: label(locale, 'roles', 'advocate'), value: r.advocates, colour: '#4e79a7' },
      { label: label(locale, 'roles', 'core'), value: r.core, colour: '#b07aa1' },
      { label: label(locale, 'roles', 'client'), value: r.clients, colour: '#f28e2b' },
      { label: say(locale, 'other'), value: r.other, colour: '#bab0ac' },
    ].filter((d) => d.value > 0)
    const monthName = fmt(gregorianTag(locale), { month: 'short' })
    // Each month is a KPI report of its own: the referrals received in it (a cohort, docs/kpis.md).
    const monthData: Datum[] = monthsBetween(from, today).map((m) => ({
      label: monthName.format(noon(`${m}-01` as CalendarDate)),
      value: kpis(seen, { now, from: `${m}-01`, to: lastDayOf(m) < today ? lastDayOf(m) : today, timeZone: NETWORK_ZONE }).referralsReceived.total,
      colour: '#4e79a7',
    }))
    const rate = (v: number | null, scale: number) => (v === null ? 0 : Math.round(v * scale))
    const rateData: Datum[] = [
      { label: say(locale, 'conversionRate'), value: rate(report.conversionRate.value, 1), colour: '#08519c' },
      { label: say(locale, 'referralSla'), value: rate(report.referralSla.value, 100), colour: '#59a14f' },
      { label: say(locale, 'planAdherence'), value: rate(report.planAdherence.value, 100), colour: '#f28e2b' },
      { label: say(locale, 'referralRate'), value: rate(report.referralRate.value, 100), colour: '#b07aa1' },
    ]
    return [
      barChart(funnelFig.c, locale, stageData, { horizontal: true }),
      doughnutChart(roleFig.c, locale, roleData),
      barChart(monthFig.c, locale, monthData),
      barChart(ratesFig.c, locale, rateData, { horizontal: true, max: 100 }),
    ]
  }

  const section = h(
    'section',
    { id: 'kpis', 'data-referrals-received': report.referralsReceived.total, 'data-funnel-received': leads.total.received },
    h('h2', {}, say(locale, 'kpis', { from: formatDate(from, locale, { style: 'medium' }), to: formatDate(today, locale, { style: 'medium' }) })),
    tiles,
    h('div', { class: 'charts' }, funnelFig.el, roleFig.el, monthFig.el, ratesFig.el),
  )
  return { section, draw }
}

// ---- The page ------------------------------------------------------------------------

const render = (locale: LabelLocale): void => {
  for (const c of charts) c.destroy()
  const root = document.documentElement
  root.lang = locale
  root.dir = isRtl(locale) ? 'rtl' : 'ltr'
  document.title = say(locale, 'title')

  const switcher = h(
    'nav',
    { class: 'languages', 'aria-label': say(locale, 'language') },
    ...(['en', 'ar'] as const).map((l) =>
      h('button', { type: 'button', lang: l, 'data-lang': l, 'aria-pressed': l === locale ? 'true' : 'false' }, l === 'en' ? 'English' : 'العربية'),
    ),
  )
  switcher.addEventListener('click', (e) => {
    const l = (e.target as HTMLElement).closest('button')?.dataset['lang']
    if (l !== 'en' && l !== 'ar') return
    const url = new URL(location.href)
    url.searchParams.set('lang', l)
    history.replaceState(null, '', url)
    render(l)
  })

  const kpi = kpiSection(locale)
  const app = document.getElementById('app')!
  app.replaceChildren(
    h('header', {}, h('h1', {}, say(locale, 'title')), h('p', { class: 'today', 'data-today': today }, say(locale, 'today', { date: formatDate(today, locale, { hijri: true }) })), switcher),
    yearSection(locale),
    agendaSection(locale),
    kpi.section,
  )
  charts = kpi.draw()
  // Drawn: the end-to-end test waits for this before it reads or photographs the page.
  root.dataset['ready'] = locale
}

render(params.get('lang') === 'ar' ? 'ar' : 'en')
