import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JobName, type AnyJob, type DeliverReminderPayload } from '@consilium/jobs';
import { QueueName } from '@consilium/jobs';
import { ReminderDelivery } from './reminder-delivery.service';
import { ReminderSweep } from './reminder-sweep.service';

/** Concurrent reminder jobs per worker process (cheap: their statements are shared, see ReminderDelivery). */
export const REMINDER_CONCURRENCY = 256;

/** Consumes the reminders queue: deliveries, and the due-reminder sweep when enqueued. */
@Processor(QueueName.Reminders, {
  concurrency: REMINDER_CONCURRENCY,
  // A crashed worker's active jobs are taken over within about lockDuration + stalledInterval
  // (issue 17: reminder lateness p99 under 5 s through worker crashes). The lock is renewed every
  // lockDuration / 2; a job whose renewal a stalled event loop misses runs again, harmlessly...
  lockDuration: 3_000,
  stalledInterval: 1_000,
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
    }
  }

  /** A delivery that exhausted its retries: the reminder becomes FAILED; the job stays visible. */
  @OnWorkerEvent('failed')
  async onFailed(job: Job | undefined, error: Error): Promise<void> {
    if (!job || job.name !== JobName.DeliverReminder || job.attemptsMade < (job.opts.attempts ?? 1)) return;
    const data = job.data as DeliverReminderPayload;
    this.logger.error(
      `reminder ${data.reminderId} v${data.reminderVersion} failed after ${job.attemptsMade} attempts: ${error.message}`,
    );
    await this.delivery.markFailed(data.reminderId, data.reminderVersion, error.message).catch(() => undefined);
  }
}
