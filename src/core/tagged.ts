/**
 * A discriminated union codec that validates only the member its tag names. io-ts's own
 * `t.union` reports every member's failures at once; a user fixing an event wants the one
 * that applies ("stage 'closed' needs revenue"), so this codec dispatches on the tag first.
 */
import * as t from 'io-ts'
import { oneOf } from './codecs.js'

/** Members of a tagged union: a codec per tag value. */
export type TaggedMembers = Readonly<Record<string, t.Mixed>>

/** The union type of a members record. */
export type TaggedOf<M extends TaggedMembers> = { [K in keyof M]: t.TypeOf<M[K]> }[keyof M]

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u)

/** A codec for objects whose `tag` property selects the codec in `members`. */
export const tagged = <M extends TaggedMembers>(
  tag: string,
  members: M,
  name: string,
): t.Type<TaggedOf<M>, unknown, unknown> & { readonly tag: string; readonly members: M } => {
  const byTag = new Map<string, t.Mixed>(Object.entries(members))
  const keys = [...byTag.keys()]
  const tagCodec = oneOf(keys as [string, ...string[]])
  const codec = new t.Type<TaggedOf<M>, unknown, unknown>(
    name,
    (u): u is TaggedOf<M> => isRecord(u) && typeof u[tag] === 'string' && (byTag.get(u[tag])?.is(u) ?? false),
    (u, c) => {
      if (!isRecord(u)) return t.failure(u, c)
      const value = u[tag]
      const member = typeof value === 'string' ? byTag.get(value) : undefined
      if (member === undefined) return t.failure(value, t.appendContext(c, tag, tagCodec, value))
      return member.validate(u, c) as t.Validation<TaggedOf<M>>
    },
    (a) => {
      const member = byTag.get((a as Record<string, string>)[tag] as string)
      return member === undefined ? a : member.encode(a)
    },
  )
  // The members stay reachable, for tools that list a union's fields (docs, forms).
  return Object.assign(codec, { tag, members })
}
