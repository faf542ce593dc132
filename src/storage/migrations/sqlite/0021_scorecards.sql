-- 0021 scorecards: the manual items of the 目标管理责任制考核 (CONTRACT "Training, micro fire stations,
-- scorecards"; docs/scorecards.md). SQLite; same meaning as postgres/0021_scorecards.sql.
--
-- Items the platform decides are computed on request and never stored; the ones it cannot decide
-- are entered by the town, one row per (level, period, subject, item): a second entry replaces the
-- points (who entered each version is in the audit log). level: village | enterprise; period:
-- 'YYYY-MM' or 'YYYY'; subject_id: the village's region id or the enterprise's id; town_id: the
-- subject's town (scope and shard key).

CREATE TABLE scorecard_manual (
    town_id    INTEGER NOT NULL,
    level      TEXT    NOT NULL,
    period     TEXT    NOT NULL,
    subject_id INTEGER NOT NULL,
    code       TEXT    NOT NULL,
    points     REAL    NOT NULL,
    entered_by INTEGER,
    entered_at INTEGER NOT NULL,
    PRIMARY KEY (level, period, subject_id, code)
);
CREATE INDEX scorecard_manual_town ON scorecard_manual (town_id, level, period);

-- The scorecard's aggregate queries (storage/repositories/scorecard_repository.cpp) read a period of
-- a town: the major hazards (few) and the hazards of a handful of categories without scanning
-- every hazard, and the inspections of a period by time.
CREATE INDEX hazards_severity_found ON hazards (severity, found_at);
CREATE INDEX hazards_category_status ON hazards (category, status);
CREATE INDEX inspections_at ON inspections (at);
