import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JobName, type AnyJob, type DeliverReminderPayload, type SendReminderEmailsPayload } from '@consilium/jobs';
import { QueueName } from '@consilium/jobs';
import { ReminderDelivery } from './reminder-delivery.service';
import { ReminderSweep } from './reminder-sweep.service';

/** Concurrent reminder jobs per worker process (cheap: their statements are shared, see ReminderDelivery). */
export const REMINDER_CONCURRENCY = 64;
/** Concurrent e-mail jobs per worker process. */
export const MAIL_CONCURRENCY = 2;

/** Consumes the reminders queue: deliveries, and the due-reminder sweep when enqueued. */
@Processor(QueueName.Reminders, {
  concurrency: REMINDER_CONCURRENCY,
  // A crashed worker's active jobs are taken over after about this long...
  lockDuration: 10_000,
  stalledInterval: 5_000,
  // ...as often as it takes: every handler is safe to run twice.
  maxStalledCount: 20,
})
export class RemindersProcessor extends WorkerHost {
  private readonly logger = new Logger(RemindersProcessor.name);

  constructor(
    private readonly delivery: ReminderDelivery,
    private readonly sweep: ReminderSweep,
  ) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    const typed = { name: job.name, data: job.data as unknown } as AnyJob;
    switch (typed.name) {
      case JobName.DeliverReminder:
        return this.delivery.deliver(typed.data.reminderId, typed.data.reminderVersion, typed.data.requestId);
      case JobName.SweepDueReminders:
        return this.sweep.sweepDue();
      case JobName.SendReminderEmails:
        throw new Error(`job ${typed.name} does not belong on the ${QueueName.Reminders} queue`);
    }
  }

  /** A delivery that exhausted its retries: the reminder becomes FAILED; the job stays visible. */
  @OnWorkerEvent('failed')
  async onFailed(job: Job | undefined, error: Error): Promise<void> {
    if (!job || job.name !== JobName.DeliverReminder || job.attemptsMade < (job.opts.attempts ?? 1)) return;
    const data = job.data as DeliverReminderPayload;
    this.logger.error(`reminder ${data.reminderId} v${data.reminderVersion} failed after ${job.attemptsMade} attempts: ${error.message}`);
    await this.delivery.markFailed(data.reminderId, data.reminderVersion, error.message).catch(() => undefined);
  }
}

/**
 * Consumes the mail queue: the e-mails of a reminder version, apart from in-app delivery (few at
 * a time: each holds a database connection while its SMTP server answers).
 */
@Processor(QueueName.Mail, { concurrency: MAIL_CONCURRENCY, lockDuration: 30_000, stalledInterval: 10_000, maxStalledCount: 20 })
export class MailProcessor extends WorkerHost {
  private readonly logger = new Logger(MailProcessor.name);

  constructor(private readonly delivery: ReminderDelivery) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    const typed = { name: job.name, data: job.data as unknown } as AnyJob;
    switch (typed.name) {
      case JobName.SendReminderEmails:
        return this.delivery.sendEmailsOf(typed.data.reminders, typed.data.requestId);
      case JobName.DeliverReminder:
      case JobName.SweepDueReminders:
        throw new Error(`job ${typed.name} does not belong on the ${QueueName.Mail} queue`);
    }
  }

  /** A mail job that exhausted its retries: its reminders still undelivered become FAILED; the job stays visible. */
  @OnWorkerEvent('failed')
  async onFailed(job: Job | undefined, error: Error): Promise<void> {
    if (!job || job.name !== JobName.SendReminderEmails || job.attemptsMade < (job.opts.attempts ?? 1)) return;
    const { reminders } = job.data as SendReminderEmailsPayload;
    this.logger.error(`e-mails of ${reminders.length} reminder(s) failed after ${job.attemptsMade} attempts: ${error.message}`);
    for (const reminder of reminders) await this.delivery.markFailed(reminder.reminderId, reminder.reminderVersion, error.message).catch(() => undefined);
  }
}
