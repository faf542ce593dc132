-- 0011 schema_parity: the two columns PostgreSQL held as 32-bit `integer` while SQLite stores every
-- integer in 64 bits (found by tests/storage/schema_parity_test.cpp). One integer type on both
-- sides: BIGINT, as every other integer column. Small tables; the rewrite takes a moment.
ALTER TABLE users ALTER COLUMN disabled TYPE BIGINT;
ALTER TABLE idempotency_keys ALTER COLUMN status TYPE BIGINT;
