-- 0008 audit_append_only (PostgreSQL 15). Same meaning as sqlite/0008_audit_append_only.sql.
-- The audit log is append-only: the store itself refuses to change or remove an entry, so a bug or
-- an injected statement cannot rewrite history through the application's connection. Two walls:
--   * a trigger that raises on every UPDATE, DELETE and TRUNCATE (it binds superusers too);
--   * no UPDATE, DELETE or TRUNCATE privilege for PUBLIC, nor for the role that runs the
--     migrations unless it is a superuser (for whom privileges mean nothing, and who could just as
--     well drop the trigger). An owner can grant itself the privilege back or disable the trigger:
--     that is what the hash chain and the checkpoint outside the database catch (`safegrid audit
--     verify`, docs/security.md "Audit chain").
-- audit_heads is not covered: every append moves its chain's head.
CREATE FUNCTION sg_audit_log_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_log_refuse_update_delete BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION sg_audit_log_refuse_change();
CREATE TRIGGER audit_log_refuse_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION sg_audit_log_refuse_change();

REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM PUBLIC;
DO $$
BEGIN
    IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM %I', current_user);
    END IF;
END
$$;
