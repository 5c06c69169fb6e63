/**
 * Every public export has TSDoc: the API reference (`npm run docs`) is generated from it, and
 * an export without a line of documentation is a defect.
 */
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const ENTRIES = ['src/index.ts', 'src/testing/index.ts', 'src/rx/index.ts', 'src/ical/index.ts', 'src/import/index.ts']

describe('public exports are documented', () => {
  it('every export of every entry has a TSDoc comment', () => {
    const program = ts.createProgram(
      ENTRIES.map((e) => `${ROOT}${e}`),
      { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, strict: true, skipLibCheck: true, noEmit: true, types: [] },
    )
    const checker = program.getTypeChecker()
    const undocumented: string[] = []
    let total = 0
    for (const entry of ENTRIES) {
      const source = program.getSourceFile(`${ROOT}${entry}`)
      if (source === undefined) throw new Error(`no source for ${entry}`)
      const module = checker.getSymbolAtLocation(source)
      if (module === undefined) continue
      for (const exported of checker.getExportsOfModule(module)) {
        total++
        const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported
        const documented =
          symbol.getDocumentationComment(checker).length > 0 ||
          (symbol.declarations ?? []).some((d) => ts.getJSDocCommentsAndTags(d).length > 0)
        if (!documented) {
          const where = symbol.declarations?.[0]?.getSourceFile().fileName.replace(ROOT, '') ?? '?'
          undocumented.push(`${entry}: ${exported.getName()} (${where})`)
        }
      }
    }
    expect(total).toBeGreaterThan(200)
    expect(undocumented).toEqual([])
  }, 120_000)
})
