/**
 * Names as they are compared: two spellings of one name give the same key. Case and accents
 * are dropped (`José` = `jose`), punctuation is a space, and the letters Arabic writes in
 * more than one way are made one: alef with hamza or madda (أ إ آ ٱ) = ا, ta marbuta ة = ه,
 * alef maqsura ى = ي, the Persian kaf and yeh (ک ی) = ك ي; tatweel and the short vowels
 * (harakat, shadda) are dropped. Pure string functions, with no locale read from anywhere.
 */

// Letters written in more than one way, after the marks are gone (NFKD turns أ into ا + hamza above).
const ARABIC_FOLD: Readonly<Record<string, string>> = {
  '\u0671': '\u0627', // ٱ alef wasla
  '\u0629': '\u0647', // ة ta marbuta → ه
  '\u0649': '\u064a', // ى alef maqsura → ي
  '\u06a9': '\u0643', // ک Persian kaf → ك
  '\u06cc': '\u064a', // ی Persian yeh → ي
  '\u0640': '', // ـ tatweel
}
const ARABIC_FOLD_RE = /[\u0671\u0629\u0649\u06a9\u06cc\u0640]/g

/**
 * The key a name is compared by: lower case, without accents, marks or punctuation, Arabic
 * letter variants made one, words separated by single spaces, in the order written.
 * @example nameKey('  José  GARCÍA-López ') // 'jose garcia lopez'
 * @example nameKey('أحمد') === nameKey('احمد') // true
 */
export const nameKey = (name: string): string =>
  name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(ARABIC_FOLD_RE, (c) => ARABIC_FOLD[c] ?? c)
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()

/** The words of a name key, sorted: `Doe Jane` and `Jane Doe` have the same. @internal */
export const sortedWords = (key: string): string => key.split(' ').sort().join(' ')

/** A name key without its spaces: `عبد الله` and `عبدالله` have the same. @internal */
export const compact = (key: string): string => key.replace(/ /g, '')

/**
 * The optimal string alignment distance (edits, with a swap of two neighbours as one edit),
 * counted up to `max`: past it, `max + 1`. Over code points. @internal
 */
export const editDistance = (a: string, b: string, max: number): number => {
  const s = Array.from(a)
  const t = Array.from(b)
  if (Math.abs(s.length - t.length) > max) return max + 1
  let prev2: number[] = []
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j)
  for (let i = 1; i <= s.length; i++) {
    const cur = [i]
    let rowMin = i
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1
      let d = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost)
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) d = Math.min(d, (prev2[j - 2] as number) + 1)
      cur.push(d)
      if (d < rowMin) rowMin = d
    }
    if (rowMin > max) return max + 1
    prev2 = prev
    prev = cur
  }
  return Math.min(prev[t.length] as number, max + 1)
}

/**
 * The strings `s` becomes with up to `depth` of its code points deleted (itself included):
 * two strings within `depth` edits of each other share one of them. @internal
 */
export const deletions = (s: string, depth: number): Set<string> => {
  const out = new Set<string>([s])
  let frontier = [s]
  for (let d = 0; d < depth; d++) {
    const next: string[] = []
    for (const w of frontier) {
      const cps = Array.from(w)
      for (let i = 0; i < cps.length; i++) {
        const v = cps.slice(0, i).concat(cps.slice(i + 1)).join('')
        if (!out.has(v)) {
          out.add(v)
          next.push(v)
        }
      }
    }
    frontier = next
  }
  return out
}
