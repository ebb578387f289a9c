import { Injectable } from '@nestjs/common';
import type { AuditEvent, Specialty } from '@prisma/client';
import { PrismaService } from '@consilium/db';

/** An audit event with its place in the sealed log (null leaf: not sealed yet). */
export type ProvenanceEvent = Pick<
  AuditEvent,
  | 'id'
  | 'seq'
  | 'recordedAt'
  | 'action'
  | 'type'
  | 'actorUserId'
  | 'entityType'
  | 'entityId'
  | 'changes'
  | 'detail'
  | 'outcome'
> & { leafIndex: bigint | null };

/** Everything a recommendation's provenance is drawn from: the rows and the audit events about them. */
export interface ProvenanceSource {
  readonly recommendation: {
    id: string;
    caseId: string;
    meetingId: string | null;
    draftVersion: number;
    pathwayId: string | null;
    pathwayVersion: string | null;
    primaryBranch: string | null;
    factsSnapshot: unknown;
    draftPlan: unknown;
    proposedPlan: unknown;
    overrides: unknown;
    status: string;
    round: number;
    followsPathway: boolean | null;
    deviationReason: string | null;
    deviationText: string | null;
    signedOffById: string | null;
    signedOffAt: Date | null;
    implementationStatus: string | null;
    implementationReason: string | null;
    implementationText: string | null;
    implementationRecordedAt: Date | null;
    createdAt: Date;
  };
  readonly caseRow: { id: string; reference: string; boardId: string; patientId: string };
  readonly patient: { givenName: string; familyName: string; mrn: string };
  readonly meeting: {
    id: string;
    title: string;
    startsAt: Date;
    requiredSpecialties: Specialty[];
    chairId: string | null;
  } | null;
  /** Every draft version of the case (this one included), oldest first. */
  readonly drafts: {
    id: string;
    draftVersion: number;
    status: string;
    pathwayVersion: string | null;
    primaryBranch: string | null;
    createdAt: Date;
  }[];
  readonly votes: {
    id: string;
    round: number;
    voterId: string;
    choice: string;
    comment: string | null;
    specialty: Specialty | null;
    createdAt: Date;
  }[];
  readonly treatmentEvents: {
    id: string;
    kind: string;
    status: string;
    startDate: Date;
    endDate: Date | null;
    regimens: string[];
    recommendationId: string | null;
    recordedById: string | null;
  }[];
  /** Audit events about the case (its recommendations, votes, treatment) and the meeting's attendance, oldest first. */
  readonly events: ProvenanceEvent[];
  readonly users: ReadonlyMap<string, { name: string; email: string; specialty: Specialty | null }>;
}

const EVENT_SELECT = {
  id: true,
  seq: true,
  recordedAt: true,
  action: true,
  type: true,
  actorUserId: true,
  entityType: true,
  entityId: true,
  changes: true,
  detail: true,
  outcome: true,
  leaf: { select: { leafIndex: true } },
} as const;

/** Prisma access of the provenance view: read-only, by the recommendation's id. */
@Injectable()
export class ProvenanceRepository {
  constructor(private readonly prisma: PrismaService) {}

  async load(recommendationId: string): Promise<ProvenanceSource | null> {
    const recommendation = await this.prisma.recommendation.findUnique({ where: { id: recommendationId } });
    if (!recommendation) return null;
    const caseRow = await this.prisma.case.findUniqueOrThrow({
      where: { id: recommendation.caseId },
      select: { id: true, reference: true, boardId: true, patientId: true },
    });
    const [patient, meeting, drafts, votes, treatmentEvents, caseEvents, attendanceEvents] = await Promise.all([
      this.prisma.patient.findUniqueOrThrow({
        where: { id: caseRow.patientId },
        select: { givenName: true, familyName: true, mrn: true },
      }),
      recommendation.meetingId
        ? this.prisma.meeting.findUnique({
            where: { id: recommendation.meetingId },
            select: { id: true, title: true, startsAt: true, requiredSpecialties: true, chairId: true },
          })
        : null,
      this.prisma.recommendation.findMany({
        where: { caseId: caseRow.id },
        orderBy: { draftVersion: 'asc' },
        select: {
          id: true,
          draftVersion: true,
          status: true,
          pathwayVersion: true,
          primaryBranch: true,
          createdAt: true,
        },
      }),
      this.prisma.vote.findMany({ where: { recommendationId }, orderBy: [{ round: 'asc' }, { createdAt: 'asc' }] }),
      this.prisma.treatmentEvent.findMany({
        where: { caseId: caseRow.id },
        orderBy: [{ startDate: 'asc' }, { createdAt: 'asc' }],
      }),
      // Every event about the case (audit_event_subjects), except reads: the decision's story is its changes.
      this.prisma.auditEvent.findMany({
        where: { subjects: { some: { caseId: caseRow.id } }, action: { not: 'R' } },
        orderBy: { seq: 'asc' },
        select: EVENT_SELECT,
      }),
      recommendation.meetingId
        ? this.prisma.auditEvent.findMany({
            where: {
              entityType: 'meeting',
              entityId: recommendation.meetingId,
              type: { startsWith: 'meeting.attendance.' },
            },
            orderBy: { seq: 'asc' },
            select: EVENT_SELECT,
          })
        : [],
    ]);
    const events = [...caseEvents, ...attendanceEvents]
      .sort((a, b) => (a.seq < b.seq ? -1 : a.seq > b.seq ? 1 : 0))
      .map(({ leaf, ...event }) => ({ ...event, leafIndex: leaf?.leafIndex ?? null }));
    const userIds = new Set<string>();
    for (const vote of votes) userIds.add(vote.voterId);
    for (const event of events) {
      if (event.actorUserId) userIds.add(event.actorUserId);
      const detailUser = (event.detail as { userId?: unknown } | null)?.userId;
      if (typeof detailUser === 'string') userIds.add(detailUser);
    }
    if (recommendation.signedOffById) userIds.add(recommendation.signedOffById);
    for (const treatment of treatmentEvents) if (treatment.recordedById) userIds.add(treatment.recordedById);
    const users = await this.prisma.user.findMany({
      where: { id: { in: [...userIds] } },
      select: { id: true, displayName: true, email: true, specialty: true },
    });
    return {
      recommendation,
      caseRow,
      patient,
      meeting,
      drafts,
      votes,
      treatmentEvents,
      events,
      users: new Map(
        users.map((user) => [user.id, { name: user.displayName, email: user.email, specialty: user.specialty }]),
      ),
    };
  }
}
