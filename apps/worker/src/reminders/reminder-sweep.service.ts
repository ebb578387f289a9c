import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { PrismaService } from '@consilium/db';
import { ReminderDelivery } from './reminder-delivery.service';
import { ReminderScheduler } from './reminder-scheduler.service';

/** When nothing woke it, the due loop looks for due reminders this often (PostgreSQL is the clock). */
export const DUE_POLL_MS = 250;
/** Reminder versions claimed per transaction (one read, one INSERT for all of them). */
export const DUE_CLAIM_BATCH = 256;
/** Claiming transactions in flight at once: one lane prepares its batch while the other's statements run. */
const DUE_LANES = 2;
/** After a failed claim (PostgreSQL away), the lane waits this long before the next. */
const RETRY_MS = 1_000;
/** How often upcoming meetings get their digest reminders (re)scheduled. */
export const DIGEST_SWEEP_INTERVAL_MS = 60_000;

/**
 * PostgreSQL is the source of truth and the clock: the due loop claims due SCHEDULED reminder
 * versions not yet delivered in-app, DUE_CLAIM_BATCH per transaction (FOR UPDATE SKIP LOCKED, so
 * workers and lanes share them), every DUE_POLL_MS or at once when the outbox relay saw one fall
 * due. No job per reminder: nothing Redis loses can hold a reminder back, and a worker killed
 * mid-claim leaves its batch to the next claim (the transaction dies with its connection).
 * Also schedules the pre-meeting digests.
 */
@Injectable()
export class ReminderSweep implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ReminderSweep.name);
  private digestTimer: NodeJS.Timeout | undefined;
  private digests: Promise<unknown> | undefined;
  private lanes: Promise<void>[] = [];
  private running = false;
  /** The waits of idle lanes; `wake` ends them all. */
  private readonly waiting = new Set<() => void>();

  constructor(
    private readonly prisma: PrismaService,
    private readonly scheduler: ReminderScheduler,
    private readonly delivery: ReminderDelivery,
  ) {}

  onApplicationBootstrap(): void {
    this.running = true;
    this.lanes = Array.from({ length: DUE_LANES }, (_lane, index) => this.lane(index));
    const digest = (): void => {
      if (!this.running) return;
      this.digests = this.prisma
        .$transaction((tx) => this.scheduler.scheduleMeetingDigests(tx, new Date()))
        .then(
          () => DIGEST_SWEEP_INTERVAL_MS,
          (error: unknown) => {
            // A busy pool at boot must not postpone the digests by a whole interval.
            this.logger.warn(`digest sweep failed: ${error instanceof Error ? error.message : String(error)}`);
            return RETRY_MS;
          },
        )
        .then((next) => {
          if (this.running) this.digestTimer = setTimeout(digest, next).unref();
        });
    };
    digest();
  }

  async onModuleDestroy(): Promise<void> {
    this.running = false;
    clearTimeout(this.digestTimer);
    this.wake();
    await Promise.all(this.lanes);
    await this.digests;
  }

  /** Reminders may be due now (the relay saw one): claim at once rather than at the next poll. */
  wake(): void {
    for (const end of [...this.waiting]) end();
  }

  /** Delivers due reminders until none is left to claim; returns how many were claimed. */
  async sweepDue(): Promise<number> {
    let total = 0;
    for (;;) {
      // Idle polls stay one cheap statement; the claiming transaction runs only when one is due.
      if (!(await this.delivery.anyDue())) return total;
      const claimed = await this.delivery.deliverDue(DUE_CLAIM_BATCH);
      total += claimed;
      if (claimed < DUE_CLAIM_BATCH || !this.running) return total;
      // A full batch: more may be due, so the other lanes claim alongside.
      this.wake();
    }
  }

  /** Lane 0 polls every DUE_POLL_MS; the others claim only when woken (a full batch, the relay). */
  private async lane(index: number): Promise<void> {
    while (this.running) {
      try {
        await this.sweepDue();
      } catch (error) {
        this.logger.warn(
          `delivering due reminders failed, retrying: ${error instanceof Error ? error.message : String(error)}`,
        );
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
      if (this.running) await this.waitForWork(index === 0 ? DUE_POLL_MS : undefined);
    }
  }

  private waitForWork(timeoutMs: number | undefined): Promise<void> {
    return new Promise<void>((resolve) => {
      const end = (): void => {
        clearTimeout(timer);
        this.waiting.delete(end);
        resolve();
      };
      const timer = timeoutMs === undefined ? undefined : setTimeout(end, timeoutMs);
      this.waiting.add(end);
    });
  }
}
