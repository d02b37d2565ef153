-- GitHub organizations, their repositories, and user activity on them.

CREATE TABLE organizations (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    github_id bigint UNIQUE CHECK (github_id > 0),
    name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 255),
    description text CHECK (char_length(description) <= 10000),
    member_count integer NOT NULL DEFAULT 0 CHECK (member_count >= 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    version bigint NOT NULL DEFAULT 1
);
-- GitHub logins are unique regardless of case.
CREATE UNIQUE INDEX organizations_name_key ON organizations (lower(name));

CREATE TABLE repositories (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    github_id bigint UNIQUE CHECK (github_id > 0),
    organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 255),
    description text CHECK (char_length(description) <= 10000),
    language text CHECK (char_length(language) <= 100),
    stars integer NOT NULL DEFAULT 0 CHECK (stars >= 0),
    forks integer NOT NULL DEFAULT 0 CHECK (forks >= 0),
    open_issues integer NOT NULL DEFAULT 0 CHECK (open_issues >= 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    version bigint NOT NULL DEFAULT 1
);
-- Also the index of the foreign key.
CREATE UNIQUE INDEX repositories_organization_name_key ON repositories (organization_id, lower(name));

-- Append-only: what users did on repositories. The largest table after messages.
CREATE TABLE activities (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    repository_id uuid REFERENCES repositories (id) ON DELETE CASCADE,
    type text NOT NULL CHECK (type IN ('push', 'commit', 'pull_request', 'review', 'issue', 'comment', 'release', 'fork', 'star')),
    occurred_at timestamptz NOT NULL,
    data jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(data) = 'object'),
    created_at timestamptz NOT NULL DEFAULT now()
);
-- A user's activity feed, newest first, keyset-paginated on (occurred_at, id).
CREATE INDEX activities_user_feed ON activities (user_id, occurred_at DESC, id DESC);
CREATE INDEX activities_repository_id ON activities (repository_id, occurred_at DESC) WHERE repository_id IS NOT NULL;
-- Retention purges by age.
CREATE INDEX activities_occurred_at ON activities (occurred_at);

CREATE TRIGGER organizations_touch BEFORE UPDATE ON organizations FOR EACH ROW EXECUTE FUNCTION platform_touch_row();
CREATE TRIGGER repositories_touch BEFORE UPDATE ON repositories FOR EACH ROW EXECUTE FUNCTION platform_touch_row();
