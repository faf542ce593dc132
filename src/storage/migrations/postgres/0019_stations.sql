-- 0019 micro fire stations: 微型消防站 (CONTRACT "Training, micro fire stations, scorecards").
-- PostgreSQL; same meaning as sqlite/0019_stations.sql.
--
-- kind: a type code of micro_fire_station_equipment.json ("key_unit", "community", "town_village").
-- A station sits in one region (its scope columns), at lat/lng, and covers radius_m metres.
-- responsible_user_id: who gets the reminder before equipment expires.
-- Equipment: one row per (station, item), item a code of the standard's list; expires_on is a day of
-- the town's calendar or NULL (no expiry). Drills: when the call came and how many seconds until the
-- first people were on the scene (the "1-3-5 minute" response).

CREATE TABLE stations (
    id         BIGSERIAL PRIMARY KEY,
    town_id    BIGINT NOT NULL,
    village_id BIGINT,
    grid_id    BIGINT,
    region_id  BIGINT NOT NULL,
    name       TEXT    NOT NULL,
    kind       TEXT    NOT NULL,
    lat        DOUBLE PRECISION    NOT NULL,
    lng        DOUBLE PRECISION    NOT NULL,
    staff      BIGINT NOT NULL DEFAULT 0,
    radius_m   BIGINT NOT NULL,
    responsible_user_id BIGINT,
    version    BIGINT NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX stations_town ON stations (town_id, id);
CREATE INDEX stations_village ON stations (village_id, id);

CREATE TABLE station_equipment (
    station_id BIGINT NOT NULL,
    item       TEXT    NOT NULL,
    count      BIGINT NOT NULL,
    expires_on TEXT,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (station_id, item)
);
CREATE INDEX station_equipment_expiry ON station_equipment (expires_on, station_id);

CREATE TABLE station_drills (
    id            BIGSERIAL PRIMARY KEY,
    station_id    BIGINT NOT NULL,
    held_on       TEXT    NOT NULL,
    response_s    BIGINT NOT NULL,
    note          TEXT    NOT NULL DEFAULT '',
    recorded_by   BIGINT,
    created_at    BIGINT NOT NULL
);
CREATE INDEX station_drills_station ON station_drills (station_id, held_on);
