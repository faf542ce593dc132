-- 0018 training: 百万员工消防安全大培训 (CONTRACT "Training, micro fire stations, scorecards").
-- PostgreSQL; same meaning as sqlite/0018_training.sql.
--
-- A session is held in one region (town, village or grid: its scope columns say where), on a day of
-- the town's calendar ('YYYY-MM-DD' text, so text order is date order). kind: fire | production | drill.
-- An attendance records how many people of one enterprise took part; one row per (session,
-- enterprise): a second POST for the same enterprise replaces the count. Coverage over the last 12
-- months is "enterprises with at least one attendance at a session held on or after the cut day".
-- Walk-in sign-ins (the session's QR page, no login) are kept apart in training_signins: they are
-- people, not counted attendance, until staff accept them.

CREATE TABLE trainings (
    id         BIGSERIAL PRIMARY KEY,
    town_id    BIGINT NOT NULL,
    village_id BIGINT,
    grid_id    BIGINT,
    region_id  BIGINT NOT NULL,
    title      TEXT    NOT NULL,
    kind       TEXT    NOT NULL,
    held_on    TEXT    NOT NULL,
    hours      DOUBLE PRECISION    NOT NULL DEFAULT 0,
    signin_code TEXT,
    created_by BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX trainings_town ON trainings (town_id, held_on);
CREATE INDEX trainings_village ON trainings (village_id, held_on);
CREATE UNIQUE INDEX trainings_signin_code ON trainings (signin_code);

CREATE TABLE training_attendance (
    training_id   BIGINT NOT NULL,
    enterprise_id BIGINT NOT NULL,
    town_id       BIGINT NOT NULL,
    village_id    BIGINT,
    grid_id       BIGINT,
    held_on       TEXT    NOT NULL,
    kind          TEXT    NOT NULL,
    people        BIGINT NOT NULL,
    recorded_by   BIGINT,
    recorded_at   BIGINT NOT NULL,
    PRIMARY KEY (training_id, enterprise_id)
);
-- "Was this enterprise trained since D" and "which enterprises of this village were": both by day.
CREATE INDEX training_attendance_enterprise ON training_attendance (enterprise_id, held_on);
CREATE INDEX training_attendance_village ON training_attendance (village_id, held_on, enterprise_id);
CREATE INDEX training_attendance_town ON training_attendance (town_id, held_on, enterprise_id);

CREATE TABLE training_signins (
    id            BIGSERIAL PRIMARY KEY,
    training_id   BIGINT NOT NULL,
    enterprise_id BIGINT,
    name          TEXT    NOT NULL,
    phone         TEXT    NOT NULL,
    enterprise_name TEXT  NOT NULL,
    client_ip     TEXT,
    created_at    BIGINT NOT NULL
);
CREATE INDEX training_signins_training ON training_signins (training_id, id);
