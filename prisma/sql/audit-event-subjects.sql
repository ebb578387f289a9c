-- The cases an audit event is about (and their patients), for the auditor's search by case and by
-- patient: the case itself (entity 'case'), detail.caseId, detail.caseIds (an agenda read names
-- every case on it), and the case of a recommendation (entity 'recommendation', or
-- detail.recommendationId of a vote). Rows go to audit_event_subjects, outside the hashed event.
--
-- Idempotent, and without a semicolon inside a statement (Prisma's migration runner splits on
-- every semicolon: \073 stands for it in the PL/pgSQL body). Kept verbatim in the
-- audit_event_subjects migration (test/integration/migrations.test.ts).

CREATE OR REPLACE FUNCTION audit_event_case_ids(entity_type text, entity_id text, detail jsonb) RETURNS TABLE (case_id uuid) LANGUAGE sql STABLE AS $$
  SELECT named.id::uuid FROM (
    SELECT entity_id WHERE entity_type = 'case'
    UNION SELECT detail ->> 'caseId'
    UNION SELECT jsonb_array_elements_text(CASE WHEN jsonb_typeof(detail -> 'caseIds') = 'array' THEN detail -> 'caseIds' ELSE '[]'::jsonb END)
  ) named(id) WHERE named.id ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
  UNION
  SELECT r.case_id FROM recommendations r WHERE r.id IN (
    SELECT named.id::uuid FROM (SELECT entity_id WHERE entity_type = 'recommendation' UNION SELECT detail ->> 'recommendationId') named(id)
     WHERE named.id ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
  )
$$;

CREATE OR REPLACE FUNCTION audit_event_subjects_insert() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  INSERT INTO audit_event_subjects (event_seq, case_id, patient_id)
  SELECT NEW.seq, c.id, c.patient_id FROM audit_event_case_ids(NEW.entity_type, NEW.entity_id, NEW.detail) ids JOIN cases c ON c.id = ids.case_id
  ON CONFLICT DO NOTHING\073
  RETURN NULL\073
END
';

-- Only events that can name a case run it (logins, audit queries and the like do not).
CREATE OR REPLACE TRIGGER audit_event_subjects_insert AFTER INSERT ON audit_events FOR EACH ROW
  WHEN (NEW.entity_type IN ('case', 'recommendation') OR NEW.detail ?| ARRAY['caseId', 'caseIds', 'recommendationId'])
  EXECUTE FUNCTION audit_event_subjects_insert();
