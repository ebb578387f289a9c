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

