/**
 * The message of every error code touchbase returns, in English and Arabic: templates that
 * `formatError` fills from an error's `params` (and its `path`, and its `issues`). Typed by the
 * union of every family's codes, so a code without a message in either language does not
 * compile.
 *
 * Placeholders:
 *
 * - `{name}` — the param `name`: a number in the locale's digits; a text as it is in English
 *   and inside an FSI…PDI isolate in Arabic; a list as the locale writes one ("a, b, and c");
 * - `{name:category}` — a value of the domain's vocabulary by its label (`stages`, `channels`,
 *   `enrollmentStatuses`…, the categories of `labels`), `{name:date}` — a `YYYY-MM-DD` date,
 *   spelt out in Arabic, as it is in English — and `{name:month}` — a month number by its name;
 * - `|or` — a list joined with "or", `|chain` — joined with arrows (a circle of steps),
 *   `|code` — each item in backticks (English);
 * - `{path}` — the error's path; `{details}` — the first five of its `issues`, each rendered
 *   in the same locale, the rest counted.
 *
 * The English of each template is its error's `message`, word for word (a test holds them
 * together). In Arabic, literal Latin text in a template sits inside an isolate, and the
 * punctuation is Arabic (`،` `؛` `؟`).
 */
import type { DecodeErrorCode } from '../core/decoding.js'
import type { CalendarErrorCode } from '../calendars/errors.js'
import type { DomainErrorCode } from '../decisions/errors.js'
import type { ICalErrorCode } from '../ical/errors.js'
import type { ImportErrorCode } from '../import/errors.js'
import type { PlanErrorCode } from '../plans/errors.js'
import type { RewardPolicyErrorCode } from '../rewards/validate.js'
import type { LabelLocale } from './keys.js'

/** The code of any error touchbase returns. */
export type ErrorCode = DecodeErrorCode | DomainErrorCode | PlanErrorCode | RewardPolicyErrorCode | CalendarErrorCode | ICalErrorCode | ImportErrorCode

/** The messages of one locale, and how it joins the issues of a `{details}` placeholder. @internal */
export interface ErrorMessages {
  readonly messages: Readonly<Record<ErrorCode, string>>
  /** Between two issues. */
  readonly separator: string
  /** After the fifth issue, when there are more: `{n}` is how many more. */
  readonly more: string
}

// Literal Latin text inside an Arabic template (a field name, a command): isolated, so it
// keeps its place in right-to-left text.
const ltr = (s: string): string => `\u2068${s}\u2069`

/** @internal */
export const ERROR_MESSAGES: { readonly [L in LabelLocale]: ErrorMessages } = {
  en: {
    separator: '; ',
    more: '; and {n} more',
    messages: {
      // Decoding
      'decode-failed': '{details}',
      'invalid-value': '{path}: expected {expected}, got {got}',
      'limit-exceeded': '{path}: expected {expected}, got {got}',
      'not-plain-data': '{path}: expected {expected}, got {got}',
      unreadable: '{path}: could not be read ({got})',
      // decide
      'unknown-contact': 'No contact "{contactId}" in the network: add it first.',
      'contact-erased': 'Contact "{contactId}" was erased (right to be forgotten): nothing more can be recorded about it.',
      'contact-exists': 'A contact with id "{contactId}" already exists: choose another id.',
      'contact-merged': 'Contact "{contactId}" was merged into "{survivorId}": record it on "{survivorId}".',
      'merge-into-self': 'A contact cannot be merged into itself ("{contactId}"): name two contacts.',
      'rating-out-of-range': 'A referral-ability rating is an integer from 1 to 5, not {score}.',
      'invalid-command': 'The command is not valid: {details}',
      'invalid-now': '`now` must be a valid Date.',
      'unknown-command': 'Unknown command type {commandType}.',
      'unknown-plan': 'No plan "{planId}": use a built-in plan id or pass your plans in the decision context.',
      'unknown-enrollment': 'Contact "{contactId}" has no enrollment "{enrollmentId}".',
      'enrollment-exists': 'An enrollment with id "{enrollmentId}" already exists for this contact: choose another id.',
      'already-enrolled': 'The contact is already enrolled in {planId} ({enrollmentId}); cancel or complete it first.',
      'enrollment-ended': 'Enrollment "{enrollmentId}" is {status}: it takes no more changes.',
      'enrollment-not-active': 'Enrollment "{enrollmentId}" is {status}, not active: only an active enrollment can be paused.',
      'enrollment-not-paused': 'Enrollment "{enrollmentId}" is {status}, not paused: only a paused enrollment can be resumed.',
      'resume-before-pause': 'Cannot resume on {on}: the pause began on {pausedFrom}.',
      'pause-outside-enrollment':
        'Cannot pause from {from}: the earliest a pause may start is {earliest}. Pauses start inside the enrollment and never overlap.',
      'touch-in-future': 'A touch made on {on} is in the future: it is {today} for the contact.',
      'touch-before-enrollment':
        'A planned touch cannot be made on {on}, before its enrollment started ({startDate}); log it with LogTouch instead.',
      'reschedule-outside-plan-year': 'Cannot move the touch to {to}: it belongs to the plan year {planYearStart} – {planYearEnd}.',
      'start-date-out-of-range':
        'A plan cannot start on {startDate}: enrollments start between 1900-01-01 and 2150-12-31 (where calendars are exact).',
      'not-the-referee': 'Referral "{referralId}" is not about "{contactId}": a sale closes a referral with its referee.',
      'empty-feedback': 'Feedback needs at least one measure (nps, csi, performance, benefits, costs or effort).',
      'no-graduation': 'Plan "{planId}" graduates to no other plan.',
      'unknown-touch': 'Enrollment "{enrollmentId}" has no planned touch "{touchKey}".',
      'touch-already-done': 'Touch "{touchKey}" is already done.',
      'channel-refused': 'Contact "{contactId}" refused the {channel} channel: no touch may be made on it.',
      'self-referral': 'Contact "{contactId}" cannot refer itself.',
      'referral-exists': 'A referral with id "{referralId}" already exists: choose another id.',
      'unknown-referee': 'No contact "{contactId}" to refer: add it first, or give the new referee\'s profile in `referee`.',
      'referee-has-open-referral':
        'Contact "{contactId}" already has an open referral ({referralId}); a new one is allowed once it is closed or lost.',
      'unknown-referral': 'No referral "{referralId}".',
      'not-the-referrer': 'Referral "{referralId}" was not sent by "{contactId}": its events go in the referrer\'s stream.',
      'stage-not-forward': '{id} is at {from}: it cannot move back or stay at {to}; stages only move forward.',
      'referral-closed': '{id} is closed: no stage ({to}) comes after closed.',
      'referral-lost': '{id} was lost: it cannot move to {to}. A new referral of the same person is allowed.',
      'lead-is-referred': 'Contact "{contactId}" is a referred lead: move its referral ({referralId}) instead.',
      'transaction-exists': 'A transaction with id "{transactionId}" is already recorded for this contact.',
      'not-an-ally': 'Contact "{contactId}" is not an ally: only allies are reviewed.',
      'unknown-reward': 'No reward "{rewardId}" in the ledger.',
      'invalid-reward-transition': 'Reward "{rewardId}" is {status}: {command} applies to a reward that is {from|or}.',
      'command-id-reused':
        'Command id "{commandId}" was already used by another command: give each command its own id (a retry of the same command is accepted).',
      'unknown-stage': 'Unknown stage {stage}: a stage is one of received, contacted, appointment, under-contract, closed, lost.',
      // validatePlan
      'invalid-plan': '{details}',
      'duplicate-step-id': '{path}: step id `{stepId}` is used twice',
      'window-plan-renews': '{path}: a plan with a window of days cannot renew; use a plan year',
      'plan-without-touches': '{path}: a plan needs at least one step or cadence',
      'rule-needs-plan-year': '{path}: step `{stepId}`: rule `{rule}` needs a plan year, and this plan runs {days} days',
      'steps-in-circle': '{path}: steps {steps|chain|code} follow each other in a circle',
      'duplicate-cadence-id': '{path}: cadence id `{cadenceId}` is used twice',
      'cadence-max-below-ideal': '{path}: cadence `{cadenceId}`: the maximum interval ({maxDays} days) is shorter than the ideal ({idealDays})',
      'cadence-without-reset': '{path}: cadence `{cadenceId}` is reset by no kind of touch',
      'no-plan-days': '{path}: step `{stepId}` has no plan days',
      'plan-day-outside-plan': '{path}: step `{stepId}`: plan day {day} is outside a plan of {days} days',
      'no-months': '{path}: step `{stepId}` has no months',
      'spread-too-dense': '{path}: step `{stepId}` spreads {count} touches over {days} days',
      'day-not-every-year': '{path}: step `{stepId}`: {month}/{day} is not a day every year has',
      'follows-unknown-step': '{path}: step `{stepId}` follows step `{follows}`, which does not exist',
      'follows-itself': '{path}: step `{stepId}` follows itself',
      'follows-keyed-step':
        '{path}: step `{stepId}` follows `{follows}`, whose touches are keyed by {keyedBy}; follow a step whose touches are numbered (by rule {numberedRules|or|code})',
      'follows-per-contact-step':
        '{path}: step `{stepId}` follows `{follows}`, whose touches vary by contact (one per {per}); follow a step whose touches are numbered (by rule {numberedRules|or|code})',
      'follows-missing-occurrence': '{path}: step `{stepId}` follows touch {occurrence} of `{follows}`, which has {perYear}',
      'repeated-occurrence': '{path}: step `{stepId}` follows touch {occurrence} of `{follows}` twice',
      'follow-gap-too-long': '{path}: step `{stepId}` follows its step by {days} days; at most {max}',
      'no-personal-date-kinds': '{path}: step `{stepId}` names no personal-date kind',
      'too-few-fallback-days': '{path}: step `{stepId}` needs {count} fallback days for contacts with no dates, has {has}',
      'fallback-day-outside-plan-year': '{path}: step `{stepId}`: fallback day {day} is outside the plan year',
      // validateRewardPolicy
      'invalid-reward-policy': '{details}',
      'policy-without-rules': '{path}: a policy needs at least one rule',
      'unknown-jurisdiction-rule': '{path}: unknown jurisdiction rule `{jurisdiction}`; known: {known}',
      'duplicate-jurisdiction': '{path}: jurisdiction rule `{jurisdiction}` is named twice',
      'duplicate-rule-id': '{path}: rule id `{ruleId}` is used twice',
      'revenue-share-before-closed': '{path}: rule `{ruleId}` pays a percentage of revenue at `{stage}`; revenue is known only at `closed`',
      'reward-not-positive': '{path}: rule `{ruleId}` pays {amount}: a reward must be worth more than 0',
      'duplicate-gift-role': '{path}: rule `{ruleId}` gives role `{role}` two gifts',
      'tiers-not-increasing': '{path}: rule `{ruleId}`: tiers must start in increasing order ({from} after {previous})',
      'duplicate-milestone': '{path}: rule `{ruleId}` has the milestone at referral {at} twice',
      'duplicate-recurring-milestone': '{path}: rule `{ruleId}` has the milestone every {at} referrals twice',
      'no-referrer-role': '{path}: rule `{ruleId}` allows no referrer role: it could never pay',
      'duplicate-cap-id': '{path}: cap id `{capId}` is used twice',
      'cap-limits-nothing': '{path}: cap `{capId}` limits nothing: give it a count, a value or both',
      'lifetime-cap-rolling': '{path}: cap `{capId}`: a lifetime cap has no rolling window',
      'cap-not-positive': '{path}: cap `{capId}` allows {amount}: a value cap must be more than 0',
      'cap-without-sides': '{path}: cap `{capId}` counts no side: it would limit nothing',
      'cap-without-rules': '{path}: cap `{capId}` counts no rule: it would limit nothing',
      'cap-names-unknown-rule': '{path}: cap `{capId}` names rule `{ruleId}`, which does not exist',
      'cap-measures-unpaid-money': '{path}: cap `{capId}` measures money in {currency}, which none of its rules pays',
      'cap-measures-unpaid-points': '{path}: cap `{capId}` measures points, which none of its rules pays',
      'cap-measures-unpaid-quota': '{path}: cap `{capId}` measures a quota in {unit}, which none of its rules pays',
      'refund-window-without-stages': '{path}: the refund window names no stage: drop it or name the stages it holds',
      // Calendars
      'invalid-calendar-set': '{details}',
      'duplicate-weekend-day': '{path}: a weekend names each day once',
      'weekend-without-business-day': '{path}: a weekend of all seven days leaves no business day',
      'day-not-in-month': '{path}: {month:month} has days 1–{last}, not {day}',
      'years-reversed': '{path}: toYear {toYear} is before fromYear {fromYear}',
      'duplicate-observance': "observance id '{observanceId}' is defined twice",
      'too-few-card-holidays':
        "a calendar set ranks at least {min} card holidays (so that every plan year finds {perYear}); '{calendarSet}' ranks {count}",
      'unknown-card-holiday': "card holiday '{observanceId}' is not an observance of calendar set '{calendarSet}'",
      'duplicate-card-holiday': "card holiday '{observanceId}' is ranked twice",
      'not-enough-card-holidays':
        "calendar set '{calendarSet}' gives only {count} of {wanted} distinct card holidays with a due date (holiday − {leadDays} days) in the plan year {planYearStart} … {planYearEnd}; rank more candidates",
      'no-business-days': "calendar set '{calendarSet}' has no business day for more than {days} days from {from} (weekend plus days off)",
      'invalid-plan-year': 'plan year ends ({planYearEnd}) before it starts ({planYearStart})',
      'invalid-lead-time': 'card lead time must be a whole number of days 0–366, got {leadDays}',
      // The calendar export (touchbase/ical)
      'invalid-uid-domain': '`uidDomain` must be a domain name you control, such as crm.example.com (every UID ends with it), not {got}.',
      'invalid-stamp': '`stamp` must be a valid Date (the DTSTAMP of every event: when the calendar was made), not {got}.',
      'invalid-ical-option': '{option|code} must be {expected}, not {got}.',
      'schedules-of-several-contacts': "A contact's calendar holds the schedules of one contact; these are of {contactIds}.",
      // Imports (touchbase/import)
      'file-too-large': 'The file is {size} bytes: an import reads at most {max}.',
      'too-many-rows': 'The file has more than {max} contacts: split it, or raise the limit.',
      'not-utf-8': 'The file is not UTF-8 text: save it as UTF-8 and import it again.',
      'not-a-vcard': 'The file holds no vCard (no BEGIN:VCARD line).',
      'no-name-column': 'The header has none of the columns the mapping takes a name from.',
      'invalid-import-options': 'Import option {option} is not valid: see the import options.',
      'too-many-fields': 'Line {line} has more than {max} fields.',
      'line-too-long': 'Line {line} is longer than {max} characters.',
      'malformed-line': 'Line {line} cannot be read: it is not well formed.',
      'unterminated-card': 'The card that begins on line {line} has no END:VCARD.',
      'unsupported-version': 'Line {line}: a vCard version this import does not read (it reads 2.1, 3.0 and 4.0).',
      'not-a-person': 'Line {line}, {field}: the card is a group or a place, not a contact.',
      'missing-name': 'Line {line}, {field}: no name (the field is missing or empty).',
      'invalid-email': 'Line {line}, {field}: not an e-mail address.',
      'invalid-phone': 'Line {line}, {field}: not a phone number that can be written in international form (E.164).',
      'invalid-date': 'Line {line}, {field}: not a date (YYYY-MM-DD, --MM-DD without a year, or YYYY-MM).',
      'invalid-text': 'Line {line}, {field}: the text holds control characters.',
      'text-too-long': 'Line {line}, {field}: longer than {max} characters.',
      'too-many-values': 'Line {line}, {field}: more than {max} values.',
      'invalid-flag': 'Line {line}, {field}: not yes or no.',
      'invalid-contact-id': 'Line {line}: the contact id the host mapped is not a valid id.',
    },
  },
  ar: {
    separator: '؛ ',
    more: '؛ وأسباب أخرى عددها {n}',
    messages: {
      // Decoding
      'decode-failed': '{details}',
      'invalid-value': '{path}: المتوقع {expected}، والوارد {got}',
      'limit-exceeded': '{path}: تجاوزت القيمة حدًّا مسموحًا به: المتوقع {expected}، والوارد {got}',
      'not-plain-data': '{path}: ليست بيانات بسيطة: المتوقع {expected}، والوارد {got}',
      unreadable: '{path}: تعذّرت قراءة القيمة ({got})',
      // decide
      'unknown-contact': 'لا توجد جهة اتصال «{contactId}» في الشبكة: أضفها أولًا.',
      'contact-erased': 'حُذفت بيانات جهة الاتصال «{contactId}» (الحق في النسيان): لا يمكن تسجيل شيء آخر عنها.',
      'contact-exists': 'توجد جهة اتصال بالمعرّف «{contactId}» بالفعل: اختر معرّفًا آخر.',
      'contact-merged': 'دُمجت جهة الاتصال «{contactId}» في «{survivorId}»: سجّل ذلك على «{survivorId}».',
      'merge-into-self': 'لا يمكن دمج جهة اتصال في نفسها («{contactId}»): اذكر جهتَي اتصال مختلفتين.',
      'rating-out-of-range': 'تقييم القدرة على الإحالة عدد صحيح من ١ إلى ٥، وليس {score}.',
      'invalid-command': 'الأمر غير صالح: {details}',
      'invalid-now': `يجب أن يكون الوقت الحالي (${ltr('now')}) تاريخًا صالحًا.`,
      'unknown-command': 'نوع أمر غير معروف: {commandType}.',
      'unknown-plan': 'لا توجد خطة «{planId}»: استخدم معرّف خطة مدمجة، أو مرّر خططك في سياق القرار.',
      'unknown-enrollment': 'ليس لجهة الاتصال «{contactId}» اشتراك «{enrollmentId}».',
      'enrollment-exists': 'لجهة الاتصال هذه اشتراك بالمعرّف «{enrollmentId}» بالفعل: اختر معرّفًا آخر.',
      'already-enrolled': 'جهة الاتصال مشتركة بالفعل في خطة «{planId:plans}» (الاشتراك «{enrollmentId}»)؛ ألغِه أو أكمله أولًا.',
      'enrollment-ended': 'الاشتراك «{enrollmentId}» في حالة «{status:enrollmentStatuses}»: لا يقبل أي تغيير بعد الآن.',
      'enrollment-not-active':
        'الاشتراك «{enrollmentId}» في حالة «{status:enrollmentStatuses}» لا «نشطة»: لا يُوقَف مؤقتًا إلا اشتراك نشط.',
      'enrollment-not-paused':
        'الاشتراك «{enrollmentId}» في حالة «{status:enrollmentStatuses}» لا «متوقفة مؤقتًا»: لا يُستأنف إلا اشتراك متوقف مؤقتًا.',
      'resume-before-pause': 'لا يمكن الاستئناف في {on:date}: بدأ الإيقاف المؤقت في {pausedFrom:date}.',
      'pause-outside-enrollment':
        'لا يمكن الإيقاف المؤقت ابتداءً من {from:date}: أبكر موعد يبدأ فيه الإيقاف هو {earliest:date}. يبدأ الإيقاف داخل مدة الاشتراك، ولا تتداخل فترات الإيقاف.',
      'touch-in-future': 'اللمسة المسجّلة في {on:date} تقع في المستقبل: اليوم لدى جهة الاتصال هو {today:date}.',
      'touch-before-enrollment': `لا يمكن إنجاز لمسة مخطط لها في {on:date}، قبل بدء اشتراكها ({startDate:date})؛ سجّلها بأمر ${ltr('LogTouch')} بدلًا من ذلك.`,
      'reschedule-outside-plan-year': 'لا يمكن نقل اللمسة إلى {to:date}: فهي من سنة الخطة الممتدة من {planYearStart:date} إلى {planYearEnd:date}.',
      'start-date-out-of-range':
        'لا يمكن أن تبدأ خطة في {startDate:date}: تبدأ الاشتراكات بين ١ يناير ١٩٠٠ و٣١ ديسمبر ٢١٥٠ (حيث التقاويم دقيقة).',
      'not-the-referee': 'الإحالة «{referralId}» ليست عن «{contactId}»: تُغلَق الإحالة بصفقة مع المُحال نفسه.',
      'empty-feedback':
        'تحتاج الملاحظات إلى مقياس واحد على الأقل (صافي نقاط الترويج، أو رضا العميل، أو الأداء، أو المنافع، أو التكاليف، أو الجهد).',
      'no-graduation': 'لا تنتقل خطة «{planId:plans}» إلى خطة أخرى.',
      'unknown-touch': 'ليس في الاشتراك «{enrollmentId}» لمسة مخطط لها «{touchKey}».',
      'touch-already-done': 'اللمسة «{touchKey}» منجزة بالفعل.',
      'channel-refused': 'رفضت جهة الاتصال «{contactId}» قناة «{channel:channels}»: لا تُجرى أي لمسة عبرها.',
      'self-referral': 'لا يمكن لجهة الاتصال «{contactId}» أن تُحيل نفسها.',
      'referral-exists': 'توجد إحالة بالمعرّف «{referralId}» بالفعل: اختر معرّفًا آخر.',
      'unknown-referee': `لا توجد جهة اتصال «{contactId}» لإحالتها: أضفها أولًا، أو أعطِ ملف المُحال الجديد في ${ltr('referee')}.`,
      'referee-has-open-referral': 'لجهة الاتصال «{contactId}» إحالة مفتوحة بالفعل («{referralId}»)؛ تُقبل إحالة جديدة بعد إتمامها أو خسارتها.',
      'unknown-referral': 'لا توجد إحالة «{referralId}».',
      'not-the-referrer': 'لم تُرسل جهة الاتصال «{contactId}» الإحالة «{referralId}»: أحداثها تُسجَّل في سجل المُحيل.',
      'stage-not-forward': '«{id}» في مرحلة «{from:stages}»: لا يمكن أن تعود أو تبقى في مرحلة «{to:stages}»؛ المراحل تتقدم فقط.',
      'referral-closed': '«{id}» تمت صفقتها: لا مرحلة («{to:stages}») بعد إتمام الصفقة.',
      'referral-lost': '«{id}» لم تتم: لا يمكن نقلها إلى مرحلة «{to:stages}». تُقبل إحالة جديدة للشخص نفسه.',
      'lead-is-referred': 'جهة الاتصال «{contactId}» عميل محتمل مُحال: انقل إحالته («{referralId}») بدلًا من ذلك.',
      'transaction-exists': 'سُجّلت لجهة الاتصال هذه معاملة بالمعرّف «{transactionId}» بالفعل.',
      'not-an-ally': 'جهة الاتصال «{contactId}» ليست حليفًا: لا يُراجَع إلا الحلفاء.',
      'unknown-reward': 'لا توجد مكافأة «{rewardId}» في السجل.',
      'invalid-reward-transition': 'المكافأة «{rewardId}» {status:rewardStatuses}: ينطبق الأمر {command} على مكافأة {from:rewardStatuses|or}.',
      'command-id-reused': 'معرّف الأمر «{commandId}» استُخدم لأمر آخر: أعطِ كل أمر معرّفه الخاص (تُقبل إعادة محاولة الأمر نفسه).',
      'unknown-stage': 'مرحلة غير معروفة {stage}: المرحلة واحدة من: مستلمة، تم التواصل، موعد محدد، قيد التعاقد، تمت الصفقة، لم تتم.',
      // validatePlan
      'invalid-plan': '{details}',
      'duplicate-step-id': '{path}: معرّف الخطوة «{stepId}» مستخدم مرتين',
      'window-plan-renews': '{path}: لا تتجدد خطة مدتها عدد محدد من الأيام؛ استخدم سنة خطة',
      'plan-without-touches': '{path}: تحتاج الخطة إلى خطوة أو وتيرة تواصل واحدة على الأقل',
      'rule-needs-plan-year': '{path}: الخطوة «{stepId}»: القاعدة «{rule}» تحتاج إلى سنة خطة، وهذه الخطة عدد أيامها {days}',
      'steps-in-circle': '{path}: الخطوات {steps|chain} يتبع بعضها بعضًا في حلقة مغلقة',
      'duplicate-cadence-id': '{path}: معرّف وتيرة التواصل «{cadenceId}» مستخدم مرتين',
      'cadence-max-below-ideal': '{path}: وتيرة التواصل «{cadenceId}»: أقصى فاصل بالأيام ({maxDays}) أقصر من الفاصل المثالي ({idealDays})',
      'cadence-without-reset': '{path}: لا يعيد أي نوع من اللمسات ضبط وتيرة التواصل «{cadenceId}»',
      'no-plan-days': '{path}: ليس للخطوة «{stepId}» أيام في الخطة',
      'plan-day-outside-plan': '{path}: الخطوة «{stepId}»: يوم الخطة {day} خارج خطة عدد أيامها {days}',
      'no-months': '{path}: ليس للخطوة «{stepId}» أشهر',
      'spread-too-dense': '{path}: الخطوة «{stepId}» توزّع لمسات عددها {count} على أيام عددها {days}',
      'day-not-every-year': '{path}: الخطوة «{stepId}»: اليوم {day}/{month} لا يوجد في كل سنة',
      'follows-unknown-step': '{path}: الخطوة «{stepId}» تتبع الخطوة «{follows}» غير الموجودة',
      'follows-itself': '{path}: الخطوة «{stepId}» تتبع نفسها',
      'follows-keyed-step': '{path}: الخطوة «{stepId}» تتبع «{follows}» ولمساتها غير مرقّمة؛ اتبع خطوة لمساتها مرقّمة (بإحدى القواعد {numberedRules|or})',
      'follows-per-contact-step':
        '{path}: الخطوة «{stepId}» تتبع «{follows}» وعدد لمساتها يختلف من جهة اتصال إلى أخرى؛ اتبع خطوة لمساتها مرقّمة (بإحدى القواعد {numberedRules|or})',
      'follows-missing-occurrence': '{path}: الخطوة «{stepId}» تتبع اللمسة رقم {occurrence} من «{follows}»، وعدد لمساتها {perYear}',
      'repeated-occurrence': '{path}: الخطوة «{stepId}» تتبع اللمسة رقم {occurrence} من «{follows}» مرتين',
      'follow-gap-too-long': '{path}: الخطوة «{stepId}» تتبع خطوتها بعد أيام عددها {days}؛ والحد الأقصى {max}',
      'no-personal-date-kinds': '{path}: لا تسمّي الخطوة «{stepId}» أي نوع من التواريخ الشخصية',
      'too-few-fallback-days': '{path}: تحتاج الخطوة «{stepId}» إلى أيام بديلة عددها {count} لجهات الاتصال التي لا تواريخ لها، ولديها {has}',
      'fallback-day-outside-plan-year': '{path}: الخطوة «{stepId}»: اليوم البديل {day} خارج سنة الخطة',
      // validateRewardPolicy
      'invalid-reward-policy': '{details}',
      'policy-without-rules': '{path}: تحتاج السياسة إلى قاعدة واحدة على الأقل',
      'unknown-jurisdiction-rule': '{path}: قاعدة نظامية غير معروفة «{jurisdiction}»؛ المعروفة: {known}',
      'duplicate-jurisdiction': '{path}: القاعدة النظامية «{jurisdiction}» مذكورة مرتين',
      'duplicate-rule-id': '{path}: معرّف القاعدة «{ruleId}» مستخدم مرتين',
      'revenue-share-before-closed':
        '{path}: القاعدة «{ruleId}» تدفع نسبة من الإيراد في مرحلة «{stage:stages}»؛ والإيراد لا يُعرف إلا في مرحلة «تمت الصفقة»',
      'reward-not-positive': '{path}: القاعدة «{ruleId}» تدفع {amount}: يجب أن تزيد قيمة المكافأة على صفر',
      'duplicate-gift-role': '{path}: القاعدة «{ruleId}» تعطي الدور «{role:roles}» هديتين',
      'tiers-not-increasing': '{path}: القاعدة «{ruleId}»: يجب أن تبدأ الشرائح بترتيب تصاعدي ({from} بعد {previous})',
      'duplicate-milestone': '{path}: للقاعدة «{ruleId}» المحطة نفسها مرتين: عند الإحالة رقم {at}',
      'duplicate-recurring-milestone': '{path}: للقاعدة «{ruleId}» المحطة نفسها مرتين: عند كل إحالة رقمها من مضاعفات {at}',
      'no-referrer-role': '{path}: القاعدة «{ruleId}» لا تسمح بأي دور للمُحيل: لن تدفع أبدًا',
      'duplicate-cap-id': '{path}: معرّف الحد «{capId}» مستخدم مرتين',
      'cap-limits-nothing': '{path}: الحد «{capId}» لا يقيّد شيئًا: أعطه عددًا أو قيمة أو كليهما',
      'lifetime-cap-rolling': '{path}: الحد «{capId}»: لا نافذة متحركة لحدٍّ يسري مدى الحياة',
      'cap-not-positive': '{path}: الحد «{capId}» يسمح بـ {amount}: يجب أن تزيد قيمة الحد على صفر',
      'cap-without-sides': '{path}: الحد «{capId}» لا يحتسب أي طرف: لن يقيّد شيئًا',
      'cap-without-rules': '{path}: الحد «{capId}» لا يحتسب أي قاعدة: لن يقيّد شيئًا',
      'cap-names-unknown-rule': '{path}: الحد «{capId}» يسمّي القاعدة «{ruleId}» غير الموجودة',
      'cap-measures-unpaid-money': '{path}: الحد «{capId}» يقيس مبالغ بعملة {currency}، ولا تدفعها أي من قواعده',
      'cap-measures-unpaid-points': '{path}: الحد «{capId}» يقيس نقاطًا، ولا تدفعها أي من قواعده',
      'cap-measures-unpaid-quota': '{path}: الحد «{capId}» يقيس حصة بوحدة {unit}، ولا تدفعها أي من قواعده',
      'refund-window-without-stages': '{path}: نافذة الاسترداد لا تسمّي أي مرحلة: احذفها أو سمِّ المراحل التي تشملها',
      // Calendars
      'invalid-calendar-set': '{details}',
      'duplicate-weekend-day': '{path}: يُذكر كل يوم من أيام عطلة نهاية الأسبوع مرة واحدة',
      'weekend-without-business-day': '{path}: عطلة نهاية أسبوع من سبعة أيام لا تترك يوم عمل',
      'day-not-in-month': '{path}: أيام شهر {month:month} من ١ إلى {last}، وليس {day}',
      'years-reversed': `{path}: سنة النهاية (${ltr('toYear')}) {toYear} قبل سنة البداية (${ltr('fromYear')}) {fromYear}`,
      'duplicate-observance': 'المناسبة «{observanceId}» معرّفة مرتين',
      'too-few-card-holidays':
        'ترتّب مجموعة التقويم مناسبات لبطاقات المعايدة لا يقل عددها عن {min} (كي تجد كل سنة خطة {perYear} منها)؛ ومجموعة «{calendarSet}» ترتّب {count}',
      'unknown-card-holiday': 'مناسبة بطاقة المعايدة «{observanceId}» ليست من مناسبات مجموعة التقويم «{calendarSet}»',
      'duplicate-card-holiday': 'مناسبة بطاقة المعايدة «{observanceId}» مرتّبة مرتين',
      'not-enough-card-holidays':
        'لا تعطي مجموعة التقويم «{calendarSet}» إلا {count} من {wanted} مناسبات مختلفة لبطاقات المعايدة يقع موعد إرسالها (قبل المناسبة بأيام عددها {leadDays}) في سنة الخطة من {planYearStart:date} إلى {planYearEnd:date}؛ رتّب مرشحين أكثر',
      'no-business-days':
        'ليس في مجموعة التقويم «{calendarSet}» يوم عمل مدة أيام تزيد على {days} ابتداءً من {from:date} (عطلة نهاية الأسبوع مع أيام الإجازة)',
      'invalid-plan-year': 'تنتهي سنة الخطة ({planYearEnd:date}) قبل أن تبدأ ({planYearStart:date})',
      'invalid-lead-time': 'مهلة إرسال البطاقة عدد صحيح من الأيام بين ٠ و٣٦٦، والوارد {leadDays}',
      // The calendar export (touchbase/ical)
      'invalid-uid-domain': `يجب أن يكون نطاق المعرّفات (${ltr('uidDomain')}) اسم نطاق تملكه، مثل ${ltr('crm.example.com')} (ينتهي به كل معرّف حدث)، وليس {got}.`,
      'invalid-stamp': `يجب أن يكون وقت الإصدار (${ltr('stamp')}) تاريخًا صالحًا (هو ${ltr('DTSTAMP')} لكل حدث: وقت إنشاء التقويم)، وليس {got}.`,
      'invalid-ical-option': 'يجب أن يكون الخيار «{option}» {expected}، وليس {got}.',
      'schedules-of-several-contacts': 'يضم تقويم جهة الاتصال جداول جهة اتصال واحدة؛ وهذه الجداول لـ {contactIds}.',
      // الاستيراد
      'file-too-large': 'حجم الملف {size} بايت، والحد الأقصى لما يقرؤه الاستيراد {max} بايت.',
      'too-many-rows': 'يتجاوز عدد جهات الاتصال في الملف الحد الأقصى {max}: قسّمه، أو ارفع الحد.',
      'not-utf-8': `الملف ليس نصًّا بترميز ${ltr('UTF-8')}: احفظه بهذا الترميز واستورده مرة أخرى.`,
      'not-a-vcard': `لا يحوي الملف أي بطاقة ${ltr('vCard')} (لا يوجد فيه سطر ${ltr('BEGIN:VCARD')}).`,
      'no-name-column': 'ليس في سطر العناوين أيٌّ من الأعمدة التي يأخذ منها التعيين الاسم.',
      'invalid-import-options': 'خيار الاستيراد {option} غير صالح: راجع خيارات الاستيراد.',
      'too-many-fields': 'يتجاوز عدد الحقول في السطر {line} الحد الأقصى {max}.',
      'line-too-long': 'يتجاوز عدد حروف السطر {line} الحد الأقصى {max}.',
      'malformed-line': 'تعذّرت قراءة السطر {line}: صيغته غير سليمة.',
      'unterminated-card': `البطاقة التي تبدأ في السطر {line} ليس لها سطر ${ltr('END:VCARD')}.`,
      'unsupported-version': `السطر {line}: إصدار من ${ltr('vCard')} لا يقرؤه الاستيراد (يقرأ الإصدارات ${ltr('2.1')} و${ltr('3.0')} و${ltr('4.0')}).`,
      'not-a-person': 'السطر {line}، الحقل {field}: البطاقة مجموعة أو مكان، لا جهة اتصال.',
      'missing-name': 'السطر {line}، الحقل {field}: لا اسم (الحقل غائب أو فارغ).',
      'invalid-email': 'السطر {line}، الحقل {field}: ليس عنوان بريد إلكتروني.',
      'invalid-phone': `السطر {line}، الحقل {field}: ليس رقم هاتف يمكن كتابته بالصيغة الدولية (${ltr('E.164')}).`,
      'invalid-date': `السطر {line}، الحقل {field}: ليس تاريخًا (${ltr('YYYY-MM-DD')}، أو ${ltr('--MM-DD')} بلا سنة، أو ${ltr('YYYY-MM')}).`,
      'invalid-text': 'السطر {line}، الحقل {field}: في النص محارف تحكّم.',
      'text-too-long': 'السطر {line}، الحقل {field}: يتجاوز عدد حروفه الحد الأقصى {max}.',
      'too-many-values': 'السطر {line}، الحقل {field}: يتجاوز عدد القيم الحد الأقصى {max}.',
      'invalid-flag': 'السطر {line}، الحقل {field}: ليس «نعم» أو «لا».',
      'invalid-contact-id': 'السطر {line}: معرّف جهة الاتصال الذي عيّنه المضيف غير صالح.',
    },
  },
}
