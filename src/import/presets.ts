/**
 * Mappings of the CSV files common address books export. Apple Contacts and iCloud export
 * vCard, not CSV: read their files with `importVCard` (which knows Apple's labels and its
 * birthdays without a year).
 */
import type { CsvAddressColumns, CsvMapping } from './csv.js'

const numbered = (n: number, f: (i: number) => CsvAddressColumns): CsvAddressColumns[] => Array.from({ length: n }, (_, i) => f(i + 1))

/**
 * Google Contacts' CSV export ("Google CSV"), in its current header (`First Name`, `E-mail 1 -
 * Value`, `Event 1 - Label`…) and its earlier one (`Given Name`, `E-mail 1 - Type`,
 * `Organization 1 - Name`…). Several values in one cell (`a ::: b`) are split; a phone
 * labelled as a fax or a pager is left out; an event labelled `Anniversary` is a wedding
 * anniversary. Dates are `YYYY-MM-DD`, or `--MM-DD`
 * without a year.
 * @example importCsv(text, { source: 'google:ada@example.com', mapping: GOOGLE_CONTACTS_CSV, defaultCountry: 'US' })
 */
export const GOOGLE_CONTACTS_CSV: CsvMapping = {
  name: 'Name',
  givenName: ['First Name', 'Given Name'],
  middleName: ['Middle Name', 'Additional Name'],
  familyName: ['Last Name', 'Family Name'],
  company: ['Organization Name', 'Organization 1 - Name'],
  emails: /^E-mail \d+ - Value$/,
  phones: /^Phone \d+ - Value$/,
  phoneLabels: { label: /^Phone (\d+) - (?:Label|Type)$/, value: /^Phone (\d+) - Value$/ },
  addresses: numbered(10, (i) => ({
    street: `Address ${i} - Street`,
    extended: `Address ${i} - Extended Address`,
    poBox: `Address ${i} - PO Box`,
    locality: `Address ${i} - City`,
    region: `Address ${i} - Region`,
    postalCode: `Address ${i} - Postal Code`,
    country: `Address ${i} - Country`,
  })),
  birthday: 'Birthday',
  events: { label: /^Event (\d+) - (?:Label|Type)$/, value: /^Event (\d+) - Value$/ },
  notes: 'Notes',
  valueSeparator: ' ::: ',
  dateOrder: 'ymd',
}

const outlookAddress = (kind: 'Home' | 'Business' | 'Other'): CsvAddressColumns => ({
  street: [`${kind} Street`, `${kind} Street 2`, `${kind} Street 3`],
  poBox: `${kind} Address PO Box`,
  locality: `${kind} City`,
  region: `${kind} State`,
  postalCode: `${kind} Postal Code`,
  country: `${kind} Country/Region`,
})

/**
 * Outlook's CSV export (Outlook for Windows, and Outlook.com): names, company, three e-mails,
 * the phones a person answers (mobile, home, business, primary, other — not faxes or pagers),
 * the home address first, then business, then other; `Birthday` and `Anniversary`. Outlook
 * writes dates in the order of the computer's region — `4/12/1985` in the United States, the
 * default here (`dateOrder: 'mdy'`); spread the preset and set `dateOrder: 'dmy'` for a file
 * from elsewhere. Its empty date, `0/0/00`, is no date.
 * @example importCsv(text, { source: 'outlook', mapping: { ...OUTLOOK_CSV, dateOrder: 'dmy' }, defaultCountry: 'GB' })
 */
export const OUTLOOK_CSV: CsvMapping = {
  givenName: 'First Name',
  middleName: 'Middle Name',
  familyName: 'Last Name',
  company: 'Company',
  emails: ['E-mail Address', 'E-mail 2 Address', 'E-mail 3 Address'],
  phones: ['Mobile Phone', 'Primary Phone', 'Home Phone', 'Home Phone 2', 'Business Phone', 'Business Phone 2', 'Company Main Phone', 'Other Phone', 'Car Phone'],
  addresses: [outlookAddress('Home'), outlookAddress('Business'), outlookAddress('Other')],
  birthday: 'Birthday',
  anniversary: 'Anniversary',
  notes: 'Notes',
  dateOrder: 'mdy',
}

/**
 * The presets, by name: `google` (Google Contacts) and `outlook` (Outlook and Outlook.com).
 * @example importCsv(text, { source: 'google', mapping: CSV_PRESETS.google })
 */
export const CSV_PRESETS = { google: GOOGLE_CONTACTS_CSV, outlook: OUTLOOK_CSV } as const satisfies Record<string, CsvMapping>
