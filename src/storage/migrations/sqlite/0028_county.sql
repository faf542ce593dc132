-- 0028 county (SQLite). Same meaning as postgres/0028_county.sql.
-- A county above towns: regions.kind gains 'county' and users.role gains 'county' (issue 11 point 4).
-- SQLite cannot alter a CHECK constraint, so both tables are rebuilt with every column, index and
-- id kept. Neither table has triggers, FTS hooks or foreign keys pointing at it (0001, 0002, 0009,
-- 0011, 0017 are the migrations that shaped them). The AUTOINCREMENT counters are carried over so
-- an id deleted before the rebuild is still never handed out again.

CREATE TEMP TABLE county_seq AS SELECT name, seq FROM sqlite_sequence WHERE name IN ('users', 'regions');

CREATE TABLE users_0028 (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    username      TEXT    NOT NULL UNIQUE,
    password_hash TEXT    NOT NULL,
    role          TEXT    NOT NULL CHECK (role IN ('admin', 'town', 'village', 'inspector', 'enterprise', 'county')),
    region_id     INTEGER,
    enterprise_id INTEGER,
    town_id       INTEGER NOT NULL DEFAULT 0,
    display_name  TEXT    NOT NULL DEFAULT '',
    phone         TEXT    NOT NULL DEFAULT '',
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1,
    demo_password INTEGER,
    password_changed_at INTEGER
);
INSERT INTO users_0028 (id, username, password_hash, role, region_id, enterprise_id, town_id, display_name, phone,
                        disabled, created_at, updated_at, version, demo_password, password_changed_at)
SELECT id, username, password_hash, role, region_id, enterprise_id, town_id, display_name, phone,
       disabled, created_at, updated_at, version, demo_password, password_changed_at FROM users;
DROP TABLE users;
ALTER TABLE users_0028 RENAME TO users;
CREATE UNIQUE INDEX users_username_lower ON users (lower(username));
CREATE INDEX users_town ON users (town_id, id);

CREATE TABLE regions_0028 (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    name                TEXT    NOT NULL,
    kind                TEXT    NOT NULL CHECK (kind IN ('town', 'village', 'grid', 'county')),
    code                TEXT    NOT NULL DEFAULT '',
    parent_id           INTEGER,
    town_id             INTEGER NOT NULL,
    village_id          INTEGER,
    grid_id             INTEGER,
    responsible_name    TEXT    NOT NULL DEFAULT '',
    responsible_phone   TEXT    NOT NULL DEFAULT '',
    responsible_user_id INTEGER,
    version             INTEGER NOT NULL DEFAULT 1,
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    boundary            TEXT
);
INSERT INTO regions_0028 (id, name, kind, code, parent_id, town_id, village_id, grid_id, responsible_name,
                          responsible_phone, responsible_user_id, version, created_at, updated_at, boundary)
SELECT id, name, kind, code, parent_id, town_id, village_id, grid_id, responsible_name,
       responsible_phone, responsible_user_id, version, created_at, updated_at, boundary FROM regions;
DROP TABLE regions;
ALTER TABLE regions_0028 RENAME TO regions;
CREATE INDEX regions_town ON regions (town_id, id);
CREATE INDEX regions_parent ON regions (parent_id, id);

UPDATE sqlite_sequence SET seq = max(seq, (SELECT c.seq FROM county_seq c WHERE c.name = sqlite_sequence.name))
WHERE name IN ('users', 'regions') AND EXISTS (SELECT 1 FROM county_seq c WHERE c.name = sqlite_sequence.name);
INSERT INTO sqlite_sequence (name, seq)
SELECT c.name, c.seq FROM county_seq c WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence s WHERE s.name = c.name);
DROP TABLE county_seq;
