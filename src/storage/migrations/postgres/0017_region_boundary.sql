-- 0017 region_boundary: a region's boundary for the map's grid layer (CONTRACT "Regions"). PostgreSQL 15;
-- same meaning as sqlite/0017_region_boundary.sql.
--
-- boundary: the canonical GeoJSON Polygon/MultiPolygon text written by the region service
--   (core/region/boundary: validated, at most 10,000 positions and 256 KB), or NULL when the region
--   has none. Read by GET /regions/{id} and the map layers, never by the region tree, so the tree's
--   query stays as small as it was.

ALTER TABLE regions ADD COLUMN boundary TEXT;
