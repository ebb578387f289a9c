import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import type { AuditActor } from '@consilium/audit';
import { PrismaService } from '@consilium/db';
import { AuditRecorder } from '../audit/audit-recorder.service';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { FieldValidationException } from '../common/problem';
import { MeetingEventsService } from '../meeting-events/meeting-events.service';
import type { AttendanceDto, CheckInDto } from './dto/meeting.dto';
import { CHECK_IN_RULE, checkInOpen, OPEN_MEETING_STATUSES } from './meeting-status';
import { MeetingsRepository } from './meetings.repository';
import { quorumOf } from '../votes/quorum';

/** Who is in the room, and whether the required specialties are. */
@Injectable()
export class AttendanceService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly meetings: MeetingsRepository,
    private readonly audit: AuditRecorder,
    private readonly events: MeetingEventsService,
  ) {}

  async list(meetingId: string): Promise<AttendanceDto> {
    const meeting = await this.meetings.get(meetingId);
    const rows = await this.prisma.attendance.findMany({
      where: { meetingId },
      include: { user: { select: { displayName: true } } },
      orderBy: [{ checkedInAt: 'asc' }, { userId: 'asc' }],
    });
    return {
      attendees: rows.map((row) => ({
        userId: row.userId,
        displayName: row.user.displayName,
        specialty: row.specialty,
        checkedInAt: row.checkedInAt.toISOString(),
        checkedInById: row.checkedInById,
        leftAt: row.leftAt?.toISOString() ?? null,
      })),
      quorum: quorumOf(meeting.requiredSpecialties, rows),
    };
  }

  /** A coordinator checks anyone of the board in; a clinician only themselves. */
  async checkIn(
    user: AuthenticatedUser,
    meetingId: string,
    input: CheckInDto,
    actor: AuditActor,
  ): Promise<AttendanceDto> {
    if (!user.roles.includes('COORDINATOR') && input.userId !== user.id)
      throw new ForbiddenException('clinicians may only check themselves in');
    await this.prisma.$transaction(async (tx) => {
      const meeting = await this.meetings.lock(tx, meetingId);
      if (!OPEN_MEETING_STATUSES.includes(meeting.status))
        throw new ConflictException(`a ${meeting.status} meeting takes no check-ins`);
      if (!checkInOpen(meeting, new Date()))
        throw new ConflictException(`the meeting has not started: ${CHECK_IN_RULE}`);
      const member = await this.meetings.isBoardMember(tx, meeting.boardId, input.userId);
      if (!member)
        throw new FieldValidationException([
          { field: 'userId', message: 'userId must be an active member of the board' },
        ]);
      const now = new Date();
      await tx.attendance.upsert({
        where: { meetingId_userId: { meetingId, userId: member.id } },
        create: { meetingId, userId: member.id, specialty: member.specialty, checkedInById: user.id, checkedInAt: now },
        update: { specialty: member.specialty, checkedInById: user.id, checkedInAt: now, leftAt: null },
      });
      await this.meetings.touch(tx, meetingId);
      await this.audit.record(tx, {
        action: 'C',
        type: 'meeting.attendance.check-in',
        actor,
        entity: { type: 'meeting', id: meetingId },
        boardId: meeting.boardId,
        detail: { userId: member.id, specialty: member.specialty },
      });
    });
    await this.events.publish({ kind: 'attendance', meetingId, recommendationId: null });
    return this.list(meetingId);
  }

  /** Marks the attendee as gone (the row stays: who was there when is part of the record). */
  async checkOut(
    user: AuthenticatedUser,
    meetingId: string,
    userId: string,
    actor: AuditActor,
  ): Promise<AttendanceDto> {
    if (!user.roles.includes('COORDINATOR') && userId !== user.id)
      throw new ForbiddenException('clinicians may only check themselves out');
    await this.prisma.$transaction(async (tx) => {
      const meeting = await this.meetings.lock(tx, meetingId);
      const updated = await tx.attendance.updateMany({
        where: { meetingId, userId, leftAt: null },
        data: { leftAt: new Date() },
      });
      if (updated.count === 0) throw new NotFoundException('attendee not checked in');
      await this.meetings.touch(tx, meetingId);
      await this.audit.record(tx, {
        action: 'D',
        type: 'meeting.attendance.check-out',
        actor,
        entity: { type: 'meeting', id: meetingId },
        boardId: meeting.boardId,
        detail: { userId },
      });
    });
    await this.events.publish({ kind: 'attendance', meetingId, recommendationId: null });
    return this.list(meetingId);
  }
}
