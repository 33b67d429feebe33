-- What-if scenarios saved on the server by signed-in users (issue 6). A scenario is a share code
-- (engine::scenario: the indicators that differ from the unit's official values) under a name,
-- for one unit and period; each user sees only their own. Saving under an existing name replaces
-- it. A simulation never changes official data: nothing here is read by scoring.
--
-- Same text for SQLite and PostgreSQL (migrations/{sqlite,postgres}/0400_scenarios.sql).

CREATE TABLE saved_scenarios (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id),
    period_id TEXT NOT NULL REFERENCES periods (id),
    unit_id TEXT NOT NULL REFERENCES units (id),
    name TEXT NOT NULL,
    code TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (user_id, period_id, unit_id, name)
);

CREATE INDEX saved_scenarios_user ON saved_scenarios (user_id, period_id, unit_id);
