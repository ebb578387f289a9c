-- The patients a read named in a list (detail.patientIds: a case list, an auditor's search that
-- showed their names), for "who saw this patient" (apps/api/src/audit/audit.repository.ts reads):
-- a partial GIN index over that array, so the question reads indexes, never the whole trail.
-- Kept verbatim in the audit_witness_outbox migration (test/integration/migrations.test.ts).
CREATE INDEX IF NOT EXISTS audit_events_detail_patient_ids_idx ON audit_events USING gin ((detail -> 'patientIds') jsonb_path_ops) WHERE detail ? 'patientIds';
