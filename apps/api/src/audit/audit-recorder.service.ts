import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@consilium/config';
import { PrismaService, type Tx } from '@consilium/db';
import {
  CoalescingAuditWriter,
  writeAuditEvent,
  writeAuditEvents,
  type AuditEventInput,
  type AuditSource,
} from '@consilium/audit';

/** Records audit events from the API, inside the caller's transaction whenever there is one. */
@Injectable()
export class AuditRecorder {
  readonly source: AuditSource;
  private readonly reads: CoalescingAuditWriter;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly prisma: PrismaService,
  ) {
    this.source = { service: 'consilium-api', instance: config.serviceInstance };
    this.reads = new CoalescingAuditWriter(prisma.asyncCommitSql, this.source);
  }

  /** In the transaction of the change: both commit or neither. */
  record(tx: Tx, event: AuditEventInput): Promise<void> {
    return writeAuditEvent(tx, this.source, event);
  }

  recordMany(tx: Tx, events: readonly AuditEventInput[]): Promise<void> {
    return writeAuditEvents(tx, this.source, events);
  }

  /** For events with no change to commit alongside (failed logins, logouts): durable commit. */
  recordNow(event: AuditEventInput): Promise<void> {
    return writeAuditEvent(this.prisma, this.source, event);
  }

  /**
   * Reads of PHI: written before the data is returned, on the asynchronous-commit pool (see
   * PrismaService.asyncCommitSql), so a read costs no WAL flush wait; concurrent reads share
   * their INSERTs (CoalescingAuditWriter), so under load a read costs a fraction of a round trip.
   */
  recordRead(event: AuditEventInput): Promise<void> {
    return this.reads.write(withAccessPath(event));
  }
}

/**
 * A read's detail names the route that served it and the web screen that asked, so that "who saw
 * this patient" answers with the screen (case view, agenda, meeting mode) and not only the type.
 */
export function withAccessPath(event: AuditEventInput): AuditEventInput {
  const { route, screen } = event.actor;
  if (!route && !screen) return event;
  return { ...event, detail: { ...event.detail, ...(route ? { route } : {}), ...(screen ? { screen } : {}) } };
}
