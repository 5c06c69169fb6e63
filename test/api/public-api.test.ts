/**
 * The API report: every name each entry exports, value or type, in `public-api.txt`. A
 * change to the public surface fails here until the report is regenerated
 * (`UPDATE_API_REPORT=1 npx vitest run test/api`), so it shows in review as a diff of this
 * file — a deliberate change, never an accident of an `export *`.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../support/run-example.js'

const ENTRIES: Record<string, string> = {
  touchbase: 'src/index.ts',
  'touchbase/testing': 'src/testing/index.ts',
  'touchbase/rx': 'src/rx/index.ts',
  'touchbase/ical': 'src/ical/index.ts',
  'touchbase/import': 'src/import/index.ts',
}

const REPORT = `${ROOT}test/api/public-api.txt`

const report = (): string => {
  const files = Object.values(ENTRIES).map((f) => `${ROOT}${f}`)
  const program = ts.createProgram(files, { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, target: ts.ScriptTarget.ES2022, strict: true, noEmit: true })
  const checker = program.getTypeChecker()
  const out: string[] = []
  for (const [entry, file] of Object.entries(ENTRIES)) {
    const source = program.getSourceFile(`${ROOT}${file}`)
    const module = source === undefined ? undefined : checker.getSymbolAtLocation(source)
    if (module === undefined) throw new Error(`cannot read ${file}`)
    const names = checker.getExportsOfModule(module).map((e) => {
      const s = e.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(e) : e
      const isValue = (s.flags & (ts.SymbolFlags.Function | ts.SymbolFlags.Variable | ts.SymbolFlags.Class | ts.SymbolFlags.Enum)) !== 0
      // A class exported as a type only is a type to users.
      const typeOnly = e.declarations?.some((d) => ts.isExportSpecifier(d) && (d.isTypeOnly || d.parent.parent.isTypeOnly)) === true
      return `${isValue && !typeOnly ? 'value' : 'type '} ${e.name}`
    })
    out.push(`# ${entry} (${names.length})`, ...names.sort((a, b) => a.slice(6).localeCompare(b.slice(6))), '')
  }
  return out.join('\n')
}

describe('the public API', () => {
  it('is the one recorded in test/api/public-api.txt', { timeout: 120_000 }, () => {
    const now = report()
    if (process.env['UPDATE_API_REPORT'] === '1') writeFileSync(REPORT, now)
    expect(now).toBe(readFileSync(REPORT, 'utf8'))
  })
})
