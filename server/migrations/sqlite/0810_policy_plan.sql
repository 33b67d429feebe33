-- Work-system monitor, plan against actual (issue 24; shared with migrations/postgres/0810_policy_plan.sql):
-- target dates per stage set by the provincial coordinator, a government's proposals to move them, a
-- monitoring plan of dated checkpoints, the order of finished stages, the agencies' work-system
-- elements, the guideline's contents, and actions tied to a stage or variable, owned by an actor
-- role and cancellable with a reason. Element and guideline-item codes come from the data files in
-- public/policy/ (not tables). Every change is audited in `entry_audit` (src/policy/storage.rs).

-- A stage recorded done while an earlier one was not, confirmed with a reason.
ALTER TABLE policy_stages ADD COLUMN out_of_order INTEGER NOT NULL DEFAULT 0 CHECK (out_of_order IN (0, 1));
ALTER TABLE policy_stages ADD COLUMN order_reason TEXT;

-- Owner role (`lainnya` keeps the free-text owner written before roles existed), links, cancellation.
ALTER TABLE policy_actions ADD COLUMN owner_role TEXT NOT NULL DEFAULT 'lainnya'
    CHECK (owner_role IN ('tim_transformasi', 'bagian_organisasi', 'bkpsdm', 'bappeda', 'diskominfo', 'lainnya'));
ALTER TABLE policy_actions ADD COLUMN stage_code TEXT;
ALTER TABLE policy_actions ADD COLUMN variable_code TEXT;
-- Set once, never cleared: a cancelled action stays in the plan (and its history) as cancelled.
ALTER TABLE policy_actions ADD COLUMN cancel_reason TEXT;
ALTER TABLE policy_actions ADD COLUMN cancelled_at TEXT;
ALTER TABLE policy_actions ADD COLUMN cancelled_by TEXT;

CREATE TABLE policy_targets (
    unit_id TEXT NOT NULL REFERENCES units (id),
    stage_code TEXT NOT NULL,
    target_date TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (unit_id, stage_code)
);

CREATE TABLE policy_checkpoints (
    unit_id TEXT NOT NULL REFERENCES units (id),
    position INTEGER NOT NULL CHECK (position >= 0),
    stage_code TEXT NOT NULL,
    checkpoint_date TEXT NOT NULL,
    title TEXT NOT NULL,
    PRIMARY KEY (unit_id, position)
);

CREATE TABLE policy_proposals (
    id TEXT PRIMARY KEY NOT NULL,
    unit_id TEXT NOT NULL REFERENCES units (id),
    stage_code TEXT NOT NULL,
    current_target TEXT,
    proposed_date TEXT NOT NULL,
    reason TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('diajukan', 'diterima', 'ditolak')),
    proposed_by TEXT NOT NULL,
    proposed_at TEXT NOT NULL,
    decided_by TEXT,
    decided_at TEXT,
    decision_note TEXT
);

CREATE INDEX policy_proposals_unit ON policy_proposals (unit_id, proposed_at);

-- One row per agency (a unit whose parent is a government's unit) and element.
CREATE TABLE policy_agency_elements (
    agency_id TEXT NOT NULL REFERENCES units (id),
    element_code TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('belum', 'proses', 'selesai')),
    note TEXT,
    evidence_url TEXT,
    version INTEGER NOT NULL CHECK (version >= 1),
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (agency_id, element_code)
);

CREATE TABLE policy_guidelines (
    unit_id TEXT PRIMARY KEY NOT NULL REFERENCES units (id),
    regulation_number TEXT,
    regulation_date TEXT,
    -- JSON array of the ticked item codes, in data-file order.
    checked_json TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);
