import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { CALENDAR_ERROR_CODES, DECODE_ERROR_CODES, DOMAIN_ERROR_CODES, PLAN_ERROR_CODES, REWARD_POLICY_ERROR_CODES } from '../../src/index.js'
import { ICAL_ERROR_CODES } from '../../src/ical/index.js'
import { IMPORT_ERROR_CODES } from '../../src/import/index.js'
import { errorSamples } from '../labels/error-corpus.js'
import { ROOT } from '../support/run-example.js'

// The import's errors are documented with the import (docs/import.md), in the same tables.
const doc = readFileSync(`${ROOT}docs/errors.md`, 'utf8') + readFileSync(`${ROOT}docs/import.md`, 'utf8')

/** The table rows of docs/errors.md and docs/import.md, by the code in their first cell: the names in their second. */
const rows = new Map(
  [...doc.matchAll(/^\| `([a-z0-9-]+)` \| ([^|]*) \|/gm)].map((m) => [m[1] as string, new Set([...(m[2] as string).matchAll(/`(\w+)`/g)].map((p) => p[1] as string))]),
)

describe('docs/errors.md (and docs/import.md)', () => {
  it.each([
    ['decoding', DECODE_ERROR_CODES],
    ['decide', DOMAIN_ERROR_CODES],
    ['plans', PLAN_ERROR_CODES],
    ['reward policies', REWARD_POLICY_ERROR_CODES],
    ['calendars', CALENDAR_ERROR_CODES],
    ['the calendar export', ICAL_ERROR_CODES],
    ['imports', IMPORT_ERROR_CODES],
  ] as const)('has a row for every code of %s', (_, codes) => {
    expect(codes.filter((c) => !rows.has(c))).toEqual([])
  })

  it('lists, for each code, every param the errors touchbase builds carry', () => {
    const missing: string[] = []
    for (const { error } of errorSamples()) {
      for (const name of Object.keys(error.params)) if (rows.get(error.code)?.has(name) !== true) missing.push(`${error.code}: ${name}`)
    }
    expect([...new Set(missing)]).toEqual([])
  })
})
