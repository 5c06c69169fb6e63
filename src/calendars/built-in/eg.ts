/**
 * Egypt: the official holidays of the Egyptian government (Cabinet decrees under the Labour
 * Law) as days off — the national days, Coptic Christmas, Sham el-Nessim (the Monday after
 * Coptic Orthodox Easter) and the Islamic holidays — on the Friday–Saturday weekend. Egypt
 * fixes Islamic months by moon sighting (Dar al-Ifta), which can differ from Umm al-Qura by
 * a day, and the Cabinet often moves a holiday to a Thursday by decree; such moves are not rules.
 */
import { defineSet, fixed, hijri, obs, OFF, orthodoxEasterRule } from './define.js'

/** The Egypt calendar set (`eg`). */
export const eg = defineSet({
  id: 'eg',
  name: 'Egypt',
  country: 'EG',
  weekend: [5, 6],
  observances: [
    obs('eg-new-year', "New Year's Day", 'رأس السنة الميلادية', fixed(1, 1)),
    obs('eg-coptic-christmas', 'Coptic Christmas', 'عيد الميلاد المجيد', fixed(1, 7), { dayOff: OFF }),
    obs('eg-january-25', 'January 25 Revolution Day and Police Day', 'عيد ثورة 25 يناير وعيد الشرطة', fixed(1, 25), { dayOff: OFF }),
    obs('eg-mothers-day', "Mother's Day", 'عيد الأم', fixed(3, 21)),
    obs('eg-coptic-easter', 'Coptic Easter', 'عيد القيامة المجيد', orthodoxEasterRule(0)),
    obs('eg-sham-el-nessim', 'Sham el-Nessim', 'شم النسيم', orthodoxEasterRule(1), { dayOff: OFF }),
    obs('eg-sinai-liberation-day', 'Sinai Liberation Day', 'عيد تحرير سيناء', fixed(4, 25), { dayOff: OFF }),
    obs('eg-labour-day', 'Labour Day', 'عيد العمال', fixed(5, 1), { dayOff: OFF }),
    obs('eg-june-30', 'June 30 Revolution Day', 'ذكرى ثورة 30 يونيو', fixed(6, 30), { dayOff: OFF, fromYear: 2014 }),
    obs('eg-revolution-day', 'Revolution Day (July 23)', 'عيد ثورة 23 يوليو', fixed(7, 23), { dayOff: OFF }),
    obs('eg-armed-forces-day', 'Armed Forces Day', 'عيد القوات المسلحة', fixed(10, 6), { dayOff: OFF }),
    obs('eg-ramadan', 'Start of Ramadan', 'بداية شهر رمضان', hijri(9, 1)),
    obs('eg-eid-al-fitr', 'Eid al-Fitr', 'عيد الفطر', hijri(10, 1), { dayOff: { days: 3 } }),
    obs('eg-arafat-day', 'Arafat Day', 'يوم عرفة', hijri(12, 9), { dayOff: OFF }),
    obs('eg-eid-al-adha', 'Eid al-Adha', 'عيد الأضحى', hijri(12, 10), { dayOff: { days: 3 } }),
    obs('eg-hijri-new-year', 'Islamic New Year', 'رأس السنة الهجرية', hijri(1, 1), { dayOff: OFF }),
    obs('eg-mawlid', "The Prophet's Birthday", 'المولد النبوي الشريف', hijri(3, 12), { dayOff: OFF }),
  ],
  cardHolidays: [
    'eg-eid-al-fitr',
    'eg-eid-al-adha',
    'eg-ramadan',
    'eg-sham-el-nessim',
    'eg-new-year',
    'eg-mawlid',
    'eg-hijri-new-year',
    'eg-mothers-day',
    'eg-coptic-christmas',
    'eg-revolution-day',
  ],
})
