DROP TRIGGER outbox_events_inserted ON outbox_events;
DROP FUNCTION notify_outbox();
DROP TABLE outbox_events;
