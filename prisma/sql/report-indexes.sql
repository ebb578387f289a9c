-- A board's report (apps/api/src/reports/reports.repository.ts) joins the board's cases to their
-- signed-off recommendations: this partial index holds every column those aggregates read, so
-- the join reads it alone (an index-only scan, about an eighth of the table's pages) instead of
-- every recommendation. Kept verbatim in the case_list_indexes migration
-- (test/integration/migrations.test.ts).
CREATE INDEX IF NOT EXISTS recommendations_signed_off_case_idx ON recommendations (case_id) INCLUDE (meeting_id, signed_off_at, pathway_id, follows_pathway, implementation_status, deviation_reason) WHERE status = 'SIGNED_OFF';
