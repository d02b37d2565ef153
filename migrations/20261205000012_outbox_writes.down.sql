ALTER TABLE outbox_events
    DROP CONSTRAINT outbox_events_progress,
    ALTER event_type TYPE text,
    ALTER aggregate_type TYPE text,
    ALTER aggregate_id TYPE text,
    ALTER actor TYPE text,
    ALTER data TYPE jsonb,
    ALTER request_id TYPE text,
    ALTER state TYPE text,
    ADD CONSTRAINT outbox_events_event_type_check
        CHECK (event_type ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$' AND char_length(event_type) <= 128),
    ADD CONSTRAINT outbox_events_aggregate_type_check CHECK (char_length(aggregate_type) BETWEEN 1 AND 64),
    ADD CONSTRAINT outbox_events_aggregate_id_check CHECK (char_length(aggregate_id) BETWEEN 1 AND 255),
    ADD CONSTRAINT outbox_events_actor_check CHECK (char_length(actor) BETWEEN 1 AND 255),
    ADD CONSTRAINT outbox_events_data_check CHECK (jsonb_typeof(data) = 'object'),
    ADD CONSTRAINT outbox_events_request_id_check CHECK (char_length(request_id) <= 128),
    ADD CONSTRAINT outbox_events_state_check CHECK (state IN ('pending', 'published', 'dead')),
    ADD CONSTRAINT outbox_events_attempts_check CHECK (attempts >= 0),
    ADD CONSTRAINT outbox_events_check CHECK ((state = 'published') = (published_at IS NOT NULL));
ALTER TABLE outbox_events ALTER data SET DEFAULT '{}', ALTER state SET DEFAULT 'pending';
DROP DOMAIN outbox_event_type, outbox_aggregate_type, outbox_name, outbox_request_id, outbox_data, outbox_state;

CREATE INDEX outbox_events_pending_aggregate ON outbox_events (aggregate_type, aggregate_id, position)
    WHERE state = 'pending';

CREATE FUNCTION notify_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT pg_try_advisory_xact_lock_shared(2002873189, 0) THEN
        PERFORM pg_notify('platformctl_events', '');
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER outbox_events_inserted
    AFTER INSERT ON outbox_events
    FOR EACH STATEMENT EXECUTE FUNCTION notify_outbox();
