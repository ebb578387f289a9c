import { Injectable } from '@nestjs/common';
import type { AuditEvent, AuditLeaf, Prisma } from '@prisma/client';
import { isUUID } from 'class-validator';
import { PrismaService } from '@consilium/db';
import type { AuditLookups, NamedIds } from './audit-describe';
import type { AuditEventView, AuditQueryDto, MatchedTerms } from './dto/audit-query.dto';

/** The ids the auditor's words resolved to (undefined: that filter was not given). */
export interface ResolvedTerms {
  readonly patientIds?: readonly string[];
  readonly caseIds?: readonly string[];
  readonly userIds?: readonly string[];
}

/** Event types that show PHI to the reader: what "who saw this patient" lists. */
export const PHI_READ_TYPES = ['case.read', 'case.list', 'patient.read', 'meeting.agenda.read', 'recommendation.provenance', 'audit.query', 'audit.export', 'audit.reads'] as const;

const MATCH_LIMIT = 50;

/** Prisma access of the auditor API: filtered, board-scoped, newest first, keyset on seq. */
@Injectable()
export class AuditRepository {
  constructor(private readonly prisma: PrismaService) {}

  async page(query: AuditQueryDto, boards: { in: string[] } | undefined, limit: number, cursor?: string, terms: ResolvedTerms = {}): Promise<AuditEventView[]> {
    // By patient or case: the event's own patient, or any case it is about (audit_event_subjects:
    // a recommendation's or vote's case, every case an agenda read shows).
    const about: Prisma.AuditEventWhereInput[] = [];
    if (query.patientId) about.push({ OR: [{ patientId: query.patientId }, { subjects: { some: { patientId: query.patientId } } }] });
    if (query.caseId) about.push(isUUID(query.caseId) ? { subjects: { some: { caseId: query.caseId } } } : { entityType: 'case', entityId: query.caseId });
    if (terms.patientIds) about.push({ OR: [{ patientId: { in: [...terms.patientIds] } }, { subjects: { some: { patientId: { in: [...terms.patientIds] } } } }] });
    if (terms.caseIds) about.push({ subjects: { some: { caseId: { in: [...terms.caseIds] } } } });
    if (terms.userIds) about.push({ actorUserId: { in: [...terms.userIds] } });
    // An event type, or a family of them: "recommendation" is every recommendation.* event.
    if (query.type) about.push({ OR: [{ type: query.type }, { type: { startsWith: `${query.type}.` } }] });
    // Events without a board (a patient's registration and record reads) are in scope when they are
    // about a patient the words resolved to: those patients have a case in the auditor's boards.
    const scope: Prisma.AuditEventWhereInput = !boards ? {} : terms.patientIds ? { OR: [{ boardId: boards }, { boardId: null, patientId: { in: [...terms.patientIds] } }] } : { boardId: boards };
    const where: Prisma.AuditEventWhereInput = {
      ...scope,
      ...(query.actorUserId ? { actorUserId: query.actorUserId } : {}),
      ...(query.action ? { action: query.action } : {}),
      ...(query.from || query.to ? { recordedAt: { ...(query.from ? { gte: new Date(query.from) } : {}), ...(query.to ? { lt: new Date(query.to) } : {}) } } : {}),
      ...(about.length > 0 ? { AND: about } : {}),
      ...(cursor ? { seq: { lt: BigInt(cursor) } } : {}),
    };
    const rows = await this.prisma.auditEvent.findMany({ where, orderBy: { seq: 'desc' }, take: limit, include: { leaf: { select: { leafIndex: true, batchId: true } } } });
    return rows.map(toView);
  }

  /**
   * The auditor's words to ids, server-side: a patient by MRN (exact) or by every word of the
   * name, a case by its reference, a user by e-mail or name. Patients and cases only in the
   * auditor's boards (`boards`), so a name outside them resolves to nothing.
   */
  async resolve(query: Pick<AuditQueryDto, 'patient' | 'caseReference' | 'user'>, boards: { in: string[] } | undefined): Promise<{ terms: ResolvedTerms; matched: MatchedTerms }> {
    const inBoards = boards ? { cases: { some: { boardId: boards } } } : {};
    const patients = query.patient
      ? await this.prisma.patient.findMany({
          where: {
            ...inBoards,
            OR: [
              { mrn: { equals: query.patient.trim(), mode: 'insensitive' } },
              { AND: query.patient.trim().split(/\s+/).map((word) => ({ OR: [{ givenName: { contains: word, mode: 'insensitive' as const } }, { familyName: { contains: word, mode: 'insensitive' as const } }] })) },
            ],
          },
          select: { id: true, givenName: true, familyName: true, mrn: true },
          orderBy: [{ familyName: 'asc' }, { givenName: 'asc' }],
          take: MATCH_LIMIT,
        })
      : undefined;
    const cases = query.caseReference
      ? await this.prisma.case.findMany({
          where: { ...(boards ? { boardId: boards } : {}), reference: { contains: query.caseReference.trim(), mode: 'insensitive' } },
          select: { id: true, reference: true, patientId: true },
          orderBy: { reference: 'asc' },
          take: MATCH_LIMIT,
        })
      : undefined;
    const users = query.user
      ? await this.prisma.user.findMany({
          where: { OR: [{ email: { equals: query.user.trim(), mode: 'insensitive' } }, { displayName: { contains: query.user.trim(), mode: 'insensitive' } }] },
          select: { id: true, displayName: true, email: true },
          orderBy: { displayName: 'asc' },
          take: MATCH_LIMIT,
        })
      : undefined;
    return {
      terms: { patientIds: patients?.map((row) => row.id), caseIds: cases?.map((row) => row.id), userIds: users?.map((row) => row.id) },
      matched: {
        patients: (patients ?? []).map((row) => ({ id: row.id, name: `${row.givenName} ${row.familyName}`, mrn: row.mrn })),
        cases: (cases ?? []).map((row) => ({ id: row.id, reference: row.reference })),
        users: (users ?? []).map((row) => ({ id: row.id, name: row.displayName, email: row.email })),
      },
    };
  }

  /** Names and references of the ids a page of events names; patient names only of patients in `boards`. */
  async lookups(ids: NamedIds, boards: { in: string[] } | undefined): Promise<AuditLookups> {
    const [recommendations, meetings] = await Promise.all([
      ids.recommendations.length ? this.prisma.recommendation.findMany({ where: { id: { in: ids.recommendations } }, select: { id: true, caseId: true, draftVersion: true } }) : [],
      ids.meetings.length ? this.prisma.meeting.findMany({ where: { id: { in: ids.meetings } }, select: { id: true, title: true, startsAt: true } }) : [],
    ]);
    const caseIds = [...new Set([...ids.cases, ...recommendations.map((row) => row.caseId)])];
    const [users, cases] = await Promise.all([
      ids.users.length ? this.prisma.user.findMany({ where: { id: { in: ids.users } }, select: { id: true, displayName: true, email: true } }) : [],
      caseIds.length ? this.prisma.case.findMany({ where: { id: { in: caseIds } }, select: { id: true, reference: true, patientId: true, boardId: true } }) : [],
    ]);
    const patientIds = [...new Set([...ids.patients, ...cases.map((row) => row.patientId)])];
    const patients = patientIds.length
      ? await this.prisma.patient.findMany({ where: { id: { in: patientIds }, ...(boards ? { cases: { some: { boardId: boards } } } : {}) }, select: { id: true, givenName: true, familyName: true, mrn: true } })
      : [];
    return {
      users: new Map(users.map((row) => [row.id, { name: row.displayName, email: row.email }])),
      cases: new Map(cases.map((row) => [row.id, { reference: row.reference, patientId: row.patientId }])),
      patients: new Map(patients.map((row) => [row.id, { name: `${row.givenName} ${row.familyName}`, mrn: row.mrn }])),
      recommendations: new Map(recommendations.map((row) => [row.id, { caseId: row.caseId, draftVersion: row.draftVersion }])),
      meetings: new Map(meetings.map((row) => [row.id, { title: row.title, startsAt: row.startsAt }])),
    };
  }

  /**
   * Every PHI read of a patient (or of one case: the reads that showed the case, and the lists
   * that named its patient), newest first, keyset on seq. Each way an event names a patient has
   * its own index (patient_id, audit_event_subjects, the GIN index on detail.patientIds of
   * prisma/sql/audit-event-patient-ids.sql): a UNION of the three, then the page.
   */
  async reads(about: { patientId: string; caseId?: string }, boards: { in: string[] } | undefined, limit: number, cursor?: string): Promise<AuditEventView[]> {
    const named = about.caseId
      ? `SELECT event_seq AS seq FROM audit_event_subjects WHERE case_id = $6::uuid
         UNION SELECT seq FROM audit_events WHERE detail ? 'patientIds' AND (detail -> 'patientIds') @> jsonb_build_array($1::text) AND type = 'case.list'`
      : `SELECT seq FROM audit_events WHERE patient_id = $1::uuid
         UNION SELECT event_seq FROM audit_event_subjects WHERE patient_id = $1::uuid
         UNION SELECT seq FROM audit_events WHERE detail ? 'patientIds' AND (detail -> 'patientIds') @> jsonb_build_array($1::text)`;
    const { rows } = await this.prisma.sql.query<{ seq: string }>(
      `SELECT e.seq::text AS seq FROM (${named}) ids JOIN audit_events e ON e.seq = ids.seq
        WHERE e.type = ANY($2::text[]) AND ($3::uuid[] IS NULL OR e.board_id = ANY($3::uuid[]) OR e.board_id IS NULL) AND ($4::bigint IS NULL OR e.seq < $4::bigint)
        ORDER BY e.seq DESC LIMIT $5`,
      [about.patientId, [...PHI_READ_TYPES], boards ? boards.in : null, cursor ?? null, limit, ...(about.caseId ? [about.caseId] : [])],
    );
    if (rows.length === 0) return [];
    const events = await this.prisma.auditEvent.findMany({ where: { seq: { in: rows.map((row) => BigInt(row.seq)) } }, orderBy: { seq: 'desc' }, include: { leaf: { select: { leafIndex: true, batchId: true } } } });
    return events.map(toView);
  }

  async caseOf(caseId: string): Promise<{ id: string; patientId: string; reference: string } | null> {
    return this.prisma.case.findUnique({ where: { id: caseId }, select: { id: true, patientId: true, reference: true } });
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
