import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { SYSTEM_ACTOR, auditInsertSelect, writeAuditEventSql, type AuditEventInput, type AuditSource } from '@consilium/audit';
import { APP_CONFIG, type AppConfig } from '@consilium/config';
import { Coalescer, PrismaService } from '@consilium/db';
import { MAIL_SEND_CONCURRENCY, MailSender } from '../notifications/mail.sender';

/** A claim lasts this long unless renewed: a crashed worker's e-mails are taken over after at most this. */
export const MAIL_CLAIM_MS = 3_000;
/** Claims are renewed this often while their e-mails are being sent. */
const MAIL_RENEW_MS = 1_000;
/** When nothing woke it, the mailer looks for e-mails (another worker's, lapsed claims, retries) this often. */
export const MAIL_POLL_MS = 250;
/** E-mails claimed per statement: a few rounds of sends, so a crash holds few of them. */
const MAIL_CLAIM_BATCH = 4 * MAIL_SEND_CONCURRENCY;
/** A send that failed this many times makes its reminder FAILED (as the delivery jobs' attempts do). */
export const MAIL_MAX_ATTEMPTS = 8;
/** Backoff after the n-th failed send: 1 s, 2 s, 4 s, ... (as DEFAULT_JOB_OPTIONS). */
const backoffMs = (attempts: number): number => 1_000 * 2 ** Math.max(0, attempts - 1);

/** Delivery key as SMTP Message-ID: a resend after a crash carries the same id. */
export const deliveryMessageId = (reminderId: string, version: number, recipientId: string): string => `<reminder.${reminderId}.v${version}.${recipientId}@consilium>`;

/** One claimed row of reminder_emails, with what sending and logging it need. */
interface ClaimedEmail {
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

interface Finished {
  email: ClaimedEmail;
  sent: boolean;
}

const keyOf = (email: Pick<ClaimedEmail, 'reminder_id' | 'reminder_version' | 'recipient_id'>): string => `${email.reminder_id}.${email.reminder_version}.${email.recipient_id}`;

/**
 * Sends reminder e-mails from `reminder_emails`, apart from in-app delivery so SMTP never holds
 * it up. MAIL_SEND_CONCURRENCY lanes keep that many sends in flight over the pooled transport;
 * they take e-mails from a local buffer refilled by one claiming statement (FOR UPDATE SKIP
 * LOCKED, so several workers share the rows) whenever it runs low. A claim moves the row's
 * `not_before` MAIL_CLAIM_MS ahead and is renewed every MAIL_RENEW_MS while held, so a worker
 * killed mid-batch holds its e-mails for at most MAIL_CLAIM_MS.
 *
 * Exactly once per channel, as before: an e-mail's EMAIL delivery row (the log's unique key) and
 * its audit row are written, and its pending row deleted, in one transaction after the SMTP
 * server accepted it, many e-mails per transaction (Coalescer). A crash between the accept and
 * that commit sends it again (at least once) under the same Message-ID, derived from the key.
 * The transaction that finds a reminder version's last e-mail done marks it DELIVERED; it locks
 * the reminder rows first, so two workers finishing the last two e-mails of one reminder cannot
 * both miss each other's.
 */
@Injectable()
export class ReminderMailer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ReminderMailer.name);
  private readonly source: AuditSource;
  /** Claim token of this process: a restarted worker must never renew its killed predecessor's claims. */
  private readonly claimant: string;
  private readonly finished: Coalescer<Finished, undefined>;
  private readonly buffer: ClaimedEmail[] = [];
  /** Claimed and not yet finished (buffered or being sent): renewed, released on shutdown. */
  private readonly held = new Map<string, ClaimedEmail>();
  private refilling: Promise<number> | undefined;
  private idle: Promise<void> | undefined;
  private endIdle: (() => void) | undefined;
  /** Set by `wake` while a claim may already have missed the rows that woke it. */
  private woken = false;
  private running = false;
  private lanes: Promise<void>[] = [];
  /** Sent e-mails whose log transaction is under way (waited for on shutdown). */
  private readonly logging = new Set<Promise<unknown>>();
  private renewal: NodeJS.Timeout | undefined;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly prisma: PrismaService,
    private readonly mail: MailSender,
  ) {
    this.source = { service: 'consilium-worker', instance: config.serviceInstance };
    this.claimant = `${config.serviceInstance}:${randomUUID().slice(0, 8)}`;
    this.finished = new Coalescer((batch) => this.finish(batch), { concurrency: 2, maxBatch: 256 });
  }

  onApplicationBootstrap(): void {
    this.running = true;
    this.lanes = Array.from({ length: MAIL_SEND_CONCURRENCY }, () => this.lane());
    this.renewal = setInterval(() => void this.renew(), MAIL_RENEW_MS);
    this.renewal.unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.running = false;
    clearInterval(this.renewal);
    this.wake();
    await Promise.all(this.lanes);
    await this.refilling;
    await Promise.allSettled([...this.logging]);
    // Buffered e-mails go back at once rather than after their claim lapses.
    const unsent = this.buffer.splice(0);
    if (unsent.length > 0) {
      await this.prisma.sql
        .query(`UPDATE reminder_emails SET not_before = now(), claimed_by = NULL WHERE claimed_by = $1 AND (reminder_id, reminder_version, recipient_id) IN (SELECT * FROM unnest($2::uuid[], $3::int[], $4::uuid[]))`, [
          this.claimant,
          unsent.map((email) => email.reminder_id),
          unsent.map((email) => email.reminder_version),
          unsent.map((email) => email.recipient_id),
        ])
        .catch(() => undefined);
    }
  }

  /** New e-mails were committed (in-app delivery in this process): claim them now rather than at the next poll. */
  wake(): void {
    this.woken = true;
    this.endIdle?.();
  }

  private async lane(): Promise<void> {
    while (this.running) {
      const email = await this.take();
      if (email) await this.send(email);
    }
  }

  /** The next claimed e-mail; refills the buffer ahead of need; undefined after an idle wait. */
  private async take(): Promise<ClaimedEmail | undefined> {
    const email = this.buffer.shift();
    if (this.buffer.length < MAIL_SEND_CONCURRENCY && this.running) void this.refill();
    if (email) return email;
    const claimed = await this.refill();
    if (claimed <= 0 && this.buffer.length === 0 && this.running) await this.waitForWork();
    return undefined;
  }

  private refill(): Promise<number> {
    this.refilling ??= this.claim()
      .catch((error: unknown) => {
        this.logger.warn(`claiming reminder e-mails failed, retrying: ${error instanceof Error ? error.message : String(error)}`);
        return -1;
      })
      .finally(() => (this.refilling = undefined));
    return this.refilling;
  }

  private waitForWork(): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    this.idle ??= new Promise<void>((resolve) => {
      const end = (): void => {
        clearTimeout(timer);
        this.idle = undefined;
        this.endIdle = undefined;
        resolve();
      };
      const timer = setTimeout(end, MAIL_POLL_MS);
      this.endIdle = end;
    });
    return this.idle;
  }

  /** Claims due e-mails into the buffer (one statement); returns how many. */
  private async claim(): Promise<number> {
    this.woken = false;
    const { rows } = await this.prisma.sql.query<ClaimedEmail>(
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
      [this.claimant, MAIL_CLAIM_BATCH, MAIL_CLAIM_MS],
    );
    for (const email of rows) {
      // Our own claim lapsed while we still hold it (an event loop stalled past a renewal): the
      // send under way stays the only one from this process.
      if (this.held.has(keyOf(email))) continue;
      this.held.set(keyOf(email), email);
      if (email.current) this.buffer.push(email);
      // Cancelled or rescheduled since, or the recipient deactivated: dropped unsent.
      else {
        const dropped = this.finished.submit({ email, sent: false }).then(() => this.held.delete(keyOf(email)), () => this.release(email));
        this.logging.add(dropped);
        void dropped.finally(() => this.logging.delete(dropped));
      }
    }
    return rows.length;
  }

  /**
   * Sends one e-mail; its logging is not waited for (the lane goes on to the next send while the
   * Coalescer gathers finished e-mails into one transaction), its claim is renewed until logged.
   */
  private async send(email: ClaimedEmail): Promise<void> {
    const messageId = deliveryMessageId(email.reminder_id, email.reminder_version, email.recipient_id);
    try {
      await this.mail.send({ to: email.email, subject: email.subject, text: email.body, messageId });
    } catch (error) {
      await this.failed(email, error instanceof Error ? error.message : String(error)).catch((failure: unknown) =>
        this.logger.warn(`recording a failed reminder e-mail failed: ${failure instanceof Error ? failure.message : String(failure)}`),
      );
      this.held.delete(keyOf(email));
      return;
    }
    const logged = this.finished.submit({ email, sent: true }).then(
      () => this.held.delete(keyOf(email)),
      (error: unknown) => {
        // Sent but not logged (PostgreSQL down): the claim lapses and the retry resends, same Message-ID.
        this.logger.warn(`logging a sent reminder e-mail failed: ${error instanceof Error ? error.message : String(error)}`);
        this.release(email);
      },
    );
    this.logging.add(logged);
    void logged.finally(() => this.logging.delete(logged));
  }

  /** Stops renewing a claim this process can no longer finish; it lapses within MAIL_CLAIM_MS. */
  private release(email: ClaimedEmail): void {
    this.held.delete(keyOf(email));
  }

  /**
   * A failed send: retried after a backoff (by any worker); after MAIL_MAX_ATTEMPTS the reminder
   * becomes FAILED with the error, and the e-mail is given up.
   */
  private async failed(email: ClaimedEmail, message: string): Promise<void> {
    const error = message.slice(0, 2000);
    if (email.attempts >= MAIL_MAX_ATTEMPTS) {
      this.logger.error(`e-mail of reminder ${email.reminder_id} v${email.reminder_version} failed after ${email.attempts} attempts: ${error}`);
      await this.prisma.sql.query(
        `WITH gone AS (DELETE FROM reminder_emails WHERE reminder_id = $1::uuid AND reminder_version = $2 AND recipient_id = $3::uuid)
         UPDATE reminders SET status = 'FAILED', last_error = $4, updated_at = now() WHERE id = $1::uuid AND version = $2 AND status = 'SCHEDULED'`,
        [email.reminder_id, email.reminder_version, email.recipient_id, error],
      );
      return;
    }
    await this.prisma.sql.query(
      `WITH retry AS (
         UPDATE reminder_emails SET claimed_by = NULL, not_before = now() + $5 * interval '1 millisecond', last_error = $4
          WHERE reminder_id = $1::uuid AND reminder_version = $2 AND recipient_id = $3::uuid
       )
       UPDATE reminders SET last_error = $4 WHERE id = $1::uuid AND version = $2 AND status = 'SCHEDULED'`,
      [email.reminder_id, email.reminder_version, email.recipient_id, `${email.recipient_id}: ${error}`, backoffMs(email.attempts)],
    );
  }

  /** Moves the held claims' end ahead; rows being finished right now are skipped, never waited for. */
  private async renew(): Promise<void> {
    if (this.held.size === 0) return;
    const held = [...this.held.values()];
    await this.prisma.sql
      .query(
        `UPDATE reminder_emails e SET not_before = now() + $5 * interval '1 millisecond'
           FROM (SELECT reminder_id, reminder_version, recipient_id FROM reminder_emails
                  WHERE claimed_by = $1 AND (reminder_id, reminder_version, recipient_id) IN (SELECT * FROM unnest($2::uuid[], $3::int[], $4::uuid[]))
                  FOR UPDATE SKIP LOCKED) h
          WHERE e.reminder_id = h.reminder_id AND e.reminder_version = h.reminder_version AND e.recipient_id = h.recipient_id`,
        [this.claimant, held.map((email) => email.reminder_id), held.map((email) => email.reminder_version), held.map((email) => email.recipient_id), MAIL_CLAIM_MS],
      )
      .catch((error: unknown) => this.logger.warn(`renewing reminder e-mail claims failed: ${error instanceof Error ? error.message : String(error)}`));
  }

  private deliveryEvent(email: ClaimedEmail): AuditEventInput {
    return {
      action: 'E',
      type: 'reminder.delivery',
      actor: { ...SYSTEM_ACTOR, requestId: null },
      entity: { type: 'reminder', id: email.reminder_id },
      patientId: email.patient_id,
      boardId: email.board_id,
      detail: { kind: email.kind, milestoneCode: email.milestone_code, version: email.reminder_version, channel: 'EMAIL', recipientId: email.recipient_id },
    };
  }

  /**
   * Logs a batch of finished e-mails in one transaction: pending rows deleted, EMAIL delivery rows
   * (ON CONFLICT: a resend logs nothing twice) with their audit rows, then DELIVERED for every
   * reminder version with no e-mail left (and an escalation's own audit event).
   */
  private async finish(batch: readonly Finished[]): Promise<undefined[]> {
    const [first] = batch;
    if (!first) return [];
    const client = await this.prisma.sql.connect();
    try {
      await client.query('BEGIN');
      const reminderIds = [...new Set(batch.map((each) => each.email.reminder_id))].sort();
      await client.query('SELECT 1 FROM reminders WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE', [reminderIds]);
      const audit = auditInsertSelect(this.source, this.deliveryEvent(first.email), 9, { entity_id: 'f.reminder_id::text', patient_id: 'f.patient_id', board_id: 'f.board_id', detail: 'f.detail' });
      const column = <T>(pick: (each: Finished) => T): T[] => batch.map(pick);
      await client.query(
        `WITH f AS (
           SELECT * FROM unnest($1::uuid[], $2::int[], $3::uuid[], $4::text[], $5::bool[], $6::uuid[], $7::uuid[], $8::jsonb[])
             AS t(reminder_id, version, recipient_id, message_id, sent, patient_id, board_id, detail)
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
          column((each) => deliveryMessageId(each.email.reminder_id, each.email.reminder_version, each.email.recipient_id)),
          column((each) => each.sent),
          column((each) => each.email.patient_id),
          column((each) => each.email.board_id),
          column((each) => JSON.stringify(this.deliveryEvent(each.email).detail)),
          ...audit.values,
        ],
      );
      const versions = [...new Map(batch.map((each) => [`${each.email.reminder_id}.${each.email.reminder_version}`, each.email])).values()];
      const { rows: delivered } = await client.query<{ id: string; version: number; kind: string; milestone_code: string | null; recipients: string[] }>(
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
          detail: { milestoneCode: reminder.milestone_code, version: reminder.version, recipients: reminder.recipients },
        });
      }
      await client.query('COMMIT');
      return batch.map(() => undefined);
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}
