-- CreateEnum
CREATE TYPE "AgendaOutcome" AS ENUM ('DEFERRED', 'MORE_INFORMATION', 'REFERRED_ELSEWHERE');

-- AlterTable
ALTER TABLE "meetings" ADD COLUMN     "presented_item_id" UUID;

-- AlterTable
ALTER TABLE "agenda_items" ADD COLUMN     "deferred_to_meeting_id" UUID,
ADD COLUMN     "discussion_notes" TEXT,
ADD COLUMN     "outcome" "AgendaOutcome",
ADD COLUMN     "outcome_detail" TEXT,
ADD COLUMN     "outcome_recorded_at" TIMESTAMPTZ(3);

-- AddForeignKey
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_presented_item_id_fkey" FOREIGN KEY ("presented_item_id") REFERENCES "agenda_items"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "agenda_items" ADD CONSTRAINT "agenda_items_deferred_to_meeting_id_fkey" FOREIGN KEY ("deferred_to_meeting_id") REFERENCES "meetings"("id") ON DELETE SET NULL ON UPDATE CASCADE;

