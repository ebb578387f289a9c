import { Inject, Injectable } from '@nestjs/common';
import {
  SYSTEM_ACTOR,
  auditInsertSelect,
  writeAuditEventSql,
  type AuditEventInput,
  type AuditSource,
} from '@consilium/audit';
import { APP_CONFIG, type AppConfig } from '@consilium/config';
import { PrismaService, withPgTransaction } from '@consilium/db';
import { deliveryMessageId } from './reminder-content';

/** One claimed row of reminder_emails, with what sending and logging it need. */
export interface ClaimedEmailRow {
  reminder_id: string;
  reminder_version: number;
  recipient_id: string;
  subject: string;
  body: string;
  attempts: number;
  email: string;
  /** The reminder is still SCHEDULED at this version and the recipient active: otherwise dropped unsent. */
  current: boolean;
  kind: string;
  milestone_code: string | null;
  patient_id: string | null;
  board_id: string | null;
}

/** A reminder version the finishing transaction marked DELIVERED. */
export interface DeliveredReminderRow {
  id: string;
  version: number;
  kind: string;
  milestone_code: string | null;
  recipients: string[];
}

/** A finished e-mail: sent (logged as delivered) or dropped unsent. */
export interface FinishedEmail {
  email: ClaimedEmailRow;
  sent: boolean;
}

type EmailKey = Pick<ClaimedEmailRow, 'reminder_id' | 'reminder_version' | 'recipient_id'>;

/**
 * The reminder mailer's statements, in plain SQL on the pg pool (`query(text, values)`, positional
 * `$n`): claims, renewals, releases, failures and the finishing transaction of a batch.
 */
@Injectable()
export class ReminderMailerRepository {
  private readonly source: AuditSource;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly prisma: PrismaService,
  ) {
    this.source = { service: 'consilium-worker', instance: config.serviceInstance };
  }

  /** Claims up to `limit` due e-mails for `claimant` for `claimMs` (FOR UPDATE SKIP LOCKED: workers share the rows). */
  async claim(claimant: string, limit: number, claimMs: number): Promise<ClaimedEmailRow[]> {
    const { rows } = await this.prisma.sql.query<ClaimedEmailRow>(
      `WITH picked AS (
         SELECT reminder_id, reminder_version, recipient_id FROM reminder_emails
          WHERE not_before <= now() ORDER BY not_before LIMIT $2 FOR UPDATE SKIP LOCKED
       ), claimed AS (
         UPDATE reminder_emails e SET not_before = now() + $3 * interval '1 millisecond', claimed_by = $1, attempts = e.attempts + 1
           FROM picked p WHERE e.reminder_id = p.reminder_id AND e.reminder_version = p.reminder_version AND e.recipient_id = p.recipient_id
         RETURNING e.reminder_id, e.reminder_version, e.recipient_id, e.subject, e.body, e.attempts
       )
       SELECT c.*, u.email, (u.active AND r.status = 'SCHEDULED' AND r.version = c.reminder_version) AS current,
              r.kind::text AS kind, r.milestone_code, cs.patient_id, COALESCE(cs.board_id, m.board_id) AS board_id
         FROM claimed c JOIN users u ON u.id = c.recipient_id JOIN reminders r ON r.id = c.reminder_id
         LEFT JOIN cases cs ON cs.id = r.case_id LEFT JOIN meetings m ON m.id = r.meeting_id`,
      [claimant, limit, claimMs],
    );
    return rows;
  }

  /** Hands claimed e-mails back at once (due now, unclaimed). */
  async releaseClaims(claimant: string, emails: readonly EmailKey[]): Promise<void> {
    await this.prisma.sql.query(
      `UPDATE reminder_emails SET not_before = now(), claimed_by = NULL WHERE claimed_by = $1 AND (reminder_id, reminder_version, recipient_id) IN (SELECT * FROM unnest($2::uuid[], $3::int[], $4::uuid[]))`,
      [
        claimant,
        emails.map((email) => email.reminder_id),
        emails.map((email) => email.reminder_version),
        emails.map((email) => email.recipient_id),
      ],
    );
  }

  /** Moves the held claims' end `claimMs` ahead; rows being finished right now are skipped, never waited for. */
  async renewClaims(claimant: string, held: readonly EmailKey[], claimMs: number): Promise<void> {
    await this.prisma.sql.query(
      `UPDATE reminder_emails e SET not_before = now() + $5 * interval '1 millisecond'
         FROM (SELECT reminder_id, reminder_version, recipient_id FROM reminder_emails
                WHERE claimed_by = $1 AND (reminder_id, reminder_version, recipient_id) IN (SELECT * FROM unnest($2::uuid[], $3::int[], $4::uuid[]))
                FOR UPDATE SKIP LOCKED) h
        WHERE e.reminder_id = h.reminder_id AND e.reminder_version = h.reminder_version AND e.recipient_id = h.recipient_id`,
      [
        claimant,
        held.map((email) => email.reminder_id),
        held.map((email) => email.reminder_version),
        held.map((email) => email.recipient_id),
        claimMs,
      ],
    );
  }

  /** The e-mail is given up and its reminder version becomes FAILED with the error. */
  async giveUp(email: EmailKey, error: string): Promise<void> {
    await this.prisma.sql.query(
      `WITH gone AS (DELETE FROM reminder_emails WHERE reminder_id = $1::uuid AND reminder_version = $2 AND recipient_id = $3::uuid)
       UPDATE reminders SET status = 'FAILED', last_error = $4, updated_at = now() WHERE id = $1::uuid AND version = $2 AND status = 'SCHEDULED'`,
      [email.reminder_id, email.reminder_version, email.recipient_id, error],
    );
  }

  /** The e-mail is retried (by any worker) after `backoffMs`; the error is kept on it and on the reminder. */
  async retryLater(email: EmailKey, error: string, backoffMs: number): Promise<void> {
    await this.prisma.sql.query(
      `WITH retry AS (
         UPDATE reminder_emails SET claimed_by = NULL, not_before = now() + $5 * interval '1 millisecond', last_error = $4
          WHERE reminder_id = $1::uuid AND reminder_version = $2 AND recipient_id = $3::uuid
       )
       UPDATE reminders SET last_error = $4 WHERE id = $1::uuid AND version = $2 AND status = 'SCHEDULED'`,
      [email.reminder_id, email.reminder_version, email.recipient_id, `${email.recipient_id}: ${error}`, backoffMs],
    );
  }

  /**
   * Logs a batch of finished e-mails in one transaction of two statements: the first locks the
   * reminder rows, then deletes the pending rows and writes the EMAIL delivery rows (ON CONFLICT:
   * a resend logs nothing twice) with their audit rows; the second marks DELIVERED every reminder
   * version with no e-mail left (and writes an escalation's own audit event). The lock is taken
   * before any row is touched (`f` waits for `locked`, an InitPlan run before its first row) and
   * held to the commit, and the second statement reads a snapshot taken after it: of two workers
   * finishing the last two e-mails of one reminder, the one that locks second sees the other's
   * deletion committed, so they cannot both miss each other's.
   */
  async finish(batch: readonly FinishedEmail[]): Promise<void> {
    const [first] = batch;
    if (!first) return;
    await withPgTransaction(this.prisma.sql, async (client) => {
      const reminderIds = [...new Set(batch.map((each) => each.email.reminder_id))].sort();
      const audit = auditInsertSelect(this.source, this.deliveryEvent(first.email), 10, {
        entity_id: 'f.reminder_id::text',
        patient_id: 'f.patient_id',
        board_id: 'f.board_id',
        detail: 'f.detail',
      });
      const column = <T>(pick: (each: FinishedEmail) => T): T[] => batch.map(pick);
      await client.query(
        `WITH locked AS (
           SELECT 1 FROM reminders WHERE id = ANY($9::uuid[]) ORDER BY id FOR UPDATE
         ), f AS MATERIALIZED (
           SELECT * FROM unnest($1::uuid[], $2::int[], $3::uuid[], $4::text[], $5::bool[], $6::uuid[], $7::uuid[], $8::jsonb[])
             AS t(reminder_id, version, recipient_id, message_id, sent, patient_id, board_id, detail)
            WHERE (SELECT count(*) FROM locked) >= 0
         ), gone AS (
           DELETE FROM reminder_emails e USING f WHERE e.reminder_id = f.reminder_id AND e.reminder_version = f.version AND e.recipient_id = f.recipient_id
         ), d AS (
           INSERT INTO deliveries (reminder_id, reminder_version, channel, recipient_id, external_id)
           SELECT reminder_id, version, 'EMAIL', recipient_id, message_id FROM f WHERE sent
           ON CONFLICT (reminder_id, reminder_version, channel, recipient_id) DO NOTHING
           RETURNING reminder_id, reminder_version, recipient_id
         ), audit AS (
           ${audit.sql} FROM d JOIN f ON f.reminder_id = d.reminder_id AND f.version = d.reminder_version AND f.recipient_id = d.recipient_id
         )
         SELECT count(*) FROM d`,
        [
          column((each) => each.email.reminder_id),
          column((each) => each.email.reminder_version),
          column((each) => each.email.recipient_id),
          column((each) =>
            deliveryMessageId(each.email.reminder_id, each.email.reminder_version, each.email.recipient_id),
          ),
          column((each) => each.sent),
          column((each) => each.email.patient_id),
          column((each) => each.email.board_id),
          column((each) => JSON.stringify(this.deliveryEvent(each.email).detail)),
          reminderIds,
          ...audit.values,
        ],
      );
      const versions = [
        ...new Map(
          batch.map((each) => [`${each.email.reminder_id}.${each.email.reminder_version}`, each.email]),
        ).values(),
      ];
      const { rows: delivered } = await client.query<DeliveredReminderRow>(
        `UPDATE reminders r SET status = 'DELIVERED', delivered_at = now(), last_error = NULL, updated_at = now()
           FROM unnest($1::uuid[], $2::int[]) AS v(id, version)
          WHERE r.id = v.id AND r.version = v.version AND r.status = 'SCHEDULED'
            AND NOT EXISTS (SELECT 1 FROM reminder_emails e WHERE e.reminder_id = r.id AND e.reminder_version = r.version)
          RETURNING r.id, r.version, r.kind::text AS kind, r.milestone_code,
                    ARRAY(SELECT d.recipient_id::text FROM deliveries d WHERE d.reminder_id = r.id AND d.reminder_version = r.version AND d.channel = 'IN_APP' ORDER BY d.recipient_id) AS recipients`,
        [versions.map((email) => email.reminder_id), versions.map((email) => email.reminder_version)],
      );
      for (const reminder of delivered) {
        const email = versions.find((each) => each.reminder_id === reminder.id);
        if (reminder.kind !== 'ESCALATION' || !email) continue;
        await writeAuditEventSql(client, this.source, {
          action: 'E',
          type: 'reminder.escalation',
          actor: { ...SYSTEM_ACTOR, requestId: null },
          entity: { type: 'reminder', id: reminder.id },
          patientId: email.patient_id,
          boardId: email.board_id,
          detail: {
            milestoneCode: reminder.milestone_code,
            version: reminder.version,
            recipients: reminder.recipients,
          },
        });
      }
    });
  }

  private deliveryEvent(email: ClaimedEmailRow): AuditEventInput {
    return {
      action: 'E',
      type: 'reminder.delivery',
      actor: { ...SYSTEM_ACTOR, requestId: null },
      entity: { type: 'reminder', id: email.reminder_id },
      patientId: email.patient_id,
      boardId: email.board_id,
      detail: {
        kind: email.kind,
        milestoneCode: email.milestone_code,
        version: email.reminder_version,
        channel: 'EMAIL',
        recipientId: email.recipient_id,
      },
    };
  }
}
