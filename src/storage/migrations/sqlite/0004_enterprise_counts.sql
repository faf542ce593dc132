-- 0004 enterprise_counts: how many enterprises each grid holds, by risk colour, kept by triggers
-- on every insert, move, re-grade and delete of an enterprise. The enterprise list's total and the
-- statistics' risk distribution read these few rows instead of counting 100,000 enterprises per
-- request (DESIGN.md: list p99 < 5 ms). SQLite; same meaning as postgres/0004_enterprise_counts.sql.
-- village_id and grid_id are 0 for an enterprise held higher up (none is, today).

CREATE TABLE enterprise_counts (
    town_id    INTEGER NOT NULL,
    village_id INTEGER NOT NULL,
    grid_id    INTEGER NOT NULL,
    risk_level TEXT    NOT NULL,
    n          INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (town_id, village_id, grid_id, risk_level)
);
CREATE INDEX enterprise_counts_village ON enterprise_counts (village_id);
CREATE INDEX enterprise_counts_grid ON enterprise_counts (grid_id);

INSERT INTO enterprise_counts (town_id, village_id, grid_id, risk_level, n)
SELECT town_id, COALESCE(village_id, 0), COALESCE(grid_id, 0), risk_level, COUNT(*)
FROM enterprises GROUP BY town_id, COALESCE(village_id, 0), COALESCE(grid_id, 0), risk_level;

CREATE TRIGGER enterprise_counts_insert AFTER INSERT ON enterprises BEGIN
    INSERT INTO enterprise_counts (town_id, village_id, grid_id, risk_level, n)
    VALUES (new.town_id, COALESCE(new.village_id, 0), COALESCE(new.grid_id, 0), new.risk_level, 1)
    ON CONFLICT (town_id, village_id, grid_id, risk_level) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER enterprise_counts_delete AFTER DELETE ON enterprises BEGIN
    UPDATE enterprise_counts SET n = n - 1
    WHERE town_id = old.town_id AND village_id = COALESCE(old.village_id, 0)
      AND grid_id = COALESCE(old.grid_id, 0) AND risk_level = old.risk_level;
END;

CREATE TRIGGER enterprise_counts_update AFTER UPDATE OF town_id, village_id, grid_id, risk_level ON enterprises
WHEN old.town_id IS NOT new.town_id OR old.village_id IS NOT new.village_id
  OR old.grid_id IS NOT new.grid_id OR old.risk_level IS NOT new.risk_level
BEGIN
    UPDATE enterprise_counts SET n = n - 1
    WHERE town_id = old.town_id AND village_id = COALESCE(old.village_id, 0)
      AND grid_id = COALESCE(old.grid_id, 0) AND risk_level = old.risk_level;
    INSERT INTO enterprise_counts (town_id, village_id, grid_id, risk_level, n)
    VALUES (new.town_id, COALESCE(new.village_id, 0), COALESCE(new.grid_id, 0), new.risk_level, 1)
    ON CONFLICT (town_id, village_id, grid_id, risk_level) DO UPDATE SET n = n + 1;
END;
