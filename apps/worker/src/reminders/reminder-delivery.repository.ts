import { Inject, Injectable } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import {
  SYSTEM_ACTOR,
  auditInsertSelect,
  writeAuditEventSql,
  type AuditEventInput,
  type AuditSource,
} from '@consilium/audit';
import { APP_CONFIG, type AppConfig } from '@consilium/config';
import { PrismaService, withPgTransaction } from '@consilium/db';
import type { CaseCore } from '@consilium/pathway';
import { mailSubject, type ReminderText } from './reminder-content';

/** The pool or a transaction's client. */
type Queryable = Pick<Pool | PoolClient, 'query'>;

/** A reminder as delivery reads it, with its case or meeting. */
export interface ReminderRow {
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

export interface Recipient {
  id: string;
  email: string;
}

/** A reminder and its recipients, read in one statement. */
export type ReminderTargetRow = ReminderRow & { recipients: Recipient[] };

/** A case on a meeting's agenda, as the pre-meeting digest shows it. */
export interface DigestCaseRow {
  reference: string;
  core: CaseCore;
  pathwayId: string | null;
  pathwayFacts: unknown;
  lastImagingDate: string | null;
  questionForBoard: string | null;
}

/** One reminder version's in-app deliveries, as one element of a coalesced INSERT. */
export interface InAppDelivery {
  reminder: ReminderRow;
  version: number;
  recipients: Recipient[];
  text: ReminderText;
  requestId: string | null;
}

/**
 * Reminders with their recipients. Treating clinicians: the case's referring clinician and the
 * clinicians who voted in the round that was signed off. Board coordinators: the board's members
 * with role COORDINATOR. Active users only; one delivery per person even when they are in both
 * audiences. The caller adds the WHERE clause.
 */
const TARGETS_SELECT = `SELECT r.id, r.kind, r.status, r.version, r.case_id, r.recommendation_id, r.meeting_id, r.milestone_code, r.due_at,
              r.window_start, r.window_end, r.audience::text AS audience, c.reference, c.patient_id,
              COALESCE(c.board_id, m.board_id) AS board_id, m.starts_at,
              COALESCE((SELECT json_agg(json_build_object('id', u.id, 'email', u.email) ORDER BY u.id) FROM users u
                 WHERE u.active AND (
                   ('TREATING_CLINICIANS' = ANY(r.audience::text[]) AND (u.id = c.referring_clinician_id
                      OR u.id IN (SELECT v.voter_id FROM votes v JOIN recommendations rc ON rc.id = v.recommendation_id AND v.round = rc.round WHERE rc.id = r.recommendation_id)))
                   OR ('BOARD_COORDINATORS' = ANY(r.audience::text[]) AND 'COORDINATOR' = ANY(u.roles)
                      AND u.id IN (SELECT bm.user_id FROM board_members bm WHERE bm.board_id = COALESCE(c.board_id, m.board_id))))), '[]'::json) AS recipients
         FROM reminders r LEFT JOIN cases c ON c.id = r.case_id LEFT JOIN meetings m ON m.id = r.meeting_id`;

/** Due SCHEDULED reminder versions not yet delivered in-app (no IN_APP log row for their version). */
const DUE_SELECT = `SELECT r.id FROM reminders r
  WHERE r.status = 'SCHEDULED' AND r.due_at <= now()
    AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.reminder_id = r.id AND d.reminder_version = r.version AND d.channel = 'IN_APP')`;

/**
 * Reminder delivery's statements, in plain SQL on the pg pool (`query(text, values)`, positional
 * `$n`): the hot path of the reminders bench, so each is one round trip shared by concurrent jobs.
 */
@Injectable()
export class ReminderDeliveryRepository {
  private readonly source: AuditSource;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly prisma: PrismaService,
  ) {
    this.source = { service: 'consilium-worker', instance: config.serviceInstance };
  }

  /** Reminders with their recipients (TARGETS_SELECT), in one statement. */
  async readTargets(ids: readonly string[]): Promise<ReminderTargetRow[]> {
    const { rows } = await this.prisma.sql.query<ReminderTargetRow>(`${TARGETS_SELECT} WHERE r.id = ANY($1::uuid[])`, [
      ids,
    ]);
    return rows;
  }

  /** Whether a due SCHEDULED reminder version awaits in-app delivery (what claimDue would claim, unlocked). */
  async anyDue(): Promise<boolean> {
    const { rows } = await this.prisma.sql.query<{ due: boolean }>(`SELECT EXISTS (${DUE_SELECT}) AS due`);
    return rows[0]?.due ?? false;
  }

  /**
   * Claims up to `limit` due SCHEDULED reminder versions not yet delivered in-app (no IN_APP log
   * row for their version), oldest due first, locking them FOR UPDATE SKIP LOCKED so several
   * workers (and several lanes of one) share them; `deliver` turns them into in-app deliveries,
   * which are written, with the DELIVERED mark of those without recipients, before the commit.
   * A crash before the commit releases the locks and leaves nothing written: exactly once.
   */
  async claimDue(
    limit: number,
    deliver: (rows: ReminderTargetRow[]) => Promise<InAppDelivery[]>,
  ): Promise<{ claimed: number; withRecipients: number }> {
    return withPgTransaction(this.prisma.sql, async (client) => {
      const { rows } = await client.query<ReminderTargetRow>(
        `WITH due AS (
           ${DUE_SELECT} ORDER BY r.due_at LIMIT $1 FOR UPDATE SKIP LOCKED
         )
         ${TARGETS_SELECT} WHERE r.id IN (SELECT id FROM due)`,
        [limit],
      );
      if (rows.length === 0) return { claimed: 0, withRecipients: 0 };
      const deliverAll = async (batch: ReminderTargetRow[]): Promise<number> => {
        const deliveries = await deliver(batch.filter((row) => row.recipients.length > 0));
        await this.writeInApp(deliveries, client);
        // Nobody to tell (no active recipient): done at once, as no e-mail will finish it.
        for (const { recipients, ...reminder } of batch)
          if (recipients.length === 0) await this.markDeliveredWith(client, reminder, reminder.version, [], undefined);
        return deliveries.length;
      };
      // One reminder that cannot be delivered must not hold back the batch it was claimed with:
      // the batch is retried one by one, and the one that fails alone becomes FAILED with its error.
      const savepoint = async <T>(
        work: () => Promise<T>,
      ): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> => {
        await client.query('SAVEPOINT claimed');
        try {
          const value = await work();
          await client.query('RELEASE SAVEPOINT claimed');
          return { ok: true, value };
        } catch (error) {
          await client.query('ROLLBACK TO SAVEPOINT claimed');
          return { ok: false, error };
        }
      };
      const all = rows.length === 1 ? undefined : await savepoint(() => deliverAll(rows));
      if (all?.ok) return { claimed: rows.length, withRecipients: all.value };
      let withRecipients = 0;
      for (const row of rows) {
        const one = await savepoint(() => deliverAll([row]));
        if (one.ok) withRecipients += one.value;
        else
          await client.query(
            `UPDATE reminders SET status = 'FAILED', last_error = $3, updated_at = now() WHERE id = $1::uuid AND version = $2 AND status = 'SCHEDULED'`,
            [row.id, row.version, (one.error instanceof Error ? one.error.message : String(one.error)).slice(0, 2000)],
          );
      }
      return { claimed: rows.length, withRecipients };
    });
  }

  /** The cases on a meeting's agenda, in agenda order. */
  async digestCases(meetingId: string | null): Promise<DigestCaseRow[]> {
    const { rows } = await this.prisma.sql.query<DigestCaseRow>(
      `SELECT c.reference, c.core, c.pathway_id AS "pathwayId", c.pathway_facts AS "pathwayFacts",
              to_char(c.last_imaging_date, 'YYYY-MM-DD') AS "lastImagingDate", c.question_for_board AS "questionForBoard"
         FROM agenda_items a JOIN cases c ON c.id = a.case_id WHERE a.meeting_id = $1::uuid ORDER BY a.position`,
      [meetingId],
    );
    return rows;
  }

  /**
   * In-app deliveries of several reminder versions in one statement: the log rows (ON CONFLICT: a
   * retry adds nothing), the notifications, the audit rows and the pending e-mails of the log rows
   * it inserted.
   */
  async writeInApp(deliveries: readonly InAppDelivery[], client: Queryable = this.prisma.sql): Promise<void> {
    const rows = deliveries.flatMap((delivery) =>
      delivery.recipients.map((recipient) => ({
        delivery,
        recipient,
        event: this.deliveryEvent(delivery.reminder, delivery.version, 'IN_APP', recipient.id, delivery.requestId),
      })),
    );
    const [first] = rows;
    if (!first) return;
    const audit = auditInsertSelect(this.source, first.event, 14, {
      entity_id: 'i.reminder_id::text',
      patient_id: 'i.patient_id',
      board_id: 'i.board_id',
      request_id: 'i.request_id',
      detail: 'i.detail',
    });
    const column = <T>(pick: (row: (typeof rows)[number]) => T): T[] => rows.map(pick);
    await client.query(
      `WITH i AS (
         SELECT * FROM unnest($1::uuid[], $2::int[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[], $9::uuid[], $10::uuid[], $11::jsonb[], $12::text[], $13::text[])
           AS t(reminder_id, version, recipient_id, case_id, kind, title, body, link, patient_id, board_id, detail, request_id, subject)
       ), d AS (
         INSERT INTO deliveries (reminder_id, reminder_version, channel, recipient_id, external_id)
         SELECT reminder_id, version, 'IN_APP', recipient_id, gen_random_uuid()::text FROM i
         ON CONFLICT (reminder_id, reminder_version, channel, recipient_id) DO NOTHING
         RETURNING reminder_id, reminder_version, recipient_id, external_id
       ), inserted AS (
         SELECT i.*, d.external_id FROM d JOIN i ON i.reminder_id = d.reminder_id AND i.version = d.reminder_version AND i.recipient_id = d.recipient_id
       ), n AS (
         INSERT INTO notifications (id, user_id, reminder_id, case_id, kind, title, body, link)
         SELECT i.external_id::uuid, i.recipient_id, i.reminder_id, i.case_id, i.kind::"ReminderKind", i.title, i.body, i.link FROM inserted i
       ), e AS (
         INSERT INTO reminder_emails (reminder_id, reminder_version, recipient_id, subject, body)
         SELECT i.reminder_id, i.version, i.recipient_id, i.subject, i.body FROM inserted i
         ON CONFLICT DO NOTHING
       ), audit AS (
         ${audit.sql} FROM inserted i
       )
       SELECT count(*) FROM d`,
      [
        column((row) => row.delivery.reminder.id),
        column((row) => row.delivery.version),
        column((row) => row.recipient.id),
        column((row) => row.delivery.reminder.case_id),
        column((row) => row.delivery.reminder.kind),
        column((row) => row.delivery.text.title),
        column((row) => row.delivery.text.body),
        column((row) => row.delivery.text.link),
        column((row) => row.delivery.reminder.patient_id),
        column((row) => row.delivery.reminder.board_id),
        column((row) => JSON.stringify(row.event.detail)),
        column((row) => row.delivery.requestId),
        column((row) => mailSubject(row.delivery.text)),
        ...audit.values,
      ],
    );
  }

  /** DELIVERED once every channel is done (one transaction); an escalation's alert is an audit event of its own. */
  async markDelivered(
    reminder: ReminderRow,
    version: number,
    recipients: readonly Recipient[],
    requestId: string | undefined,
  ): Promise<void> {
    await this.inTransaction((client) => this.markDeliveredWith(client, reminder, version, recipients, requestId));
  }

  private async markDeliveredWith(
    client: PoolClient,
    reminder: ReminderRow,
    version: number,
    recipients: readonly Recipient[],
    requestId: string | undefined,
  ): Promise<void> {
    const marked = await client.query(
      `UPDATE reminders SET status = 'DELIVERED', delivered_at = now(), last_error = NULL, updated_at = now()
        WHERE id = $1::uuid AND version = $2 AND status = 'SCHEDULED'`,
      [reminder.id, version],
    );
    if (marked.rowCount === 1 && reminder.kind === 'ESCALATION') {
      await writeAuditEventSql(client, this.source, {
        action: 'E',
        type: 'reminder.escalation',
        actor: { ...SYSTEM_ACTOR, requestId: requestId ?? null },
        entity: { type: 'reminder', id: reminder.id },
        patientId: reminder.patient_id,
        boardId: reminder.board_id,
        detail: { milestoneCode: reminder.milestone_code, version, recipients: recipients.map((r) => r.id) },
      });
    }
  }

  /** Marks a reminder whose job exhausted its retries as FAILED (the job stays visible as failed). */
  async markFailed(reminderId: string, version: number, message: string): Promise<void> {
    await this.prisma.sql.query(
      `UPDATE reminders SET status = 'FAILED', last_error = $3, updated_at = now() WHERE id = $1::uuid AND version = $2 AND status = 'SCHEDULED'`,
      [reminderId, version, message.slice(0, 2000)],
    );
  }

  private deliveryEvent(
    reminder: ReminderRow,
    version: number,
    channel: 'IN_APP' | 'EMAIL',
    recipientId: string,
    requestId: string | null,
  ): AuditEventInput {
    return {
      action: 'E',
      type: 'reminder.delivery',
      actor: { ...SYSTEM_ACTOR, requestId },
      entity: { type: 'reminder', id: reminder.id },
      patientId: reminder.patient_id,
      boardId: reminder.board_id,
      detail: { kind: reminder.kind, milestoneCode: reminder.milestone_code, version, channel, recipientId },
    };
  }

  private inTransaction(work: (client: PoolClient) => Promise<void>): Promise<void> {
    return withPgTransaction(this.prisma.sql, work);
  }
}
