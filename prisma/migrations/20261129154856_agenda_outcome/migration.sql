-- CreateEnum
CREATE TYPE "AgendaOutcome" AS ENUM ('DEFERRED', 'MORE_INFORMATION', 'REFERRED_ELSEWHERE');

-- AlterTable
ALTER TABLE "agenda_items" ADD COLUMN     "deferred_to_meeting_id" UUID,
ADD COLUMN     "discussion_notes" TEXT,
ADD COLUMN     "outcome" "AgendaOutcome",
ADD COLUMN     "outcome_detail" TEXT,
ADD COLUMN     "outcome_recorded_at" TIMESTAMPTZ(3);

-- AddForeignKey
ALTER TABLE "agenda_items" ADD CONSTRAINT "agenda_items_deferred_to_meeting_id_fkey" FOREIGN KEY ("deferred_to_meeting_id") REFERENCES "meetings"("id") ON DELETE SET NULL ON UPDATE CASCADE;

