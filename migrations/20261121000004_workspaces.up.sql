-- Workspaces: where users, agents and workflows work on a product.

CREATE TABLE workspaces (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    slug text NOT NULL CHECK (slug ~ '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$'),
    name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 255),
    description text CHECK (char_length(description) <= 10000),
    -- An owner cannot be erased while they own a workspace: hand it over first.
    owner_id uuid NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
    organization_id uuid REFERENCES organizations (id) ON DELETE SET NULL,
    github_repo_url text CHECK (github_repo_url ~ '^https://github\.com/[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$'),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    version bigint NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX workspaces_slug_live_key ON workspaces (slug) WHERE deleted_at IS NULL;
CREATE INDEX workspaces_owner_id ON workspaces (owner_id);
CREATE INDEX workspaces_organization_id ON workspaces (organization_id) WHERE organization_id IS NOT NULL;
CREATE INDEX workspaces_created_at ON workspaces (created_at, id);
CREATE INDEX workspaces_deleted_at ON workspaces (deleted_at) WHERE deleted_at IS NOT NULL;

CREATE TABLE workspace_members (
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role text NOT NULL DEFAULT 'member' CHECK (role IN ('owner', 'admin', 'member', 'viewer')),
    joined_at timestamptz NOT NULL DEFAULT now(),
    invited_by uuid REFERENCES users (id) ON DELETE SET NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    version bigint NOT NULL DEFAULT 1,
    PRIMARY KEY (workspace_id, user_id)
);
CREATE INDEX workspace_members_user_id ON workspace_members (user_id);
CREATE INDEX workspace_members_invited_by ON workspace_members (invited_by) WHERE invited_by IS NOT NULL;

-- Free-form technical configuration (agents' models, tools...); cached for an hour.
CREATE TABLE workspace_configs (
    workspace_id uuid PRIMARY KEY REFERENCES workspaces (id) ON DELETE CASCADE,
    config jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(config) = 'object'),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    version bigint NOT NULL DEFAULT 1
);

-- Typed settings that the platform acts on.
CREATE TABLE workspace_settings (
    workspace_id uuid PRIMARY KEY REFERENCES workspaces (id) ON DELETE CASCADE,
    -- NULL: the platform's default from platformctl.toml.
    chat_retention_days integer CHECK (chat_retention_days BETWEEN 1 AND 36500),
    artifact_versions_to_keep integer CHECK (artifact_versions_to_keep BETWEEN 1 AND 10000),
    default_branch text NOT NULL DEFAULT 'main' CHECK (char_length(default_branch) BETWEEN 1 AND 255),
    visibility text NOT NULL DEFAULT 'private' CHECK (visibility IN ('private', 'organization')),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    version bigint NOT NULL DEFAULT 1
);

CREATE TABLE agents (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
    kind text NOT NULL CHECK (kind IN ('analyst', 'product_manager', 'architect', 'developer', 'qa', 'scrum_master', 'custom')),
    model text CHECK (char_length(model) <= 200),
    instructions text CHECK (char_length(instructions) <= 100000),
    config jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(config) = 'object'),
    enabled boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    version bigint NOT NULL DEFAULT 1,
    UNIQUE (workspace_id, name)
);

CREATE TABLE workflows (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 255),
    description text CHECK (char_length(description) <= 10000),
    status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'paused', 'completed', 'archived')),
    definition jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(definition) = 'object'),
    created_by uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    version bigint NOT NULL DEFAULT 1,
    UNIQUE (workspace_id, name)
);
CREATE INDEX workflows_created_by ON workflows (created_by) WHERE created_by IS NOT NULL;

CREATE TABLE phases (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workflow_id uuid NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
    agent_id uuid REFERENCES agents (id) ON DELETE SET NULL,
    name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 255),
    position integer NOT NULL CHECK (position >= 0),
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'in_progress', 'completed', 'skipped', 'failed')),
    started_at timestamptz,
    completed_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    version bigint NOT NULL DEFAULT 1,
    -- Deferrable, so phases can be reordered in one transaction.
    CONSTRAINT phases_workflow_position_key UNIQUE (workflow_id, position) DEFERRABLE INITIALLY IMMEDIATE,
    CHECK (completed_at IS NULL OR started_at IS NULL OR completed_at >= started_at)
);
CREATE INDEX phases_agent_id ON phases (agent_id) WHERE agent_id IS NOT NULL;

CREATE TRIGGER workspaces_touch BEFORE UPDATE ON workspaces FOR EACH ROW EXECUTE FUNCTION platform_touch_row();
CREATE TRIGGER workspace_members_touch BEFORE UPDATE ON workspace_members FOR EACH ROW EXECUTE FUNCTION platform_touch_row();
CREATE TRIGGER workspace_configs_touch BEFORE UPDATE ON workspace_configs FOR EACH ROW EXECUTE FUNCTION platform_touch_row();
CREATE TRIGGER workspace_settings_touch BEFORE UPDATE ON workspace_settings FOR EACH ROW EXECUTE FUNCTION platform_touch_row();
CREATE TRIGGER agents_touch BEFORE UPDATE ON agents FOR EACH ROW EXECUTE FUNCTION platform_touch_row();
CREATE TRIGGER workflows_touch BEFORE UPDATE ON workflows FOR EACH ROW EXECUTE FUNCTION platform_touch_row();
CREATE TRIGGER phases_touch BEFORE UPDATE ON phases FOR EACH ROW EXECUTE FUNCTION platform_touch_row();
