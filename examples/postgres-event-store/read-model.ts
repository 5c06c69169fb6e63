/**
 * A read model kept by the projection runner, in the same transaction as its checkpoint: one
 * row per contact (`contact_summaries`) that a host's screens can query with SQL, and a count
 * of the events applied (`read_model_progress`). Erasure reaches it like every projection: an
 * erased contact's row keeps its counts and loses its name.
 */
import type { SqlDatabase, SqlSession } from './sql.js'
import type { CheckpointWrite, ContactState, NetworkState, ReferralState } from './touchbase.js'

/** The read model's tables. */
export const READ_MODEL_SQL = {
  create: `CREATE TABLE IF NOT EXISTS contact_summaries (
  network            text    NOT NULL,
  contact_id         text    NOT NULL,
  name               text,
  role               text,
  met                boolean NOT NULL,
  erased             boolean NOT NULL,
  referrals_given    integer NOT NULL,
  referrals_received integer NOT NULL,
  CONSTRAINT contact_summaries_pkey PRIMARY KEY (network, contact_id)
);
CREATE TABLE IF NOT EXISTS read_model_progress (
  network        text   NOT NULL,
  name           text   NOT NULL,
  events_applied bigint NOT NULL,
  CONSTRAINT read_model_progress_pkey PRIMARY KEY (network, name)
);`,
  /** The rows of the contacts of the network $1 a checkpoint's events touched ($2: a JSON array of summaries). */
  upsert: `INSERT INTO contact_summaries (network, contact_id, name, role, met, erased, referrals_given, referrals_received)
SELECT $1::text, r.contact_id, r.name, r.role, r.met, r.erased, r.referrals_given, r.referrals_received
FROM jsonb_to_recordset($2::jsonb) AS r(contact_id text, name text, role text, met boolean, erased boolean, referrals_given integer, referrals_received integer)
ON CONFLICT (network, contact_id) DO UPDATE SET
  name = EXCLUDED.name, role = EXCLUDED.role, met = EXCLUDED.met, erased = EXCLUDED.erased,
  referrals_given = EXCLUDED.referrals_given, referrals_received = EXCLUDED.referrals_received`,
  /**
   * Counts the events each checkpoint applied. Not idempotent on purpose: it would show any
   * batch written twice (the runner's checkpoints make that impossible).
   */
  progress: `INSERT INTO read_model_progress (network, name, events_applied) VALUES ($1::text, $2::text, $3::bigint)
ON CONFLICT (network, name) DO UPDATE SET events_applied = read_model_progress.events_applied + EXCLUDED.events_applied`,
} as const

/** A contact's row. */
export interface ContactSummary {
  readonly contact_id: string
  /** `null` once erased. */
  readonly name: string | null
  readonly role: string | null
  readonly met: boolean
  readonly erased: boolean
  readonly referrals_given: number
  readonly referrals_received: number
}

/**
 * A contact's row, from its state.
 *
 * @example contactSummary(state.contacts.get('c1')!) // { contact_id: 'c1', name: 'Ada', role: 'client', … }
 */
export const contactSummary = (c: ContactState): ContactSummary => ({
  contact_id: c.id,
  name: c.profile?.name ?? null,
  role: c.network.role,
  met: c.network.met,
  erased: c.erased,
  referrals_given: c.referrals.given.length,
  referrals_received: c.referrals.received.length,
})

/**
 * Creates the read model's tables if they are missing.
 *
 * @example
 * await createReadModel(db)
 */
export const createReadModel = async (db: SqlDatabase): Promise<void> => {
  await db.exec(READ_MODEL_SQL.create)
}

/** The contacts whose row a checkpoint's events may change: every contact they name, and both parties of the referrals they name. */
const touched = (checkpoint: CheckpointWrite<NetworkState>): Set<string> => {
  const ids = new Set<string>()
  const { referrals } = checkpoint.state
  const party = (r: ReferralState | undefined): void => {
    if (r === undefined) return
    ids.add(r.referrerId)
    ids.add(r.refereeId)
  }
  for (const { event } of checkpoint.events) {
    const e = event as unknown as Record<string, unknown>
    for (const k of ['contactId', 'refereeId', 'aboutContactId', 'recipientId']) if (typeof e[k] === 'string') ids.add(e[k] as string)
    if (typeof e['referralId'] === 'string') party(referrals.get(e['referralId'] as string))
  }
  return ids
}

/**
 * Writes the rows of the contacts a checkpoint touched, and the count of events it applied,
 * under the checkpoint store's network — for `postgresCheckpointStore`'s `write`, so that they
 * commit with the checkpoint.
 *
 * @example
 * const checkpoints = postgresCheckpointStore(db, { write: writeContactSummaries })
 */
export const writeContactSummaries = async (tx: SqlSession, checkpoint: CheckpointWrite<NetworkState>, where: { readonly network: string }): Promise<void> => {
  const rows: ContactSummary[] = []
  for (const id of touched(checkpoint)) {
    const c = checkpoint.state.contacts.get(id)
    if (c !== undefined) rows.push(contactSummary(c))
  }
  if (rows.length > 0) await tx.query(READ_MODEL_SQL.upsert, [where.network, JSON.stringify(rows)])
  await tx.query(READ_MODEL_SQL.progress, [where.network, 'contact_summaries', checkpoint.events.length])
}
