import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import type { Prisma } from '@prisma/client';
import { changedFields, type AuditActor } from '@consilium/audit';
import { PrismaService, type Tx } from '@consilium/db';
import { BoardAccessService } from '../access/board-access.service';
import { AuditRecorder } from '../audit/audit-recorder.service';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { FieldValidationException } from '../common/problem';
import type {
  ChangeMeetingStatusDto,
  CreateMeetingDto,
  ListMeetingsQuery,
  MeetingDelegateDto,
  MeetingDto,
  OpenVotingWindowDto,
  PresentItemDto,
  UpdateMeetingDto,
} from './dto/meeting.dto';
import { MeetingEventsService } from '../meeting-events/meeting-events.service';
import { expectedVersion, staleVersion } from '../common/etag';
import {
  canMoveMeeting,
  MEETING_TRANSITIONS,
  OPEN_MEETING_STATUSES,
  VOTING_WINDOW_MAX_DAYS,
  votingOpen,
} from './meeting-status';
import { MeetingsRepository, type MeetingRow } from './meetings.repository';

export function toMeetingDto(row: MeetingRow): MeetingDto {
  return {
    id: row.id,
    boardId: row.boardId,
    title: row.title,
    startsAt: row.startsAt.toISOString(),
    endsAt: new Date(row.startsAt.getTime() + row.durationMinutes * 60_000).toISOString(),
    durationMinutes: row.durationMinutes,
    location: row.location,
    videoLink: row.videoLink,
    status: row.status,
    chairId: row.chairId,
    chairName: row.chair?.displayName ?? null,
    delegateId: row.delegateId,
    delegateName: row.delegate?.displayName ?? null,
    requiredSpecialties: row.requiredSpecialties,
    agendaItemCount: row._count.agendaItems,
    votingOpenUntil: row.votingOpenUntil?.toISOString() ?? null,
    votingOpen: votingOpen(row, new Date()),
    presentedItemId: row.presentedItemId,
    version: row.version,
  };
}

/** The audited, comparable fields of a meeting. */
function editable(row: MeetingRow): Record<string, unknown> {
  return {
    title: row.title,
    startsAt: row.startsAt.toISOString(),
    durationMinutes: row.durationMinutes,
    location: row.location,
    videoLink: row.videoLink,
    chairId: row.chairId,
    delegateId: row.delegateId,
  };
}

/** Meetings of a board: scheduling, editing, status. Every change is one transaction with its audit row. */
@Injectable()
export class MeetingsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly meetings: MeetingsRepository,
    private readonly access: BoardAccessService,
    private readonly audit: AuditRecorder,
    private readonly events: MeetingEventsService,
  ) {}

  async list(user: AuthenticatedUser, query: ListMeetingsQuery): Promise<MeetingDto[]> {
    const where: Prisma.MeetingWhereInput = {
      AND: [
        { boardId: this.access.boardFilter(user) },
        query.boardId ? { boardId: query.boardId } : {},
        query.from ? { startsAt: { gte: new Date(query.from) } } : {},
        query.to ? { startsAt: { lt: new Date(query.to) } } : {},
      ],
    };
    return (await this.meetings.list(where)).map(toMeetingDto);
  }

  async get(id: string): Promise<MeetingDto> {
    return toMeetingDto(await this.meetings.get(id));
  }

  async create(user: AuthenticatedUser, input: CreateMeetingDto, actor: AuditActor): Promise<MeetingDto> {
    return this.prisma.$transaction(async (tx) => {
      const board = await tx.board.findUnique({ where: { id: input.boardId } });
      if (!board || !this.access.canAccessBoard(user, board.id)) throw new NotFoundException('board not found');
      if (input.chairId) await this.assertChair(tx, board.id, input.chairId);
      const created = await tx.meeting.create({
        data: {
          boardId: board.id,
          title: input.title ?? board.name,
          startsAt: new Date(input.startsAt),
          durationMinutes: input.durationMinutes ?? board.defaultMeetingMinutes,
          location: input.location ?? null,
          videoLink: input.videoLink ?? null,
          chairId: input.chairId ?? null,
          requiredSpecialties: board.requiredSpecialties,
        },
      });
      const row = await this.meetings.get(created.id, tx);
      await this.audit.record(tx, {
        action: 'C',
        type: 'meeting.create',
        actor,
        entity: { type: 'meeting', id: row.id },
        boardId: row.boardId,
        detail: editable(row),
      });
      return toMeetingDto(row);
    });
  }

  async update(
    id: string,
    ifMatch: string | undefined,
    input: UpdateMeetingDto,
    actor: AuditActor,
  ): Promise<MeetingDto> {
    const expected = expectedVersion(ifMatch, 'meeting', 'm');
    return this.prisma.$transaction(async (tx) => {
      const before = await this.meetings.lock(tx, id);
      if (before.version !== expected) throw staleVersion(before.version, 'meeting', 'm');
      if (!OPEN_MEETING_STATUSES.includes(before.status))
        throw new ConflictException(`a ${before.status} meeting cannot be edited`);
      if (input.chairId) await this.assertChair(tx, before.boardId, input.chairId);
      await tx.meeting.update({
        where: { id },
        data: {
          title: input.title,
          startsAt: input.startsAt ? new Date(input.startsAt) : undefined,
          durationMinutes: input.durationMinutes,
          location: input.location,
          videoLink: input.videoLink,
          chairId: input.chairId,
          // The delegate is the chair's choice: a new chair names their own.
          delegateId: input.chairId !== undefined && input.chairId !== before.chairId ? null : undefined,
          version: { increment: 1 },
        },
      });
      const after = await this.meetings.get(id, tx);
      await this.audit.record(tx, {
        action: 'U',
        type: 'meeting.update',
        actor,
        entity: { type: 'meeting', id },
        boardId: after.boardId,
        changes: changedFields(editable(before), editable(after)),
      });
      return toMeetingDto(after);
    });
  }

  async changeStatus(id: string, input: ChangeMeetingStatusDto, actor: AuditActor): Promise<MeetingDto> {
    return this.prisma.$transaction(async (tx) => {
      const before = await this.meetings.lock(tx, id);
      if (!canMoveMeeting(before.status, input.status)) {
        throw new ConflictException(
          `a ${before.status} meeting cannot become ${input.status}; allowed: ${MEETING_TRANSITIONS[before.status].join(', ') || 'none'}`,
        );
      }
      await tx.meeting.update({ where: { id }, data: { status: input.status, version: { increment: 1 } } });
      const after = await this.meetings.get(id, tx);
      await this.audit.record(tx, {
        action: 'U',
        type: 'meeting.status',
        actor,
        entity: { type: 'meeting', id },
        boardId: after.boardId,
        changes: { status: { old: before.status, new: after.status } },
      });
      return toMeetingDto(after);
    });
  }

  /**
   * The chair opens an asynchronous voting window: until `closesAt` the board may check in, vote
   * and the chair sign off, whatever the meeting's time (a decision that cannot wait for the room).
   */
  async openVotingWindow(
    user: AuthenticatedUser,
    id: string,
    input: OpenVotingWindowDto,
    actor: AuditActor,
  ): Promise<MeetingDto> {
    const closesAt = new Date(input.closesAt);
    const now = new Date();
    if (closesAt <= now || closesAt.getTime() > now.getTime() + VOTING_WINDOW_MAX_DAYS * 86_400_000) {
      throw new FieldValidationException([
        {
          field: 'closesAt',
          message: `closesAt must be in the future and at most ${VOTING_WINDOW_MAX_DAYS} days ahead`,
        },
      ]);
    }
    return this.prisma.$transaction(async (tx) => {
      const before = await this.meetings.lock(tx, id);
      if (before.chairId !== user.id) throw new ForbiddenException("only the meeting's chair can open a voting window");
      if (before.status === 'CANCELLED') throw new ConflictException('a CANCELLED meeting takes no votes');
      await tx.meeting.update({ where: { id }, data: { votingOpenUntil: closesAt, version: { increment: 1 } } });
      const after = await this.meetings.get(id, tx);
      await this.audit.record(tx, {
        action: 'U',
        type: 'meeting.voting-window',
        actor,
        entity: { type: 'meeting', id },
        boardId: after.boardId,
        changes: {
          votingOpenUntil: { old: before.votingOpenUntil?.toISOString() ?? null, new: closesAt.toISOString() },
        },
      });
      return toMeetingDto(after);
    });
  }

  /**
   * The coordinator's presentation view says which case is on the screen; clinicians who follow
   * it in meeting mode see the same case. Audited, and announced on the meeting's event stream.
   */
  async present(id: string, input: PresentItemDto, actor: AuditActor): Promise<MeetingDto> {
    const presented = await this.prisma.$transaction(async (tx) => {
      const before = await this.meetings.lock(tx, id);
      if (!OPEN_MEETING_STATUSES.includes(before.status))
        throw new ConflictException(`a ${before.status} meeting is not presented`);
      if (input.itemId !== null && !(await tx.agendaItem.count({ where: { id: input.itemId, meetingId: id } }))) {
        throw new FieldValidationException(
          [{ field: 'itemId', message: "itemId must be an item of this meeting's agenda" }],
          404,
        );
      }
      if (before.presentedItemId === input.itemId) return toMeetingDto(before);
      await tx.meeting.update({ where: { id }, data: { presentedItemId: input.itemId } });
      const after = await this.meetings.get(id, tx);
      await this.audit.record(tx, {
        action: 'U',
        type: 'meeting.presenting',
        actor,
        entity: { type: 'meeting', id },
        boardId: after.boardId,
        changes: { presentedItemId: { old: before.presentedItemId, new: after.presentedItemId } },
      });
      return toMeetingDto(after);
    });
    await this.events.publish({ kind: 'agenda', meetingId: id, recommendationId: null });
    return presented;
  }

  /**
   * The chair (or the coordinator) names a clinician of the board who edits the proposal in the
   * chair's place; null takes the right away. Sign-off stays with the chair. If-Match as for
   * every meeting edit; one transaction with its audit row.
   */
  async nameDelegate(
    user: AuthenticatedUser,
    id: string,
    ifMatch: string | undefined,
    input: MeetingDelegateDto,
    actor: AuditActor,
  ): Promise<MeetingDto> {
    const expected = expectedVersion(ifMatch, 'meeting', 'm');
    const named = await this.prisma.$transaction(async (tx) => {
      const before = await this.meetings.lock(tx, id);
      if (!user.roles.includes('COORDINATOR') && before.chairId !== user.id)
        throw new ForbiddenException("only the meeting's chair or the coordinator names the chair's delegate");
      if (before.version !== expected) throw staleVersion(before.version, 'meeting', 'm');
      if (!OPEN_MEETING_STATUSES.includes(before.status))
        throw new ConflictException(`a ${before.status} meeting cannot be edited`);
      if (input.userId !== null) {
        if (before.chairId === null)
          throw new ConflictException(
            'the meeting has no chair: name a chair first (anyone of the board edits the proposal until then)',
          );
        if (input.userId === before.chairId)
          throw new FieldValidationException([
            { field: 'userId', message: 'userId names the chair, who edits the proposal already' },
          ]);
        const member = await this.meetings.isBoardMember(tx, before.boardId, input.userId);
        if (!member || !member.roles.includes('CLINICIAN'))
          throw new FieldValidationException([
            { field: 'userId', message: 'userId must be a clinician member of the board' },
          ]);
      }
      if (before.delegateId === input.userId) return toMeetingDto(before);
      await tx.meeting.update({ where: { id }, data: { delegateId: input.userId, version: { increment: 1 } } });
      const after = await this.meetings.get(id, tx);
      await this.audit.record(tx, {
        action: 'U',
        type: 'meeting.delegate',
        actor,
        entity: { type: 'meeting', id },
        boardId: after.boardId,
        changes: { delegateId: { old: before.delegateId, new: after.delegateId } },
      });
      return toMeetingDto(after);
    });
    // Meeting mode shows who may edit the proposal: the screens of the meeting reload.
    await this.events.publish({ kind: 'agenda', meetingId: id, recommendationId: null });
    return named;
  }

  /** The chair must be an active clinician of the board. */
  private async assertChair(tx: Tx, boardId: string, chairId: string): Promise<void> {
    const member = await this.meetings.isBoardMember(tx, boardId, chairId);
    if (!member || !member.roles.includes('CLINICIAN'))
      throw new FieldValidationException([
        { field: 'chairId', message: 'chairId must be a clinician member of the board' },
      ]);
  }
}
