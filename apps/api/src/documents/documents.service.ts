import { ConflictException, Injectable } from '@nestjs/common';
import type { AuditActor } from '@consilium/audit';
import { PrismaService } from '@consilium/db';
import { AuditRecorder } from '../audit/audit-recorder.service';
import { caseCoreOf, pathwayRefOf } from '../cases/case-facts.mapper';
import { branchTitleFor } from '../recommendations/recommendation.mapper';
import { RecommendationsService } from '../recommendations/recommendations.service';
import { quorumOf } from '../votes/quorum';
import { decisionLetterDocument } from './decision-letter.document';
import { minutesDocument, type MinutesInput } from './minutes.document';
import { renderPdf } from './pdf-renderer';

const SEX = { FEMALE: 'female', MALE: 'male', OTHER: 'other', UNKNOWN: 'unknown' } as const;

/** The printable documents: the decision letter of a signed-off recommendation and the minutes of a meeting. */
@Injectable()
export class DocumentsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditRecorder,
    private readonly recommendations: RecommendationsService,
  ) {}

  /** The decision letter as PDF bytes, without recording a read (the FHIR export records its own). */
  async renderDecisionLetter(
    recommendationId: string,
  ): Promise<{ pdf: Buffer; title: string; patientId: string; boardId: string }> {
    const recommendation = await this.recommendations.get(recommendationId);
    const decision = recommendation.decision;
    if (decision === null || recommendation.status !== 'SIGNED_OFF')
      throw new ConflictException('the recommendation is not signed off: there is no decision letter yet');
    const row = await this.prisma.case.findUniqueOrThrow({
      where: { id: recommendation.caseId },
      include: { patient: true, board: { select: { name: true } } },
    });
    const meeting =
      recommendation.meetingId === null
        ? null
        : await this.prisma.meeting.findUnique({
            where: { id: recommendation.meetingId },
            include: {
              attendances: { include: { user: { select: { displayName: true } } }, orderBy: { checkedInAt: 'asc' } },
            },
          });
    const timeline = await this.recommendations.timeline(recommendationId);
    const signOff = await this.prisma.auditEvent.findFirst({
      where: { type: 'recommendation.sign-off', entityId: recommendationId },
      orderBy: { seq: 'desc' },
      include: { leaf: { select: { leafIndex: true } } },
    });
    const quorum = quorumOf(meeting?.requiredSpecialties ?? [], meeting?.attendances ?? []);
    const title = `Tumour board decision ${row.reference} (${decision.meetingDate})`;
    const pdf = await renderPdf(
      decisionLetterDocument({
        board: row.board.name,
        caseReference: row.reference,
        patient: {
          name: `${row.patient.familyName}, ${row.patient.givenName}`,
          mrn: row.patient.mrn,
          birthDate: row.patient.birthDate.toISOString().slice(0, 10),
          sex: SEX[row.patient.sex],
        },
        questionForBoard: row.questionForBoard,
        core: caseCoreOf(row),
        decision,
        pathway: pathwayRefOf(recommendation.pathwayId),
        draftBranch: recommendation.primaryBranch,
        branchTitle: branchTitleFor(recommendation.pathwayId),
        timeline: timeline.rows,
        attendees: (meeting?.attendances ?? []).map((attendance) => ({
          name: attendance.user.displayName,
          specialty: attendance.specialty,
          left: attendance.leftAt !== null,
        })),
        quorum: { required: quorum.requiredSpecialties, missing: quorum.missingSpecialties, quorate: quorum.quorate },
        audit:
          signOff === null
            ? null
            : {
                eventId: signOff.id,
                leafIndex: signOff.leaf === null ? null : signOff.leaf.leafIndex.toString(),
                proofPath: `/audit/events/${signOff.id}/proof`,
              },
      }),
    );
    return { pdf, title, patientId: row.patientId, boardId: row.boardId };
  }

  /** A PHI read: recorded in the audit trail. */
  async decisionLetter(recommendationId: string, actor: AuditActor): Promise<{ pdf: Buffer; fileName: string }> {
    const letter = await this.renderDecisionLetter(recommendationId);
    await this.audit.recordRead({
      action: 'R',
      type: 'recommendation.letter',
      actor,
      entity: { type: 'recommendation', id: recommendationId },
      patientId: letter.patientId,
      boardId: letter.boardId,
    });
    return { pdf: letter.pdf, fileName: `decision-${recommendationId}.pdf` };
  }

  /**
   * The meeting's minutes: attendance and quorum, each agenda case's outcome (the recommendation
   * signed off at this meeting, else deferred with the reason recorded when its status changed,
   * else still open), deferred cases and why. A PHI read: recorded in the audit trail.
   */
  async minutes(meetingId: string, actor: AuditActor): Promise<{ pdf: Buffer; fileName: string }> {
    const meeting = await this.prisma.meeting.findUniqueOrThrow({
      where: { id: meetingId },
      include: {
        board: { select: { name: true } },
        chair: { select: { displayName: true } },
        attendances: { include: { user: { select: { displayName: true } } }, orderBy: { checkedInAt: 'asc' } },
        agendaItems: {
          orderBy: { position: 'asc' },
          include: { case: { include: { patient: { select: { givenName: true, familyName: true } } } } },
        },
      },
    });
    const caseIds = meeting.agendaItems.map((item) => item.caseId);
    const signed = await this.prisma.recommendation.findMany({
      where: { meetingId, caseId: { in: caseIds }, status: 'SIGNED_OFF' },
      orderBy: { signedOffAt: 'desc' },
    });
    const statusEvents = await this.prisma.auditEvent.findMany({
      where: { type: 'case.status', entityId: { in: caseIds } },
      orderBy: { seq: 'desc' },
      select: { entityId: true, recordedAt: true, detail: true },
    });
    /** The latest reason given for a status change of the case since it was put on this agenda. */
    const reasonFor = (caseId: string, since: Date): string | undefined =>
      statusEvents
        .map((event) => ({ ...event, reason: (event.detail as { reason?: unknown } | null)?.reason }))
        .find((event) => event.entityId === caseId && event.recordedAt >= since && typeof event.reason === 'string')
        ?.reason as string | undefined;
    const cases: MinutesInput['cases'][number][] = [];
    for (const [index, item] of meeting.agendaItems.entries()) {
      const decided = signed.find((recommendation) => recommendation.caseId === item.caseId);
      const reason = reasonFor(item.caseId, item.createdAt);
      const patient = `${item.case.patient.familyName}, ${item.case.patient.givenName}`;
      if (decided) {
        const dto = await this.recommendations.get(decided.id);
        const plan = dto.decision?.plan;
        cases.push({
          position: index + 1,
          reference: item.case.reference,
          patient,
          outcome: 'decided',
          summary: `${plan?.intent ?? ''} plan signed off by ${dto.decision?.signedBy ?? '-'}: ${(plan?.steps ?? []).join('; ')}`,
        });
      } else if (reason !== undefined || item.case.status === 'DISCUSSED') {
        cases.push({
          position: index + 1,
          reference: item.case.reference,
          patient,
          outcome: 'deferred',
          summary: reason ?? 'discussed, no decision signed off (no reason recorded)',
        });
      } else {
        cases.push({
          position: index + 1,
          reference: item.case.reference,
          patient,
          outcome: 'open',
          summary: `case ${item.case.status.toLowerCase()}`,
        });
      }
    }
    const quorum = quorumOf(meeting.requiredSpecialties, meeting.attendances);
    const pdf = await renderPdf(
      minutesDocument({
        board: meeting.board.name,
        meeting: {
          title: meeting.title,
          startsAt: meeting.startsAt.toISOString(),
          location: meeting.location,
          chair: meeting.chair?.displayName ?? null,
          status: meeting.status,
        },
        attendees: meeting.attendances.map((attendance) => ({
          name: attendance.user.displayName,
          specialty: attendance.specialty,
          checkedInAt: attendance.checkedInAt.toISOString(),
          leftAt: attendance.leftAt?.toISOString() ?? null,
        })),
        quorum: { required: quorum.requiredSpecialties, missing: quorum.missingSpecialties, quorate: quorum.quorate },
        cases,
      }),
    );
    await this.audit.recordRead({
      action: 'R',
      type: 'meeting.minutes',
      actor,
      entity: { type: 'meeting', id: meetingId },
      boardId: meeting.boardId,
      detail: { cases: caseIds.length, patientIds: meeting.agendaItems.map((item) => item.case.patientId) },
    });
    return { pdf, fileName: `minutes-${meetingId}.pdf` };
  }
}
