-- KPI workers: a partial KPI aggregate per network and partition of its log, with its
-- checkpoint, in the same row — so that the partial and the position it has read up to are
-- written by one statement of one transaction, or not at all. Needs the tables of
-- ../postgres-event-store/schema.sql (the workers read `events`).
-- Idempotent: the workers run it on startup (createKpiTables); a production host runs it once
-- through its own migration tool instead.
CREATE TABLE IF NOT EXISTS kpi_partials (
  network    text        NOT NULL,
  -- stream_hash % partitions of every stream this partial holds.
  partition  integer     NOT NULL,
  -- How many partitions the logs are cut into: the same for every row. A reader refuses a
  -- mix (streams would be in two partials); changing it means rebuilding every partial.
  partitions integer     NOT NULL,
  -- The checkpoint: the last position of the network's log this partial has read. It holds
  -- every event of its partition up to that position, and none after.
  through    bigint      NOT NULL,
  -- encodeKpiAggregate(partial), as JSON text: SQL never looks inside, and a large partial
  -- would come near jsonb's size limit.
  aggregate  text        NOT NULL,
  -- The worker that wrote it last, and when (operations only: order is `through`).
  written_by text        NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT kpi_partials_pkey PRIMARY KEY (network, partition),
  CONSTRAINT kpi_partials_partition_check CHECK (partition >= 0 AND partition < partitions),
  CONSTRAINT kpi_partials_through_check CHECK (through >= 0)
);

-- How many events each partial has applied, counted by the example's workers in the
-- transaction of each checkpoint. Not idempotent on purpose: a batch applied twice (after a
-- crash, or by two workers at once) would show as a count above the log's length.
CREATE TABLE IF NOT EXISTS kpi_events_applied (
  network   text    NOT NULL,
  partition integer NOT NULL,
  events    bigint  NOT NULL,
  CONSTRAINT kpi_events_applied_pkey PRIMARY KEY (network, partition)
);
