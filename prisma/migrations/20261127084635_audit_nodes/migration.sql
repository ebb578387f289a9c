-- CreateTable
CREATE TABLE "audit_nodes" (
    "level" SMALLINT NOT NULL,
    "index" BIGINT NOT NULL,
    "hash" BYTEA NOT NULL,

    CONSTRAINT "audit_nodes_pkey" PRIMARY KEY ("level","index")
);


-- Nodes of a log sealed before this migration are not backfilled here (SHA-256 trees in SQL):
-- the sealer writes them the first time it rebuilds its frontier from the leaf hashes, and until
-- then proofs compute any missing node from the leaves.

-- audit_nodes (perfect subtree hashes of the sealed log, see AuditNode in schema.prisma) is
-- append-only like audit_leaves: the function audit_append_only() comes from audit-leaves.sql.
-- Kept verbatim in the audit_nodes migration, with no semicolon inside a statement (see audit-leaves.sql).

CREATE OR REPLACE TRIGGER audit_nodes_append_only BEFORE UPDATE OR DELETE ON audit_nodes FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE OR REPLACE TRIGGER audit_nodes_no_truncate BEFORE TRUNCATE ON audit_nodes FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
