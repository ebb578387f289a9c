import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '@consilium/config';
import { PrismaService } from '@consilium/db';
import {
  QueueName,
  deliverReminderJob,
  jobKey,
  reminderJobId,
  REDIS_CLIENT,
  type RedisConnection,
} from '@consilium/jobs';
import { ReminderScheduler } from './reminder-scheduler.service';
import { RemindersRepository } from './reminders.repository';

/** How often the sweep looks for reminders without a job. */
export const DUE_SWEEP_INTERVAL_MS = 2_000;
/** Reminders due within this much are checked too, so a Redis that lost its data is refilled ahead of time. */
export const DUE_SWEEP_LOOKAHEAD_MS = 10 * 60_000;
/** How often upcoming meetings get their digest reminders (re)scheduled. */
export const DIGEST_SWEEP_INTERVAL_MS = 60_000;
const SWEEP_BATCH = 5_000;

/**
 * PostgreSQL is the source of truth, Redis only the clock: every few seconds, each SCHEDULED
 * reminder due now (or soon) whose delivery job is missing from Redis (a lost delayed job, a
 * flushed or restarted Redis, a relay that crashed after commit) gets its job again, with the
 * same deterministic id. Also schedules the pre-meeting digests.
 */
@Injectable()
export class ReminderSweep implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ReminderSweep.name);
  private timers: NodeJS.Timeout[] = [];
  private inFlight = new Set<Promise<unknown>>();
  private stopped = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly prisma: PrismaService,
    @Inject(REDIS_CLIENT) private readonly redis: RedisConnection,
    private readonly scheduler: ReminderScheduler,
    private readonly reminders: RemindersRepository,
    @InjectQueue(QueueName.Reminders) private readonly queue: Queue,
  ) {}

  onApplicationBootstrap(): void {
    this.every(DUE_SWEEP_INTERVAL_MS, () => this.sweepDue());
    this.every(DIGEST_SWEEP_INTERVAL_MS, () =>
      this.prisma.$transaction((tx) => this.scheduler.scheduleMeetingDigests(tx, new Date())),
    );
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    await Promise.allSettled([...this.inFlight]);
  }

  /** Runs `task` now and then every `ms` after it finishes (never overlapping itself). */
  private every(ms: number, task: () => Promise<unknown>): void {
    const tick = (): void => {
      if (this.stopped) return;
      const run = task()
        .catch((error: unknown) =>
          this.logger.warn(`sweep failed: ${error instanceof Error ? error.message : String(error)}`),
        )
        .finally(() => {
          this.inFlight.delete(run);
          if (!this.stopped) this.timers.push(setTimeout(tick, ms).unref());
        });
      this.inFlight.add(run);
    };
    tick();
  }

  /** Re-enqueues SCHEDULED reminders due within the look-ahead whose job is not in Redis; returns how many. */
  async sweepDue(now = Date.now()): Promise<number> {
    const rows = await this.reminders.scheduledDueBy(new Date(now + DUE_SWEEP_LOOKAHEAD_MS), SWEEP_BATCH);
    if (rows.length === 0) return 0;
    const pipeline = this.redis.pipeline();
    for (const row of rows)
      pipeline.exists(jobKey(this.config.redisPrefix, QueueName.Reminders, reminderJobId(row.id, row.version)));
    const answers = (await pipeline.exec()) ?? [];
    const missing = rows.filter((_row, index) => answers[index]?.[1] === 0);
    if (missing.length === 0) return 0;
    await this.queue.addBulk(missing.map((row) => deliverReminderJob(row.id, row.version, row.due_at.getTime())));
    this.logger.warn(`re-enqueued ${missing.length} reminder job(s) missing from Redis`);
    return missing.length;
  }
}
