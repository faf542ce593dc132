-- 0004 enterprise_counts: how many enterprises each grid holds, by risk colour, kept by a trigger
-- on every insert, move, re-grade and delete of an enterprise. The enterprise list's total and the
-- statistics' risk distribution read these few rows instead of counting 100,000 enterprises per
-- request (DESIGN.md: list p99 < 5 ms). PostgreSQL; same meaning as sqlite/0004_enterprise_counts.sql.
-- village_id and grid_id are 0 for an enterprise held higher up (none is, today).

CREATE TABLE enterprise_counts (
    town_id    BIGINT NOT NULL,
    village_id BIGINT NOT NULL,
    grid_id    BIGINT NOT NULL,
    risk_level TEXT   NOT NULL,
    n          BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (town_id, village_id, grid_id, risk_level)
);
CREATE INDEX enterprise_counts_village ON enterprise_counts (village_id);
CREATE INDEX enterprise_counts_grid ON enterprise_counts (grid_id);

INSERT INTO enterprise_counts (town_id, village_id, grid_id, risk_level, n)
SELECT town_id, COALESCE(village_id, 0), COALESCE(grid_id, 0), risk_level, COUNT(*)
FROM enterprises GROUP BY town_id, COALESCE(village_id, 0), COALESCE(grid_id, 0), risk_level;

CREATE FUNCTION enterprise_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE enterprise_counts SET n = n - 1
        WHERE town_id = OLD.town_id AND village_id = COALESCE(OLD.village_id, 0)
          AND grid_id = COALESCE(OLD.grid_id, 0) AND risk_level = OLD.risk_level;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        INSERT INTO enterprise_counts (town_id, village_id, grid_id, risk_level, n)
        VALUES (NEW.town_id, COALESCE(NEW.village_id, 0), COALESCE(NEW.grid_id, 0), NEW.risk_level, 1)
        ON CONFLICT (town_id, village_id, grid_id, risk_level) DO UPDATE SET n = enterprise_counts.n + 1;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER enterprise_counts_insert_delete AFTER INSERT OR DELETE ON enterprises
    FOR EACH ROW EXECUTE FUNCTION enterprise_counts_apply();
CREATE TRIGGER enterprise_counts_update AFTER UPDATE OF town_id, village_id, grid_id, risk_level ON enterprises
    FOR EACH ROW
    WHEN (OLD.town_id IS DISTINCT FROM NEW.town_id OR OLD.village_id IS DISTINCT FROM NEW.village_id
          OR OLD.grid_id IS DISTINCT FROM NEW.grid_id OR OLD.risk_level IS DISTINCT FROM NEW.risk_level)
    EXECUTE FUNCTION enterprise_counts_apply();
