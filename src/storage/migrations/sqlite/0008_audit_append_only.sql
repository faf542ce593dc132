-- 0008 audit_append_only (SQLite). Same meaning as postgres/0008_audit_append_only.sql.
-- The audit log is append-only: the store itself refuses to change or remove an entry, so a bug or
-- an injected statement cannot rewrite history through the application's connection. Someone with
-- the database file can still drop these triggers; that is what the hash chain and the checkpoint
-- outside the database catch (`safegrid audit verify`, docs/security.md "Audit chain").
-- audit_heads is not covered: every append moves its chain's head.
CREATE TRIGGER audit_log_refuse_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only: UPDATE refused');
END;

CREATE TRIGGER audit_log_refuse_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only: DELETE refused');
END;
