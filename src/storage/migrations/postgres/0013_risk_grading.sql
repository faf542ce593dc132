-- 0013 risk_grading: the LEC risk score and its explanation's inputs on the enterprise, the history
-- of colour changes, and the inspection schedule (CONTRACT "Risk grading and plans"). PostgreSQL 15; same
-- meaning as sqlite/0013_risk_grading.sql.
--
-- risk_score, risk_computed_at: written with risk_level by the enterprise service (core/enterprise/risk).
-- last_inspected_at, last_inspection_failures: the last inspection by staff (a self-check is the
--   enterprise's own and resets no schedule) and its failed items, a factor of the grade.
-- inspection_due_at: when the enterprise becomes due (core InspectionDueAt: 0 when never inspected,
--   else the last inspection plus its colour's interval). "Due" is inspection_due_at < now: one
--   range on an index after the scope's one equality, the same shape as every other list.

ALTER TABLE enterprises ADD COLUMN risk_score BIGINT NOT NULL DEFAULT 0;
ALTER TABLE enterprises ADD COLUMN risk_computed_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE enterprises ADD COLUMN last_inspected_at BIGINT;
ALTER TABLE enterprises ADD COLUMN last_inspection_failures BIGINT;
ALTER TABLE enterprises ADD COLUMN inspection_due_at BIGINT NOT NULL DEFAULT 0;

-- Backfill from the inspections so far. The intervals here are the contract's defaults as of this
-- migration; the daily risk pass recomputes every stored value from the configured ones.
UPDATE enterprises SET last_inspected_at = (
    SELECT MAX(i.at) FROM inspections i WHERE i.enterprise_id = enterprises.id AND i.kind <> 'self_check');
UPDATE enterprises SET last_inspection_failures = (
    SELECT i.failed FROM inspections i WHERE i.enterprise_id = enterprises.id AND i.kind <> 'self_check'
    ORDER BY i.at DESC, i.id DESC LIMIT 1);
UPDATE enterprises SET inspection_due_at = last_inspected_at + 86400 *
    CASE risk_level WHEN 'red' THEN 30 WHEN 'orange' THEN 90 WHEN 'yellow' THEN 180 ELSE 365 END
WHERE last_inspected_at IS NOT NULL;

CREATE INDEX enterprises_town_due ON enterprises (town_id, inspection_due_at);
CREATE INDEX enterprises_village_due ON enterprises (village_id, inspection_due_at);
CREATE INDEX enterprises_grid_due ON enterprises (grid_id, inspection_due_at);
CREATE INDEX enterprises_due ON enterprises (inspection_due_at);

-- One row per colour change (the first grade included), with what moved it: "enterprise.create",
-- "enterprise.update", "hazard.<action>:<hazard id>", "inspection:<id>", "daily".
CREATE TABLE enterprise_risk_history (
    id            BIGSERIAL PRIMARY KEY,
    town_id       BIGINT  NOT NULL,
    enterprise_id BIGINT  NOT NULL,
    level         TEXT    NOT NULL CHECK (level IN ('red', 'orange', 'yellow', 'blue')),
    score         BIGINT  NOT NULL,
    at            BIGINT  NOT NULL,
    reason        TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX enterprise_risk_history_enterprise ON enterprise_risk_history (enterprise_id, id);
