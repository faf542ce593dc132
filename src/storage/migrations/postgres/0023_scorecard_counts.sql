-- 0023 scorecard counters (PostgreSQL 15). Same meaning as sqlite/0023_scorecard_counts.sql, where
-- every column is explained: the hazard and inspection figures of the scorecards per month (yyyymm in
-- China time; yyyy00 the year's inspection columns; 0 the open_* columns over all time), kept by
-- triggers on hazards and inspections and backfilled here from the rows already stored.

CREATE TABLE scorecard_months (
    month           BIGINT NOT NULL,
    town_id         BIGINT NOT NULL,
    village_id      BIGINT NOT NULL,
    grid_id         BIGINT NOT NULL,
    enterprise_id   BIGINT NOT NULL,
    due             BIGINT NOT NULL DEFAULT 0,
    due_on_time     BIGINT NOT NULL DEFAULT 0,
    inspections     BIGINT NOT NULL DEFAULT 0,
    self_checks     BIGINT NOT NULL DEFAULT 0,
    open_fire       BIGINT NOT NULL DEFAULT 0,
    open_chemicals  BIGINT NOT NULL DEFAULT 0,
    open_electrical BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (month, town_id, village_id, grid_id, enterprise_id)
);

CREATE TABLE scorecard_village_months (
    month         BIGINT NOT NULL,
    town_id       BIGINT NOT NULL,
    village_id    BIGINT NOT NULL,
    due           BIGINT NOT NULL DEFAULT 0,
    due_on_time   BIGINT NOT NULL DEFAULT 0,
    majors_found  BIGINT NOT NULL DEFAULT 0,
    majors_ended  BIGINT NOT NULL DEFAULT 0,
    majors_closed BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (month, town_id, village_id)
);

-- yyyymm of an instant in China time (SQLite: strftime('%Y%m', t + 28800, 'unixepoch')).
CREATE FUNCTION scorecard_month(t BIGINT) RETURNS BIGINT LANGUAGE sql IMMUTABLE AS $$
    SELECT CAST(to_char(to_timestamp(t + 28800) AT TIME ZONE 'UTC', 'YYYYMM') AS BIGINT)
$$;

INSERT INTO scorecard_months (month, town_id, village_id, grid_id, enterprise_id, due, due_on_time, inspections,
                              self_checks, open_fire, open_chemicals, open_electrical)
SELECT month, town_id, village_id, grid_id, enterprise_id, SUM(due), SUM(due_on_time), SUM(inspections),
       SUM(self_checks), SUM(open_fire), SUM(open_chemicals), SUM(open_electrical)
FROM (
    SELECT scorecard_month(due_at) AS month, town_id, COALESCE(village_id, 0) AS village_id,
           COALESCE(grid_id, 0) AS grid_id, COALESCE(enterprise_id, 0) AS enterprise_id, 1 AS due,
           CASE WHEN closed_on_time = 1 THEN 1 ELSE 0 END AS due_on_time, 0 AS inspections, 0 AS self_checks,
           0 AS open_fire, 0 AS open_chemicals, 0 AS open_electrical
    FROM hazards WHERE status <> 'rejected' AND due_at IS NOT NULL
    UNION ALL
    SELECT scorecard_month(found_at), town_id, COALESCE(village_id, 0), COALESCE(grid_id, 0),
           COALESCE(enterprise_id, 0), 0, 0, 0, 0, CASE WHEN category IN ('extinguisher', 'alarms') THEN 1 ELSE 0 END,
           CASE WHEN category IN ('chemicals', 'exits') THEN 1 ELSE 0 END,
           CASE WHEN category = 'electrical' THEN 1 ELSE 0 END
    FROM hazards WHERE (status IN ('rectifying', 'submitted') OR (status = 'closed' AND closed_at IS NOT NULL))
      AND category IN ('extinguisher', 'alarms', 'chemicals', 'exits', 'electrical')
    UNION ALL
    SELECT scorecard_month(GREATEST(found_at, closed_at)), town_id, COALESCE(village_id, 0), COALESCE(grid_id, 0),
           COALESCE(enterprise_id, 0), 0, 0, 0, 0, CASE WHEN category IN ('extinguisher', 'alarms') THEN -1 ELSE 0 END,
           CASE WHEN category IN ('chemicals', 'exits') THEN -1 ELSE 0 END,
           CASE WHEN category = 'electrical' THEN -1 ELSE 0 END
    FROM hazards WHERE status = 'closed' AND closed_at IS NOT NULL
      AND category IN ('extinguisher', 'alarms', 'chemicals', 'exits', 'electrical')
    UNION ALL
    SELECT 0, town_id, COALESCE(village_id, 0), COALESCE(grid_id, 0), COALESCE(enterprise_id, 0), 0, 0, 0, 0,
           CASE WHEN category IN ('extinguisher', 'alarms') THEN 1 ELSE 0 END,
           CASE WHEN category IN ('chemicals', 'exits') THEN 1 ELSE 0 END,
           CASE WHEN category = 'electrical' THEN 1 ELSE 0 END
    FROM hazards WHERE status IN ('rectifying', 'submitted')
      AND category IN ('extinguisher', 'alarms', 'chemicals', 'exits', 'electrical')
    UNION ALL
    SELECT scorecard_month(at), town_id, village_id, grid_id, enterprise_id, 0, 0, 1,
           CASE WHEN kind = 'self_check' THEN 1 ELSE 0 END, 0, 0, 0
    FROM inspections
    UNION ALL
    SELECT scorecard_month(at) / 100 * 100, town_id, village_id, grid_id, enterprise_id, 0, 0, 1,
           CASE WHEN kind = 'self_check' THEN 1 ELSE 0 END, 0, 0, 0
    FROM inspections
) contributions GROUP BY month, town_id, village_id, grid_id, enterprise_id;

INSERT INTO scorecard_village_months (month, town_id, village_id, due, due_on_time, majors_found, majors_ended,
                                      majors_closed)
SELECT month, town_id, village_id, SUM(due), SUM(due_on_time), SUM(majors_found), SUM(majors_ended),
       SUM(majors_closed)
FROM (
    SELECT scorecard_month(due_at) AS month, town_id, village_id, 1 AS due,
           CASE WHEN closed_on_time = 1 THEN 1 ELSE 0 END AS due_on_time, 0 AS majors_found, 0 AS majors_ended,
           0 AS majors_closed
    FROM hazards WHERE status <> 'rejected' AND due_at IS NOT NULL AND village_id IS NOT NULL
    UNION ALL
    SELECT scorecard_month(found_at), town_id, village_id, 0, 0, 1, 0, 0
    FROM hazards WHERE severity = 'major' AND status IN ('rectifying', 'submitted', 'closed')
      AND village_id IS NOT NULL
    UNION ALL
    SELECT scorecard_month(GREATEST(found_at, closed_at)), town_id, village_id, 0, 0, 0, 1, 0
    FROM hazards WHERE severity = 'major' AND status IN ('rectifying', 'submitted', 'closed')
      AND closed_at IS NOT NULL AND village_id IS NOT NULL
    UNION ALL
    SELECT scorecard_month(closed_at), town_id, village_id, 0, 0, 0, 0, 1
    FROM hazards WHERE severity = 'major' AND status = 'closed' AND closed_at IS NOT NULL
      AND village_id IS NOT NULL
) contributions GROUP BY month, town_id, village_id;

-- One hazard's contribution with a sign (+1 added, -1 removed), written once for OLD and NEW. The
-- rows of one INSERT are summed per month first: an upsert may not touch the same row twice.
CREATE FUNCTION scorecard_hazard_move(s BIGINT, h hazards) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    fire BIGINT := CASE WHEN h.category IN ('extinguisher', 'alarms') THEN s ELSE 0 END;
    chemicals BIGINT := CASE WHEN h.category IN ('chemicals', 'exits') THEN s ELSE 0 END;
    electrical BIGINT := CASE WHEN h.category = 'electrical' THEN s ELSE 0 END;
    v BIGINT := COALESCE(h.village_id, 0);
    g BIGINT := COALESCE(h.grid_id, 0);
    e BIGINT := COALESCE(h.enterprise_id, 0);
    on_time BIGINT := CASE WHEN h.closed_on_time = 1 THEN s ELSE 0 END;
BEGIN
    IF h.status <> 'rejected' AND h.due_at IS NOT NULL THEN
        INSERT INTO scorecard_months AS m (month, town_id, village_id, grid_id, enterprise_id, due, due_on_time)
        VALUES (scorecard_month(h.due_at), h.town_id, v, g, e, s, on_time)
        ON CONFLICT (month, town_id, village_id, grid_id, enterprise_id) DO UPDATE
        SET due = m.due + excluded.due, due_on_time = m.due_on_time + excluded.due_on_time;
        IF h.village_id IS NOT NULL THEN
            INSERT INTO scorecard_village_months AS m (month, town_id, village_id, due, due_on_time)
            VALUES (scorecard_month(h.due_at), h.town_id, h.village_id, s, on_time)
            ON CONFLICT (month, town_id, village_id) DO UPDATE
            SET due = m.due + excluded.due, due_on_time = m.due_on_time + excluded.due_on_time;
        END IF;
    END IF;
    IF fire <> 0 OR chemicals <> 0 OR electrical <> 0 THEN
        INSERT INTO scorecard_months AS m (month, town_id, village_id, grid_id, enterprise_id, open_fire,
                                           open_chemicals, open_electrical)
        SELECT c.month, h.town_id, v, g, e, SUM(c.k) * fire, SUM(c.k) * chemicals, SUM(c.k) * electrical
        FROM (SELECT scorecard_month(h.found_at) AS month, 1 AS k
              WHERE h.status IN ('rectifying', 'submitted') OR (h.status = 'closed' AND h.closed_at IS NOT NULL)
              UNION ALL
              SELECT scorecard_month(GREATEST(h.found_at, h.closed_at)), -1
              WHERE h.status = 'closed' AND h.closed_at IS NOT NULL
              UNION ALL
              SELECT 0, 1 WHERE h.status IN ('rectifying', 'submitted')) c
        GROUP BY c.month
        ON CONFLICT (month, town_id, village_id, grid_id, enterprise_id) DO UPDATE
        SET open_fire = m.open_fire + excluded.open_fire, open_chemicals = m.open_chemicals + excluded.open_chemicals,
            open_electrical = m.open_electrical + excluded.open_electrical;
    END IF;
    IF h.severity = 'major' AND h.status IN ('rectifying', 'submitted', 'closed') AND h.village_id IS NOT NULL THEN
        INSERT INTO scorecard_village_months AS m (month, town_id, village_id, majors_found, majors_ended,
                                                   majors_closed)
        SELECT c.month, h.town_id, h.village_id, s * SUM(c.found), s * SUM(c.ended), s * SUM(c.closed)
        FROM (SELECT scorecard_month(h.found_at) AS month, 1 AS found, 0 AS ended, 0 AS closed
              UNION ALL
              SELECT scorecard_month(GREATEST(h.found_at, h.closed_at)), 0, 1, 0 WHERE h.closed_at IS NOT NULL
              UNION ALL
              SELECT scorecard_month(h.closed_at), 0, 0, 1 WHERE h.status = 'closed' AND h.closed_at IS NOT NULL) c
        GROUP BY c.month
        ON CONFLICT (month, town_id, village_id) DO UPDATE
        SET majors_found = m.majors_found + excluded.majors_found,
            majors_ended = m.majors_ended + excluded.majors_ended,
            majors_closed = m.majors_closed + excluded.majors_closed;
    END IF;
END;
$$;

CREATE FUNCTION scorecard_hazard_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM scorecard_hazard_move(-1, OLD);
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        PERFORM scorecard_hazard_move(1, NEW);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER scorecard_hazard_insert_delete AFTER INSERT OR DELETE ON hazards
    FOR EACH ROW EXECUTE FUNCTION scorecard_hazard_apply();
-- rectifying <-> submitted (submit, return) change no counter: those transitions skip the trigger.
CREATE TRIGGER scorecard_hazard_update AFTER UPDATE OF town_id, village_id, grid_id, enterprise_id, status, severity,
    category, due_at, found_at, closed_at, closed_on_time ON hazards
    FOR EACH ROW
    WHEN (OLD.town_id IS DISTINCT FROM NEW.town_id OR OLD.village_id IS DISTINCT FROM NEW.village_id
          OR OLD.grid_id IS DISTINCT FROM NEW.grid_id OR OLD.enterprise_id IS DISTINCT FROM NEW.enterprise_id
          OR (CASE OLD.status WHEN 'submitted' THEN 'rectifying' ELSE OLD.status END)
             IS DISTINCT FROM (CASE NEW.status WHEN 'submitted' THEN 'rectifying' ELSE NEW.status END)
          OR OLD.severity IS DISTINCT FROM NEW.severity
          OR OLD.category IS DISTINCT FROM NEW.category OR OLD.due_at IS DISTINCT FROM NEW.due_at
          OR OLD.found_at IS DISTINCT FROM NEW.found_at OR OLD.closed_at IS DISTINCT FROM NEW.closed_at
          OR OLD.closed_on_time IS DISTINCT FROM NEW.closed_on_time)
    EXECUTE FUNCTION scorecard_hazard_apply();

-- Inspections: the month's row and the year's (yyyy00).
CREATE FUNCTION scorecard_inspection_move(s BIGINT, i inspections) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO scorecard_months AS m (month, town_id, village_id, grid_id, enterprise_id, inspections, self_checks)
    SELECT c.month, i.town_id, i.village_id, i.grid_id, i.enterprise_id, s,
           CASE WHEN i.kind = 'self_check' THEN s ELSE 0 END
    FROM (SELECT scorecard_month(i.at) AS month UNION ALL SELECT scorecard_month(i.at) / 100 * 100) c
    ON CONFLICT (month, town_id, village_id, grid_id, enterprise_id) DO UPDATE
    SET inspections = m.inspections + excluded.inspections, self_checks = m.self_checks + excluded.self_checks;
END;
$$;

CREATE FUNCTION scorecard_inspection_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM scorecard_inspection_move(-1, OLD);
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        PERFORM scorecard_inspection_move(1, NEW);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER scorecard_inspection_insert_delete AFTER INSERT OR DELETE ON inspections
    FOR EACH ROW EXECUTE FUNCTION scorecard_inspection_apply();
CREATE TRIGGER scorecard_inspection_update AFTER UPDATE OF town_id, village_id, grid_id, enterprise_id, kind, at
    ON inspections
    FOR EACH ROW
    WHEN (OLD.town_id IS DISTINCT FROM NEW.town_id OR OLD.village_id IS DISTINCT FROM NEW.village_id
          OR OLD.grid_id IS DISTINCT FROM NEW.grid_id OR OLD.enterprise_id IS DISTINCT FROM NEW.enterprise_id
          OR OLD.kind IS DISTINCT FROM NEW.kind OR OLD.at IS DISTINCT FROM NEW.at)
    EXECUTE FUNCTION scorecard_inspection_apply();
