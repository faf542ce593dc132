-- 0016 places: the opaque codes printed on QR posters (CONTRACT "Public reports": a poster's link is
-- {public-url}/report?place=CODE). PostgreSQL; same meaning as sqlite/0016_places.sql.
--
-- One row per region (village, grid; a town too) or enterprise that has had a poster made: the code
-- is drawn when the first poster is rendered (services/place_service), so no backfill is needed and
-- a code never changes once printed. region_id and enterprise_id are each unique (one code per
-- place); exactly one of them is set. town_id is the shard key, as on every scoped row.
CREATE TABLE places (
    id            BIGSERIAL PRIMARY KEY,
    code          TEXT    NOT NULL UNIQUE,
    town_id       BIGINT  NOT NULL,
    region_id     BIGINT  UNIQUE,
    enterprise_id BIGINT  UNIQUE,
    created_at    BIGINT  NOT NULL,
    CHECK ((region_id IS NULL) <> (enterprise_id IS NULL))
);
