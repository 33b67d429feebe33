-- The Van Meter & Van Horn assessment of the work-system policy monitor (issue 8) becomes an
-- ordinary evaluation period: kind `sistem-kerja` (id `2024-sistem-kerja`), binding the policy
-- rubric to the `kabkota` (and `provinsi`) populations, its values stored as ordinary `entries`
-- and its official results in `results` — so rankings, report cards, the simulator, exports and
-- the period workflow (open → closed → published) work for it unchanged. The monitor's own table
-- of assessments is therefore dropped (it held no released data).
--
-- SQLite cannot change a CHECK constraint in place: `periods` is rebuilt. Foreign keys are
-- deferred to the commit; re-inserting every period row satisfies the children again (the
-- commit fails, and nothing changes, if one were lost). Shared with
-- migrations/postgres/0201_policy_period.sql.

PRAGMA defer_foreign_keys = ON;

CREATE TABLE periods_before_0201 (
    id TEXT NOT NULL,
    year INTEGER NOT NULL,
    kind TEXT NOT NULL,
    state TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

INSERT INTO periods_before_0201 (id, year, kind, state, created_at, updated_at)
    SELECT id, year, kind, state, created_at, updated_at FROM periods;

DROP TABLE periods;

CREATE TABLE periods (
    id TEXT PRIMARY KEY NOT NULL,
    year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2999),
    kind TEXT NOT NULL CHECK (kind IN ('annual', 'q1', 'q2', 'q3', 'q4', 'sistem-kerja')),
    state TEXT NOT NULL CHECK (state IN ('draft', 'open', 'closed', 'published')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (year, kind)
);

INSERT INTO periods (id, year, kind, state, created_at, updated_at)
    SELECT id, year, kind, state, created_at, updated_at FROM periods_before_0201;

DROP TABLE periods_before_0201;

DROP TABLE policy_assessments;
