-- 0030 read-your-writes across processes (issue 11 point 3, docs/replicas.md).
-- SQLite; same meaning as postgres/0030_write_positions.sql. SQLite has no replica (serve
-- --db-read refuses it) so nothing writes here; the table exists so both schemas stay one.
--
-- write_positions: per user, the primary's WAL position right after that user's last committed write.
CREATE TABLE write_positions (
    user_id INTEGER PRIMARY KEY,
    lsn     INTEGER NOT NULL
);
