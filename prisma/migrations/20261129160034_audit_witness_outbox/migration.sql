-- CreateTable
CREATE TABLE "audit_witness_outbox" (
    "tree_size" BIGINT NOT NULL,
    "line" TEXT NOT NULL,
    "file_pending" BOOLEAN NOT NULL,
    "enqueued_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_attempt_at" TIMESTAMPTZ(3),
    "last_error" TEXT,

    CONSTRAINT "audit_witness_outbox_pkey" PRIMARY KEY ("tree_size")
);



-- The patients a read named in a list (detail.patientIds: a case list, an auditor's search that
-- showed their names), for "who saw this patient" (apps/api/src/audit/audit.repository.ts reads):
-- a partial GIN index over that array, so the question reads indexes, never the whole trail.
-- Kept verbatim in the audit_witness_outbox migration (test/integration/migrations.test.ts).
CREATE INDEX IF NOT EXISTS audit_events_detail_patient_ids_idx ON audit_events USING gin ((detail -> 'patientIds') jsonb_path_ops) WHERE detail ? 'patientIds';
