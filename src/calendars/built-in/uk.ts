/**
 * United Kingdom (England and Wales): the eight bank holidays (gov.uk/bank-holidays) as days
 * off — New Year's Day, Christmas and Boxing Day move to the next free weekday when they fall
 * on a weekend (substitute days) — and the popular observances people send cards for.
 * One-off bank holidays (jubilees, coronations, state funerals) are not rules: add them to a
 * host's own set if needed.
 */
import { defineSet, easter, fixed, MON, nth, obs, OFF, SUN } from './define.js'

const SUBSTITUTE = { dayOff: { observed: 'next' } } as const

/** The United Kingdom (England and Wales) calendar set (`uk`). */
export const uk = defineSet({
  id: 'uk',
  name: 'United Kingdom (England and Wales)',
  country: 'GB',
  weekend: [0, 6],
  observances: [
    obs('uk-new-year', "New Year's Day", 'رأس السنة الميلادية', fixed(1, 1), SUBSTITUTE),
    obs('uk-valentines-day', "Valentine's Day", 'عيد الحب', fixed(2, 14)),
    obs('uk-pancake-day', 'Shrove Tuesday (Pancake Day)', 'ثلاثاء المرفع (يوم الفطائر)', easter(-47)),
    obs('uk-mothering-sunday', 'Mothering Sunday', 'أحد الأمهات (عيد الأم)', easter(-21)),
    obs('uk-good-friday', 'Good Friday', 'الجمعة العظيمة', easter(-2), { dayOff: OFF }),
    obs('uk-easter', 'Easter Sunday', 'عيد الفصح', easter(0)),
    obs('uk-easter-monday', 'Easter Monday', 'اثنين الفصح', easter(1), { dayOff: OFF }),
    obs('uk-st-georges-day', "St George's Day", 'يوم القديس جورج', fixed(4, 23)),
    obs('uk-early-may-bank-holiday', 'Early May bank holiday', 'عطلة أوائل مايو الرسمية', nth(5, MON, 1), { dayOff: OFF }),
    obs('uk-spring-bank-holiday', 'Spring bank holiday', 'عطلة الربيع الرسمية', nth(5, MON, -1), { dayOff: OFF }),
    obs('uk-fathers-day', "Father's Day", 'عيد الأب', nth(6, SUN, 3)),
    obs('uk-summer-bank-holiday', 'Summer bank holiday', 'عطلة الصيف الرسمية', nth(8, MON, -1), { dayOff: OFF }),
    obs('uk-halloween', 'Halloween', 'الهالوين', fixed(10, 31)),
    obs('uk-bonfire-night', 'Bonfire Night', 'ليلة الألعاب النارية (ليلة غاي فوكس)', fixed(11, 5)),
    obs('uk-remembrance-sunday', 'Remembrance Sunday', 'أحد الذكرى', nth(11, SUN, 2)),
    obs('uk-christmas', 'Christmas Day', 'عيد الميلاد المجيد', fixed(12, 25), SUBSTITUTE),
    obs('uk-boxing-day', 'Boxing Day', 'يوم الهدايا (ثاني أيام الميلاد)', fixed(12, 26), SUBSTITUTE),
  ],
  cardHolidays: [
    'uk-christmas',
    'uk-new-year',
    'uk-valentines-day',
    'uk-easter',
    'uk-summer-bank-holiday',
    'uk-halloween',
    'uk-bonfire-night',
    'uk-mothering-sunday',
    'uk-fathers-day',
    'uk-st-georges-day',
    'uk-pancake-day',
  ],
})
