-- 0014 campaigns: 专项整治, the town's time-boxed drives (CONTRACT "Campaigns"). SQLite; same meaning
-- as postgres/0014_campaigns.sql.
--
-- A campaign belongs to one town (every region of its scope lies in that town). starts_on/ends_on are
-- the town's calendar days as 'YYYY-MM-DD' text (both inclusive): text order is date order, and
-- "open on D" is starts_on <= D AND ends_on >= D in both dialects.
-- Its scope is normalised: the regions (whole subtrees) in campaign_regions, the tags an enterprise
-- must all have in campaign_tags (none: every enterprise of the regions), the checklist categories it
-- is about in campaign_categories. An enterprise is in scope when a campaign region is its town,
-- village or grid (region ids are unique across kinds, so one IN over the enterprise's path).
-- parent_id: the campaign a re-check round (回头看) follows; set by the later management layer.

CREATE TABLE campaigns (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    town_id    INTEGER NOT NULL,
    name       TEXT    NOT NULL,
    starts_on  TEXT    NOT NULL,
    ends_on    TEXT    NOT NULL,
    parent_id  INTEGER,
    created_by INTEGER,
    version    INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX campaigns_town ON campaigns (town_id, id);
CREATE INDEX campaigns_period ON campaigns (ends_on, starts_on);

CREATE TABLE campaign_regions (
    campaign_id INTEGER NOT NULL,
    region_id   INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, region_id)
);
-- "Which campaigns cover this enterprise's town, village or grid": the plan's campaign stops.
CREATE INDEX campaign_regions_region ON campaign_regions (region_id, campaign_id);

CREATE TABLE campaign_tags (
    campaign_id INTEGER NOT NULL,
    tag         TEXT    NOT NULL,
    PRIMARY KEY (campaign_id, tag)
);

CREATE TABLE campaign_categories (
    campaign_id INTEGER NOT NULL,
    category    TEXT    NOT NULL,
    PRIMARY KEY (campaign_id, category)
);

-- An inspection made for a campaign, and the hazards it opened, name it.
ALTER TABLE inspections ADD COLUMN campaign_id INTEGER;
CREATE INDEX inspections_campaign ON inspections (campaign_id, enterprise_id);
ALTER TABLE hazards ADD COLUMN campaign_id INTEGER;
CREATE INDEX hazards_campaign ON hazards (campaign_id, status);
