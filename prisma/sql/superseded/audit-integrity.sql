-- Audit trail integrity (issue 5): the audit tables are append-only for every role, superusers
-- included (triggers fire for them. Only session_replication_role = replica or ALTER TABLE
-- DISABLE TRIGGER bypass them, and that tampering is what the signed checkpoints kept outside
-- the database detect). The one UPDATE allowed is the sealer's: batch_id, leaf_index and
-- leaf_hash go from NULL to a value once, every other column unchanged.
--
-- Written without a single semicolon inside a statement: Prisma's driver-adapter migration
-- runner (@prisma/adapter-pg executeScript) splits scripts on every semicolon, so the PL/pgSQL
-- bodies are E'' strings where \073 stands for the semicolon.
-- This text is kept verbatim in the audit_integrity migration. test/integration/migrations.test.ts
-- applies prisma/sql/*.sql to the database built from the schema and checks the migration holds it.

CREATE FUNCTION audit_events_guard() RETURNS trigger LANGUAGE plpgsql AS E'
DECLARE
  unsealed audit_events\073
BEGIN
  IF TG_OP = ''UPDATE'' AND OLD.batch_id IS NULL AND OLD.leaf_index IS NULL AND OLD.leaf_hash IS NULL
     AND NEW.batch_id IS NOT NULL AND NEW.leaf_index IS NOT NULL AND NEW.leaf_hash IS NOT NULL THEN
    unsealed := NEW\073
    unsealed.batch_id := NULL\073
    unsealed.leaf_index := NULL\073
    unsealed.leaf_hash := NULL\073
    IF unsealed IS NOT DISTINCT FROM OLD THEN
      RETURN NEW\073
    END IF\073
  END IF\073
  RAISE EXCEPTION ''audit_events is append-only: % refused'', TG_OP
    USING ERRCODE = ''insufficient_privilege'', HINT = ''Only the sealer may set batch_id, leaf_index and leaf_hash, once.''\073
END
';

CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  RAISE EXCEPTION ''% is append-only: % refused'', TG_TABLE_NAME, TG_OP USING ERRCODE = ''insufficient_privilege''\073
END
';

CREATE TRIGGER audit_events_guard BEFORE UPDATE OR DELETE ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_events_guard();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_batches_append_only BEFORE UPDATE OR DELETE ON audit_batches FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_batches_no_truncate BEFORE TRUNCATE ON audit_batches FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON audit_checkpoints FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();

-- The sealer's queue: unsealed events in insertion order (small, events are sealed within seconds).
CREATE INDEX audit_events_unsealed_idx ON audit_events (seq) WHERE leaf_index IS NULL;
