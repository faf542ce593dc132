-- 0029 several serve processes on one store (issue 11 point 2, docs/multi-process.md).
-- PostgreSQL; same meaning as sqlite/0029_multi_process.sql.
--
-- job_leases: who runs a scheduled job now. A process runs a job only after it moved the lease to
--   itself with one conditional upsert (lease_until in the past: free or abandoned by a process that
--   died); it records the run in job_runs and then gives the lease back (lease_until = 0). So each
--   due run of a job happens in exactly one process (services/scheduler.hpp says why a lease row and
--   not an advisory lock).
-- rate_windows: the counters of every rate limit (services/login_throttle.hpp), shared by all
--   processes. limiter: which limit ("login", "public_reports", ...); tbl: its table (user, address,
--   pair, known); bucket: the username / address key / pair. started: when the window began (for the
--   "known" table, the last success); failures: attempts counted in it; expires_at: when the row means
--   nothing any more (the window ended, the address stopped being known): the retention job deletes
--   those.

CREATE TABLE job_leases (
    job         TEXT   PRIMARY KEY,
    lease_owner TEXT   NOT NULL,
    lease_until BIGINT NOT NULL
);

CREATE TABLE rate_windows (
    limiter  TEXT   NOT NULL,
    tbl      TEXT   NOT NULL,
    bucket   TEXT   NOT NULL,
    started  BIGINT NOT NULL,
    failures BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    PRIMARY KEY (limiter, tbl, bucket)
);
CREATE INDEX rate_windows_expires ON rate_windows (expires_at);

-- A new live event wakes the event streams of every process at its commit (NOTIFY is delivered
-- when the transaction commits, never for a rolled-back one). One notification per transaction:
-- PostgreSQL folds identical ones. Each serve process LISTENs on one extra connection
-- (storage/postgres/pg_listener.hpp).
CREATE FUNCTION sg_live_events_notify() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('safegrid_live', '');
    RETURN NULL;
END;
$$;
CREATE TRIGGER live_events_notify AFTER INSERT ON live_events
    FOR EACH STATEMENT EXECUTE FUNCTION sg_live_events_notify();
