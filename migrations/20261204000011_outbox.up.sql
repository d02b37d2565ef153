-- The transactional outbox: domain events written in the transaction of the
-- change they describe, published to RabbitMQ afterwards by
-- `platformctl events relay` (src/events/). See docs/events.md.
--
-- Order. `position` is a sequence, and a sequence is not commit order. A
-- writer therefore takes a transaction-scoped advisory lock on the event's
-- aggregate before inserting it: the events of one aggregate get positions
-- in the order their transactions commit. The relay keeps no cursor, only
-- each event's state, so an event committed late with an early position is
-- never skipped.

CREATE TABLE outbox_events (
    id uuid PRIMARY KEY,
    position bigint GENERATED ALWAYS AS IDENTITY,
    event_type text NOT NULL CHECK (event_type ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$' AND char_length(event_type) <= 128),
    aggregate_type text NOT NULL CHECK (char_length(aggregate_type) BETWEEN 1 AND 64),
    aggregate_id text NOT NULL CHECK (char_length(aggregate_id) BETWEEN 1 AND 255),
    actor text NOT NULL CHECK (char_length(actor) BETWEEN 1 AND 255),
    occurred_at timestamptz NOT NULL DEFAULT now(),
    data jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(data) = 'object'),
    request_id text CHECK (char_length(request_id) <= 128),
    state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'published', 'dead')),
    attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at timestamptz NOT NULL DEFAULT '-infinity',
    last_error text,
    published_at timestamptz,
    CHECK ((state = 'published') = (published_at IS NOT NULL))
);
-- The relay's queue, in order, and its per-aggregate "is an earlier one waiting?".
CREATE INDEX outbox_events_pending ON outbox_events (position) WHERE state = 'pending';
CREATE INDEX outbox_events_pending_aggregate ON outbox_events (aggregate_type, aggregate_id, position)
    WHERE state = 'pending';
-- What holds an aggregate's later events back: events retried after a failure.
CREATE INDEX outbox_events_pending_retried ON outbox_events (position)
    WHERE state = 'pending' AND attempts > 0;
CREATE INDEX outbox_events_dead ON outbox_events (position) WHERE state = 'dead';
-- Retention walks published events by time. Listings and replays walk the
-- primary key: ids are uuid v7, in the order they were written. Every index
-- here is paid by every change that writes an event, so there are no more.
CREATE INDEX outbox_events_published_at ON outbox_events (published_at) WHERE state = 'published';

-- Wakes a waiting relay at commit, but only a relay that said it waits (it
-- holds the "wake" advisory lock, class 0x77616b65, while it sleeps): a
-- NOTIFY serialises the commits of every notifying transaction in the
-- cluster, which would cost writers a third of their throughput, so writers
-- under load, while the relay is busy draining, send none. A writer that
-- takes the lock's shared side holds it to its commit, so the relay cannot
-- fall asleep between this check and that commit without seeing the event
-- (src/events/relay.rs checks once more after taking the lock).
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
