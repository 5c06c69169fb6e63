/**
 * Snapshots (DESIGN §5.3): restoring the snapshot of a 100,000-contact network against
 * refolding the events it covers, in the same process, alternating. Bar: restoring is at
 * least 10× faster.
 *
 * The bar compares the two library functions on what they take, each input already in
 * memory: `restoreSnapshot` of the snapshot's JSON value against `foldEvents` of the decoded
 * events. Getting each input into memory is the host's I/O and is reported beside it, end to
 * end, without a bar: parsing the snapshot's text then restoring, against parsing and
 * decoding each event's stored JSON (a row's payload) then folding. (From PostgreSQL, the
 * `pg-catchup` bench adds the reads themselves.)
 */
import { decodeEvent, encodeEvent, type RelationshipEvent } from '../src/events/index.js'
import { restoreSnapshot, snapshot } from '../src/snapshots/index.js'
import { foldEvents, networkSnapshot, type NetworkState } from '../src/state/index.js'
import { canonicalJson } from '../src/core/plain.js'
import { collectGarbage, nowMs, summarize, type Summary } from './stats.js'

/** What the snapshot benchmark measured. */
export interface SnapshotBenchResult {
  readonly contacts: number
  readonly events: number
  /** Size of the snapshot's JSON text and of the events' stored JSON, in bytes (UTF-16 code units). */
  readonly snapshotChars: number
  readonly storedEventChars: number
  /** Restore from the snapshot's text (JSON.parse + restoreSnapshot). */
  readonly restoreTextMs: Summary
  /** Restore from the parsed snapshot (restoreSnapshot alone). */
  readonly restoreValueMs: Summary
  /** Refold from the stored events (JSON.parse + decodeEvent + foldEvents per event). */
  readonly refoldStoredMs: Summary
  /** Fold of events already decoded in memory. */
  readonly foldDecodedMs: Summary
  /** foldDecoded / restoreValue (medians): the bar, ≥ 10. */
  readonly speedup: number
  /** refoldStored / restoreText (medians): end to end from stored text. */
  readonly speedupFromStored: number
  /** foldDecoded / restoreText (medians). */
  readonly speedupTextVsDecodedFold: number
}

/** The fold's view of a state, to check that both sides end with the same one. */
const sameState = (a: NetworkState, b: NetworkState): boolean => canonicalJson(networkSnapshot(a)) === canonicalJson(networkSnapshot(b))

const decodeStored = (rows: readonly string[]): RelationshipEvent[] =>
  rows.map((row) => {
    const d = decodeEvent(JSON.parse(row))
    if (d._tag === 'Left') throw new Error(d.left.message)
    return d.right
  })

/** Times restoring the snapshot of `events`' fold against refolding them. */
export const benchSnapshot = (events: readonly RelationshipEvent[], contacts: number, runs: number, warmup: number): SnapshotBenchResult => {
  // What is stored: one JSON text per event (as a row's payload), and the snapshot's text.
  const rows = events.map((e) => JSON.stringify(encodeEvent(e)))
  const folded = foldEvents(events)
  const text = JSON.stringify(snapshot(folded, events.length))

  // Equal work, checked once: every side ends with the same state.
  const restored = restoreSnapshot(text)
  if (restored._tag === 'Left') throw new Error(restored.left.message)
  if (!sameState(restored.right.state, folded) || !sameState(foldEvents(decodeStored(rows)), folded)) {
    throw new Error('snapshot bench: the restored state is not the folded one; the comparison would not be of equal work')
  }

  let sink = 0
  const subjects = {
    restoreText: (_: unknown): number => {
      const r = restoreSnapshot(text)
      return r._tag === 'Right' ? r.right.state.eventCount : -1
    },
    restoreValue: (parsed: unknown): number => {
      const r = restoreSnapshot(parsed)
      return r._tag === 'Right' ? r.right.state.eventCount : -1
    },
    refoldStored: (_: unknown): number => foldEvents(decodeStored(rows)).eventCount,
    foldDecoded: (_: unknown): number => foldEvents(events).eventCount,
  }
  type Name = keyof typeof subjects
  const names: Name[] = ['restoreText', 'restoreValue', 'refoldStored', 'foldDecoded']
  const times: Record<Name, number[]> = { restoreText: [], restoreValue: [], refoldStored: [], foldDecoded: [] }
  const once = (name: Name): number => {
    // The parse of `restoreValue`'s input is not timed: it stands for a driver that hands out parsed JSON.
    const parsed = name === 'restoreValue' ? (JSON.parse(text) as unknown) : undefined
    collectGarbage()
    const t = nowMs()
    sink += subjects[name](parsed)
    return nowMs() - t
  }
  for (let i = 0; i < warmup; i++) for (const n of names) once(n)
  for (let r = 0; r < runs; r++) {
    // Rotate who goes first, so no one always inherits another's heap.
    const order = names.map((_, i) => names[(i + r) % names.length] as Name)
    for (const n of order) {
      const ms = once(n)
      times[n].push(ms)
      console.log(`  run ${r + 1}/${runs}: ${n} ${ms.toFixed(0)} ms`)
    }
  }
  if (sink < 0) throw new Error('unreachable')
  const s = (n: Name) => summarize(times[n])
  const [restoreTextMs, restoreValueMs, refoldStoredMs, foldDecodedMs] = [s('restoreText'), s('restoreValue'), s('refoldStored'), s('foldDecoded')]
  return {
    contacts,
    events: events.length,
    snapshotChars: text.length,
    storedEventChars: rows.reduce((n, r) => n + r.length, 0),
    restoreTextMs,
    restoreValueMs,
    refoldStoredMs,
    foldDecodedMs,
    speedup: foldDecodedMs.median / restoreValueMs.median,
    speedupFromStored: refoldStoredMs.median / restoreTextMs.median,
    speedupTextVsDecodedFold: foldDecodedMs.median / restoreTextMs.median,
  }
}
