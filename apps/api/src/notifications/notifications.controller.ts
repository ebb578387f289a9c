import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { OwnedBy } from '../access/scoped-by.decorator';
import { CurrentUser } from '../auth/auth.decorators';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { ListNotificationsQuery, NotificationDto } from './dto/notification.dto';
import { NotificationsService } from './notifications.service';

/**
 * The caller's own notifications. Not board-scoped: a notification belongs to one user, and
 * every query is filtered by the caller's id (another user's id answers 404).
 */
@ApiTags('notifications')
@Controller('me/notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @ApiOperation({ summary: 'List your notifications' })
  @Get()
  @ApiOkResponse({ type: [NotificationDto], description: 'Newest first' })
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: ListNotificationsQuery): Promise<NotificationDto[]> {
    return this.notifications.list(user.id, query);
  }

  @ApiOperation({ summary: 'Mark a notification read' })
  @Post(':id/read')
  @OwnedBy('notification')
  @HttpCode(200)
  @ApiOkResponse({ type: NotificationDto })
  markRead(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string): Promise<NotificationDto> {
    return this.notifications.markRead(user.id, id);
  }
}
