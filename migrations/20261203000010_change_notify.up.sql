-- Tells long-running processes (`platformctl serve`) at commit what changed,
-- on channel `platformctl_changes`, so that they can verify tokens and answer
-- cached reads from memory (src/auth/watch.rs, src/cache/near.rs):
--   `revoked <jti> <expires_at as unix seconds>`  a token was revoked
--   `key <kid>`                                   a signing key changed
--   `row <cache kind> <id>`                       a cached row changed or went
-- Users announce changes and deletions only (a process keeps no "no such
-- user" in memory, and bulk loads of users stay quiet); a workspace's
-- settings and config announce their inserts too, since a process may keep
-- "this workspace has none".

CREATE FUNCTION notify_token_revoked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('platformctl_changes',
        'revoked ' || NEW.jti || ' ' || floor(extract(epoch FROM NEW.expires_at))::bigint);
    RETURN NULL;
END
$$;

CREATE TRIGGER auth_tokens_revoked
    AFTER UPDATE OF revoked_at ON auth_tokens
    FOR EACH ROW WHEN (OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL)
    EXECUTE FUNCTION notify_token_revoked();

CREATE FUNCTION notify_key_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('platformctl_changes', 'key ' || OLD.kid);
    ELSE
        PERFORM pg_notify('platformctl_changes', 'key ' || NEW.kid);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER signing_keys_changed
    AFTER INSERT OR UPDATE OR DELETE ON signing_keys
    FOR EACH ROW EXECUTE FUNCTION notify_key_changed();

-- Arguments: the cache kind, and the column holding the entry's id.
CREATE FUNCTION notify_row_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    changed jsonb := CASE WHEN TG_OP = 'INSERT' THEN to_jsonb(NEW) ELSE to_jsonb(OLD) END;
BEGIN
    PERFORM pg_notify('platformctl_changes', 'row ' || TG_ARGV[0] || ' ' || (changed ->> TG_ARGV[1]));
    RETURN NULL;
END
$$;

CREATE TRIGGER users_changed
    AFTER UPDATE OR DELETE ON users
    FOR EACH ROW EXECUTE FUNCTION notify_row_changed('user', 'id');

CREATE TRIGGER workspace_settings_changed
    AFTER INSERT OR UPDATE OR DELETE ON workspace_settings
    FOR EACH ROW EXECUTE FUNCTION notify_row_changed('workspace_settings', 'workspace_id');

CREATE TRIGGER workspace_configs_changed
    AFTER INSERT OR UPDATE OR DELETE ON workspace_configs
    FOR EACH ROW EXECUTE FUNCTION notify_row_changed('workspace_config', 'workspace_id');
