-- Mentoring (pendampingan) of units on the watch-list, kept by Biro Organisasi (issue 7).
-- One append-only event per change: a new status, a dated note, or both. A unit's current status
-- is its latest event with a status; the events are also the audit trail (who, when, what), so
-- the table refuses UPDATE and DELETE. Notes are internal: readable by administrators and viewers
-- only, never by the public pages.
--
-- `idempotency_key` (the client's Idempotency-Key, optional) makes a retried request record its
-- change once; several NULL keys are allowed by both engines.

CREATE TABLE mentoring_events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    period_id TEXT NOT NULL REFERENCES periods (id),
    unit_id TEXT NOT NULL REFERENCES units (id),
    status TEXT CHECK (status IS NULL OR status IN ('belum_ditindaklanjuti', 'dijadwalkan', 'sedang_didampingi', 'selesai')),
    note TEXT,
    author TEXT NOT NULL,
    author_name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    idempotency_key TEXT,
    CHECK (status IS NOT NULL OR note IS NOT NULL),
    UNIQUE (author, idempotency_key)
);

CREATE INDEX mentoring_events_period ON mentoring_events (period_id, unit_id, seq);

CREATE TRIGGER mentoring_events_no_update BEFORE UPDATE ON mentoring_events
BEGIN
    SELECT RAISE(ABORT, 'mentoring_events is append-only');
END;

CREATE TRIGGER mentoring_events_no_delete BEFORE DELETE ON mentoring_events
BEGIN
    SELECT RAISE(ABORT, 'mentoring_events is append-only');
END;
