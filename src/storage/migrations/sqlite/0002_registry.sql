-- 0002 registry: regions (一区一档), buildings (厂房) and enterprises (一企一档). SQLite.
-- Same meaning as postgres/0002_registry.sql. Times are Unix seconds UTC. No foreign keys (see
-- 0001): the services check every reference, inside the write transaction, against the caller's scope.
--
-- Every row carries its place in the tree (town_id, village_id, grid_id) so a scope test is one
-- equality. A region's own level holds its own id: a town row has town_id = id, a village row
-- village_id = id, a grid row grid_id = id (the repository inserts, then sets its own id, in the
-- same transaction). Listing is always "WHERE <one of the path columns> = ? ORDER BY id", so each
-- path column has an index ending in id: the page and its COUNT(*) are index-only range scans.

CREATE TABLE regions (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    name                TEXT    NOT NULL,
    kind                TEXT    NOT NULL CHECK (kind IN ('town', 'village', 'grid')),
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
    updated_at          INTEGER NOT NULL
);
CREATE INDEX regions_town ON regions (town_id, id);
CREATE INDEX regions_parent ON regions (parent_id, id);

-- A building sits in one grid; its tenants are the enterprises whose building_id is its id.
CREATE TABLE buildings (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    town_id        INTEGER NOT NULL,
    village_id     INTEGER NOT NULL,
    grid_id        INTEGER NOT NULL,
    name           TEXT    NOT NULL,
    address        TEXT    NOT NULL DEFAULT '',
    landlord_name  TEXT    NOT NULL DEFAULT '',
    landlord_phone TEXT    NOT NULL DEFAULT '',
    floors         INTEGER,
    area_m2        REAL,
    version        INTEGER NOT NULL DEFAULT 1,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
CREATE INDEX buildings_town ON buildings (town_id, id);
CREATE INDEX buildings_village ON buildings (village_id, id);
CREATE INDEX buildings_grid ON buildings (grid_id, id);

-- tags: canonical comma list in a fixed order ("three_in_one,dust"), filtered with
-- ',' || tags || ',' LIKE '%,dust,%'. risk_level is computed by the service (core/enterprise/risk).
CREATE TABLE enterprises (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    town_id       INTEGER NOT NULL,
    village_id    INTEGER NOT NULL,
    grid_id       INTEGER NOT NULL,
    building_id   INTEGER,
    name          TEXT    NOT NULL,
    credit_code   TEXT    NOT NULL,
    address       TEXT    NOT NULL DEFAULT '',
    industry_code TEXT    NOT NULL DEFAULT '',
    employees     INTEGER,
    tags          TEXT    NOT NULL DEFAULT '',
    lat           REAL,
    lng           REAL,
    contact_name  TEXT    NOT NULL DEFAULT '',
    contact_phone TEXT    NOT NULL DEFAULT '',
    risk_level    TEXT    NOT NULL DEFAULT 'blue' CHECK (risk_level IN ('red', 'orange', 'yellow', 'blue')),
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    UNIQUE (town_id, credit_code)
);
CREATE INDEX enterprises_town ON enterprises (town_id, id);
CREATE INDEX enterprises_village ON enterprises (village_id, id);
CREATE INDEX enterprises_grid ON enterprises (grid_id, id);
CREATE INDEX enterprises_building ON enterprises (building_id, id);
-- Risk filter and the statistics' count by colour within a town.
CREATE INDEX enterprises_town_risk ON enterprises (town_id, risk_level, id);
-- The same across towns (an admin's "every red enterprise", the statistics' count by colour).
CREATE INDEX enterprises_risk ON enterprises (risk_level, id);

-- Substring search over name, address and credit code. A trigram FTS5 index answers any query of
-- 3 or more characters (Chinese names are short, so most useful queries qualify) without a scan;
-- shorter queries fall back to LIKE over the caller's scope. External content: the text lives once,
-- in enterprises; these triggers keep the index in step inside the writing transaction.
CREATE VIRTUAL TABLE enterprises_fts USING fts5(
    name, address, credit_code, content = 'enterprises', content_rowid = 'id', tokenize = 'trigram');
CREATE TRIGGER enterprises_fts_insert AFTER INSERT ON enterprises BEGIN
    INSERT INTO enterprises_fts (rowid, name, address, credit_code)
    VALUES (new.id, new.name, new.address, new.credit_code);
END;
CREATE TRIGGER enterprises_fts_delete AFTER DELETE ON enterprises BEGIN
    INSERT INTO enterprises_fts (enterprises_fts, rowid, name, address, credit_code)
    VALUES ('delete', old.id, old.name, old.address, old.credit_code);
END;
CREATE TRIGGER enterprises_fts_update AFTER UPDATE OF name, address, credit_code ON enterprises BEGIN
    INSERT INTO enterprises_fts (enterprises_fts, rowid, name, address, credit_code)
    VALUES ('delete', old.id, old.name, old.address, old.credit_code);
    INSERT INTO enterprises_fts (rowid, name, address, credit_code)
    VALUES (new.id, new.name, new.address, new.credit_code);
END;
