-- The unit registry (issue 17): administrators register, rename and deactivate units and add
-- populations; nothing here is deleted.
--
-- * `units.parent_id`: an optional parent unit (a kabupaten's own agencies under the kabupaten's
--   government unit); any population.
-- * A unit's name is unique within its population, without regard to case, since imports match
--   units by name (the server checks first and answers 409/422; the index is the last word).
-- * `unit_period_names`: the name a unit had in a closed or published period, written when the
--   unit is renamed after that period closed, so a past ranking and report keep the old name.
--   Absent means "the unit's current name".
-- * `registry_audit`: append-only history of every change to units and populations (who, when,
--   before and after as JSON); a rename's history is read from here.
--
-- Same text for SQLite and PostgreSQL apart from the audit's id column and the triggers.

ALTER TABLE units ADD COLUMN parent_id TEXT REFERENCES units (id);

CREATE UNIQUE INDEX units_population_name_unique ON units (population, lower(name));

CREATE TABLE unit_period_names (
    period_id TEXT NOT NULL REFERENCES periods (id),
    unit_id TEXT NOT NULL REFERENCES units (id),
    name TEXT NOT NULL,
    PRIMARY KEY (period_id, unit_id)
);

CREATE TABLE registry_audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    subject_kind TEXT NOT NULL CHECK (subject_kind IN ('unit', 'population')),
    subject_code TEXT NOT NULL,
    event TEXT NOT NULL,
    old_json TEXT,
    new_json TEXT,
    changed_by TEXT NOT NULL,
    changed_at TEXT NOT NULL
);

CREATE INDEX registry_audit_subject ON registry_audit (subject_kind, subject_code, id);

CREATE TRIGGER registry_audit_no_update BEFORE UPDATE ON registry_audit
BEGIN
    SELECT RAISE(ABORT, 'registry_audit is append-only');
END;

CREATE TRIGGER registry_audit_no_delete BEFORE DELETE ON registry_audit
BEGIN
    SELECT RAISE(ABORT, 'registry_audit is append-only');
END;
