// The entry point of each worker thread. Node 20 cannot load .ts files itself, and a loader
// passed in a Worker's `execArgv` (`--import tsx`) is not applied to the worker's own modules
// on Node 20 (nodejs/node#47747, privatenumber/tsx#354): the worker fails with
// ERR_UNKNOWN_FILE_EXTENSION. So the worker starts from plain JavaScript, registers tsx's ESM
// hooks in its own thread (which also maps `touchbase` to src/ through tsconfig paths) and
// only then imports the TypeScript.
import { register } from 'tsx/esm/api'

register()
await import('./worker.ts')
