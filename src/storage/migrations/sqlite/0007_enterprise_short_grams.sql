-- 0007 enterprise_short_grams: PostgreSQL gains an index for searches of one or two characters
-- (postgres/0007_enterprise_short_grams.sql); SQLite has had one since 0005 (enterprises_chars).
-- Nothing to change here; the migration numbers stay the same on both sides.
SELECT 1;
