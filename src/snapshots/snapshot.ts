/**
 * Snapshots of the folded network (DESIGN §5.3): `{ format: 'touchbase.snapshot', version,
 * position, state }`, plain JSON, so that a process can start from the state at a position
 * instead of folding every event before it.
 *
 * The state's persistent collections are written as plain lists and rebuilt through their
 * public constructors (`PMap.from`, `PVector.from`, `IdIndex.adopt`), and the native `Map`s
 * inside enrollments as entry lists. The snapshot's `version` names the shape of the state it
 * holds: it is bumped whenever that shape changes, and a snapshot of another version is
 * refused — never read into a state it does not describe. A host then refolds the events (from
 * position 1, or from an older snapshot of the current version) and takes a new snapshot.
 */
import * as E from 'fp-ts/lib/Either.js'
import { touchbaseError, type TouchbaseError } from '../core/errors.js'
import { PMap } from '../core/hamt.js'
import { IdIndex } from '../core/id-index.js'
import { PVector } from '../core/pvector.js'
import type {
  Anomaly,
  ContactState,
  CostRecord,
  EnrollmentState,
  NetworkState,
  ReferralState,
  RewardState,
  TouchOutcome,
} from '../state/index.js'

/** The `format` of every touchbase snapshot. */
export const SNAPSHOT_FORMAT = 'touchbase.snapshot' as const

/**
 * The version of the state's shape this touchbase writes and reads. Bumped whenever
 * `NetworkState` changes shape (a test pins it against the state's type); a snapshot of
 * another version is refused by `restoreSnapshot`.
 */
export const SNAPSHOT_VERSION = 2

/** An enrollment as a snapshot holds it: its maps as entry lists. */
export interface EnrollmentJson extends Omit<EnrollmentState, 'outcomes' | 'reschedules' | 'rescheduleCounts'> {
  readonly outcomes: ReadonlyArray<readonly [string, TouchOutcome]>
  readonly reschedules: ReadonlyArray<readonly [string, string]>
  readonly rescheduleCounts: ReadonlyArray<readonly [string, number]>
}

/** A contact as a snapshot holds it: its enrollments' maps as entry lists. */
export interface ContactJson extends Omit<ContactState, 'plans'> {
  readonly plans: Omit<ContactState['plans'], 'enrollments'> & { readonly enrollments: readonly EnrollmentJson[] }
}

/** An index of ids (seen events, folded commands) as two lists of the same length. */
export interface IdIndexJson {
  readonly keys: readonly string[]
  readonly values: readonly number[]
}

/** A `NetworkState` as plain JSON. */
export interface NetworkStateJson {
  readonly contacts: ReadonlyArray<readonly [string, ContactJson]>
  readonly referrals: ReadonlyArray<readonly [string, ReferralState]>
  readonly rewards: ReadonlyArray<readonly [string, RewardState]>
  readonly costs: readonly CostRecord[]
  readonly anomalies: readonly Anomaly[]
  /** Merged contact id → the id it was merged into (version 2). */
  readonly mergedInto: ReadonlyArray<readonly [string, string]>
  readonly seen: IdIndexJson
  /** The ids whose reuse was noted as an `id-conflict` (noted once each). */
  readonly conflicts: IdIndexJson
  readonly commands: IdIndexJson
  readonly eventCount: number
  readonly lastEventAt?: string
}

/**
 * A snapshot: the folded state of every event up to and including the global `position`
 * (a store's `StoredEvent.position`; 0 for a state of no stored event), as plain JSON.
 */
export interface Snapshot {
  readonly format: typeof SNAPSHOT_FORMAT
  /** The shape's version (`SNAPSHOT_VERSION` when written by this touchbase). */
  readonly version: number
  /** The global position of the last event folded into `state`. */
  readonly position: number
  readonly state: NetworkStateJson
}

/** A snapshot read back: the state, and the position of the last event it folded. */
export interface RestoredSnapshot {
  readonly position: number
  readonly state: NetworkState
}

/** Why a snapshot cannot be restored. */
export type SnapshotErrorCode = 'snapshot-format' | 'snapshot-version' | 'snapshot-invalid'

/**
 * A snapshot refused by `restoreSnapshot`: not a touchbase snapshot (`snapshot-format`), a
 * snapshot of another state shape (`snapshot-version`), or one whose content is not what its
 * version describes (`snapshot-invalid`: a truncated or hand-edited file). In every case the
 * host refolds the events and takes a new snapshot; the message says so.
 */
export type SnapshotError = TouchbaseError<SnapshotErrorCode>

const entriesOf = <V>(m: ReadonlyMap<string, V>): Array<readonly [string, V]> => Array.from(m)

const enrollmentJson = (e: EnrollmentState): EnrollmentJson => ({
  ...e,
  outcomes: entriesOf(e.outcomes),
  reschedules: entriesOf(e.reschedules),
  rescheduleCounts: entriesOf(e.rescheduleCounts),
})

const contactJson = (c: ContactState): ContactJson =>
  // Most contacts have no enrollment: nothing to convert, the object is written as it is.
  c.plans.enrollments.length === 0
    ? (c as unknown as ContactJson)
    : { ...c, plans: { ...c.plans, enrollments: c.plans.enrollments.map(enrollmentJson) } }

const idIndexJson = (index: IdIndex): IdIndexJson => {
  const keys: string[] = []
  const values: number[] = []
  for (const [k, v] of index.entries()) {
    keys.push(k)
    values.push(v)
  }
  return { keys, values }
}

/**
 * The snapshot of a state at a position: plain JSON (`JSON.stringify` it to store it). The
 * position is the global position of the last stored event folded into `state` — the
 * checkpoint a process resumes after. Pure; the snapshot shares the state's (immutable)
 * objects: serialise it, or treat it as read-only. Equal states may list their `seen` ids in
 * another order.
 *
 * @example
 * const stored = await store.readAll()
 * const json = JSON.stringify(snapshot(foldEvents(stored.map((s) => s.event)), stored.at(-1)?.position ?? 0))
 */
export const snapshot = (state: NetworkState, position: number): Snapshot => {
  if (!Number.isSafeInteger(position) || position < 0) throw new RangeError(`a snapshot's position is an integer ≥ 0, got ${String(position)}`)
  const contacts: Array<readonly [string, ContactJson]> = []
  for (const [k, c] of state.contacts.entries()) contacts.push([k, contactJson(c)])
  const json: NetworkStateJson = {
    contacts,
    referrals: Array.from(state.referrals.entries()),
    rewards: Array.from(state.rewards.entries()),
    costs: state.costs.toArray(),
    anomalies: state.anomalies.toArray(),
    mergedInto: Array.from(state.mergedInto.entries()),
    seen: idIndexJson(state.seen),
    conflicts: idIndexJson(state.conflicts),
    commands: idIndexJson(state.commands),
    eventCount: state.eventCount,
    ...(state.lastEventAt === undefined ? {} : { lastEventAt: state.lastEventAt }),
  }
  return { format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION, position, state: json }
}

// ---------------------------------------------------------------------------------------
// Reading one back

const REFOLD = 'Refold the events from position 1 (or from a snapshot of this version) and take a new snapshot.'

const invalid = (path: string, expected: string): SnapshotError =>
  touchbaseError('snapshot-invalid', `This snapshot is not valid at ${path} (expected ${expected}): it cannot be restored. ${REFOLD}`, { expected }, path)

/** Thrown inside the reader, turned into a `snapshot-invalid` value at its edge. */
class Invalid {
  constructor(readonly error: SnapshotError) {}
}

const fail = (path: string, expected: string): never => {
  throw new Invalid(invalid(path, expected))
}

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u)

const arrayAt = (u: unknown, path: string): readonly unknown[] => (Array.isArray(u) ? u : fail(path, 'an array'))

const recordAt = (u: unknown, path: string): Record<string, unknown> => (isRecord(u) ? u : fail(path, 'an object'))

/** Entry lists keyed by an id field of each value (`id`, `referralId`, `rewardId`). */
const keyedEntries = <V>(u: unknown, path: string, idField: string, convert: (v: Record<string, unknown>, at: string) => V): PMap<V> => {
  const list = arrayAt(u, path)
  return PMap.empty<V>().withMutations((m) => {
    for (let i = 0; i < list.length; i++) {
      const entry = list[i]
      const at = `${path}[${i}]`
      if (!Array.isArray(entry) || entry.length !== 2 || typeof entry[0] !== 'string') fail(at, 'a [key, value] pair with a string key')
      const [key, raw] = entry as [string, unknown]
      const value = recordAt(raw, `${at}[1]`)
      if (value[idField] !== key) fail(`${at}[1].${idField}`, `the key ${JSON.stringify(key)}`)
      m.set(key, convert(value, `${at}[1]`))
    }
  })
}

const mapOf = <V>(u: unknown, path: string, valueOk: (v: unknown) => boolean, expected: string): Map<string, V> => {
  const list = arrayAt(u, path)
  const out = new Map<string, V>()
  for (let i = 0; i < list.length; i++) {
    const entry = list[i]
    if (!Array.isArray(entry) || entry.length !== 2 || typeof entry[0] !== 'string' || !valueOk(entry[1])) fail(`${path}[${i}]`, `a [key, ${expected}] pair`)
    out.set((entry as [string, V])[0], (entry as [string, V])[1])
  }
  return out
}

const enrollmentOf = (u: unknown, path: string): EnrollmentState => {
  const e = recordAt(u, path)
  if (typeof e['enrollmentId'] !== 'string') fail(`${path}.enrollmentId`, 'a string')
  return {
    ...(e as unknown as EnrollmentState),
    outcomes: mapOf<TouchOutcome>(e['outcomes'], `${path}.outcomes`, isRecord, 'touch outcome'),
    reschedules: mapOf<string>(e['reschedules'], `${path}.reschedules`, (v) => typeof v === 'string', 'date'),
    rescheduleCounts: mapOf<number>(e['rescheduleCounts'], `${path}.rescheduleCounts`, (v) => typeof v === 'number', 'count'),
  }
}

const contactOf = (c: Record<string, unknown>, path: string): ContactState => {
  const plans = recordAt(c['plans'], `${path}.plans`)
  const enrollments = arrayAt(plans['enrollments'], `${path}.plans.enrollments`)
  arrayAt(plans['touches'], `${path}.plans.touches`)
  for (const group of ['network', 'consent', 'referrals', 'sales', 'feedback'] as const) recordAt(c[group], `${path}.${group}`)
  if (enrollments.length === 0) return c as unknown as ContactState
  return { ...(c as unknown as ContactState), plans: { ...(plans as unknown as ContactState['plans']), enrollments: enrollments.map((e, i) => enrollmentOf(e, `${path}.plans.enrollments[${i}]`)) } }
}

const idIndexOf = (u: unknown, path: string): IdIndex => {
  const j = recordAt(u, path)
  const keys = arrayAt(j['keys'], `${path}.keys`)
  const values = arrayAt(j['values'], `${path}.values`)
  if (keys.length !== values.length) fail(`${path}.values`, `as many values as keys (${keys.length})`)
  for (let i = 0; i < keys.length; i++) {
    const v = values[i]
    if (typeof keys[i] !== 'string') fail(`${path}.keys[${i}]`, 'a string')
    if (typeof v !== 'number' || !Number.isSafeInteger(v)) fail(`${path}.values[${i}]`, 'an integer')
  }
  // Built in one pass, one generation a shard.
  const index = IdIndex.fromEntries(keys as string[], values as number[])
  if (index.size !== keys.length) fail(`${path}.keys`, 'distinct keys')
  return index
}

const aliasesOf = (u: unknown, path: string): PMap<string> => {
  const list = arrayAt(u, path)
  return PMap.empty<string>().withMutations((m) => {
    for (let i = 0; i < list.length; i++) {
      const entry = list[i]
      if (!Array.isArray(entry) || entry.length !== 2 || typeof entry[0] !== 'string' || typeof entry[1] !== 'string') {
        fail(`${path}[${i}]`, 'a [merged id, survivor id] pair of strings')
      }
      m.set((entry as string[])[0] as string, (entry as string[])[1] as string)
    }
  })
}

const listOf = <T>(u: unknown, path: string): PVector<T> => {
  const list = arrayAt(u, path)
  list.forEach((x, i) => recordAt(x, `${path}[${i}]`))
  return PVector.from(list as readonly T[])
}

const stateOf = (u: unknown): NetworkState => {
  const s = recordAt(u, 'state')
  const eventCount = s['eventCount']
  if (typeof eventCount !== 'number' || !Number.isSafeInteger(eventCount) || eventCount < 0) fail('state.eventCount', 'an integer ≥ 0')
  const lastEventAt = s['lastEventAt']
  if (lastEventAt !== undefined && typeof lastEventAt !== 'string') fail('state.lastEventAt', 'an ISO instant or nothing')
  const state: NetworkState = {
    contacts: keyedEntries(s['contacts'], 'state.contacts', 'id', contactOf),
    referrals: keyedEntries(s['referrals'], 'state.referrals', 'referralId', (r) => r as unknown as ReferralState),
    rewards: keyedEntries(s['rewards'], 'state.rewards', 'rewardId', (r) => r as unknown as RewardState),
    costs: listOf<CostRecord>(s['costs'], 'state.costs'),
    anomalies: listOf<Anomaly>(s['anomalies'], 'state.anomalies'),
    mergedInto: aliasesOf(s['mergedInto'], 'state.mergedInto'),
    seen: idIndexOf(s['seen'], 'state.seen'),
    conflicts: idIndexOf(s['conflicts'], 'state.conflicts'),
    commands: idIndexOf(s['commands'], 'state.commands'),
    eventCount: eventCount as number,
    ...(lastEventAt === undefined ? {} : { lastEventAt: lastEventAt as string }),
  }
  return state
}

/**
 * Reads a snapshot back into a state: the JSON value `snapshot` made, or its text. Returns
 * `Right({ position, state })`, or `Left` when it is not a touchbase snapshot
 * (`snapshot-format`), when it has another version — it describes a state of another shape
 * (`snapshot-version`) — or when its content is not what its version describes
 * (`snapshot-invalid`, with the `path`). Every refusal tells the host to refold. Never throws.
 *
 * It checks the envelope and every container it rebuilds (lists, entry lists, the id indexes),
 * not each value inside: a snapshot is the host's own data, written by `snapshot`. Given a
 * value (not text), the restored state adopts its objects: do not change it afterwards.
 * Folding events after `position` onto the state gives what folding every event would.
 *
 * @example
 * const r = restoreSnapshot(row.data)
 * const { state, position } = E.isRight(r) ? r.right : { state: initialNetwork, position: 0 } // refold
 * const tail = await store.readAll({ fromPosition: position + 1 })
 * const now = foldEvents(tail.map((s) => s.event), state)
 */
export const restoreSnapshot = (json: unknown): E.Either<SnapshotError, RestoredSnapshot> => {
  let u = json
  if (typeof json === 'string') {
    try {
      u = JSON.parse(json) as unknown
    } catch {
      return E.left(touchbaseError('snapshot-format', `This is not a touchbase snapshot (the text is not JSON). ${REFOLD}`, { expected: SNAPSHOT_FORMAT }))
    }
  }
  if (!isRecord(u) || u['format'] !== SNAPSHOT_FORMAT) {
    const found = isRecord(u) && typeof u['format'] === 'string' ? u['format'] : null
    return E.left(
      touchbaseError('snapshot-format', `This is not a touchbase snapshot (format ${JSON.stringify(found)}, expected "${SNAPSHOT_FORMAT}"). ${REFOLD}`, { expected: SNAPSHOT_FORMAT, found }),
    )
  }
  const version = u['version']
  if (version !== SNAPSHOT_VERSION) {
    const found = typeof version === 'number' ? version : null
    return E.left(
      touchbaseError(
        'snapshot-version',
        `This snapshot has version ${JSON.stringify(version)}; this touchbase reads version ${SNAPSHOT_VERSION} (the state's shape changed between them). ${REFOLD}`,
        { found, expected: SNAPSHOT_VERSION },
      ),
    )
  }
  const position = u['position']
  if (typeof position !== 'number' || !Number.isSafeInteger(position) || position < 0) return E.left(invalid('position', 'an integer ≥ 0'))
  try {
    return E.right({ position, state: stateOf(u['state']) })
  } catch (e) {
    if (e instanceof Invalid) return E.left(e.error)
    // A value no JSON can hold (a getter that throws, a proxy): still a value, never a throw.
    return E.left(invalid('state', 'plain JSON data'))
  }
}
