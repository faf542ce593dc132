-- 0023 scorecard counters: the hazard and inspection figures of the scorecards (docs/scorecards.md,
-- core/scorecard/scorecard.hpp VillageFigures / EnterpriseFigures) per month, so a year's card reads
-- at most a dozen rows per subject instead of aggregating a year of hazards and inspections.
-- SQLite; same meaning as postgres/0023_scorecard_counts.sql. Read by
-- storage/repositories/scorecard_counts.cpp.
--
-- Kept by triggers on hazards and inspections, like enterprise_counts (0004): every write path
-- (create, transition, edit, deadline extension, import, bulk seed, a hand-written INSERT) moves
-- them in its own transaction. Hazards and inspections keep the place they were recorded at (an
-- enterprise moved to another village does not rewrite them), and so do these rows.
--
-- month: yyyymm of the instant in China time (the key of hazard_month_counts; the reader falls back
-- to the aggregate queries for a town configured in another time zone). Two more keys in
-- scorecard_months: yyyy00 holds the whole year's inspection columns (so "enterprises inspected in
-- the year" is a distinct count over one row per enterprise); 0 holds the open_* columns summed over
-- all time (the hazards open now). Every other column of those rows stays 0.
--
-- scorecard_months, per (month, place of the hazard or inspection, enterprise|0):
--   due, due_on_time   hazards not rejected whose deadline falls in the month; of those, closed on time
--   inspections        inspections in the month; self_checks: of kind self_check
--   open_fire, open_chemicals, open_electrical
--                      per category group of core (kFireFacilityCategories, kChemicalsCategories,
--                      kElectricalCategories): +1 in the month found for a hazard that is or was open
--                      (rectifying, submitted, or closed with a closing time), -1 in the month it was
--                      closed (the later of found and closed). Summed over the months before an end,
--                      that is the hazards open at the end: open at month 0 minus the months from the end on.
-- scorecard_village_months, per (month, town, village) of hazards held by a village:
--   due, due_on_time   as above
--   majors_found       major hazards confirmed (rectifying, submitted, closed) found in the month
--   majors_ended       of those with a closing time, in the month of the later of found and closed:
--                      majors open at some time in [start, end) = found before the end - ended before the start
--   majors_closed      major hazards closed in the month (the re-check: closing takes the verifier)
-- Exact while closed_at >= found_at, which every write path keeps (approval closes at now, the
-- import refuses a closing date before the date found).

CREATE TABLE scorecard_months (
    month           INTEGER NOT NULL,
    town_id         INTEGER NOT NULL,
    village_id      INTEGER NOT NULL,
    grid_id         INTEGER NOT NULL,
    enterprise_id   INTEGER NOT NULL,
    due             INTEGER NOT NULL DEFAULT 0,
    due_on_time     INTEGER NOT NULL DEFAULT 0,
    inspections     INTEGER NOT NULL DEFAULT 0,
    self_checks     INTEGER NOT NULL DEFAULT 0,
    open_fire       INTEGER NOT NULL DEFAULT 0,
    open_chemicals  INTEGER NOT NULL DEFAULT 0,
    open_electrical INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (month, town_id, village_id, grid_id, enterprise_id)
) WITHOUT ROWID;

CREATE TABLE scorecard_village_months (
    month         INTEGER NOT NULL,
    town_id       INTEGER NOT NULL,
    village_id    INTEGER NOT NULL,
    due           INTEGER NOT NULL DEFAULT 0,
    due_on_time   INTEGER NOT NULL DEFAULT 0,
    majors_found  INTEGER NOT NULL DEFAULT 0,
    majors_ended  INTEGER NOT NULL DEFAULT 0,
    majors_closed INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (month, town_id, village_id)
) WITHOUT ROWID;

-- Backfill from the rows already stored: the same contributions as the triggers below, summed.
INSERT INTO scorecard_months (month, town_id, village_id, grid_id, enterprise_id, due, due_on_time, inspections,
                              self_checks, open_fire, open_chemicals, open_electrical)
SELECT month, town_id, village_id, grid_id, enterprise_id, SUM(due), SUM(due_on_time), SUM(inspections),
       SUM(self_checks), SUM(open_fire), SUM(open_chemicals), SUM(open_electrical)
FROM (
    SELECT CAST(strftime('%Y%m', due_at + 28800, 'unixepoch') AS INTEGER) AS month, town_id,
           COALESCE(village_id, 0) AS village_id, COALESCE(grid_id, 0) AS grid_id,
           COALESCE(enterprise_id, 0) AS enterprise_id, 1 AS due, closed_on_time IS 1 AS due_on_time,
           0 AS inspections, 0 AS self_checks, 0 AS open_fire, 0 AS open_chemicals, 0 AS open_electrical
    FROM hazards WHERE status <> 'rejected' AND due_at IS NOT NULL
    UNION ALL
    SELECT CAST(strftime('%Y%m', found_at + 28800, 'unixepoch') AS INTEGER), town_id, COALESCE(village_id, 0),
           COALESCE(grid_id, 0), COALESCE(enterprise_id, 0), 0, 0, 0, 0, category IN ('extinguisher', 'alarms'),
           category IN ('chemicals', 'exits'), category IN ('electrical')
    FROM hazards WHERE (status IN ('rectifying', 'submitted') OR (status = 'closed' AND closed_at IS NOT NULL))
      AND category IN ('extinguisher', 'alarms', 'chemicals', 'exits', 'electrical')
    UNION ALL
    SELECT CAST(strftime('%Y%m', MAX(found_at, closed_at) + 28800, 'unixepoch') AS INTEGER), town_id,
           COALESCE(village_id, 0), COALESCE(grid_id, 0), COALESCE(enterprise_id, 0), 0, 0, 0, 0,
           -(category IN ('extinguisher', 'alarms')), -(category IN ('chemicals', 'exits')),
           -(category IN ('electrical'))
    FROM hazards WHERE status = 'closed' AND closed_at IS NOT NULL
      AND category IN ('extinguisher', 'alarms', 'chemicals', 'exits', 'electrical')
    UNION ALL
    SELECT 0, town_id, COALESCE(village_id, 0), COALESCE(grid_id, 0), COALESCE(enterprise_id, 0), 0, 0, 0, 0,
           category IN ('extinguisher', 'alarms'), category IN ('chemicals', 'exits'), category IN ('electrical')
    FROM hazards WHERE status IN ('rectifying', 'submitted')
      AND category IN ('extinguisher', 'alarms', 'chemicals', 'exits', 'electrical')
    UNION ALL
    SELECT CAST(strftime('%Y%m', at + 28800, 'unixepoch') AS INTEGER), town_id, village_id, grid_id, enterprise_id,
           0, 0, 1, kind = 'self_check', 0, 0, 0
    FROM inspections
    UNION ALL
    SELECT CAST(strftime('%Y', at + 28800, 'unixepoch') AS INTEGER) * 100, town_id, village_id, grid_id,
           enterprise_id, 0, 0, 1, kind = 'self_check', 0, 0, 0
    FROM inspections
) GROUP BY month, town_id, village_id, grid_id, enterprise_id;

INSERT INTO scorecard_village_months (month, town_id, village_id, due, due_on_time, majors_found, majors_ended,
                                      majors_closed)
SELECT month, town_id, village_id, SUM(due), SUM(due_on_time), SUM(majors_found), SUM(majors_ended),
       SUM(majors_closed)
FROM (
    SELECT CAST(strftime('%Y%m', due_at + 28800, 'unixepoch') AS INTEGER) AS month, town_id, village_id, 1 AS due,
           closed_on_time IS 1 AS due_on_time, 0 AS majors_found, 0 AS majors_ended, 0 AS majors_closed
    FROM hazards WHERE status <> 'rejected' AND due_at IS NOT NULL AND village_id IS NOT NULL
    UNION ALL
    SELECT CAST(strftime('%Y%m', found_at + 28800, 'unixepoch') AS INTEGER), town_id, village_id, 0, 0, 1, 0, 0
    FROM hazards WHERE severity = 'major' AND status IN ('rectifying', 'submitted', 'closed')
      AND village_id IS NOT NULL
    UNION ALL
    SELECT CAST(strftime('%Y%m', MAX(found_at, closed_at) + 28800, 'unixepoch') AS INTEGER), town_id, village_id,
           0, 0, 0, 1, 0
    FROM hazards WHERE severity = 'major' AND status IN ('rectifying', 'submitted', 'closed')
      AND closed_at IS NOT NULL AND village_id IS NOT NULL
    UNION ALL
    SELECT CAST(strftime('%Y%m', closed_at + 28800, 'unixepoch') AS INTEGER), town_id, village_id, 0, 0, 0, 0, 1
    FROM hazards WHERE severity = 'major' AND status = 'closed' AND closed_at IS NOT NULL
      AND village_id IS NOT NULL
) GROUP BY month, town_id, village_id;

-- One hazard's contribution with a sign (+1 added, -1 removed): the triggers on hazards insert into
-- this view, and its INSTEAD OF trigger moves the rows, so the rule is written once for old and new.
CREATE VIEW scorecard_hazard_moves AS
SELECT 0 AS sign, town_id, village_id, grid_id, enterprise_id, status, severity, category, due_at, found_at,
       closed_at, closed_on_time
FROM hazards WHERE 0;

CREATE TRIGGER scorecard_hazard_move INSTEAD OF INSERT ON scorecard_hazard_moves BEGIN
    INSERT INTO scorecard_months (month, town_id, village_id, grid_id, enterprise_id, due, due_on_time)
    SELECT CAST(strftime('%Y%m', new.due_at + 28800, 'unixepoch') AS INTEGER), new.town_id,
           COALESCE(new.village_id, 0), COALESCE(new.grid_id, 0), COALESCE(new.enterprise_id, 0), new.sign,
           new.sign * (new.closed_on_time IS 1)
    WHERE new.status <> 'rejected' AND new.due_at IS NOT NULL
    ON CONFLICT (month, town_id, village_id, grid_id, enterprise_id) DO UPDATE
    SET due = due + excluded.due, due_on_time = due_on_time + excluded.due_on_time;

    INSERT INTO scorecard_months (month, town_id, village_id, grid_id, enterprise_id, open_fire, open_chemicals,
                                  open_electrical)
    SELECT month, new.town_id, COALESCE(new.village_id, 0), COALESCE(new.grid_id, 0),
           COALESCE(new.enterprise_id, 0), new.sign * k * (new.category IN ('extinguisher', 'alarms')),
           new.sign * k * (new.category IN ('chemicals', 'exits')), new.sign * k * (new.category IN ('electrical'))
    FROM (SELECT CAST(strftime('%Y%m', new.found_at + 28800, 'unixepoch') AS INTEGER) AS month, 1 AS k
          WHERE new.status IN ('rectifying', 'submitted') OR (new.status = 'closed' AND new.closed_at IS NOT NULL)
          UNION ALL
          SELECT CAST(strftime('%Y%m', MAX(new.found_at, new.closed_at) + 28800, 'unixepoch') AS INTEGER), -1
          WHERE new.status = 'closed' AND new.closed_at IS NOT NULL
          UNION ALL
          SELECT 0, 1 WHERE new.status IN ('rectifying', 'submitted'))
    WHERE new.category IN ('extinguisher', 'alarms', 'chemicals', 'exits', 'electrical')
    ON CONFLICT (month, town_id, village_id, grid_id, enterprise_id) DO UPDATE
    SET open_fire = open_fire + excluded.open_fire, open_chemicals = open_chemicals + excluded.open_chemicals,
        open_electrical = open_electrical + excluded.open_electrical;

    INSERT INTO scorecard_village_months (month, town_id, village_id, due, due_on_time)
    SELECT CAST(strftime('%Y%m', new.due_at + 28800, 'unixepoch') AS INTEGER), new.town_id, new.village_id,
           new.sign, new.sign * (new.closed_on_time IS 1)
    WHERE new.status <> 'rejected' AND new.due_at IS NOT NULL AND new.village_id IS NOT NULL
    ON CONFLICT (month, town_id, village_id) DO UPDATE
    SET due = due + excluded.due, due_on_time = due_on_time + excluded.due_on_time;

    INSERT INTO scorecard_village_months (month, town_id, village_id, majors_found, majors_ended, majors_closed)
    SELECT month, new.town_id, new.village_id, new.sign * found, new.sign * ended, new.sign * closed
    FROM (SELECT CAST(strftime('%Y%m', new.found_at + 28800, 'unixepoch') AS INTEGER) AS month, 1 AS found,
                 0 AS ended, 0 AS closed
          UNION ALL
          SELECT CAST(strftime('%Y%m', MAX(new.found_at, new.closed_at) + 28800, 'unixepoch') AS INTEGER), 0, 1, 0
          WHERE new.closed_at IS NOT NULL
          UNION ALL
          SELECT CAST(strftime('%Y%m', new.closed_at + 28800, 'unixepoch') AS INTEGER), 0, 0, 1
          WHERE new.status = 'closed' AND new.closed_at IS NOT NULL)
    WHERE new.severity = 'major' AND new.status IN ('rectifying', 'submitted', 'closed')
      AND new.village_id IS NOT NULL
    ON CONFLICT (month, town_id, village_id) DO UPDATE
    SET majors_found = majors_found + excluded.majors_found, majors_ended = majors_ended + excluded.majors_ended,
        majors_closed = majors_closed + excluded.majors_closed;
END;

CREATE TRIGGER scorecard_hazard_insert AFTER INSERT ON hazards BEGIN
    INSERT INTO scorecard_hazard_moves VALUES (1, new.town_id, new.village_id, new.grid_id, new.enterprise_id,
        new.status, new.severity, new.category, new.due_at, new.found_at, new.closed_at, new.closed_on_time);
END;

CREATE TRIGGER scorecard_hazard_delete AFTER DELETE ON hazards BEGIN
    INSERT INTO scorecard_hazard_moves VALUES (-1, old.town_id, old.village_id, old.grid_id, old.enterprise_id,
        old.status, old.severity, old.category, old.due_at, old.found_at, old.closed_at, old.closed_on_time);
END;

-- Submitting a rectification and returning it (rectifying <-> submitted) change no counter: both
-- statuses count alike everywhere above, so those transitions skip the trigger.
CREATE TRIGGER scorecard_hazard_update AFTER UPDATE OF town_id, village_id, grid_id, enterprise_id, status, severity,
    category, due_at, found_at, closed_at, closed_on_time ON hazards
WHEN old.town_id IS NOT new.town_id OR old.village_id IS NOT new.village_id OR old.grid_id IS NOT new.grid_id
  OR old.enterprise_id IS NOT new.enterprise_id
  OR (CASE old.status WHEN 'submitted' THEN 'rectifying' ELSE old.status END)
     IS NOT (CASE new.status WHEN 'submitted' THEN 'rectifying' ELSE new.status END)
  OR old.severity IS NOT new.severity OR old.category IS NOT new.category OR old.due_at IS NOT new.due_at
  OR old.found_at IS NOT new.found_at OR old.closed_at IS NOT new.closed_at
  OR old.closed_on_time IS NOT new.closed_on_time
BEGIN
    INSERT INTO scorecard_hazard_moves VALUES (-1, old.town_id, old.village_id, old.grid_id, old.enterprise_id,
        old.status, old.severity, old.category, old.due_at, old.found_at, old.closed_at, old.closed_on_time);
    INSERT INTO scorecard_hazard_moves VALUES (1, new.town_id, new.village_id, new.grid_id, new.enterprise_id,
        new.status, new.severity, new.category, new.due_at, new.found_at, new.closed_at, new.closed_on_time);
END;

-- Inspections: the month's row and the year's (yyyy00).
CREATE VIEW scorecard_inspection_moves AS
SELECT 0 AS sign, town_id, village_id, grid_id, enterprise_id, kind, at FROM inspections WHERE 0;

CREATE TRIGGER scorecard_inspection_move INSTEAD OF INSERT ON scorecard_inspection_moves BEGIN
    INSERT INTO scorecard_months (month, town_id, village_id, grid_id, enterprise_id, inspections, self_checks)
    SELECT month, new.town_id, new.village_id, new.grid_id, new.enterprise_id, new.sign,
           new.sign * (new.kind = 'self_check')
    FROM (SELECT CAST(strftime('%Y%m', new.at + 28800, 'unixepoch') AS INTEGER) AS month
          UNION ALL
          SELECT CAST(strftime('%Y', new.at + 28800, 'unixepoch') AS INTEGER) * 100)
    WHERE true
    ON CONFLICT (month, town_id, village_id, grid_id, enterprise_id) DO UPDATE
    SET inspections = inspections + excluded.inspections, self_checks = self_checks + excluded.self_checks;
END;

CREATE TRIGGER scorecard_inspection_insert AFTER INSERT ON inspections BEGIN
    INSERT INTO scorecard_inspection_moves VALUES (1, new.town_id, new.village_id, new.grid_id, new.enterprise_id,
        new.kind, new.at);
END;

CREATE TRIGGER scorecard_inspection_delete AFTER DELETE ON inspections BEGIN
    INSERT INTO scorecard_inspection_moves VALUES (-1, old.town_id, old.village_id, old.grid_id, old.enterprise_id,
        old.kind, old.at);
END;

CREATE TRIGGER scorecard_inspection_update AFTER UPDATE OF town_id, village_id, grid_id, enterprise_id, kind, at
    ON inspections
WHEN old.town_id IS NOT new.town_id OR old.village_id IS NOT new.village_id OR old.grid_id IS NOT new.grid_id
  OR old.enterprise_id IS NOT new.enterprise_id OR old.kind IS NOT new.kind OR old.at IS NOT new.at
BEGIN
    INSERT INTO scorecard_inspection_moves VALUES (-1, old.town_id, old.village_id, old.grid_id, old.enterprise_id,
        old.kind, old.at);
    INSERT INTO scorecard_inspection_moves VALUES (1, new.town_id, new.village_id, new.grid_id, new.enterprise_id,
        new.kind, new.at);
END;
