-- AlterTable
ALTER TABLE "audit_checkpoints" ADD COLUMN     "log_id" UUID;

-- CreateTable
CREATE TABLE "audit_log_identity" (
    "singleton" BOOLEAN NOT NULL DEFAULT true,
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_log_identity_pkey" PRIMARY KEY ("singleton")
);

-- CreateIndex
CREATE UNIQUE INDEX "audit_log_identity_id_key" ON "audit_log_identity"("id");


-- audit_log_identity (the log's id, see AuditLogIdentity in schema.prisma): one row at most
-- (the primary key is the constant true). Kept verbatim in the audit_log_identity migration.
ALTER TABLE "audit_log_identity" ADD CONSTRAINT "audit_log_identity_singleton" CHECK ("singleton");

-- The row is inserted by the sealer's first round (INSERT ... ON CONFLICT DO NOTHING), not here:
-- test and bench databases are cloned from a migrated template and must each get their own id.
-- Once written it never changes, like the other audit tables (audit_append_only() comes from
-- audit-leaves.sql).
CREATE OR REPLACE TRIGGER audit_log_identity_append_only BEFORE UPDATE OR DELETE ON audit_log_identity FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE OR REPLACE TRIGGER audit_log_identity_no_truncate BEFORE TRUNCATE ON audit_log_identity FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
