-- AlterTable
ALTER TABLE "recommendations" ADD COLUMN     "follow_up_checked_at" TIMESTAMPTZ(3),
ADD COLUMN     "follow_up_findings" JSONB NOT NULL DEFAULT '[]';

