import { readFileSync } from 'node:fs'
import * as t from 'io-ts'
import { describe, expect, it } from 'vitest'
import { EVENT_CODECS, EVENT_TYPES } from '../../src/events/index.js'
import { ROOT } from '../support/run-example.js'

const ENVELOPE = new Set(['id', 'type', 'at', 'schema', 'contactId', 'actor'])

/** The payload field names of a codec (following exact, intersection and tagged members). */
const fieldsOf = (codec: unknown): Set<string> => {
  const out = new Set<string>()
  const visit = (c: unknown): void => {
    if (c instanceof t.ExactType) visit(c.type)
    else if (c instanceof t.IntersectionType) (c.types as unknown[]).forEach(visit)
    else if (c instanceof t.InterfaceType || c instanceof t.PartialType) Object.keys(c.props).forEach((k) => out.add(k))
    else if (typeof c === 'object' && c !== null && 'members' in c) Object.values((c as { members: object }).members).forEach(visit)
  }
  visit(codec)
  return new Set([...out].filter((k) => !ENVELOPE.has(k)))
}

describe('docs/events.md', () => {
  const doc = readFileSync(`${ROOT}docs/events.md`, 'utf8')
  const section = (type: string): string => {
    const start = doc.indexOf(`#### ${type}\n`)
    if (start < 0) return ''
    const next = doc.slice(start + 5).search(/\n#{2,4} /)
    return next < 0 ? doc.slice(start) : doc.slice(start, start + 5 + next)
  }

  it('lists every event of the catalogue under its own heading', () => {
    expect(EVENT_TYPES.filter((type) => section(type) === '')).toEqual([])
  })

  it('names every field of every event in its section', () => {
    const missing: string[] = []
    for (const type of EVENT_TYPES) {
      const text = section(type)
      for (const f of fieldsOf(EVENT_CODECS[type])) if (!text.includes(`\`${f}\``)) missing.push(`${type}.${f}`)
    }
    expect(missing).toEqual([])
  })
})
