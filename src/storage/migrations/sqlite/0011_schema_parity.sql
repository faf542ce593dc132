-- 0011 schema_parity: PostgreSQL's users.disabled and idempotency_keys.status become BIGINT
-- (postgres/0011_schema_parity.sql). SQLite integers are 64-bit already: nothing to change here;
-- the migration numbers stay the same on both sides.
SELECT 1;
