-- Assessment data: populations, units, rubric versions, periods, entries (+ audit) and official
-- results.
--
-- Conventions (shared with migrations/postgres/0002_assessment.sql; see src/storage/mod.rs):
-- * ids are TEXT; timestamps are TEXT in RFC 3339 UTC with milliseconds
--   (`2024-01-31T08:00:00.000Z`), always written by the server, never by a database default, so
--   both engines store byte-identical values that sort as text;
-- * integers are INTEGER here and BIGINT on PostgreSQL (both read as i64);
-- * booleans are INTEGER 0/1 here and BOOLEAN on PostgreSQL;
-- * decimals (totals, ranges) are TEXT with exactly two decimals ("81.00"): never a float column;
-- * raw indicator values are JSON text (`85`, `75.4`, `"WTP"`, `true`) exactly as entered.

-- The groups of units ranked separately. Extensible: a new population is a new row.
CREATE TABLE populations (
    code TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    name_en TEXT NOT NULL,
    sort_order INTEGER NOT NULL
);

INSERT INTO populations (code, name, name_en, sort_order) VALUES
    ('opd', 'Perangkat Daerah', 'Regional apparatus', 1),
    ('uobk', 'UOBK (Rumah Sakit)', 'Special units (hospitals)', 2),
    ('kabkota', 'Kabupaten/Kota', 'Regencies and cities', 3);

CREATE TABLE units (
    id TEXT PRIMARY KEY NOT NULL,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    population TEXT NOT NULL REFERENCES populations (code),
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at TEXT NOT NULL
);

CREATE INDEX units_population ON units (population, name);

-- A rubric document as given, never updated: changing a rubric makes a new version.
CREATE TABLE rubric_versions (
    id TEXT PRIMARY KEY NOT NULL,
    rubric_id TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    document TEXT NOT NULL,
    content_sha256 TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    UNIQUE (rubric_id, version)
);

CREATE TRIGGER rubric_versions_are_immutable BEFORE UPDATE ON rubric_versions
BEGIN
    SELECT RAISE(ABORT, 'rubric versions are immutable: store a new version instead');
END;

CREATE TABLE periods (
    id TEXT PRIMARY KEY NOT NULL,
    year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2999),
    kind TEXT NOT NULL CHECK (kind IN ('annual', 'q1', 'q2', 'q3', 'q4')),
    state TEXT NOT NULL CHECK (state IN ('draft', 'open', 'closed', 'published')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (year, kind)
);

-- Which rubric version scores which population in a period.
CREATE TABLE period_rubrics (
    period_id TEXT NOT NULL REFERENCES periods (id),
    population TEXT NOT NULL REFERENCES populations (code),
    rubric_version_id TEXT NOT NULL REFERENCES rubric_versions (id),
    PRIMARY KEY (period_id, population)
);

-- TODO(assessment entry): per-indicator notes and recommendations for the unit.
CREATE TABLE entries (
    period_id TEXT NOT NULL REFERENCES periods (id),
    unit_id TEXT NOT NULL REFERENCES units (id),
    indicator_code TEXT NOT NULL,
    value_json TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('submitted', 'verified', 'disputed', 'resolved')),
    version INTEGER NOT NULL CHECK (version >= 1),
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (period_id, unit_id, indicator_code)
);

-- Append-only history of every entry change.
CREATE TABLE entry_audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    period_id TEXT NOT NULL,
    unit_id TEXT NOT NULL,
    indicator_code TEXT NOT NULL,
    old_value_json TEXT,
    new_value_json TEXT,
    old_status TEXT,
    new_status TEXT,
    changed_by TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    reason TEXT
);

CREATE INDEX entry_audit_entry ON entry_audit (period_id, unit_id, indicator_code, id);

CREATE TRIGGER entry_audit_no_update BEFORE UPDATE ON entry_audit
BEGIN
    SELECT RAISE(ABORT, 'entry_audit is append-only');
END;

CREATE TRIGGER entry_audit_no_delete BEFORE DELETE ON entry_audit
BEGIN
    SELECT RAISE(ABORT, 'entry_audit is append-only');
END;

-- Official results, computed by the engine from stored raw values (never sent by a client).
CREATE TABLE results (
    period_id TEXT NOT NULL REFERENCES periods (id),
    unit_id TEXT NOT NULL REFERENCES units (id),
    population TEXT NOT NULL REFERENCES populations (code),
    rubric_version_id TEXT NOT NULL REFERENCES rubric_versions (id),
    rank INTEGER NOT NULL CHECK (rank >= 1),
    total TEXT NOT NULL,
    grade TEXT NOT NULL CHECK (grade IN ('A', 'B', 'C', 'D', 'E')),
    complete INTEGER NOT NULL CHECK (complete IN (0, 1)),
    range_min TEXT NOT NULL,
    range_max TEXT NOT NULL,
    result_json TEXT NOT NULL,
    computed_at TEXT NOT NULL,
    PRIMARY KEY (period_id, unit_id)
);

CREATE INDEX results_ranking ON results (period_id, population, rank);
