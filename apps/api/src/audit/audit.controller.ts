import { Controller, Get, Header, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuditActor, AuditVerification, InclusionProof } from '@consilium/audit';
import { ScopedBy } from '../access/scoped-by.decorator';
import { Actor, CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { AuditService } from './audit.service';
import { AuditQueryDto, ReadsQueryDto, type AuditEventPage } from './dto/audit-query.dto';
import { AuditEventPageDto, AuditVerificationDto, InclusionProofDto } from './dto/audit-response.dto';
import { ApiRefusals } from '../common/openapi/api-refusals.decorator';

/** The auditor API (issue 5): board-scoped search and export, log verification, inclusion proofs. */
@ApiTags('audit')
@Roles('AUDITOR', 'ADMIN')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get('events')
  @ApiOperation({
    summary:
      "Search events by patient (name or MRN), case reference, user (name or e-mail), event type, action and time; each with the actor's name, the entity's reference and the action in words (newest first, cursor pages, next page also in the Link header)",
  })
  @ApiOkResponse({ type: AuditEventPageDto })
  search(
    @CurrentUser() user: AuthenticatedUser,
    @Actor('HOPERAT') actor: AuditActor,
    @Query() query: AuditQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AuditEventPage> {
    return this.withNextLink(reply, this.audit.search(user, actor, query));
  }

  @Get('events/export.csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="audit-events.csv"')
  @ApiOperation({
    summary:
      'Export one page of the matching events as CSV (formula-injection safe); the next page is in the Link header',
  })
  exportCsv(
    @CurrentUser() user: AuthenticatedUser,
    @Actor('HOPERAT') actor: AuditActor,
    @Query() query: AuditQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string | Record<string, unknown>> {
    return this.exportPage(user, actor, query, 'csv', reply);
  }

  @Get('events/export.fhir')
  @Header('content-type', 'application/fhir+json; charset=utf-8')
  @ApiOperation({
    summary:
      'Export one page of the matching events as a FHIR Bundle of AuditEvent resources; the next page is in Bundle.link and the Link header',
  })
  exportFhir(
    @CurrentUser() user: AuthenticatedUser,
    @Actor('HOPERAT') actor: AuditActor,
    @Query() query: AuditQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string | Record<string, unknown>> {
    return this.exportPage(user, actor, query, 'fhir', reply);
  }

  @Get('patients/:id/reads')
  @ScopedBy('patient')
  @ApiOperation({
    summary:
      'Who saw this patient: every PHI read (case view and list, patient record, agenda, meeting mode, exports) with user, time, route and screen; newest first, next page in the Link header',
  })
  @ApiOkResponse({ type: AuditEventPageDto })
  patientReads(
    @CurrentUser() user: AuthenticatedUser,
    @Actor('HOPERAT') actor: AuditActor,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: ReadsQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AuditEventPage> {
    return this.withNextLink(reply, this.audit.reads(user, actor, { patientId: id }, query));
  }

  @Get('cases/:id/reads')
  @ScopedBy('case')
  @ApiOperation({
    summary:
      'Who saw this case: every PHI read that showed it (or listed its patient), with user, time, route and screen; next page in the Link header',
  })
  @ApiOkResponse({ type: AuditEventPageDto })
  caseReads(
    @CurrentUser() user: AuthenticatedUser,
    @Actor('HOPERAT') actor: AuditActor,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: ReadsQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AuditEventPage> {
    return this.withNextLink(reply, this.audit.reads(user, actor, { caseId: id }, query));
  }

  @Get('verify')
  @ApiOperation({
    summary: 'Recompute every leaf, batch root, chain link and checkpoint signature; report the first mismatch',
  })
  @ApiOkResponse({ type: AuditVerificationDto })
  verify(@Actor('HOPERAT') actor: AuditActor): Promise<AuditVerification> {
    return this.audit.verify(actor);
  }

  @Get('events/:id/proof')
  @ScopedBy('auditEvent')
  @ApiOperation({
    summary:
      'RFC 9162 inclusion proof of the event against the latest signed checkpoint (verify offline with scripts/ts/verify-proof.ts)',
  })
  @ApiRefusals({ 409: 'The event is not sealed yet; retry in a few seconds' })
  @ApiOkResponse({ type: InclusionProofDto })
  proof(
    @CurrentUser() user: AuthenticatedUser,
    @Actor('HOPERAT') actor: AuditActor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<InclusionProof> {
    return this.audit.proof(user, actor, id);
  }

  /** A page of events with the next page's link (RFC 8288: this request's URL with the next cursor), as the exports do. */
  private async withNextLink(reply: FastifyReply, pending: Promise<AuditEventPage>): Promise<AuditEventPage> {
    const page = await pending;
    if (page.nextCursor !== null) {
      const url = new URL(reply.request.url, 'http://localhost');
      url.searchParams.set('cursor', page.nextCursor);
      void reply.header('link', `<${url.pathname}${url.search}>; rel="next"`);
    }
    return page;
  }

  /** The page, with the next page's link (RFC 8288, relative: this request's URL with the next cursor). */
  private async exportPage(
    user: AuthenticatedUser,
    actor: AuditActor,
    query: AuditQueryDto,
    format: 'csv' | 'fhir',
    reply: FastifyReply,
  ): Promise<string | Record<string, unknown>> {
    const { body, next } = await this.audit.export(user, actor, query, format, (cursor) => {
      const url = new URL(reply.request.url, 'http://localhost');
      url.searchParams.set('cursor', cursor);
      return `${url.pathname}${url.search}`;
    });
    if (next !== null) void reply.header('link', `<${next}>; rel="next"`);
    return body;
  }
}
