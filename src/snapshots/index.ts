/**
 * Snapshots of the folded network: `snapshot(state, position)` writes plain JSON,
 * `restoreSnapshot(json)` reads it back (or refuses another format or version, telling the
 * host to refold).
 */
export {
  SNAPSHOT_FORMAT,
  SNAPSHOT_VERSION,
  restoreSnapshot,
  snapshot,
  type ContactJson,
  type EnrollmentJson,
  type IdIndexJson,
  type NetworkStateJson,
  type RestoredSnapshot,
  type Snapshot,
  type SnapshotError,
  type SnapshotErrorCode,
} from './snapshot.js'
