-- What the API's access caches rely on (apps/api/src/access/access-cache.ts):
-- 1. A change to a user or to a board membership is announced on the channel
--    consilium_principals with the user's id, at commit, so every API instance drops its cached
--    principal (roles, boards, token version, active) for that user at once.
-- 2. The board an object belongs to never changes (a case, a meeting, and the case of a
--    recommendation or a treatment event), so the board found for an id can be remembered.
-- Same conventions as audit-leaves.sql: idempotent, no semicolon inside a statement (\073 in the
-- E'' bodies), kept verbatim in the access_cache migration.

CREATE OR REPLACE FUNCTION notify_principal_changed() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  IF TG_TABLE_NAME = ''users'' THEN
    PERFORM pg_notify(''consilium_principals'', OLD.id::text)\073
  ELSE
    IF TG_OP <> ''INSERT'' THEN PERFORM pg_notify(''consilium_principals'', OLD.user_id::text)\073 END IF\073
    IF TG_OP <> ''DELETE'' THEN PERFORM pg_notify(''consilium_principals'', NEW.user_id::text)\073 END IF\073
  END IF\073
  RETURN NULL\073
END
';

CREATE OR REPLACE TRIGGER users_principal_changed AFTER UPDATE OR DELETE ON users FOR EACH ROW EXECUTE FUNCTION notify_principal_changed();
CREATE OR REPLACE TRIGGER board_members_principal_changed AFTER INSERT OR UPDATE OR DELETE ON board_members FOR EACH ROW EXECUTE FUNCTION notify_principal_changed();

CREATE OR REPLACE FUNCTION refuse_scope_change() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  RAISE EXCEPTION ''%.% cannot change: an object stays where it was created'', TG_TABLE_NAME, TG_ARGV[0]
    USING ERRCODE = ''integrity_constraint_violation''\073
END
';

CREATE OR REPLACE TRIGGER cases_board_fixed BEFORE UPDATE OF board_id ON cases FOR EACH ROW WHEN (OLD.board_id IS DISTINCT FROM NEW.board_id) EXECUTE FUNCTION refuse_scope_change('board_id');
CREATE OR REPLACE TRIGGER meetings_board_fixed BEFORE UPDATE OF board_id ON meetings FOR EACH ROW WHEN (OLD.board_id IS DISTINCT FROM NEW.board_id) EXECUTE FUNCTION refuse_scope_change('board_id');
CREATE OR REPLACE TRIGGER recommendations_case_fixed BEFORE UPDATE OF case_id ON recommendations FOR EACH ROW WHEN (OLD.case_id IS DISTINCT FROM NEW.case_id) EXECUTE FUNCTION refuse_scope_change('case_id');
CREATE OR REPLACE TRIGGER treatment_events_case_fixed BEFORE UPDATE OF case_id ON treatment_events FOR EACH ROW WHEN (OLD.case_id IS DISTINCT FROM NEW.case_id) EXECUTE FUNCTION refuse_scope_change('case_id');
