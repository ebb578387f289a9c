import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import type { CaseStatus, Prisma } from '@prisma/client';
import type { AuditActor } from '@consilium/audit';
import { lockRow, type Tx } from '@consilium/db';
import { AuditRecorder } from '../audit/audit-recorder.service';
import { caseWithFacts, type CaseWithFacts } from './case-facts.mapper';
import { ALLOWED_TRANSITIONS, canTransition } from './case-status';
import { readinessOf } from './case-facts.mapper';

export const caseDetail = { ...caseWithFacts, patient: true } satisfies Prisma.CaseInclude;
export type CaseDetail = Prisma.CaseGetPayload<{ include: typeof caseDetail }>;

/** Locking and status transitions of a case, shared by intake, agenda and sign-off. */
@Injectable()
export class CaseLifecycleService {
  constructor(private readonly audit: AuditRecorder) {}

  /**
   * Moves a locked case to `to` (409 naming the allowed moves otherwise). READY requires the
   * readiness checklist to be complete.
   */
  async transition(
    tx: Tx,
    before: CaseWithFacts & { id: string; status: CaseStatus; boardId: string; patientId: string },
    to: CaseStatus,
    actor: AuditActor,
    reason?: string,
  ): Promise<void> {
    if (before.status === to) return;
    if (!canTransition(before.status, to)) {
      throw new ConflictException(
        `a ${before.status} case cannot become ${to}; allowed: ${ALLOWED_TRANSITIONS[before.status].join(', ') || 'none'}`,
      );
    }
    if (to === 'READY') {
      const readiness = readinessOf(before);
      if (!readiness.ready)
        throw new ConflictException({
          message: `the case is not ready: ${readiness.missing.map((item) => item.message).join('; ')}`,
          missing: readiness.missing,
        });
    }
    const now = new Date();
    await tx.case.update({
      where: { id: before.id },
      data: {
        status: to,
        version: { increment: 1 },
        discussedAt: to === 'DISCUSSED' ? now : undefined,
        decidedAt: to === 'DECIDED' ? now : undefined,
        closedAt: to === 'CLOSED' ? now : undefined,
      },
    });
    await this.audit.record(tx, {
      action: 'U',
      type: 'case.status',
      actor,
      entity: { type: 'case', id: before.id },
      patientId: before.patientId,
      boardId: before.boardId,
      changes: { status: { old: before.status, new: to } },
      detail: reason ? { reason } : null,
    });
  }

  /**
   * Locks the case row for the rest of the transaction and reads it with its facts. NO KEY
   * UPDATE: case edits still queue behind each other, but rows that only reference the case (the
   * worker's reminders, with their FOR KEY SHARE check) are not blocked, so the two cannot deadlock.
   */
  async lockCase(tx: Tx, id: string): Promise<CaseDetail> {
    await lockRow(tx, 'cases', id, 'NO KEY UPDATE');
    const row = await tx.case.findUnique({ where: { id }, include: caseDetail });
    if (!row) throw new NotFoundException('case not found');
    return row;
  }
}
