-- 0028 county (PostgreSQL). Same meaning as sqlite/0028_county.sql.
-- A county above towns: regions.kind gains 'county' and users.role gains 'county' (issue 11 point 4).
-- The CHECKs of 0001/0002 were unnamed, so they carry PostgreSQL's default names.
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
    CHECK (role IN ('admin', 'town', 'village', 'inspector', 'enterprise', 'county'));
ALTER TABLE regions DROP CONSTRAINT regions_kind_check;
ALTER TABLE regions ADD CONSTRAINT regions_kind_check CHECK (kind IN ('town', 'village', 'grid', 'county'));
