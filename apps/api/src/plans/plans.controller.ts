import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Put, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuditActor } from '@consilium/audit';
import { ScopedBy } from '../access/scoped-by.decorator';
import { etagOf } from '../common/etag';
import { Actor, CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import {
  ImplementationDto,
  OverrideDto,
  ProposalDto,
  RecommendationDto,
  SignOffDto,
  TimelineDto,
} from '../recommendations/dto/recommendation.dto';
import { RecommendationsService } from '../recommendations/recommendations.service';
import {
  TreatmentEventDto,
  TreatmentEventRecordedDto,
  TreatmentEventViewDto,
} from '../treatment-events/dto/treatment-event.dto';
import { TreatmentEventsService } from '../treatment-events/treatment-events.service';
import { TallyDto, VoteDto } from '../votes/dto/vote.dto';
import { IdempotencyService } from '../votes/idempotency.service';
import { VotesService } from '../votes/votes.service';
import {
  ApiIdempotencyKey,
  ApiIfMatch,
  ApiRefusals,
  ETAG_HEADER,
  IDEMPOTENT_REPLAYED_HEADER,
} from '../common/openapi/api-refusals.decorator';

@ApiTags('plans')
@Controller()
export class PlansController {
  constructor(
    private readonly recommendations: RecommendationsService,
    private readonly votes: VotesService,
    private readonly treatmentEvents: TreatmentEventsService,
    private readonly idempotency: IdempotencyService,
  ) {}

  @ApiOperation({ summary: 'Draft a plan from the pathway' })
  @ApiRefusals({ 409: 'The case is closed' })
  @Post('cases/:id/drafts')
  @Roles('COORDINATOR', 'CLINICIAN')
  @ScopedBy('case')
  @ApiCreatedResponse({
    type: RecommendationDto,
    description: 'Runs the pathway on the current facts; a new draft version',
  })
  createDraft(@Param('id') id: string, @Actor() actor: AuditActor): Promise<RecommendationDto> {
    return this.recommendations.createDraft(id, actor);
  }

  @ApiOperation({ summary: 'List the draft versions of a case' })
  @Get('cases/:id/recommendations')
  @ScopedBy('case')
  @ApiOkResponse({ type: [RecommendationDto], description: 'Every draft version, newest first' })
  listForCase(@Param('id') id: string): Promise<RecommendationDto[]> {
    return this.recommendations.listForCase(id);
  }

  @ApiOperation({ summary: 'List the treatment events of a case' })
  @Get('cases/:id/treatment-events')
  @ScopedBy('case')
  @ApiOkResponse({ type: [TreatmentEventViewDto], description: 'By start date' })
  listTreatmentEvents(@Param('id') id: string): Promise<TreatmentEventViewDto[]> {
    return this.treatmentEvents.list(id);
  }

  @ApiOperation({ summary: 'Record a treatment event' })
  @ApiRefusals({ 400: "Invalid event, or the plan's dates cannot be validated with it" })
  @Post('cases/:id/treatment-events')
  @Roles('CLINICIAN', 'COORDINATOR')
  @ScopedBy('case')
  @ApiCreatedResponse({
    type: TreatmentEventRecordedDto,
    description:
      'The event, and the signed-off recommendation with its re-validated follow-up findings (null before sign-off)',
  })
  recordTreatmentEvent(
    @Param('id') id: string,
    @Body() body: TreatmentEventDto,
    @CurrentUser() user: AuthenticatedUser,
    @Actor() actor: AuditActor,
  ): Promise<TreatmentEventRecordedDto> {
    return this.treatmentEvents.record(id, body, user, actor);
  }

  @ApiOperation({ summary: 'Correct a treatment event' })
  @ApiRefusals({
    400: "Invalid event, or the plan's dates cannot be validated with it",
    404: 'No case with this id on your boards, or no such event on the case',
  })
  @Put('cases/:id/treatment-events/:eventId')
  @Roles('CLINICIAN', 'COORDINATOR')
  @ScopedBy('case')
  @ApiOkResponse({
    type: TreatmentEventRecordedDto,
    description:
      'The event, and the signed-off recommendation with its re-validated follow-up findings (null before sign-off)',
  })
  updateTreatmentEvent(
    @Param('id') id: string,
    @Param('eventId') eventId: string,
    @Body() body: TreatmentEventDto,
    @CurrentUser() user: AuthenticatedUser,
    @Actor() actor: AuditActor,
  ): Promise<TreatmentEventRecordedDto> {
    return this.treatmentEvents.record(id, body, user, actor, eventId);
  }

  @ApiOperation({ summary: 'Get a recommendation' })
  @Get('recommendations/:id')
  @ScopedBy('recommendation')
  @ApiOkResponse({ type: RecommendationDto, headers: ETAG_HEADER })
  async get(@Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<RecommendationDto> {
    const found = await this.recommendations.get(id);
    void reply.header('ETag', etagOf(found.version));
    return found;
  }

  @ApiOperation({ summary: 'Get the dated timeline of a plan' })
  @Get('recommendations/:id/timeline')
  @ScopedBy('recommendation')
  @ApiOkResponse({
    type: TimelineDto,
    description: 'Steps and milestones dated from the board decision and the recorded treatment events',
  })
  timeline(@Param('id') id: string): Promise<TimelineDto> {
    return this.recommendations.timeline(id);
  }

  @ApiOperation({ summary: "Record the board's proposal" })
  @ApiRefusals({
    403: "Only CLINICIAN; when the meeting names a chair, only the chair or the chair's delegate",
    409: 'The recommendation is signed off, or the meeting is closed or cancelled',
  })
  @Put('recommendations/:id/proposal')
  @Roles('CLINICIAN')
  @ScopedBy('recommendation')
  @ApiIfMatch('recommendation')
  @ApiOkResponse({
    type: RecommendationDto,
    description: 'Findings recomputed; an edit after votes opens a new round',
    headers: ETAG_HEADER,
  })
  async propose(
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: ProposalDto,
    @CurrentUser() user: AuthenticatedUser,
    @Actor() actor: AuditActor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RecommendationDto> {
    const proposed = await this.recommendations.propose(id, ifMatch, body, user, actor);
    void reply.header('ETag', etagOf(proposed.version));
    return proposed;
  }

  @ApiOperation({ summary: 'Override a blocking finding with a reason' })
  @ApiRefusals({ 409: 'The recommendation is signed off' })
  @Post('recommendations/:id/overrides')
  @Roles('CLINICIAN')
  @ScopedBy('recommendation')
  @ApiCreatedResponse({ type: RecommendationDto })
  override(
    @Param('id') id: string,
    @Body() body: OverrideDto,
    @CurrentUser() user: AuthenticatedUser,
    @Actor() actor: AuditActor,
  ): Promise<RecommendationDto> {
    return this.recommendations.override(id, body, user, actor);
  }

  @ApiOperation({ summary: 'Get the votes of the current round' })
  @Get('recommendations/:id/votes')
  @ScopedBy('recommendation')
  @ApiOkResponse({ type: TallyDto })
  tally(@Param('id') id: string): Promise<TallyDto> {
    return this.votes.tally(id);
  }

  @ApiOperation({ summary: 'Vote on the proposal' })
  @ApiRefusals({
    403: 'Only CLINICIAN, checked in at the meeting, may vote',
    409: 'Voting is not open, you already voted in this round, or a request with this Idempotency-Key is still in progress',
  })
  @Post('recommendations/:id/votes')
  @Roles('CLINICIAN')
  @ScopedBy('recommendation')
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: TallyDto, headers: IDEMPOTENT_REPLAYED_HEADER })
  vote(
    @Param('id') id: string,
    @Body() body: VoteDto,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
    @Actor() actor: AuditActor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TallyDto> {
    return this.idempotency.respond(request, reply, user.id, key, body, 201, () =>
      this.votes.vote(id, body, user, actor, key),
    );
  }

  @ApiOperation({ summary: 'Change your vote of the current round' })
  @ApiRefusals({
    403: 'Only CLINICIAN, checked in at the meeting, may vote',
    404: 'No recommendation with this id on your boards, or you have not voted in this round',
    409: 'Voting is not open',
  })
  @Put('recommendations/:id/votes/mine')
  @Roles('CLINICIAN')
  @ScopedBy('recommendation')
  @ApiOkResponse({
    type: TallyDto,
    description: 'The changed vote counts instead of the earlier one; audited (vote.change)',
  })
  changeVote(
    @Param('id') id: string,
    @Body() body: VoteDto,
    @CurrentUser() user: AuthenticatedUser,
    @Actor() actor: AuditActor,
  ): Promise<TallyDto> {
    return this.votes.change(id, body, user, actor);
  }

  @ApiOperation({ summary: 'Sign off the recommendation (chair)' })
  @ApiRefusals({
    403: "Only the meeting's chair may sign off",
    409: 'Not proposed, the case is not on the agenda, or quorum, consensus or overrides are missing (listed in missingSpecialties, unresolvedBlocks)',
  })
  @Post('recommendations/:id/sign-off')
  @Roles('CLINICIAN')
  @ScopedBy('recommendation')
  @HttpCode(200)
  @ApiOkResponse({ type: RecommendationDto, description: 'Signed off: the plan is the decision of the board' })
  signOff(
    @Param('id') id: string,
    @Body() body: SignOffDto,
    @CurrentUser() user: AuthenticatedUser,
    @Actor() actor: AuditActor,
  ): Promise<RecommendationDto> {
    return this.recommendations.signOff(id, body, user, actor);
  }

  @ApiOperation({ summary: 'Record whether the plan was carried out' })
  @ApiRefusals({ 409: 'The recommendation is not signed off' })
  @Patch('recommendations/:id/implementation')
  @Roles('CLINICIAN', 'COORDINATOR')
  @ScopedBy('recommendation')
  @ApiOkResponse({ type: RecommendationDto })
  implementation(
    @Param('id') id: string,
    @Body() body: ImplementationDto,
    @Actor() actor: AuditActor,
  ): Promise<RecommendationDto> {
    return this.recommendations.implementation(id, body, actor);
  }
}
