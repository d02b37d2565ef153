-- Identity: users and what authenticates them. Keys are uuid (the library
-- generates v7, time-ordered; the default is for rows written by hand).

CREATE TABLE roles (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name text NOT NULL UNIQUE CHECK (name ~ '^[a-z][a-z0-9_]{0,62}$'),
    description text NOT NULL DEFAULT '' CHECK (char_length(description) <= 1000),
    built_in boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    version bigint NOT NULL DEFAULT 1
);

CREATE TABLE permissions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    -- resource:action, e.g. workspace:write
    name text NOT NULL UNIQUE CHECK (name ~ '^[a-z][a-z0-9_]*:[a-z][a-z0-9_]*$' AND char_length(name) <= 128),
    description text NOT NULL DEFAULT '' CHECK (char_length(description) <= 1000),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE role_permissions (
    role_id uuid NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
    permission_id uuid NOT NULL REFERENCES permissions (id) ON DELETE CASCADE,
    granted_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (role_id, permission_id)
);
CREATE INDEX role_permissions_permission_id ON role_permissions (permission_id);

CREATE TABLE users (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    email text NOT NULL CHECK (char_length(email) <= 320 AND email ~ '^[^@\s]+@[^@\s]+$'),
    display_name text NOT NULL CHECK (char_length(display_name) BETWEEN 1 AND 200),
    -- A PHC string (argon2id); NULL for users who sign in only through a provider.
    password_hash text CHECK (password_hash ~ '^\$argon2(id|i|d)\$' AND char_length(password_hash) <= 512),
    role text NOT NULL DEFAULT 'user' CHECK (role IN ('admin', 'user', 'readonly')),
    status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
    preferences jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(preferences) = 'object'),
    last_login_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    version bigint NOT NULL DEFAULT 1
);
-- Unique case-insensitively among live users: a deleted user's address can be reused.
CREATE UNIQUE INDEX users_email_live_key ON users (lower(email)) WHERE deleted_at IS NULL;
CREATE INDEX users_created_at ON users (created_at, id);
CREATE INDEX users_role_status ON users (role, status) WHERE deleted_at IS NULL;
CREATE INDEX users_deleted_at ON users (deleted_at) WHERE deleted_at IS NOT NULL;

CREATE TABLE user_profiles (
    user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    avatar_url text CHECK (char_length(avatar_url) <= 2048),
    bio text CHECK (char_length(bio) <= 5000),
    job_title text CHECK (char_length(job_title) <= 200),
    company text CHECK (char_length(company) <= 200),
    timezone text CHECK (char_length(timezone) <= 64),
    locale text CHECK (char_length(locale) <= 35),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    version bigint NOT NULL DEFAULT 1
);

-- Sign-in through GitHub or Azure. Provider tokens are stored encrypted
-- (AES-256-GCM envelope), with the id of the key that encrypted them.
CREATE TABLE user_identities (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    provider text NOT NULL CHECK (provider IN ('github', 'azure')),
    provider_user_id text NOT NULL CHECK (char_length(provider_user_id) BETWEEN 1 AND 255),
    username text CHECK (char_length(username) <= 255),
    access_token_encrypted bytea,
    refresh_token_encrypted bytea,
    token_key_id text CHECK (char_length(token_key_id) <= 64),
    token_expires_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    version bigint NOT NULL DEFAULT 1,
    UNIQUE (provider, provider_user_id),
    CHECK ((access_token_encrypted IS NULL AND refresh_token_encrypted IS NULL) OR token_key_id IS NOT NULL)
);
CREATE INDEX user_identities_user_id ON user_identities (user_id);
CREATE INDEX user_identities_token_key_id ON user_identities (token_key_id) WHERE token_key_id IS NOT NULL;

CREATE TABLE user_roles (
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role_id uuid NOT NULL REFERENCES roles (id) ON DELETE RESTRICT,
    granted_at timestamptz NOT NULL DEFAULT now(),
    granted_by text CHECK (char_length(granted_by) <= 255),
    PRIMARY KEY (user_id, role_id)
);
CREATE INDEX user_roles_role_id ON user_roles (role_id);

-- JWT signing keys (Ed25519). The private half is encrypted under the master key.
CREATE TABLE signing_keys (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    kid text NOT NULL UNIQUE CHECK (kid ~ '^[A-Za-z0-9_-]{8,64}$'),
    algorithm text NOT NULL DEFAULT 'EdDSA' CHECK (algorithm IN ('EdDSA')),
    public_key bytea NOT NULL CHECK (octet_length(public_key) = 32),
    private_key_encrypted bytea NOT NULL,
    encryption_key_id text NOT NULL CHECK (char_length(encryption_key_id) <= 64),
    -- pending: made, not signing yet; active: signs (one at a time);
    -- verifying: rotated out, still verifies; retired: verifies nothing.
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'active', 'verifying', 'retired')),
    created_at timestamptz NOT NULL DEFAULT now(),
    activated_at timestamptz,
    retired_at timestamptz,
    CHECK (status NOT IN ('active', 'verifying') OR activated_at IS NOT NULL),
    CHECK (status <> 'retired' OR retired_at IS NOT NULL)
);
CREATE UNIQUE INDEX signing_keys_one_active ON signing_keys ((true)) WHERE status = 'active';
CREATE INDEX signing_keys_encryption_key_id ON signing_keys (encryption_key_id);

CREATE TABLE user_sessions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz,
    revoked_reason text CHECK (char_length(revoked_reason) <= 500),
    ip_address inet,
    user_agent text CHECK (char_length(user_agent) <= 1024),
    CHECK (expires_at > created_at)
);
CREATE INDEX user_sessions_user_id ON user_sessions (user_id, expires_at DESC);
CREATE INDEX user_sessions_expires_at ON user_sessions (expires_at);

-- Metadata of issued tokens; never the token itself.
CREATE TABLE auth_tokens (
    jti uuid PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    session_id uuid REFERENCES user_sessions (id) ON DELETE CASCADE,
    kind text NOT NULL CHECK (kind IN ('access', 'refresh')),
    -- Refresh tokens rotate on every use; reuse of a rotated one revokes its family.
    family_id uuid NOT NULL,
    parent_jti uuid REFERENCES auth_tokens (jti) ON DELETE SET NULL,
    audience text NOT NULL CHECK (char_length(audience) BETWEEN 1 AND 255),
    scopes text[] NOT NULL DEFAULT '{}',
    key_id text NOT NULL REFERENCES signing_keys (kid) ON DELETE RESTRICT,
    issued_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at timestamptz,
    revoked_at timestamptz,
    revoked_reason text CHECK (char_length(revoked_reason) <= 500),
    issued_by text NOT NULL CHECK (char_length(issued_by) BETWEEN 1 AND 255),
    revoked_by text CHECK (char_length(revoked_by) <= 255),
    CHECK (expires_at > issued_at),
    CHECK ((revoked_at IS NULL) = (revoked_by IS NULL))
);
CREATE INDEX auth_tokens_user_id ON auth_tokens (user_id, expires_at DESC);
CREATE INDEX auth_tokens_session_id ON auth_tokens (session_id) WHERE session_id IS NOT NULL;
CREATE INDEX auth_tokens_family_id ON auth_tokens (family_id);
CREATE INDEX auth_tokens_parent_jti ON auth_tokens (parent_jti) WHERE parent_jti IS NOT NULL;
CREATE INDEX auth_tokens_key_id ON auth_tokens (key_id);
CREATE INDEX auth_tokens_expires_at ON auth_tokens (expires_at);
-- The denylist is rebuilt from this: revoked tokens that have not expired.
CREATE INDEX auth_tokens_revoked ON auth_tokens (expires_at) WHERE revoked_at IS NOT NULL;

CREATE TRIGGER roles_touch BEFORE UPDATE ON roles FOR EACH ROW EXECUTE FUNCTION platform_touch_row();
CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION platform_touch_row();
CREATE TRIGGER user_profiles_touch BEFORE UPDATE ON user_profiles FOR EACH ROW EXECUTE FUNCTION platform_touch_row();
CREATE TRIGGER user_identities_touch BEFORE UPDATE ON user_identities FOR EACH ROW EXECUTE FUNCTION platform_touch_row();

-- The built-in roles and what they may do.
INSERT INTO roles (name, description, built_in) VALUES
    ('admin', 'Administers users, tokens, keys and every workspace', true),
    ('user', 'Works in the workspaces they belong to', true),
    ('readonly', 'Reads the workspaces they belong to', true);
INSERT INTO permissions (name, description) VALUES
    ('user:read', 'See users'),
    ('user:write', 'Create, change and disable users'),
    ('token:issue', 'Issue tokens for others'),
    ('token:revoke', 'Revoke tokens and sessions'),
    ('key:manage', 'Generate, rotate and retire signing keys'),
    ('workspace:read', 'Read workspaces, conversations and artifacts'),
    ('workspace:write', 'Change workspaces, conversations and artifacts'),
    ('workspace:admin', 'Manage members, settings and integrations of a workspace'),
    ('audit:read', 'Read the audit trail');
INSERT INTO role_permissions (role_id, permission_id)
SELECT r.id, p.id FROM roles r JOIN permissions p ON
    r.name = 'admin'
    OR (r.name = 'user' AND p.name IN ('user:read', 'workspace:read', 'workspace:write'))
    OR (r.name = 'readonly' AND p.name IN ('workspace:read'));
