-- 0001 identity and audit (PostgreSQL 15). Same meaning as sqlite/0001_identity_audit.sql.
-- Times are Unix seconds UTC (BIGINT); booleans 0/1 (INTEGER) so one SQL text runs on both.
-- No foreign keys: rows of different towns may one day live on different shards.

CREATE TABLE users (
    id            BIGSERIAL PRIMARY KEY,
    username      TEXT    NOT NULL UNIQUE,
    password_hash TEXT    NOT NULL,
    role          TEXT    NOT NULL CHECK (role IN ('admin', 'town', 'village', 'inspector', 'enterprise')),
    region_id     BIGINT,
    enterprise_id BIGINT,
    town_id       BIGINT  NOT NULL DEFAULT 0,
    display_name  TEXT    NOT NULL DEFAULT '',
    phone         TEXT    NOT NULL DEFAULT '',
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    BIGINT  NOT NULL,
    updated_at    BIGINT  NOT NULL,
    version       BIGINT  NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX users_username_lower ON users (lower(username));
CREATE INDEX users_town ON users (town_id, id);

CREATE TABLE sessions (
    token_hash TEXT   PRIMARY KEY,
    user_id    BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    revoked_at BIGINT,
    client_ip  TEXT   NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

-- Sequence ids are never reused, so a deleted tail cannot be papered over.
CREATE TABLE audit_log (
    id          BIGSERIAL PRIMARY KEY,
    town_id     BIGINT NOT NULL,
    actor_id    BIGINT,
    actor_name  TEXT   NOT NULL,
    at          BIGINT NOT NULL,
    entity      TEXT   NOT NULL,
    entity_id   BIGINT NOT NULL,
    action      TEXT   NOT NULL,
    before_json TEXT   NOT NULL,
    after_json  TEXT   NOT NULL,
    prev_hash   TEXT   NOT NULL,
    hash        TEXT   NOT NULL
);
CREATE INDEX audit_log_town ON audit_log (town_id, id);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);

CREATE TABLE audit_heads (
    town_id   BIGINT PRIMARY KEY,
    last_id   BIGINT NOT NULL,
    last_hash TEXT   NOT NULL
);

CREATE TABLE idempotency_keys (
    caller       TEXT    NOT NULL,
    key          TEXT    NOT NULL,
    method       TEXT    NOT NULL,
    path         TEXT    NOT NULL,
    status       INTEGER NOT NULL,
    content_type TEXT    NOT NULL,
    body         TEXT    NOT NULL,
    created_at   BIGINT  NOT NULL,
    PRIMARY KEY (caller, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
