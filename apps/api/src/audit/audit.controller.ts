import { Controller, Get, Header, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuditActor, AuditVerification, InclusionProof } from '@consilium/audit';
import { ScopedBy } from '../access/scoped-by.decorator';
import { Actor, CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { AuditService } from './audit.service';
import { AuditQueryDto, type AuditEventPage } from './dto/audit-query.dto';
import { AuditEventPageDto, AuditVerificationDto, InclusionProofDto } from './dto/audit-response.dto';
import { ApiRefusals } from '../common/openapi/api-refusals.decorator';

/** The auditor API (issue 5): board-scoped search and export, log verification, inclusion proofs. */
@ApiTags('audit')
@Roles('AUDITOR', 'ADMIN')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get('events')
  @ApiOperation({ summary: 'Search events by patient, case, actor, action and time (newest first, cursor pages)' })
  @ApiOkResponse({ type: AuditEventPageDto })
  search(@CurrentUser() user: AuthenticatedUser, @Actor('HOPERAT') actor: AuditActor, @Query() query: AuditQueryDto): Promise<AuditEventPage> {
    return this.audit.search(user, actor, query);
  }

  @Get('events/export.csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="audit-events.csv"')
  @ApiOperation({ summary: 'Export the matching events as CSV (formula-injection safe)' })
  exportCsv(@CurrentUser() user: AuthenticatedUser, @Actor('HOPERAT') actor: AuditActor, @Query() query: AuditQueryDto): Promise<string | Record<string, unknown>> {
    return this.audit.export(user, actor, query, 'csv');
  }

  @Get('events/export.fhir')
  @Header('content-type', 'application/fhir+json; charset=utf-8')
  @ApiOperation({ summary: 'Export the matching events as a FHIR Bundle of AuditEvent resources' })
  exportFhir(@CurrentUser() user: AuthenticatedUser, @Actor('HOPERAT') actor: AuditActor, @Query() query: AuditQueryDto): Promise<string | Record<string, unknown>> {
    return this.audit.export(user, actor, query, 'fhir');
  }

  @Get('verify')
  @ApiOperation({ summary: 'Recompute every leaf, batch root, chain link and checkpoint signature; report the first mismatch' })
  @ApiOkResponse({ type: AuditVerificationDto })
  verify(@Actor('HOPERAT') actor: AuditActor): Promise<AuditVerification> {
    return this.audit.verify(actor);
  }

  @Get('events/:id/proof')
  @ScopedBy('auditEvent')
  @ApiOperation({ summary: 'RFC 9162 inclusion proof of the event against the latest signed checkpoint (verify offline with scripts/ts/verify-proof.ts)' })
  @ApiRefusals({ 409: 'The event is not sealed yet; retry in a few seconds' })
  @ApiOkResponse({ type: InclusionProofDto })
  proof(@CurrentUser() user: AuthenticatedUser, @Actor('HOPERAT') actor: AuditActor, @Param('id', ParseUUIDPipe) id: string): Promise<InclusionProof> {
    return this.audit.proof(user, actor, id);
  }
}
