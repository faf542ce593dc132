-- 0009 user_accounts (PostgreSQL). Same meaning as sqlite/0009_user_accounts.sql.
-- users.demo_password (BIGINT, as every integer column: see 0011): whether the account's password
-- is the demo password ("demo1234"), decided when the password is set (1/0), NULL for accounts
-- made before this migration until `serve` has checked them once. `serve` warns about every
-- account with 1 unless the store is a demo store.
-- users.password_changed_at: when the password was last set (Unix seconds), NULL when unknown.
ALTER TABLE users ADD COLUMN demo_password BIGINT;
ALTER TABLE users ADD COLUMN password_changed_at BIGINT;
CREATE INDEX sessions_user_open ON sessions (user_id, revoked_at);

-- Facts about the store itself. key "demo_store" = "1" is written by `safegrid seed-demo`.
CREATE TABLE store_meta (
    key   TEXT NOT NULL PRIMARY KEY,
    value TEXT NOT NULL
);
