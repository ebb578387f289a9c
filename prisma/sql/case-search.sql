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
