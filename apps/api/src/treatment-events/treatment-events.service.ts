import { Injectable, NotFoundException } from '@nestjs/common';
import { OutboxTopic, outboxRow } from '@consilium/jobs';
import type { AuditActor } from '@consilium/audit';
import { PrismaService } from '@consilium/db';
import { AuditRecorder } from '../audit/audit-recorder.service';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { CaseLifecycleService } from '../cases/case-lifecycle.service';
import { FieldValidationException } from '../common/problem';
import { RecommendationsService } from '../recommendations/recommendations.service';
import type { TreatmentEventDto, TreatmentEventRecordedDto, TreatmentEventViewDto } from './dto/treatment-event.dto';
import { toTreatmentEventView } from './treatment-event.mapper';

/** What was actually done (or is planned), dated; each change re-checks the signed plan. */
@Injectable()
export class TreatmentEventsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditRecorder,
    private readonly lifecycle: CaseLifecycleService,
    private readonly recommendations: RecommendationsService,
  ) {}

  async list(caseId: string): Promise<TreatmentEventViewDto[]> {
    const rows = await this.prisma.treatmentEvent.findMany({
      where: { caseId },
      orderBy: [{ startDate: 'asc' }, { createdAt: 'asc' }],
    });
    return rows.map(toTreatmentEventView);
  }

  /** Records an actual or planned dated event; the validator re-runs on the real dates. */
  async record(
    caseId: string,
    input: TreatmentEventDto,
    user: AuthenticatedUser,
    actor: AuditActor,
    eventId?: string,
  ): Promise<TreatmentEventRecordedDto> {
    if (input.kind === 'RADIOTHERAPY' && !input.endDate)
      throw new FieldValidationException([
        { field: 'endDate', message: 'endDate (the last fraction) is required for radiotherapy' },
      ]);
    if (input.endDate && input.endDate < input.startDate)
      throw new FieldValidationException([{ field: 'endDate', message: 'endDate must not be before startDate' }]);
    return this.prisma.$transaction(async (tx) => {
      const caseRow = await this.lifecycle.lockCase(tx, caseId);
      const signed = await this.recommendations.signedPlan(tx, caseId);
      const data = {
        kind: input.kind,
        status: input.status ?? 'PLANNED',
        startDate: new Date(`${input.startDate}T00:00:00Z`),
        endDate: input.endDate ? new Date(`${input.endDate}T00:00:00Z`) : null,
        regimens: input.regimens ?? [],
        therapyLine: input.therapyLine ?? null,
        surgeryTarget: input.surgeryTarget ?? null,
        elective: input.elective ?? null,
        woundHealedDate: input.woundHealedDate ? new Date(`${input.woundHealedDate}T00:00:00Z`) : null,
        procedure: input.procedure ?? null,
        evaluation: input.evaluation ?? null,
        notes: input.notes ?? null,
      };
      let event;
      if (eventId) {
        const existing = await tx.treatmentEvent.findUnique({ where: { id: eventId } });
        if (!existing || existing.caseId !== caseId) throw new NotFoundException('treatment event not found');
        event = await tx.treatmentEvent.update({
          where: { id: eventId },
          data: { ...data, version: { increment: 1 } },
        });
      } else {
        event = await tx.treatmentEvent.create({
          data: { ...data, caseId, recommendationId: signed?.id ?? null, recordedById: user.id },
        });
      }
      if (
        event.status === 'DONE' &&
        (event.kind === 'SYSTEMIC_THERAPY' || event.kind === 'RADIOTHERAPY') &&
        (!caseRow.treatmentStartedOn || caseRow.treatmentStartedOn > event.startDate)
      ) {
        await tx.case.update({ where: { id: caseId }, data: { treatmentStartedOn: event.startDate } });
      }
      await this.audit.record(tx, {
        action: eventId ? 'U' : 'C',
        type: 'treatment-event.record',
        actor,
        entity: { type: 'treatmentEvent', id: event.id },
        patientId: caseRow.patientId,
        boardId: caseRow.boardId,
        detail: { caseId, kind: event.kind, status: event.status },
      });
      await tx.outboxEvent.create({
        data: outboxRow(
          OutboxTopic.TreatmentEventsChanged,
          { caseId },
          { requestId: actor.requestId, actorId: user.id },
        ),
      });
      if (!signed) return { event: toTreatmentEventView(event), recommendation: null };
      return {
        event: toTreatmentEventView(event),
        recommendation: await this.recommendations.recheckFollowUp(tx, signed),
      };
    });
  }
}
