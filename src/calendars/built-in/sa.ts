/**
 * Saudi Arabia: the official holidays of the Labor Law's implementing regulations (Article 24,
 * Ministry of Human Resources and Social Development) as days off — Eid al-Fitr four days from
 * the day after 29 Ramadan, Eid al-Adha four days from the Day of Arafah, Founding Day and
 * National Day (on a Friday the Thursday before, on a Saturday the Sunday after) — on the
 * Friday–Saturday weekend, with the Islamic dates of the Umm al-Qura calendar.
 */
import { defineSet, fixed, hijri, obs } from './define.js'

const NEAREST = { dayOff: { observed: 'nearest' } } as const

/** The Saudi Arabia calendar set (`sa`). */
export const sa = defineSet({
  id: 'sa',
  name: 'Saudi Arabia',
  country: 'SA',
  weekend: [5, 6],
  observances: [
    obs('sa-new-year', "New Year's Day (Gregorian)", 'رأس السنة الميلادية', fixed(1, 1)),
    obs('sa-founding-day', 'Founding Day', 'يوم التأسيس', fixed(2, 22), { ...NEAREST, fromYear: 2022 }),
    obs('sa-flag-day', 'Flag Day', 'يوم العلم', fixed(3, 11), { fromYear: 2023 }),
    obs('sa-mothers-day', "Mother's Day", 'عيد الأم', fixed(3, 21)),
    obs('sa-ramadan', 'Start of Ramadan', 'بداية شهر رمضان', hijri(9, 1)),
    obs('sa-eid-al-fitr-holiday', 'Eid al-Fitr holiday', 'إجازة عيد الفطر', hijri(9, 29, 1), { dayOff: { days: 4 } }),
    obs('sa-eid-al-fitr', 'Eid al-Fitr', 'عيد الفطر', hijri(10, 1)),
    obs('sa-arafah-day', 'Day of Arafah (Eid al-Adha holiday)', 'يوم عرفة (إجازة عيد الأضحى)', hijri(12, 9), { dayOff: { days: 4 } }),
    obs('sa-eid-al-adha', 'Eid al-Adha', 'عيد الأضحى', hijri(12, 10)),
    obs('sa-hijri-new-year', 'Islamic New Year', 'رأس السنة الهجرية', hijri(1, 1)),
    obs('sa-national-day', 'Saudi National Day', 'اليوم الوطني السعودي', fixed(9, 23), NEAREST),
  ],
  cardHolidays: [
    'sa-eid-al-fitr',
    'sa-eid-al-adha',
    'sa-ramadan',
    'sa-national-day',
    'sa-founding-day',
    'sa-hijri-new-year',
    'sa-new-year',
    'sa-flag-day',
    'sa-mothers-day',
  ],
})
