import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnModuleDestroy } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JobName, type AnyJob, type DeliverReminderPayload } from '@consilium/jobs';
import { QueueName } from '@consilium/jobs';
import { ReminderDelivery } from './reminder-delivery.service';
import { ReminderSweep } from './reminder-sweep.service';

/** Concurrent reminder jobs per worker process (cheap: their statements are shared, see ReminderDelivery). */
export const REMINDER_CONCURRENCY = 256;

/** At shutdown, the longest wait for the jobs in progress before the BullMQ worker is closed (issue 17). */
export const ACTIVE_JOBS_GRACE_MS = 10_000;

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
export class RemindersProcessor extends WorkerHost implements OnModuleDestroy {
  private readonly logger = new Logger(RemindersProcessor.name);
  /** Jobs in `process` now, and who waits for there to be none. */
  private active = 0;
  private readonly whenIdle: (() => void)[] = [];

  constructor(
    private readonly delivery: ReminderDelivery,
    private readonly sweep: ReminderSweep,
  ) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    const typed = { name: job.name, data: job.data as unknown } as AnyJob;
    this.active += 1;
    try {
      switch (typed.name) {
        case JobName.DeliverReminder:
          return await this.delivery.deliver(typed.data.reminderId, typed.data.reminderVersion, typed.data.requestId);
        case JobName.SweepDueReminders:
          return await this.sweep.sweepDue();
      }
    } finally {
      this.active -= 1;
      if (this.active === 0) for (const resolve of this.whenIdle.splice(0)) resolve();
    }
  }

  /**
   * Issue 17: BullMQ's own close (`worker.close()`, which Nest calls later) first disconnects the
   * blocking connection and waits for the worker's fetch loop to end; after a Redis Cluster master
   * restart that loop can be stuck reconnecting the blocking client, and the close then never
   * ends. So: stop fetching (pause without waiting), let the jobs in progress finish (up to
   * ACTIVE_JOBS_GRACE_MS), then close without waiting on that loop. A job still running then, or
   * fetched meanwhile, loses its lock and is taken over by another worker (every handler is safe to
   * run twice; see the options above).
   */
  async onModuleDestroy(): Promise<void> {
    const worker = this.worker;
    await worker.pause(true);
    if (this.active > 0) {
      const idle = new Promise<boolean>((resolve) => this.whenIdle.push(() => resolve(true)));
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), ACTIVE_JOBS_GRACE_MS);
      });
      const finished = await Promise.race([idle, timedOut]);
      clearTimeout(timer);
      if (!finished)
        this.logger.warn(`${this.active} reminder job(s) still running at shutdown: left to another worker`);
      // One turn of the event loop: BullMQ sends a finished job's move to completed (or failed) in
      // the microtasks after `process` returns, before the close below marks its connection as
      // closing; the shared client is quit later (main.ts), after that reply.
      await new Promise((resolve) => setImmediate(resolve));
    }
    await worker.close(true);
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
