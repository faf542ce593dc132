-- 0018 training: 百万员工消防安全大培训 (CONTRACT "Training, micro fire stations, scorecards").
-- SQLite; same meaning as postgres/0018_training.sql.
--
-- A session is held in one region (town, village or grid: its scope columns say where), on a day of
-- the town's calendar ('YYYY-MM-DD' text, so text order is date order). kind: fire | production | drill.
-- An attendance records how many people of one enterprise took part; one row per (session,
-- enterprise): a second POST for the same enterprise replaces the count. Coverage over the last 12
-- months is "enterprises with at least one attendance at a session held on or after the cut day".
-- Walk-in sign-ins (the session's QR page, no login) are kept apart in training_signins: they are
-- people, not counted attendance, until staff accept them.

CREATE TABLE trainings (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    town_id    INTEGER NOT NULL,
    village_id INTEGER,
    grid_id    INTEGER,
    region_id  INTEGER NOT NULL,
    title      TEXT    NOT NULL,
    kind       TEXT    NOT NULL,
    held_on    TEXT    NOT NULL,
    hours      REAL    NOT NULL DEFAULT 0,
    signin_code TEXT,
    created_by INTEGER,
    created_at INTEGER NOT NULL
);
CREATE INDEX trainings_town ON trainings (town_id, held_on);
CREATE INDEX trainings_village ON trainings (village_id, held_on);
CREATE UNIQUE INDEX trainings_signin_code ON trainings (signin_code);

CREATE TABLE training_attendance (
    training_id   INTEGER NOT NULL,
    enterprise_id INTEGER NOT NULL,
    town_id       INTEGER NOT NULL,
    village_id    INTEGER,
    grid_id       INTEGER,
    held_on       TEXT    NOT NULL,
    kind          TEXT    NOT NULL,
    people        INTEGER NOT NULL,
    recorded_by   INTEGER,
    recorded_at   INTEGER NOT NULL,
    PRIMARY KEY (training_id, enterprise_id)
);
-- "Was this enterprise trained since D" and "which enterprises of this village were": both by day.
CREATE INDEX training_attendance_enterprise ON training_attendance (enterprise_id, held_on);
CREATE INDEX training_attendance_village ON training_attendance (village_id, held_on, enterprise_id);
CREATE INDEX training_attendance_town ON training_attendance (town_id, held_on, enterprise_id);

CREATE TABLE training_signins (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    training_id   INTEGER NOT NULL,
    enterprise_id INTEGER,
    name          TEXT    NOT NULL,
    phone         TEXT    NOT NULL,
    enterprise_name TEXT  NOT NULL,
    client_ip     TEXT,
    created_at    INTEGER NOT NULL
);
CREATE INDEX training_signins_training ON training_signins (training_id, id);
