-- 0030 read-your-writes across processes (issue 11 point 3, docs/replicas.md).
-- PostgreSQL; same meaning as sqlite/0030_write_positions.sql.
--
-- write_positions: per user, the primary's WAL position (pg_lsn as a number of bytes) right after
--   that user's last committed write. It is written after the commit, so the position is at or past
--   the commit record: a replica that has replayed that far holds the write. Every serve process
--   behind one address reads it before it sends the user's lag-tolerant reads to a replica
--   (storage/read_replica.hpp), so a write served by one process is never answered with a stale
--   read by another. One row per user who ever wrote while a replica was configured.
CREATE TABLE write_positions (
    user_id BIGINT PRIMARY KEY,
    lsn     BIGINT NOT NULL
);
