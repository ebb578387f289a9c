import { Injectable, NotFoundException } from '@nestjs/common';
import type { Notification } from '@prisma/client';
import { PrismaService } from '@consilium/db';
import type { NotificationDto } from './dto/notification.dto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function toDto(row: Notification): NotificationDto {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    body: row.body,
    link: row.link,
    caseId: row.caseId,
    reminderId: row.reminderId,
    createdAt: row.createdAt.toISOString(),
    readAt: row.readAt?.toISOString() ?? null,
  };
}

/** The signed-in user's in-app notifications (written by the worker's reminder delivery). */
@Injectable()
export class NotificationsService {
  constructor(private readonly prisma: PrismaService) {}

  async list(userId: string, options: { unread?: boolean; limit?: number }): Promise<NotificationDto[]> {
    const rows = await this.prisma.notification.findMany({
      where: { userId, ...(options.unread ? { readAt: null } : {}) },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: options.limit ?? 50,
    });
    return rows.map(toDto);
  }

  /** Marks one of the user's notifications read (idempotent); another user's is "not found". */
  async markRead(userId: string, id: string): Promise<NotificationDto> {
    if (!UUID.test(id)) throw new NotFoundException('notification not found');
    await this.prisma.notification.updateMany({ where: { id, userId, readAt: null }, data: { readAt: new Date() } });
    const row = await this.prisma.notification.findFirst({ where: { id, userId } });
    if (!row) throw new NotFoundException('notification not found');
    return toDto(row);
  }
}
