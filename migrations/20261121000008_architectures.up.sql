-- Architectures of a workspace's product, and the changes proposed to them.

CREATE TABLE architectures (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 255),
    description text CHECK (char_length(description) <= 10000),
    status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'deprecated')),
    definition jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(definition) = 'object'),
    created_by uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    version bigint NOT NULL DEFAULT 1
);
-- Also the foreign key's index.
CREATE INDEX architectures_workspace_id ON architectures (workspace_id, created_at DESC);
CREATE UNIQUE INDEX architectures_workspace_name_live_key ON architectures (workspace_id, lower(name)) WHERE deleted_at IS NULL;
CREATE INDEX architectures_created_by ON architectures (created_by) WHERE created_by IS NOT NULL;

CREATE TABLE architecture_changes (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    architecture_id uuid NOT NULL REFERENCES architectures (id) ON DELETE CASCADE,
    title text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 500),
    description text CHECK (char_length(description) <= 10000),
    status text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'approved', 'applied', 'rejected')),
    diff jsonb NOT NULL CHECK (jsonb_typeof(diff) IN ('object', 'array')),
    author_id uuid REFERENCES users (id) ON DELETE SET NULL,
    reviewed_by uuid REFERENCES users (id) ON DELETE SET NULL,
    reviewed_at timestamptz,
    applied_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    version bigint NOT NULL DEFAULT 1,
    CHECK (status = 'proposed' OR reviewed_at IS NOT NULL),
    CHECK ((status = 'applied') = (applied_at IS NOT NULL))
);
CREATE INDEX architecture_changes_architecture_id ON architecture_changes (architecture_id, created_at DESC);
CREATE INDEX architecture_changes_author_id ON architecture_changes (author_id) WHERE author_id IS NOT NULL;
CREATE INDEX architecture_changes_reviewed_by ON architecture_changes (reviewed_by) WHERE reviewed_by IS NOT NULL;
CREATE INDEX architecture_changes_open ON architecture_changes (created_at) WHERE status = 'proposed';

CREATE TRIGGER architectures_touch BEFORE UPDATE ON architectures FOR EACH ROW EXECUTE FUNCTION platform_touch_row();
CREATE TRIGGER architecture_changes_touch BEFORE UPDATE ON architecture_changes FOR EACH ROW EXECUTE FUNCTION platform_touch_row();
