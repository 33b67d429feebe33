-- Work-system policy monitor (issue 8, Sistem Kerja, Permenpan RB 7/2022): per government (units
-- of the `kabkota` and `provinsi` populations) the status of each implementation stage, the action
-- plan (rencana aksi) and the Van Meter & Van Horn assessment values.
--
-- Conventions as in 0002_assessment.sql (shared with migrations/sqlite/0200_policy.sql). Stage
-- codes come from public/policy/stages-sistem-kerja.json (data, not a table). Dates of events are
-- TEXT `YYYY-MM-DD`. Every change is also written to the append-only `entry_audit` under the
-- pseudo-period `policy:sistem-kerja` (see src/policy/storage.rs), so there is one audit trail.
-- The "published" switch is the `app_meta` key `policy_published`.

CREATE TABLE policy_stages (
    unit_id TEXT NOT NULL REFERENCES units (id),
    stage_code TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('belum', 'proses', 'selesai')),
    stage_date TEXT,
    -- The regulation's number for the guideline stage, e.g. `Perbup Paser 9/2024`.
    reference TEXT,
    note TEXT,
    evidence_url TEXT,
    version BIGINT NOT NULL CHECK (version >= 1),
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (unit_id, stage_code)
);

CREATE TABLE policy_actions (
    id TEXT PRIMARY KEY NOT NULL,
    unit_id TEXT NOT NULL REFERENCES units (id),
    title TEXT NOT NULL,
    owner TEXT NOT NULL,
    due_date TEXT NOT NULL,
    -- `terlambat` (overdue) is never stored: it is computed against the server's today.
    status TEXT NOT NULL CHECK (status IN ('rencana', 'berjalan', 'selesai')),
    evidence_url TEXT,
    version BIGINT NOT NULL CHECK (version >= 1),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);

CREATE INDEX policy_actions_unit ON policy_actions (unit_id, due_date);

-- The raw values of the Van Meter & Van Horn assessment and the engine's result for them.
CREATE TABLE policy_assessments (
    unit_id TEXT PRIMARY KEY NOT NULL REFERENCES units (id),
    rubric_version_id TEXT NOT NULL REFERENCES rubric_versions (id),
    -- JSON object {indicator code: raw value}, values exactly as accepted.
    values_json TEXT NOT NULL,
    total TEXT NOT NULL,
    grade TEXT NOT NULL CHECK (grade IN ('A', 'B', 'C', 'D', 'E')),
    complete BOOLEAN NOT NULL,
    result_json TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);
