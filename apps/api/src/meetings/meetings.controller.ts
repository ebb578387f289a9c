import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Put,
  Query,
  Res,
} from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
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
  DiscussionNotesDto,
  ListMeetingsQuery,
  MeetingDelegateDto,
  MeetingDto,
  OpenVotingWindowDto,
  PresentItemDto,
  RecordOutcomeDto,
  ReorderAgendaDto,
  UpdateAgendaItemDto,
  UpdateMeetingDto,
} from './dto/meeting.dto';
import { etagOf } from '../common/etag';
import { MeetingsService } from './meetings.service';
import { ApiIfMatch, ApiRefusals, ETAG_HEADER } from '../common/openapi/api-refusals.decorator';

@ApiTags('meetings')
@Controller('meetings')
export class MeetingsController {
  constructor(
    private readonly meetings: MeetingsService,
    private readonly agenda: AgendaService,
    private readonly attendance: AttendanceService,
  ) {}

  @ApiOperation({ summary: 'List the meetings of your boards' })
  @Get()
  @ApiOkResponse({
    type: [MeetingDto],
    description: "Meetings of the user's boards, by start time (at most 500: narrow with from and to)",
  })
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: ListMeetingsQuery): Promise<MeetingDto[]> {
    return this.meetings.list(user, query);
  }

  @ApiOperation({ summary: 'Schedule a meeting' })
  @ApiRefusals({ 404: 'No board with this boardId among yours' })
  @Post()
  @Roles('COORDINATOR')
  @ApiCreatedResponse({ type: MeetingDto, headers: ETAG_HEADER })
  async create(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: CreateMeetingDto,
    @Actor() actor: AuditActor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<MeetingDto> {
    const created = await this.meetings.create(user, body, actor);
    void reply.header('ETag', etagOf(created.version, 'm')).header('Location', `/meetings/${created.id}`);
    return created;
  }

  @ApiOperation({ summary: 'Get a meeting' })
  @Get(':id')
  @ScopedBy('meeting')
  @ApiOkResponse({ type: MeetingDto, headers: ETAG_HEADER })
  async get(@Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<MeetingDto> {
    const found = await this.meetings.get(id);
    void reply.header('ETag', etagOf(found.version, 'm'));
    return found;
  }

  @ApiOperation({ summary: 'Change a meeting (time, place, chair)' })
  @ApiRefusals({ 409: 'The meeting is closed or cancelled' })
  @Patch(':id')
  @Roles('COORDINATOR')
  @ScopedBy('meeting')
  @ApiIfMatch('meeting')
  @ApiOkResponse({ type: MeetingDto, headers: ETAG_HEADER })
  async update(
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: UpdateMeetingDto,
    @Actor() actor: AuditActor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<MeetingDto> {
    const updated = await this.meetings.update(id, ifMatch, body, actor);
    void reply.header('ETag', etagOf(updated.version, 'm'));
    return updated;
  }

  @ApiOperation({ summary: 'Start, end or cancel a meeting' })
  @ApiRefusals({ 409: 'The meeting cannot make this transition (the allowed ones are named)' })
  @Post(':id/status')
  @HttpCode(200)
  @Roles('COORDINATOR')
  @ScopedBy('meeting')
  @ApiOkResponse({ type: MeetingDto })
  changeStatus(
    @Param('id') id: string,
    @Body() body: ChangeMeetingStatusDto,
    @Actor() actor: AuditActor,
  ): Promise<MeetingDto> {
    return this.meetings.changeStatus(id, body, actor);
  }

  @Post(':id/voting-window')
  @HttpCode(200)
  @Roles('CLINICIAN')
  @ScopedBy('meeting')
  @ApiOperation({ summary: 'Open an asynchronous voting window (the chair)' })
  @ApiRefusals({ 403: 'Only the chair of the meeting opens a voting window', 409: 'The meeting is cancelled' })
  @ApiOkResponse({
    type: MeetingDto,
    description: 'The chair opens an asynchronous voting window (403 for anyone else); audited',
  })
  openVotingWindow(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Body() body: OpenVotingWindowDto,
    @Actor() actor: AuditActor,
  ): Promise<MeetingDto> {
    return this.meetings.openVotingWindow(user, id, body, actor);
  }

  @Put(':id/delegate')
  @Roles('COORDINATOR', 'CLINICIAN')
  @ScopedBy('meeting')
  @ApiIfMatch('meeting')
  @ApiOperation({ summary: "Name the chair's delegate, who may edit the proposal (the chair or the coordinator)" })
  @ApiRefusals({
    400: 'userId is not a clinician member of the board, or is the chair (userId named)',
    403: "Only the meeting's chair or the coordinator names a delegate",
    409: 'The meeting is closed or cancelled, or has no chair',
  })
  @ApiOkResponse({
    type: MeetingDto,
    headers: ETAG_HEADER,
    description:
      'The delegate edits the proposal as the chair does; sign-off stays with the chair. null removes the delegate. Audited (meeting.delegate)',
  })
  async nameDelegate(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: MeetingDelegateDto,
    @Actor() actor: AuditActor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<MeetingDto> {
    const updated = await this.meetings.nameDelegate(user, id, ifMatch, body, actor);
    void reply.header('ETag', etagOf(updated.version, 'm'));
    return updated;
  }

  @Put(':id/presenting')
  @Roles('COORDINATOR')
  @ScopedBy('meeting')
  @ApiOperation({ summary: 'Say which case the presentation view shows (clinicians may follow it)' })
  @ApiRefusals({
    404: 'No meeting with this id on your boards, or no such item on its agenda (itemId named)',
    409: 'The meeting is closed or cancelled',
  })
  @ApiOkResponse({ type: MeetingDto, description: 'Audited (meeting.presenting) and announced on the event stream' })
  present(@Param('id') id: string, @Body() body: PresentItemDto, @Actor() actor: AuditActor): Promise<MeetingDto> {
    return this.meetings.present(id, body, actor);
  }

  // --- agenda -----------------------------------------------------------------------------------

  @ApiOperation({ summary: 'Get the agenda with every case in full' })
  @Get(':id/agenda')
  @ScopedBy('meeting')
  @ApiOkResponse({
    type: AgendaDto,
    description: 'Every item with its case, patient, facts, readiness and draft plan (a PHI read: audited)',
  })
  agendaView(@Param('id') id: string, @Actor() actor: AuditActor): Promise<AgendaDto> {
    return this.agenda.view(id, actor);
  }

  @ApiOperation({ summary: 'Put a case on the agenda' })
  @ApiRefusals({
    404: 'No meeting with this id on your boards, or no such case on its board',
    409: 'The case is on another open agenda or not schedulable (caseId named), or the meeting is closed',
  })
  @Post(':id/agenda')
  @Roles('COORDINATOR')
  @ScopedBy('meeting')
  @ApiCreatedResponse({ type: AgendaItemDto, description: '409 naming caseId when the case is on another open agenda' })
  addAgendaItem(
    @Param('id') id: string,
    @Body() body: AddAgendaItemDto,
    @Actor() actor: AuditActor,
  ): Promise<AgendaItemDto> {
    return this.agenda.add(id, body, actor);
  }

  @ApiOperation({ summary: 'Reorder the agenda' })
  @ApiRefusals({ 400: 'itemIds is not a permutation of the current items', 409: 'The meeting is closed or cancelled' })
  @Put(':id/agenda/order')
  @Roles('COORDINATOR')
  @ScopedBy('meeting')
  @ApiOkResponse({ type: [AgendaItemDto], description: '400 unless itemIds is a permutation of the current items' })
  reorderAgenda(
    @Param('id') id: string,
    @Body() body: ReorderAgendaDto,
    @Actor() actor: AuditActor,
  ): Promise<AgendaItemDto[]> {
    return this.agenda.reorder(id, body, actor);
  }

  @ApiOperation({ summary: 'Change an agenda item (minutes, presenter)' })
  @ApiRefusals({
    404: 'No meeting with this id on your boards, or no such item on its agenda',
    409: 'The meeting is closed or cancelled',
  })
  @Patch(':id/agenda/:itemId')
  @Roles('COORDINATOR')
  @ScopedBy('meeting')
  @ApiOkResponse({ type: AgendaItemDto })
  updateAgendaItem(
    @Param('id') id: string,
    @Param('itemId', ParseUUIDPipe) itemId: string,
    @Body() body: UpdateAgendaItemDto,
    @Actor() actor: AuditActor,
  ): Promise<AgendaItemDto> {
    return this.agenda.update(id, itemId, body, actor);
  }

  @ApiOperation({ summary: 'Take a case off the agenda' })
  @ApiRefusals({
    404: 'No meeting with this id on your boards, or no such item on its agenda',
    409: 'The meeting is closed or cancelled',
  })
  @Delete(':id/agenda/:itemId')
  @Roles('COORDINATOR')
  @ScopedBy('meeting')
  @HttpCode(204)
  @ApiNoContentResponse()
  async removeAgendaItem(
    @Param('id') id: string,
    @Param('itemId', ParseUUIDPipe) itemId: string,
    @Actor() actor: AuditActor,
  ): Promise<void> {
    await this.agenda.remove(id, itemId, actor);
  }

  @ApiOperation({ summary: "Write the board's discussion notes on a case" })
  @ApiRefusals({
    404: 'No meeting with this id on your boards, or no such item on its agenda',
    409: 'The meeting is closed or cancelled',
  })
  @Put(':id/agenda/:itemId/notes')
  @Roles('COORDINATOR', 'CLINICIAN')
  @ScopedBy('meeting')
  @ApiOkResponse({ type: AgendaItemDto, description: 'The notes replace the earlier ones; audited' })
  saveNotes(
    @Param('id') id: string,
    @Param('itemId', ParseUUIDPipe) itemId: string,
    @Body() body: DiscussionNotesDto,
    @Actor() actor: AuditActor,
  ): Promise<AgendaItemDto> {
    return this.agenda.saveNotes(id, itemId, body, actor);
  }

  @ApiOperation({
    summary: 'Record an outcome other than a decision: deferred, more information requested, referred elsewhere',
  })
  @ApiRefusals({
    403: "Only the coordinator or the meeting's chair records an outcome",
    404: 'No meeting with this id on your boards, no such item on its agenda, or no such later meeting on the board (deferredToMeetingId named)',
    409: 'The meeting is closed, an outcome is already recorded, the case is decided, or the later meeting is not a planned one after this (deferredToMeetingId named)',
  })
  @Post(':id/agenda/:itemId/outcome')
  @HttpCode(200)
  @Roles('COORDINATOR', 'CLINICIAN')
  @ScopedBy('meeting')
  @ApiOkResponse({
    type: AgendaItemDto,
    description:
      'The case becomes DISCUSSED; a deferral to a later meeting puts it on that agenda (SCHEDULED). Audited',
  })
  recordOutcome(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Param('itemId', ParseUUIDPipe) itemId: string,
    @Body() body: RecordOutcomeDto,
    @Actor() actor: AuditActor,
  ): Promise<AgendaItemDto> {
    return this.agenda.recordOutcome(user, id, itemId, body, actor);
  }

  // --- attendance -------------------------------------------------------------------------------

  @ApiOperation({ summary: 'List attendees and the quorum' })
  @Get(':id/attendance')
  @ScopedBy('meeting')
  @ApiOkResponse({ type: AttendanceDto, description: 'Attendees and the quorum summary' })
  attendanceOf(@Param('id') id: string): Promise<AttendanceDto> {
    return this.attendance.list(id);
  }

  @ApiOperation({ summary: 'Check an attendee in' })
  @ApiRefusals({
    403: 'Only COORDINATOR or CLINICIAN may call this; a clinician only for themselves',
    409: 'The meeting is closed or cancelled',
  })
  @Post(':id/attendance')
  @HttpCode(200)
  @Roles('COORDINATOR', 'CLINICIAN')
  @ScopedBy('meeting')
  @ApiOkResponse({
    type: AttendanceDto,
    description: 'A coordinator checks anyone of the board in; a clinician only themselves',
  })
  checkIn(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Body() body: CheckInDto,
    @Actor() actor: AuditActor,
  ): Promise<AttendanceDto> {
    return this.attendance.checkIn(user, id, body, actor);
  }

  @ApiOperation({ summary: 'Check an attendee out' })
  @ApiRefusals({
    403: 'Only COORDINATOR or CLINICIAN may call this; a clinician only for themselves',
    404: 'No meeting with this id on your boards, or the user is not checked in',
  })
  @Delete(':id/attendance/:userId')
  @Roles('COORDINATOR', 'CLINICIAN')
  @ScopedBy('meeting')
  @ApiOkResponse({ type: AttendanceDto })
  checkOut(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Param('userId', ParseUUIDPipe) userId: string,
    @Actor() actor: AuditActor,
  ): Promise<AttendanceDto> {
    return this.attendance.checkOut(user, id, userId, actor);
  }
}
