-- 0006 hazard_due_counts: rectifying hazards per place, severity and week of their deadline (whole
-- weeks since 1970-01-01 UTC), kept with hazard_counts in every hazard write. "Overdue" depends on
-- the clock, so no plain counter holds it; instead the weeks before the current one are summed here
-- and only this week's deadlines are counted in hazards (HazardRepository::CountOverdueByWeeks).
-- A town with 36,000 overdue hazards then answers its overdue figure from a few thousand counter
-- rows instead of 36,000 index entries. Same meaning as postgres/0006_hazard_due_counts.sql.
CREATE TABLE hazard_due_counts (
    town_id    INTEGER NOT NULL,
    village_id INTEGER NOT NULL,
    grid_id    INTEGER NOT NULL,
    severity   TEXT    NOT NULL,
    due_week   INTEGER NOT NULL,
    n          INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (town_id, village_id, grid_id, severity, due_week)
);
-- Covering (n included): a town's overdue figure sums thousands of rows and must not visit the table.
CREATE INDEX hazard_due_counts_town ON hazard_due_counts (town_id, due_week, severity, n);
CREATE INDEX hazard_due_counts_village ON hazard_due_counts (village_id, due_week, severity, n);
CREATE INDEX hazard_due_counts_grid ON hazard_due_counts (grid_id, due_week, severity, n);

-- Floor division (due_at may precede 1970 in an imported ledger); % truncates toward zero.
INSERT INTO hazard_due_counts (town_id, village_id, grid_id, severity, due_week, n)
SELECT town_id, COALESCE(village_id, 0), COALESCE(grid_id, 0), severity,
       (due_at - ((due_at % 604800) + 604800) % 604800) / 604800, COUNT(*)
FROM hazards WHERE status = 'rectifying' AND due_at IS NOT NULL
GROUP BY town_id, COALESCE(village_id, 0), COALESCE(grid_id, 0), severity,
         (due_at - ((due_at % 604800) + 604800) % 604800) / 604800;
