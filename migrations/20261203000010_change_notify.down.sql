DROP TRIGGER workspace_configs_changed ON workspace_configs;
DROP TRIGGER workspace_settings_changed ON workspace_settings;
DROP TRIGGER users_changed ON users;
DROP FUNCTION notify_row_changed();
DROP TRIGGER signing_keys_changed ON signing_keys;
DROP FUNCTION notify_key_changed();
DROP TRIGGER auth_tokens_revoked ON auth_tokens;
DROP FUNCTION notify_token_revoked();
