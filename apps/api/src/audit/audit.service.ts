import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { createPublicKey, type KeyObject } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '@consilium/config';
import { PrismaService } from '@consilium/db';
import {
  buildInclusionProof,
  configuredCheckpointLogs,
  oldestUnsealedSeconds,
  pgRunner,
  resolveSigningKey,
  verifyAuditLog,
  type AuditActor,
  type AuditVerification,
  type InclusionProof,
} from '@consilium/audit';
import { BoardAccessService } from '../access/board-access.service';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { AuditRecorder } from './audit-recorder.service';
import { toCsv, toFhirBundle } from './audit-export';
import type { AuditEventPage, AuditQueryDto } from './dto/audit-query.dto';
import { AuditRepository } from './audit.repository';

const DEFAULT_LIMIT = 100;

/** The auditor's view of the trail: search, export, verification and inclusion proofs. */
@Injectable()
export class AuditService {
  private keyPromise: Promise<KeyObject> | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly prisma: PrismaService,
    private readonly repository: AuditRepository,
    private readonly access: BoardAccessService,
    private readonly recorder: AuditRecorder,
  ) {}

  /** Viewing the trail is itself audited (action R). */
  async search(user: AuthenticatedUser, actor: AuditActor, query: AuditQueryDto): Promise<AuditEventPage> {
    const page = await this.page(user, query);
    await this.recorder.recordNow({ action: 'R', type: 'audit.query', actor, entity: { type: 'auditEvent' }, patientId: query.patientId ?? null, detail: { filters: filtersOf(query), count: page.items.length } });
    return page;
  }

  /**
   * Exports are pages of the search (same `limit`, default 100, at most 500, and `cursor`), so one
   * request never holds the API for minutes; the caller follows the next page's link. Exporting
   * is audited (action E) with the filters and the number of events.
   */
  async export(user: AuthenticatedUser, actor: AuditActor, query: AuditQueryDto, format: 'csv' | 'fhir', nextUrl: (cursor: string) => string): Promise<{ body: string | Record<string, unknown>; next: string | null }> {
    const { items, nextCursor } = await this.page(user, query);
    await this.recorder.recordNow({ action: 'E', type: 'audit.export', actor, entity: { type: 'auditEvent' }, patientId: query.patientId ?? null, detail: { format, filters: filtersOf(query), count: items.length } });
    const next = nextCursor === null ? null : nextUrl(nextCursor);
    return { body: format === 'csv' ? toCsv(items) : toFhirBundle(items, new Date(), next), next };
  }

  private async page(user: AuthenticatedUser, query: AuditQueryDto): Promise<AuditEventPage> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const items = await this.repository.page(query, this.access.boardFilter(user), limit, query.cursor);
    return { items, nextCursor: items.length === limit ? items[items.length - 1].seq : null };
  }

  async verify(actor: AuditActor): Promise<AuditVerification> {
    const { external, witness, legacyLines } = configuredCheckpointLogs(this.config.audit);
    const report = await verifyAuditLog(pgRunner(this.prisma.sql), await this.publicKey(), external, witness, legacyLines);
    await this.recorder.recordNow({ action: 'E', type: 'audit.verify', actor, entity: { type: 'auditLog' }, outcome: report.ok ? 'SUCCESS' : 'SERIOUS_FAILURE', detail: { ok: report.ok, leavesVerified: report.leavesVerified, finding: report.finding?.kind ?? null } });
    return report;
  }

  async proof(user: AuthenticatedUser, actor: AuditActor, eventId: string): Promise<InclusionProof> {
    const outcome = await buildInclusionProof(pgRunner(this.prisma.sql), eventId, await this.publicKey(), (boardId) => user.allBoardsAccess || this.access.canAccessBoard(user, boardId));
    if (outcome.status === 'not-found') throw new NotFoundException('audit event not found');
    if (outcome.status === 'unsealed') throw new ConflictException('the audit event is not sealed yet; retry in a few seconds');
    await this.recorder.recordNow({ action: 'R', type: 'audit.proof', actor, entity: { type: 'auditEvent', id: eventId }, patientId: outcome.proof.event.patientId, boardId: outcome.proof.event.boardId });
    return outcome.proof;
  }

  /** For /health/ready: how far sealing lags. */
  sealingLag(): Promise<{ oldestUnsealedSeconds: number; unsealed: number }> {
    return oldestUnsealedSeconds(pgRunner(this.prisma.sql));
  }

  private publicKey(): Promise<KeyObject> {
    // resolveSigningKey gives the private key; proofs and verification need (and publish) its public half.
    this.keyPromise ??= resolveSigningKey(this.config.audit, this.config.env).then((key) => createPublicKey(key)).catch((error: unknown) => {
      this.keyPromise = undefined;
      throw error;
    });
    return this.keyPromise;
  }
}

function filtersOf(query: AuditQueryDto): Record<string, string> {
  const filters: Record<string, string> = {};
  for (const key of ['patientId', 'caseId', 'actorUserId', 'action', 'from', 'to'] as const) {
    const value = query[key];
    if (value) filters[key] = value;
  }
  return filters;
}
