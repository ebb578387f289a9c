import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { PrismaService, type Tx } from '@consilium/db';
import { OutboxTopic, QueueName, deliverReminderJob, type ReminderChangedPayload } from '@consilium/jobs';
import { ReminderScheduler } from '../reminders/reminder-scheduler.service';

/** Poll period when the outbox is empty: rows are relayed within about this long of commit. */
export const OUTBOX_POLL_MS = 200;
const BATCH_SIZE = 500;
/** A domain row that keeps failing is set aside (processed, with its error) after this many tries. */
const MAX_ATTEMPTS = 10;
const TOPICS: string[] = [OutboxTopic.RecommendationSignedOff, OutboxTopic.TreatmentEventsChanged, OutboxTopic.ReminderChanged];

interface OutboxRow {
  id: bigint;
  topic: string;
  payload: unknown;
  attempts: number;
}

/**
 * Moves outbox rows into their effects, claiming them with FOR UPDATE SKIP LOCKED so several
 * workers share the work: domain topics become Reminder rows (and `reminder.changed` rows) in the
 * claiming transaction; `reminder.changed` rows become delayed BullMQ jobs with the deterministic
 * id (reminder id + version), so a row relayed twice adds one job. A row is marked processed in
 * the transaction that relayed it: a crash before commit relays it again (idempotent).
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OutboxRelay.name);
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;

  constructor(
    private readonly prisma: PrismaService,
    private readonly scheduler: ReminderScheduler,
    @InjectQueue(QueueName.Reminders) private readonly queue: Queue,
  ) {}

  onApplicationBootstrap(): void {
    this.running = true;
    this.loop = this.run();
  }

  async onModuleDestroy(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let relayed = 0;
      try {
        relayed = await this.relayOnce();
      } catch (error) {
        this.logger.warn(`outbox relay failed, retrying: ${error instanceof Error ? error.message : String(error)}`);
        await this.sleep(1_000);
        continue;
      }
      if (relayed < BATCH_SIZE) await this.sleep(OUTBOX_POLL_MS);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  /** Claims and relays one batch; returns how many rows it took. */
  async relayOnce(): Promise<number> {
    return this.prisma.$transaction(
      async (tx) => {
        const rows = await tx.$queryRaw<OutboxRow[]>`SELECT id, topic, payload, attempts FROM outbox_events
          WHERE processed_at IS NULL AND topic = ANY(${TOPICS}) ORDER BY id LIMIT ${BATCH_SIZE} FOR UPDATE SKIP LOCKED`;
        if (rows.length === 0) return 0;
        const done: bigint[] = [];
        const jobs: ReturnType<typeof deliverReminderJob>[] = [];
        const now = Date.now();
        for (const row of rows) {
          if (row.topic === OutboxTopic.ReminderChanged) {
            const payload = row.payload as ReminderChangedPayload;
            if (!payload.cancelled && payload.dueAt) {
              jobs.push(deliverReminderJob(payload.reminderId, payload.version, Date.parse(payload.dueAt), now));
            }
            done.push(row.id);
          } else if (await this.relayDomainRow(tx, row)) {
            done.push(row.id);
          }
        }
        // Redis down: the add throws, the transaction rolls back, the rows wait for the next try.
        if (jobs.length > 0) await this.queue.addBulk(jobs);
        if (done.length > 0) await tx.$executeRaw`UPDATE outbox_events SET processed_at = now(), attempts = attempts + 1 WHERE id = ANY(${done}::bigint[])`;
        return rows.length;
      },
      { timeout: 60_000, maxWait: 10_000 },
    );
  }

  /** Schedules reminders for a domain row under a savepoint; a failure is recorded, not fatal to the batch. */
  private async relayDomainRow(tx: Tx, row: OutboxRow): Promise<boolean> {
    await tx.$executeRawUnsafe('SAVEPOINT outbox_row');
    try {
      const payload = row.payload as { recommendationId?: string; caseId?: string };
      if (row.topic === OutboxTopic.RecommendationSignedOff && payload.recommendationId) await this.scheduler.onSignedOff(tx, payload.recommendationId);
      else if (row.topic === OutboxTopic.TreatmentEventsChanged && payload.caseId) await this.scheduler.onTreatmentEventsChanged(tx, payload.caseId);
      await tx.$executeRawUnsafe('RELEASE SAVEPOINT outbox_row');
      return true;
    } catch (error) {
      await tx.$executeRawUnsafe('ROLLBACK TO SAVEPOINT outbox_row');
      const message = error instanceof Error ? error.message : String(error);
      const giveUp = row.attempts + 1 >= MAX_ATTEMPTS;
      this.logger.error(`outbox row ${row.id} (${row.topic}) failed (attempt ${row.attempts + 1}${giveUp ? ', giving up' : ''}): ${message}`);
      await tx.$executeRaw`UPDATE outbox_events SET attempts = attempts + 1, last_error = ${message.slice(0, 2000)},
        processed_at = CASE WHEN ${giveUp} THEN now() ELSE NULL END WHERE id = ${row.id}`;
      return false;
    }
  }

  /** Age in ms of the oldest unrelayed row (0 when the outbox is empty): the outbox lag. */
  async lagMs(): Promise<number> {
    const [row] = await this.prisma.$queryRaw<{ lag: number | null }[]>`SELECT (EXTRACT(EPOCH FROM now() - min(created_at)) * 1000)::float8 AS lag
      FROM outbox_events WHERE processed_at IS NULL AND topic = ANY(${TOPICS})`;
    return Math.max(0, Math.round(row?.lag ?? 0));
  }
}
