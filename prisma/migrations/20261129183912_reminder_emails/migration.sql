-- CreateTable
CREATE TABLE "reminder_emails" (
    "reminder_id" UUID NOT NULL,
    "reminder_version" INTEGER NOT NULL,
    "recipient_id" UUID NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "not_before" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "claimed_by" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "reminder_emails_pkey" PRIMARY KEY ("reminder_id","reminder_version","recipient_id")
);

-- CreateIndex
CREATE INDEX "reminder_emails_not_before_idx" ON "reminder_emails"("not_before");

-- AddForeignKey
ALTER TABLE "reminder_emails" ADD CONSTRAINT "reminder_emails_reminder_id_fkey" FOREIGN KEY ("reminder_id") REFERENCES "reminders"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reminder_emails" ADD CONSTRAINT "reminder_emails_recipient_id_fkey" FOREIGN KEY ("recipient_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Reminder versions already delivered in-app whose e-mails were waiting in the retired BullMQ
-- mail queue: their e-mails become rows here (the text of the in-app notification, the subject
-- as mailSubject words it), so an upgrade loses none.
INSERT INTO "reminder_emails" ("reminder_id", "reminder_version", "recipient_id", "subject", "body")
SELECT d."reminder_id", d."reminder_version", d."recipient_id", '[Consilium] ' || n."title", n."body"
  FROM "deliveries" d
  JOIN "reminders" r ON r."id" = d."reminder_id" AND r."version" = d."reminder_version" AND r."status" = 'SCHEDULED'
  JOIN "notifications" n ON n."id"::text = d."external_id"
 WHERE d."channel" = 'IN_APP'
   AND NOT EXISTS (SELECT 1 FROM "deliveries" e WHERE e."reminder_id" = d."reminder_id" AND e."reminder_version" = d."reminder_version" AND e."channel" = 'EMAIL' AND e."recipient_id" = d."recipient_id");
