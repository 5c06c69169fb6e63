/**
 * Vite builds the page from touchbase's source (the `touchbase` import is aliased to
 * `src/index.ts`), so the page always shows the library as it is in this checkout, with no
 * `npm run build` first. The build fails if anything it bundles imports a Node built-in
 * module: touchbase's main entry must run in a browser (docs/plans.md, §5.4 of the design).
 *
 *   npm run web:dev      # a dev server with hot reload
 *   npm run web:build    # the static page, in examples/out/web
 */
import { builtinModules } from 'node:module'
import { fileURLToPath } from 'node:url'
import { defineConfig, type Plugin } from 'vite'

const here = fileURLToPath(new URL('.', import.meta.url))
const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)])

/** Refuses Node's built-in modules: Vite would otherwise stub them with a warning, and the page would fail at run time. */
const noNodeBuiltins = (): Plugin => ({
  name: 'touchbase-no-node-builtins',
  enforce: 'pre',
  resolveId(source, importer) {
    if (builtins.has(source)) this.error(`${importer ?? 'the page'} imports the Node built-in '${source}': the browser has none`)
    return null
  },
})

export default defineConfig({
  root: here,
  // Relative asset URLs: the built page works from any directory it is served from.
  base: './',
  plugins: [noNodeBuiltins()],
  resolve: {
    alias: { touchbase: fileURLToPath(new URL('../../src/index.ts', import.meta.url)) },
  },
  build: {
    outDir: fileURLToPath(new URL('../out/web', import.meta.url)),
    emptyOutDir: true,
    // Chart.js and the fold make one page's worth of script: no need to warn about its size.
    chunkSizeWarningLimit: 1024,
  },
  server: { open: false },
})
