-- AlterTable
ALTER TABLE "meetings" ADD COLUMN     "voting_open_until" TIMESTAMPTZ(3);

