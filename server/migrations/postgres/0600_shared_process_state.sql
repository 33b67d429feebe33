-- What several server processes on one database must share, kept here instead of in a process's
-- memory (expand-only: two new tables).
--
-- * `login_throttle`: the failure count and lock of one throttle key (`user:<username>` or
--   `ip:<address>`, see src/auth/throttle.rs). Its times are milliseconds since the Unix epoch
--   from the server's clock, not RFC 3339 text like elsewhere: the throttle computes with them
--   (lock ends, waits) and never shows them. A row is swept an hour after its last failure once
--   its lock has passed, so the table stays bounded under a spray of names.
-- * `import_leases`: one row while an import of that period is read or written (409
--   `import_running` for a second one on any process). A lease ends when its import ends; one
--   left by a killed process expires at `expires_at` (the request deadline).

CREATE TABLE login_throttle (
    throttle_key TEXT PRIMARY KEY NOT NULL,
    failures BIGINT NOT NULL CHECK (failures >= 0),
    last_failure_ms BIGINT NOT NULL,
    -- 0 when never locked.
    locked_until_ms BIGINT NOT NULL
);

CREATE INDEX login_throttle_last_failure ON login_throttle (last_failure_ms);

CREATE TABLE import_leases (
    period_id TEXT PRIMARY KEY NOT NULL REFERENCES periods (id),
    holder TEXT NOT NULL,
    started_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
