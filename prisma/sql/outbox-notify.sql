-- What the outbox relay relies on (apps/worker/src/outbox/outbox-relay.service.ts): every
-- statement that inserts outbox rows announces them on the channel consilium_outbox at commit,
-- so a relay LISTENing there wakes at once instead of at its next poll (OUTBOX_POLL_MS stays the
-- fallback). One notification per statement (PostgreSQL folds identical ones within a transaction).
-- Same conventions as access-cache.sql: idempotent, no semicolon inside a statement (\073 in the
-- E'' body), kept verbatim in the outbox_notify migration.

CREATE OR REPLACE FUNCTION notify_outbox() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  PERFORM pg_notify(''consilium_outbox'', '''')\073
  RETURN NULL\073
END
';

CREATE OR REPLACE TRIGGER outbox_events_notify AFTER INSERT ON outbox_events FOR EACH STATEMENT EXECUTE FUNCTION notify_outbox();
