-- The history of an entry includes its note and recommendation: each audit record keeps the
-- entry's note and recommendation as they were after the change (plain text, NULL when none),
-- so the unit sees in the history when a recommendation was written or changed.
--
-- Conventions as in 0002_assessment.sql (shared with migrations/sqlite/0102_entry_audit_notes.sql).

ALTER TABLE entry_audit ADD COLUMN note TEXT;
ALTER TABLE entry_audit ADD COLUMN recommendation TEXT;
