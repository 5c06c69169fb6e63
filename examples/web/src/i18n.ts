/**
 * The page's own words: headings and KPI names, which are the page's and not the domain's.
 * Every word of the domain — touch kinds, statuses, stages, roles, plans, agenda phrases — comes
 * from touchbase's labels (`label`, `labels`, `agendaPhrase`), so the page never translates what
 * the library already says.
 */
import { intlLocale, type LabelLocale } from 'touchbase'

const en = {
  title: 'touchbase — the year as a picture',
  language: 'Language',
  yearOf: 'The 33-touch year of {name}',
  planYear: 'Plan year {from} – {to}',
  noYear: 'No 33-touch year on this day yet.',
  today: 'Today: {date}',
  legendKinds: 'Touch kinds',
  legendStatuses: 'Statuses',
  doneLate: 'done after its date',
  dayOff: 'weekend or day off (calls and letters move off it)',
  todayMark: 'today',
  total: 'Total',
  hijri: 'Hijri (Umm al-Qura)',
  agenda: "Today's agenda",
  agendaEmpty: 'Nothing due.',
  touches: 'Touches',
  cadences: 'Cadences',
  referralDeadlines: 'Referrals to contact',
  deadline: 'by {date}',
  missingDates: 'Personal dates',
  referralTouchesOwed: 'thank-yous and status updates owed to referrers: {n}',
  kpis: 'Referrals and KPIs, {from} – {to}',
  funnel: 'The referral funnel (leads reaching each stage)',
  byRole: 'Referrals received, by who sent them',
  byMonth: 'Referrals received, by month',
  rates: 'Rates (%)',
  conversionRate: 'Conversion rate',
  referralSla: 'Contacted within 24 hours',
  planAdherence: 'Plan adherence',
  referralRate: 'Referral rate',
  nps: 'NPS',
  referralsReceived: 'Referrals received',
  customersAcquired: 'Customers acquired',
  averageReferralValue: 'Average referral value',
  other: 'Other',
  notDefined: 'not defined',
} as const

type Words = { readonly [K in keyof typeof en]: string }

const ar: Words = {
  title: 'touchbase — السنة في صورة',
  language: 'اللغة',
  yearOf: 'سنة اللمسات الثلاث والثلاثين لـ {name}',
  planYear: 'سنة الخطة {from} – {to}',
  noYear: 'لا توجد سنة لمسات ثلاث وثلاثين في هذا اليوم بعد.',
  today: 'اليوم: {date}',
  legendKinds: 'أنواع اللمسات',
  legendStatuses: 'الحالات',
  doneLate: 'أُنجزت بعد موعدها',
  dayOff: 'عطلة نهاية الأسبوع أو يوم إجازة (تُنقل عنه المكالمات والرسائل)',
  todayMark: 'اليوم',
  total: 'المجموع',
  hijri: 'هجري (أم القرى)',
  agenda: 'جدول أعمال اليوم',
  agendaEmpty: 'لا شيء مستحق.',
  touches: 'اللمسات',
  cadences: 'الإيقاعات',
  referralDeadlines: 'إحالات يجب التواصل معها',
  deadline: 'قبل {date}',
  missingDates: 'المناسبات الشخصية',
  referralTouchesOwed: 'رسائل شكر وإفادات مستحقة للمُحيلين: {n}',
  kpis: 'الإحالات ومؤشرات الأداء، {from} – {to}',
  funnel: 'قمع الإحالات (العملاء المحتملون في كل مرحلة)',
  byRole: 'الإحالات المستلمة حسب المُحيل',
  byMonth: 'الإحالات المستلمة حسب الشهر',
  rates: 'النسب (٪)',
  conversionRate: 'معدل التحويل',
  referralSla: 'التواصل خلال ٢٤ ساعة',
  planAdherence: 'الالتزام بالخطة',
  referralRate: 'معدل الإحالة',
  nps: 'صافي نقاط الترويج',
  referralsReceived: 'الإحالات المستلمة',
  customersAcquired: 'العملاء المكتسبون',
  averageReferralValue: 'متوسط قيمة الإحالة',
  other: 'غير ذلك',
  notDefined: 'غير معرّف',
}

/** A word of the page in the language, its `{name}` placeholders filled in. */
export const say = (locale: LabelLocale, key: keyof Words, values: Readonly<Record<string, string>> = {}): string =>
  (locale === 'ar' ? ar : en)[key].replace(/\{(\w+)\}/g, (all, name: string) => values[name] ?? all)

/** A number in the language's digits (Arabic-Indic in Arabic). */
export const num = (locale: LabelLocale, n: number, options: Intl.NumberFormatOptions = {}): string =>
  new Intl.NumberFormat(intlLocale(locale), options).format(n)
