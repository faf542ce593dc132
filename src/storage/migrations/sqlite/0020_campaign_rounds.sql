-- 0020 campaign re-check rounds and stored progress (CONTRACT "Campaigns"). SQLite; same meaning as
-- postgres/0020_campaign_rounds.sql.
--
-- campaign_enterprises: the fixed scope of a re-check round (回头看, campaigns.parent_id set): the
-- parent's enterprises that had hazards when the round was started. A round's scope is this list
-- (its campaign_regions are the parent's, kept for visibility), so later tag edits do not move it.
-- campaign_counts: the progress kept in the write transactions, one row per (campaign, village|0,
-- grid|0): inspected (enterprises with a first inspection for the campaign there), hazards opened by
-- the campaign's inspections, closed (of those), recurred (of those, recurrences of a closed hazard
-- of the parent; see core/campaign/recurrence.hpp). in_scope stays a query over enterprises.
-- hazards.recurrence_of: the parent campaign's closed hazard a re-check hazard repeats.

CREATE TABLE campaign_enterprises (
    campaign_id   INTEGER NOT NULL,
    enterprise_id INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, enterprise_id)
);

CREATE TABLE campaign_counts (
    campaign_id INTEGER NOT NULL,
    town_id     INTEGER NOT NULL,
    village_id  INTEGER NOT NULL,
    grid_id     INTEGER NOT NULL,
    inspected   INTEGER NOT NULL DEFAULT 0,
    hazards     INTEGER NOT NULL DEFAULT 0,
    closed      INTEGER NOT NULL DEFAULT 0,
    recurred    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (campaign_id, village_id, grid_id)
);

ALTER TABLE hazards ADD COLUMN recurrence_of INTEGER;
-- The re-check's lookup of the parent's closed hazards at one enterprise.
CREATE INDEX hazards_campaign_enterprise ON hazards (campaign_id, enterprise_id);
