-- 0027 the device inbox and the live event log (issue 9: smart monitoring).
-- PostgreSQL; same meaning as sqlite/0027_device_inbox.sql.
--
-- device_inbox: every message a device sent (a GB/T 26875.3 frame, an MQTT message), stored durably
-- BEFORE the gateway confirms it (command 3) or the MQTT listener counts it as received, so a
-- confirmed message survives kill -9. The alarm processor drains the rows whose processed_at is NULL
-- into device state and alarms (the slow work). The rows stay as the audit trail of raw frames until
-- the retention job removes them (device_inbox.retention_days).
--   dedupe_key: what makes a repeat of the same message, per device. gb26875: "<serial>@<time label>"
--     (the frame's 2-byte serial wraps, so the frame's own time label is part of the key); mqtt: the
--     message's ts and a hash of its payload. UNIQUE (device_id, dedupe_key): a repeat is not stored.
--   signals: JSON array, see services/device_inbox.hpp (the one format both protocols produce).
--   raw: the frame bytes or the MQTT payload as received.
-- live_events: the Server-Sent Events log (GET /api/v1/events). The id is the SSE "id:"; a client's
--   Last-Event-ID resumes after it. The path columns scope it like every scoped row; enterprise_id is
--   set when the event concerns one enterprise. data is the event's JSON.
-- alarms: what devices raised (CONTRACT "Devices and alarms"; rules in core/alarm).
--   kind fire | fault | offline | other; status active | acknowledged | false_alarm | resolved.
--   component_key: "<system type>.<system address>.<component type>.<component address>" of the
--     component that raised it, '' for the device itself; one open alarm per (device, kind, component):
--     open = not cleared by the device and not closed by a person (alarms_open).
--   source: JSON object (protocol, component, detail, the inbox row) shown as the alarm's "source".
--   cleared_at: when the device reported the condition gone. escalation_level: 0 the grid's inspectors,
--   1 the village, 2 the town (as hazards). closed_at/closed_by: false_alarm or resolved.
--   hazard_id: the hazard a convert opened.

CREATE TABLE device_inbox (
    id           BIGSERIAL PRIMARY KEY,
    device_id    BIGINT NOT NULL,
    protocol     TEXT    NOT NULL,
    dedupe_key   TEXT    NOT NULL,
    received_at  BIGINT NOT NULL,
    occurred_at  BIGINT NOT NULL,
    signals      TEXT    NOT NULL,
    raw          BYTEA,
    processed_at BIGINT,
    UNIQUE (device_id, dedupe_key)
);
CREATE INDEX device_inbox_pending ON device_inbox (id) WHERE processed_at IS NULL;
CREATE INDEX device_inbox_received ON device_inbox (received_at);

CREATE TABLE live_events (
    id            BIGSERIAL PRIMARY KEY,
    town_id       BIGINT NOT NULL,
    village_id    BIGINT,
    grid_id       BIGINT,
    enterprise_id BIGINT,
    type          TEXT    NOT NULL,
    data          TEXT    NOT NULL,
    created_at    BIGINT NOT NULL
);
CREATE INDEX live_events_created ON live_events (created_at);

CREATE TABLE alarms (
    id               BIGSERIAL PRIMARY KEY,
    town_id          BIGINT NOT NULL,
    village_id       BIGINT,
    grid_id          BIGINT,
    enterprise_id    BIGINT NOT NULL,
    device_id        BIGINT NOT NULL,
    kind             TEXT    NOT NULL,
    status           TEXT    NOT NULL DEFAULT 'active',
    component_key    TEXT    NOT NULL DEFAULT '',
    source           TEXT    NOT NULL,
    raised_at        BIGINT NOT NULL,
    cleared_at       BIGINT,
    escalation_level BIGINT NOT NULL DEFAULT 0,
    escalated_at     BIGINT,
    acknowledged_at  BIGINT,
    acknowledged_by  BIGINT,
    closed_at        BIGINT,
    closed_by        BIGINT,
    hazard_id        BIGINT,
    version          BIGINT NOT NULL DEFAULT 1,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL
);
CREATE INDEX alarms_town ON alarms (town_id, id);
CREATE INDEX alarms_village ON alarms (village_id, id);
CREATE INDEX alarms_grid ON alarms (grid_id, id);
CREATE INDEX alarms_enterprise ON alarms (enterprise_id, id);
CREATE INDEX alarms_device ON alarms (device_id, id);
CREATE INDEX alarms_status ON alarms (status, kind, raised_at);
CREATE UNIQUE INDEX alarms_open ON alarms (device_id, kind, component_key)
    WHERE cleared_at IS NULL AND (status = 'active' OR status = 'acknowledged');
