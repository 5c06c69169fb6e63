/**
 * The ids each event type names, read off the codecs: the fields typed `Id` at the top of
 * the event, required or optional. The fold checks them before it applies an event, so an
 * event missing an id it must name (or naming one with a number, an object…) is set aside
 * as malformed up front — never half applied.
 */
import * as t from 'io-ts'
import { Id } from '../core/codecs.js'
import { EVENT_CODECS, EVENT_TYPES, type EventType } from './catalogue.js'

/** The id fields of one event type: those it must name and those it may. */
export interface EventReferences {
  readonly required: readonly string[]
  readonly optional: readonly string[]
}

const referencesOf = (codec: unknown): { required: string[]; optional: string[] } => {
  const members = (codec as { members?: unknown }).members
  if (typeof (codec as { tag?: unknown }).tag === 'string' && typeof members === 'object' && members !== null) {
    // A tagged union: an id every member requires is required, any other is optional.
    const each = Object.values(members as Record<string, unknown>).map(referencesOf)
    const required = (each[0]?.required ?? []).filter((k) => each.every((m) => m.required.includes(k)))
    const optional = [...new Set(each.flatMap((m) => [...m.required, ...m.optional]))].filter((k) => !required.includes(k))
    return { required, optional }
  }
  const out = { required: [] as string[], optional: [] as string[] }
  const base = (codec as { base?: unknown }).base
  collect(base ?? codec, true, out)
  return out
}

const collect = (codec: unknown, required: boolean, out: { required: string[]; optional: string[] }): void => {
  if (codec instanceof t.ExactType || codec instanceof t.ReadonlyType || codec instanceof t.RefinementType) return collect(codec.type, required, out)
  if (codec instanceof t.IntersectionType) {
    for (const member of codec.types as unknown[]) collect(member, required, out)
    return
  }
  if (codec instanceof t.InterfaceType || codec instanceof t.PartialType) {
    const isRequired = required && codec instanceof t.InterfaceType
    for (const [k, p] of Object.entries(codec.props as Record<string, unknown>)) {
      if (p !== Id) continue
      ;(isRequired ? out.required : out.optional).push(k)
    }
  }
}

/**
 * The id fields of every event type.
 *
 * @example EVENT_REFERENCES.ReferralReceived.required // ['id', 'contactId', 'referralId', 'refereeId']
 */
export const EVENT_REFERENCES: { readonly [K in EventType]: EventReferences } = Object.fromEntries(
  EVENT_TYPES.map((type) => {
    const out = referencesOf(EVENT_CODECS[type])
    return [type, Object.freeze({ required: Object.freeze(out.required), optional: Object.freeze(out.optional) })]
  }),
) as { [K in EventType]: EventReferences }

/** Whether every id `event` must name is a string, and every one it may name is a string or absent. */
export const hasWellFormedReferences = (type: EventType, event: Readonly<Record<string, unknown>>): boolean => {
  const refs = EVENT_REFERENCES[type]
  for (const k of refs.required) if (typeof event[k] !== 'string') return false
  for (const k of refs.optional) {
    const v = event[k]
    if (v !== undefined && typeof v !== 'string') return false
  }
  return true
}
