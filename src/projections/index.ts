/**
 * Projections kept up to date with the log: the runner (`projectionRunner`), the projections
 * it keeps (`networkProjection`, `projectionOf`) and the port where it keeps its checkpoints
 * (`CheckpointStore`, with `inMemoryCheckpointStore`).
 */
export { networkProjection, projectionOf, type Projection, type ProjectionSpec } from './projection.js'
export { inMemoryCheckpointStore, type Checkpoint, type CheckpointSaved, type CheckpointStore, type CheckpointWrite } from './checkpoints.js'
export {
  projectionRunner,
  type CatchUp,
  type ProjectionRunner,
  type ProjectionRunnerOptions,
  type RunnerError,
  type RunnerErrorCode,
} from './runner.js'
