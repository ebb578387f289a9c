-- CreateIndex
CREATE INDEX "cases_board_id_referred_at_id_idx" ON "cases"("board_id", "referred_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "cases_board_id_discussed_at_idx" ON "cases"("board_id", "discussed_at");

-- CreateIndex
CREATE INDEX "audit_events_actor_user_id_seq_idx" ON "audit_events"("actor_user_id", "seq" DESC);


-- The case search (GET /cases?q=, apps/api/src/cases/case-read.repository.ts findPage) finds
-- part of a case reference or of a patient's name, or a whole MRN, case-insensitively
-- (ILIKE): trigram GIN indexes answer those without reading every patient (pg_trgm ships with
-- PostgreSQL's contrib and is a trusted extension: the database owner may create it). Patterns
-- under three characters still scan. Kept verbatim in the case_list_indexes migration
-- (test/integration/migrations.test.ts).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX IF NOT EXISTS patients_family_name_trgm_idx ON patients USING gin (family_name gin_trgm_ops);
CREATE INDEX IF NOT EXISTS patients_given_name_trgm_idx ON patients USING gin (given_name gin_trgm_ops);
CREATE INDEX IF NOT EXISTS patients_mrn_trgm_idx ON patients USING gin (mrn gin_trgm_ops);
CREATE INDEX IF NOT EXISTS cases_reference_trgm_idx ON cases USING gin (reference gin_trgm_ops);

-- A board's report (apps/api/src/reports/reports.repository.ts) joins the board's cases to their
-- signed-off recommendations: this partial index holds every column those aggregates read, so
-- the join reads it alone (an index-only scan, about an eighth of the table's pages) instead of
-- every recommendation. Kept verbatim in the case_list_indexes migration
-- (test/integration/migrations.test.ts).
CREATE INDEX IF NOT EXISTS recommendations_signed_off_case_idx ON recommendations (case_id) INCLUDE (meeting_id, signed_off_at, pathway_id, follows_pathway, implementation_status, deviation_reason) WHERE status = 'SIGNED_OFF';
