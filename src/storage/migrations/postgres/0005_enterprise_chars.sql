-- 0005 enterprise_chars: SQLite gains a per-character FTS5 index for searches of one or two
-- characters (sqlite/0005_enterprise_chars.sql). PostgreSQL needs no schema change: such
-- searches use strpos over the caller's scope (storage/repositories/enterprise_repository.cpp),
-- and the migration numbers stay the same on both sides.
SELECT 1;
