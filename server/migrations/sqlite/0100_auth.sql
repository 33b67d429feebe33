-- Accounts, sessions, set-up links, API tokens and the security audit (see src/auth/).
--
-- Conventions as in 0002_assessment.sql: ids TEXT, timestamps TEXT RFC 3339 UTC with milliseconds
-- written by the server (so `expires_at > $now` compares correctly as text), booleans INTEGER 0/1
-- here and BOOLEAN on PostgreSQL. Secrets are never stored: sessions, set-up links and API tokens
-- keep only the SHA-256 of their random secret; passwords keep only their argon2id PHC string.
-- Scopes are codes without foreign keys, so accounts can be prepared before units exist.

CREATE TABLE users (
    id TEXT PRIMARY KEY NOT NULL,
    -- Lower case, 3-40 of a-z 0-9 . _ -
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'owner', 'unit_admin', 'viewer')),
    -- unit_admin: the unit's code (units.code); NULL for other roles.
    unit_code TEXT,
    -- owner: JSON array of indicator codes, e.g. ["SAKIP","OPINI_BPK"]; [] for other roles.
    indicator_codes TEXT NOT NULL DEFAULT '[]',
    -- NULL until the user has used a set-up link.
    password_hash TEXT,
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    last_login_at TEXT
);

CREATE TABLE sessions (
    token_sha256 TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    -- Absolute end; the idle end is last_seen_at + the configured idle time.
    expires_at TEXT NOT NULL,
    ip TEXT
);

CREATE INDEX sessions_user ON sessions (user_id);

-- One-time links: the first administrator's, or a user's set-up/reset link.
CREATE TABLE setup_links (
    token_sha256 TEXT PRIMARY KEY NOT NULL,
    purpose TEXT NOT NULL CHECK (purpose IN ('first_admin', 'password')),
    user_id TEXT REFERENCES users (id) ON DELETE CASCADE,
    created_by TEXT,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT,
    CHECK ((purpose = 'first_admin') = (user_id IS NULL))
);

CREATE TABLE api_tokens (
    -- 16 hex digits, also the middle part of the presented token `sbk_<id>_<secret>`.
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    indicator_codes TEXT NOT NULL,
    secret_sha256 TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at TEXT
);

-- Append-only record of security events, newest read first by id.
CREATE TABLE security_audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    occurred_at TEXT NOT NULL,
    event TEXT NOT NULL,
    -- Who did it: a username, `token:<id>`, or NULL (anonymous, the system).
    actor TEXT,
    -- What it was done to: a username (also the one attempted at a failed login) or a token id.
    subject TEXT,
    ip TEXT,
    detail TEXT
);

CREATE TRIGGER security_audit_no_update BEFORE UPDATE ON security_audit
BEGIN
    SELECT RAISE(ABORT, 'security_audit is append-only');
END;

CREATE TRIGGER security_audit_no_delete BEFORE DELETE ON security_audit
BEGIN
    SELECT RAISE(ABORT, 'security_audit is append-only');
END;
