/**
 * The touchbase demo (`npm run demo`, or `npm run demo -- --locale ar` for Arabic): a small
 * referral network built from commands and stored in the in-memory event store; the 33-touch
 * year of one client and the 8x8 weeks of a new contact; and the agenda of one day. Any other
 * `--locale` (`fr`) is not one touchbase speaks: the demo says so and prints English.
 */
import * as E from 'fp-ts/lib/Either.js'
import {
  agenda,
  agendaPhrase,
  builtInPlans,
  daysBetween,
  digest,
  foldEvents,
  formatDate,
  formatError,
  handleCommand,
  inMemoryEventStore,
  isolate,
  label,
  LABEL_LOCALES,
  listAnomalies,
  listContacts,
  schedule,
  UNASSIGNED,
  type CalendarDate,
  type Command,
  type CommandError,
  type LabelLocale,
  type NetworkState,
  type PlannedTouch,
  type RelationshipEvent,
} from 'touchbase'

const flag = process.argv.indexOf('--locale')
/** The locale asked for, as given (`ar`, `ar-SA`, `fr`…). */
const asked = flag >= 0 ? (process.argv[flag + 1] ?? 'en') : 'en'
const known = LABEL_LOCALES.find((l) => l === asked.split(/[-_]/)[0]?.toLowerCase())
const locale: LabelLocale = known ?? 'en'
const ar = locale === 'ar'
const now = new Date('2026-11-26T09:00:00Z')
const today = '2026-11-26' as CalendarDate
const store = inMemoryEventStore()
let state: NetworkState = foldEvents([])
let commandNo = 0
const refusals: CommandError[] = []

/**
 * Prints a line; in Arabic, wrapped whole in a right-to-left isolate. Every name, id and Latin
 * word in it is isolated where it is put in (`v`), so that a name's own final period stays in
 * its isolate instead of being guessed out of it.
 */
const say = (line = ''): void => console.log(ar && line.length > 0 ? isolate(line, 'rtl') : line)
const t = (en: string, arabic: string): string => (ar ? arabic : en)
/** A value put into a line (a name, an id, a code): isolated in Arabic. */
const v = (value: string): string => (ar ? isolate(value) : value)
/** A number in the locale's digits. */
const num = (n: number): string => (ar ? n.toLocaleString('ar-u-nu-arab') : String(n))
/** Items of a list, with the locale's comma. */
const list = (items: readonly string[]): string => items.join(t(', ', '، '))
/** Characters as the eye counts them: isolates take no room. */
const width = (s: string): number => [...s.replace(/[\u2066-\u2069]/g, '')].length
const section = (en: string, arabic: string): void => {
  const title = t(en, arabic)
  say()
  say(`== ${title} ${'='.repeat(Math.max(0, 70 - width(title)))}`)
}
/** Columns padded to their widest cell. */
const table = (rows: readonly (readonly string[])[]): void => {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => width(r[i] ?? '')))) ?? []
  for (const r of rows) say(`  ${r.map((c, i) => c + ' '.repeat((widths[i] ?? 0) - width(c))).join('  ')}`.trimEnd())
}

if (known === undefined) say(`Locale ${JSON.stringify(asked)}: touchbase has no messages in it, so this demo falls back to English.`)

/** A command without its id: `run` numbers them. */
type Draft<C> = C extends unknown ? Omit<C, 'commandId'> : never

/**
 * Handles a command against the store (read what it needs, decide, append with the versions
 * read), folds what it stored into the demo's state, and prints refusals in the user's
 * language (`formatError`).
 */
const run = async (command: Draft<Command>): Promise<void> => {
  const handled = await handleCommand(store, { ...command, commandId: `demo-${++commandNo}` } as Command, { now })
  if (E.isLeft(handled)) {
    refusals.push(handled.left)
    const shown = formatError(handled.left, asked)
    say(`  ${t('refused', 'مرفوض')} ${v(command.type)} (${v(handled.left.code)}): ${shown.text}`)
    return
  }
  state = foldEvents(handled.right.events.map((s) => s.event), state)
}

section('Building a network from commands', 'بناء شبكة من الأوامر')
await run({ type: 'AddContact', contactId: 'c-salma', name: 'Salma Haddad', met: true, role: 'client', circle: 'client', timeZone: 'Asia/Riyadh', calendarSet: 'sa', emails: ['salma@example.com'] })
await run({ type: 'AddContact', contactId: 'c-omar', name: 'Omar Farouk', met: true, role: 'advocate', circle: 'friend', timeZone: 'Asia/Riyadh', calendarSet: 'sa' })
await run({ type: 'AddContact', contactId: 'c-lina', name: 'Lina Mortgage Co.', met: true, role: 'ally', allyCategory: 'lender', circle: 'business-partner', timeZone: 'Asia/Riyadh', calendarSet: 'sa' })
await run({ type: 'AddContact', contactId: 'c-jack', name: 'Jack Miller', met: false, circle: 'other', timeZone: 'America/New_York', calendarSet: 'us' })
await run({ type: 'RecordPersonalDate', contactId: 'c-salma', kind: 'birthday', date: '--02-29' })
await run({ type: 'RecordPersonalDate', contactId: 'c-salma', kind: 'home-purchase-anniversary', date: '2021-06-15' })
await run({ type: 'RecordPersonalDate', contactId: 'c-salma', kind: 'graduation', date: '2027-06', label: 'Yusuf' })
await run({ type: 'RecordInterest', contactId: 'c-omar', category: 'team', name: 'Al Hilal', seasonStart: '--08-20' })
await run({ type: 'RateContact', contactId: 'c-omar', score: 5 })
await run({ type: 'RateContact', contactId: 'c-salma', score: 4 })
await run({ type: 'SetConsent', contactId: 'c-jack', channel: 'text', doNotContact: true })
await run({ type: 'MarkMet', contactId: 'c-jack' })
await run({ type: 'EnrollInPlan', contactId: 'c-salma', enrollmentId: 'en-salma', planId: 'client-for-life-33', startDate: '2026-10-15' })
await run({ type: 'EnrollInPlan', contactId: 'c-omar', enrollmentId: 'en-omar', planId: 'advocate-appreciation-33', startDate: '2026-09-01' })
await run({ type: 'EnrollInPlan', contactId: 'c-lina', enrollmentId: 'en-lina', planId: 'ally-cadence', startDate: '2026-06-01' })
await run({ type: 'EnrollInPlan', contactId: 'c-jack', enrollmentId: 'en-jack', planId: '8x8', startDate: '2026-09-21' })
await run({ type: 'LogTouch', contactId: 'c-lina', kind: 'meeting', channel: 'in-person', on: '2026-07-30' })
await run({ type: 'CompleteTouch', contactId: 'c-salma', enrollmentId: 'en-salma', touchKey: '0/newsletter/1', on: '2026-11-01' })
// The team kept up with Omar and Jack until mid-November, except Jack's week-4 call.
for (const [contactId, planId] of [['c-omar', 'advocate-appreciation-33'], ['c-jack', '8x8']] as const) {
  const c = state.contacts.get(contactId)!
  for (const touch of schedule(builtInPlans[planId], c.plans.enrollments[0]!, c).touches) {
    if (touch.due >= '2026-11-15' || touch.touchKey === '0/week-4/1' || touch.blocked) continue
    await run({ type: 'CompleteTouch', contactId, enrollmentId: touch.enrollmentId, touchKey: touch.touchKey, on: touch.due })
  }
}
say(`  ${num(state.eventCount)} ${t('events in', 'حدثًا في')} ${num(state.contacts.size)} ${t('contact streams', 'سجلات جهات اتصال')}`)

section('What decide refuses', 'ما يرفضه القرار')
await run({ type: 'RateContact', contactId: 'c-omar', score: 8 })
await run({ type: 'AddContact', contactId: 'c-omar', name: 'Omar again', met: true })
await run({ type: 'RecordPersonalDate', contactId: 'c-jack', kind: 'birthday', date: '1990-02-30' })
await run({ type: 'CompleteTouch', contactId: 'c-salma', enrollmentId: 'en-salma', touchKey: '0/newsletter/1', on: '2026-11-02' })
// formatError says when it could not answer in the language asked for.
const fellBack = refusals.map((e) => formatError(e, asked)).find((r) => r.fellBack)
if (fellBack !== undefined) say(`  (formatError fell back to English for ${JSON.stringify(asked)}: ${fellBack.fallbacks.join(', ')})`)

section('The database, folded back from the store', 'قاعدة البيانات، مطويّة من جديد من المخزن')
const replayed = foldEvents((await store.readAll()).map((s) => s.event))
table([
  [t('contact', 'جهة الاتصال'), t('database', 'القاعدة'), t('role', 'الدور'), t('rating', 'التقييم'), t('refused channels', 'القنوات المرفوضة')],
  ...listContacts(replayed).map((c) => [
    c.profile?.name === undefined ? '-' : v(c.profile.name),
    c.network.met ? t('Met', 'تعارفنا') : t("Haven't Met", 'لم نلتقِ'),
    c.network.role === null ? '-' : label(locale, 'roles', c.network.role),
    c.profile?.rating === undefined ? '-' : num(c.profile.rating),
    list(c.consent.refused.map((ch) => label(locale, 'channels', ch))) || '-',
  ]),
])

/** What a planned touch hangs on, in words. */
const anchorOf = (touch: PlannedTouch): string => {
  const a = touch.anchor
  switch (a.type) {
    case 'holiday':
      return `${ar ? a.names.ar : a.names.en} (${formatDate(a.holidayDate, locale, { style: 'medium' })})`
    case 'personal-date':
      return `${label(locale, 'personalDateKinds', a.kind)} (${formatDate(a.date, locale, { style: 'medium' })})`
    case 'after':
      return t(`after call ${a.touchKey.split('/')[2]}`, `بعد المكالمة ${num(Number(a.touchKey.split('/')[2]))}`)
    case 'fallback':
      return agendaPhrase(locale, 'fallback-card')
    default:
      return touch.item === undefined ? '' : label(locale, 'valueAddedItems', touch.item)
  }
}

const salma = state.contacts.get('c-salma')!
const year = schedule(builtInPlans['client-for-life-33'], salma.plans.enrollments[0]!, salma)
section(`The 33-touch year of ${salma.profile?.name}`, `سنة اللمسات الثلاث والثلاثين لـ ${v(salma.profile?.name ?? '')}`)
say(`  ${label(locale, 'plans', 'client-for-life-33')}: ${formatDate(year.planYears[0]!.start, locale)} – ${formatDate(year.planYears[0]!.end, locale)}`)
table([
  [t('due', 'الموعد'), t('touch', 'اللمسة'), t('channel', 'القناة'), t('anchor', 'المناسبة')],
  ...year.touches.map((x) => [formatDate(x.due, locale, { style: 'medium' }), label(locale, 'touchKinds', x.kind), label(locale, 'channels', x.channel), anchorOf(x)]),
])
const counts = new Map<string, number>()
for (const x of year.touches) counts.set(x.stepId, (counts.get(x.stepId) ?? 0) + 1)
say(`  ${[...counts].map(([step, n]) => `${label(locale, 'planSteps', step)} ${num(n)}`).join(' · ')} = ${num(year.touches.length)}`)

const jack = state.contacts.get('c-jack')!
const weeks = schedule(builtInPlans['8x8'], jack.plans.enrollments[0]!, jack)
section(`The 8x8 weeks of ${jack.profile?.name}`, `أسابيع خطة ٨×٨ لـ ${v(jack.profile?.name ?? '')}`)
table([
  [t('week', 'الأسبوع'), t('due', 'الموعد'), t('touch', 'اللمسة'), t('channel', 'القناة'), t('item', 'المادة')],
  ...weeks.touches.map((x) => [
    label(locale, 'planSteps', x.stepId),
    formatDate(x.due, locale, { style: 'medium' }),
    label(locale, 'touchKinds', x.kind),
    label(locale, 'channels', x.channel),
    x.item === undefined ? '' : label(locale, 'valueAddedItems', x.item),
  ]),
])
if (weeks.graduation !== undefined) {
  say(`  ${agendaPhrase(locale, 'graduation-proposed')}: ${label(locale, 'plans', weeks.graduation.planId)} (${formatDate(weeks.graduation.after, locale)})`)
}

section(`The agenda of ${formatDate(today, locale)} (7 days ahead)`, `جدول أعمال ${formatDate(today, locale)} (سبعة أيام قادمة)`)
// `now` is a valid date: the agenda is a Right (a Left names an invalid `now`).
const day = E.getOrElseW(() => { throw new Error('invalid now') })(agenda(state, { now, horizonDays: 7 }))
const when = (days: number): string =>
  days > 0 ? agendaPhrase(locale, 'overdue-by-days', { n: days }) : days === 0 ? agendaPhrase(locale, 'due-today') : agendaPhrase(locale, 'due-in-days', { n: -days })
table([
  [t('due', 'الموعد'), t('contact', 'جهة الاتصال'), t('touch', 'اللمسة'), t('status', 'الحالة'), t('anchor', 'المناسبة')],
  ...day.items.map((i) => [formatDate(i.due, locale, { style: 'medium' }), v(i.contactName), label(locale, 'touchKinds', i.touch.kind), when(i.daysOverdue), anchorOf(i.touch)]),
])
for (const b of day.blocked) say(`  ${v(b.contactName)}: ${label(locale, 'touchKinds', b.touch.kind)} — ${agendaPhrase(locale, 'channel-refused')}`)
for (const c of day.cadences) {
  // The date a cadence carries is its last touch, not when it is due: say how long ago that was.
  const last = c.lastTouch === undefined ? agendaPhrase(locale, 'never-touched') : agendaPhrase(locale, 'last-touch-days-ago', { n: daysBetween(c.lastTouch, today) })
  say(`  ${v(c.contactName)}: ${label(locale, 'touchKinds', c.kind)} — ${label(locale, 'cadenceStatuses', c.status)} (${last})`)
}
for (const g of day.graduations) say(`  ${v(g.contactName)}: ${agendaPhrase(locale, 'graduation-proposed')}`)
for (const m of day.missingDates) {
  say(`  ${v(m.contactName)}: ${agendaPhrase(locale, 'personal-dates-missing', { n: m.fallbackCards })}${m.withoutDay.length > 0 ? `${t('; ', '؛ ')}${agendaPhrase(locale, 'date-without-day')}` : ''}`)
}
const assignee = (a: string): string => (a === UNASSIGNED ? t('not assigned', 'غير مُسنَد إلى أحد') : v(a))
say(`  ${t('digest', 'الموجز')}: ${digest(day, today).map((d) => `${assignee(d.assignee)} ${formatDate(d.date as CalendarDate, locale, { style: 'medium' })} (${num(d.items.length + d.cadences.length)})`).join(' · ')}`)

section('Right to be forgotten', 'الحق في النسيان')
await run({ type: 'EraseContact', contactId: 'c-jack' })
const gone = state.contacts.get('c-jack')
say(
  ar
    ? `  ${v('c-jack')}: محذوفة: ${gone?.erased === true ? 'نعم' : 'لا'}، الملف الشخصي: ${gone?.profile === null ? 'لا شيء' : '…'}، الأحداث المحسوبة: ${num(gone?.eventCount ?? 0)}`
    : `  c-jack: erased=${gone?.erased}, profile=${JSON.stringify(gone?.profile)}, events counted=${gone?.eventCount}`,
)
say(`  ${t('on the agenda', 'في جدول الأعمال')}: ${num(E.isRight(agenda(state, { now, horizonDays: 7 })) ? E.getOrElseW(() => ({ items: [] }))(agenda(state, { now, horizonDays: 7 })).items.filter((i) => i.contactId === 'c-jack').length : 0)}`)

section('A stream written by hand: what the fold sets aside', 'سجل مكتوب باليد: ما يضعه الطيّ جانبًا')
const handWritten: RelationshipEvent[] = [
  { id: 'h1', type: 'ContactAdded', at: '2026-11-01T10:00:00Z', schema: 1, contactId: 'c-x', name: 'X', met: true },
  { id: 'h2', type: 'ReferralReceived', at: '2026-11-02T10:00:00Z', schema: 1, contactId: 'c-x', referralId: 'r1', refereeId: 'c-x' },
  { id: 'h3', type: 'ContactRated', at: '2026-11-03T10:00:00Z', schema: 1, contactId: 'c-ghost', score: 3 },
  { id: 'h1', type: 'ContactAdded', at: '2026-11-01T10:00:00Z', schema: 1, contactId: 'c-x', name: 'X', met: true },
]
for (const a of listAnomalies(foldEvents(handWritten))) say(`  ${v(a.eventId)} ${v(a.type ?? '-')}: ${v(a.reason)}`)
say(`  ${t('(h1 delivered twice changes nothing: the id is the idempotency key)', `(وصول ${v('h1')} مرتين لا يغيّر شيئًا: المعرّف هو مفتاح عدم التكرار)`)}`)
