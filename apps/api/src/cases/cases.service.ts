import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { Prisma, type Board } from '@prisma/client';
import { changedFields, type AuditActor } from '@consilium/audit';
import { PrismaService, type Tx } from '@consilium/db';
import { selectPathways, type CaseIntake } from '@consilium/pathway';
import { BoardAccessService } from '../access/board-access.service';
import { AuditRecorder } from '../audit/audit-recorder.service';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { FieldValidationException } from '../common/problem';
import { DraftingService, draftOrRefuse } from '../recommendations/drafting.service';
import {
  caseCoreOf,
  caseWithFacts,
  pathwayFactsOf,
  pathwayRefOf,
  readinessOf,
  toCaseColumns,
  validateIntake,
} from './case-facts.mapper';
import { expectedVersion, staleVersion } from '../common/etag';
import { CaseReadRepository } from './case-read.repository';
import { reportLinksOf, toStoredReportLinks } from './dto/report-link.dto';
import { CaseLifecycleService, caseDetail, type CaseDetail } from './case-lifecycle.service';
import {
  CASE_PAGE_DEFAULT,
  type CaseDto,
  type CaseSummaryDto,
  type ChangeCaseStatusDto,
  type CreateCaseDto,
  type ListCasesQuery,
  type UpdateCaseDto,
} from './dto/case.dto';

const isoDate = (value: Date | null): string | null => (value ? value.toISOString().slice(0, 10) : null);

/** The opaque cursor of a case list page: the referral time and id of its last case. */
export function encodeCaseCursor(referredAt: Date, id: string): string {
  return Buffer.from(`${referredAt.toISOString()}|${id}`).toString('base64url');
}

export function decodeCaseCursor(cursor: string): { referredAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const referredAt = new Date(at ?? '');
  if (!id || !/^[0-9a-f-]{36}$/i.test(id) || Number.isNaN(referredAt.getTime()))
    throw new FieldValidationException([{ field: 'cursor', message: 'cursor must be the cursor of a Link header' }]);
  return { referredAt, id };
}

function toSummary(row: CaseDetail): CaseSummaryDto {
  return {
    id: row.id,
    reference: row.reference,
    boardId: row.boardId,
    status: row.status,
    patientId: row.patientId,
    patientName: `${row.patient.familyName}, ${row.patient.givenName}`,
    mrn: row.patient.mrn,
    questionForBoard: row.questionForBoard,
    siteCode: row.siteCode,
    pathway: pathwayRefOf(row.pathwayId),
    referredAt: row.referredAt.toISOString(),
    readiness: readinessOf(row) as CaseSummaryDto['readiness'],
    version: row.version,
  };
}

function toDetail(row: CaseDetail): CaseDto {
  const core = caseCoreOf(row);
  const extra = pathwayFactsOf(row);
  const selection = selectPathways(core);
  return {
    ...toSummary(row),
    birthDate: row.patient.birthDate.toISOString().slice(0, 10),
    referringClinicianId: row.referringClinicianId,
    referringClinicianName: row.referringClinicianName,
    lastImagingDate: isoDate(row.lastImagingDate),
    reportLinks: reportLinksOf(row.reportLinks),
    core: core as unknown as Record<string, unknown>,
    pathwayFacts: row.pathwayId === null ? null : { pathwayId: row.pathwayId, ...extra },
    applicablePathways: selection.applicable.map((pathway) => ({
      id: pathway.id,
      version: pathway.version,
      title: pathway.title,
    })),
    notApplicablePathways: selection.notApplicable.map(({ pathway, reason }) => ({
      id: pathway.id,
      version: pathway.version,
      title: pathway.title,
      reason,
    })),
  };
}

/** What an audit diff of a case's facts compares. */
const factsOf = (row: CaseDetail) => ({ core: row.core, pathwayId: row.pathwayId, pathwayFacts: row.pathwayFacts });

/** The case's pathway and extra facts as an intake's `pathwayFacts` (kept when only the core is edited). */
function keptPathwayFacts(row: CaseDetail): Record<string, unknown> | null {
  return row.pathwayId === null ? null : { pathwayId: row.pathwayId, ...pathwayFactsOf(row) };
}

@Injectable()
export class CasesService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly access: BoardAccessService,
    private readonly audit: AuditRecorder,
    private readonly drafting: DraftingService,
    private readonly lifecycle: CaseLifecycleService,
    private readonly caseReads: CaseReadRepository,
  ) {}

  async create(user: AuthenticatedUser, input: CreateCaseDto, actor: AuditActor): Promise<CaseDto> {
    if (!this.access.canAccessBoard(user, input.boardId)) throw new NotFoundException('board not found');
    const [board, patient] = await Promise.all([
      this.prisma.board.findUnique({ where: { id: input.boardId } }),
      this.prisma.patient.findUnique({ where: { id: input.patientId } }),
    ]);
    if (!board) throw new NotFoundException('board not found');
    if (!patient)
      throw new FieldValidationException([{ field: 'patientId', message: 'patientId does not name a patient' }], 404);
    if (input.referringClinicianId && !(await this.prisma.user.count({ where: { id: input.referringClinicianId } }))) {
      throw new FieldValidationException([
        { field: 'referringClinicianId', message: 'referringClinicianId does not name a user' },
      ]);
    }
    return this.insert(user, board, input, patient.birthDate, async () => patient, actor);
  }

  /**
   * A referral from another source (the FHIR import): the same validation and the same
   * transaction as POST /cases, with the patient created or updated (`resolvePatient`, which
   * writes its own audit row) in that transaction. The board must be one of the user's.
   */
  async createWithPatient(
    user: AuthenticatedUser,
    input: Omit<CreateCaseDto, 'patientId'>,
    birthDate: Date,
    resolvePatient: (tx: Tx) => Promise<{ id: string }>,
    actor: AuditActor,
  ): Promise<CaseDto> {
    if (!this.access.canAccessBoard(user, input.boardId)) throw new NotFoundException('board not found');
    const board = await this.prisma.board.findUnique({ where: { id: input.boardId } });
    if (!board) throw new NotFoundException('board not found');
    return this.insert(user, board, input, birthDate, resolvePatient, actor);
  }

  private async insert(
    user: AuthenticatedUser,
    board: Board,
    input: Omit<CreateCaseDto, 'patientId'>,
    birthDate: Date,
    resolvePatient: (tx: Tx) => Promise<{ id: string }>,
    actor: AuditActor,
  ): Promise<CaseDto> {
    const referredAt = new Date();
    const intake = validateIntake(input, birthDate, referredAt);
    if (intake.pathway !== null) draftOrRefuse(intake.pathway.id, intake.core, intake.pathwayFacts);

    for (let attempt = 0; ; attempt += 1) {
      try {
        return await this.prisma.$transaction(async (tx) => {
          const patient = await resolvePatient(tx);
          const year = referredAt.getUTCFullYear();
          const sameYear = await tx.case.count({
            where: { boardId: board.id, reference: { startsWith: `${board.caseReferencePrefix}-${year}-` } },
          });
          const row = await tx.case.create({
            data: {
              ...toCaseColumns(intake),
              reference: `${board.caseReferencePrefix}-${year}-${String(sameYear + 1 + attempt).padStart(4, '0')}`,
              patientId: patient.id,
              boardId: board.id,
              questionForBoard: input.questionForBoard ?? null,
              referringClinicianId: input.referringClinicianId ?? null,
              referringClinicianName: input.referringClinicianName ?? null,
              lastImagingDate: input.lastImagingDate ? new Date(`${input.lastImagingDate}T00:00:00Z`) : null,
              reportLinks: toStoredReportLinks(input.reportLinks ?? []) as unknown as Prisma.InputJsonValue,
              referredAt,
              createdById: user.id,
            },
            include: caseDetail,
          });
          await this.audit.record(tx, {
            action: 'C',
            type: 'case.create',
            actor,
            entity: { type: 'case', id: row.id },
            patientId: row.patientId,
            boardId: row.boardId,
            detail: { reference: row.reference },
          });
          return toDetail(row);
        });
      } catch (error) {
        // Two intakes in the same second may pick the same reference number: take the next.
        const reference =
          error instanceof Prisma.PrismaClientKnownRequestError &&
          error.code === 'P2002' &&
          JSON.stringify(error.meta ?? {}).includes('reference');
        if (!reference || attempt >= 5) throw error;
      }
    }
  }

  /**
   * One page of the board's cases, newest referral first (keyset on referral time and id, so a
   * page never repeats or skips a case while others are added), filtered by status and by a
   * search over the reference, the patient's name and MRN. `next` is the cursor of the next page.
   */
  async list(
    user: AuthenticatedUser,
    query: ListCasesQuery,
    actor: AuditActor,
  ): Promise<{ cases: CaseSummaryDto[]; next: string | null }> {
    if (query.boardId && !this.access.canAccessBoard(user, query.boardId)) return { cases: [], next: null };
    const limit = query.limit ?? CASE_PAGE_DEFAULT;
    const after = query.cursor ? decodeCaseCursor(query.cursor) : null;
    const search = query.q?.trim();
    const rows = await this.caseReads.findPage(
      {
        boardIds: query.boardId ? [query.boardId] : this.access.boardFilter(user)?.in,
        status: query.status,
        sitePrefix: query.site,
        pathwayId: query.pathway === undefined ? undefined : query.pathway === 'none' ? null : query.pathway,
        search: search || undefined,
        after: after ?? undefined,
      },
      limit + 1,
    );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const next = rows.length > limit && last ? encodeCaseCursor(last.referredAt, last.id) : null;
    if (page.length > 0) {
      await this.audit.recordRead({
        action: 'R',
        type: 'case.list',
        actor,
        entity: { type: 'case' },
        boardId: query.boardId ?? null,
        detail: { count: page.length, patientIds: page.map((row) => row.patientId) },
      });
    }
    return { cases: page.map(toSummary), next };
  }

  /** A PHI read: recorded in the audit trail. */
  async get(id: string, actor: AuditActor): Promise<CaseDto> {
    const row = await this.caseReads.findDetail(id);
    if (!row) throw new NotFoundException('case not found');
    await this.audit.recordRead({
      action: 'R',
      type: 'case.read',
      actor,
      entity: { type: 'case', id },
      patientId: row.patientId,
      boardId: row.boardId,
    });
    return toDetail(row);
  }

  async readiness(id: string): Promise<CaseSummaryDto['readiness']> {
    const row = await this.prisma.case.findUniqueOrThrow({ where: { id }, include: caseWithFacts });
    return readinessOf(row) as CaseSummaryDto['readiness'];
  }

  /** Optimistic concurrency: If-Match must carry the current version (428 without, 412 stale). */
  async update(id: string, ifMatch: string | undefined, input: UpdateCaseDto, actor: AuditActor): Promise<CaseDto> {
    const expected = expectedVersion(ifMatch, 'case');
    return this.prisma.$transaction(async (tx) => {
      const before = await this.lifecycle.lockCase(tx, id);
      if (before.version !== expected) throw staleVersion(before.version, 'case');
      if (before.status === 'CLOSED') throw new ConflictException('a closed case cannot be edited');
      // An empty edit changes nothing: no new version, no audit row.
      if (Object.values(input).every((value) => value === undefined)) return toDetail(before);
      if (input.core === undefined && input.pathwayFacts !== undefined) {
        throw new FieldValidationException([
          { field: 'core', message: 'core is required with pathwayFacts (the pathway is checked against the core)' },
        ]);
      }
      const intake: CaseIntake | null =
        input.core === undefined
          ? null
          : validateIntake(
              {
                core: input.core,
                pathwayFacts: input.pathwayFacts === undefined ? keptPathwayFacts(before) : input.pathwayFacts,
              },
              before.patient.birthDate,
              before.referredAt,
            );
      if (intake?.pathway) draftOrRefuse(intake.pathway.id, intake.core, intake.pathwayFacts);
      const columns = intake === null ? null : toCaseColumns(intake);
      const factsChanged =
        intake !== null &&
        JSON.stringify([
          columns?.core,
          intake.pathway?.id ?? null,
          intake.pathway === null ? null : columns?.pathwayFacts,
        ]) !== JSON.stringify([before.core, before.pathwayId, before.pathwayFacts]);
      const after = await tx.case.update({
        where: { id },
        data: {
          ...(columns ?? {}),
          questionForBoard: input.questionForBoard,
          referringClinicianName: input.referringClinicianName,
          lastImagingDate:
            input.lastImagingDate === undefined ? undefined : new Date(`${input.lastImagingDate}T00:00:00Z`),
          reportLinks:
            input.reportLinks === undefined
              ? undefined
              : (toStoredReportLinks(input.reportLinks) as unknown as Prisma.InputJsonValue),
          version: { increment: 1 },
        },
        include: caseDetail,
      });
      const plain = (row: CaseDetail) => ({
        questionForBoard: row.questionForBoard,
        referringClinicianName: row.referringClinicianName,
        lastImagingDate: isoDate(row.lastImagingDate),
        reportLinks: row.reportLinks,
        ...factsOf(row),
      });
      await this.audit.record(tx, {
        action: 'U',
        type: 'case.update',
        actor,
        entity: { type: 'case', id },
        patientId: after.patientId,
        boardId: after.boardId,
        changes: changedFields(plain(before as CaseDetail), plain(after)),
      });
      if (factsChanged) await this.drafting.redraftIfDrafted(tx, after, actor);
      return toDetail(after);
    });
  }

  async changeStatus(id: string, input: ChangeCaseStatusDto, actor: AuditActor): Promise<CaseDto> {
    return this.prisma.$transaction(async (tx) => {
      const before = await this.lifecycle.lockCase(tx, id);
      await this.lifecycle.transition(tx, before, input.status, actor, input.reason);
      // A ready case gets its draft now, so the board meets with something to vote on.
      if (input.status === 'READY') await this.drafting.draftIfNone(tx, before, actor);
      return toDetail(await tx.case.findUniqueOrThrow({ where: { id }, include: caseDetail }));
    });
  }
}
