import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { APP_CONFIG, type AppConfig } from '@consilium/config';

export interface OutgoingMail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  /** Deterministic per delivery key, so a receiver can recognise a resend after a crash. */
  readonly messageId: string;
}

/** SMTP over nodemailer (pooled connections); settings from the config. */
@Injectable()
export class MailSender implements OnModuleDestroy {
  private readonly transport: Transporter;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.transport = createTransport({
      host: config.smtp.host,
      port: config.smtp.port,
      secure: config.smtp.secure,
      auth: config.smtp.user ? { user: config.smtp.user, pass: config.smtp.password ?? '' } : undefined,
      pool: true,
      maxConnections: 8,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
      // Plain SMTP on loopback in development and tests; STARTTLS whenever the server offers it.
      tls: { rejectUnauthorized: config.env === 'production' },
    });
  }

  onModuleDestroy(): void {
    this.transport.close();
  }

  async send(mail: OutgoingMail): Promise<void> {
    await this.transport.sendMail({ from: this.config.smtp.from, to: mail.to, subject: mail.subject, text: mail.text, messageId: mail.messageId });
  }
}
