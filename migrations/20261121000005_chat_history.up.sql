-- Chat history. messages is the platform's largest table; see migrations/README.md
-- for why it is keyed by uuid v7 and not partitioned.

CREATE TABLE conversations (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    title text NOT NULL DEFAULT '' CHECK (char_length(title) <= 500),
    agent_id uuid REFERENCES agents (id) ON DELETE SET NULL,
    created_by uuid REFERENCES users (id) ON DELETE SET NULL,
    last_message_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    version bigint NOT NULL DEFAULT 1
);
-- A workspace's conversations, most recent first (also the foreign key's index).
CREATE INDEX conversations_workspace_recent ON conversations (workspace_id, last_message_at DESC NULLS LAST, id);
CREATE INDEX conversations_agent_id ON conversations (agent_id) WHERE agent_id IS NOT NULL;
CREATE INDEX conversations_created_by ON conversations (created_by) WHERE created_by IS NOT NULL;

CREATE TABLE messages (
    -- uuid v7: time-ordered, so inserts append at the right edge of the key index.
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    conversation_id uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    role text NOT NULL CHECK (role IN ('user', 'assistant', 'system', 'tool')),
    author_id uuid REFERENCES users (id) ON DELETE SET NULL,
    agent_id uuid REFERENCES agents (id) ON DELETE SET NULL,
    content text NOT NULL CHECK (char_length(content) <= 1000000),
    metadata jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(metadata) = 'object'),
    token_count integer CHECK (token_count >= 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    edited_at timestamptz
);
-- The last N messages of a conversation, keyset-paginated backwards; retention
-- deletes per conversation through it too. Also the foreign key's index.
CREATE INDEX messages_conversation_recent ON messages (conversation_id, created_at DESC, id DESC);
-- For ON DELETE SET NULL when a user or agent is erased (partial: most rows have one of them NULL).
CREATE INDEX messages_author_id ON messages (author_id) WHERE author_id IS NOT NULL;
CREATE INDEX messages_agent_id ON messages (agent_id) WHERE agent_id IS NOT NULL;

CREATE TRIGGER conversations_touch BEFORE UPDATE ON conversations FOR EACH ROW EXECUTE FUNCTION platform_touch_row();
