import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@consilium/config';
import { Coalescer } from '@consilium/db';
import { MAIL_SEND_CONCURRENCY, MailSender } from '../notifications/mail.sender';
import { deliveryMessageId } from './reminder-content';
import {
  ReminderMailerRepository,
  type ClaimedEmailRow as ClaimedEmail,
  type FinishedEmail as Finished,
} from './reminder-mailer.repository';

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

export { deliveryMessageId } from './reminder-content';

const keyOf = (email: Pick<ClaimedEmail, 'reminder_id' | 'reminder_version' | 'recipient_id'>): string =>
  `${email.reminder_id}.${email.reminder_version}.${email.recipient_id}`;

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
    private readonly repository: ReminderMailerRepository,
    private readonly mail: MailSender,
  ) {
    this.claimant = `${config.serviceInstance}:${randomUUID().slice(0, 8)}`;
    // One finishing transaction at a time: the e-mails sent meanwhile wait and go in the next, so
    // batches are about twice as large as with two (4 statements a batch, whatever its size).
    this.finished = new Coalescer((batch) => this.finish(batch), { concurrency: 1, maxBatch: 256 });
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
      await this.repository.releaseClaims(this.claimant, unsent).catch(() => undefined);
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
        this.logger.warn(
          `claiming reminder e-mails failed, retrying: ${error instanceof Error ? error.message : String(error)}`,
        );
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
    const rows = await this.repository.claim(this.claimant, MAIL_CLAIM_BATCH, MAIL_CLAIM_MS);
    for (const email of rows) {
      // Our own claim lapsed while we still hold it (an event loop stalled past a renewal): the
      // send under way stays the only one from this process.
      if (this.held.has(keyOf(email))) continue;
      this.held.set(keyOf(email), email);
      if (email.current) this.buffer.push(email);
      // Cancelled or rescheduled since, or the recipient deactivated: dropped unsent.
      else {
        const dropped = this.finished.submit({ email, sent: false }).then(
          () => this.held.delete(keyOf(email)),
          () => this.release(email),
        );
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
        this.logger.warn(
          `recording a failed reminder e-mail failed: ${failure instanceof Error ? failure.message : String(failure)}`,
        ),
      );
      this.held.delete(keyOf(email));
      return;
    }
    const logged = this.finished.submit({ email, sent: true }).then(
      () => this.held.delete(keyOf(email)),
      (error: unknown) => {
        // Sent but not logged (PostgreSQL down): the claim lapses and the retry resends, same Message-ID.
        this.logger.warn(
          `logging a sent reminder e-mail failed: ${error instanceof Error ? error.message : String(error)}`,
        );
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
      this.logger.error(
        `e-mail of reminder ${email.reminder_id} v${email.reminder_version} failed after ${email.attempts} attempts: ${error}`,
      );
      await this.repository.giveUp(email, error);
      return;
    }
    await this.repository.retryLater(email, error, backoffMs(email.attempts));
  }

  /** Moves the held claims' end ahead; rows being finished right now are skipped, never waited for. */
  private async renew(): Promise<void> {
    if (this.held.size === 0) return;
    await this.repository
      .renewClaims(this.claimant, [...this.held.values()], MAIL_CLAIM_MS)
      .catch((error: unknown) =>
        this.logger.warn(
          `renewing reminder e-mail claims failed: ${error instanceof Error ? error.message : String(error)}`,
        ),
      );
  }

  /** Logs a batch of finished e-mails in one transaction (ReminderMailerRepository.finish). */
  private async finish(batch: readonly Finished[]): Promise<undefined[]> {
    await this.repository.finish(batch);
    return batch.map(() => undefined);
  }
}
