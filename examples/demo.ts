/**
 * The touchbase demo (`npm run demo`, or `npm run demo -- --locale ar` for Arabic): a small
 * referral network built from commands and stored in the in-memory event store; the 33-touch
 * year of one client and the 8x8 weeks of a new contact; and the agenda of one day.
 */
import * as E from 'fp-ts/lib/Either.js'
import {
  agenda,
  agendaPhrase,
  bidiIsolate,
  builtInPlans,
  digest,
  foldEvents,
  formatDate,
  handleCommand,
  inMemoryEventStore,
  label,
  listAnomalies,
  listContacts,
  schedule,
  type CalendarDate,
  type Command,
  type LabelLocale,
  type NetworkState,
  type PlannedTouch,
  type RelationshipEvent,
} from 'touchbase'

const locale: LabelLocale = process.argv.includes('--locale') && process.argv[process.argv.indexOf('--locale') + 1] === 'ar' ? 'ar' : 'en'
const ar = locale === 'ar'
const now = new Date('2026-11-26T09:00:00Z')
const store = inMemoryEventStore()
let state: NetworkState = foldEvents([])
let commandNo = 0

/** Prints a line, isolated for right-to-left text in Arabic so ids and dates stay in place. */
const say = (line = ''): void => console.log(ar ? bidiIsolate(line, locale) : line)
const t = (en: string, arabic: string): string => (ar ? arabic : en)
/** A number in the locale's digits. */
const num = (n: number): string => (ar ? n.toLocaleString('ar-u-nu-arab') : String(n))
const section = (en: string, arabic: string): void => {
  const title = t(en, arabic)
  say()
  say(`== ${title} ${'='.repeat(Math.max(0, 70 - title.length))}`)
}
/** Columns padded to their widest cell. */
const table = (rows: readonly (readonly string[])[]): void => {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? '')].length))) ?? []
  for (const r of rows) say(`  ${r.map((c, i) => c + ' '.repeat((widths[i] ?? 0) - [...c].length)).join('  ')}`.trimEnd())
}

/** A command without its id: `run` numbers them. */
type Draft<C> = C extends unknown ? Omit<C, 'commandId'> : never

/**
 * Handles a command against the store (read what it needs, decide, append with the versions
 * read), folds what it stored into the demo's state, and prints refusals.
 */
const run = async (command: Draft<Command>): Promise<void> => {
  const handled = await handleCommand(store, { ...command, commandId: `demo-${++commandNo}` } as Command, { now })
  if (E.isLeft(handled)) {
    say(`  ${t('refused', 'مرفوض')} ${command.type} (${handled.left.code}): ${handled.left.message}`)
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

section('The database, folded back from the store', 'قاعدة البيانات، مطويّة من جديد من المخزن')
const replayed = foldEvents((await store.readAll()).map((s) => s.event))
table([
  [t('contact', 'جهة الاتصال'), t('database', 'القاعدة'), t('role', 'الدور'), t('rating', 'التقييم'), t('refused', 'القنوات المرفوضة')],
  ...listContacts(replayed).map((c) => [
    c.profile?.name ?? '-',
    c.network.met ? t('Met', 'تعارفنا') : t("Haven't Met", 'لم نلتقِ'),
    c.network.role === null ? '-' : label(locale, 'roles', c.network.role),
    c.profile?.rating === undefined ? '-' : num(c.profile.rating),
    c.consent.refused.map((ch) => label(locale, 'channels', ch)).join(', ') || '-',
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
section(`The 33-touch year of ${salma.profile?.name}`, `سنة اللمسات الثلاث والثلاثين لـ ${salma.profile?.name}`)
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
section(`The 8x8 weeks of ${jack.profile?.name}`, `أسابيع خطة ٨×٨ لـ ${jack.profile?.name}`)
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

section(`The agenda of ${formatDate('2026-11-26' as CalendarDate, locale)} (7 days ahead)`, `جدول أعمال ${formatDate('2026-11-26' as CalendarDate, locale)} (سبعة أيام قادمة)`)
const today = agenda(state, { now, horizonDays: 7 })
const when = (days: number): string =>
  days > 0 ? agendaPhrase(locale, 'overdue-by-days', { n: days }) : days === 0 ? agendaPhrase(locale, 'due-today') : agendaPhrase(locale, 'due-in-days', { n: -days })
table([
  [t('due', 'الموعد'), t('contact', 'جهة الاتصال'), t('touch', 'اللمسة'), t('status', 'الحالة'), t('anchor', 'المناسبة')],
  ...today.items.map((i) => [formatDate(i.due, locale, { style: 'medium' }), i.contactName, label(locale, 'touchKinds', i.touch.kind), when(i.daysOverdue), anchorOf(i.touch)]),
])
for (const b of today.blocked) say(`  ${b.contactName}: ${label(locale, 'touchKinds', b.touch.kind)} — ${agendaPhrase(locale, 'channel-refused')}`)
for (const c of today.cadences) {
  say(`  ${c.contactName}: ${label(locale, 'touchKinds', c.kind)} — ${label(locale, 'cadenceStatuses', c.status)}${c.lastTouch === undefined ? '' : ` (${formatDate(c.lastTouch, locale, { style: 'medium' })})`}`)
}
for (const g of today.graduations) say(`  ${g.contactName}: ${agendaPhrase(locale, 'graduation-proposed')}`)
for (const m of today.missingDates) {
  say(`  ${m.contactName}: ${agendaPhrase(locale, 'personal-dates-missing', { n: m.fallbackCards })}${m.withoutDay.length > 0 ? `; ${agendaPhrase(locale, 'date-without-day')}` : ''}`)
}
say(`  ${t('digest', 'الموجز')}: ${digest(today, '2026-11-26').map((d) => `${d.assignee} ${formatDate(d.date as CalendarDate, locale, { style: 'medium' })} (${num(d.items.length + d.cadences.length)})`).join(' · ')}`)

section('Right to be forgotten', 'الحق في النسيان')
await run({ type: 'EraseContact', contactId: 'c-jack' })
const gone = state.contacts.get('c-jack')
say(`  c-jack: erased=${gone?.erased}, profile=${JSON.stringify(gone?.profile)}, ${t('events counted', 'الأحداث المحسوبة')}=${gone?.eventCount}`)
say(`  ${t('on the agenda', 'في جدول الأعمال')}: ${num(agenda(state, { now, horizonDays: 7 }).items.filter((i) => i.contactId === 'c-jack').length)}`)

section('A stream written by hand: what the fold sets aside', 'سجل مكتوب باليد: ما يضعه الطيّ جانبًا')
const handWritten: RelationshipEvent[] = [
  { id: 'h1', type: 'ContactAdded', at: '2026-11-01T10:00:00Z', schema: 1, contactId: 'c-x', name: 'X', met: true },
  { id: 'h2', type: 'ReferralReceived', at: '2026-11-02T10:00:00Z', schema: 1, contactId: 'c-x', referralId: 'r1', refereeId: 'c-x' },
  { id: 'h3', type: 'ContactRated', at: '2026-11-03T10:00:00Z', schema: 1, contactId: 'c-ghost', score: 3 },
  { id: 'h1', type: 'ContactAdded', at: '2026-11-01T10:00:00Z', schema: 1, contactId: 'c-x', name: 'X', met: true },
]
for (const a of listAnomalies(foldEvents(handWritten))) say(`  ${a.eventId} ${a.type}: ${a.reason}`)
say(`  ${t('(h1 delivered twice changes nothing: the id is the idempotency key)', '(وصول h1 مرتين لا يغيّر شيئًا: المعرّف هو مفتاح عدم التكرار)')}`)
