import { Inject, Injectable, Logger } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { SYSTEM_ACTOR, writeAuditEventSql, type AuditSource } from '@consilium/audit';
import { APP_CONFIG, type AppConfig } from '@consilium/config';
import { PrismaService, readinessChecklist, type ReadinessInput } from '@consilium/db';
import { MailSender } from '../notifications/mail.sender';
import { digestText, mailSubject, milestoneText, type DigestCase, type ReminderText } from './reminder-content';

export type DeliveryOutcome = 'delivered' | 'skipped';

interface ReminderRow {
  id: string;
  kind: 'MILESTONE' | 'ESCALATION' | 'MEETING_DIGEST';
  status: string;
  version: number;
  case_id: string | null;
  recommendation_id: string | null;
  meeting_id: string | null;
  milestone_code: string | null;
  due_at: Date;
  window_start: string | null;
  window_end: string | null;
  audience: string;
  reference: string | null;
  patient_id: string | null;
  board_id: string | null;
  starts_at: Date | null;
}

interface Recipient {
  id: string;
  email: string;
}

/** Raised when some e-mails of a reminder could not be sent: the job is retried (sent ones are not resent). */
export class ReminderSendError extends Error {
  constructor(reminderId: string, failures: readonly string[], options?: ErrorOptions) {
    super(`reminder ${reminderId}: ${failures.length} e-mail(s) not sent: ${failures.join('; ')}`, options);
    this.name = 'ReminderSendError';
  }
}

/** Delivery key as SMTP Message-ID: a resend after a crash carries the same id. */
export const deliveryMessageId = (reminderId: string, version: number, recipientId: string): string => `<reminder.${reminderId}.v${version}.${recipientId}@consilium>`;

const dateOnly = (value: string | null): Date | null => (value ? new Date(`${value}T00:00:00.000Z`) : null);

/**
 * Delivers one reminder version to its audience, in-app and by e-mail. The delivery log's unique
 * key (reminder, version, channel, recipient) is inserted first in each delivery's transaction:
 * in-app notifications commit with their log rows (exactly once); an e-mail commits its log row
 * only after the SMTP server accepted it, and a send failure rolls it back so the retry sends.
 * A crash after the server accepted a mail and before the commit resends it on retry (at least
 * once): the Message-ID, derived from the delivery key, lets the receiver recognise the copy.
 */
@Injectable()
export class ReminderDelivery {
  private readonly logger = new Logger(ReminderDelivery.name);
  private readonly source: AuditSource;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly prisma: PrismaService,
    private readonly mail: MailSender,
  ) {
    this.source = { service: 'consilium-worker', instance: config.serviceInstance };
  }

  async deliver(reminderId: string, version: number, requestId?: string): Promise<DeliveryOutcome> {
    const pool = this.prisma.sql;
    const { rows } = await pool.query<ReminderRow>(
      `SELECT r.id, r.kind, r.status, r.version, r.case_id, r.recommendation_id, r.meeting_id, r.milestone_code, r.due_at,
              r.window_start, r.window_end, r.audience::text AS audience, c.reference, c.patient_id,
              COALESCE(c.board_id, m.board_id) AS board_id, m.starts_at
         FROM reminders r LEFT JOIN cases c ON c.id = r.case_id LEFT JOIN meetings m ON m.id = r.meeting_id
        WHERE r.id = $1::uuid`,
      [reminderId],
    );
    const reminder = rows[0];
    // Cancelled, changed since this job was made, or already delivered: nothing to do.
    if (!reminder || reminder.status !== 'SCHEDULED' || reminder.version !== version) return 'skipped';

    const recipients = await this.recipients(reminder);
    const text = await this.text(reminder);
    const actor = { ...SYSTEM_ACTOR, requestId: requestId ?? null };
    const audit = (client: PoolClient, channel: string, recipientId: string) =>
      writeAuditEventSql(client, this.source, {
        action: 'E',
        type: 'reminder.delivery',
        actor,
        entity: { type: 'reminder', id: reminder.id },
        patientId: reminder.patient_id,
        boardId: reminder.board_id,
        detail: { kind: reminder.kind, milestoneCode: reminder.milestone_code, version, channel, recipientId },
      });

    // In-app: log rows and notifications in one transaction (ON CONFLICT: a retry adds nothing).
    await this.inTransaction(async (client) => {
      const inserted = await client.query<{ user_id: string }>(
        `WITH d AS (
           INSERT INTO deliveries (reminder_id, reminder_version, channel, recipient_id, external_id)
           SELECT $1::uuid, $2, 'IN_APP', u, gen_random_uuid()::text FROM unnest($3::uuid[]) AS u
           ON CONFLICT (reminder_id, reminder_version, channel, recipient_id) DO NOTHING
           RETURNING recipient_id, external_id)
         INSERT INTO notifications (id, user_id, reminder_id, case_id, kind, title, body, link)
         SELECT d.external_id::uuid, d.recipient_id, $1::uuid, $4::uuid, $5::"ReminderKind", $6, $7, $8 FROM d
         RETURNING user_id`,
        [reminder.id, version, recipients.map((r) => r.id), reminder.case_id, reminder.kind, text.title, text.body, text.link],
      );
      for (const row of inserted.rows) await audit(client, 'IN_APP', row.user_id);
    });

    // E-mail: one transaction per recipient, the log row committed only after the send.
    const failures: string[] = [];
    let lastError: unknown;
    for (const recipient of recipients) {
      try {
        await this.inTransaction(async (client) => {
          const messageId = deliveryMessageId(reminder.id, version, recipient.id);
          const claimed = await client.query(
            `INSERT INTO deliveries (reminder_id, reminder_version, channel, recipient_id, external_id) VALUES ($1::uuid, $2, 'EMAIL', $3::uuid, $4)
             ON CONFLICT (reminder_id, reminder_version, channel, recipient_id) DO NOTHING RETURNING id`,
            [reminder.id, version, recipient.id, messageId],
          );
          if (claimed.rowCount === 0) return; // sent before (a retry)
          await audit(client, 'EMAIL', recipient.id);
          await this.mail.send({ to: recipient.email, subject: mailSubject(text), text: text.body, messageId });
        });
      } catch (error) {
        lastError = error;
        failures.push(`${recipient.id}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (failures.length > 0) {
      await pool.query('UPDATE reminders SET last_error = $3 WHERE id = $1::uuid AND version = $2', [reminder.id, version, failures.join('; ').slice(0, 2000)]);
      throw new ReminderSendError(reminder.id, failures, { cause: lastError });
    }

    await this.inTransaction(async (client) => {
      const marked = await client.query(
        `UPDATE reminders SET status = 'DELIVERED', delivered_at = now(), last_error = NULL, updated_at = now()
          WHERE id = $1::uuid AND version = $2 AND status = 'SCHEDULED'`,
        [reminder.id, version],
      );
      if (marked.rowCount === 1 && reminder.kind === 'ESCALATION') {
        await writeAuditEventSql(client, this.source, {
          action: 'E',
          type: 'reminder.escalation',
          actor,
          entity: { type: 'reminder', id: reminder.id },
          patientId: reminder.patient_id,
          boardId: reminder.board_id,
          detail: { milestoneCode: reminder.milestone_code, version, recipients: recipients.map((r) => r.id) },
        });
      }
    });
    return 'delivered';
  }

  /** Marks a reminder whose job exhausted its retries as FAILED (the job stays visible as failed). */
  async markFailed(reminderId: string, version: number, message: string): Promise<void> {
    await this.prisma.sql.query(`UPDATE reminders SET status = 'FAILED', last_error = $3, updated_at = now() WHERE id = $1::uuid AND version = $2 AND status = 'SCHEDULED'`, [reminderId, version, message.slice(0, 2000)]);
  }

  /**
   * Treating clinicians: the case's referring clinician and the clinicians who voted in the round
   * that was signed off. Board coordinators: the board's members with role COORDINATOR. Active
   * users only; one delivery per person even when they are in both audiences.
   */
  private async recipients(reminder: ReminderRow): Promise<Recipient[]> {
    const audience = reminder.audience;
    const { rows } = await this.prisma.sql.query<Recipient>(
      `SELECT DISTINCT u.id, u.email FROM users u
        WHERE u.active AND (
          ($1 AND (u.id = (SELECT referring_clinician_id FROM cases WHERE id = $2::uuid)
                   OR u.id IN (SELECT v.voter_id FROM votes v JOIN recommendations r ON r.id = v.recommendation_id AND v.round = r.round WHERE r.id = $3::uuid)))
          OR ($4 AND 'COORDINATOR' = ANY(u.roles) AND u.id IN (SELECT user_id FROM board_members WHERE board_id = $5::uuid)))
        ORDER BY u.id`,
      [audience.includes('TREATING_CLINICIANS'), reminder.case_id, reminder.recommendation_id, audience.includes('BOARD_COORDINATORS'), reminder.board_id],
    );
    return rows;
  }

  private async text(reminder: ReminderRow): Promise<ReminderText> {
    const base = this.config.http.publicBaseUrl;
    if (reminder.kind === 'MEETING_DIGEST') {
      const { rows } = await this.prisma.sql.query<ReadinessInput & { reference: string }>(
        `SELECT c.reference, c.mmr::text AS mmr, c.kras::text AS kras, c.nras::text AS nras, c.braf::text AS braf, c.dpd::text AS dpd, c.ecog,
                c.last_imaging_date AS "lastImagingDate", c.question_for_board AS "questionForBoard",
                (SELECT count(*)::int FROM metastases x WHERE x.case_id = c.id) AS "metastasisCount",
                (SELECT count(*)::int FROM metastases x WHERE x.case_id = c.id AND x.resectability IS NULL) AS "metastasesWithoutCall"
           FROM agenda_items a JOIN cases c ON c.id = a.case_id WHERE a.meeting_id = $1::uuid ORDER BY a.position`,
        [reminder.meeting_id],
      );
      const cases: DigestCase[] = rows.map((row) => ({ reference: row.reference, missing: readinessChecklist(row).missing.map((item) => item.message) }));
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

  private async inTransaction(work: (client: PoolClient) => Promise<void>): Promise<void> {
    const client = await this.prisma.sql.connect();
    try {
      await client.query('BEGIN');
      await work(client);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}
