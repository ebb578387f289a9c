import { Injectable } from '@nestjs/common';
import type { Client } from 'pg';
import { PrismaService, withPgTransaction, type Tx } from '@consilium/db';
import { OutboxTopic, type ReminderChangedPayload } from '@consilium/jobs';

/** A claimed domain row (recommendation signed off, treatment events changed). */
export interface OutboxRow {
  id: bigint;
  topic: string;
  payload: unknown;
  attempts: number;
}

/** A claimed `reminder.changed` row. */
export interface ReminderChangedRow {
  payload: ReminderChangedPayload;
}

/** The age of the oldest unrelayed row (null when there is none). */
export interface OutboxLagRow {
  lag: number | null;
}

/**
 * The outbox relay's statements. One placeholder style: positional `$n` with a values array,
 * through the pg pool/client (`query(text, values)`) and, inside the Prisma transaction that
 * schedules reminders, `$queryRawUnsafe`/`$executeRawUnsafe(text, ...values)` (bound parameters,
 * never spliced input).
 */
@Injectable()
export class OutboxRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Subscribes a dedicated connection to a notification channel (a fixed identifier, never input). */
  async listen(client: Client, channel: string): Promise<void> {
    await client.query(`LISTEN ${channel}`);
  }

  /**
   * Off the ORM (the hot path: one row per reminder): in one pg transaction, one statement claims
   * up to `limit` `reminder.changed` rows and marks them processed, `relay` runs on them, then the
   * commit. When `relay` throws, the transaction rolls back and the rows wait for the next try.
   */
  async relayReminderChanges(limit: number, relay: (rows: ReminderChangedRow[]) => Promise<void>): Promise<number> {
    return withPgTransaction(this.prisma.sql, async (client) => {
      const { rows } = await client.query<ReminderChangedRow>(
        `UPDATE outbox_events SET processed_at = now(), attempts = attempts + 1
          WHERE id IN (SELECT id FROM outbox_events WHERE processed_at IS NULL AND topic = $1 ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED)
          RETURNING payload`,
        [OutboxTopic.ReminderChanged, limit],
      );
      await relay(rows);
      return rows.length;
    });
  }

  /** Claims up to `limit` unprocessed rows of `topics` for the rest of the transaction (skipping rows other relays hold). */
  claimDomainRows(tx: Tx, topics: string[], limit: number): Promise<OutboxRow[]> {
    return tx.$queryRawUnsafe<OutboxRow[]>(
      `SELECT id, topic, payload, attempts FROM outbox_events
        WHERE processed_at IS NULL AND topic = ANY($1) ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`,
      topics,
      limit,
    );
  }

  async markProcessed(tx: Tx, ids: bigint[]): Promise<void> {
    await tx.$executeRawUnsafe(
      `UPDATE outbox_events SET processed_at = now(), attempts = attempts + 1 WHERE id = ANY($1::bigint[])`,
      ids,
    );
  }

  /** A failed try: counted with its error; processed (set aside) when `giveUp`. */
  async recordFailure(tx: Tx, id: bigint, error: string, giveUp: boolean): Promise<void> {
    await tx.$executeRawUnsafe(
      `UPDATE outbox_events SET attempts = attempts + 1, last_error = $1,
        processed_at = CASE WHEN $2 THEN now() ELSE NULL END WHERE id = $3`,
      error,
      giveUp,
      id,
    );
  }

  /** One row's work under a savepoint, so a failure rolls back that row only. */
  async savepoint(tx: Tx, step: 'SAVEPOINT' | 'RELEASE SAVEPOINT' | 'ROLLBACK TO SAVEPOINT'): Promise<void> {
    await tx.$executeRawUnsafe(`${step} outbox_row`);
  }

  /** Age in ms of the oldest unprocessed row of `topics` (null when none). */
  async lag(topics: string[]): Promise<OutboxLagRow | undefined> {
    const [row] = await this.prisma.$queryRawUnsafe<OutboxLagRow[]>(
      `SELECT (EXTRACT(EPOCH FROM now() - min(created_at)) * 1000)::float8 AS lag
        FROM outbox_events WHERE processed_at IS NULL AND topic = ANY($1)`,
      topics,
    );
    return row;
  }
}
