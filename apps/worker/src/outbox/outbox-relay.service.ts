import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Client } from 'pg';
import { APP_CONFIG, type AppConfig } from '@consilium/config';
import { PrismaService, type Tx } from '@consilium/db';
import { OutboxTopic } from '@consilium/jobs';
import { ReminderScheduler } from '../reminders/reminder-scheduler.service';
import { ReminderSweep } from '../reminders/reminder-sweep.service';
import { OutboxRepository, type OutboxRow } from './outbox.repository';

/** Poll period when the outbox is empty and no notification came (prisma/sql/outbox-notify.sql wakes the relay at commit). */
export const OUTBOX_POLL_MS = 200;
/** The channel prisma/sql/outbox-notify.sql notifies on. */
const OUTBOX_CHANNEL = 'consilium_outbox';
const LISTEN_RETRY_MS = 1_000;
const BATCH_SIZE = 500;
/** A domain row that keeps failing is set aside (processed, with its error) after this many tries. */
const MAX_ATTEMPTS = 10;
const TOPICS: string[] = [
  OutboxTopic.RecommendationSignedOff,
  OutboxTopic.TreatmentEventsChanged,
  OutboxTopic.ReminderChanged,
];
/** Topics that schedule reminders (through Prisma, in the claiming transaction). */
const DOMAIN_TOPICS: string[] = [OutboxTopic.RecommendationSignedOff, OutboxTopic.TreatmentEventsChanged];

/**
 * Moves outbox rows into their effects, claiming them with FOR UPDATE SKIP LOCKED so several
 * workers share the work: domain topics become Reminder rows (and `reminder.changed` rows) in the
 * claiming transaction; `reminder.changed` rows (relayed in a batch of their own, in plain SQL)
 * wake the due loop when a reminder is due now. A row is marked processed in the transaction
 * that relayed it: a crash before commit relays it again (idempotent).
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OutboxRelay.name);
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  /** A notification arrived since the last claim began: relay again before sleeping. */
  private notified = false;
  private listener: Client | undefined;
  private listenRetry: NodeJS.Timeout | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly prisma: PrismaService,
    private readonly scheduler: ReminderScheduler,
    private readonly outbox: OutboxRepository,
    private readonly due: ReminderSweep,
  ) {}

  onApplicationBootstrap(): void {
    this.running = true;
    this.loop = this.run();
    void this.listen();
  }

  async onModuleDestroy(): Promise<void> {
    this.running = false;
    clearTimeout(this.listenRetry);
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
    this.wake?.();
    await this.loop;
  }

  /** LISTENs for new outbox rows; on a lost connection, retries (the poll covers the gap). */
  private async listen(): Promise<void> {
    const client = new Client({
      connectionString: this.config.databaseUrl,
      connectionTimeoutMillis: 5_000,
      application_name: `consilium-${this.config.serviceInstance}-outbox`,
    });
    const lost = (reason: string): void => {
      if (this.listener !== client) return;
      this.listener = undefined;
      client.removeAllListeners();
      client.on('error', () => undefined);
      void client.end().catch(() => undefined);
      if (!this.running) return;
      this.logger.warn(
        `outbox notifications lost (${reason}); polling every ${OUTBOX_POLL_MS} ms, listening again in ${LISTEN_RETRY_MS} ms`,
      );
      this.listenRetry = setTimeout(() => void this.listen(), LISTEN_RETRY_MS);
    };
    this.listener = client;
    client.on('error', (error) => lost(error.message));
    client.on('end', () => lost('connection ended'));
    client.on('notification', () => {
      this.notified = true;
      this.wake?.();
    });
    try {
      await client.connect();
      await this.outbox.listen(client, OUTBOX_CHANNEL);
    } catch (error) {
      lost(error instanceof Error ? error.message : String(error));
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      this.notified = false;
      let relayed = 0;
      try {
        relayed = await this.relayOnce();
      } catch (error) {
        this.logger.warn(`outbox relay failed, retrying: ${error instanceof Error ? error.message : String(error)}`);
        await this.sleep(1_000);
        continue;
      }
      if (relayed < BATCH_SIZE && !this.notified) await this.sleep(OUTBOX_POLL_MS);
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

  /** Claims and relays one batch of each kind; returns the larger count (BATCH_SIZE: more are waiting). */
  async relayOnce(): Promise<number> {
    const domain = await this.relayDomainRows();
    return Math.max(domain, await this.relayReminderChanges());
  }

  /**
   * `reminder.changed` rows, off the ORM (the hot path: one row per reminder): one statement claims
   * a batch and marks it processed. A reminder is delivered by the due loop (ReminderSweep), which
   * reads PostgreSQL, not these rows: a row due now only wakes it, so it claims at once rather
   * than at its next poll.
   */
  private relayReminderChanges(): Promise<number> {
    return this.outbox.relayReminderChanges(BATCH_SIZE, async (rows) => {
      const now = Date.now();
      if (rows.some(({ payload }) => !payload.cancelled && payload.dueAt && Date.parse(payload.dueAt) <= now))
        this.due.wake();
    });
  }

  /** Domain rows schedule reminders in the claiming transaction (their `reminder.changed` rows relay next). */
  private async relayDomainRows(): Promise<number> {
    return this.prisma.$transaction(
      async (tx) => {
        const rows = await this.outbox.claimDomainRows(tx, DOMAIN_TOPICS, BATCH_SIZE);
        if (rows.length === 0) return 0;
        const done: bigint[] = [];
        for (const row of rows) if (await this.relayDomainRow(tx, row)) done.push(row.id);
        if (done.length > 0) await this.outbox.markProcessed(tx, done);
        return rows.length;
      },
      { timeout: 60_000, maxWait: 10_000 },
    );
  }

  /** Schedules reminders for a domain row under a savepoint; a failure is recorded, not fatal to the batch. */
  private async relayDomainRow(tx: Tx, row: OutboxRow): Promise<boolean> {
    await this.outbox.savepoint(tx, 'SAVEPOINT');
    try {
      const payload = row.payload as { recommendationId?: string; caseId?: string };
      if (row.topic === OutboxTopic.RecommendationSignedOff && payload.recommendationId)
        await this.scheduler.onSignedOff(tx, payload.recommendationId);
      else if (row.topic === OutboxTopic.TreatmentEventsChanged && payload.caseId)
        await this.scheduler.onTreatmentEventsChanged(tx, payload.caseId);
      await this.outbox.savepoint(tx, 'RELEASE SAVEPOINT');
      return true;
    } catch (error) {
      await this.outbox.savepoint(tx, 'ROLLBACK TO SAVEPOINT');
      const message = error instanceof Error ? error.message : String(error);
      const giveUp = row.attempts + 1 >= MAX_ATTEMPTS;
      this.logger.error(
        `outbox row ${row.id} (${row.topic}) failed (attempt ${row.attempts + 1}${giveUp ? ', giving up' : ''}): ${message}`,
      );
      await this.outbox.recordFailure(tx, row.id, message.slice(0, 2000), giveUp);
      return false;
    }
  }

  /** Age in ms of the oldest unrelayed row (0 when the outbox is empty): the outbox lag. */
  async lagMs(): Promise<number> {
    const row = await this.outbox.lag(TOPICS);
    return Math.max(0, Math.round(row?.lag ?? 0));
  }
}
