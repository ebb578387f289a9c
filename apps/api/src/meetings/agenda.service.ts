import {
  ConflictException,
  ForbiddenException,
  HttpStatus,
  Injectable,
  Logger,
  NotFoundException,
} from '@nestjs/common';
import type { CaseStatus, Recommendation } from '@prisma/client';
import type { AuditActor } from '@consilium/audit';
import { PrismaService, type Tx } from '@consilium/db';
import { AuditRecorder } from '../audit/audit-recorder.service';
import { MeetingEventsService } from '../meeting-events/meeting-events.service';
import { CaseLifecycleService } from '../cases/case-lifecycle.service';
import { caseCoreOf, pathwayFactsOf, pathwayRefOf, readinessOf } from '../cases/case-facts.mapper';
import { reportLinksOf } from '../cases/dto/report-link.dto';
import { decodeRecommendation, draftSummary } from '../recommendations/recommendation.mapper';
import { FieldValidationException } from '../common/problem';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import type {
  AddAgendaItemDto,
  AgendaDraftPlanDto,
  AgendaDto,
  AgendaEntryDto,
  AgendaItemDto,
  DiscussionNotesDto,
  RecordOutcomeDto,
  ReorderAgendaDto,
  UpdateAgendaItemDto,
} from './dto/meeting.dto';
import { OPEN_MEETING_STATUSES } from './meeting-status';
import { MeetingsRepository, type AgendaItemRow, type AgendaViewRow, type MeetingRow } from './meetings.repository';
import { toMeetingDto } from './meetings.service';

/** Cases that may be put on an agenda: ready ones, and discussed ones the board deferred. */
const SCHEDULABLE: readonly CaseStatus[] = ['READY', 'SCHEDULED', 'DISCUSSED'];

const isoDate = (value: Date | null): string | null => (value ? value.toISOString().slice(0, 10) : null);

/** The outcome columns of an agenda item as the DTO reads them. */
function outcomeFields(
  row: Pick<
    AgendaItemRow,
    'discussionNotes' | 'outcome' | 'outcomeDetail' | 'deferredToMeetingId' | 'outcomeRecordedAt'
  >,
): Pick<AgendaItemDto, 'discussionNotes' | 'outcome' | 'outcomeDetail' | 'deferredToMeetingId' | 'outcomeRecordedAt'> {
  return {
    discussionNotes: row.discussionNotes,
    outcome: row.outcome,
    outcomeDetail: row.outcomeDetail,
    deferredToMeetingId: row.deferredToMeetingId,
    outcomeRecordedAt: row.outcomeRecordedAt ? new Date(row.outcomeRecordedAt).toISOString() : null,
  };
}

function toItemDto(row: AgendaItemRow): AgendaItemDto {
  return {
    id: row.id,
    meetingId: row.meetingId,
    caseId: row.caseId,
    caseReference: row.case.reference,
    position: row.position,
    minutesAllotted: row.minutesAllotted,
    presenter: row.presenter,
    ...outcomeFields(row),
  };
}

/** The agenda of a meeting: which cases, in which order, for how long, presented by whom. */
@Injectable()
export class AgendaService {
  private readonly logger = new Logger(AgendaService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly meetings: MeetingsRepository,
    private readonly lifecycle: CaseLifecycleService,
    private readonly audit: AuditRecorder,
    private readonly events: MeetingEventsService,
  ) {}

  async add(meetingId: string, input: AddAgendaItemDto, actor: AuditActor): Promise<AgendaItemDto> {
    return this.prisma.$transaction(async (tx) => {
      // Meeting first, then case: every agenda change takes the locks in this order.
      const meeting = await this.lockOpenMeeting(tx, meetingId);
      const found = await tx.case.findUnique({ where: { id: input.caseId }, select: { boardId: true } });
      if (!found || found.boardId !== meeting.boardId) throw new NotFoundException('case not found on this board');
      const caseRow = await this.lifecycle.lockCase(tx, input.caseId);
      const elsewhere = await this.meetings.openAgendaItemOfCase(tx, caseRow.id);
      if (elsewhere) {
        throw new FieldValidationException(
          [
            {
              field: 'caseId',
              message: `case ${caseRow.id} is already on the agenda of ${elsewhere.meetingId === meetingId ? 'this' : 'another open'} meeting (${elsewhere.meetingId})`,
            },
          ],
          HttpStatus.CONFLICT,
        );
      }
      if (!SCHEDULABLE.includes(caseRow.status)) {
        throw new FieldValidationException(
          [
            {
              field: 'caseId',
              message: `case ${caseRow.id} is ${caseRow.status}: only ${SCHEDULABLE.join(', ')} cases can be put on an agenda`,
            },
          ],
          HttpStatus.CONFLICT,
        );
      }
      if (input.presenterId) await this.assertPresenter(tx, meeting.boardId, input.presenterId);
      const last = await tx.agendaItem.aggregate({ where: { meetingId }, _max: { position: true } });
      const created = await tx.agendaItem.create({
        data: {
          meetingId,
          caseId: caseRow.id,
          position: (last._max.position ?? -1) + 1,
          minutesAllotted: input.minutesAllotted ?? 10,
          presenterId: input.presenterId ?? null,
        },
      });
      await this.lifecycle.transition(tx, caseRow, 'SCHEDULED', actor, `added to the agenda of meeting ${meetingId}`);
      await this.meetings.touch(tx, meetingId);
      await this.audit.record(tx, {
        action: 'C',
        type: 'meeting.agenda.add',
        actor,
        entity: { type: 'agendaItem', id: created.id },
        boardId: meeting.boardId,
        patientId: caseRow.patientId,
        detail: {
          meetingId,
          caseId: caseRow.id,
          position: created.position,
          minutesAllotted: created.minutesAllotted,
          presenterId: created.presenterId,
        },
      });
      return toItemDto(await this.getItem(tx, meetingId, created.id));
    });
  }

  async update(
    meetingId: string,
    itemId: string,
    input: UpdateAgendaItemDto,
    actor: AuditActor,
  ): Promise<AgendaItemDto> {
    return this.prisma.$transaction(async (tx) => {
      const meeting = await this.lockOpenMeeting(tx, meetingId);
      const before = await this.getItem(tx, meetingId, itemId);
      if (input.presenterId) await this.assertPresenter(tx, meeting.boardId, input.presenterId);
      await tx.agendaItem.update({
        where: { id: itemId },
        data: { minutesAllotted: input.minutesAllotted, presenterId: input.presenterId },
      });
      const after = await this.getItem(tx, meetingId, itemId);
      await this.meetings.touch(tx, meetingId);
      const changes: Record<string, { old: unknown; new: unknown }> = {};
      if (before.minutesAllotted !== after.minutesAllotted)
        changes.minutesAllotted = { old: before.minutesAllotted, new: after.minutesAllotted };
      if (before.presenterId !== after.presenterId)
        changes.presenterId = { old: before.presenterId, new: after.presenterId };
      await this.audit.record(tx, {
        action: 'U',
        type: 'meeting.agenda.update',
        actor,
        entity: { type: 'agendaItem', id: itemId },
        boardId: meeting.boardId,
        changes,
        detail: { meetingId, caseId: after.caseId },
      });
      return toItemDto(after);
    });
  }

  async remove(meetingId: string, itemId: string, actor: AuditActor): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      const meeting = await this.lockOpenMeeting(tx, meetingId);
      const item = await this.getItem(tx, meetingId, itemId);
      if (item.outcome)
        throw new ConflictException(
          `the meeting recorded an outcome for this case (${item.outcome}): the item stays on the agenda`,
        );
      const caseRow = await this.lifecycle.lockCase(tx, item.caseId);
      await tx.agendaItem.delete({ where: { id: itemId } });
      await this.meetings.closeGap(tx, meetingId, item.position);
      // Back to READY when it still is; a case whose facts became incomplete stays SCHEDULED
      // (off every open agenda) until the coordinator completes it or schedules it again.
      if (caseRow.status === 'SCHEDULED' && readinessOf(caseRow).ready) {
        await this.lifecycle.transition(tx, caseRow, 'READY', actor, `removed from the agenda of meeting ${meetingId}`);
      }
      await this.meetings.touch(tx, meetingId);
      await this.audit.record(tx, {
        action: 'D',
        type: 'meeting.agenda.remove',
        actor,
        entity: { type: 'agendaItem', id: itemId },
        boardId: meeting.boardId,
        patientId: caseRow.patientId,
        detail: { meetingId, caseId: item.caseId, position: item.position },
      });
    });
  }

  /** The board's notes on a case, written during the meeting by the coordinator or a clinician. */
  async saveNotes(
    meetingId: string,
    itemId: string,
    input: DiscussionNotesDto,
    actor: AuditActor,
  ): Promise<AgendaItemDto> {
    const saved = await this.prisma.$transaction(async (tx) => {
      const meeting = await this.lockOpenMeeting(tx, meetingId);
      const before = await this.getItem(tx, meetingId, itemId);
      const notes = input.notes.trim() || null;
      await tx.agendaItem.update({ where: { id: itemId }, data: { discussionNotes: notes } });
      await this.meetings.touch(tx, meetingId);
      const patient = await tx.case.findUniqueOrThrow({ where: { id: before.caseId }, select: { patientId: true } });
      await this.audit.record(tx, {
        action: 'U',
        type: 'meeting.agenda.notes',
        actor,
        entity: { type: 'agendaItem', id: itemId },
        boardId: meeting.boardId,
        patientId: patient.patientId,
        changes: { discussionNotes: { old: before.discussionNotes, new: notes } },
        detail: { meetingId, caseId: before.caseId },
      });
      return toItemDto(await this.getItem(tx, meetingId, itemId));
    });
    await this.events.publish({ kind: 'agenda', meetingId, recommendationId: null });
    return saved;
  }

  /**
   * The meeting ends a case without a decision: deferred (to a later meeting of the board, whose
   * agenda then takes it), more information requested, or referred elsewhere. The case becomes
   * DISCUSSED (or SCHEDULED again on the later meeting); recorded once, audited. The coordinator
   * or the meeting's chair records it.
   */
  async recordOutcome(
    user: AuthenticatedUser,
    meetingId: string,
    itemId: string,
    input: RecordOutcomeDto,
    actor: AuditActor,
  ): Promise<AgendaItemDto> {
    if (input.deferredToMeetingId && input.outcome !== 'DEFERRED') {
      throw new FieldValidationException([
        { field: 'deferredToMeetingId', message: 'deferredToMeetingId goes only with outcome DEFERRED' },
      ]);
    }
    if (input.deferredToMeetingId === meetingId)
      throw new FieldValidationException([
        { field: 'deferredToMeetingId', message: 'deferredToMeetingId must be a later meeting, not this one' },
      ]);
    const recorded = await this.prisma.$transaction(async (tx) => {
      // Meetings in id order, then the case: the same lock order whatever the direction of a deferral.
      const target = input.deferredToMeetingId ?? null;
      const ordered = [meetingId, ...(target ? [target] : [])].sort();
      const locked = new Map<string, MeetingRow>();
      for (const id of ordered) {
        if (await this.meetings.find(id, tx)) locked.set(id, await this.meetings.lock(tx, id));
      }
      const meeting = locked.get(meetingId);
      if (!meeting) throw new NotFoundException('meeting not found');
      if (!OPEN_MEETING_STATUSES.includes(meeting.status))
        throw new ConflictException(`the agenda of a ${meeting.status} meeting cannot change`);
      if (!user.roles.includes('COORDINATOR') && meeting.chairId !== user.id)
        throw new ForbiddenException("only the coordinator or the meeting's chair records an outcome");
      const item = await this.getItem(tx, meetingId, itemId);
      if (item.outcome) throw new ConflictException(`an outcome is already recorded for this case: ${item.outcome}`);
      const later = target ? locked.get(target) : undefined;
      if (target) {
        if (!later || later.boardId !== meeting.boardId)
          throw new FieldValidationException(
            [{ field: 'deferredToMeetingId', message: 'deferredToMeetingId must be a meeting of the same board' }],
            HttpStatus.NOT_FOUND,
          );
        if (!OPEN_MEETING_STATUSES.includes(later.status) || later.startsAt <= meeting.startsAt) {
          throw new FieldValidationException(
            [{ field: 'deferredToMeetingId', message: 'deferredToMeetingId must be a planned meeting after this one' }],
            HttpStatus.CONFLICT,
          );
        }
      }
      const caseRow = await this.lifecycle.lockCase(tx, item.caseId);
      if (caseRow.status !== 'SCHEDULED' && caseRow.status !== 'DISCUSSED')
        throw new ConflictException(
          `the case is ${caseRow.status}: only a case on the agenda can be deferred or referred`,
        );
      const now = new Date();
      await tx.agendaItem.update({
        where: { id: itemId },
        data: {
          outcome: input.outcome,
          outcomeDetail: input.detail.trim(),
          deferredToMeetingId: target,
          outcomeRecordedAt: now,
        },
      });
      await this.lifecycle.transition(tx, caseRow, 'DISCUSSED', actor, `${input.outcome} at meeting ${meetingId}`);
      await this.meetings.touch(tx, meetingId);
      await this.audit.record(tx, {
        action: 'U',
        type: 'meeting.agenda.outcome',
        actor,
        entity: { type: 'agendaItem', id: itemId },
        boardId: meeting.boardId,
        patientId: caseRow.patientId,
        changes: { outcome: { old: null, new: input.outcome } },
        detail: { meetingId, caseId: caseRow.id, detail: input.detail.trim(), deferredToMeetingId: target },
      });
      if (later) {
        const last = await tx.agendaItem.aggregate({ where: { meetingId: later.id }, _max: { position: true } });
        const created = await tx.agendaItem.create({
          data: {
            meetingId: later.id,
            caseId: caseRow.id,
            position: (last._max.position ?? -1) + 1,
            minutesAllotted: item.minutesAllotted,
            presenterId: item.presenterId,
          },
        });
        await this.lifecycle.transition(
          tx,
          { ...caseRow, status: 'DISCUSSED' },
          'SCHEDULED',
          actor,
          `deferred from meeting ${meetingId} to meeting ${later.id}`,
        );
        await this.meetings.touch(tx, later.id);
        await this.audit.record(tx, {
          action: 'C',
          type: 'meeting.agenda.add',
          actor,
          entity: { type: 'agendaItem', id: created.id },
          boardId: later.boardId,
          patientId: caseRow.patientId,
          detail: {
            meetingId: later.id,
            caseId: caseRow.id,
            position: created.position,
            minutesAllotted: created.minutesAllotted,
            presenterId: created.presenterId,
            deferredFrom: meetingId,
          },
        });
      }
      return toItemDto(await this.getItem(tx, meetingId, itemId));
    });
    await this.events.publish({ kind: 'agenda', meetingId, recommendationId: null });
    return recorded;
  }

  async reorder(meetingId: string, input: ReorderAgendaDto, actor: AuditActor): Promise<AgendaItemDto[]> {
    return this.prisma.$transaction(async (tx) => {
      const meeting = await this.lockOpenMeeting(tx, meetingId);
      const items = await this.meetings.items(tx, meetingId);
      const current = new Set(items.map((item) => item.id));
      const isPermutation = input.itemIds.length === items.length && input.itemIds.every((id) => current.has(id));
      if (!isPermutation) {
        throw new FieldValidationException([
          {
            field: 'itemIds',
            message: `itemIds must list each of the meeting's ${items.length} agenda items exactly once`,
          },
        ]);
      }
      await this.meetings.setPositions(tx, meetingId, input.itemIds);
      await this.meetings.touch(tx, meetingId);
      await this.audit.record(tx, {
        action: 'U',
        type: 'meeting.agenda.reorder',
        actor,
        entity: { type: 'meeting', id: meetingId },
        boardId: meeting.boardId,
        changes: { order: { old: items.map((item) => item.id), new: input.itemIds } },
      });
      return (await this.meetings.items(tx, meetingId)).map(toItemDto);
    });
  }

  /**
   * The whole agenda as the board sees it, in one request: per item the case, the patient, the
   * facts, the readiness checklist and the current draft. One audit event records the PHI read.
   */
  async view(meetingId: string, actor: AuditActor): Promise<AgendaDto> {
    const view = await this.meetings.agendaView(meetingId);
    if (!view) throw new NotFoundException('meeting not found');
    const { meeting, rows } = view;
    const items = rows.map((row) => this.toEntry(row));
    const minutesAllotted = rows.reduce((sum, row) => sum + row.minutesAllotted, 0);
    await this.audit.recordRead({
      action: 'R',
      type: 'meeting.agenda.read',
      actor,
      entity: { type: 'meeting', id: meetingId },
      boardId: meeting.boardId,
      detail: { caseIds: rows.map((row) => row.caseId), patientIds: rows.map((row) => row.case.patientId) },
    });
    return {
      meeting: toMeetingDto(meeting),
      items,
      totals: {
        items: rows.length,
        minutesAllotted,
        meetingDurationMinutes: meeting.durationMinutes,
        overrunMinutes: Math.max(0, minutesAllotted - meeting.durationMinutes),
      },
    };
  }

  private toEntry(row: AgendaViewRow): AgendaEntryDto {
    const { case: caseRow } = row;
    const patient = caseRow.patient;
    return {
      item: {
        id: row.id,
        meetingId: row.meetingId,
        caseId: row.caseId,
        caseReference: caseRow.reference,
        position: row.position,
        minutesAllotted: row.minutesAllotted,
        presenter: row.presenter,
        ...outcomeFields(row),
      },
      case: {
        id: caseRow.id,
        reference: caseRow.reference,
        status: caseRow.status,
        questionForBoard: caseRow.questionForBoard,
        lastImagingDate: isoDate(caseRow.lastImagingDate),
        reportLinks: reportLinksOf(caseRow.reportLinks),
      },
      patient: {
        id: patient.id,
        name: `${patient.familyName}, ${patient.givenName}`,
        mrn: patient.mrn,
        birthDate: patient.birthDate.toISOString().slice(0, 10),
      },
      core: caseCoreOf(caseRow) as unknown as Record<string, unknown>,
      pathway: pathwayRefOf(caseRow.pathwayId),
      pathwayFacts: caseRow.pathwayId === null ? null : { pathwayId: caseRow.pathwayId, ...pathwayFactsOf(caseRow) },
      readiness: readinessOf(caseRow) as AgendaEntryDto['readiness'],
      draftPlan: this.draftOf(caseRow.id, caseRow.recommendations[0]),
    };
  }

  private draftOf(
    caseId: string,
    recommendation: AgendaViewRow['case']['recommendations'][number] | undefined,
  ): AgendaDraftPlanDto | null {
    if (!recommendation) return null;
    let summary: string | null = null;
    try {
      summary = draftSummary(decodeRecommendation(recommendation as unknown as Recommendation));
    } catch (error) {
      // A stored plan the current pathway cannot render must not hide the rest of the agenda.
      this.logger.warn({ caseId, recommendationId: recommendation.id, err: error }, 'draft plan could not be rendered');
    }
    return {
      recommendationId: recommendation.id,
      draftVersion: recommendation.draftVersion,
      status: recommendation.status,
      pathwayId: recommendation.pathwayId,
      primaryBranch: recommendation.primaryBranch,
      summary,
    };
  }

  private async lockOpenMeeting(tx: Tx, meetingId: string): Promise<MeetingRow> {
    const meeting = await this.meetings.lock(tx, meetingId);
    if (!OPEN_MEETING_STATUSES.includes(meeting.status))
      throw new ConflictException(`the agenda of a ${meeting.status} meeting cannot change`);
    return meeting;
  }

  private async getItem(tx: Tx, meetingId: string, itemId: string): Promise<AgendaItemRow> {
    const item = await this.meetings.item(tx, meetingId, itemId);
    if (!item) throw new NotFoundException('agenda item not found');
    return item;
  }

  private async assertPresenter(tx: Tx, boardId: string, presenterId: string): Promise<void> {
    if (!(await this.meetings.isBoardMember(tx, boardId, presenterId))) {
      throw new FieldValidationException([
        { field: 'presenterId', message: 'presenterId must be an active member of the board' },
      ]);
    }
  }
}
