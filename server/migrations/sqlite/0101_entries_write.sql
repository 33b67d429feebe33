-- The write side of assessment data (issue 4): notes and recommendations on entries, idempotency
-- keys of entry writes, evidence files, and the audit of period state changes.
--
-- Conventions as in 0002_assessment.sql (shared with migrations/postgres/0101_entries_write.sql).

-- Plain text shown on the unit's page and report card (never HTML); NULL when none.
ALTER TABLE entries ADD COLUMN note TEXT;
ALTER TABLE entries ADD COLUMN recommendation TEXT;

CREATE INDEX entries_period_indicator ON entries (period_id, indicator_code);

-- One row per client-generated Idempotency-Key and caller: the SHA-256 of the change it carried
-- and the response given the first time, replayed verbatim when the key comes again.
CREATE TABLE idempotency_keys (
    actor TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    request_sha256 TEXT NOT NULL,
    response_status INTEGER NOT NULL,
    response_body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (actor, idempotency_key)
);

-- Evidence files, stored in the database (a BLOB here, BYTEA on PostgreSQL) so that a backup of
-- the database is a backup of everything. Never updated.
CREATE TABLE evidence (
    id TEXT PRIMARY KEY NOT NULL,
    period_id TEXT NOT NULL REFERENCES periods (id),
    unit_id TEXT NOT NULL REFERENCES units (id),
    indicator_code TEXT NOT NULL,
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL CHECK (size >= 0),
    sha256 TEXT NOT NULL,
    content BLOB NOT NULL,
    uploaded_by TEXT NOT NULL,
    uploaded_at TEXT NOT NULL
);

CREATE INDEX evidence_entry ON evidence (period_id, unit_id, indicator_code);

CREATE TRIGGER evidence_is_immutable BEFORE UPDATE ON evidence
BEGIN
    SELECT RAISE(ABORT, 'evidence is immutable');
END;

-- Append-only history of period state changes (open, close, reopen, publish).
CREATE TABLE period_audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    period_id TEXT NOT NULL REFERENCES periods (id),
    old_state TEXT,
    new_state TEXT NOT NULL,
    changed_by TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    reason TEXT
);

CREATE TRIGGER period_audit_no_update BEFORE UPDATE ON period_audit
BEGIN
    SELECT RAISE(ABORT, 'period_audit is append-only');
END;

CREATE TRIGGER period_audit_no_delete BEFORE DELETE ON period_audit
BEGIN
    SELECT RAISE(ABORT, 'period_audit is append-only');
END;
