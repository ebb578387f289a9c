import { ConflictException, Injectable } from '@nestjs/common';
import { Prisma, type Recommendation } from '@prisma/client';
import type { AuditActor } from '@consilium/audit';
import type { Tx } from '@consilium/db';
import { workflowOf, type CaseCore, type DraftResult, type PathwayWorkflow } from '@consilium/pathway';
import { AuditRecorder } from '../audit/audit-recorder.service';
import { caseCoreOf, pathwayFactsOf, type CaseWithFacts } from '../cases/case-facts.mapper';
import { FieldValidationException } from '../common/problem';
import { json } from './recommendation.mapper';

type DraftableCase = CaseWithFacts & { id: string; patientId: string; boardId: string };

/**
 * The pathway's draft of a case (its workflow from core + extra facts), refusing facts the
 * pathway cannot draft from with every problem named (`core.staging.clinical.t`). Used at intake
 * too, so a case is never stored with facts its pathway cannot use.
 */
export function draftOrRefuse(
  pathwayId: string,
  core: CaseCore,
  extra: unknown,
): { workflow: PathwayWorkflow; draft: DraftResult } {
  const workflow = workflowOf(pathwayId);
  if (workflow === undefined)
    throw new ConflictException(
      `the pathway ${pathwayId} is not available any more: record the case without a pathway`,
    );
  const result = workflow.draft(core, extra);
  if (!result.ok) throw new FieldValidationException(result.problems);
  return { workflow, draft: result.draft };
}

/**
 * Drafts a case's recommendation and stores it with the pathway version and a snapshot of the
 * facts it used; a case no pathway covers gets a draft without a pathway, for the board to
 * author the plan in the meeting. Each new draft is a new version; older open drafts are
 * superseded, never deleted (history kept). Signed-off recommendations are left alone.
 */
@Injectable()
export class DraftingService {
  constructor(private readonly audit: AuditRecorder) {}

  async draft(tx: Tx, row: DraftableCase, actor: AuditActor): Promise<Recommendation> {
    const core = caseCoreOf(row);
    const drafted = row.pathwayId === null ? null : draftOrRefuse(row.pathwayId, core, pathwayFactsOf(row));
    const last = await tx.recommendation.findFirst({
      where: { caseId: row.id },
      orderBy: { draftVersion: 'desc' },
      select: { draftVersion: true },
    });
    await tx.recommendation.updateMany({
      where: { caseId: row.id, status: { in: ['DRAFT', 'PROPOSED'] } },
      data: { status: 'SUPERSEDED' },
    });
    const recommendation = await tx.recommendation.create({
      data: {
        caseId: row.id,
        draftVersion: (last?.draftVersion ?? 0) + 1,
        pathwayId: drafted?.workflow.id ?? null,
        pathwayVersion: drafted?.workflow.version ?? null,
        factsSnapshot: json(drafted?.draft.facts ?? { core }),
        draftPlan: drafted === null ? Prisma.DbNull : json(drafted.draft.plan),
        findings: json(drafted?.draft.findings ?? []),
        primaryBranch: drafted?.draft.primaryBranch ?? null,
      },
    });
    await this.audit.record(tx, {
      action: 'C',
      type: 'recommendation.draft',
      actor,
      entity: { type: 'recommendation', id: recommendation.id },
      patientId: row.patientId,
      boardId: row.boardId,
      detail: {
        caseId: row.id,
        draftVersion: recommendation.draftVersion,
        pathwayId: recommendation.pathwayId,
        pathwayVersion: recommendation.pathwayVersion,
        primaryBranch: recommendation.primaryBranch,
      },
    });
    return recommendation;
  }

  /** After a facts change: a new draft version, if the case had an open draft. */
  async redraftIfDrafted(tx: Tx, row: DraftableCase, actor: AuditActor): Promise<void> {
    const open = await tx.recommendation.count({ where: { caseId: row.id, status: { in: ['DRAFT', 'PROPOSED'] } } });
    if (open > 0) await this.draft(tx, row, actor);
  }

  /** When a case becomes READY: its first draft, so the board meets with something to vote on (issue 20). */
  async draftIfNone(tx: Tx, row: DraftableCase, actor: AuditActor): Promise<void> {
    const any = await tx.recommendation.count({ where: { caseId: row.id, status: { not: 'SUPERSEDED' } } });
    if (any === 0) await this.draft(tx, row, actor);
  }
}
