-- 0029 several serve processes on one store (issue 11 point 2, docs/multi-process.md).
-- SQLite; same meaning as postgres/0029_multi_process.sql. SQLite serves one process, but the
-- tables are the same so the scheduler and the rate limits run one code path on both stores.
--
-- job_leases: who runs a scheduled job now (see the PostgreSQL file).
-- rate_windows: the counters of every rate limit (services/login_throttle.hpp).
-- (No NOTIFY here: one process, whose writers wake its own streams.)

CREATE TABLE job_leases (
    job         TEXT    PRIMARY KEY,
    lease_owner TEXT    NOT NULL,
    lease_until INTEGER NOT NULL
);

CREATE TABLE rate_windows (
    limiter  TEXT    NOT NULL,
    tbl      TEXT    NOT NULL,
    bucket   TEXT    NOT NULL,
    started  INTEGER NOT NULL,
    failures INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (limiter, tbl, bucket)
);
CREATE INDEX rate_windows_expires ON rate_windows (expires_at);
