-- touchbase events: one append-only table holding the logs of many networks (one agent's or
-- one team's network each). Every row belongs to one network; each network's log is complete
-- on its own — its streams, its positions, its event ids — and nothing of one network is
-- read, numbered or checked against another's.
-- Idempotent: the adapter runs it on startup (createEventsTable); a production host runs it
-- once through its own migration tool instead.
CREATE TABLE IF NOT EXISTS events (
  -- The network (tenant) the event belongs to: every statement of the store names it.
  network        text        NOT NULL,
  -- Per network: 1-based, gapless, in commit order. Appends take the network's
  -- pg_advisory_xact_lock, read max(position) under it and write max + 1, max + 2, …
  -- (no sequence: see README).
  position       bigint      NOT NULL,
  stream_id      text        NOT NULL,
  stream_version integer     NOT NULL,
  event_id       text        NOT NULL,
  type           text        NOT NULL,
  -- encodeEvent(event) as JSON; read back through decodeEvent.
  payload        jsonb       NOT NULL,
  -- When the appending transaction began, by the database's clock (for operations only:
  -- order is position, never this).
  recorded_at    timestamptz NOT NULL DEFAULT now(),
  -- A hash of the stream id (the first 31 bits of its MD5), for splitting a log into
  -- partitions that keep every stream whole: partition = stream_hash % partitions. MD5 is
  -- the same on every PostgreSQL version, so a stream never moves (KPI workers, README).
  stream_hash    integer     GENERATED ALWAYS AS ((('x' || substr(md5(stream_id), 1, 8))::bit(32)::integer) & 2147483647) STORED,
  -- Also the index that reads a network's log in order and finds its last position.
  CONSTRAINT events_pkey PRIMARY KEY (network, position),
  -- Also the index that reads a stream (network = $1 AND stream_id = $2 AND stream_version
  -- >= $3 ORDER BY stream_version) and finds its version: no second index needed.
  CONSTRAINT events_stream_version_key UNIQUE (network, stream_id, stream_version),
  -- Ids are the idempotency key, unique across all streams of a network.
  CONSTRAINT events_event_id_key UNIQUE (network, event_id),
  CONSTRAINT events_network_check CHECK (network <> ''),
  CONSTRAINT events_position_check CHECK (position > 0),
  CONSTRAINT events_stream_version_check CHECK (stream_version > 0),
  CONSTRAINT events_stream_id_check CHECK (stream_id = 'programme' OR stream_id LIKE 'contact-_%'),
  -- The columns repeat the payload for indexing; they must never disagree with it (an
  -- erasure that rewrites payloads keeps the id and the type).
  CONSTRAINT events_payload_check CHECK (payload ->> 'id' = event_id AND payload ->> 'type' = type)
);

-- The contacts `erase` ran for, per network: the erasure scope (with the referrals and
-- rewards their events name) that every later erasure and every retry of a rewritten event
-- is compared under. A contact id is not personal data once the profile is gone: the id is
-- an opaque key, and everything that said who it was has been scrubbed.
CREATE TABLE IF NOT EXISTS erased_contacts (
  network    text        NOT NULL,
  contact_id text        NOT NULL,
  erased_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT erased_contacts_pkey PRIMARY KEY (network, contact_id)
);

-- Where each projection runner is in its network's log: the position of the last event its
-- stored data holds. Written in the same transaction as that data (a snapshot below, a read
-- model's rows), and only over the position the runner loaded (so two runners of one
-- projection collide).
CREATE TABLE IF NOT EXISTS projection_checkpoints (
  network    text        NOT NULL,
  name       text        NOT NULL,
  position   bigint      NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT projection_checkpoints_pkey PRIMARY KEY (network, name),
  CONSTRAINT projection_checkpoints_position_check CHECK (position >= 0)
);

-- The data of a projection at a checkpoint: for the network, a touchbase snapshot
-- ({ format, version, position, state }). Text, not jsonb: SQL never looks inside, the client
-- parses it, and a large network's snapshot would come near jsonb's size limit (255 MB).
-- The last few are kept; command handlers start from the newest.
CREATE TABLE IF NOT EXISTS snapshots (
  network    text        NOT NULL,
  name       text        NOT NULL,
  position   bigint      NOT NULL,
  data       text        NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT snapshots_pkey PRIMARY KEY (network, name, position),
  CONSTRAINT snapshots_position_check CHECK (position >= 0)
);
