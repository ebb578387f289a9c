// Minimal typing of the parts of `smtp-server` the tests use (the package ships no types).
declare module 'smtp-server' {
  import type { Server } from 'node:net';
  import type { Readable } from 'node:stream';
  interface SMTPAddress {
    address: string;
  }
  interface SMTPSession {
    envelope: { mailFrom: SMTPAddress | false; rcptTo: SMTPAddress[] };
  }
  interface SMTPServerOptions {
    authOptional?: boolean;
    disabledCommands?: string[];
    logger?: boolean;
    size?: number;
    onRcptTo?: (address: SMTPAddress, session: SMTPSession, callback: (error?: Error) => void) => void;
    onData?: (stream: Readable, session: SMTPSession, callback: (error?: Error) => void) => void;
  }
  export class SMTPServer {
    constructor(options: SMTPServerOptions);
    server: Server;
    listen(port: number, host: string, callback: () => void): void;
    close(callback: () => void): void;
    on(event: 'error', listener: (error: Error) => void): this;
  }
}
