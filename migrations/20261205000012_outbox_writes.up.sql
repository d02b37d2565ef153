-- Makes an event cheaper to write. An event is a third row in a small
-- change's transaction (the change, its audit row, the event), and what
-- comes with that row is paid by every change (docs/benchmarks.md).
--
-- * The wake-up check moves from a statement trigger into the library's
--   insert (src/events/outbox.rs): the same check and guarantee, without
--   the trigger's queue and PL/pgSQL call on every change.
-- * The per-aggregate index of pending events goes. It answered "is an
--   earlier event of this aggregate still pending?" for retried events
--   only, and those sit at the head of the queue, where the pending index
--   finds their predecessors as fast.
-- * The column rules move from CHECK constraints into domains, unchanged.
--   PostgreSQL reads and plans a table's CHECK expressions again for every
--   INSERT statement, and an event is one single-row statement per change;
--   a domain's rules are planned once per session. pgbench, a user insert
--   with its audit row and event: the nine CHECKs cost 10% of the
--   throughput with commits not waiting for the disk, the domains nothing
--   measurable. One small CHECK stays for the rule that spans two columns.
DROP TRIGGER outbox_events_inserted ON outbox_events;
DROP FUNCTION notify_outbox();
DROP INDEX outbox_events_pending_aggregate;

CREATE DOMAIN outbox_event_type AS text
    CHECK (VALUE ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$' AND char_length(VALUE) <= 128);
CREATE DOMAIN outbox_aggregate_type AS text CHECK (char_length(VALUE) BETWEEN 1 AND 64);
CREATE DOMAIN outbox_name AS text CHECK (char_length(VALUE) BETWEEN 1 AND 255);
CREATE DOMAIN outbox_request_id AS text CHECK (char_length(VALUE) <= 128);
CREATE DOMAIN outbox_data AS jsonb CHECK (jsonb_typeof(VALUE) = 'object');
CREATE DOMAIN outbox_state AS text CHECK (VALUE IN ('pending', 'published', 'dead'));

ALTER TABLE outbox_events
    DROP CONSTRAINT outbox_events_event_type_check,
    DROP CONSTRAINT outbox_events_aggregate_type_check,
    DROP CONSTRAINT outbox_events_aggregate_id_check,
    DROP CONSTRAINT outbox_events_actor_check,
    DROP CONSTRAINT outbox_events_data_check,
    DROP CONSTRAINT outbox_events_request_id_check,
    DROP CONSTRAINT outbox_events_state_check,
    DROP CONSTRAINT outbox_events_attempts_check,
    DROP CONSTRAINT outbox_events_check,
    ALTER event_type TYPE outbox_event_type,
    ALTER aggregate_type TYPE outbox_aggregate_type,
    ALTER aggregate_id TYPE outbox_name,
    ALTER actor TYPE outbox_name,
    ALTER data TYPE outbox_data,
    ALTER request_id TYPE outbox_request_id,
    ALTER state TYPE outbox_state,
    ADD CONSTRAINT outbox_events_progress
        CHECK (attempts >= 0 AND (state = 'published') = (published_at IS NOT NULL));
