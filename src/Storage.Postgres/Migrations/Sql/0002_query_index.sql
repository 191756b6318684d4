-- The query index of cluster mode (Backtrace.Storage.Index and .Projects): projects, fault groups and
-- snapshots. The snapshot table is also the durable ledger of ingest: a snapshot counts in its group
-- once its row exists, and the group's counters change in the same statement as that row.

CREATE TABLE backtrace.projects (
    name text PRIMARY KEY,
    display_name text,
    created_at timestamptz NOT NULL
);

-- status: Backtrace.Grains.FaultGroups.FaultGroupStatus (0 open, 1 in progress, 2 resolved, 3 muted).
-- callstack and classifiers are those of the group's first snapshot.
CREATE TABLE backtrace.fault_groups (
    project text NOT NULL,
    fingerprint text NOT NULL,
    fingerprint_version integer NOT NULL,
    count bigint NOT NULL,
    first_seen timestamptz NOT NULL,
    last_seen timestamptz NOT NULL,
    status smallint NOT NULL DEFAULT 0,
    status_changed_at timestamptz,
    callstack text[] NOT NULL,
    classifiers text[] NOT NULL,
    last_snapshot uuid NOT NULL,
    PRIMARY KEY (project, fingerprint)
);

-- One index per list order; the fingerprint breaks ties so pages are stable.
CREATE INDEX fault_groups_by_last_seen ON backtrace.fault_groups (project, last_seen DESC, fingerprint);
CREATE INDEX fault_groups_by_count ON backtrace.fault_groups (project, count DESC, fingerprint);
CREATE INDEX fault_groups_by_first_seen ON backtrace.fault_groups (project, first_seen DESC, fingerprint);

-- group_ordinal is the snapshot's 1-based, dense position in its group (the group's count when it was
-- recorded); fault group grains rebuild their counters from it.
CREATE TABLE backtrace.snapshots (
    project text NOT NULL,
    uuid uuid NOT NULL,
    fingerprint text NOT NULL,
    fingerprint_version integer NOT NULL,
    group_ordinal bigint NOT NULL,
    occurred_at timestamptz NOT NULL,
    received_at timestamptz NOT NULL,
    source_format text NOT NULL,
    application text,
    application_version text,
    hostname text,
    classifiers text[] NOT NULL,
    attributes jsonb NOT NULL,
    callstack text[] NOT NULL,
    body_size bigint NOT NULL,
    PRIMARY KEY (project, uuid),
    CONSTRAINT snapshots_group_ordinal UNIQUE (project, fingerprint, group_ordinal)
);

CREATE INDEX snapshots_by_received_at ON backtrace.snapshots (project, received_at DESC);
