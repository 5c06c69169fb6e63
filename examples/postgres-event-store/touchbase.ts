// Stands in for the package: in a host, this file is `export * from 'touchbase'` (or the other
// files of this example import from 'touchbase' directly). Inside the touchbase repository it
// points at the sources, because vitest does not resolve the package name to them.
export * from '../../src/index.js'
