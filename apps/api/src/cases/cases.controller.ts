import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags, ApiOperation, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuditActor } from '@consilium/audit';
import { ScopedBy } from '../access/scoped-by.decorator';
import { Actor, CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { etagOf } from '../common/etag';
import { CasesService } from './cases.service';
import {
  CaseDto,
  CaseSummaryDto,
  ChangeCaseStatusDto,
  CreateCaseDto,
  ListCasesQuery,
  ReadinessDto,
  UpdateCaseDto,
} from './dto/case.dto';
import { ApiIfMatch, ApiRefusals, ETAG_HEADER, LINK_HEADER } from '../common/openapi/api-refusals.decorator';

@ApiTags('cases')
@Controller('cases')
export class CasesController {
  constructor(private readonly cases: CasesService) {}

  @ApiOperation({ summary: 'Refer a case to a board' })
  @ApiRefusals({ 404: 'No board with this boardId among yours, or no such patient' })
  @Post()
  @Roles('COORDINATOR')
  @ApiCreatedResponse({ type: CaseDto, headers: ETAG_HEADER })
  async create(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: CreateCaseDto,
    @Actor() actor: AuditActor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CaseDto> {
    const created = await this.cases.create(user, body, actor);
    void reply.header('ETag', etagOf(created.version)).header('Location', `/cases/${created.id}`);
    return created;
  }

  @ApiOperation({ summary: 'List the cases of your boards' })
  @Get()
  @ApiOkResponse({
    type: [CaseSummaryDto],
    description: "One page of the cases of the user's boards with their readiness, newest referral first",
    headers: LINK_HEADER,
  })
  async list(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: ListCasesQuery,
    @Actor() actor: AuditActor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CaseSummaryDto[]> {
    const { cases, next } = await this.cases.list(user, query, actor);
    if (next !== null) {
      // RFC 8288: the same query with the next page's cursor.
      const url = new URL(reply.request.url, 'http://localhost');
      url.searchParams.set('cursor', next);
      void reply.header('link', `<${url.pathname}${url.search}>; rel="next"`);
    }
    return cases;
  }

  @ApiOperation({ summary: 'Get a case with its facts' })
  @Get(':id')
  @ScopedBy('case')
  @ApiOkResponse({
    description:
      'The case. A browser navigating here (Accept: text/html, no bearer token: the link of a notification) gets the web app, which opens the case',
    headers: ETAG_HEADER,
    content: {
      'application/json': { schema: { $ref: getSchemaPath(CaseDto) } },
      'text/html': { schema: { type: 'string' } },
    },
  })
  async get(
    @Param('id') id: string,
    @Actor() actor: AuditActor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CaseDto> {
    const found = await this.cases.get(id, actor);
    void reply.header('ETag', etagOf(found.version));
    return found;
  }

  @ApiOperation({ summary: 'List what the board will miss about a case' })
  @Get(':id/readiness')
  @ScopedBy('case')
  @ApiOkResponse({ type: ReadinessDto })
  readiness(@Param('id') id: string): Promise<ReadinessDto> {
    return this.cases.readiness(id);
  }

  @ApiOperation({ summary: 'Change a case (facts, question, imaging date)' })
  @ApiRefusals({ 409: 'The case is closed' })
  @Patch(':id')
  @Roles('COORDINATOR')
  @ScopedBy('case')
  @ApiIfMatch('case')
  @ApiOkResponse({ type: CaseDto, headers: ETAG_HEADER })
  async update(
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: UpdateCaseDto,
    @Actor() actor: AuditActor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CaseDto> {
    const updated = await this.cases.update(id, ifMatch, body, actor);
    void reply.header('ETag', etagOf(updated.version));
    return updated;
  }

  @ApiOperation({ summary: 'Move a case along its lifecycle' })
  @ApiRefusals({
    409: 'The lifecycle does not allow this transition (allowed ones named), or the case is not ready (missing items listed)',
  })
  @Post(':id/status')
  @HttpCode(200)
  @Roles('COORDINATOR')
  @ScopedBy('case')
  @ApiOkResponse({ type: CaseDto, headers: ETAG_HEADER })
  async changeStatus(
    @Param('id') id: string,
    @Body() body: ChangeCaseStatusDto,
    @Actor() actor: AuditActor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CaseDto> {
    const updated = await this.cases.changeStatus(id, body, actor);
    void reply.header('ETag', etagOf(updated.version));
    return updated;
  }
}
