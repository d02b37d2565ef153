DROP TRIGGER signing_keys_changed ON signing_keys;
DROP TRIGGER auth_tokens_revoked ON auth_tokens;
DROP FUNCTION auth_notify();
