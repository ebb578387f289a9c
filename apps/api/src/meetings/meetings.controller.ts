import { Body, Controller, Delete, Get, Headers, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuditActor } from '@consilium/audit';
import { ScopedBy } from '../access/scoped-by.decorator';
import { Actor, CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { AgendaService } from './agenda.service';
import { AttendanceService } from './attendance.service';
import {
  AddAgendaItemDto,
  AgendaDto,
  AgendaItemDto,
  AttendanceDto,
  ChangeMeetingStatusDto,
  CheckInDto,
  CreateMeetingDto,
  ListMeetingsQuery,
  MeetingDto,
  OpenVotingWindowDto,
  ReorderAgendaDto,
  UpdateAgendaItemDto,
  UpdateMeetingDto,
} from './dto/meeting.dto';
import { etagOf } from '../common/etag';
import { MeetingsService } from './meetings.service';

@ApiTags('meetings')
@ApiBearerAuth()
@Controller('meetings')
export class MeetingsController {
  constructor(
    private readonly meetings: MeetingsService,
    private readonly agenda: AgendaService,
    private readonly attendance: AttendanceService,
  ) {}

  @Get()
  @ApiOkResponse({ type: [MeetingDto], description: "Meetings of the user's boards, by start time" })
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: ListMeetingsQuery): Promise<MeetingDto[]> {
    return this.meetings.list(user, query);
  }

  @Post()
  @Roles('COORDINATOR')
  @ApiCreatedResponse({ type: MeetingDto, headers: { ETag: { description: 'version for If-Match' } } })
  async create(@CurrentUser() user: AuthenticatedUser, @Body() body: CreateMeetingDto, @Actor() actor: AuditActor, @Res({ passthrough: true }) reply: FastifyReply): Promise<MeetingDto> {
    const created = await this.meetings.create(user, body, actor);
    void reply.header('ETag', etagOf(created.version, 'm')).header('Location', `/meetings/${created.id}`);
    return created;
  }

  @Get(':id')
  @ScopedBy('meeting')
  @ApiOkResponse({ type: MeetingDto })
  async get(@Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<MeetingDto> {
    const found = await this.meetings.get(id);
    void reply.header('ETag', etagOf(found.version, 'm'));
    return found;
  }

  @Patch(':id')
  @Roles('COORDINATOR')
  @ScopedBy('meeting')
  @ApiHeader({ name: 'If-Match', required: true, description: 'The ETag of the meeting version being edited (428 without, 412 when stale)' })
  @ApiOkResponse({ type: MeetingDto })
  async update(@Param('id') id: string, @Headers('if-match') ifMatch: string | undefined, @Body() body: UpdateMeetingDto, @Actor() actor: AuditActor, @Res({ passthrough: true }) reply: FastifyReply): Promise<MeetingDto> {
    const updated = await this.meetings.update(id, ifMatch, body, actor);
    void reply.header('ETag', etagOf(updated.version, 'm'));
    return updated;
  }

  @Post(':id/status')
  @HttpCode(200)
  @Roles('COORDINATOR')
  @ScopedBy('meeting')
  @ApiOkResponse({ type: MeetingDto, description: '409 when the transition is not allowed' })
  changeStatus(@Param('id') id: string, @Body() body: ChangeMeetingStatusDto, @Actor() actor: AuditActor): Promise<MeetingDto> {
    return this.meetings.changeStatus(id, body, actor);
  }

  @Post(':id/voting-window')
  @HttpCode(200)
  @Roles('CLINICIAN')
  @ScopedBy('meeting')
  @ApiOkResponse({ type: MeetingDto, description: "The chair opens an asynchronous voting window (403 for anyone else); audited" })
  openVotingWindow(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string, @Body() body: OpenVotingWindowDto, @Actor() actor: AuditActor): Promise<MeetingDto> {
    return this.meetings.openVotingWindow(user, id, body, actor);
  }

  // --- agenda -----------------------------------------------------------------------------------

  @Get(':id/agenda')
  @ScopedBy('meeting')
  @ApiOkResponse({ type: AgendaDto, description: 'Every item with its case, patient, facts, readiness and draft plan (a PHI read: audited)' })
  agendaView(@Param('id') id: string, @Actor() actor: AuditActor): Promise<AgendaDto> {
    return this.agenda.view(id, actor);
  }

  @Post(':id/agenda')
  @Roles('COORDINATOR')
  @ScopedBy('meeting')
  @ApiCreatedResponse({ type: AgendaItemDto, description: '409 naming caseId when the case is on another open agenda' })
  addAgendaItem(@Param('id') id: string, @Body() body: AddAgendaItemDto, @Actor() actor: AuditActor): Promise<AgendaItemDto> {
    return this.agenda.add(id, body, actor);
  }

  @Put(':id/agenda/order')
  @Roles('COORDINATOR')
  @ScopedBy('meeting')
  @ApiOkResponse({ type: [AgendaItemDto], description: '400 unless itemIds is a permutation of the current items' })
  reorderAgenda(@Param('id') id: string, @Body() body: ReorderAgendaDto, @Actor() actor: AuditActor): Promise<AgendaItemDto[]> {
    return this.agenda.reorder(id, body, actor);
  }

  @Patch(':id/agenda/:itemId')
  @Roles('COORDINATOR')
  @ScopedBy('meeting')
  @ApiOkResponse({ type: AgendaItemDto })
  updateAgendaItem(@Param('id') id: string, @Param('itemId', ParseUUIDPipe) itemId: string, @Body() body: UpdateAgendaItemDto, @Actor() actor: AuditActor): Promise<AgendaItemDto> {
    return this.agenda.update(id, itemId, body, actor);
  }

  @Delete(':id/agenda/:itemId')
  @Roles('COORDINATOR')
  @ScopedBy('meeting')
  @HttpCode(204)
  @ApiNoContentResponse()
  async removeAgendaItem(@Param('id') id: string, @Param('itemId', ParseUUIDPipe) itemId: string, @Actor() actor: AuditActor): Promise<void> {
    await this.agenda.remove(id, itemId, actor);
  }

  // --- attendance -------------------------------------------------------------------------------

  @Get(':id/attendance')
  @ScopedBy('meeting')
  @ApiOkResponse({ type: AttendanceDto, description: 'Attendees and the quorum summary' })
  attendanceOf(@Param('id') id: string): Promise<AttendanceDto> {
    return this.attendance.list(id);
  }

  @Post(':id/attendance')
  @HttpCode(200)
  @Roles('COORDINATOR', 'CLINICIAN')
  @ScopedBy('meeting')
  @ApiOkResponse({ type: AttendanceDto, description: 'A coordinator checks anyone of the board in; a clinician only themselves' })
  checkIn(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string, @Body() body: CheckInDto, @Actor() actor: AuditActor): Promise<AttendanceDto> {
    return this.attendance.checkIn(user, id, body, actor);
  }

  @Delete(':id/attendance/:userId')
  @Roles('COORDINATOR', 'CLINICIAN')
  @ScopedBy('meeting')
  @ApiOkResponse({ type: AttendanceDto })
  checkOut(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string, @Param('userId', ParseUUIDPipe) userId: string, @Actor() actor: AuditActor): Promise<AttendanceDto> {
    return this.attendance.checkOut(user, id, userId, actor);
  }
}
