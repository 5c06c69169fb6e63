import { defineConfig } from 'tsup'

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    rx: 'src/rx/index.ts',
    testing: 'src/testing/index.ts',
    ical: 'src/ical/index.ts',
    import: 'src/import/index.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  treeshake: true,
  external: ['rxjs', 'fast-check', 'ical-generator', 'ical.js', 'papaparse', 'libphonenumber-js'],
})
