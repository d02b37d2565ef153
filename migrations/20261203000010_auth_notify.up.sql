-- Tells long-running processes (`platformctl serve`) at commit that a token
-- was revoked or a signing key changed, so that they can verify tokens from
-- memory (src/auth/watch.rs). Payloads on channel `platformctl_auth`:
-- `revoked <jti> <expires_at as unix seconds>` and `key <kid>`.

CREATE FUNCTION auth_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'auth_tokens' THEN
        PERFORM pg_notify('platformctl_auth',
            'revoked ' || NEW.jti || ' ' || floor(extract(epoch FROM NEW.expires_at))::bigint);
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('platformctl_auth', 'key ' || OLD.kid);
    ELSE
        PERFORM pg_notify('platformctl_auth', 'key ' || NEW.kid);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER auth_tokens_revoked
    AFTER UPDATE OF revoked_at ON auth_tokens
    FOR EACH ROW WHEN (OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL)
    EXECUTE FUNCTION auth_notify();

CREATE TRIGGER signing_keys_changed
    AFTER INSERT OR UPDATE OR DELETE ON signing_keys
    FOR EACH ROW EXECUTE FUNCTION auth_notify();
