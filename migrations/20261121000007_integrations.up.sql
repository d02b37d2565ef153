-- External services (GitHub, SharePoint, Ignis Platform): connections with
-- encrypted credentials, their use by workspaces, and synchronisation state.

-- Platform- or organization-wide settings of each service (never secrets).
CREATE TABLE integration_configs (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid REFERENCES organizations (id) ON DELETE CASCADE,
    service text NOT NULL CHECK (service IN ('github', 'sharepoint', 'ignis_platform')),
    enabled boolean NOT NULL DEFAULT true,
    settings jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(settings) = 'object'),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    version bigint NOT NULL DEFAULT 1,
    -- One platform-wide row (organization NULL) and one per organization, per service.
    CONSTRAINT integration_configs_scope_key UNIQUE NULLS NOT DISTINCT (organization_id, service)
);

CREATE TABLE external_connections (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    service text NOT NULL CHECK (service IN ('github', 'sharepoint', 'ignis_platform')),
    name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 255),
    -- Non-secret configuration only; it is cached.
    config jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(config) = 'object'),
    -- AES-256-GCM envelope and the id of the master key that sealed it.
    credentials_encrypted bytea,
    credentials_key_id text CHECK (char_length(credentials_key_id) <= 64),
    status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled', 'error', 'revoked')),
    last_error text CHECK (char_length(last_error) <= 10000),
    created_by uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    version bigint NOT NULL DEFAULT 1,
    UNIQUE (workspace_id, service, name),
    CHECK ((credentials_encrypted IS NULL) = (credentials_key_id IS NULL))
);
CREATE INDEX external_connections_service_status ON external_connections (service, status);
-- Key rotation finds what is still sealed under an old key.
CREATE INDEX external_connections_credentials_key_id ON external_connections (credentials_key_id)
    WHERE credentials_key_id IS NOT NULL;
CREATE INDEX external_connections_created_by ON external_connections (created_by) WHERE created_by IS NOT NULL;

CREATE TABLE workspace_integrations (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    connection_id uuid NOT NULL REFERENCES external_connections (id) ON DELETE CASCADE,
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'active', 'paused', 'error', 'disconnected')),
    last_sync_at timestamptz,
    sync_metadata jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(sync_metadata) = 'object'),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    version bigint NOT NULL DEFAULT 1,
    UNIQUE (workspace_id, connection_id)
);
CREATE INDEX workspace_integrations_connection_id ON workspace_integrations (connection_id);

CREATE TABLE sync_status (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_integration_id uuid NOT NULL REFERENCES workspace_integrations (id) ON DELETE CASCADE,
    -- NULL: the state of the integration as a whole.
    artifact_id uuid REFERENCES artifacts (id) ON DELETE CASCADE,
    state text NOT NULL DEFAULT 'idle' CHECK (state IN ('idle', 'pending', 'syncing', 'synced', 'failed', 'conflict')),
    remote_ref text CHECK (char_length(remote_ref) <= 1024),
    attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    last_synced_at timestamptz,
    next_attempt_at timestamptz,
    last_error text CHECK (char_length(last_error) <= 10000),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    version bigint NOT NULL DEFAULT 1,
    CONSTRAINT sync_status_target_key UNIQUE NULLS NOT DISTINCT (workspace_integration_id, artifact_id)
);
CREATE INDEX sync_status_artifact_id ON sync_status (artifact_id) WHERE artifact_id IS NOT NULL;
CREATE INDEX sync_status_due ON sync_status (next_attempt_at) WHERE state IN ('pending', 'failed');

-- Append-only log of sync operations; purged after 90 days.
CREATE TABLE sync_logs (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    connection_id uuid REFERENCES external_connections (id) ON DELETE SET NULL,
    artifact_id uuid REFERENCES artifacts (id) ON DELETE SET NULL,
    operation text NOT NULL CHECK (operation IN ('save', 'publish', 'sync_from_git', 'sync_to_git', 'import', 'export', 'webhook')),
    service text NOT NULL CHECK (service IN ('github', 'sharepoint', 'ignis_platform')),
    status text NOT NULL CHECK (status IN ('pending', 'success', 'failed')),
    details jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(details) = 'object'),
    error_message text CHECK (char_length(error_message) <= 10000),
    created_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz
);
CREATE INDEX sync_logs_workspace_recent ON sync_logs (workspace_id, created_at DESC);
CREATE INDEX sync_logs_connection_id ON sync_logs (connection_id) WHERE connection_id IS NOT NULL;
CREATE INDEX sync_logs_artifact_id ON sync_logs (artifact_id) WHERE artifact_id IS NOT NULL;
CREATE INDEX sync_logs_created_at ON sync_logs (created_at);

CREATE TRIGGER integration_configs_touch BEFORE UPDATE ON integration_configs FOR EACH ROW EXECUTE FUNCTION platform_touch_row();
CREATE TRIGGER external_connections_touch BEFORE UPDATE ON external_connections FOR EACH ROW EXECUTE FUNCTION platform_touch_row();
CREATE TRIGGER workspace_integrations_touch BEFORE UPDATE ON workspace_integrations FOR EACH ROW EXECUTE FUNCTION platform_touch_row();
CREATE TRIGGER sync_status_touch BEFORE UPDATE ON sync_status FOR EACH ROW EXECUTE FUNCTION platform_touch_row();
