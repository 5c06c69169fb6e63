/**
 * `touchbase/ical` is the only entry that loads ical-generator: the main entry (which knows the
 * export's error codes, for `formatError`) must work without it installed.
 */
import { readFileSync } from 'node:fs'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../support/run-example.js'

/** The files of the repository a module reaches through its imports, and the packages it imports. */
const reach = (entry: string): { files: string[]; packages: Set<string> } => {
  const program = ts.createProgram([`${ROOT}${entry}`], { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, target: ts.ScriptTarget.ES2022, noEmit: true, types: [] })
  const files = program.getSourceFiles().map((f) => f.fileName).filter((f) => f.startsWith(`${ROOT}src/`))
  const packages = new Set<string>()
  for (const f of files) {
    const source = program.getSourceFile(f)!
    for (const statement of source.statements) {
      if ((ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) && statement.moduleSpecifier !== undefined && ts.isStringLiteral(statement.moduleSpecifier)) {
        const typeOnly = ts.isImportDeclaration(statement) ? statement.importClause?.isTypeOnly === true : statement.isTypeOnly
        const spec = statement.moduleSpecifier.text
        if (!typeOnly && !spec.startsWith('.')) packages.add(spec)
      }
    }
  }
  return { files, packages }
}

describe('the ical entry', () => {
  it('is the only one that imports ical-generator', { timeout: 60_000 }, () => {
    // The main entry reaches the export's errors (formatError knows their codes), not the export.
    expect(reach('src/index.ts').files).toContain(`${ROOT}src/ical/errors.ts`)
    expect(reach('src/index.ts').files).not.toContain(`${ROOT}src/ical/calendar.ts`)
    for (const entry of ['src/index.ts', 'src/testing/index.ts', 'src/rx/index.ts']) expect([...reach(entry).packages].filter((p) => p.startsWith('ical'))).toEqual([])
    expect(reach('src/ical/index.ts').packages).toContain('ical-generator')
  })

  it('is built, exported and declared an optional peer like the others', () => {
    const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8'))
    expect(pkg.exports['./ical']).toEqual({
      import: { types: './dist/ical.d.ts', default: './dist/ical.js' },
      require: { types: './dist/ical.d.cts', default: './dist/ical.cjs' },
    })
    expect(pkg.typesVersions['*'].ical).toEqual(['./dist/ical.d.cts'])
    expect(pkg.peerDependencies['ical-generator']).toBeDefined()
    expect(pkg.peerDependenciesMeta['ical-generator']).toEqual({ optional: true })
    expect(pkg.dependencies['ical-generator']).toBeUndefined()
    const tsup = readFileSync(`${ROOT}tsup.config.ts`, 'utf8')
    expect(tsup).toMatch(/ical: 'src\/ical\/index\.ts'/)
    expect(tsup).toMatch(/external: \[[^\]]*'ical-generator'/)
  })
})
