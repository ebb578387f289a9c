import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Put, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuditActor } from '@consilium/audit';
import { ScopedBy } from '../access/scoped-by.decorator';
import { etagOf } from '../common/etag';
import { Actor, CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { ImplementationDto, OverrideDto, ProposalDto, RecommendationDto, SignOffDto, TallyDto, TimelineDto, TreatmentEventDto, TreatmentEventViewDto, VoteDto } from './dto/plan.dto';
import { IdempotencyService, replayedError } from './idempotency.service';
import { PlansService } from './plans.service';

@ApiTags('plans')
@ApiBearerAuth()
@Controller()
export class PlansController {
  constructor(
    private readonly plans: PlansService,
    private readonly idempotency: IdempotencyService,
  ) {}

  @Post('cases/:id/drafts')
  @Roles('COORDINATOR', 'CLINICIAN')
  @ScopedBy('case')
  @ApiCreatedResponse({ type: RecommendationDto, description: 'Runs the pathway on the current facts; a new draft version' })
  createDraft(@Param('id') id: string, @Actor() actor: AuditActor): Promise<RecommendationDto> {
    return this.plans.createDraft(id, actor);
  }

  @Get('cases/:id/recommendations')
  @ScopedBy('case')
  @ApiOkResponse({ type: [RecommendationDto], description: 'Every draft version, newest first' })
  listForCase(@Param('id') id: string): Promise<RecommendationDto[]> {
    return this.plans.listForCase(id);
  }

  @Get('cases/:id/treatment-events')
  @ScopedBy('case')
  @ApiOkResponse({ type: [TreatmentEventViewDto], description: 'By start date' })
  listTreatmentEvents(@Param('id') id: string): Promise<TreatmentEventViewDto[]> {
    return this.plans.listTreatmentEvents(id);
  }

  @Post('cases/:id/treatment-events')
  @Roles('CLINICIAN', 'COORDINATOR')
  @ScopedBy('case')
  @ApiCreatedResponse({ type: RecommendationDto, description: 'The signed-off recommendation with its re-validated follow-up findings (null before sign-off)' })
  recordTreatmentEvent(@Param('id') id: string, @Body() body: TreatmentEventDto, @CurrentUser() user: AuthenticatedUser, @Actor() actor: AuditActor): Promise<RecommendationDto | null> {
    return this.plans.recordTreatmentEvent(id, body, user, actor);
  }

  @Put('cases/:id/treatment-events/:eventId')
  @Roles('CLINICIAN', 'COORDINATOR')
  @ScopedBy('case')
  @ApiOkResponse({ type: RecommendationDto, description: 'The signed-off recommendation with its re-validated follow-up findings (null before sign-off)' })
  updateTreatmentEvent(@Param('id') id: string, @Param('eventId') eventId: string, @Body() body: TreatmentEventDto, @CurrentUser() user: AuthenticatedUser, @Actor() actor: AuditActor): Promise<RecommendationDto | null> {
    return this.plans.recordTreatmentEvent(id, body, user, actor, eventId);
  }

  @Get('recommendations/:id')
  @ScopedBy('recommendation')
  @ApiOkResponse({ type: RecommendationDto, headers: { ETag: { description: 'version for If-Match' } } })
  async get(@Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<RecommendationDto> {
    const found = await this.plans.get(id);
    void reply.header('ETag', etagOf(found.version));
    return found;
  }

  @Get('recommendations/:id/timeline')
  @ScopedBy('recommendation')
  @ApiOkResponse({ type: TimelineDto, description: 'Steps and milestones dated from the board decision and the recorded treatment events' })
  timeline(@Param('id') id: string): Promise<TimelineDto> {
    return this.plans.timeline(id);
  }

  @Put('recommendations/:id/proposal')
  @Roles('CLINICIAN')
  @ScopedBy('recommendation')
  @ApiHeader({ name: 'If-Match', required: true, description: 'The ETag of the recommendation version being edited (428 without, 412 when stale)' })
  @ApiOkResponse({ type: RecommendationDto, description: 'Findings recomputed; an edit after votes opens a new round', headers: { ETag: { description: 'the new version' } } })
  async propose(@Param('id') id: string, @Headers('if-match') ifMatch: string | undefined, @Body() body: ProposalDto, @Actor() actor: AuditActor, @Res({ passthrough: true }) reply: FastifyReply): Promise<RecommendationDto> {
    const proposed = await this.plans.propose(id, ifMatch, body, actor);
    void reply.header('ETag', etagOf(proposed.version));
    return proposed;
  }

  @Post('recommendations/:id/overrides')
  @Roles('CLINICIAN')
  @ScopedBy('recommendation')
  @ApiCreatedResponse({ type: RecommendationDto })
  override(@Param('id') id: string, @Body() body: OverrideDto, @CurrentUser() user: AuthenticatedUser, @Actor() actor: AuditActor): Promise<RecommendationDto> {
    return this.plans.override(id, body, user, actor);
  }

  @Get('recommendations/:id/votes')
  @ScopedBy('recommendation')
  @ApiOkResponse({ type: TallyDto })
  tally(@Param('id') id: string): Promise<TallyDto> {
    return this.plans.tally(id);
  }

  @Post('recommendations/:id/votes')
  @Roles('CLINICIAN')
  @ScopedBy('recommendation')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Same key + payload replays the first answer; other payload 422; concurrent 409' })
  @ApiCreatedResponse({ type: TallyDto })
  async vote(
    @Param('id') id: string,
    @Body() body: VoteDto,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
    @Actor() actor: AuditActor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TallyDto> {
    const result = await this.idempotency.run(user.id, key, 'POST', request.url.split('?')[0] ?? '', body, async () => ({ status: 201, body: await this.plans.vote(id, body, user, actor) }));
    if (result.replayed) {
      void reply.header('Idempotent-Replayed', 'true');
      if (result.status >= 400) throw replayedError(result.status, result.body);
    }
    void reply.status(result.status);
    return result.body;
  }

  @Post('recommendations/:id/sign-off')
  @Roles('CLINICIAN')
  @ScopedBy('recommendation')
  @HttpCode(200)
  @ApiOkResponse({ type: RecommendationDto, description: "The chair only; 409 says what is missing (quorum, consensus, overrides)" })
  signOff(@Param('id') id: string, @Body() body: SignOffDto, @CurrentUser() user: AuthenticatedUser, @Actor() actor: AuditActor): Promise<RecommendationDto> {
    return this.plans.signOff(id, body, user, actor);
  }

  @Patch('recommendations/:id/implementation')
  @Roles('CLINICIAN', 'COORDINATOR')
  @ScopedBy('recommendation')
  @ApiOkResponse({ type: RecommendationDto })
  implementation(@Param('id') id: string, @Body() body: ImplementationDto, @Actor() actor: AuditActor): Promise<RecommendationDto> {
    return this.plans.implementation(id, body, actor);
  }
}
