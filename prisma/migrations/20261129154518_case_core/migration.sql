-- Issue 13: any cancer, any stage. The rectal-only clinical columns of `cases` (and the
-- `metastases` table) become the disease-agnostic case core (JSON, libs/pathway CaseCore) plus
-- the pathway's extra facts. Every existing case was taken in by the rectal stage IV intake, so it
-- migrates as ICD-10 C20 / ICD-O-3 C20.9 / 8140/3, cTNM AJCC 8 with stage group IVA-IVC, on the
-- pathway `rectal-stage-iv`. The backfill mirrors libs/pathway `coreFromRectalFacts`, and
-- test/integration/case-core-migration.test.ts checks it row by row against that function.

-- AlterTable: the new columns, filled before the old ones go
ALTER TABLE "cases" ADD COLUMN "core" JSONB,
ADD COLUMN "pathway_facts" JSONB,
ADD COLUMN "pathway_id" TEXT,
ADD COLUMN "site_code" TEXT;

UPDATE "cases" c SET
  "site_code" = 'C20',
  "pathway_id" = 'rectal-stage-iv',
  "pathway_facts" = jsonb_build_object(
    'distanceFromAnalVergeCm', c."distance_from_anal_verge_cm"::float8,
    'mesorectalFasciaThreatened', c."mesorectal_fascia_threatened"),
  "core" = jsonb_build_object(
    'primary', jsonb_build_object('siteCode', 'C20', 'topographyCode', 'C20.9', 'morphologyCode', '8140/3', 'histologyText', NULL, 'laterality', NULL, 'diagnosisDate', NULL),
    'staging', jsonb_build_object(
      'edition', 'AJCC-8',
      'clinical', jsonb_build_object('t', c."t_category"::text, 'n', c."n_category"::text, 'm', c."m_category"::text, 'afterTherapy', false),
      'pathological', NULL,
      'stageGroup', CASE c."m_category"::text WHEN 'M1a' THEN 'IVA' WHEN 'M1b' THEN 'IVB' ELSE 'IVC' END),
    'metastases', COALESCE((
      SELECT jsonb_agg(jsonb_build_object(
               'site', CASE m."site"::text WHEN 'DISTANT_NODES' THEN 'distant-nodes' ELSE lower(m."site"::text) END,
               'count', m."count",
               'resectability', CASE m."resectability"::text WHEN 'RESECTABLE' THEN 'resectable' WHEN 'POTENTIALLY_RESECTABLE' THEN 'potentially-resectable' WHEN 'UNRESECTABLE' THEN 'unresectable' END)
             ORDER BY m."position")
      FROM "metastases" m WHERE m."case_id" = c."id"), '[]'::jsonb),
    'condition', jsonb_build_object(
      'ageYears', NULL,
      'ecog', c."ecog",
      'fitForIntensiveTreatment', c."fit_for_intensive_treatment",
      -- Blank entries carry nothing (the core refuses a comorbidity text that JavaScript's trim()
      -- empties: every whitespace it strips is listed, not just the spaces btrim() strips).
      'comorbidities', COALESCE((
        SELECT jsonb_agg(jsonb_build_object('code', NULL, 'text', t.text) ORDER BY t.ordinality)
        FROM unnest(c."comorbidities") WITH ORDINALITY AS t(text, ordinality)
        WHERE t.text !~ '^[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]*$'), '[]'::jsonb),
      'creatinineClearanceMlMin', c."creatinine_clearance_ml_min",
      'preferences', jsonb_build_object('declinesMajorSurgery', c."declines_major_surgery", 'declinesRadiotherapy', c."declines_radiotherapy", 'notes', c."preference_notes"),
      'symptoms', to_jsonb(array_remove(ARRAY[
        CASE WHEN c."symptom_bleeding" THEN 'bleeding' END,
        CASE WHEN c."symptom_obstruction" THEN 'obstruction' END,
        CASE WHEN c."symptom_pain" THEN 'pain' END], NULL)),
      'symptomNotes', NULL),
    -- One result per known marker, in the order KRAS, NRAS, BRAF, MMR, HER2, DPD (UNKNOWN = not listed).
    'biomarkers', to_jsonb(array_remove(ARRAY[
      CASE WHEN c."kras" <> 'UNKNOWN' THEN jsonb_build_object('marker', 'KRAS', 'result', replace(lower(c."kras"::text), '_', '-'), 'variant', c."kras_variant", 'method', NULL, 'date', NULL) END,
      CASE WHEN c."nras" <> 'UNKNOWN' THEN jsonb_build_object('marker', 'NRAS', 'result', replace(lower(c."nras"::text), '_', '-'), 'variant', NULL, 'method', NULL, 'date', NULL) END,
      CASE c."braf"::text
        WHEN 'WILD_TYPE' THEN jsonb_build_object('marker', 'BRAF', 'result', 'wild-type', 'variant', NULL, 'method', NULL, 'date', NULL)
        WHEN 'V600E' THEN jsonb_build_object('marker', 'BRAF', 'result', 'mutant', 'variant', 'V600E', 'method', NULL, 'date', NULL)
        WHEN 'OTHER' THEN jsonb_build_object('marker', 'BRAF', 'result', 'mutant', 'variant', 'non-V600E', 'method', NULL, 'date', NULL)
      END,
      CASE c."mmr"::text
        WHEN 'PMMR' THEN jsonb_build_object('marker', 'MMR', 'result', 'pMMR', 'variant', NULL, 'method', NULL, 'date', NULL)
        WHEN 'DMMR' THEN jsonb_build_object('marker', 'MMR', 'result', 'dMMR', 'variant', NULL, 'method', NULL, 'date', NULL)
      END,
      CASE WHEN c."her2" <> 'UNKNOWN' THEN jsonb_build_object('marker', 'HER2', 'result', lower(c."her2"::text), 'variant', NULL, 'method', NULL, 'date', NULL) END,
      CASE WHEN c."dpd" <> 'UNKNOWN' THEN jsonb_build_object('marker', 'DPD', 'result', replace(lower(c."dpd"::text), '_', '-'), 'variant', NULL, 'method', NULL, 'date', NULL) END
    ], NULL)));

ALTER TABLE "cases" ALTER COLUMN "core" SET NOT NULL,
ALTER COLUMN "site_code" SET NOT NULL;

-- DropForeignKey
ALTER TABLE "metastases" DROP CONSTRAINT "metastases_case_id_fkey";

-- AlterTable
ALTER TABLE "cases" DROP COLUMN "braf",
DROP COLUMN "comorbidities",
DROP COLUMN "creatinine_clearance_ml_min",
DROP COLUMN "declines_major_surgery",
DROP COLUMN "declines_radiotherapy",
DROP COLUMN "distance_from_anal_verge_cm",
DROP COLUMN "dpd",
DROP COLUMN "ecog",
DROP COLUMN "fit_for_intensive_treatment",
DROP COLUMN "her2",
DROP COLUMN "kras",
DROP COLUMN "kras_variant",
DROP COLUMN "m_category",
DROP COLUMN "mesorectal_fascia_threatened",
DROP COLUMN "mmr",
DROP COLUMN "n_category",
DROP COLUMN "nras",
DROP COLUMN "preference_notes",
DROP COLUMN "symptom_bleeding",
DROP COLUMN "symptom_obstruction",
DROP COLUMN "symptom_pain",
DROP COLUMN "t_category";

-- AlterTable: a draft without a pathway (board-authored plan) has no pathway, draft plan or branch
ALTER TABLE "recommendations" ALTER COLUMN "pathway_id" DROP NOT NULL,
ALTER COLUMN "pathway_version" DROP NOT NULL,
ALTER COLUMN "draft_plan" DROP NOT NULL,
ALTER COLUMN "primary_branch" DROP NOT NULL;

-- AlterTable: regimen codes of any pathway or the board's list, kept (not dropped and re-added)
ALTER TABLE "treatment_events" ALTER COLUMN "regimens" DROP DEFAULT;
ALTER TABLE "treatment_events" ALTER COLUMN "regimens" TYPE TEXT[] USING "regimens"::TEXT[];
ALTER TABLE "treatment_events" ALTER COLUMN "regimens" SET DEFAULT ARRAY[]::TEXT[];

-- DropTable
DROP TABLE "metastases";

-- DropEnum
DROP TYPE "TCategory";
DROP TYPE "NCategory";
DROP TYPE "MCategory";
DROP TYPE "MetastasisSite";
DROP TYPE "Resectability";
DROP TYPE "MutationStatus";
DROP TYPE "BrafStatus";
DROP TYPE "MmrStatus";
DROP TYPE "Her2Status";
DROP TYPE "DpdStatus";
DROP TYPE "RegimenCode";

-- CreateIndex
CREATE INDEX "cases_site_code_idx" ON "cases"("site_code");
