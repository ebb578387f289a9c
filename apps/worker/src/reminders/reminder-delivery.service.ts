import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@consilium/config';
import { Coalescer } from '@consilium/db';
import { caseReadinessOf } from '@consilium/pathway';
import { ReminderMailer } from './reminder-mailer.service';
import { digestText, milestoneText, type DigestCase, type ReminderText } from './reminder-content';
import {
  ReminderDeliveryRepository,
  type InAppDelivery,
  type Recipient,
  type ReminderRow,
} from './reminder-delivery.repository';

export type DeliveryOutcome = 'delivered' | 'skipped';

export { deliveryMessageId } from './reminder-mailer.service';

const dateOnly = (value: string | null): Date | null => (value ? new Date(`${value}T00:00:00.000Z`) : null);

/** A reminder as delivery needs it: the row and its recipients, read in one statement. */
interface Target {
  reminder: ReminderRow;
  recipients: Recipient[];
}

/** How many reads and in-app writes may be in flight at once; the rest wait and go together. */
const COALESCE = { concurrency: 2, maxBatch: 256 };

/**
 * Delivers reminder versions in-app, claimed in batches when due (`deliverDue`, ReminderSweep's
 * due loop) or one by one (`deliver`: a delivery job still in Redis from before the due loop) and hands their e-mails
 * to the mailer: the in-app notifications, their delivery-log rows, their audit rows and the
 * version's pending e-mails (reminder_emails) are one statement, so the e-mails exist exactly
 * when the in-app delivery does, and a retried job adds neither twice. The reminder stays
 * SCHEDULED until ReminderMailer has sent its e-mails and marks it DELIVERED; a crash in between
 * is repaired by the job's retry or the due sweep (in-app delivery is then a no-op) and by the
 * mailer's lapsing claims.
 *
 * The delivery log's unique key (reminder, version, channel, recipient) makes every channel
 * exactly once: in-app notifications commit with their log rows and audit rows in one statement;
 * an e-mail commits its log row only after the SMTP server accepted it (ReminderMailer).
 *
 * Concurrent jobs share their statements (Coalescer): the reads of many reminders are one SELECT,
 * their in-app deliveries one INSERT, so under load a delivery costs a fraction of a round trip.
 */
@Injectable()
export class ReminderDelivery {
  private readonly reads: Coalescer<string, Target | null>;
  private readonly inApp: Coalescer<InAppDelivery, undefined>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: ReminderDeliveryRepository,
    private readonly mailer: ReminderMailer,
  ) {
    this.reads = new Coalescer((ids) => this.readTargets(ids), COALESCE);
    this.inApp = new Coalescer(async (deliveries) => {
      await this.repository.writeInApp(deliveries);
      return deliveries.map(() => undefined);
    }, COALESCE);
  }

  /** In-app delivery of one reminder version, with its pending e-mails. */
  async deliver(reminderId: string, version: number, requestId?: string): Promise<DeliveryOutcome> {
    const target = await this.reads.submit(reminderId);
    // Cancelled, changed since this job was made, or already delivered: nothing to do.
    if (!target || target.reminder.status !== 'SCHEDULED' || target.reminder.version !== version) return 'skipped';
    const { reminder, recipients } = target;
    await this.inApp.submit({
      reminder,
      version,
      recipients,
      text: await this.text(reminder),
      requestId: requestId ?? null,
    });
    if (recipients.length === 0) {
      await this.repository.markDelivered(reminder, version, recipients, requestId);
      return 'delivered';
    }
    this.mailer.wake();
    return 'delivered';
  }

  /** Whether a due reminder version awaits in-app delivery (one statement, no lock). */
  anyDue(): Promise<boolean> {
    return this.repository.anyDue();
  }

  /**
   * Delivers in-app up to `limit` due reminder versions claimed from PostgreSQL in one transaction
   * (ReminderDeliveryRepository.claimDue: one claiming read, one INSERT of every notification,
   * log, audit row and pending e-mail), then wakes the mailer; returns how many were claimed.
   */
  async deliverDue(limit: number): Promise<number> {
    const { claimed, withRecipients } = await this.repository.claimDue(limit, async (rows) => {
      const deliveries: InAppDelivery[] = [];
      for (const { recipients, ...reminder } of rows)
        deliveries.push({
          reminder,
          version: reminder.version,
          recipients,
          text: await this.text(reminder),
          requestId: null,
        });
      return deliveries;
    });
    if (withRecipients > 0) this.mailer.wake();
    return claimed;
  }

  /** Reminders with their recipients (one statement, ReminderDeliveryRepository), in the order of `ids`. */
  private async readTargets(ids: readonly string[]): Promise<(Target | null)[]> {
    const rows = await this.repository.readTargets(ids);
    const byId = new Map(rows.map(({ recipients, ...reminder }) => [reminder.id, { reminder, recipients }]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /** Marks a reminder whose job exhausted its retries as FAILED (the job stays visible as failed). */
  async markFailed(reminderId: string, version: number, message: string): Promise<void> {
    await this.repository.markFailed(reminderId, version, message);
  }

  private async text(reminder: ReminderRow): Promise<ReminderText> {
    const base = this.config.http.publicBaseUrl;
    if (reminder.kind === 'MEETING_DIGEST') {
      const rows = await this.repository.digestCases(reminder.meeting_id);
      const cases: DigestCase[] = rows.map((row) => ({
        reference: row.reference,
        missing: caseReadinessOf(row).missing.map((item) => item.message),
      }));
      return digestText(reminder.meeting_id ?? '', reminder.starts_at ?? reminder.due_at, cases, base);
    }
    return milestoneText(
      {
        kind: reminder.kind,
        milestoneCode: reminder.milestone_code,
        caseId: reminder.case_id ?? '',
        caseReference: reminder.reference ?? 'a case',
        dueAt: reminder.due_at,
        windowStart: dateOnly(reminder.window_start),
        windowEnd: dateOnly(reminder.window_end),
      },
      base,
    );
  }
}
