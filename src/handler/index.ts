/**
 * Command handling against a store: `handleCommand` reads what a command needs (`readPlan`),
 * folds it, decides, and appends with the versions read, retrying on version conflicts.
 */
export {
  handleCommand,
  type CommandError,
  type CommandHandled,
  type CommandStore,
  type HandleCommandOptions,
  type HandlerError,
  type HandlerErrorCode,
  type SnapshotSource,
} from './handle.js'
export { readPlan, type ReadPlan } from './reads.js'
