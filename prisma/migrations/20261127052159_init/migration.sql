-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('COORDINATOR', 'CLINICIAN', 'AUDITOR', 'ADMIN');

-- CreateEnum
CREATE TYPE "Specialty" AS ENUM ('COLORECTAL_SURGERY', 'HEPATOBILIARY_SURGERY', 'MEDICAL_ONCOLOGY', 'RADIATION_ONCOLOGY', 'RADIOLOGY', 'PATHOLOGY', 'GASTROENTEROLOGY', 'NURSING');

-- CreateEnum
CREATE TYPE "Sex" AS ENUM ('FEMALE', 'MALE', 'OTHER', 'UNKNOWN');

-- CreateEnum
CREATE TYPE "CaseStatus" AS ENUM ('REFERRED', 'READY', 'SCHEDULED', 'DISCUSSED', 'DECIDED', 'IN_TREATMENT', 'CLOSED');

-- CreateEnum
CREATE TYPE "TCategory" AS ENUM ('T1', 'T2', 'T3', 'T4a', 'T4b');

-- CreateEnum
CREATE TYPE "NCategory" AS ENUM ('N0', 'N1', 'N2');

-- CreateEnum
CREATE TYPE "MCategory" AS ENUM ('M1a', 'M1b', 'M1c');

-- CreateEnum
CREATE TYPE "MetastasisSite" AS ENUM ('LIVER', 'LUNG', 'PERITONEUM', 'DISTANT_NODES', 'BONE', 'OTHER');

-- CreateEnum
CREATE TYPE "Resectability" AS ENUM ('RESECTABLE', 'POTENTIALLY_RESECTABLE', 'UNRESECTABLE');

-- CreateEnum
CREATE TYPE "MutationStatus" AS ENUM ('WILD_TYPE', 'MUTANT', 'UNKNOWN');

-- CreateEnum
CREATE TYPE "BrafStatus" AS ENUM ('V600E', 'OTHER', 'WILD_TYPE', 'UNKNOWN');

-- CreateEnum
CREATE TYPE "MmrStatus" AS ENUM ('PMMR', 'DMMR', 'UNKNOWN');

-- CreateEnum
CREATE TYPE "Her2Status" AS ENUM ('POSITIVE', 'NEGATIVE', 'UNKNOWN');

-- CreateEnum
CREATE TYPE "DpdStatus" AS ENUM ('NORMAL', 'PARTIAL_DEFICIENCY', 'COMPLETE_DEFICIENCY', 'UNKNOWN');

-- CreateEnum
CREATE TYPE "MeetingStatus" AS ENUM ('PLANNED', 'IN_PROGRESS', 'CLOSED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "RecommendationStatus" AS ENUM ('DRAFT', 'PROPOSED', 'SIGNED_OFF', 'SUPERSEDED');

-- CreateEnum
CREATE TYPE "DeviationReason" AS ENUM ('PATIENT_PREFERENCE', 'COMORBIDITY', 'CLINICAL_TRIAL', 'NEW_INFORMATION', 'OTHER');

-- CreateEnum
CREATE TYPE "ImplementationStatus" AS ENUM ('YES', 'PARTLY', 'NO');

-- CreateEnum
CREATE TYPE "VoteChoice" AS ENUM ('APPROVE', 'APPROVE_WITH_CHANGES', 'REJECT', 'ABSTAIN');

-- CreateEnum
CREATE TYPE "TreatmentEventKind" AS ENUM ('RADIOTHERAPY', 'SYSTEMIC_THERAPY', 'BEVACIZUMAB_DOSE', 'SURGERY', 'PROCEDURE', 'EVALUATION');

-- CreateEnum
CREATE TYPE "TreatmentEventStatus" AS ENUM ('PLANNED', 'DONE', 'CANCELLED');

-- CreateEnum
CREATE TYPE "RegimenCode" AS ENUM ('FOLFOX', 'CAPOX', 'FOLFIRI', 'FOLFOXIRI', 'FLUOROPYRIMIDINE', 'BEVACIZUMAB', 'CETUXIMAB', 'PANITUMUMAB', 'ENCORAFENIB_CETUXIMAB', 'TUCATINIB_TRASTUZUMAB', 'SOTORASIB_PANITUMUMAB', 'PEMBROLIZUMAB', 'NIVOLUMAB_IPILIMUMAB', 'SCRT_5X5', 'LCCRT_50GY', 'PALLIATIVE_RT');

-- CreateEnum
CREATE TYPE "SurgeryTarget" AS ENUM ('PRIMARY', 'METASTASES', 'PRIMARY_AND_METASTASES');

-- CreateEnum
CREATE TYPE "ProcedureKind" AS ENUM ('STENT', 'STOMA', 'FULGURATION');

-- CreateEnum
CREATE TYPE "EvaluationKind" AS ENUM ('RESPONSE', 'REEVALUATION', 'IMAGING');

-- CreateEnum
CREATE TYPE "ReminderKind" AS ENUM ('MILESTONE', 'ESCALATION', 'MEETING_DIGEST');

-- CreateEnum
CREATE TYPE "ReminderStatus" AS ENUM ('SCHEDULED', 'DELIVERED', 'CANCELLED', 'FAILED');

-- CreateEnum
CREATE TYPE "ReminderAudience" AS ENUM ('TREATING_CLINICIANS', 'BOARD_COORDINATORS');

-- CreateEnum
CREATE TYPE "NotificationChannel" AS ENUM ('IN_APP', 'EMAIL');

-- CreateEnum
CREATE TYPE "AuditAction" AS ENUM ('C', 'R', 'U', 'D', 'E');

-- CreateEnum
CREATE TYPE "AuditOutcome" AS ENUM ('SUCCESS', 'MINOR_FAILURE', 'SERIOUS_FAILURE', 'MAJOR_FAILURE');

-- CreateTable
CREATE TABLE "users" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "email" TEXT NOT NULL,
    "display_name" TEXT NOT NULL,
    "roles" "Role"[],
    "specialty" "Specialty",
    "active" BOOLEAN NOT NULL DEFAULT true,
    "password_hash" TEXT NOT NULL,
    "password_changed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "token_version" INTEGER NOT NULL DEFAULT 0,
    "all_boards_access" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "refresh_tokens" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "family_id" UUID NOT NULL,
    "token_hash" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "user_agent" TEXT,
    "ip_address" TEXT,

    CONSTRAINT "refresh_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "boards" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "description" TEXT,
    "required_specialties" "Specialty"[],
    "consensus_numerator" INTEGER NOT NULL DEFAULT 2,
    "consensus_denominator" INTEGER NOT NULL DEFAULT 3,
    "default_meeting_minutes" INTEGER NOT NULL DEFAULT 90,
    "case_reference_prefix" TEXT NOT NULL DEFAULT 'MDT',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "boards_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "board_members" (
    "board_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "joined_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "board_members_pkey" PRIMARY KEY ("board_id","user_id")
);

-- CreateTable
CREATE TABLE "patients" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "mrn" TEXT NOT NULL,
    "given_name" TEXT NOT NULL,
    "family_name" TEXT NOT NULL,
    "birth_date" DATE NOT NULL,
    "sex" "Sex" NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "patients_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "cases" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "reference" TEXT NOT NULL,
    "patient_id" UUID NOT NULL,
    "board_id" UUID NOT NULL,
    "referring_clinician_id" UUID,
    "referring_clinician_name" TEXT,
    "question_for_board" TEXT,
    "status" "CaseStatus" NOT NULL DEFAULT 'REFERRED',
    "version" INTEGER NOT NULL DEFAULT 1,
    "t_category" "TCategory" NOT NULL,
    "n_category" "NCategory" NOT NULL,
    "m_category" "MCategory" NOT NULL,
    "distance_from_anal_verge_cm" DECIMAL(4,1),
    "mesorectal_fascia_threatened" BOOLEAN,
    "ecog" SMALLINT,
    "fit_for_intensive_treatment" BOOLEAN,
    "comorbidities" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "creatinine_clearance_ml_min" INTEGER,
    "declines_major_surgery" BOOLEAN NOT NULL DEFAULT false,
    "declines_radiotherapy" BOOLEAN NOT NULL DEFAULT false,
    "preference_notes" TEXT,
    "symptom_bleeding" BOOLEAN NOT NULL DEFAULT false,
    "symptom_obstruction" BOOLEAN NOT NULL DEFAULT false,
    "symptom_pain" BOOLEAN NOT NULL DEFAULT false,
    "kras" "MutationStatus" NOT NULL DEFAULT 'UNKNOWN',
    "kras_variant" TEXT,
    "nras" "MutationStatus" NOT NULL DEFAULT 'UNKNOWN',
    "braf" "BrafStatus" NOT NULL DEFAULT 'UNKNOWN',
    "mmr" "MmrStatus" NOT NULL DEFAULT 'UNKNOWN',
    "her2" "Her2Status" NOT NULL DEFAULT 'UNKNOWN',
    "dpd" "DpdStatus" NOT NULL DEFAULT 'UNKNOWN',
    "last_imaging_date" DATE,
    "referred_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "discussed_at" TIMESTAMPTZ(3),
    "decided_at" TIMESTAMPTZ(3),
    "treatment_started_on" DATE,
    "closed_at" TIMESTAMPTZ(3),
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "cases_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "metastases" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "case_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "site" "MetastasisSite" NOT NULL,
    "count" INTEGER NOT NULL,
    "resectability" "Resectability",

    CONSTRAINT "metastases_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "meetings" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "board_id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "duration_minutes" INTEGER NOT NULL DEFAULT 90,
    "location" TEXT,
    "video_link" TEXT,
    "status" "MeetingStatus" NOT NULL DEFAULT 'PLANNED',
    "chair_id" UUID,
    "required_specialties" "Specialty"[],
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "meetings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "agenda_items" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "meeting_id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "minutes_allotted" INTEGER NOT NULL DEFAULT 10,
    "presenter_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "agenda_items_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "attendances" (
    "meeting_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "specialty" "Specialty",
    "checked_in_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "checked_in_by_id" UUID,
    "left_at" TIMESTAMPTZ(3),

    CONSTRAINT "attendances_pkey" PRIMARY KEY ("meeting_id","user_id")
);

-- CreateTable
CREATE TABLE "recommendations" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "case_id" UUID NOT NULL,
    "meeting_id" UUID,
    "draft_version" INTEGER NOT NULL,
    "pathway_id" TEXT NOT NULL,
    "pathway_version" TEXT NOT NULL,
    "facts_snapshot" JSONB NOT NULL,
    "draft_plan" JSONB NOT NULL,
    "proposed_plan" JSONB,
    "findings" JSONB NOT NULL DEFAULT '[]',
    "overrides" JSONB NOT NULL DEFAULT '[]',
    "primary_branch" TEXT NOT NULL,
    "status" "RecommendationStatus" NOT NULL DEFAULT 'DRAFT',
    "round" INTEGER NOT NULL DEFAULT 1,
    "follows_pathway" BOOLEAN,
    "deviation_reason" "DeviationReason",
    "deviation_text" TEXT,
    "signed_off_by_id" UUID,
    "signed_off_at" TIMESTAMPTZ(3),
    "implementation_status" "ImplementationStatus",
    "implementation_reason" "DeviationReason",
    "implementation_text" TEXT,
    "implementation_recorded_at" TIMESTAMPTZ(3),
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "recommendations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "votes" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "recommendation_id" UUID NOT NULL,
    "round" INTEGER NOT NULL,
    "voter_id" UUID NOT NULL,
    "choice" "VoteChoice" NOT NULL,
    "comment" TEXT,
    "specialty" "Specialty",
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "votes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "idempotency_records" (
    "user_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "request_hash" TEXT NOT NULL,
    "response_status" INTEGER,
    "response_body" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "idempotency_records_pkey" PRIMARY KEY ("user_id","key")
);

-- CreateTable
CREATE TABLE "treatment_events" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "case_id" UUID NOT NULL,
    "recommendation_id" UUID,
    "kind" "TreatmentEventKind" NOT NULL,
    "status" "TreatmentEventStatus" NOT NULL DEFAULT 'PLANNED',
    "start_date" DATE NOT NULL,
    "end_date" DATE,
    "regimens" "RegimenCode"[] DEFAULT ARRAY[]::"RegimenCode"[],
    "therapy_line" INTEGER,
    "surgery_target" "SurgeryTarget",
    "elective" BOOLEAN,
    "wound_healed_date" DATE,
    "procedure" "ProcedureKind",
    "evaluation" "EvaluationKind",
    "notes" TEXT,
    "recorded_by_id" UUID,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "treatment_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "reminders" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "kind" "ReminderKind" NOT NULL,
    "case_id" UUID,
    "recommendation_id" UUID,
    "meeting_id" UUID,
    "milestone_code" TEXT,
    "dedupe_key" TEXT NOT NULL,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "window_start" DATE,
    "window_end" DATE,
    "audience" "ReminderAudience"[],
    "status" "ReminderStatus" NOT NULL DEFAULT 'SCHEDULED',
    "version" INTEGER NOT NULL DEFAULT 1,
    "delivered_at" TIMESTAMPTZ(3),
    "cancelled_at" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "reminders_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notifications" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "reminder_id" UUID,
    "case_id" UUID,
    "kind" "ReminderKind" NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "link" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "read_at" TIMESTAMPTZ(3),

    CONSTRAINT "notifications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "deliveries" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "reminder_id" UUID NOT NULL,
    "reminder_version" INTEGER NOT NULL,
    "channel" "NotificationChannel" NOT NULL,
    "recipient_id" UUID NOT NULL,
    "delivered_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "external_id" TEXT,

    CONSTRAINT "deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "outbox_events" (
    "id" BIGSERIAL NOT NULL,
    "topic" TEXT NOT NULL,
    "aggregate_type" TEXT NOT NULL,
    "aggregate_id" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "request_id" TEXT,
    "actor_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processed_at" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,

    CONSTRAINT "outbox_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_events" (
    "seq" BIGSERIAL NOT NULL,
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "action" "AuditAction" NOT NULL,
    "type" TEXT NOT NULL,
    "outcome" "AuditOutcome" NOT NULL DEFAULT 'SUCCESS',
    "outcome_desc" TEXT,
    "actor_user_id" UUID,
    "actor_roles" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "on_behalf_of_id" UUID,
    "source_service" TEXT NOT NULL,
    "source_instance" TEXT NOT NULL,
    "network_address" TEXT,
    "user_agent" TEXT,
    "purpose_of_use" TEXT,
    "entity_type" TEXT NOT NULL,
    "entity_id" TEXT,
    "patient_id" UUID,
    "board_id" UUID,
    "request_id" TEXT,
    "changes" JSONB,
    "detail" JSONB,
    "batch_id" BIGINT,
    "leaf_index" BIGINT,

    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "audit_batches" (
    "id" BIGSERIAL NOT NULL,
    "first_leaf" BIGINT NOT NULL,
    "size" INTEGER NOT NULL,
    "root" BYTEA NOT NULL,
    "chain_hash" BYTEA NOT NULL,
    "prev_chain_hash" BYTEA NOT NULL,
    "sealed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_batches_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_checkpoints" (
    "id" BIGSERIAL NOT NULL,
    "tree_size" BIGINT NOT NULL,
    "root_hash" BYTEA NOT NULL,
    "signed_at" TIMESTAMPTZ(3) NOT NULL,
    "key_id" TEXT NOT NULL,
    "signature" BYTEA NOT NULL,

    CONSTRAINT "audit_checkpoints_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE UNIQUE INDEX "refresh_tokens_token_hash_key" ON "refresh_tokens"("token_hash");

-- CreateIndex
CREATE INDEX "refresh_tokens_user_id_idx" ON "refresh_tokens"("user_id");

-- CreateIndex
CREATE INDEX "refresh_tokens_family_id_idx" ON "refresh_tokens"("family_id");

-- CreateIndex
CREATE UNIQUE INDEX "boards_name_key" ON "boards"("name");

-- CreateIndex
CREATE INDEX "board_members_user_id_idx" ON "board_members"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "patients_mrn_key" ON "patients"("mrn");

-- CreateIndex
CREATE UNIQUE INDEX "cases_reference_key" ON "cases"("reference");

-- CreateIndex
CREATE INDEX "cases_board_id_status_idx" ON "cases"("board_id", "status");

-- CreateIndex
CREATE INDEX "cases_patient_id_idx" ON "cases"("patient_id");

-- CreateIndex
CREATE UNIQUE INDEX "metastases_case_id_position_key" ON "metastases"("case_id", "position");

-- CreateIndex
CREATE INDEX "meetings_board_id_starts_at_idx" ON "meetings"("board_id", "starts_at");

-- CreateIndex
CREATE INDEX "meetings_status_starts_at_idx" ON "meetings"("status", "starts_at");

-- CreateIndex
CREATE INDEX "agenda_items_meeting_id_position_idx" ON "agenda_items"("meeting_id", "position");

-- CreateIndex
CREATE INDEX "agenda_items_case_id_idx" ON "agenda_items"("case_id");

-- CreateIndex
CREATE UNIQUE INDEX "agenda_items_meeting_id_case_id_key" ON "agenda_items"("meeting_id", "case_id");

-- CreateIndex
CREATE INDEX "recommendations_meeting_id_idx" ON "recommendations"("meeting_id");

-- CreateIndex
CREATE INDEX "recommendations_status_signed_off_at_idx" ON "recommendations"("status", "signed_off_at");

-- CreateIndex
CREATE UNIQUE INDEX "recommendations_case_id_draft_version_key" ON "recommendations"("case_id", "draft_version");

-- CreateIndex
CREATE UNIQUE INDEX "votes_recommendation_id_round_voter_id_key" ON "votes"("recommendation_id", "round", "voter_id");

-- CreateIndex
CREATE INDEX "idempotency_records_created_at_idx" ON "idempotency_records"("created_at");

-- CreateIndex
CREATE INDEX "treatment_events_case_id_start_date_idx" ON "treatment_events"("case_id", "start_date");

-- CreateIndex
CREATE UNIQUE INDEX "reminders_dedupe_key_key" ON "reminders"("dedupe_key");

-- CreateIndex
CREATE INDEX "reminders_status_due_at_idx" ON "reminders"("status", "due_at");

-- CreateIndex
CREATE INDEX "reminders_case_id_idx" ON "reminders"("case_id");

-- CreateIndex
CREATE INDEX "notifications_user_id_created_at_idx" ON "notifications"("user_id", "created_at");

-- CreateIndex
CREATE INDEX "deliveries_delivered_at_idx" ON "deliveries"("delivered_at");

-- CreateIndex
CREATE UNIQUE INDEX "deliveries_reminder_id_reminder_version_channel_recipient_i_key" ON "deliveries"("reminder_id", "reminder_version", "channel", "recipient_id");

-- CreateIndex
CREATE INDEX "outbox_events_processed_at_id_idx" ON "outbox_events"("processed_at", "id");

-- CreateIndex
CREATE UNIQUE INDEX "audit_events_id_key" ON "audit_events"("id");

-- CreateIndex
CREATE UNIQUE INDEX "audit_events_leaf_index_key" ON "audit_events"("leaf_index");

-- CreateIndex
CREATE INDEX "audit_events_patient_id_recorded_at_idx" ON "audit_events"("patient_id", "recorded_at");

-- CreateIndex
CREATE INDEX "audit_events_actor_user_id_recorded_at_idx" ON "audit_events"("actor_user_id", "recorded_at");

-- CreateIndex
CREATE INDEX "audit_events_recorded_at_idx" ON "audit_events"("recorded_at");

-- CreateIndex
CREATE INDEX "audit_events_entity_type_entity_id_idx" ON "audit_events"("entity_type", "entity_id");

-- CreateIndex
CREATE INDEX "audit_events_board_id_recorded_at_idx" ON "audit_events"("board_id", "recorded_at");

-- CreateIndex
CREATE INDEX "audit_events_batch_id_idx" ON "audit_events"("batch_id");

-- CreateIndex
CREATE UNIQUE INDEX "audit_batches_first_leaf_key" ON "audit_batches"("first_leaf");

-- CreateIndex
CREATE INDEX "audit_checkpoints_tree_size_idx" ON "audit_checkpoints"("tree_size");

-- AddForeignKey
ALTER TABLE "refresh_tokens" ADD CONSTRAINT "refresh_tokens_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "board_members" ADD CONSTRAINT "board_members_board_id_fkey" FOREIGN KEY ("board_id") REFERENCES "boards"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "board_members" ADD CONSTRAINT "board_members_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "cases" ADD CONSTRAINT "cases_patient_id_fkey" FOREIGN KEY ("patient_id") REFERENCES "patients"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "cases" ADD CONSTRAINT "cases_board_id_fkey" FOREIGN KEY ("board_id") REFERENCES "boards"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "cases" ADD CONSTRAINT "cases_referring_clinician_id_fkey" FOREIGN KEY ("referring_clinician_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "cases" ADD CONSTRAINT "cases_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "metastases" ADD CONSTRAINT "metastases_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_board_id_fkey" FOREIGN KEY ("board_id") REFERENCES "boards"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_chair_id_fkey" FOREIGN KEY ("chair_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "agenda_items" ADD CONSTRAINT "agenda_items_meeting_id_fkey" FOREIGN KEY ("meeting_id") REFERENCES "meetings"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "agenda_items" ADD CONSTRAINT "agenda_items_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "agenda_items" ADD CONSTRAINT "agenda_items_presenter_id_fkey" FOREIGN KEY ("presenter_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "attendances" ADD CONSTRAINT "attendances_meeting_id_fkey" FOREIGN KEY ("meeting_id") REFERENCES "meetings"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "attendances" ADD CONSTRAINT "attendances_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "attendances" ADD CONSTRAINT "attendances_checked_in_by_id_fkey" FOREIGN KEY ("checked_in_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "recommendations" ADD CONSTRAINT "recommendations_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "recommendations" ADD CONSTRAINT "recommendations_meeting_id_fkey" FOREIGN KEY ("meeting_id") REFERENCES "meetings"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "recommendations" ADD CONSTRAINT "recommendations_signed_off_by_id_fkey" FOREIGN KEY ("signed_off_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "votes" ADD CONSTRAINT "votes_recommendation_id_fkey" FOREIGN KEY ("recommendation_id") REFERENCES "recommendations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "votes" ADD CONSTRAINT "votes_voter_id_fkey" FOREIGN KEY ("voter_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "idempotency_records" ADD CONSTRAINT "idempotency_records_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "treatment_events" ADD CONSTRAINT "treatment_events_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "treatment_events" ADD CONSTRAINT "treatment_events_recommendation_id_fkey" FOREIGN KEY ("recommendation_id") REFERENCES "recommendations"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "treatment_events" ADD CONSTRAINT "treatment_events_recorded_by_id_fkey" FOREIGN KEY ("recorded_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reminders" ADD CONSTRAINT "reminders_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reminders" ADD CONSTRAINT "reminders_recommendation_id_fkey" FOREIGN KEY ("recommendation_id") REFERENCES "recommendations"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reminders" ADD CONSTRAINT "reminders_meeting_id_fkey" FOREIGN KEY ("meeting_id") REFERENCES "meetings"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_reminder_id_fkey" FOREIGN KEY ("reminder_id") REFERENCES "reminders"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_reminder_id_fkey" FOREIGN KEY ("reminder_id") REFERENCES "reminders"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_recipient_id_fkey" FOREIGN KEY ("recipient_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

