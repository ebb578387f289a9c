import { Injectable } from '@nestjs/common';
import type { Recommendation } from '@prisma/client';
import type { AuditActor } from '@consilium/audit';
import type { Tx } from '@consilium/db';
import { draftPlan } from '@consilium/pathway';
import { AuditRecorder } from '../audit/audit-recorder.service';
import { toPathwayFacts, type CaseWithFacts } from '../cases/case-facts.mapper';
import { json } from './recommendation.mapper';


/**
 * Runs the pathway on a case's facts and stores the draft with the pathway version and a
 * snapshot of the facts it used. Each new draft is a new version; older open drafts are
 * superseded, never deleted (history kept). Signed-off recommendations are left alone.
 */
@Injectable()
export class DraftingService {
  constructor(private readonly audit: AuditRecorder) {}

  async draft(tx: Tx, row: CaseWithFacts & { id: string; patientId: string; boardId: string }, actor: AuditActor): Promise<Recommendation> {
    const facts = toPathwayFacts(row);
    const plan = draftPlan(facts);
    const last = await tx.recommendation.findFirst({ where: { caseId: row.id }, orderBy: { draftVersion: 'desc' }, select: { draftVersion: true } });
    await tx.recommendation.updateMany({ where: { caseId: row.id, status: { in: ['DRAFT', 'PROPOSED'] } }, data: { status: 'SUPERSEDED' } });
    const recommendation = await tx.recommendation.create({
      data: {
        caseId: row.id,
        draftVersion: (last?.draftVersion ?? 0) + 1,
        pathwayId: plan.pathwayId,
        pathwayVersion: plan.pathwayVersion,
        factsSnapshot: json(facts),
        draftPlan: json(plan),
        findings: json(plan.findings),
        primaryBranch: plan.primaryBranch.code,
      },
    });
    await this.audit.record(tx, {
      action: 'C',
      type: 'recommendation.draft',
      actor,
      entity: { type: 'recommendation', id: recommendation.id },
      patientId: row.patientId,
      boardId: row.boardId,
      detail: { caseId: row.id, draftVersion: recommendation.draftVersion, pathwayVersion: plan.pathwayVersion, primaryBranch: plan.primaryBranch.code },
    });
    return recommendation;
  }

  /** After a facts change: a new draft version, if the case had an open draft. */
  async redraftIfDrafted(tx: Tx, row: CaseWithFacts & { id: string; patientId: string; boardId: string }, actor: AuditActor): Promise<void> {
    const open = await tx.recommendation.count({ where: { caseId: row.id, status: { in: ['DRAFT', 'PROPOSED'] } } });
    if (open > 0) await this.draft(tx, row, actor);
  }
}
