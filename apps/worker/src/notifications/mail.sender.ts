import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import { APP_CONFIG, type AppConfig } from '@consilium/config';

/** SMTP connections of the pooled transport; the e-mail sender keeps this many sends in flight. */
export const MAIL_POOL_CONNECTIONS = 8;
/** Sends a worker keeps in flight at most (one per pooled connection). */
export const MAIL_SEND_CONCURRENCY = MAIL_POOL_CONNECTIONS;

/** The transport's options (shared with the bench's bare nodemailer baseline). */
export function mailTransportOptions(config: AppConfig): SMTPPool.Options {
  return {
    host: config.smtp.host,
    port: config.smtp.port,
    secure: config.smtp.secure,
    auth: config.smtp.user ? { user: config.smtp.user, pass: config.smtp.password ?? '' } : undefined,
    pool: true,
    maxConnections: MAIL_POOL_CONNECTIONS,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
    // Plain SMTP on loopback in development and tests; STARTTLS whenever the server offers it.
    tls: { rejectUnauthorized: config.env === 'production' },
  };
}

export interface OutgoingMail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  /** Deterministic per delivery key, so a receiver can recognise a resend after a crash. */
  readonly messageId: string;
}

/** SMTP over nodemailer (pooled connections); settings from the config. */
@Injectable()
export class MailSender implements OnApplicationShutdown {
  private readonly transport: Transporter;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.transport = createTransport(mailTransportOptions(config));
  }

  /** After every module's destroy hook, so the mailer's last sends still have their connections. */
  onApplicationShutdown(): void {
    this.transport.close();
  }

  async send(mail: OutgoingMail): Promise<void> {
    await this.transport.sendMail({
      from: this.config.smtp.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      messageId: mail.messageId,
    });
  }
}
