import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  readonly messageId: string;
  readonly to: string[];
  readonly subject: string;
  readonly raw: string;
  readonly at: number;
}

/**
 * A real SMTP server on loopback that keeps every message it accepts. `failNext(n)` rejects the
 * next n recipients with a transient error (to exercise retries).
 */
export class SmtpSink {
  readonly received: ReceivedMail[] = [];
  /** Connection errors seen (resets when the worker is killed); informative, never thrown. */
  readonly connectionErrors: string[] = [];
  private failures = 0;
  private server: SMTPServer | undefined;
  port = 0;

  failNext(count: number): void {
    this.failures = count;
  }

  async start(): Promise<void> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      size: 1_000_000,
      onRcptTo: (_address, _session, callback) => {
        if (this.failures > 0) {
          this.failures -= 1;
          const error = new Error('451 try again later') as Error & { responseCode: number };
          error.responseCode = 451;
          callback(error);
          return;
        }
        callback();
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('error', (error: Error) => this.connectionErrors.push(error.message));
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const header = raw.split(/\r?\n\r?\n/)[0] ?? '';
          const field = (name: string): string =>
            new RegExp(`^${name}:\\s*(.*(?:\\r?\\n[ \\t].*)*)`, 'im')
              .exec(header)?.[1]
              ?.replace(/\r?\n[ \t]+/g, ' ')
              .trim() ?? '';
          // Decoded (quoted-printable soft breaks and escapes undone) so tests can search the text.
          const text = raw
            .replace(/=\r?\n/g, '')
            .replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
          this.received.push({
            messageId: field('Message-ID'),
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: field('Subject'),
            raw: text,
            at: Date.now(),
          });
          callback();
        });
      },
    });
    // A worker killed mid-conversation resets its connection: smtp-server reports that as an
    // 'error' event, which must not be an unhandled error of the test process.
    this.server.on('error', (error: Error) => {
      this.connectionErrors.push(error.message);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as { port: number }).port;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** Polls `probe` until it returns a truthy value (or throws after `timeoutMs`). */
export async function eventually<T>(
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs = 15_000,
  label = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
