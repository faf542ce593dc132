-- 0031 child rows carry their parent's town (issue 11 point 5, docs/scale.md "Known exceptions").
-- PostgreSQL; same meaning as sqlite/0031_child_town.sql.
--
-- These tables hang off a distributed row (a campaign, station, device or training) and were read
-- by the parent's id alone, which on a store distributed by town_id (Citus) asks every shard. Each
-- gains town_id, backfilled from its parent in one UPDATE, written by every INSERT, and named by
-- every read next to the parent's id, so the statement stays on the parent's shard. The DEFAULT 0
-- only lets the column be added to existing rows (SQLite needs a default for NOT NULL); the UPDATE
-- then sets every row, and the repositories always write the parent's town.
-- The reads lead with the parent's id (the existing primary keys), which stay the indexes they use:
-- town_id next to it is a filter on the same rows, not a new access path, so no new index.

ALTER TABLE campaign_regions ADD COLUMN town_id BIGINT NOT NULL DEFAULT 0;
UPDATE campaign_regions SET town_id = p.town_id FROM campaigns p WHERE p.id = campaign_regions.campaign_id;

ALTER TABLE campaign_tags ADD COLUMN town_id BIGINT NOT NULL DEFAULT 0;
UPDATE campaign_tags SET town_id = p.town_id FROM campaigns p WHERE p.id = campaign_tags.campaign_id;

ALTER TABLE campaign_categories ADD COLUMN town_id BIGINT NOT NULL DEFAULT 0;
UPDATE campaign_categories SET town_id = p.town_id FROM campaigns p WHERE p.id = campaign_categories.campaign_id;

ALTER TABLE campaign_enterprises ADD COLUMN town_id BIGINT NOT NULL DEFAULT 0;
UPDATE campaign_enterprises SET town_id = p.town_id FROM campaigns p WHERE p.id = campaign_enterprises.campaign_id;

ALTER TABLE station_equipment ADD COLUMN town_id BIGINT NOT NULL DEFAULT 0;
UPDATE station_equipment SET town_id = p.town_id FROM stations p WHERE p.id = station_equipment.station_id;

ALTER TABLE station_drills ADD COLUMN town_id BIGINT NOT NULL DEFAULT 0;
UPDATE station_drills SET town_id = p.town_id FROM stations p WHERE p.id = station_drills.station_id;

ALTER TABLE device_components ADD COLUMN town_id BIGINT NOT NULL DEFAULT 0;
UPDATE device_components SET town_id = p.town_id FROM devices p WHERE p.id = device_components.device_id;

ALTER TABLE training_signins ADD COLUMN town_id BIGINT NOT NULL DEFAULT 0;
UPDATE training_signins SET town_id = p.town_id FROM trainings p WHERE p.id = training_signins.training_id;
