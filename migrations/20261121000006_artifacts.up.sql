-- Artifacts (PRDs, architecture documents, user stories...) and their versions.

CREATE TABLE artifacts (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 255),
    type text NOT NULL CHECK (type IN ('prd', 'architecture', 'user_story', 'epic', 'tech_spec', 'test_plan', 'design', 'other')),
    -- Relative to the repository root.
    file_path text CHECK (char_length(file_path) BETWEEN 1 AND 1024 AND file_path !~ '^/' AND file_path !~ '(^|/)\.\.(/|$)'),
    status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'in_review', 'approved', 'published', 'archived')),
    github_sync_status text NOT NULL DEFAULT 'pending' CHECK (github_sync_status IN ('pending', 'syncing', 'synced', 'failed', 'disabled')),
    sharepoint_sync_status text NOT NULL DEFAULT 'pending' CHECK (sharepoint_sync_status IN ('pending', 'syncing', 'synced', 'failed', 'disabled')),
    -- The version_number of the current artifact_versions row (0: none yet).
    current_version integer NOT NULL DEFAULT 0 CHECK (current_version >= 0),
    created_by uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    version bigint NOT NULL DEFAULT 1
);
-- A workspace's artifacts by type, most recently changed first (also the foreign key's index).
CREATE INDEX artifacts_workspace_type ON artifacts (workspace_id, type, updated_at DESC, id);
CREATE UNIQUE INDEX artifacts_workspace_path_live_key ON artifacts (workspace_id, file_path)
    WHERE deleted_at IS NULL AND file_path IS NOT NULL;
CREATE INDEX artifacts_created_by ON artifacts (created_by) WHERE created_by IS NOT NULL;
CREATE INDEX artifacts_pending_sync ON artifacts (workspace_id)
    WHERE github_sync_status IN ('pending', 'failed') OR sharepoint_sync_status IN ('pending', 'failed');

CREATE TABLE artifact_versions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    artifact_id uuid NOT NULL REFERENCES artifacts (id) ON DELETE CASCADE,
    version_number integer NOT NULL CHECK (version_number >= 1),
    content text CHECK (char_length(content) <= 10000000),
    content_sha256 bytea CHECK (octet_length(content_sha256) = 32),
    size_bytes bigint CHECK (size_bytes >= 0),
    commit_sha text CHECK (commit_sha ~ '^[0-9a-f]{40}$'),
    change_summary text CHECK (char_length(change_summary) <= 2000),
    created_by uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    -- Also the foreign key's index; retention keeps the newest K per artifact through it.
    UNIQUE (artifact_id, version_number)
);
CREATE INDEX artifact_versions_created_by ON artifact_versions (created_by) WHERE created_by IS NOT NULL;

CREATE TRIGGER artifacts_touch BEFORE UPDATE ON artifacts FOR EACH ROW EXECUTE FUNCTION platform_touch_row();
