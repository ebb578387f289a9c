import { Injectable } from '@nestjs/common';
import type { AuditEvent, AuditLeaf, Prisma } from '@prisma/client';
import { isUUID } from 'class-validator';
import { PrismaService } from '@consilium/db';
import type { AuditEventView, AuditQueryDto } from './dto/audit-query.dto';

/** Prisma access of the auditor API: filtered, board-scoped, newest first, keyset on seq. */
@Injectable()
export class AuditRepository {
  constructor(private readonly prisma: PrismaService) {}

  async page(query: AuditQueryDto, boards: { in: string[] } | undefined, limit: number, cursor?: string): Promise<AuditEventView[]> {
    // By patient or case: the event's own patient, or any case it is about (audit_event_subjects:
    // a recommendation's or vote's case, every case an agenda read shows).
    const about: Prisma.AuditEventWhereInput[] = [];
    if (query.patientId) about.push({ OR: [{ patientId: query.patientId }, { subjects: { some: { patientId: query.patientId } } }] });
    if (query.caseId) about.push(isUUID(query.caseId) ? { subjects: { some: { caseId: query.caseId } } } : { entityType: 'case', entityId: query.caseId });
    const where: Prisma.AuditEventWhereInput = {
      ...(boards ? { boardId: boards } : {}),
      ...(query.actorUserId ? { actorUserId: query.actorUserId } : {}),
      ...(query.action ? { action: query.action } : {}),
      ...(query.from || query.to ? { recordedAt: { ...(query.from ? { gte: new Date(query.from) } : {}), ...(query.to ? { lt: new Date(query.to) } : {}) } } : {}),
      ...(about.length > 0 ? { AND: about } : {}),
      ...(cursor ? { seq: { lt: BigInt(cursor) } } : {}),
    };
    const rows = await this.prisma.auditEvent.findMany({ where, orderBy: { seq: 'desc' }, take: limit, include: { leaf: { select: { leafIndex: true, batchId: true } } } });
    return rows.map(toView);
  }
}

function toView(row: AuditEvent & { leaf: Pick<AuditLeaf, 'leafIndex' | 'batchId'> | null }): AuditEventView {
  return {
    id: row.id,
    seq: row.seq.toString(),
    recordedAt: row.recordedAt.toISOString(),
    action: row.action,
    type: row.type,
    outcome: row.outcome,
    outcomeDesc: row.outcomeDesc,
    actorUserId: row.actorUserId,
    actorRoles: row.actorRoles,
    onBehalfOfId: row.onBehalfOfId,
    sourceService: row.sourceService,
    sourceInstance: row.sourceInstance,
    networkAddress: row.networkAddress,
    userAgent: row.userAgent,
    purposeOfUse: row.purposeOfUse,
    entityType: row.entityType,
    entityId: row.entityId,
    patientId: row.patientId,
    boardId: row.boardId,
    requestId: row.requestId,
    changes: row.changes ?? null,
    detail: row.detail ?? null,
    leafIndex: row.leaf?.leafIndex.toString() ?? null,
    batchId: row.leaf?.batchId.toString() ?? null,
  };
}
