import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuditActor } from '@consilium/audit';
import { ScopedBy } from '../access/scoped-by.decorator';
import { Actor, CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { etagOf } from '../common/etag';
import { CasesService } from './cases.service';
import { CaseDto, CaseSummaryDto, ChangeCaseStatusDto, CreateCaseDto, ListCasesQuery, ReadinessDto, UpdateCaseDto } from './dto/case.dto';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CasesController {
  constructor(private readonly cases: CasesService) {}

  @Post()
  @Roles('COORDINATOR')
  @ApiCreatedResponse({ type: CaseDto, headers: { ETag: { description: 'version for If-Match' } } })
  async create(@CurrentUser() user: AuthenticatedUser, @Body() body: CreateCaseDto, @Actor() actor: AuditActor, @Res({ passthrough: true }) reply: FastifyReply): Promise<CaseDto> {
    const created = await this.cases.create(user, body, actor);
    void reply.header('ETag', etagOf(created.version)).header('Location', `/cases/${created.id}`);
    return created;
  }

  @Get()
  @ApiOkResponse({ type: [CaseSummaryDto], description: "Cases of the user's boards with their readiness" })
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: ListCasesQuery, @Actor() actor: AuditActor): Promise<CaseSummaryDto[]> {
    return this.cases.list(user, query, actor);
  }

  @Get(':id')
  @ScopedBy('case')
  @ApiOkResponse({ type: CaseDto })
  async get(@Param('id') id: string, @Actor() actor: AuditActor, @Res({ passthrough: true }) reply: FastifyReply): Promise<CaseDto> {
    const found = await this.cases.get(id, actor);
    void reply.header('ETag', etagOf(found.version));
    return found;
  }

  @Get(':id/readiness')
  @ScopedBy('case')
  @ApiOkResponse({ type: ReadinessDto })
  readiness(@Param('id') id: string): Promise<ReadinessDto> {
    return this.cases.readiness(id);
  }

  @Patch(':id')
  @Roles('COORDINATOR')
  @ScopedBy('case')
  @ApiHeader({ name: 'If-Match', required: true, description: 'The ETag of the version being edited (428 without, 412 when stale)' })
  @ApiOkResponse({ type: CaseDto })
  async update(@Param('id') id: string, @Headers('if-match') ifMatch: string | undefined, @Body() body: UpdateCaseDto, @Actor() actor: AuditActor, @Res({ passthrough: true }) reply: FastifyReply): Promise<CaseDto> {
    const updated = await this.cases.update(id, ifMatch, body, actor);
    void reply.header('ETag', etagOf(updated.version));
    return updated;
  }

  @Post(':id/status')
  @HttpCode(200)
  @Roles('COORDINATOR')
  @ScopedBy('case')
  @ApiOkResponse({ type: CaseDto, description: '409 when the transition is not allowed' })
  async changeStatus(@Param('id') id: string, @Body() body: ChangeCaseStatusDto, @Actor() actor: AuditActor, @Res({ passthrough: true }) reply: FastifyReply): Promise<CaseDto> {
    const updated = await this.cases.changeStatus(id, body, actor);
    void reply.header('ETag', etagOf(updated.version));
    return updated;
  }
}
