/**
 * United Arab Emirates: the unified public- and private-sector holidays of the UAE Cabinet
 * (u.ae; MOHRE) as days off — New Year's Day, Eid al-Fitr from 29 Ramadan to 3 Shawwal, Arafat
 * Day and Eid al-Adha (9–12 Dhu al-Hijjah), the Islamic New Year, the Prophet's Birthday,
 * Commemoration Day (December 1) and National Day (December 2–3) — on the Saturday–Sunday
 * weekend in force since 2022. The Cabinet sometimes moves a Hijri holiday to a Friday or a
 * Monday by decision; such moves are not rules.
 */
import { defineSet, fixed, hijri, obs, OFF } from './define.js'

/** The United Arab Emirates calendar set (`ae`). */
export const ae = defineSet({
  id: 'ae',
  name: 'United Arab Emirates',
  country: 'AE',
  weekend: [0, 6],
  observances: [
    obs('ae-new-year', "New Year's Day", 'رأس السنة الميلادية', fixed(1, 1), { dayOff: OFF }),
    obs('ae-mothers-day', "Mother's Day", 'عيد الأم', fixed(3, 21)),
    obs('ae-ramadan', 'Start of Ramadan', 'بداية شهر رمضان', hijri(9, 1)),
    obs('ae-zayed-humanitarian-day', 'Zayed Humanitarian Day', 'يوم زايد للعمل الإنساني', hijri(9, 19)),
    obs('ae-eid-al-fitr-holiday-29-ramadan', 'Eid al-Fitr holiday (29 Ramadan)', 'إجازة عيد الفطر (29 رمضان)', hijri(9, 29), {
      dayOff: OFF,
    }),
    // Only in a Ramadan of 30 days: a 30th that a month lacks gives no date.
    obs('ae-eid-al-fitr-holiday-30-ramadan', 'Eid al-Fitr holiday (30 Ramadan)', 'إجازة عيد الفطر (30 رمضان)', hijri(9, 30), {
      dayOff: OFF,
    }),
    obs('ae-eid-al-fitr', 'Eid al-Fitr', 'عيد الفطر', hijri(10, 1), { dayOff: { days: 3 } }),
    obs('ae-arafat-day', 'Arafat Day', 'يوم عرفة', hijri(12, 9), { dayOff: OFF }),
    obs('ae-eid-al-adha', 'Eid al-Adha', 'عيد الأضحى', hijri(12, 10), { dayOff: { days: 3 } }),
    obs('ae-hijri-new-year', 'Islamic New Year', 'رأس السنة الهجرية', hijri(1, 1), { dayOff: OFF }),
    obs('ae-mawlid', "The Prophet's Birthday", 'المولد النبوي الشريف', hijri(3, 12), { dayOff: OFF }),
    obs('ae-flag-day', 'Flag Day', 'يوم العلم', fixed(11, 3)),
    obs('ae-commemoration-day', 'Commemoration Day', 'يوم الشهيد', fixed(12, 1), { dayOff: OFF }),
    obs('ae-national-day', 'National Day (Eid Al Etihad)', 'عيد الاتحاد (اليوم الوطني)', fixed(12, 2), { dayOff: { days: 2 } }),
  ],
  cardHolidays: [
    'ae-eid-al-fitr',
    'ae-eid-al-adha',
    'ae-national-day',
    'ae-ramadan',
    'ae-new-year',
    'ae-hijri-new-year',
    'ae-mawlid',
    'ae-mothers-day',
    'ae-flag-day',
  ],
})
