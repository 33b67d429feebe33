-- The citizens' aspiration service (layanan aspirasi masyarakat, issue 23).
--
-- * `aspirations`: one message and its current state (status, latest answer). Its history is
--   kept in `aspiration_history`, append-only; this row is what the history adds up to.
--   `text_key` is the normalised text (lower case, single spaces): one unit cannot receive the
--   same text twice. `challenge_nonce` makes each solved challenge good for one message.
--   `self_post`: sent from a signed-in session of the unit's own staff (never counted).
-- * `aspiration_private`: the sender's contact and client address, apart from everything else so
--   that retention (SIBEKISAR_ASPIRATION_RETENTION_DAYS) can delete them; never shown publicly.
-- * `aspiration_holidays`: days that are not working days (kept by administrators).
-- * `aspiration_bindings`: a rubric indicator of a period × population whose value the server
--   computes from one measure.
-- * `aspiration_frozen` / `aspiration_frozen_messages`: when a period closes, each counted
--   message's response in working days is frozen, so the period's measures never change again.
-- * `aspiration_keys`: the secret that signs challenges (one row, made here).

CREATE TABLE aspirations (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    unit_id TEXT NOT NULL REFERENCES units (id),
    category TEXT NOT NULL CHECK (category IN ('pelayanan', 'informasi', 'pengaduan', 'saran')),
    text TEXT NOT NULL,
    text_key TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('menunggu', 'diterbitkan', 'disembunyikan', 'spam')),
    self_post BOOLEAN NOT NULL,
    submitted_at TEXT NOT NULL,
    submitted_ms BIGINT NOT NULL,
    published_at TEXT,
    hidden_reason TEXT,
    answer TEXT,
    answered_at TEXT,
    answered_by TEXT,
    first_answered_ms BIGINT,
    challenge_nonce TEXT NOT NULL UNIQUE,
    UNIQUE (unit_id, text_key)
);

CREATE INDEX aspirations_unit ON aspirations (unit_id, status, submitted_ms);

CREATE TABLE aspiration_history (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    aspiration_seq BIGINT NOT NULL REFERENCES aspirations (seq),
    event TEXT NOT NULL CHECK (event IN ('dikirim', 'diterbitkan', 'disembunyikan', 'spam', 'dijawab')),
    actor TEXT,
    note TEXT,
    at TEXT NOT NULL
);

CREATE INDEX aspiration_history_message ON aspiration_history (aspiration_seq, seq);

CREATE TRIGGER aspiration_history_no_update_or_delete BEFORE UPDATE OR DELETE ON aspiration_history
    FOR EACH ROW EXECUTE FUNCTION sibekisar_refuse_change();

CREATE TABLE aspiration_private (
    aspiration_seq BIGINT PRIMARY KEY NOT NULL REFERENCES aspirations (seq),
    contact TEXT,
    client_address TEXT,
    stored_ms BIGINT NOT NULL
);

CREATE INDEX aspiration_private_stored ON aspiration_private (stored_ms);

CREATE TABLE aspiration_holidays (
    day TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL
);

CREATE TABLE aspiration_bindings (
    period_id TEXT NOT NULL REFERENCES periods (id),
    population TEXT NOT NULL,
    indicator_code TEXT NOT NULL,
    measure TEXT NOT NULL CHECK (measure IN ('tingkat_tanggapan', 'median_hari_tanggapan')),
    working_days BIGINT NOT NULL CHECK (working_days BETWEEN 1 AND 60),
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (period_id, population, indicator_code)
);

CREATE TABLE aspiration_frozen (
    period_id TEXT PRIMARY KEY NOT NULL REFERENCES periods (id),
    frozen_at TEXT NOT NULL
);

CREATE TABLE aspiration_frozen_messages (
    period_id TEXT NOT NULL REFERENCES periods (id),
    aspiration_seq BIGINT NOT NULL REFERENCES aspirations (seq),
    unit_id TEXT NOT NULL REFERENCES units (id),
    -- NULL: not answered when the period closed.
    response_days BIGINT,
    PRIMARY KEY (period_id, aspiration_seq)
);

CREATE TABLE aspiration_keys (
    id BIGINT PRIMARY KEY NOT NULL CHECK (id = 1),
    secret TEXT NOT NULL
);

INSERT INTO aspiration_keys (id, secret) VALUES (1, md5(random()::text || clock_timestamp()::text) || md5(random()::text || clock_timestamp()::text));
