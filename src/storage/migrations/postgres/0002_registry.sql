-- 0002 registry: regions (一区一档), buildings (厂房) and enterprises (一企一档). PostgreSQL 15.
-- Same meaning as sqlite/0002_registry.sql (see its comments): path columns on every row, one
-- index per path column ending in id, no foreign keys.

CREATE TABLE regions (
    id                  BIGSERIAL PRIMARY KEY,
    name                TEXT   NOT NULL,
    kind                TEXT   NOT NULL CHECK (kind IN ('town', 'village', 'grid')),
    code                TEXT   NOT NULL DEFAULT '',
    parent_id           BIGINT,
    town_id             BIGINT NOT NULL,
    village_id          BIGINT,
    grid_id             BIGINT,
    responsible_name    TEXT   NOT NULL DEFAULT '',
    responsible_phone   TEXT   NOT NULL DEFAULT '',
    responsible_user_id BIGINT,
    version             BIGINT NOT NULL DEFAULT 1,
    created_at          BIGINT NOT NULL,
    updated_at          BIGINT NOT NULL
);
CREATE INDEX regions_town ON regions (town_id, id);
CREATE INDEX regions_parent ON regions (parent_id, id);

CREATE TABLE buildings (
    id             BIGSERIAL PRIMARY KEY,
    town_id        BIGINT NOT NULL,
    village_id     BIGINT NOT NULL,
    grid_id        BIGINT NOT NULL,
    name           TEXT   NOT NULL,
    address        TEXT   NOT NULL DEFAULT '',
    landlord_name  TEXT   NOT NULL DEFAULT '',
    landlord_phone TEXT   NOT NULL DEFAULT '',
    floors         BIGINT,
    area_m2        DOUBLE PRECISION,
    version        BIGINT NOT NULL DEFAULT 1,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);
CREATE INDEX buildings_town ON buildings (town_id, id);
CREATE INDEX buildings_village ON buildings (village_id, id);
CREATE INDEX buildings_grid ON buildings (grid_id, id);

CREATE TABLE enterprises (
    id            BIGSERIAL PRIMARY KEY,
    town_id       BIGINT NOT NULL,
    village_id    BIGINT NOT NULL,
    grid_id       BIGINT NOT NULL,
    building_id   BIGINT,
    name          TEXT   NOT NULL,
    credit_code   TEXT   NOT NULL,
    address       TEXT   NOT NULL DEFAULT '',
    industry_code TEXT   NOT NULL DEFAULT '',
    employees     BIGINT,
    tags          TEXT   NOT NULL DEFAULT '',
    lat           DOUBLE PRECISION,
    lng           DOUBLE PRECISION,
    contact_name  TEXT   NOT NULL DEFAULT '',
    contact_phone TEXT   NOT NULL DEFAULT '',
    risk_level    TEXT   NOT NULL DEFAULT 'blue' CHECK (risk_level IN ('red', 'orange', 'yellow', 'blue')),
    version       BIGINT NOT NULL DEFAULT 1,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    UNIQUE (town_id, credit_code)
);
CREATE INDEX enterprises_town ON enterprises (town_id, id);
CREATE INDEX enterprises_village ON enterprises (village_id, id);
CREATE INDEX enterprises_grid ON enterprises (grid_id, id);
CREATE INDEX enterprises_building ON enterprises (building_id, id);
CREATE INDEX enterprises_town_risk ON enterprises (town_id, risk_level, id);
-- The same across towns (an admin's "every red enterprise", the statistics' count by colour).
CREATE INDEX enterprises_risk ON enterprises (risk_level, id);

-- Substring search: one trigram GIN index over name, address and credit code joined by chr(31)
-- (a control character no query may contain, so no match spans two columns). It serves
-- `(name || chr(31) || address || chr(31) || credit_code) ILIKE '%q%'` for queries of 3+ characters
-- (the repository writes exactly this expression); shorter ones scan within the caller's scope,
-- as no trigram index can answer them. pg_trgm ships with postgresql-contrib and is a trusted
-- extension (a database owner may create it). Where it cannot be created search still works, as a
-- scan, so neither step may fail the migration. The operator class is qualified with the
-- extension's schema: it may live outside this search_path (an extension exists once per database).
DO $$
BEGIN
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
EXCEPTION WHEN OTHERS THEN
    RAISE NOTICE 'pg_trgm unavailable (%); enterprise search will scan', SQLERRM;
END
$$;
DO $$
DECLARE
    trgm_schema TEXT;
BEGIN
    SELECT n.nspname INTO trgm_schema
    FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
    WHERE e.extname = 'pg_trgm';
    IF trgm_schema IS NOT NULL THEN
        EXECUTE format('CREATE INDEX enterprises_search_trgm ON enterprises USING gin '
                       '((name || chr(31) || address || chr(31) || credit_code) %I.gin_trgm_ops)', trgm_schema);
    END IF;
EXCEPTION WHEN OTHERS THEN
    RAISE NOTICE 'trigram index not created (%); enterprise search will scan', SQLERRM;
END
$$;
