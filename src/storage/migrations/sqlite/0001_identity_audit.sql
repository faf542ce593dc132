-- 0001 identity and audit (SQLite). Same meaning as postgres/0001_identity_audit.sql.
-- Times are Unix seconds UTC; booleans 0/1. No foreign keys: rows of different towns may
-- one day live on different shards, and users point at regions/enterprises of 0002+.

-- town_id: the town the user belongs to (0 for admins); the shard key and the audit chain
-- the user's changes go to. Usernames are unique regardless of case so "Admin" cannot
-- impersonate "admin".
CREATE TABLE users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    username      TEXT    NOT NULL UNIQUE,
    password_hash TEXT    NOT NULL,
    role          TEXT    NOT NULL CHECK (role IN ('admin', 'town', 'village', 'inspector', 'enterprise')),
    region_id     INTEGER,
    enterprise_id INTEGER,
    town_id       INTEGER NOT NULL DEFAULT 0,
    display_name  TEXT    NOT NULL DEFAULT '',
    phone         TEXT    NOT NULL DEFAULT '',
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX users_username_lower ON users (lower(username));
CREATE INDEX users_town ON users (town_id, id);

-- Only the SHA-256 (hex) of a session token is stored: a copy of the table logs nobody in.
CREATE TABLE sessions (
    token_hash TEXT    PRIMARY KEY,
    user_id    INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    revoked_at INTEGER,
    client_ip  TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

-- Append-only, hash-chained per town (see services/audit_service.hpp). AUTOINCREMENT so an id
-- is never reused after a deleted tail: a reused id would hide the deletion.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    town_id     INTEGER NOT NULL,
    actor_id    INTEGER,
    actor_name  TEXT    NOT NULL,
    at          INTEGER NOT NULL,
    entity      TEXT    NOT NULL,
    entity_id   INTEGER NOT NULL,
    action      TEXT    NOT NULL,
    before_json TEXT    NOT NULL,
    after_json  TEXT    NOT NULL,
    prev_hash   TEXT    NOT NULL,
    hash        TEXT    NOT NULL
);
CREATE INDEX audit_log_town ON audit_log (town_id, id);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);

-- The last entry of each chain; appends lock this row, verification compares it with the tail.
CREATE TABLE audit_heads (
    town_id   INTEGER PRIMARY KEY,
    last_id   INTEGER NOT NULL,
    last_hash TEXT    NOT NULL
);

-- Stored first answers of idempotent POSTs (24 h). status 0 marks a key whose first request
-- is still running inside its transaction.
CREATE TABLE idempotency_keys (
    caller       TEXT    NOT NULL,
    key          TEXT    NOT NULL,
    method       TEXT    NOT NULL,
    path         TEXT    NOT NULL,
    status       INTEGER NOT NULL,
    content_type TEXT    NOT NULL,
    body         TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (caller, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
