/**
 * Marker strings planted in every free-text and identifying field of an event, the fields
 * being found from the codecs: a new field of the catalogue is covered without editing the
 * test that uses this. A field gets a marker when its codec accepts one (a text, an e-mail, a
 * phone number) and it is not an identifier (`Id`) or a term of the host's vocabulary (`Term`):
 * ids stay through erasure, by design.
 */
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { Id, Term } from '../../src/core/codecs.js'
import { EVENT_CODECS, decodeEvent, type RelationshipEvent } from '../../src/events/index.js'

type Path = ReadonlyArray<string | number>

interface Leaf {
  readonly path: Path
  readonly codec: t.Decoder<unknown, unknown>
}

/** The string leaves of a value, each with the codec that checks it. */
const leavesOf = (codec: unknown, value: unknown, path: Path, out: Leaf[]): void => {
  const c = codec as Record<string, unknown>
  if (value === undefined || value === null) return
  if ('base' in c && 'redactable' in c) return leavesOf(c['base'], value, path, out)
  if ('inner' in c) return leavesOf(c['inner'], value, path, out)
  if (typeof c['tag'] === 'string' && typeof c['members'] === 'object' && c['members'] !== null) {
    const member = (c['members'] as Record<string, unknown>)[String((value as Record<string, unknown>)[c['tag']])]
    return member === undefined ? undefined : leavesOf(member, value, path, out)
  }
  if (codec instanceof t.ExactType || codec instanceof t.RefinementType || codec instanceof t.ReadonlyType) return leavesOf(codec.type, value, path, out)
  if (codec instanceof t.IntersectionType || codec instanceof t.UnionType) {
    for (const member of codec.types as unknown[]) leavesOf(member, value, path, out)
    return
  }
  if (codec instanceof t.ArrayType && Array.isArray(value)) {
    value.forEach((x, i) => leavesOf(codec.type, x, [...path, i], out))
    return
  }
  if ((codec instanceof t.InterfaceType || codec instanceof t.PartialType) && typeof value === 'object') {
    for (const [k, p] of Object.entries(codec.props as Record<string, unknown>)) leavesOf(p, (value as Record<string, unknown>)[k], [...path, k], out)
    return
  }
  if (typeof value === 'string' && codec instanceof t.Type) out.push({ path, codec })
}

const setAt = (root: Record<string, unknown>, path: Path, v: unknown): void => {
  let o: Record<string | number, unknown> = root
  for (let i = 0; i < path.length - 1; i++) o = o[path[i] as string] as Record<string | number, unknown>
  o[path[path.length - 1] as string] = v
}

const clone = <A>(a: A): A => JSON.parse(JSON.stringify(a)) as A

/** The marker candidates of a field, in order: plain text, an e-mail, a phone number. */
const candidates = (n: number): string[] => [`MARK${n}X`, `mark${n}x@marker.test`, `+9 999 ${String(n).padStart(7, '0')}`]

/** An event with a marker in each of its free-text and identifying fields, and the markers. */
export interface Marked {
  readonly event: RelationshipEvent
  readonly markers: readonly string[]
}

/**
 * Plants markers in every event (numbered from `start`): each field whose codec accepts one
 * of the candidates, except ids and terms. The event still decodes.
 */
export const plantMarkers = (events: readonly RelationshipEvent[], start = 1): Marked[] => {
  let n = start
  return events.map((event) => {
    const leaves: Leaf[] = []
    leavesOf(EVENT_CODECS[event.type], event, [], leaves)
    let current = clone(event) as unknown as Record<string, unknown>
    const markers: string[] = []
    for (const leaf of leaves) {
      if (leaf.codec === Id || leaf.codec === Term) continue
      for (const m of candidates(n)) {
        if (!leaf.codec.decode(m)._tag.startsWith('R')) continue
        const next = clone(current)
        setAt(next, leaf.path, m)
        if (E.isRight(decodeEvent(next))) {
          current = next
          markers.push(m)
          n++
          break
        }
      }
    }
    const decoded = decodeEvent(current)
    if (E.isLeft(decoded)) throw new Error(`planted event no longer decodes: ${decoded.left.message}`)
    return { event: decoded.right, markers }
  })
}

/** The contacts an event names directly (its stream's contact, a referee, an ally, a recipient). */
export const namedContacts = (e: RelationshipEvent): string[] => {
  const r = e as Partial<Record<'contactId' | 'refereeId' | 'aboutContactId' | 'recipientId' | 'side', string>>
  return [r.contactId, r.refereeId, r.aboutContactId, r.side === 'team' ? undefined : r.recipientId].filter((x): x is string => x !== undefined)
}
