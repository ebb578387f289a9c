-- AlterTable
ALTER TABLE "cases" ADD COLUMN     "report_links" JSONB NOT NULL DEFAULT '[]';

-- AlterTable
ALTER TABLE "meetings" ADD COLUMN     "delegate_id" UUID;

-- AddForeignKey
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_delegate_id_fkey" FOREIGN KEY ("delegate_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

