-- AlterTable
ALTER TABLE "users" ADD COLUMN     "calendar_feed_token_hash" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "users_calendar_feed_token_hash_key" ON "users"("calendar_feed_token_hash");

