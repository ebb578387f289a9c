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
  witnessBacklog,
  type AuditActor,
  type WitnessBacklog,
  type AuditVerification,
  type InclusionProof,
} from '@consilium/audit';
import { BoardAccessService } from '../access/board-access.service';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { AuditRecorder, withAccessPath } from './audit-recorder.service';
import { toCsv, toFhirBundle } from './audit-export';
import { describeEvent, namedIds } from './audit-describe';
import type {
  AuditEventPage,
  AuditEventView,
  AuditQueryDto,
  DescribedAuditEvent,
  MatchedTerms,
  ReadsQueryDto,
} from './dto/audit-query.dto';
import { AuditRepository, type ResolvedTerms } from './audit.repository';

const DEFAULT_LIMIT = 100;

/** The witness part of /health/ready (the URL as its origin only: never a path or a credential). */
export type WitnessHealth =
  | { configured: false }
  | ({ configured: true; dir: string | null; url: string | null; answering: boolean } & WitnessBacklog);

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
    const { page, shownPatientIds } = await this.page(user, query);
    // The names shown are PHI reads too: "who saw this patient" finds this query (detail.patientIds).
    // Like every PHI read, on the asynchronous-commit pool (AuditRecorder.recordRead): committed
    // before the answer leaves, without a WAL flush per search.
    await this.recorder.recordRead(
      withAccessPath({
        action: 'R',
        type: 'audit.query',
        actor,
        entity: { type: 'auditEvent' },
        patientId: query.patientId ?? null,
        detail: { filters: filtersOf(query), count: page.items.length, ...shownPatients(page, shownPatientIds) },
      }),
    );
    return page;
  }

  /**
   * Exports are pages of the search (same `limit`, default 100, at most 500, and `cursor`), so one
   * request never holds the API for minutes; the caller follows the next page's link. Exporting
   * is audited (action E) with the filters and the number of events.
   */
  async export(
    user: AuthenticatedUser,
    actor: AuditActor,
    query: AuditQueryDto,
    format: 'csv' | 'fhir',
    nextUrl: (cursor: string) => string,
  ): Promise<{ body: string | Record<string, unknown>; next: string | null }> {
    const { page, shownPatientIds } = await this.page(user, query);
    const { items, nextCursor } = page;
    // The patients the words matched are named in the export's audit event (the export itself holds ids only).
    await this.recorder.recordNow(
      withAccessPath({
        action: 'E',
        type: 'audit.export',
        actor,
        entity: { type: 'auditEvent' },
        patientId: query.patientId ?? null,
        detail: { format, filters: filtersOf(query), count: items.length, ...shownPatients(page, shownPatientIds) },
      }),
    );
    const next = nextCursor === null ? null : nextUrl(nextCursor);
    return { body: format === 'csv' ? toCsv(items) : toFhirBundle(items, new Date(), next), next };
  }

  private async page(
    user: AuthenticatedUser,
    query: AuditQueryDto,
  ): Promise<{ page: AuditEventPage; shownPatientIds: string[] }> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const boards = this.access.boardFilter(user);
    const { terms, matched } = await this.resolve(query, boards);
    // Words that matched nothing find nothing (not everything).
    const nothing = [terms.patientIds, terms.caseIds, terms.userIds].some(
      (ids) => ids !== undefined && ids.length === 0,
    );
    const rows = nothing ? [] : await this.repository.page(query, boards, limit, query.cursor, terms);
    const { items, shownPatientIds } = await this.describe(rows, boards);
    return {
      page: { items, matched, nextCursor: rows.length === limit ? (rows.at(-1)?.seq ?? null) : null },
      shownPatientIds,
    };
  }

  private async resolve(
    query: AuditQueryDto,
    boards: { in: string[] } | undefined,
  ): Promise<{ terms: ResolvedTerms; matched: MatchedTerms }> {
    if (!query.patient && !query.caseReference && !query.user)
      return { terms: {}, matched: { patients: [], cases: [], users: [] } };
    return this.repository.resolve(query, boards);
  }

  /** Each event with its actor's name, its entity's reference and its action in words (patient names only within `boards`). */
  async describe(
    rows: readonly AuditEventView[],
    boards: { in: string[] } | undefined,
  ): Promise<{ items: DescribedAuditEvent[]; shownPatientIds: string[] }> {
    if (rows.length === 0) return { items: [], shownPatientIds: [] };
    const lookups = await this.repository.lookups(namedIds(rows), boards);
    const shown = new Set<string>();
    const items = rows.map((row) => {
      const description = describeEvent(row, lookups);
      const patientId =
        row.patientId ?? (description.caseId ? lookups.cases.get(description.caseId)?.patientId : undefined);
      if (description.patientName !== null && patientId) shown.add(patientId);
      return { ...row, ...description };
    });
    return { items, shownPatientIds: [...shown] };
  }

  /**
   * "Who saw this patient" (or this case): every PHI read (case view and list, patient record,
   * agenda and meeting mode, provenance and audit exports that named them), newest first, with
   * the user, the route and the screen. Asking is itself a PHI read (audit.reads).
   */
  async reads(
    user: AuthenticatedUser,
    actor: AuditActor,
    about: { patientId?: string; caseId?: string },
    query: ReadsQueryDto,
  ): Promise<AuditEventPage> {
    let patientId = about.patientId;
    if (about.caseId) {
      const found = await this.repository.caseOf(about.caseId);
      if (!found) throw new NotFoundException('case not found');
      patientId = found.patientId;
    }
    if (!patientId) throw new NotFoundException('patient not found');
    const limit = query.limit ?? DEFAULT_LIMIT;
    const boards = this.access.boardFilter(user);
    const rows = await this.repository.reads({ patientId, caseId: about.caseId }, boards, limit, query.cursor);
    const { items } = await this.describe(rows, boards);
    await this.recorder.recordRead(
      withAccessPath({
        action: 'R',
        type: 'audit.reads',
        actor,
        entity: { type: about.caseId ? 'case' : 'patient', id: about.caseId ?? patientId },
        patientId,
        detail: { ...(about.caseId ? { caseId: about.caseId } : {}), count: items.length },
      }),
    );
    return {
      items,
      matched: { patients: [], cases: [], users: [] },
      nextCursor: rows.length === limit ? (rows.at(-1)?.seq ?? null) : null,
    };
  }

  async verify(actor: AuditActor): Promise<AuditVerification> {
    const { external, witness, legacyLines } = configuredCheckpointLogs(this.config.audit);
    const report = await verifyAuditLog(
      pgRunner(this.prisma.sql),
      await this.publicKey(),
      external,
      witness,
      legacyLines,
    );
    await this.recorder.recordNow({
      action: 'E',
      type: 'audit.verify',
      actor,
      entity: { type: 'auditLog' },
      outcome: report.ok ? 'SUCCESS' : 'SERIOUS_FAILURE',
      detail: { ok: report.ok, leavesVerified: report.leavesVerified, finding: report.finding?.kind ?? null },
    });
    return report;
  }

  async proof(user: AuthenticatedUser, actor: AuditActor, eventId: string): Promise<InclusionProof> {
    const outcome = await buildInclusionProof(
      pgRunner(this.prisma.sql),
      eventId,
      await this.publicKey(),
      (boardId) => user.allBoardsAccess || this.access.canAccessBoard(user, boardId),
    );
    if (outcome.status === 'not-found') throw new NotFoundException('audit event not found');
    if (outcome.status === 'unsealed')
      throw new ConflictException('the audit event is not sealed yet; retry in a few seconds');
    await this.recorder.recordNow(
      withAccessPath({
        action: 'R',
        type: 'audit.proof',
        actor,
        entity: { type: 'auditEvent', id: eventId },
        patientId: outcome.proof.event.patientId,
        boardId: outcome.proof.event.boardId,
      }),
    );
    return outcome.proof;
  }

  /**
   * For /health/ready: the configured checkpoint witnesses and whether they answer, from the
   * worker's outbox (audit_witness_outbox): how many checkpoints wait, since when, the last failure.
   * A witness answers when nothing waits or the oldest waiting checkpoint has not failed yet.
   */
  async witnessHealth(): Promise<WitnessHealth> {
    const { witnessDir, witnessUrl } = this.config.audit;
    if (!witnessDir && !witnessUrl) return { configured: false };
    const backlog = await witnessBacklog(pgRunner(this.prisma.sql));
    return {
      configured: true,
      dir: witnessDir ?? null,
      url: witnessUrl ? new URL(witnessUrl).origin : null,
      answering: backlog.pending === 0 || backlog.attempts === 0,
      ...backlog,
    };
  }

  /** For /health/ready: how far sealing lags. */
  sealingLag(): Promise<{ oldestUnsealedSeconds: number; unsealed: number }> {
    return oldestUnsealedSeconds(pgRunner(this.prisma.sql));
  }

  private publicKey(): Promise<KeyObject> {
    // resolveSigningKey gives the private key; proofs and verification need (and publish) its public half.
    this.keyPromise ??= resolveSigningKey(this.config.audit, this.config.env)
      .then((key) => createPublicKey(key))
      .catch((error: unknown) => {
        this.keyPromise = undefined;
        throw error;
      });
    return this.keyPromise;
  }
}

/** The patients whose names a page shows (for the audit.query event's detail), none when it shows none. */
function shownPatients(page: AuditEventPage, shownInItems: readonly string[]): { patientIds?: string[] } {
  const ids = new Set<string>([...page.matched.patients.map((patient) => patient.id), ...shownInItems]);
  return ids.size === 0 ? {} : { patientIds: [...ids] };
}

function filtersOf(query: AuditQueryDto): Record<string, string> {
  const filters: Record<string, string> = {};
  // The words typed (a name, an MRN) are PHI: the event keeps that they were given, the matches are in patientIds.
  for (const key of ['patient', 'caseReference', 'user'] as const) if (query[key]) filters[key] = '(given)';
  for (const key of ['patientId', 'caseId', 'actorUserId', 'action', 'type', 'from', 'to'] as const) {
    const value = query[key];
    if (value) filters[key] = value;
  }
  return filters;
}
