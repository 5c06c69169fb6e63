/**
 * UIDs of exported touches: stable (the same touch has the same UID in every export, whatever
 * moved it), unique across hosts (they end with a domain the host controls) and safe in any
 * calendar (ASCII letters, digits and `-._~%/` only, whatever the ids hold).
 */

const UTF8 = new TextEncoder()

/** Characters a UID part keeps as they are; every other byte of its UTF-8 is written `%XX`. */
const KEPT = /[A-Za-z0-9\-._~]/

/**
 * The UTF-8 bytes of one code point; a lone surrogate (a string that is not well-formed) as the
 * three bytes its code unit would have, so that two different ids never encode alike.
 */
const bytesOf = (ch: string): Uint8Array => {
  const c = ch.charCodeAt(0)
  if (ch.length === 1 && c >= 0xd800 && c <= 0xdfff) return Uint8Array.of(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f))
  return UTF8.encode(ch)
}

/** Percent-encodes a string's UTF-8 bytes, keeping letters, digits, `-._~` (and `/` when asked). */
const encodePart = (s: string, keepSlash: boolean): string => {
  let out = ''
  for (const ch of s) {
    if (KEPT.test(ch) || (keepSlash && ch === '/')) {
      out += ch
      continue
    }
    for (const byte of bytesOf(ch)) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`
  }
  return out
}

/** A DNS label: letters, digits and inner hyphens, 1–63 characters. */
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/

/**
 * Whether a string is a domain name a UID may end with: at least two labels of ASCII letters,
 * digits and inner hyphens (an internationalised name in its `xn--` form), at most 253
 * characters, its last label not a number. @internal
 */
export const isUidDomain = (u: unknown): u is string => {
  if (typeof u !== 'string' || u.length === 0 || u.length > 253) return false
  const labels = u.toLowerCase().split('.')
  return labels.length >= 2 && labels.every((l) => LABEL.test(l)) && !/^\d+$/.test(labels[labels.length - 1] as string)
}

/**
 * The UID of a planned touch in a calendar: `contactId/enrollmentId/touchKey@uidDomain`, each
 * id percent-encoded (its UTF-8 bytes, but for ASCII letters, digits and `-._~`; the touch
 * key keeps its own `/`), the domain in lower case. The same touch always has the same UID —
 * a pause or a reschedule changes its date and `SEQUENCE`, never its UID — and two touches
 * never share one: `/` and `@` inside an id are encoded. It holds ids and the touch key,
 * never a name (a touch key can hold the label of a custom date or the name of an interest).
 * @example touchUid('crm.example.com', 'c-salma', 'en-salma', '0/call/3') // 'c-salma/en-salma/0/call/3@crm.example.com'
 * @example touchUid('crm.example.com', 'c 1', 'e/1', '0/observance-card/custom:Shop opening') // 'c%201/e%2F1/0/observance-card/custom%3AShop%20opening@crm.example.com'
 */
export const touchUid = (uidDomain: string, contactId: string, enrollmentId: string, touchKey: string): string =>
  `${encodePart(contactId, false)}/${encodePart(enrollmentId, false)}/${encodePart(touchKey, true)}@${uidDomain.toLowerCase()}`
