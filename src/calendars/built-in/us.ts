/**
 * United States: the eleven federal holidays (5 U.S.C. § 6103; OPM) as days off — one on a
 * Saturday is observed the Friday before, on a Sunday the Monday after — and the popular
 * observances people send cards for.
 */
import { defineSet, easter, fixed, MON, nth, obs, OFF, SUN, THU } from './define.js'

const FEDERAL = { dayOff: { observed: 'nearest' } } as const

/** The United States calendar set (`us`). */
export const us = defineSet({
  id: 'us',
  name: 'United States',
  country: 'US',
  weekend: [0, 6],
  observances: [
    obs('us-new-year', "New Year's Day", 'رأس السنة الميلادية', fixed(1, 1), FEDERAL),
    obs('us-mlk-day', 'Martin Luther King Jr. Day', 'يوم مارتن لوثر كينغ الابن', nth(1, MON, 3), { dayOff: OFF }),
    obs('us-valentines-day', "Valentine's Day", 'عيد الحب', fixed(2, 14)),
    obs('us-washingtons-birthday', "Washington's Birthday (Presidents' Day)", 'ذكرى ميلاد واشنطن (يوم الرؤساء)', nth(2, MON, 3), {
      dayOff: OFF,
    }),
    obs('us-st-patricks-day', "St. Patrick's Day", 'عيد القديس باتريك', fixed(3, 17)),
    obs('us-easter', 'Easter Sunday', 'عيد الفصح', easter(0)),
    obs('us-mothers-day', "Mother's Day", 'عيد الأم', nth(5, SUN, 2)),
    obs('us-memorial-day', 'Memorial Day', 'يوم الذكرى', nth(5, MON, -1), { dayOff: OFF }),
    obs('us-fathers-day', "Father's Day", 'عيد الأب', nth(6, SUN, 3)),
    obs('us-juneteenth', 'Juneteenth National Independence Day', 'يوم جونتينث للاستقلال الوطني', fixed(6, 19), {
      ...FEDERAL,
      fromYear: 2021,
    }),
    obs('us-independence-day', 'Independence Day', 'عيد الاستقلال', fixed(7, 4), FEDERAL),
    obs('us-labor-day', 'Labor Day', 'عيد العمال', nth(9, MON, 1), { dayOff: OFF }),
    obs('us-columbus-day', 'Columbus Day', 'يوم كولومبوس', nth(10, MON, 2), { dayOff: OFF }),
    obs('us-halloween', 'Halloween', 'الهالوين', fixed(10, 31)),
    obs('us-veterans-day', 'Veterans Day', 'يوم المحاربين القدامى', fixed(11, 11), FEDERAL),
    obs('us-thanksgiving', 'Thanksgiving Day', 'عيد الشكر', nth(11, THU, 4), { dayOff: OFF }),
    obs('us-christmas', 'Christmas Day', 'عيد الميلاد المجيد', fixed(12, 25), FEDERAL),
  ],
  cardHolidays: [
    'us-thanksgiving',
    'us-new-year',
    'us-independence-day',
    'us-valentines-day',
    'us-halloween',
    'us-easter',
    'us-christmas',
    'us-labor-day',
    'us-st-patricks-day',
    'us-memorial-day',
    'us-mothers-day',
    'us-fathers-day',
  ],
})
