-- 0025 public_report_place: the poster a citizen's report came from (issue 7: the hazard's 群众举报
-- panel names it). PostgreSQL; same meaning as sqlite/0025_public_report_place.sql.
--
-- place_code: places.code (0016) the report named with "place", or NULL for a report made without
--   one (the plain 查找身边隐患 page). A code never changes once printed, so the code is kept, not
--   the row id, and reads back through the places table.

ALTER TABLE public_reports ADD COLUMN place_code TEXT;
