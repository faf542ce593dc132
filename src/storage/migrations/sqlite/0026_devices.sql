-- 0026 devices: the registry of monitoring devices (CONTRACT "Devices and alarms", issue 9 point 1).
-- SQLite; same meaning as postgres/0026_devices.sql. See docs/devices.md.
--
-- A device belongs to one enterprise; its scope columns (town_id, village_id, grid_id) are copied
-- from the enterprise when it is created or moved, so lists filter on them like every scoped table.
-- kind: smoke_detector | electrical_fire | fire_panel | gas_detector | water_pressure | other
--   (core/device/device.hpp holds the list and the rules).
-- protocol: gb26875 (a GB/T 26875.3 user information transmission unit over TCP) | mqtt.
-- serial: the maker's serial (1..64 characters), unique per protocol; MQTT devices are found by it
--   (topic safegrid/devices/{serial}/events).
-- unit_address: gb26875 only, the frame's 6 address bytes read little-endian (0..2^48-1); NULL for
--   mqtt. UNIQUE: NULLs are distinct, so only gb26875 devices compete.
-- state: normal | fire | fault | offline, as the gateway last saw it; online 0/1; last_seen_at Unix
--   seconds or NULL (never heard from).
-- device_components: what a transmission unit reported per fire system / component (GB/T 26875.3
--   §7.2-7.3): system_type and system_address (1 byte each), component_type (1 byte) and
--   component_address (the 4 address bytes as one little-endian uint32). A system's own state is
--   kept with component_type = 0 and component_address = 0.

CREATE TABLE devices (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    town_id       INTEGER NOT NULL,
    village_id    INTEGER,
    grid_id       INTEGER,
    enterprise_id INTEGER NOT NULL,
    building_id   INTEGER,
    kind          TEXT    NOT NULL,
    serial        TEXT    NOT NULL,
    protocol      TEXT    NOT NULL,
    unit_address  INTEGER,
    state         TEXT    NOT NULL DEFAULT 'normal',
    online        INTEGER NOT NULL DEFAULT 0,
    last_seen_at  INTEGER,
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    UNIQUE (protocol, serial),
    UNIQUE (unit_address)
);
CREATE INDEX devices_town ON devices (town_id, id);
CREATE INDEX devices_village ON devices (village_id, id);
CREATE INDEX devices_grid ON devices (grid_id, id);
CREATE INDEX devices_enterprise ON devices (enterprise_id, id);
CREATE INDEX devices_online ON devices (online, town_id);

CREATE TABLE device_components (
    device_id         INTEGER NOT NULL,
    system_type       INTEGER NOT NULL,
    system_address    INTEGER NOT NULL,
    component_type    INTEGER NOT NULL DEFAULT 0,
    component_address INTEGER NOT NULL DEFAULT 0,
    state             TEXT    NOT NULL DEFAULT 'normal',
    last_seen_at      INTEGER NOT NULL,
    PRIMARY KEY (device_id, system_type, system_address, component_type, component_address)
);
