-- The audit trail: append-only for application code. Rows carry the actor and
-- target as text, with no foreign keys, so they outlive what they describe.
-- Only a retention purge may delete, and only after it says so for its
-- transaction: SET LOCAL platform.audit_purge = 'on'.

CREATE TABLE audit_logs (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    occurred_at timestamptz NOT NULL DEFAULT now(),
    -- "os:alice", "user:<uuid>", "service:<name>"
    actor text NOT NULL CHECK (char_length(actor) BETWEEN 1 AND 255),
    action text NOT NULL CHECK (action ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$' AND char_length(action) <= 128),
    entity_type text NOT NULL CHECK (char_length(entity_type) BETWEEN 1 AND 64),
    entity_id text CHECK (char_length(entity_id) <= 255),
    outcome text NOT NULL DEFAULT 'success' CHECK (outcome IN ('success', 'failure', 'denied')),
    details jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(details) = 'object'),
    request_id text CHECK (char_length(request_id) <= 128)
);
CREATE INDEX audit_logs_occurred_at ON audit_logs (occurred_at);
CREATE INDEX audit_logs_actor ON audit_logs (actor, occurred_at DESC);
CREATE INDEX audit_logs_action ON audit_logs (action, occurred_at DESC);
CREATE INDEX audit_logs_entity ON audit_logs (entity_type, entity_id, occurred_at DESC);

CREATE FUNCTION audit_logs_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('platform.audit_purge', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit_logs is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'Only a retention purge deletes audit rows, after SET LOCAL platform.audit_purge = ''on''.';
END;
$$;

CREATE TRIGGER audit_logs_append_only BEFORE UPDATE OR DELETE ON audit_logs
    FOR EACH ROW EXECUTE FUNCTION audit_logs_append_only();
CREATE TRIGGER audit_logs_no_truncate BEFORE TRUNCATE ON audit_logs
    FOR EACH STATEMENT EXECUTE FUNCTION audit_logs_append_only();
