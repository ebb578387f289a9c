import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import type { MeetingStatus } from '@prisma/client';
import type { AuditActor } from '@consilium/audit';
import { APP_CONFIG, type AppConfig } from '@consilium/config';
import { PrismaService } from '@consilium/db';
import { AuditRecorder } from '../audit/audit-recorder.service';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { CALENDAR_TOKEN_PATTERN, hashCalendarToken, newCalendarToken } from './calendar-token';
import type { CalendarFeedDto } from './dto/calendar-feed.dto';

/** A meeting that started up to this long ago still shows (it may be running). */
const LOOKBACK_MS = 24 * 60 * 60 * 1000;
const MAX_EVENTS = 500;

const EVENT_STATUS: Record<MeetingStatus, ICalEventStatus> = {
  PLANNED: ICalEventStatus.CONFIRMED,
  IN_PROGRESS: ICalEventStatus.CONFIRMED,
  CLOSED: ICalEventStatus.CONFIRMED,
  CANCELLED: ICalEventStatus.CANCELLED,
};

/**
 * Personal iCalendar feeds of upcoming meetings. Calendar clients cannot send bearer tokens, so
 * the feed URL carries an unguessable token; only its SHA-256 is stored. The feed holds no PHI:
 * title, time, place or link, and the number of cases.
 */
@Injectable()
export class CalendarService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly prisma: PrismaService,
    private readonly audit: AuditRecorder,
  ) {}

  /** Issues the user's feed on first use; afterwards the URL can only be replaced (rotate). */
  async feedOf(user: AuthenticatedUser, actor: AuditActor): Promise<CalendarFeedDto> {
    const row = await this.prisma.user.findUniqueOrThrow({
      where: { id: user.id },
      select: { calendarFeedTokenHash: true },
    });
    if (row.calendarFeedTokenHash) return { active: true, url: null };
    return this.issue(user.id, actor, false);
  }

  rotate(user: AuthenticatedUser, actor: AuditActor): Promise<CalendarFeedDto> {
    return this.issue(user.id, actor, true);
  }

  /** The feed of the token's owner, as text/calendar; 404 for an unknown token or inactive user. */
  async feed(token: string, now: Date = new Date()): Promise<string> {
    if (!CALENDAR_TOKEN_PATTERN.test(token)) throw new NotFoundException('calendar not found');
    const user = await this.prisma.user.findUnique({
      where: { calendarFeedTokenHash: hashCalendarToken(token) },
      select: { id: true, active: true, allBoardsAccess: true, memberships: { select: { boardId: true } } },
    });
    if (!user?.active) throw new NotFoundException('calendar not found');
    const meetings = await this.prisma.meeting.findMany({
      where: {
        boardId: user.allBoardsAccess ? undefined : { in: user.memberships.map((membership) => membership.boardId) },
        startsAt: { gte: new Date(now.getTime() - LOOKBACK_MS) },
      },
      select: {
        id: true,
        title: true,
        startsAt: true,
        durationMinutes: true,
        location: true,
        videoLink: true,
        status: true,
        version: true,
        updatedAt: true,
        board: { select: { name: true } },
        _count: { select: { agendaItems: true } },
      },
      orderBy: { startsAt: 'asc' },
      take: MAX_EVENTS,
    });
    const calendar = ical({
      name: 'Consilium tumor boards',
      prodId: { company: 'Consilium', product: 'tumor-board-meetings', language: 'EN' },
      method: ICalCalendarMethod.PUBLISH,
      ttl: 60 * 60,
    });
    for (const meeting of meetings) {
      const cases = meeting._count.agendaItems;
      calendar.createEvent({
        id: `${meeting.id}@consilium`,
        sequence: meeting.version,
        stamp: meeting.updatedAt,
        lastModified: meeting.updatedAt,
        start: meeting.startsAt,
        end: new Date(meeting.startsAt.getTime() + meeting.durationMinutes * 60_000),
        summary: meeting.title,
        status: EVENT_STATUS[meeting.status],
        location: meeting.location ?? meeting.videoLink ?? null,
        url: meeting.videoLink,
        description: [
          `${meeting.board.name}: ${cases} ${cases === 1 ? 'case' : 'cases'} on the agenda.`,
          meeting.videoLink ? `Video: ${meeting.videoLink}` : null,
        ]
          .filter(Boolean)
          .join('\n'),
      });
    }
    return calendar.toString();
  }

  private async issue(userId: string, actor: AuditActor, rotation: boolean): Promise<CalendarFeedDto> {
    const token = newCalendarToken();
    await this.prisma.$transaction(async (tx) => {
      await tx.user.update({ where: { id: userId }, data: { calendarFeedTokenHash: hashCalendarToken(token) } });
      await this.audit.record(tx, {
        action: 'U',
        type: rotation ? 'user.calendar-feed.rotate' : 'user.calendar-feed.issue',
        actor,
        entity: { type: 'user', id: userId },
      });
    });
    return { active: true, url: `${this.config.http.publicBaseUrl}/calendar/${token}.ics` };
  }
}
