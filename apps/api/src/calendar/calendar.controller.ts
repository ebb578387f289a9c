import { Controller, Get, Header, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags, ApiOperation } from '@nestjs/swagger';
import type { AuditActor } from '@consilium/audit';
import { Actor, CurrentUser } from '../auth/auth.decorators';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { Public } from '../common/public.decorator';
import { CalendarService } from './calendar.service';
import { CalendarFeedDto } from './dto/calendar-feed.dto';
import { ApiRefusals } from '../common/openapi/api-refusals.decorator';

@ApiTags('calendar')
@Controller('me/calendar-feed')
export class CalendarFeedController {
  constructor(private readonly calendar: CalendarService) {}

  @ApiOperation({ summary: 'Get your calendar feed URL' })
  @Get()
  @ApiOkResponse({
    type: CalendarFeedDto,
    description: 'Issues the personal feed URL on first call; afterwards url is null (rotate for a new one)',
  })
  get(@CurrentUser() user: AuthenticatedUser, @Actor() actor: AuditActor): Promise<CalendarFeedDto> {
    return this.calendar.feedOf(user, actor);
  }

  @ApiOperation({ summary: 'Replace your calendar feed URL' })
  @Post('rotate')
  @HttpCode(200)
  @ApiOkResponse({ type: CalendarFeedDto, description: 'A new feed URL; the old one stops working at once' })
  rotate(@CurrentUser() user: AuthenticatedUser, @Actor() actor: AuditActor): Promise<CalendarFeedDto> {
    return this.calendar.rotate(user, actor);
  }
}

@ApiTags('calendar')
@Controller('calendar')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  // Public on purpose: calendar clients cannot send bearer tokens. The 256-bit token in the URL
  // is the credential (stored hashed, rotatable), and the feed carries no PHI.
  @Public()
  @ApiOperation({ summary: 'Download the meetings calendar of a feed (iCalendar)' })
  @ApiRefusals({ 404: 'No feed with this token (rotated, or the user deactivated)' })
  @Get(':token.ics')
  @Header('content-type', 'text/calendar; charset=utf-8')
  @Header('cache-control', 'private, no-store')
  @ApiProduces('text/calendar')
  @ApiOkResponse({ description: "iCalendar (RFC 5545) of the meetings of the token owner's boards from now on" })
  feed(@Param('token') token: string): Promise<string> {
    return this.calendar.feed(token);
  }
}
